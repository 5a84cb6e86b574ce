// What HR sees of development discussions: completion per service area and unit, and anonymous
// aggregates of competence self-ratings and chosen 70-20-10 methods (docs/model.md, "What HR gets"). No free text
// ever enters an aggregate. A group smaller than the minimum size is suppressed, and more beside
// it until everything hidden adds up to at least the minimum (closed suppression), so that no
// hidden group, nor any set of them, can be worked out by subtracting the shown ones from a total.
// HR sees these figures only through releases (hr/hr_release.h): frozen, with noise.
#pragma once

#include "catalog/catalog.h"
#include "domain/discussion.h"
#include "domain/organisation.h"
#include "web/web_text.h"

#include <map>
#include <string>
#include <vector>

namespace osm::server {

// One submitted development discussion as HR's reports use it: whose unit, and its content.
struct SubmittedDiscussion {
    std::string unitId;
    std::string serviceAreaId;
    domain::DevelopmentDiscussion content;
    // Of the person's agreed goals of the year (their confirmed-or-not submitted agreement), how
    // many name a Priima course (a `priima.<code>` method), and how many of those have a Priima
    // completion of one of their courses: numbers only, nothing else of the agreement.
    int priimaGoals = 0;
    int priimaCompleted = 0;
};

struct CompletionRow {
    std::string serviceAreaId;
    std::string serviceAreaName;
    std::string unitId;  // empty: the service area's total
    std::string unitName;
    std::string managerName;  // the only name shown
    int due = 0;
    int submitted = 0;
    int drafted = 0;    // a pre-form started, nothing submitted yet
    int discussed = 0;  // the manager's part recorded
    int agreed = 0;     // agreed goals confirmed by the employee
    int late = 0;       // of `submitted`: reached the server after the person's window had ended
};

// How far the year's development discussions have gone besides submission, per unit id.
struct DiscussionProgress {
    std::map<std::string, int> drafted;
    std::map<std::string, int> discussed;
    std::map<std::string, int> agreed;
    std::map<std::string, int> late;
};

// Due: people of the unit for whom the annual clock makes a development discussion due in the
// year; submitted: their submitted pre-forms of that year; the rest from `progress`.
std::vector<CompletionRow> completion(const domain::Organisation& org, const catalog::Catalog& catalog, int year,
                                      const std::vector<SubmittedDiscussion>& submitted,
                                      const DiscussionProgress& progress = {});

// `rows` and, last, the whole city's (service area and unit ids empty, its name `cityName`): the
// sum of the service areas' totals. Completion is not suppressed (who answered is no secret
// among those who lead them), so neither is the city's.
std::vector<CompletionRow> withCityTotal(std::vector<CompletionRow> rows, const std::string& cityName);

struct CompetenceAggregate {
    std::string competenceId;
    int responses = 0;
    double mean = 0;
    std::vector<int> distribution;  // count per scale value, min..max
};

struct GroupAggregate {
    std::string serviceAreaId;
    std::string unitId;  // empty: the whole service area
    int responses = 0;   // submitted discussions in the group
    bool suppressed = false;
    std::string suppressedBecause;  // "small" or "complementary"
    std::vector<CompetenceAggregate> competences;
    std::map<std::string, int> methods;     // method id → how many goals chose it
    std::map<std::string, int> categories;  // 70/20/10 category id → methods chosen
    // Future competence needs: competence id → learning goals aimed at it ("" for goals tied to
    // none), and the methods those goals chose.
    std::map<std::string, int> goalCompetences;
    std::map<std::string, std::map<std::string, int>> goalMethods;
    // The follow-up of goals agreed earlier: mark (domain::kGoalMarks) → followed-up goals given it.
    std::map<std::string, int> followUp;
    // Priima in the agreed goals: "goals" → agreed goals naming a Priima course, "completed" →
    // of them, the goals with a completion in Priima (each count shown only from the minimum up).
    std::map<std::string, int> priima;
};

struct AggregateOptions {
    int minGroupSize = 5;  // never below 3
};

// Marks `group` suppressed ("small" or "complementary") and clears every figure it had.
void suppressGroup(GroupAggregate& group, const char* because);

// Closed suppression (docs/privacy.md) of one service area: its units' groups and its total,
// first whole groups, then each competence's cells. Suppressed groups keep only their id, their
// flag and why; a hidden competence cell is removed from its group.
void suppressClosed(std::vector<GroupAggregate>& units, GroupAggregate& total, int minimum);
// The rule itself over one set of sibling cells: which to hide ("small", "complementary",
// "hidden" when it came in hidden, nullptr when shown); the last entry is the total's.
std::vector<const char*> closedSuppression(const std::vector<int>& values, std::vector<bool> hidden, int total,
                                           int residual, int minimum);

// Aggregates per unit and per service area. Suppressed groups carry only their id and flag.
std::vector<GroupAggregate> aggregates(const domain::Organisation& org, const catalog::Catalog& catalog,
                                       const std::vector<SubmittedDiscussion>& submitted, AggregateOptions options);

// The follow-up counts in the page's language: "saavutettu 12 · osittain 7 · ei vielä 5" (the
// marks shown).
std::string followUpText(const PageText& t, const std::map<std::string, int>& followUp);
// The Priima counts in the page's language: "Priima-kurssin nimeäviä 12 · niistä suoritettu 7".
std::string priimaText(const PageText& t, const std::map<std::string, int>& priima);

// A number with the Finnish decimal comma ("3,5").
std::string decimalComma(double value, int digits);

// Exports, their headings in the language of `t` (Finnish for the command line). CSV for a Finnish
// spreadsheet: UTF-8 with BOM, semicolons, decimal comma; every cell passes neutraliseCsvCell.
std::string completionCsv(const PageText& t, const std::vector<CompletionRow>& rows);
// `notes`: lines before the header saying what kind of figures these are (hr_release.h).
std::string aggregatesCsv(const PageText& t, const std::vector<GroupAggregate>& groups, const catalog::Catalog& catalog,
                          const std::vector<std::string>& notes = {});
// The follow-up of goals agreed earlier per group: how many followed-up goals got each mark, then
// the year's agreed goals naming a Priima course and how many of them are completed (a count
// under the group's minimum is an empty cell, as on the page).
std::string followUpCsv(const PageText& t, const std::vector<GroupAggregate>& groups,
                        const std::vector<std::string>& notes = {});
std::string aggregatesJson(const std::vector<GroupAggregate>& groups);
// A service area's summary in Markdown, ready to paste on its Teams channel.
std::string serviceAreaSummaryMarkdown(const PageText& t, const std::string& serviceAreaId,
                                       const domain::Organisation& org, const catalog::Catalog& catalog,
                                       const std::vector<CompletionRow>& completionRows,
                                       const std::vector<GroupAggregate>& groups,
                                       const std::vector<std::string>& notes = {});

}  // namespace osm::server

