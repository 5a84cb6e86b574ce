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
// POST, refused (403): from our own page (a form sent after the session ended) with the sign-in
// page saying the form was not saved, from elsewhere plainly.
//
// Routes: GET /leaders/ (sign-in or home: own stage, the direct reports' stages), POST
// /leaders/login, GET|POST /leaders/activate (first sign-in with the one-time code), POST
// /leaders/logout, GET /leaders/staff/<staff number> (a report's submitted pre-form), POST
// /leaders/pin (a one-time PIN code for a report of one's unit, as a printable slip), GET|POST
// /leaders/own (one's own pre-form: a draft sealed with the server's storage key, saved with the
// version it was made from, submitted with the kiosk's checks), POST /leaders/confirm (one's own
// agreed goals, shown on the home page, confirmed as their current version), GET|POST
// /leaders/record/<staff number> (a report's discussion recorded by their supervisor), GET|POST
// /leaders/group/new?kind=<group kind> and /leaders/group/<record id> (a cross-unit group
// discussion of one's service area: recorded by a member of the group, read by its participants
// and the service area's director), GET /leaders/autosave.js (the script that saves the own and
// record forms' drafts in the background; a save asked for with Accept: application/json is
// answered with JSON instead of a page), GET /leaders/strategy?scope=city|<service area>&year=Y
// (the strategic discussion's page: the city's management group for the whole city and every
// service area, a service area's management group for its own; domain/rights.h), GET /leaders/plan[?scope=<service area or keskitetty>]
// and POST /leaders/plan (a training plan: its area's management group drafts, compiles and reviews
// it; the co-operation committee reads and confirms the plans put to it), GET /leaders/plans
// (the committee's list of those plans).
#pragma once

#include "api/sync_service.h"
#include "domain/discussion.h"
#include "hr/plan_forms_html.h"
#include "hr/hr_reports.h"
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
    bool hrConfirmsPlans = false;  // the operator's `hr-confirms-plans` (hr_web.h)
};

class LeadersWeb {
public:
    // Fails when the texts (assets/i18n/web/) or the autosave script (assets/web/) do not load.
    static Result<std::unique_ptr<LeadersWeb>> create(SyncStorage& storage, const ServerKeys& keys,
                                                      LeadersWebOptions options);
    ApiResponse handle(const ApiRequest& request);
    // A form refused for its size before it was read (HttpOptions::tooLargePage): 413, a page in
    // the browser's language saying nothing of it was saved and what to do; no session is needed.
    ApiResponse tooLargePage(const ApiRequest& request) const;

private:
    LeadersWeb(SyncStorage& storage, const ServerKeys& keys, LeadersWebOptions options, WebText text,
               std::string autosaveScript);

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
    // The strategic discussion's page (leaders_strategy.cpp).
    ApiResponse strategyPage(Visit& visit);
    ApiResponse issuePin(Visit& visit);
    // A page of the signed-in person; `autosave`: it carries the autosave script (a form that may use it).
    ApiResponse page(const Visit& visit, int status, const std::string& title, const std::string& body,
                     bool autosave = false) const;
    ApiResponse refused(const Visit& visit) const;
    ApiResponse serverError(const Visit& visit) const;
    // The roster person `staffNumber` names, when `right` (domain/rights.h) lets the signed-in
    // person act on them; nullopt for anyone else and for what is not a staff number.
    std::optional<sync::RosterEntry> allowedSubject(const Visit& visit, const std::string& staffNumber,
                                                    bool (*right)(const domain::Person&, const domain::Person&)) const;
    // 400 for a form no page of ours sends (a forged or damaged field): nothing was changed.
    ApiResponse badForm(const Visit& visit, const std::string& problem) const;

