// HTML for HR: the pieces HR's web pages and the printable per-service-area summary share
// (completion, aggregates, a training plan with its history, the annual clock), in the language
// of the PageText given (assets/i18n/web). Every value is escaped; the markup needs no script and
// no external resource.
#pragma once

#include "hr/hr_reports.h"
#include "ops/schedule_report.h"
#include "api/api_types.h"
#include "hr/hr_release.h"
#include "hr/training_plan.h"
#include "web/web_text.h"

#include <string>
#include <vector>

namespace osm::server {

std::string htmlEscape(const std::string& text);
// "27.11.2026 14.05" in the server's time zone.
std::string formatLocalTime(std::int64_t unixTime);

// The stylesheet every page of HR and the leaders carries inline (its colours: WCAG 2.2 AA).
const char* webStyleSheet();

// A complete, self-contained document (inline CSS, print rules) in language `lang`; with `script`
// (a path on this server), a deferred script from there.
std::string htmlDocument(const std::string& title, const std::string& body, const std::string& lang = "fi",
                         const std::string& script = {});
// The same as an HTTP answer with the web pages' headers (strict CSP, no framing, no caching). A
// page with `script` may run scripts from this origin only, which may talk only to this origin
// (script-src 'self', connect-src 'self'; docs/security.md); a page without may run none.
ApiResponse htmlResponse(int status, const std::string& title, const std::string& body, const std::string& lang = "fi",
                         const std::string& script = {});

// An HR page in `t`'s language (<html lang>), with the language switch on top: its links go to
// `here` (HTML-escaped, the page's own address or where to look again) with lang= added.
ApiResponse hrPageResponse(const PageText& t, int status, const std::string& title, const std::string& body,
                           const std::string& here);
// 403 for a form without its token (CSRF) or from another origin.
ApiResponse hrForbidden(const PageText& t);

// Which part of the organisation a view shows; empty: all.
struct HrFilter {
    std::string serviceAreaId;
    std::string unitId;
    bool shows(const std::string& areaId, const std::string& unit) const;
};

std::string completionTableHtml(const PageText& t, const std::vector<CompletionRow>& rows, const HrFilter& filter);
std::string aggregatesTableHtml(const PageText& t, const std::vector<GroupAggregate>& groups,
                                const domain::Organisation& org, const catalog::Catalog& catalog,
                                const HrFilter& filter);
// The plan's needs, trainings, notes and state history (read only).
std::string planHtml(const PageText& t, const TrainingPlan& plan, const domain::Organisation& org,
                     const catalog::Catalog& catalog);
std::string annualClockHtml(const PageText& t, const std::vector<SectorClock>& clock, int year);
// A plan state's or step's name ("luonnos", "koottu (henkilöstöpalvelut)").
std::string planStateName(const PageText& t, PlanState state);
std::string planActionName(const PageText& t, PlanAction action);

// What kind of figures are shown (hr_release.h), in Finnish, Swedish and English.
std::string releaseLabelHtml(const Release* shown);
// The year's releases (links to each) and the form that makes the next one, with what is left
// of the year's privacy budget.
std::string releaseFormHtml(const PageText& t, const std::vector<Release>& releases, const Release* shown, int year,
                            const std::string& csrf, double defaultEpsilon, double defaultBudget);

// A service area's summary to post on its Teams channel, printable: completion, the released
// aggregates (`groups`, of `release`; its label says what they are), and its training plan.
std::string serviceAreaSummaryHtml(const PageText& t, const std::string& serviceAreaId, const domain::Organisation& org,
                                   const catalog::Catalog& catalog, const std::vector<CompletionRow>& completionRows,
                                   const std::vector<GroupAggregate>& groups, const TrainingPlan& plan,
                                   const Release* release);

}  // namespace osm::server
