// HR's web pages, served by the sync server under /hr/: sign-in (Argon2id password hashes, a
// bounded number checked at once, wrong passwords slowed per name and source with growing
// delays), sessions that end after 30 idle minutes and at the latest 10 hours after sign-in,
// completion per service area and unit (filterable, any year by ?year=), the released aggregates
// (hr_release.h: the latest, or ?release=N; a form makes the next release), both with the whole
// city's total and drawn as charts (hr_charts.h), the years before side by side, the annual clock per
// sector, the training plans with their workflow (/hr/plan), and downloads (CSV for
// spreadsheets, JSON, the summary per service area as Markdown and as printable HTML).
// Every POST carries a token (the sign-in form one bound to a pre-session cookie, the others the
// session's CSRF token) and is refused from another origin. Cookies are HttpOnly and
// SameSite=Strict; over TLS, or behind a trusted proxy that says https, they are Secure and
// named with the __Host- prefix (docs/security.md, "HR's pages").
// Every page and download is in Finnish, Swedish or English (web/web_text.h: ?lang=, remembered
// in a cookie, else the browser's Accept-Language, else Finnish), with a language switch on top.
#pragma once

#include "hr/hr_reports.h"
#include "hr/training_plan.h"
#include "hr/signin_guard.h"
#include "api/api_types.h"
#include "ops/server_keys.h"
#include "web/web_session.h"
#include "web/web_text.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace osm::server {

struct HrWebOptions {
    std::function<std::int64_t()> now;
    std::filesystem::path assetsDir;
    int minGroupSize = 5;
    double releaseEpsilon = 1.0;  // offered for a release (docs/privacy.md)
    double yearBudget = 2.0;      // a year's privacy budget, fixed by its first release
    bool secureCookies = false;   // the server itself serves TLS
    // Addresses of reverse proxies (nginx) whose X-Forwarded-Proto and X-Forwarded-For are
    // believed; from anyone else those headers are ignored.
    std::vector<std::string> trustedProxies;
    std::int64_t sessionSeconds = 30 * 60;          // idle
    std::int64_t sessionMaxSeconds = 10 * 60 * 60;  // absolute, from sign-in
    int passwordChecks = 0;                         // Argon2id checks at once; 0: one per core, at most 8
    int passwordQueue = -1;                         // sign-ins waiting for one; -1: 4 per check
    SignInThrottleOptions throttle;
    // The operator's switch `hr-confirms-plans`: HR records the co-operation committee's
    // confirmation of the training plans, as before the committee signed in itself.
    bool hrConfirmsPlans = false;
};

class HrWeb {
public:
    // Fails when the texts (assets/i18n/web/ under options.assetsDir) do not load.
    static Result<std::unique_ptr<HrWeb>> create(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options);
    HrWeb(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options, WebText text);
    ApiResponse handle(const ApiRequest& request);

private:
    using Peer = WebPeer;
    ApiResponse answer(const PageText& t, const ApiRequest& request, const Peer& peer);
    ApiResponse loginPage(const PageText& t, const ApiRequest& request, const Peer& peer, int status,
                          const std::string& error);
    ApiResponse login(const PageText& t, const ApiRequest& request, const Peer& peer);
    ApiResponse checkPassword(const PageText& t, const std::string& username, std::string& password, const Peer& peer,
                              std::int64_t now);
    ApiResponse route(const PageText& t, const HrSession& session, const ApiRequest& request);
    ApiResponse page(const PageText& t, const HrSession& session, const ApiRequest& request, int year,
                     const std::string& error = {});
    ApiResponse download(const PageText& t, const std::string& what, int year, const std::string& release);
    ApiResponse releaseAction(const PageText& t, const HrSession& session, const ApiRequest& request);
    // The plan page, with `error` (and its status) when a step was just refused.
    ApiResponse planPage(const PageText& t, const HrSession& session, int year, const std::string& scope, int status,
                         const std::string& error);
    ApiResponse planAction(const PageText& t, const HrSession& session, const ApiRequest& request);
    // What a service area's plan or the central plan offers HR as its next steps (hr_web.cpp).
    std::string planStepForms(const PageText& t, const HrSession& session, const TrainingPlan& plan, const HrData& data,
                              int year);

    SyncStorage& m_storage;
    const ServerKeys& m_keys;
    HrWebOptions m_options;
    WebText m_text;
    SignInThrottle m_throttle;
    PasswordCheckGate m_gate;
    WebSessions m_sessions;
};

// Hashes a password for an HR account (crypto::hashPassword: Argon2id, 64 MiB, 3 passes);
// refuses one shorter than 12 characters.
Result<std::string> hashHrPassword(const std::string& password);
bool hrPasswordMatches(const std::string& hash, const std::string& password);

}  // namespace osm::server
