// HR pages. Plain server-rendered HTML in Finnish, no scripts; every value is escaped.
#include "hr_web.h"

#include "crypto/encoding.h"
#include "domain/annual_clock.h"

#include <sodium.h>

#include <chrono>

namespace osm::server {

namespace {

constexpr const char* kCookie = "osm_hr";

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string cookieToken(const std::string& header) {
    const std::string key = std::string(kCookie) + "=";
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

ApiResponse html(int status, const std::string& title, const std::string& body) {
    ApiResponse r(status,
                  "<!doctype html><html lang=\"fi\"><head><meta charset=\"utf-8\"><title>" + escape(title) +
                      "</title><style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
                      "td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left}th{background:#e8eef4}"
                      ".muted{color:#777}.error{color:#a00}</style></head><body>" + body + "</body></html>",
                  "text/html; charset=utf-8");
    r.headers.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"});
    r.headers.push_back({"X-Frame-Options", "DENY"});
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
}

ApiResponse redirect(const std::string& to) {
    ApiResponse r(303, "", "text/plain");
    r.headers.push_back({"Location", to});
    return r;
}

std::string loginForm(const std::string& error) {
    return "<h1>Osaamissilta – henkilöstöpalvelut</h1>" + (error.empty() ? std::string() : "<p class=\"error\">" + escape(error) + "</p>") +
           "<form method=\"post\" action=\"/hr/login\"><p><label>Käyttäjätunnus <input name=\"username\" autocomplete=\"username\" required></label></p>"
           "<p><label>Salasana <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>"
           "<p><button type=\"submit\">Kirjaudu</button></p></form>";
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::map<std::string, std::string> parseForm(std::string_view body) {
    std::map<std::string, std::string> out;
    auto decode = [](std::string_view text) {
        std::string value;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+') value += ' ';
            else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
                value += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
                i += 2;
            } else value += text[i];
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

Result<std::string> hashHrPassword(const std::string& password) {
    if (sodium_init() < 0) return makeError(ErrorCode::Internal, "libsodium could not be initialised");
    if (password.size() < 12) return makeError(ErrorCode::InvalidInput, "an HR password must have at least 12 characters");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), 3, 64ULL * 1024 * 1024) != 0) {
        return makeError(ErrorCode::Io, "out of memory while hashing the password");
    }
    return std::string(hash);
}

bool hrPasswordMatches(const std::string& hash, const std::string& password) {
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

HrWeb::HrWeb(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)) {
    if (!m_options.now) {
        m_options.now = [] {
            return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        };
    }
}

ApiResponse HrWeb::login(const ApiRequest& request) {
    auto form = parseForm(request.body);
    const std::string username = form["username"];
    std::string password = form["password"];
    const std::int64_t now = m_options.now();
    auto account = m_storage.hrAccount(username);
    if (!account) return html(500, "Virhe", "<p>Palvelinvirhe.</p>");
    if (account->has_value() && (*account)->lockedUntil > now) {
        crypto::wipe(password);
        return html(429, "Kirjautuminen", loginForm("Liian monta väärää salasanaa. Tunnus on lukittu hetkeksi."));
    }
    // The hash is checked even for an unknown name, so timing does not tell which names exist.
    static const std::string decoy = hashHrPassword("decoy-password-never-used").value();
    const bool match = hrPasswordMatches(account->has_value() ? (*account)->passwordHash : decoy, password);
    crypto::wipe(password);
    if (!account->has_value() || !match) {
        if (account->has_value()) {
            const int failures = (*account)->failures + 1;
            (void)m_storage.setHrFailures(username, failures >= m_options.lockAfter ? 0 : failures,
                                          failures >= m_options.lockAfter ? now + m_options.lockSeconds : 0);
        }
        return html(401, "Kirjautuminen", loginForm("Väärä käyttäjätunnus tai salasana."));
    }
    (void)m_storage.setHrFailures(username, 0, 0);
    const std::string token = crypto::toBase64(crypto::randomBytes(32));
    const HrSession session{username, crypto::toBase64(crypto::randomBytes(24)), now + m_options.sessionSeconds};
    if (!m_storage.putHrSession(crypto::contentHash(token), session)) return html(500, "Virhe", "<p>Palvelinvirhe.</p>");
    ApiResponse r = redirect("/hr/");
    r.headers.push_back({"Set-Cookie", std::string(kCookie) + "=" + token + "; Path=/hr; HttpOnly; SameSite=Strict; Max-Age=" +
                                           std::to_string(m_options.sessionSeconds) + (m_options.secureCookies ? "; Secure" : "")});
    return r;
}

ApiResponse HrWeb::page(const std::string& username, const std::string& csrf, int year) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return html(500, "Virhe", "<p>Tietoja ei voitu lukea: " + escape(data.error().message) + "</p>");
    const auto rows = completion(data->organisation, data->catalog, year, data->submitted);
    const auto groups = aggregates(data->organisation, data->catalog, data->submitted, {m_options.minGroupSize});
    std::string body = "<h1>Kehityskeskustelut " + std::to_string(year) + "</h1><p class=\"muted\">Kirjautunut: " + escape(username) +
                       "</p><form method=\"post\" action=\"/hr/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) +
                       "\"><button type=\"submit\">Kirjaudu ulos</button></form><h2>Toteutuminen</h2><table id=\"completion\">"
                       "<tr><th>Palvelualue</th><th>Yksikkö</th><th>Esihenkilö</th><th>Vuorossa</th><th>Lähetetty</th></tr>";
    for (const CompletionRow& r : rows) {
        body += "<tr><td>" + escape(r.serviceAreaName) + "</td><td>" + (r.unitId.empty() ? "<b>yhteensä</b>" : escape(r.unitName)) +
                "</td><td>" + escape(r.managerName) + "</td><td>" + std::to_string(r.due) + "</td><td>" + std::to_string(r.submitted) + "</td></tr>";
    }
    body += "</table><h2>Osaamisten itsearviot (anonyymi koonti, vähintään " + std::to_string(std::max(m_options.minGroupSize, 3)) +
            " vastausta)</h2><table id=\"aggregates\"><tr><th>Palvelualue</th><th>Yksikkö</th><th>Vastauksia</th><th>Osaaminen</th><th>Keskiarvo</th></tr>";
    for (const GroupAggregate& g : groups) {
        const std::string unit = g.unitId.empty() ? "<b>yhteensä</b>" : escape(g.unitId);
        if (g.suppressed) {
            body += "<tr class=\"suppressed\"><td>" + escape(g.serviceAreaId) + "</td><td>" + unit +
                    "</td><td colspan=\"3\" class=\"muted\">alle vähimmäiskoon – ei näytetä</td></tr>";
            continue;
        }
        for (const CompetenceAggregate& c : g.competences) {
            const catalog::Competence* competence = data->catalog.findCompetence(c.competenceId);
            char mean[16];
            std::snprintf(mean, sizeof mean, "%.1f", c.mean);
            std::string meanText = mean;
            std::replace(meanText.begin(), meanText.end(), '.', ',');
            body += "<tr><td>" + escape(g.serviceAreaId) + "</td><td>" + unit + "</td><td>" + std::to_string(g.responses) + "</td><td>" +
                    escape(competence ? competence->name.fi : c.competenceId) + "</td><td>" + meanText + "</td></tr>";
        }
    }
    body += "</table><h2>Lataukset</h2><ul>"
            "<li><a href=\"/hr/export/completion.csv\">Toteutuminen (CSV)</a></li>"
            "<li><a href=\"/hr/export/aggregates.csv\">Koonti (CSV)</a></li>"
            "<li><a href=\"/hr/export/aggregates.json\">Koonti (JSON)</a></li>";
    for (const domain::ServiceArea& area : data->organisation.serviceAreas) {
        body += "<li><a href=\"/hr/export/summary-" + escape(area.id) + ".md\">Yhteenveto Teamsiin: " + escape(area.name) + "</a></li>";
    }
    body += "</ul>";
    return html(200, "Osaamissilta – henkilöstöpalvelut", body);
}

ApiResponse HrWeb::download(const std::string& what, int year) {
    auto data = loadHrData(m_storage, m_keys, m_options.assetsDir, year);
    if (!data) return html(500, "Virhe", "<p>Tietoja ei voitu lukea.</p>");
    const auto rows = completion(data->organisation, data->catalog, year, data->submitted);
    const auto groups = aggregates(data->organisation, data->catalog, data->submitted, {m_options.minGroupSize});
    auto file = [](std::string body, const char* type, const std::string& name) {
        ApiResponse r(200, std::move(body), type);
        r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + name + "\""});
        r.headers.push_back({"Cache-Control", "no-store"});
        return r;
    };
    const std::string stem = "osaamissilta-" + std::to_string(year);
    if (what == "completion.csv") return file(completionCsv(rows), "text/csv; charset=utf-8", stem + "-toteutuminen.csv");
    if (what == "aggregates.csv") return file(aggregatesCsv(groups, data->catalog), "text/csv; charset=utf-8", stem + "-koonti.csv");
    if (what == "aggregates.json") return file(aggregatesJson(groups), "application/json", stem + "-koonti.json");
    if (what.rfind("summary-", 0) == 0 && what.size() > 11 && what.substr(what.size() - 3) == ".md") {
        const std::string area = what.substr(8, what.size() - 11);
        if (data->organisation.findServiceArea(area) != nullptr) {
            return file(serviceAreaSummaryMarkdown(area, data->organisation, data->catalog, rows, groups), "text/markdown; charset=utf-8",
                        stem + "-" + area + ".md");
        }
    }
    return html(404, "Ei löydy", "<p>Ei löydy.</p>");
}

