// writeNewPrivateFile against what an attacker or a full disk would put in its way.
#include "core/private_file.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

using namespace osm;

namespace {

unsigned modeOf(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

}  // namespace

TEST_CASE("a private file is created new with mode 0600 and holds every byte") {
    test::TempDir dir;
    const auto path = dir / "secret";
    std::string big(3 * 1024 * 1024 + 17, '\0');  // more than one write(2) may take at once
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
    const mode_t previous = ::umask(0);  // even a careless umask gives nobody else a bit
    const Status written = writeNewPrivateFile(path.string(), big);
    ::umask(previous);
    REQUIRE(written.ok());
    CHECK(modeOf(path) == 0600);
    CHECK(test::readFile(path) == big);
}

TEST_CASE("a private file is never written over an existing file or through a planted link") {
    test::TempDir dir;
    const auto existing = dir / "existing";
    test::writeFile(existing, "somebody else's");
    const Status over = writeNewPrivateFile(existing.string(), "secret");
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == ErrorCode::Io);
    CHECK(over.error().message.find(existing.string()) != std::string::npos);
    CHECK(test::readFile(existing) == "somebody else's");

    // A link to a file the attacker will read, and a dangling one that would create it.
    const auto target = dir / "attackers_copy";
    test::writeFile(target, "");
    std::filesystem::create_symlink(target, dir / "to_existing");
    std::filesystem::create_symlink(dir / "not_yet", dir / "dangling");
    CHECK_FALSE(writeNewPrivateFile((dir / "to_existing").string(), "secret").ok());
    CHECK_FALSE(writeNewPrivateFile((dir / "dangling").string(), "secret").ok());
    CHECK(test::readFile(target).empty());
    CHECK_FALSE(std::filesystem::exists(dir / "not_yet"));
}

TEST_CASE("a private file that cannot be written leaves nothing behind and says why") {
    test::TempDir dir;
    const auto missing = dir / "no_such_folder" / "secret";
    const Status noFolder = writeNewPrivateFile(missing.string(), "secret");
    REQUIRE_FALSE(noFolder.ok());
    CHECK(noFolder.error().message.find("No such file") != std::string::npos);

    // A file size limit stops the writes part way (EFBIG), as a full disk would (ENOSPC): the
    // half-written file is removed, so no truncated key or export is mistaken for a whole one.
    const auto cut = dir / "cut";
    struct rlimit before {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &before) == 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = before;
    small.rlim_cur = 4096;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const Status partly = writeNewPrivateFile(cut.string(), std::string(100000, 'x'));
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, oldHandler);
    REQUIRE_FALSE(partly.ok());
    CHECK(partly.error().message.find("too large") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(cut));
}