    // One's own pre-form of the year (leaders_own.cpp).
    struct OwnPreForm {
        bool loaded = false;                 // false: the storage or the catalogue failed
        std::optional<ServerRecord> record;  // the year's development record, if any
        const catalog::FormTemplate* form = nullptr;
        domain::DevelopmentDiscussion discussion;  // a web draft opened, or a new one
    };
    ApiResponse ownForm(Visit& visit);
    ApiResponse saveOwnForm(Visit& visit);
    OwnPreForm ownPreForm(const Visit& visit, const catalog::Catalog& catalogue, int year);
    ApiResponse ownPage(Visit& visit, int status, const OwnPreForm& own, const catalog::Catalog& catalogue,
                        const std::vector<domain::ValidationIssue>& issues, const std::string& notice);
    // A discussion edited on the web (one's own pre-form, a report's agreement), and a save of it.
    struct Edited {
        std::optional<ServerRecord> record;  // the version the server holds, if any
        ServerRecord next;                   // id, owner, unit, kind, form and year of a new one
        domain::DevelopmentDiscussion discussion;
        std::function<std::string(const domain::DevelopmentDiscussion&)> content;  // the record's JSON
        std::function<std::vector<domain::ValidationIssue>(const domain::DevelopmentDiscussion&)> check;
    };
    struct EditSave {
        enum class Kind { Stored, Malformed, Show } kind = Kind::Show;
        int status = 200;
        std::vector<domain::ValidationIssue> issues;
        bool conflict = false;
        std::string problem;  // Malformed: what was wrong
    };
    Result<EditSave> saveEdited(const Visit& visit, Edited& edited, const catalog::FormTemplate& form,
                                const catalog::Catalog& catalogue);
    std::string conflictNotice(const Visit& visit) const;
    // The autosave script (leaders_autosave.cpp), and a background save's answer: JSON with the
    // version now stored, or what went wrong ({"problem": "conflict" | "invalid"}); nothing of
    // the form's content.
    ApiResponse autosaveScript() const;
    static bool wantsJson(const ApiRequest& request);
    static ApiResponse autosaveAnswer(const EditSave& saved, std::uint64_t version);
    // A report's discussion recorded by their supervisor (leaders_record.cpp).
    bool loadPreFormToRecord(const Visit& visit, const std::string& staffNumber, int year,
                             const catalog::FormTemplate& form, const catalog::Catalog& catalogue,
                             domain::Agreement& base, std::optional<domain::DevelopmentDiscussion>& preForm);
    ApiResponse recordDiscussion(Visit& visit, const std::string& staffNumber);
    // The agreed goals of one's own discussion and their confirmation (leaders_confirm.cpp).
    std::optional<std::pair<ServerRecord, std::string>> ownAgreement(const Visit& visit, int year) const;
    std::string agreementHtml(const Visit& visit, int year);
    ApiResponse confirmAgreement(Visit& visit);
    std::vector<domain::GoalFollowUp> goalsToFollowUp(const std::string& staffNumber, int year) const;
    // Cross-unit group discussions (leaders_group.cpp): the home page's list, a new one, one
    // continued or read (`id` "new" or a record id), and its form saved.
    struct GroupPage;
    std::string groupSectionHtml(const Visit& visit, int year);
    ApiResponse groupDiscussion(Visit& visit, const std::string& id);
    ApiResponse newGroupDiscussion(Visit& visit);
    ApiResponse groupPage(Visit& visit, int status, const GroupPage& p,
                          const std::vector<domain::ValidationIssue>& issues, const std::string& notice);
    ApiResponse readGroupDiscussion(Visit& visit, GroupPage& p);
    ApiResponse saveGroupDiscussion(Visit& visit, GroupPage& p);
    // A new discussion's follow-up: the development priorities of the group's previous discussion
    // (the same kind and service area, the latest year before `p`'s, one the signed-in person may
    // read), unmarked, into `p.discussion.followUp`, its delivery in the read log. False when
    // the storage failed.
    bool takePreviousPriorities(const Visit& visit, GroupPage& p);
    // Training plans (leaders_plan.cpp): a service area's plan (`scope`) drafted, compiled and
    // reviewed by its management group; the plans put to the co-operation committee, listed,
    // read and confirmed by its members. `error` (with its status): a step just refused.
    std::string planLinksHtml(const Visit& visit) const;
    // The year's plan of `scope` and what the signed-in person may do with it; nullopt with
    // `failure` (403 for an unknown scope, 500) when it cannot be shown.
    struct PlanVisit;
    std::optional<PlanVisit> openPlan(const Visit& visit, const std::string& scope,
                                      std::optional<ApiResponse>& failure);
    ApiResponse committeePlans(Visit& visit);
    ApiResponse planPage(Visit& visit, const std::string& scope, int status, const std::string& error);
    std::string areaPlanForms(const Visit& visit, const PlanForms& f, const TrainingPlan& plan, const HrData& data);
    ApiResponse planAction(Visit& visit);
    // A record the storage key sealed (a submission, a web draft), opened.
    Result<std::string> openSealed(const ServerRecord& record) const;
    // Stores a record written on the web for `author`: the sync API's checks (`refusal` says why
    // it was refused), sealed with the storage key, on top of `baseVersion` (Conflict when
    // another save came first). A draft is marked sealed by the server.
    Result<PutOutcome> storeWritten(ServerRecord record, std::uint64_t baseVersion, const std::string& plain,
                                    const sync::RosterEntry& author, std::string& refusal);

    SyncStorage& m_storage;
    const ServerKeys& m_keys;
    LeadersWebOptions m_options;
    WebText m_text;
    std::string m_autosaveScript;
    SignInThrottle m_throttle;
    PasswordCheckGate m_gate;
    WebSessions m_sessions;
    SyncService m_rules;  // the sync API's rules for what is written on the web
};

// A one-time sign-in code for a roster person who leads, valid `validSeconds` (the operator's
// `leader-code`). Refused for anyone else. The server keeps only its Argon2id hash.
Result<std::string> createLeaderSignInCode(SyncStorage& storage, const std::string& staffNumber,
                                           std::int64_t validSeconds, std::int64_t now);
// Sets a leader's password directly (the demo's accounts); at least 12 characters.
Status setLeaderPassword(SyncStorage& storage, const std::string& staffNumber, const std::string& password);

}  // namespace osm::server
