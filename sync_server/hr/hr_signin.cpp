// HR's sign-in and sessions. Sections: [helpers] [passwords] [sign-in] [sessions].
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

// Over TLS the cookies take the __Host- prefix: the browser then accepts them only with Secure,
// Path=/ and no Domain, so no other host (a sibling subdomain, a plain-HTTP page) can plant one.
std::string sessionCookie(bool secure) { return secure ? "__Host-osm_hr" : "osm_hr"; }
std::string loginCookie(bool secure) { return secure ? "__Host-osm_hr_login" : "osm_hr_login"; }

std::string setCookie(const std::string& name, const std::string& value, bool secure, std::int64_t maxAge) {
    return name + "=" + value + (secure ? "; Path=/; Secure" : "; Path=/hr") + "; HttpOnly; SameSite=Strict" +
           (maxAge >= 0 ? "; Max-Age=" + std::to_string(maxAge) : std::string());
}

std::string cookieValue(const std::string& header, const std::string& name) {
    const std::string key = name + "=";
    std::size_t at = 0;
    while ((at = header.find(key, at)) != std::string::npos) {
        if (at == 0 || header[at - 1] == ' ' || header[at - 1] == ';') {
            const std::size_t start = at + key.size();
            return header.substr(start, header.find(';', start) - start);
        }
        at += key.size();
    }
    return {};
}

// A token we made: URL-safe base64 of 24 or 32 random bytes.
bool wellFormedToken(const std::string& token) {
    return token.size() >= 32 && token.size() <= 64 &&
           token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string::npos;
}

std::string newToken(std::size_t bytes) { return crypto::toBase64(crypto::randomBytes(bytes)); }

std::string trim(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// A POST from a page of ours: Sec-Fetch-Site, when the browser sends it, says same-origin (or
// none: typed by hand); Origin, when sent, names the host the request was sent to.
bool fromOurPage(const ApiRequest& request) {
    const std::string site = request.header("Sec-Fetch-Site");
    if (!site.empty() && site != "same-origin" && site != "none") return false;
    const std::string origin = request.header("Origin");
    if (origin.empty()) return true;
    const std::size_t scheme = origin.find("://");
    const std::string host = request.header("Host");
    return scheme != std::string::npos && !host.empty() && strcasecmp(origin.c_str() + scheme + 3, host.c_str()) == 0;
}

std::string loginForm(const std::string& error, const std::string& token) {
    return "<h1>Osaamissilta – henkilöstöpalvelut</h1>" +
           (error.empty() ? std::string() : "<p class=\"error\" id=\"login-error\">" + htmlEscape(error) + "</p>") +
           "<form method=\"post\" action=\"/hr/login\"><input type=\"hidden\" name=\"login_token\" value=\"" +
           htmlEscape(token) +
           "\"><p><label>Käyttäjätunnus <input name=\"username\" "
           "autocomplete=\"username\" required></label></p>"
           "<p><label>Salasana <input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
           "required></label></p>"
           "<p><button type=\"submit\">Kirjaudu</button></p></form>";
}

ApiResponse forbidden() {
    return htmlResponse(403, "Kielletty", "<p>Lomake ei kelpaa (CSRF). Lataa sivu uudelleen.</p>");
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Leaves the gate however the check ends.
struct GateSlot {
    PasswordCheckGate& gate;
    ~GateSlot() { gate.leave(); }
};

}  // namespace

std::map<std::string, std::string> parseForm(std::string_view body) {
    std::map<std::string, std::string> out;
    auto decode = [](std::string_view text) {
        std::string value;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+')
                value += ' ';
            else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                     hexValue(text[i + 2]) >= 0) {
                value += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
                i += 2;
            } else
                value += text[i];
        }
        return value;
    };
    while (!body.empty()) {
        const std::size_t amp = std::min(body.find('&'), body.size());
        const std::string_view pair = body.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos) out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
        body.remove_prefix(std::min(amp + 1, body.size()));
    }
    return out;
}

ApiResponse seeOther(const std::string& to) {
    ApiResponse r(303, "", "text/plain");
    r.headers.push_back({"Location", to});
    return r;
}

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

HrWeb::HrWeb(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)), m_throttle(m_options.throttle) {
    if (!m_options.now) {
        m_options.now = [] {
            return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
    const int checks = m_options.passwordChecks > 0
                           ? m_options.passwordChecks
                           : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 8);
    m_gate.emplace(checks, m_options.passwordQueue >= 0 ? m_options.passwordQueue : 4 * checks);
}

HrWeb::Peer HrWeb::peerOf(const ApiRequest& request) const {
    Peer peer{m_options.secureCookies, request.remoteAddress};
    const auto& proxies = m_options.trustedProxies;
    if (request.remoteAddress.empty() ||
        std::find(proxies.begin(), proxies.end(), request.remoteAddress) == proxies.end())
        return peer;
    if (strcasecmp(trim(request.header("X-Forwarded-Proto")).c_str(), "https") == 0) peer.secure = true;
    // The proxy's own entry is the last one; anything before it the client may have written.
    const std::string forwarded = request.header("X-Forwarded-For");
    const std::string last =
        trim(forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1));
    if (!last.empty() && last.size() <= 64) peer.source = last;
    return peer;
}

ApiResponse HrWeb::loginPage(const ApiRequest& request, const Peer& peer, int status, const std::string& error) {
    std::string token = cookieValue(request.header("Cookie"), loginCookie(peer.secure));
    const bool fresh = !wellFormedToken(token);
    if (fresh) token = newToken(32);
    ApiResponse r = htmlResponse(status, "Kirjautuminen", loginForm(error, token));
    if (fresh) r.headers.push_back({"Set-Cookie", setCookie(loginCookie(peer.secure), token, peer.secure, -1)});
    return r;
}

