// The leaders' sign-in: the first one with the operator's one-time code (the person sets a
// password), then staff number and password. Sections: [accounts] [pages] [requests].
// As on HR's pages, the sign-in forms carry a token of their own against login CSRF, and every
// check of a code or password passes the throttle and the gate (hr/signin_guard.h).
#include "leaders/leaders_web.h"

#include "core/json_reader.h"
#include "domain/rights.h"
#include "hr/hr_html.h"
#include "hr/hr_web.h"
#include "ops/operator_commands.h"

#include "crypto/password_hash.h"
#include "crypto/secret_buffer.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace osm::server {

// [accounts] -----------------------------------------------------------------------------------

namespace {

// The person, if they are on the roster and may use the leaders' web.
std::optional<sync::RosterEntry> leaderOf(RosterStorage& storage, const std::string& staffNumber) {
    if (!domain::isValidStaffNumber(staffNumber)) return std::nullopt;
    auto person = storage.person(staffNumber);
    if (!person || !person->has_value() || !domain::usesLeadersWeb((*person)->person)) return std::nullopt;
    return **person;
}

}  // namespace

Result<std::string> createLeaderSignInCode(SyncStorage& storage, const std::string& staffNumber,
                                           std::int64_t validSeconds, std::int64_t now) {
    if (!leaderOf(storage, staffNumber)) {
        return makeError(ErrorCode::NotFound,
                         "no person with staff number " + staffNumber + " who leads (see the roster's roles)");
    }
    const std::string code = randomCode(12);
    auto hash = hashHrPassword(normalisedCode(code));
    if (!hash) return hash.error();
    if (auto status = storage.putLeaderCode(staffNumber, *hash, now + validSeconds); !status) return status.error();
    return code;
}

Status setLeaderPassword(SyncStorage& storage, const std::string& staffNumber, const std::string& password) {
    if (!leaderOf(storage, staffNumber)) return makeError(ErrorCode::NotFound, "no leader " + staffNumber);
    auto hash = hashHrPassword(password);
    if (!hash) return hash.error();
    if (auto status = storage.setLeaderPassword(staffNumber, *hash); !status) return status;
    return storage.deleteLeaderSessionsOf(staffNumber);
}

Result<std::unique_ptr<LeadersWeb>> LeadersWeb::create(SyncStorage& storage, const ServerKeys& keys,
                                                       LeadersWebOptions options) {
    auto text = WebText::load(options.assetsDir);
    if (!text) return text.error();
    auto script = readTextFile((options.assetsDir / "web" / "leaders_autosave.js").string());
    if (!script) return script.error();
    return std::unique_ptr<LeadersWeb>(
        new LeadersWeb(storage, keys, std::move(options), std::move(*text), std::move(*script)));
}

LeadersWeb::LeadersWeb(SyncStorage& storage, const ServerKeys& keys, LeadersWebOptions options, WebText text,
                       std::string autosaveScript)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)), m_text(std::move(text)),
      m_autosaveScript(std::move(autosaveScript)), m_throttle(m_options.throttle),
      m_gate(PasswordCheckGate::sized(m_options.passwordChecks, m_options.passwordQueue, 2, 4)),
      m_sessions(
          {"osm_leader", "osm_leader_login", "/leaders", m_options.sessionSeconds, m_options.sessionMaxSeconds},
          {[&storage](const std::string& hash, const HrSession& s) { return storage.putLeaderSession(hash, s); },
           [&storage](const std::string& hash) { return storage.leaderSession(hash); },
           [&storage](const std::string& hash) { return storage.deleteLeaderSession(hash); },
           [&storage](std::int64_t now, std::int64_t before) { return storage.purgeLeaderSessions(now, before); }}),
      m_rules(storage, keys, ServiceOptions{m_options.now}) {
    if (!m_options.now) m_options.now = systemSeconds;
}

// [pages] --------------------------------------------------------------------------------------

namespace {

std::string fieldError(const std::string& id, const std::string& error) {
    return error.empty() ? std::string()
                         : "<span class=\"field-error\" id=\"" + id + "-error\">" + htmlEscape(error) + "</span>";
}

}  // namespace

