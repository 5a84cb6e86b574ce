// A browser in a test, without a browser: requests to an in-process LeadersWeb with the cookies
// it set (a cookie jar), the sign-in form's token and the page's CSRF token, as Chromium would
// send them. Used by the leaders' server tests and by the sync test whose PIN code comes from the
// leaders' page.
#pragma once

#include "leaders/leaders_web.h"
#include "sync_server/form_value.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace osm::test {

// A Set-Cookie line into a cookie jar, as a browser keeps it (an empty or expired one removed).
inline void keepCookie(std::map<std::string, std::string>& jar, const std::string& line) {
    const std::string pair = line.substr(0, line.find(';'));
    const std::string cookie = pair.substr(0, pair.find('='));
    const std::string content = pair.substr(pair.find('=') + 1);
    if (content.empty() || line.find("Max-Age=0") != std::string::npos)
        jar.erase(cookie);
    else
        jar[cookie] = content;
}

class LeaderBrowser {
public:
    explicit LeaderBrowser(server::LeadersWeb& web) : m_web(web) {}

    server::ApiResponse get(const std::string& path, const std::map<std::string, std::string>& query = {}) {
        server::ApiRequest request{"GET", path, headers(), {}, query};
        return keep(m_web.handle(request));
    }
    // A POST from our own page (same origin); `extra` headers may forge another.
    server::ApiResponse post(const std::string& path, const std::string& body,
                             const std::map<std::string, std::string>& extra = {}) {
        auto h = headers();
        h["Content-Type"] = "application/x-www-form-urlencoded";
        h["Sec-Fetch-Site"] = "same-origin";
        for (const auto& [name, value] : extra) h[name] = value;
        server::ApiRequest request{"POST", path, h, body};
        return keep(m_web.handle(request));
    }
    // Signs in through the sign-in page's form; the answer to the POST.
    server::ApiResponse signIn(const std::string& staff, const std::string& password) {
        const auto page = get("/leaders/");
        return post("/leaders/login",
                    "login_token=" + hidden(page.body, "login_token") + "&staff=" + staff + "&password=" + password);
    }
    // The page's CSRF token (from the home page).
    std::string csrf() { return hidden(get("/leaders/").body, "csrf"); }

    static std::string hidden(const std::string& page, const std::string& name) { return formValue(page, name); }

    std::map<std::string, std::string> cookies;

private:
    std::map<std::string, std::string> headers() const {
        std::string jar;
        for (const auto& [name, value] : cookies) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
        return jar.empty() ? std::map<std::string, std::string>{} : std::map<std::string, std::string>{{"Cookie", jar}};
    }
    server::ApiResponse keep(server::ApiResponse response) {
        for (const auto& [name, value] : response.headers) {
            if (name == "Set-Cookie") keepCookie(cookies, value);
        }
        return response;
    }

    server::LeadersWeb& m_web;
};

}  // namespace osm::test
