// A browser's requests to the real server binary over loopback HTTP (httplib): its cookies as
// Chromium keeps them, our own origin on every POST, Finnish; signed in on the leaders' pages with
// the demo's password or on HR's with an account. Shared by the real-server tests of the leaders' pages.
#pragma once

#include "sync_server/form_value.h"
#include "sync_server/hr/hr_web_fixture.h"
#include "sync_server/leaders/leaders_browser.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <map>
#include <string>

namespace osm::test {

constexpr const char* kDemoLeaderPassword = "Johtaja-demo-2026";

// A browser's requests to the real server: its cookies, our own origin, Finnish.
class Browser {
public:
    explicit Browser(int port) : m_client("127.0.0.1", port) {}

    httplib::Result get(const std::string& path) { return keep(m_client.Get(path.c_str(), headers())); }
    httplib::Result post(const std::string& path, const std::string& body, httplib::Headers extra = {}) {
        httplib::Headers h = headers();
        if (extra.count("Sec-Fetch-Site") == 0) h.emplace("Sec-Fetch-Site", "same-origin");
        for (const auto& header : extra) h.insert(header);
        return keep(m_client.Post(path.c_str(), h, body, "application/x-www-form-urlencoded"));
    }
    // Signs in on the leaders' pages with the demo's password (`init --demo`).
    void signIn(const std::string& staff) {
        auto page = get("/leaders/");
        REQUIRE(page);
        auto answer =
            post("/leaders/login", "login_token=" + HrWebFixture::formEncode(formValue(page->body, "login_token")) +
                                       "&staff=" + staff + "&password=" + kDemoLeaderPassword);
        REQUIRE(answer);
        REQUIRE(answer->status == 303);
    }
    // Signs in on HR's pages.
    void signInHr(const std::string& username, const std::string& password) {
        auto page = get("/hr/");
        REQUIRE(page);
        auto answer =
            post("/hr/login", "login_token=" + HrWebFixture::formEncode(formValue(page->body, "login_token")) +
                                  "&username=" + HrWebFixture::formEncode(username) +
                                  "&password=" + HrWebFixture::formEncode(password));
        REQUIRE(answer);
        REQUIRE(answer->status == 303);
    }
    // The browser dropping its session cookie, as it does when the cookie's Max-Age (the idle
    // time) runs out.
    void forgetSession() { m_cookies.erase("osm_leader"); }
    std::map<std::string, std::string> m_cookies;

private:
    httplib::Headers headers() const {
        std::string jar;
        for (const auto& [name, value] : m_cookies) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
        httplib::Headers h{{"Accept-Language", "fi"}};
        if (!jar.empty()) h.emplace("Cookie", jar);
        return h;
    }
    httplib::Result keep(httplib::Result result) {
        if (!result) return result;
        for (std::size_t i = 0; i < result->get_header_value_count("Set-Cookie"); ++i)
            keepCookie(m_cookies, result->get_header_value("Set-Cookie", i));
        return result;
    }

    httplib::Client m_client;
};

}  // namespace osm::test
