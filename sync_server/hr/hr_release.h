// Released figures: the only source of HR's aggregate figures (docs/privacy.md). A release is
// computed once, on the organisation as it stands at that moment, with closed suppression and
// discrete Laplace noise drawn once per count; it is stored and never
// recomputed, so downloading it again, filtering it or importing a new roster changes nothing
// in it. A year's releases together spend at most the year's privacy budget (epsilon), and a
// later release is refused unless every group and competence whose number of responses changed
// since the previous one changed by at least the minimum group size.
#pragma once

#include "hr/hr_noise.h"
#include "hr/hr_reports.h"
#include "storage/release_storage.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

struct ReleaseParameters {
    double epsilon = 1.0;     // privacy loss this release spends
    double yearBudget = 2.0;  // the year's total; the first release of a year fixes it
    int minGroupSize = 5;     // never below 3
};

// What one person's submission may add to the counts: at most this many goals, this many
// methods per goal and this many followed-up goals are counted (a form rarely has more; more
// are left out of the figures).
constexpr int kCountedGoals = 3;
constexpr int kCountedMethodsPerGoal = 3;

struct Release {
    int year = 0;
    int seq = 0;
    std::int64_t releasedAt = 0;
    std::string releasedBy;
    double epsilon = 0;
    double yearBudget = 0;
    double spent = 0;  // the year's releases up to and including this one
    int minGroupSize = 5;
    int sensitivity = 0;  // counts one person can change, unit and area together
    double noiseScale = 0;
    int noise95 = 0;  // every count is within ± this of the truth with 95 % probability
    std::vector<GroupAggregate> groups;
    // The whole city (service area and unit ids empty): sums of the service areas' released
    // counts, hidden by the same rule (noisyGroups); none in releases made before it had one.
    std::optional<GroupAggregate> city;
};

// How many released counts one submission can change: per group one rating per competence, its
// distinct goal competences and distinct methods, the marks of its followed-up goals, and its
// agreed goals naming a Priima course and the completed ones among them; twice (unit and area). Response counts are
// exact: who answered is what the completion report shows anyway.
int releaseSensitivity(const catalog::Catalog& catalog);

// The exact counts a release is computed from, per group key ("area/unit", "area/" for the
// total) and cell ("n", "r:<competence>:<value>", "g:<competence>", "m:<method>",
// "f:<mark>": followed-up goals given that mark, "p:goals": agreed goals naming a Priima course,
// and "p:completed": those of them completed in Priima).
using ReleaseCells = std::map<std::string, std::map<std::string, int>>;
ReleaseCells exactCells(const domain::Organisation& org, const catalog::Catalog& catalog,
                        const std::vector<SubmittedDiscussion>& submitted);

// The release's figures from exact cells: closed suppression decided on the exact numbers of
// who answered (hr_reports.h), then noise on every count of the shown groups and cells that the
// catalogue allows (also on those that are zero). Groups nobody answered in are left out.
// With `city`, also the whole city's figures into it: the exact counts of who answered summed
// over the service areas' totals, every other count the sum of the areas' noisy ones (no noise
// of its own, no budget of its own, so its counts are noisier than ±noise95: up to √areas times).
// The city, or a competence of it, is hidden when under the minimum or when the areas' hidden
// part of it adds up to something under the minimum (docs/security.md, "Whole-city totals").
std::vector<GroupAggregate> noisyGroups(const domain::Organisation& org, const catalog::Catalog& catalog,
                                        const ReleaseCells& exact, double scale, int minimum, const RandomBits& bits,
                                        GroupAggregate* city = nullptr);

// Empty when `current` may follow `previous`; else why not (no group or unit named: the
// refusal itself must not tell whose answer came in).
std::string changedTooLittle(const ReleaseCells& previous, const ReleaseCells& current, int minimum);

// Computes the year's next release from the server's current data and stores it. Refused
// (ErrorCode::Refused) when it would overspend the year's budget or changes some count by less
// than the minimum; nothing is stored then.
Result<Release> publishRelease(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir,
                               int year, const ReleaseParameters& parameters, const std::string& by, std::int64_t now,
                               const RandomBits& bits = systemRandomBits());

// The year's releases, oldest first.
Result<std::vector<Release>> loadReleases(ReleaseStorage& storage, int year);

// The year's releases and the one a view shows: release number `wanted`, else the latest.
struct ReleaseChoice {
    std::vector<Release> all;
    int index = -1;  // into all; -1: nothing released yet
    const Release* shown() const { return index < 0 ? nullptr : &all[static_cast<std::size_t>(index)]; }
    // The shown release's groups; none without a release.
    const std::vector<GroupAggregate>& groups() const;
    // The same and, last, the whole city's, when the release has one.
    std::vector<GroupAggregate> groupsWithCity() const;
};
Result<ReleaseChoice> chooseRelease(ReleaseStorage& storage, int year, const std::string& wanted);

std::string releaseToJson(const Release& release);
// HR's JSON download: the release as stored, with its labels ("labels": fi, sv, en); for no
// release, only the labels and no groups.
std::string releaseDownloadJson(const Release* release);
Result<Release> releaseFromJson(const std::string& text);

// What kind of figure HR sees, in "fi", "sv" or "en": released when, with how much noise,
// which cells are hidden. `release` null: nothing released for the year yet.
std::string releaseLabel(const Release* release, const std::string& language);
// The same in Finnish, Swedish and English, in that order.
std::vector<std::string> releaseLabels(const Release* release);

}  // namespace osm::server
