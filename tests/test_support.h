// Helpers for tests: a temporary folder removed at the end, and the source tree's assets.
#pragma once

#include <filesystem>
#include <string>

namespace osm::test {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

std::filesystem::path assetsDir();
std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, const std::string& text);
// What zbarimg (Debian's zbar-tools) reads from the codes in an image file, each code's text on a
// line of its own; "" when it finds none (or is missing: the caller's check then fails).
std::string zbarDecode(const std::filesystem::path& image);
// A TCP connection to 127.0.0.1:port whose reads time out after `timeoutSeconds` (0: never);
// -1 when it cannot connect. Close-on-exec. The caller closes it.
int connectLoopback(int port, int timeoutSeconds);
// Sends `request` as raw bytes to 127.0.0.1:port and returns everything the server answers until
// it closes (or 3 s pass; a server may close early on an oversized request); "" when it cannot
// connect or nothing came back.
std::string rawHttpExchange(int port, const std::string& request);

}  // namespace osm::test
