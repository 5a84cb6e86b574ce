// 128 sign-ins at once against the real server binary, each from its own address (through the
// test's trusted-proxy header) so the throttle lets every one reach the password check: the
// server checks two at a time, lets eight wait and refuses the rest at once with 503 and
// Retry-After, so its peak memory stays bounded (Argon2id takes 64 MiB per check) and it keeps
// answering /api/v1/health. Outcomes are counted; no time is measured.
#include "ops/operator_commands.h"
#include "storage/sync_storage.h"
#include "sync_server/hr/hr_web_fixture.h"
#include "sync_server/server_process.h"

#include <atomic>
#include <fstream>

using namespace osm;

namespace {

// The peak resident memory of a process in KiB (VmHWM), from /proc.
long peakKiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

}  // namespace

TEST_CASE("128 parallel sign-ins: password checks are bounded, the rest refused at once, memory stays low") {
    test::TempDir dir;
    const std::string data = (dir / "data").string();
    const std::string assets = test::assetsDir().string();
    REQUIRE(test::runServerCommand({"--data", data, "--assets", assets, "init", "--demo"}).exitCode == 0);
    {
        auto storage = server::openSqliteStorage((dir / "data" / "server.db").string()).value();
        REQUIRE(storage->putHrAccount("marja.peltonen", *server::hashHrPassword("Osaamissilta-demo-2026")).ok());
    }
    test::ServerProcess server({"--data", data, "--assets", assets, "serve", "--port", "0", "--trusted-proxy",
                                "127.0.0.1", "--password-checks", "2", "--password-queue", "8"});
    const long before = peakKiB(server.pid());
    REQUIRE(before > 0);

    constexpr int kParallel = 128;
    std::atomic<int> wrong{0}, busy{0}, other{0}, healthy{0}, retried{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kParallel; ++i) {
        threads.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", server.port());
            c.set_read_timeout(120, 0);
            const httplib::Headers from{
                {"X-Forwarded-For", "10.0." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1)}};
            // A connection the server closed unread (a worker waits only a second for a request,
            // and 128 client threads on a busy machine may not send within it) is tried again:
            // no sign-in was counted by the server then.
            auto form = c.Get("/hr/", from);
            for (int retry = 0; !form && retry < 3; ++retry) form = c.Get("/hr/", from);
            if (!form) {
                ++other;
                return;
            }
            std::string cookie = form->get_header_value("Set-Cookie");
            httplib::Headers post = from;
            post.emplace("Cookie", cookie.substr(0, cookie.find(';')));
            const std::string body = "login_token=" + test::formValue(form->body, "login_token") +
                                     "&username=marja.peltonen&password=wrong-password-" + std::to_string(i);
            auto res = c.Post("/hr/login", post, body, "application/x-www-form-urlencoded");
            for (int retry = 0; !res && res.error() == httplib::Error::Read && retry < 3; ++retry) {
                ++retried;
                res = c.Post("/hr/login", post, body, "application/x-www-form-urlencoded");
            }
            if (res && res->status == 401) {
                ++wrong;
            } else if (res && res->status == 503 && !res->get_header_value("Retry-After").empty()) {
                ++busy;
            } else {
                MESSAGE("sign-in " << i << ": "
                                   << (res ? std::to_string(res->status) : httplib::to_string(res.error())));
                ++other;
            }
            if (i % 16 == 0) {
                auto health = c.Get("/api/v1/health");
                if (health && health->status == 200) ++healthy;
            }
        });
    }
    for (std::thread& t : threads) t.join();
    const long peak = peakKiB(server.pid());
    MESSAGE("peak RSS before " << before / 1024 << " MiB, after 128 parallel sign-ins " << peak / 1024
                               << " MiB; checked " << wrong.load() << ", refused at once " << busy.load()
                               << ", retried " << retried.load());
    CHECK(other == 0);
    CHECK(wrong + busy == kParallel);
    CHECK(wrong >= 2);  // the checks that ran
    CHECK(busy > 0);    // the rest refused rather than queued without end
    CHECK(healthy == kParallel / 16);
    CHECK(peak < 1024L * 1024);  // under 1 GiB (it was 4.1 GiB before the bound)
}
