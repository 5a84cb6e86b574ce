// The web areas' shared sessions and request checks. Sections: [requests] [forms] [sessions].
#include "web/web_session.h"

#include "crypto/encoding.h"
#include "crypto/password_hash.h"

#include <algorithm>
#include <chrono>
#include <strings.h>

namespace osm::server {

// [requests] -----------------------------------------------------------------------------------

namespace {

std::string trim(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::int64_t systemSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

WebPeer webPeerOf(const ApiRequest& request, bool secureCookies, const std::vector<std::string>& trustedProxies) {
    WebPeer peer{secureCookies,
                 clientAddress(request.remoteAddress, request.header("X-Forwarded-For"), trustedProxies)};
    if (isTrustedProxy(request.remoteAddress, trustedProxies) &&
        strcasecmp(trim(request.header("X-Forwarded-Proto")).c_str(), "https") == 0)
        peer.secure = true;
    return peer;
}

bool fromOurPage(const ApiRequest& request) {
    const std::string site = request.header("Sec-Fetch-Site");
    if (!site.empty() && site != "same-origin" && site != "none") return false;
    const std::string origin = request.header("Origin");
    if (origin.empty()) return true;
    const std::size_t scheme = origin.find("://");
    const std::string host = request.header("Host");
    return scheme != std::string::npos && !host.empty() && strcasecmp(origin.c_str() + scheme + 3, host.c_str()) == 0;
}

// [forms] --------------------------------------------------------------------------------------

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

std::string newToken(std::size_t bytes) { return crypto::toBase64(crypto::randomBytes(bytes)); }

// A token we made: URL-safe base64 of 24 or 32 random bytes.
bool wellFormedToken(const std::string& token) {
    return token.size() >= 32 && token.size() <= 64 &&
           token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string::npos;
}

bool sameToken(const std::string& sent, const std::string& expected) {
    return !expected.empty() && !sent.empty() && crypto::sameSecret(sent, expected);
}

// [sessions] -----------------------------------------------------------------------------------

// Over TLS the cookies take the __Host- prefix: the browser then accepts them only with Secure,
// Path=/ and no Domain, so no other host (a sibling subdomain, a plain-HTTP page) can plant one.
std::string WebSessions::cookieName(const std::string& base, bool secure) const {
    return secure ? "__Host-" + base : base;
}

std::string WebSessions::setCookie(const std::string& base, const std::string& value, bool secure,
                                   std::int64_t maxAge) const {
    return cookieName(base, secure) + "=" + value + (secure ? "; Path=/; Secure" : "; Path=" + m_realm.path) +
           "; HttpOnly; SameSite=Strict" + (maxAge >= 0 ? "; Max-Age=" + std::to_string(maxAge) : std::string());
}

std::optional<WebSessions::Current> WebSessions::current(const ApiRequest& request, const WebPeer& peer,
                                                         std::int64_t now) {
    const std::string token = cookieValue(request.header("Cookie"), cookieName(m_realm.cookie, peer.secure));
    if (!wellFormedToken(token)) return std::nullopt;
    Current found{{}, token, crypto::contentHash(token)};
    auto row = m_table.find(found.tokenHash);
    if (!row || !row->has_value()) return std::nullopt;
    found.session = **row;
    if (found.session.expiresAt <= now || found.session.createdAt + m_realm.maxSeconds <= now) {
        (void)m_table.remove(found.tokenHash);
        return std::nullopt;
    }
    found.session.expiresAt = std::min(now + m_realm.idleSeconds, found.session.createdAt + m_realm.maxSeconds);
    (void)m_table.put(found.tokenHash, found.session);
    return found;
}

ApiResponse WebSessions::start(const std::string& subject, const WebPeer& peer, std::int64_t now,
                               const std::string& to) {
    (void)m_table.purge(now, now - m_realm.maxSeconds);
    const std::string token = newToken(32);
    const HrSession session{subject, newToken(24), now + m_realm.idleSeconds, now};
    if (!m_table.put(crypto::contentHash(token), session)) return ApiResponse(500, "Palvelinvirhe.");
    ApiResponse r = seeOther(to);
    r.headers.push_back({"Set-Cookie", setCookie(m_realm.cookie, token, peer.secure, m_realm.idleSeconds)});
    r.headers.push_back({"Set-Cookie", setCookie(m_realm.loginCookie, "", peer.secure, 0)});
    return r;
}

ApiResponse WebSessions::end(const Current& current, const WebPeer& peer, std::int64_t now, const std::string& to) {
    (void)m_table.remove(current.tokenHash);
    (void)m_table.purge(now, now - m_realm.maxSeconds);
    ApiResponse r = seeOther(to);
    r.headers.push_back({"Set-Cookie", setCookie(m_realm.cookie, "", peer.secure, 0)});
    return r;
}

void WebSessions::refreshCookie(ApiResponse& response, const Current& current, const WebPeer& peer,
                                std::int64_t now) const {
    response.headers.push_back(
        {"Set-Cookie", setCookie(m_realm.cookie, current.token, peer.secure, current.session.expiresAt - now)});
}

std::string WebSessions::loginToken(const ApiRequest& request, const WebPeer& peer, bool& fresh) const {
    std::string token = cookieValue(request.header("Cookie"), cookieName(m_realm.loginCookie, peer.secure));
    fresh = !wellFormedToken(token);
    return fresh ? newToken(32) : token;
}

std::string WebSessions::loginCookieHeader(const std::string& token, const WebPeer& peer) const {
    return setCookie(m_realm.loginCookie, token, peer.secure, -1);
}

bool WebSessions::loginTokenMatches(const ApiRequest& request, const WebPeer& peer, const std::string& sent) const {
    const std::string expected = cookieValue(request.header("Cookie"), cookieName(m_realm.loginCookie, peer.secure));
    return wellFormedToken(expected) && sameToken(sent, expected);
}

}  // namespace osm::server
