// One way to create a private file, so every key and export gets the same care: exclusive
// creation (no race with an attacker's link), short writes resumed, data on disk before return.
#include "core/private_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace osm {

Status writeNewPrivateFile(const std::string& path, std::string_view bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return makeError(ErrorCode::Io, "cannot create " + path + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const int writeErrno = done == bytes.size() ? 0 : (errno != 0 ? errno : ENOSPC);
    const bool synced = writeErrno == 0 && ::fsync(fd) == 0;
    const int syncErrno = synced ? 0 : errno;
    const bool closed = ::close(fd) == 0;
    if (writeErrno == 0 && synced && closed) return {};
    ::unlink(path.c_str());
    const int why = writeErrno != 0 ? writeErrno : (syncErrno != 0 ? syncErrno : EIO);
    return makeError(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(why));
}

}  // namespace osm
