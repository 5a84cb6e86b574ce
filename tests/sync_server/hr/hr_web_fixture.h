// A real HR web server on loopback for tests: a fresh server folder with keys and database, the
// demo organisation (optionally with the demo's submitted sample pre-forms and a first release of
// their figures), the demo HR account, and a clock the test moves.
#pragma once

#include "hr/hr_release.h"
#include "hr/hr_web.h"
#include "api/http_server.h"
#include "ops/operator_commands.h"
#include "test_support.h"
#include "sync_server/form_value.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <cctype>
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
    // `configure` changes the web options (trusted proxies, sign-in limits) before the start.
    explicit HrWebFixture(bool withSamples, const std::function<void(domain::Organisation&)>& adjust = {},
                          const std::function<void(server::HrWebOptions&)>& configure = {}) {
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
        if (configure) configure(options);
        web = server::HrWeb::create(*storage, *keys, options).value();
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

    // What a sign-in through the form answered: status, the Set-Cookie headers, Retry-After, page.
    struct SignInAnswer {
        int status = 0;
        std::vector<std::string> cookies;
        std::string retryAfter;
        std::string body;
        // The cookie named `name` as a request sends it ("name=value"), or empty.
        std::string cookie(const std::string& name) const {
            for (const std::string& c : cookies) {
                if (c.rfind(name + "=", 0) == 0) return c.substr(0, c.find(';'));
            }
            return {};
        }
    };

    // Opens the sign-in page (its form's token and cookie) and posts the form, with `headers`
    // on both requests.
    SignInAnswer postSignIn(const std::string& username, const std::string& password,
                            const httplib::Headers& headers = {}) {
        auto c = client();
        auto form = c.Get("/hr/", headers);
        REQUIRE(form);
        const std::string token = formValue(form->body, "login_token");
        std::string loginCookie = form->get_header_value("Set-Cookie");
        loginCookie = loginCookie.substr(0, loginCookie.find(';'));
        httplib::Headers post = headers;
        post.emplace("Cookie", loginCookie);
        auto res = c.Post("/hr/login", post,
                          "login_token=" + formEncode(token) + "&username=" + formEncode(username) +
                              "&password=" + formEncode(password),
                          "application/x-www-form-urlencoded");
        REQUIRE(res);
        SignInAnswer answer{res->status, {}, res->get_header_value("Retry-After"), res->body};
        for (std::size_t i = 0; i < res->get_header_value_count("Set-Cookie"); ++i)
            answer.cookies.push_back(res->get_header_value("Set-Cookie", i));
        return answer;
    }

    // The session cookie ("osm_hr=…"), or empty when the sign-in was refused.
    std::string signIn(const std::string& password) {
        const SignInAnswer answer = postSignIn("marja.peltonen", password);
        if (answer.status != 303) return {};
        const std::string cookie = answer.cookies.empty() ? std::string() : answer.cookies.front();
        CHECK(cookie.find("HttpOnly") != std::string::npos);
        CHECK(cookie.find("SameSite=Strict") != std::string::npos);
        return cookie.substr(0, cookie.find(';'));
    }

    static std::string formEncode(const std::string& text) {
        static const char* kHex = "0123456789ABCDEF";
        std::string out;
        for (char raw : text) {
            const auto ch = static_cast<unsigned char>(raw);
            if (std::isalnum(ch) != 0 || ch == '.' || ch == '_') {
                out += static_cast<char>(ch);
            } else {
                out += '%';
                out += kHex[ch >> 4];
                out += kHex[ch & 15];
            }
        }
        return out;
    }
};

}  // namespace osm::test
