// A real HR web server on loopback for tests: a fresh server folder with keys and database, the
// demo organisation (optionally with the demo's submitted sample pre-forms and a first release of
// their figures), the demo HR account, and a clock the test moves.
#pragma once

#include "hr/hr_release.h"
#include "hr/hr_web.h"
#include "api/http_server.h"
#include "ops/operator_commands.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <functional>
#include <thread>

namespace osm::test {

// Deterministic random bits (splitmix64) for releases whose noise a test must know.
inline server::RandomBits seededBits(std::uint64_t seed) {
    auto state = std::make_shared<std::uint64_t>(seed);
    return [state] {
        std::uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
}

struct HrWebFixture {
    TempDir dir;
    server::ServerPaths paths{dir / "data", dir / "keys"};
    std::unique_ptr<server::SyncStorage> storage;
    std::unique_ptr<server::ServerKeys> keys;
    std::int64_t now = 1'800'000'000;
    std::unique_ptr<server::HrWeb> web;
    std::unique_ptr<server::HttpServer> http;
    std::thread thread;
    int port = 0;

    // `withSamples`: the whole demo (loadDemoOrganisation); else only organisation.json, changed
    // by `adjust` before it is imported.
    explicit HrWebFixture(bool withSamples, const std::function<void(domain::Organisation&)>& adjust = {}) {
        REQUIRE(server::initServer(paths).ok());
        storage = server::openSqliteStorage(paths.databasePath()).value();
        keys = std::make_unique<server::ServerKeys>(server::loadServerKeys(paths.keyDir).value());
        if (withSamples) {
            REQUIRE(server::loadDemoOrganisation(*storage, assetsDir(), keys.get()).ok());
            // HR's figures come from releases: the sample's first, with noise from a fixed seed.
            REQUIRE(server::publishRelease(*storage, *keys, assetsDir(), 2026, {}, "test", now, seededBits(2026)).ok());
        } else {
            auto org = domain::loadOrganisationFile(assetsDir() / "demo" / "organisation.json");
            if (adjust) adjust(*org);
            REQUIRE(storage->importOrganisation(*org).ok());
        }
        REQUIRE(storage->putHrAccount("marja.peltonen", *server::hashHrPassword("Osaamissilta-demo-2026")).ok());
        server::HrWebOptions options;
        options.now = [this] { return now; };
        options.assetsDir = assetsDir();
        web = std::make_unique<server::HrWeb>(*storage, *keys, options);
        server::HttpOptions httpOptions;
        httpOptions.log = false;
        http = std::make_unique<server::HttpServer>([this](const server::ApiRequest& r) { return web->handle(r); },
                                                    httpOptions);
        port = *http->bind();
        thread = std::thread([this] { http->run(); });
    }
    ~HrWebFixture() {
        http->stop();
        thread.join();
    }
    HrWebFixture(const HrWebFixture&) = delete;
    HrWebFixture& operator=(const HrWebFixture&) = delete;

    httplib::Client client() { return httplib::Client("127.0.0.1", port); }

    // The session cookie ("osm_hr=…"), or empty when the sign-in was refused.
    std::string signIn(const std::string& password) {
        auto c = client();
        auto res =
            c.Post("/hr/login", "username=marja.peltonen&password=" + password, "application/x-www-form-urlencoded");
        REQUIRE(res);
        if (res->status != 303) return {};
        const std::string cookie = res->get_header_value("Set-Cookie");
        CHECK(cookie.find("HttpOnly") != std::string::npos);
        CHECK(cookie.find("SameSite=Strict") != std::string::npos);
        return cookie.substr(0, cookie.find(';'));
    }
};

// The value of the first hidden field `name` in a page.
inline std::string formValue(const std::string& page, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    const std::size_t at = page.find(marker);
    if (at == std::string::npos) return {};
    const std::size_t start = at + marker.size();
    return page.substr(start, page.find('"', start) - start);
}

}  // namespace osm::test
