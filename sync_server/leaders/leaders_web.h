// The leaders' web pages under /leaders/: for roster people who lead (domain/rights.h: leads()).
// Sign-in with staff number and password; the password is set by the person with a one-time
// code from an operator (`leader-code`), at least 12 characters, Argon2id. The same protections
// as HR's pages (web/web_session.h, hr/signin_guard.h): wrong passwords and codes slowed per name
// and source, a bounded number of Argon2id checks at once, sessions that end after 30 idle
// minutes and 10 hours after sign-in, HttpOnly SameSite=Strict (__Host- over TLS) cookies, a
// token on every POST and POSTs from other origins refused, a strict CSP and no caching.
//
// Every page decides on the server what the signed-in person may see or do, from the roster, by
// domain/rights.h (the rules the sync API applies to kiosks). A refusal answers 403 with no
// content of the thing refused; a signed-out request is sent to the sign-in page (303) or, for a
// POST, refused (403).
//
// Routes: GET /leaders/ (sign-in or home: own stage, the direct reports' stages), POST
// /leaders/login, GET|POST /leaders/activate (first sign-in with the one-time code), POST
// /leaders/logout, GET /leaders/staff/<staff number> (a report's submitted pre-form), POST
// /leaders/pin (a one-time PIN code for a report of one's unit, as a printable slip).
#pragma once

#include "hr/signin_guard.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"
#include "web/web_session.h"
#include "web/web_text.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace osm::server {

struct LeadersWebOptions {
    std::function<std::int64_t()> now;
    std::filesystem::path assetsDir;
    bool secureCookies = false;
    std::vector<std::string> trustedProxies;
    std::int64_t sessionSeconds = 30 * 60;
    std::int64_t sessionMaxSeconds = 10 * 60 * 60;
    int passwordChecks = 0;  // Argon2id checks at once; 0: one per two cores, at least 1, at most 4
    int passwordQueue = -1;  // -1: 4 per check
    SignInThrottleOptions throttle;
};

class LeadersWeb {
public:
    // Fails when the texts (assets/i18n/web/) do not load.
    static Result<std::unique_ptr<LeadersWeb>> create(SyncStorage& storage, const ServerKeys& keys,
                                                      LeadersWebOptions options);
    ApiResponse handle(const ApiRequest& request);

private:
    LeadersWeb(SyncStorage& storage, const ServerKeys& keys, LeadersWebOptions options, WebText text);

    // What a page needs: who is signed in, and in which language the page is.
    struct Visit {
        const ApiRequest& request;
        catalog::Lang lang;
        WebSessions::Current session;
        sync::RosterEntry me;
    };
    ApiResponse signInPage(const ApiRequest& request, const WebPeer& peer, catalog::Lang lang, int status,
                           const std::string& error, bool activation);
    ApiResponse signIn(const ApiRequest& request, const WebPeer& peer, catalog::Lang lang, bool activation);
    ApiResponse route(Visit& visit);
    ApiResponse home(Visit& visit);
    ApiResponse preForm(Visit& visit, const std::string& staffNumber);
    ApiResponse issuePin(Visit& visit);
    ApiResponse page(const Visit& visit, int status, const std::string& title, const std::string& body) const;
    ApiResponse refused(const Visit& visit) const;

    SyncStorage& m_storage;
    const ServerKeys& m_keys;
    LeadersWebOptions m_options;
    WebText m_text;
    SignInThrottle m_throttle;
    PasswordCheckGate m_gate;
    WebSessions m_sessions;
};

// A one-time sign-in code for a roster person who leads, valid `validSeconds` (the operator's
// `leader-code`). Refused for anyone else. The server keeps only its Argon2id hash.
Result<std::string> createLeaderSignInCode(SyncStorage& storage, const std::string& staffNumber,
                                           std::int64_t validSeconds, std::int64_t now);
// Sets a leader's password directly (the demo's accounts); at least 12 characters.
Status setLeaderPassword(SyncStorage& storage, const std::string& staffNumber, const std::string& password);

}  // namespace osm::server
