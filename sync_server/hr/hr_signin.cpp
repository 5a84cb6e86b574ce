// HR's sign-in and sessions (web/web_session.h). Sections: [helpers] [passwords] [sign-in].
// Why the sign-in form has a token of its own: without it any site could post a form that signs
// a browser into an account of the attacker's (login CSRF). The token sits in a SameSite=Strict
// cookie and in the form; a cross-site post carries neither.
#include "hr/hr_web.h"

#include "hr/hr_html.h"

#include "crypto/encoding.h"
#include "crypto/password_hash.h"
#include "crypto/sodium_init.h"

#include <algorithm>
#include <chrono>
#include <strings.h>
#include <thread>

namespace osm::server {

// [helpers] ------------------------------------------------------------------------------------

namespace {

std::string loginForm(const PageText& t, const std::string& error, const std::string& token) {
    return "<h1>" + htmlEscape(t("hr.title")) + "</h1>" +
           (error.empty() ? std::string() : "<p class=\"error\" id=\"login-error\">" + htmlEscape(error) + "</p>") +
           "<form method=\"post\" action=\"/hr/login\"><input type=\"hidden\" name=\"login_token\" value=\"" +
           htmlEscape(token) + "\"><p><label>" + htmlEscape(t("hr.signin.username")) +
           " <input name=\"username\" autocomplete=\"username\" required></label></p><p><label>" +
           htmlEscape(t("web.signin.password")) +
           " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>"
           "<p><button type=\"submit\">" +
           htmlEscape(t("web.signin.submit")) + "</button></p></form>";
}

}  // namespace

// [passwords] ----------------------------------------------------------------------------------

Result<std::string> hashHrPassword(const std::string& password) {
    if (auto status = crypto::initSodium(); !status) return status.error();
    if (password.size() < 12)
        return makeError(ErrorCode::InvalidInput, "an HR password must have at least 12 characters");
    return crypto::hashPassword(password, {3, 64ULL * 1024 * 1024});
}

bool hrPasswordMatches(const std::string& hash, const std::string& password) {
    return crypto::passwordMatches(hash, password);
}

// [sign-in] ------------------------------------------------------------------------------------

Result<std::unique_ptr<HrWeb>> HrWeb::create(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options) {
    auto text = WebText::load(options.assetsDir);
    if (!text) return text.error();
    return std::make_unique<HrWeb>(storage, keys, std::move(options), std::move(*text));
}

HrWeb::HrWeb(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options, WebText text)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)), m_text(std::move(text)),
      m_throttle(m_options.throttle),
      m_gate(PasswordCheckGate::sized(m_options.passwordChecks, m_options.passwordQueue, 1, 8)),
      m_sessions({"osm_hr", "osm_hr_login", "/hr", m_options.sessionSeconds, m_options.sessionMaxSeconds},
                 {[&storage](const std::string& hash, const HrSession& s) { return storage.putHrSession(hash, s); },
                  [&storage](const std::string& hash) { return storage.hrSession(hash); },
                  [&storage](const std::string& hash) { return storage.deleteHrSession(hash); },
                  [&storage](std::int64_t now, std::int64_t before) { return storage.purgeHrSessions(now, before); }}) {
    if (!m_options.now) m_options.now = systemSeconds;
}

ApiResponse HrWeb::loginPage(const PageText& t, const ApiRequest& request, const Peer& peer, int status,
                             const std::string& error) {
    bool fresh = false;
    const std::string token = m_sessions.loginToken(request, peer, fresh);
    ApiResponse r = hrPageResponse(t, status, t("hr.signin.page_title"), loginForm(t, error, token), "/hr/");
    if (fresh) r.headers.push_back({"Set-Cookie", m_sessions.loginCookieHeader(token, peer)});
    return r;
}

ApiResponse HrWeb::login(const PageText& t, const ApiRequest& request, const Peer& peer) {
    auto form = parseForm(request.body);
    std::string password = form["password"];
    const std::string username = form["username"].substr(0, 128);
    if (!m_sessions.loginTokenMatches(request, peer, form["login_token"])) {
        crypto::wipe(password);
        return loginPage(t, request, peer, 403, t("web.signin.expired"));
    }
    const std::int64_t now = m_options.now();
    if (const std::int64_t wait = m_throttle.begin(username, peer.source, now); wait > 0) {
        crypto::wipe(password);
        ApiResponse r = loginPage(t, request, peer, 429, t("hr.signin.throttled", std::to_string(wait)));
        r.headers.push_back({"Retry-After", std::to_string(wait)});
        return r;
    }
    ApiResponse r = checkPassword(t, username, password, peer, now);
    crypto::wipe(password);
    if (r.status == 303) return r;
    ApiResponse page = loginPage(t, request, peer, r.status, r.body);
    for (auto& header : r.headers) page.headers.push_back(header);
    return page;
}

// The answer's body is the error to show on the form, unless it is the 303 of a new session.
ApiResponse HrWeb::checkPassword(const PageText& t, const std::string& username, std::string& password,
                                 const Peer& peer, std::int64_t now) {
    const PasswordVerdict verdict = checkPasswordGated(m_gate, m_throttle, username, peer.source, now, password,
                                                       [&]() -> std::optional<std::optional<std::string>> {
                                                           auto account = m_storage.hrAccount(username);
                                                           if (!account) return std::nullopt;
                                                           if (!account->has_value())
                                                               return std::optional<std::string>();
                                                           return std::optional<std::string>((*account)->passwordHash);
                                                       });
    if (verdict == PasswordVerdict::Busy) {
        ApiResponse busy(503, t("web.signin.busy"));
        busy.headers.push_back({"Retry-After", "2"});
        return busy;
    }
    if (verdict == PasswordVerdict::Error) return ApiResponse(500, t("hr.signin.server_error"));
    if (verdict == PasswordVerdict::NoMatch) return ApiResponse(401, t("hr.signin.wrong"));
    return m_sessions.start(username, peer, now, "/hr/");
}

ApiResponse HrWeb::handle(const ApiRequest& request) {
    const PageText t{m_text, pageLanguage(request)};
    const Peer peer = webPeerOf(request, m_options.secureCookies, m_options.trustedProxies);
    ApiResponse r = answer(t, request, peer);
    // ?lang= is remembered for HR's pages, as the leaders' pages remember it for theirs.
    if (const std::string cookie = languageCookie(request, "/hr"); !cookie.empty())
        r.headers.push_back({"Set-Cookie", cookie});
    return r;
}

ApiResponse HrWeb::answer(const PageText& t, const ApiRequest& request, const Peer& peer) {
    if (request.method == "POST" && !fromOurPage(request)) return hrForbidden(t);
    if (request.method == "POST" && request.path == "/hr/login") return login(t, request, peer);
    const std::int64_t now = m_options.now();
    auto current = m_sessions.current(request, peer, now);
    if (!current) {
        if (request.method == "GET" && (request.path == "/hr" || request.path == "/hr/"))
            return loginPage(t, request, peer, 200, {});
        return seeOther("/hr/");
    }
    if (request.method == "POST" && request.path == "/hr/logout") {
        auto form = parseForm(request.body);
        if (!sameToken(form["csrf"], current->session.csrf)) return hrForbidden(t);
        return m_sessions.end(*current, peer, now, "/hr/");
    }
    ApiResponse r = route(t, current->session, request);
    m_sessions.refreshCookie(r, *current, peer, now);
    return r;
}

}  // namespace osm::server