ApiResponse HrWeb::handle(const ApiRequest& request) {
    if (request.method == "POST" && request.path == "/hr/login") return login(request);
    const std::string token = cookieToken(request.header("Cookie"));
    const std::string tokenHash = token.empty() ? std::string() : crypto::contentHash(token);
    std::optional<HrSession> session;
    if (!token.empty()) {
        if (auto found = m_storage.hrSession(tokenHash); found && found->has_value() && (*found)->expiresAt > m_options.now()) {
            session = **found;
        }
    }
    if (!session) {
        if (request.method == "GET" && (request.path == "/hr" || request.path == "/hr/")) return html(200, "Kirjautuminen", loginForm({}));
        return redirect("/hr/");
    }
    session->expiresAt = m_options.now() + m_options.sessionSeconds;  // idle timeout: refreshed by use
    (void)m_storage.putHrSession(tokenHash, *session);
    if (request.method == "POST" && request.path == "/hr/logout") {
        auto form = parseForm(request.body);
        if (sodium_memcmp(form["csrf"].data(), session->csrf.data(), std::min(form["csrf"].size(), session->csrf.size())) != 0 ||
            form["csrf"].size() != session->csrf.size()) {
            return html(403, "Kielletty", "<p>Lomake ei kelpaa (CSRF). Lataa sivu uudelleen.</p>");
        }
        (void)m_storage.deleteHrSession(tokenHash);
        ApiResponse r = redirect("/hr/");
        r.headers.push_back({"Set-Cookie", std::string(kCookie) + "=; Path=/hr; HttpOnly; SameSite=Strict; Max-Age=0"});
        return r;
    }
    const int year = domain::today().year;
    if (request.method == "GET" && (request.path == "/hr" || request.path == "/hr/")) return page(session->username, session->csrf, year);
    if (request.method == "GET" && request.path.rfind("/hr/export/", 0) == 0) return download(request.path.substr(11), year);
    return html(404, "Ei löydy", "<p>Ei löydy.</p>");
}

}  // namespace osm::server