ApiResponse LeadersWeb::signInPage(const ApiRequest& request, const WebPeer& peer, catalog::Lang lang, int status,
                                   const std::string& error, bool activation) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(lang, key)); };
    bool fresh = false;
    const std::string token = m_sessions.loginToken(request, peer, fresh);
    // Errors said next to their field: "password:" and "confirm:" prefixes; the rest above the form.
    const bool onPassword = error.rfind("password:", 0) == 0, onConfirm = error.rfind("confirm:", 0) == 0;
    const std::string general = onPassword || onConfirm ? std::string() : error;
    const std::string fieldText = error.substr(error.find(':') + 1);
    const std::string path = activation ? "/leaders/activate" : "/leaders/";
    std::string body = languageSwitch(lang, path) + "<main><h1>" + t("web.signin.title") + "</h1>";
    if (!general.empty())
        body += "<p class=\"error\" id=\"login-error\" role=\"alert\">" + htmlEscape(general) + "</p>";
    body += "<form class=\"stack\" method=\"post\" action=\"" +
            std::string(activation ? "/leaders/activate" : "/leaders/login") +
            "\"><input type=\"hidden\" name=\"login_token\" value=\"" + htmlEscape(token) + "\">";
    body += "<label for=\"staff\">" + t("web.signin.staff_number") +
            "</label><input id=\"staff\" name=\"staff\" inputmode=\"numeric\" autocomplete=\"username\" required>";
    if (activation) {
        body += "<p>" + t("web.activate.intro") + "</p><label for=\"code\">" + t("web.activate.code") +
                "</label><input id=\"code\" name=\"code\" autocomplete=\"one-time-code\" required>";
    }
    body +=
        "<label for=\"password\">" + t(activation ? "web.activate.new_password" : "web.signin.password") +
        "</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"" +
        (activation ? "new-password\" minlength=\"12\" aria-describedby=\"password-error\"" : "current-password\"") +
        " required>" + fieldError("password", onPassword ? fieldText : std::string());
    if (activation) {
        body += "<label for=\"confirm\">" + t("web.activate.confirm") +
                "</label><input id=\"confirm\" name=\"confirm\" type=\"password\" autocomplete=\"new-password\" "
                "aria-describedby=\"confirm-error\" required>" +
                fieldError("confirm", onConfirm ? fieldText : std::string());
    }
    body += "<p><button type=\"submit\">" + t(activation ? "web.activate.submit" : "web.signin.submit") +
            "</button></p></form>";
    body += activation ? "<p><a href=\"/leaders/\">" + t("web.activate.back") + "</a></p>"
                       : "<p><a href=\"/leaders/activate\">" + t("web.signin.first_time") + "</a></p>";
    ApiResponse r = htmlResponse(status, m_text(lang, "web.signin.title"), body + "</main>", catalog::langCode(lang));
    if (fresh) r.headers.push_back({"Set-Cookie", m_sessions.loginCookieHeader(token, peer)});
    return r;
}

ApiResponse LeadersWeb::signIn(const ApiRequest& request, const WebPeer& peer, catalog::Lang lang, bool activation) {
    auto form = parseForm(request.body);
    std::string password = form["password"];
    std::string confirm = form["confirm"];
    const std::string staff = form["staff"].substr(0, 16);
    auto answer = [&](int status, const std::string& key) {
        crypto::wipe(password);
        crypto::wipe(confirm);
        return signInPage(request, peer, lang, status, key.empty() ? std::string() : m_text(lang, key), activation);
    };
    if (!m_sessions.loginTokenMatches(request, peer, form["login_token"])) return answer(403, "web.signin.expired");
    if (activation && password.size() < 12) {
        crypto::wipe(password);
        return signInPage(request, peer, lang, 400, "password:" + m_text(lang, "web.activate.too_short"), true);
    }
    if (activation && !crypto::sameSecret(password, confirm)) {
        crypto::wipe(password);
        return signInPage(request, peer, lang, 400, "confirm:" + m_text(lang, "web.activate.mismatch"), true);
    }
    const std::int64_t now = m_options.now();
    const std::string name = (activation ? "code:" : "") + staff;
    if (const std::int64_t wait = m_throttle.begin(name, peer.source, now); wait > 0) {
        ApiResponse r = answer(429, "web.signin.throttled");
        r.headers.push_back({"Retry-After", std::to_string(wait)});
        return r;
    }
    const std::string secret = activation ? normalisedCode(form["code"]) : password;
    const PasswordVerdict verdict = checkPasswordGated(
        m_gate, m_throttle, name, peer.source, now, secret, [&]() -> std::optional<std::optional<std::string>> {
            auto account = m_storage.leaderAccount(staff);
            if (!account) return std::nullopt;
            if (!account->has_value() || !leaderOf(m_storage, staff)) return std::optional<std::string>();
            const LeaderAccount& a = **account;
            if (activation && (a.codeHash.empty() || a.codeExpiresAt <= now)) return std::optional<std::string>();
            if (!activation && a.passwordHash.empty()) return std::optional<std::string>();
            return std::optional<std::string>(activation ? a.codeHash : a.passwordHash);
        });
    if (verdict == PasswordVerdict::Busy) {
        ApiResponse r = answer(503, "web.signin.busy");
        r.headers.push_back({"Retry-After", "2"});
        return r;
    }
    if (verdict == PasswordVerdict::Error) return answer(500, "web.error.server");
    if (verdict == PasswordVerdict::NoMatch) return answer(401, activation ? "web.activate.wrong" : "web.signin.wrong");
    if (activation && !setLeaderPassword(m_storage, staff, password)) return answer(500, "web.error.server");
    crypto::wipe(password);
    crypto::wipe(confirm);
    return m_sessions.start(staff, peer, now, "/leaders/");
}

