// What every signed-in web area of the server (HR's pages under /hr/, the leaders' under
// /leaders/) shares: who the peer is (TLS, directly or through a trusted proxy), the origin check
// every POST passes, form decoding, and WebSessions: session cookies and their server-side rows.
// A session names its subject only (an HR user name, a leader's staff number), never how they
// signed in, so another way in (the city's OpenID Connect) only has to call WebSessions::start.
//
// Cookies are HttpOnly and SameSite=Strict; over TLS (or behind a trusted proxy that says https)
// Secure and named with the __Host- prefix (Path=/, no Domain), else limited to the area's path.
// Thread safety: WebSessions may be used from any thread (its table's functions must allow it).
#pragma once

#include "api/api_types.h"
#include "core/result.h"
#include "storage/hr_account_storage.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

// The wall clock in Unix seconds (the web areas' default `now`).
std::int64_t systemSeconds();

// How a request reached us: over TLS (directly or through a trusted proxy) and from where.
struct WebPeer {
    bool secure = false;
    std::string source;
};
// X-Forwarded-Proto and X-Forwarded-For are believed only from `trustedProxies`.
WebPeer webPeerOf(const ApiRequest& request, bool secureCookies, const std::vector<std::string>& trustedProxies);

// A POST from a page of ours: Sec-Fetch-Site, when sent, says same-origin (or none); Origin,
// when sent, names the host the request was sent to.
bool fromOurPage(const ApiRequest& request);

// Decodes application/x-www-form-urlencoded.
std::map<std::string, std::string> parseForm(std::string_view body);
// 303 See Other to `to`.
ApiResponse seeOther(const std::string& to);
std::string cookieValue(const std::string& header, const std::string& name);
// URL-safe base64 of `bytes` random bytes, and whether a string could be one of ours.
std::string newToken(std::size_t bytes);
bool wellFormedToken(const std::string& token);
bool sameToken(const std::string& sent, const std::string& expected);

// Where an area's sessions are kept (by the hash of their token).
struct SessionTable {
    std::function<Status(const std::string& tokenHash, const HrSession&)> put;
    std::function<Result<std::optional<HrSession>>(const std::string& tokenHash)> find;
    std::function<Status(const std::string& tokenHash)> remove;
    std::function<Status(std::int64_t now, std::int64_t createdBefore)> purge;
};

struct SessionRealm {
    std::string cookie;       // "osm_hr": the session's cookie (with __Host- over TLS)
    std::string loginCookie;  // the sign-in form's token (login CSRF)
    std::string path;         // "/hr": the cookies' path without TLS
    std::int64_t idleSeconds = 30 * 60;
    std::int64_t maxSeconds = 10 * 60 * 60;  // absolute, from sign-in
};

class WebSessions {
public:
    WebSessions(SessionRealm realm, SessionTable table) : m_realm(std::move(realm)), m_table(std::move(table)) {}

    struct Current {
        HrSession session;
        std::string token;
        std::string tokenHash;
    };
    // The request's live session, its idle time refreshed (never past its absolute lifetime); an
    // expired one is deleted. nullopt: signed out.
    std::optional<Current> current(const ApiRequest& request, const WebPeer& peer, std::int64_t now);
    // Starts a session for `subject`: 303 to `to` with the session's cookie; the sign-in form's
    // cookie is cleared.
    ApiResponse start(const std::string& subject, const WebPeer& peer, std::int64_t now, const std::string& to);
    // Ends it: 303 to `to`, the cookie cleared.
    ApiResponse end(const Current& current, const WebPeer& peer, std::int64_t now, const std::string& to);
    // The session's cookie again on an answer, for its refreshed idle time.
    void refreshCookie(ApiResponse& response, const Current& current, const WebPeer& peer, std::int64_t now) const;

    // The sign-in form's token: the one the browser's cookie holds, or a new one (`fresh`: set it
    // with loginCookieHeader).
    std::string loginToken(const ApiRequest& request, const WebPeer& peer, bool& fresh) const;
    std::string loginCookieHeader(const std::string& token, const WebPeer& peer) const;
    bool loginTokenMatches(const ApiRequest& request, const WebPeer& peer, const std::string& sent) const;

private:
    std::string cookieName(const std::string& base, bool secure) const;
    std::string setCookie(const std::string& base, const std::string& value, bool secure, std::int64_t maxAge) const;

    SessionRealm m_realm;
    SessionTable m_table;
};

}  // namespace osm::server