ApiResponse HrWeb::login(const ApiRequest& request, const Peer& peer) {
    auto form = parseForm(request.body);
    std::string password = form["password"];
    const std::string username = form["username"].substr(0, 128);
    const std::string expected = cookieValue(request.header("Cookie"), loginCookie(peer.secure));
    if (!wellFormedToken(expected) || !crypto::sameSecret(form["login_token"], expected)) {
        crypto::wipe(password);
        return loginPage(request, peer, 403, "Lomake oli vanhentunut. Kirjaudu uudelleen.");
    }
    const std::int64_t now = m_options.now();
    if (const std::int64_t wait = m_throttle.begin(username, peer.source, now); wait > 0) {
        crypto::wipe(password);
        ApiResponse r = loginPage(request, peer, 429,
                                  "Liian monta yritystä. Yritä uudelleen " + std::to_string(wait) + " s kuluttua.");
        r.headers.push_back({"Retry-After", std::to_string(wait)});
        return r;
    }
    ApiResponse r = checkPassword(username, password, peer, now);
    crypto::wipe(password);
    if (r.status == 303) return r;
    ApiResponse page = loginPage(request, peer, r.status, r.body);
    for (auto& header : r.headers) page.headers.push_back(header);
    return page;
}

// The answer's body is the error to show on the form, unless it is the 303 of a new session.
ApiResponse HrWeb::checkPassword(const std::string& username, std::string& password, const Peer& peer,
                                 std::int64_t now) {
    if (!m_gate->enter()) {
        m_throttle.abandoned(username, peer.source);
        ApiResponse busy(503, "Kirjautumisia on juuri nyt liikaa. Yritä hetken kuluttua uudelleen.");
        busy.headers.push_back({"Retry-After", "2"});
        return busy;
    }
    Result<std::optional<HrAccount>> account = std::optional<HrAccount>();
    bool match = false;
    {
        GateSlot slot{*m_gate};
        account = m_storage.hrAccount(username);
        // An unknown name is checked against a decoy, so the time taken does not tell which
        // names exist.
        static const std::string decoy = hashHrPassword("decoy-password-never-used").value();
        if (account)
            match = hrPasswordMatches(account->has_value() ? (*account)->passwordHash : decoy, password) &&
                    account->has_value();
    }
    if (!account) {
        m_throttle.abandoned(username, peer.source);
        return ApiResponse(500, "Palvelinvirhe.");
    }
    if (!match) {
        m_throttle.failed(username, peer.source, now);
        return ApiResponse(401, "Väärä käyttäjätunnus tai salasana.");
    }
    m_throttle.succeeded(username, peer.source);
    return startSession(username, peer, now);
}

// [sessions] -----------------------------------------------------------------------------------

ApiResponse HrWeb::startSession(const std::string& username, const Peer& peer, std::int64_t now) {
    (void)m_storage.purgeHrSessions(now, now - m_options.sessionMaxSeconds);
    const std::string token = newToken(32);
    const HrSession session{username, newToken(24), now + m_options.sessionSeconds, now};
    if (!m_storage.putHrSession(crypto::contentHash(token), session)) return ApiResponse(500, "Palvelinvirhe.");
    ApiResponse r = seeOther("/hr/");
    r.headers.push_back(
        {"Set-Cookie", setCookie(sessionCookie(peer.secure), token, peer.secure, m_options.sessionSeconds)});
    r.headers.push_back({"Set-Cookie", setCookie(loginCookie(peer.secure), "", peer.secure, 0)});
    return r;
}

ApiResponse HrWeb::handle(const ApiRequest& request) {
    const Peer peer = peerOf(request);
    if (request.method == "POST" && !fromOurPage(request)) return forbidden();
    if (request.method == "POST" && request.path == "/hr/login") return login(request, peer);
    const std::int64_t now = m_options.now();
    const std::string token = cookieValue(request.header("Cookie"), sessionCookie(peer.secure));
    const std::string tokenHash = token.empty() ? std::string() : crypto::contentHash(token);
    std::optional<HrSession> session;
    if (!token.empty()) {
        if (auto found = m_storage.hrSession(tokenHash); found && found->has_value()) {
            if ((*found)->expiresAt > now && (*found)->createdAt + m_options.sessionMaxSeconds > now)
                session = **found;
            else
                (void)m_storage.deleteHrSession(tokenHash);
        }
    }
    if (!session) {
        if (request.method == "GET" && (request.path == "/hr" || request.path == "/hr/"))
            return loginPage(request, peer, 200, {});
        return seeOther("/hr/");
    }
    // Idle timeout refreshed by use, never past the absolute lifetime; the cookie follows.
    session->expiresAt = std::min(now + m_options.sessionSeconds, session->createdAt + m_options.sessionMaxSeconds);
    (void)m_storage.putHrSession(tokenHash, *session);
    if (request.method == "POST" && request.path == "/hr/logout") {
        auto form = parseForm(request.body);
        if (form["csrf"].empty() || !crypto::sameSecret(form["csrf"], session->csrf)) return forbidden();
        (void)m_storage.deleteHrSession(tokenHash);
        (void)m_storage.purgeHrSessions(now, now - m_options.sessionMaxSeconds);
        ApiResponse r = seeOther("/hr/");
        r.headers.push_back({"Set-Cookie", setCookie(sessionCookie(peer.secure), "", peer.secure, 0)});
        return r;
    }
    ApiResponse r = route(*session, request);
    r.headers.push_back(
        {"Set-Cookie", setCookie(sessionCookie(peer.secure), token, peer.secure, session->expiresAt - now)});
    return r;
}

}  // namespace osm::server