// [requests] -----------------------------------------------------------------------------------

ApiResponse LeadersWeb::tooLargePage(const ApiRequest& request) const {
    const catalog::Lang lang = pageLanguage(request);
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(lang, key)); };
    return htmlResponse(413, m_text(lang, "web.too_large.title"),
                        "<main><h1>" + t("web.too_large.title") + "</h1><p class=\"error\" role=\"alert\">" +
                            t("web.too_large.text") + "</p><p>" + t("web.too_large.what_now") +
                            "</p><p><a href=\"/leaders/\">" + t("web.too_large.home") + "</a></p></main>",
                        catalog::langCode(lang));
}

ApiResponse LeadersWeb::handle(const ApiRequest& request) {
    const catalog::Lang lang = pageLanguage(request);
    const WebPeer peer = webPeerOf(request, m_options.secureCookies, m_options.trustedProxies);
    const bool post = request.method == "POST";
    auto forbidden = [&] {
        return htmlResponse(403, m_text(lang, "web.refused.title"),
                            "<p>" + htmlEscape(m_text(lang, "web.refused.text")) + "</p>", catalog::langCode(lang));
    };
    if (post && !fromOurPage(request)) return forbidden();
    if (!post && request.path == "/leaders/autosave.js") return autosaveScript();  // code, nobody's data
    if (post && (request.path == "/leaders/login" || request.path == "/leaders/activate"))
        return signIn(request, peer, lang, request.path == "/leaders/activate");
    ApiResponse r;
    if (!post && request.path == "/leaders/activate") {
        r = signInPage(request, peer, lang, 200, {}, true);
    } else {
        const std::int64_t now = m_options.now();
        auto current = m_sessions.current(request, peer, now);
        std::optional<sync::RosterEntry> me;
        if (current) me = leaderOf(m_storage, current->session.username);
        if (current && !me) (void)m_storage.deleteLeaderSession(current->tokenHash);
        if (!me) {
            // Our own page's form after the session ended: nothing saved, said on the sign-in page.
            if (post) return signInPage(request, peer, lang, 403, m_text(lang, "web.signin.session_ended"), false);
            if (request.path != "/leaders" && request.path != "/leaders/") return seeOther("/leaders/");
            r = signInPage(request, peer, lang, 200, {}, false);
        } else {
            if (post && !sameToken(parseForm(request.body)["csrf"], current->session.csrf)) return forbidden();
            if (post && request.path == "/leaders/logout") return m_sessions.end(*current, peer, now, "/leaders/");
            Visit visit{request, lang, *current, *me};
            r = route(visit);
            m_sessions.refreshCookie(r, *current, peer, now);
        }
    }
    if (const std::string cookie = languageCookie(request, "/leaders"); !cookie.empty())
        r.headers.push_back({"Set-Cookie", cookie});
    return r;
}

}  // namespace osm::server