// What the reports need, read from the server: the organisation, the year's catalogue (the
// published one, else the one installed with the program) and the year's submitted development
// discussions, opened with the storage key. Free text is in memory only while aggregating.
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <filesystem>

namespace osm::server {

struct HrData {
    domain::Organisation organisation;
    catalog::Catalog catalog;
    std::vector<SubmittedDiscussion> submitted;
    DiscussionProgress progress;
};

Result<HrData> loadHrData(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir,
                          int year);

// Counts, per unit, the year's development discussions held (the manager's part recorded) and
// agreed (goals confirmed by the employee) into `progress`: a submitted `agreement` record, and
// a `confirmation` of its current version (docs/protocol.md).
Status countDiscussedAndAgreed(RecordStorage& storage, const ServerKeys& keys, const domain::Organisation& org,
                               int year, DiscussionProgress& progress);

// One training need named in a unit's summary (a principal's or daycare director's summary of
// the unit's group discussions): the unit's input to its service area's training plan. Or one
// development priority of a cross-unit group's discussion (the principals' and directors' team,
// the management group): the service area's own input, with no unit (`unitId` empty,
// `unitName` the group's name, `serviceAreaId` its service area).
struct UnitTrainingNeeds {
    std::string unitId;
    std::string unitName;
    std::string competenceId;  // empty: not tied to a common competence
    std::string text;
    std::vector<std::string> methods;  // preferred 70-20-10 method ids
    std::string serviceAreaId;         // a cross-unit group's priority only
};

// The training needs of the year's submitted unit summaries (`unit_summary` records), then the
// development priorities (each line written under "the most important priorities", under every
// point of view) of the year's submitted cross-unit group discussions.
Result<std::vector<UnitTrainingNeeds>> unitTrainingNeeds(SyncStorage& storage, const ServerKeys& keys, int year);
// Adds to `needs` the development priorities of the year's submitted cross-unit group
// discussions (hr/cross_unit_needs.cpp); an error only when the storage fails.
Status addCrossUnitPriorities(SyncStorage& storage, const ServerKeys& keys, int year,
                              std::vector<UnitTrainingNeeds>& needs);

}  // namespace osm::server
