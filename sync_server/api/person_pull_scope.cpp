// The parts of a person pull split from sync_service.cpp (see person_pull_scope.h).
#include "api/person_pull_scope.h"

#include "crypto/secret_buffer.h"
#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "domain/rights.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

namespace osm::server {
namespace {

// How far back a person's own agreements are brought: the shortest retention period (4 years,
// docs/decisions.md "Retention") less this year.
constexpr int kOwnAgreementYearsBack = 3;

}  // namespace

// The years a person pull looks at: the years around today's and any with a published catalogue.
std::vector<int> yearsToRead(CatalogStorage& catalogs, std::int64_t now) {
    const int thisYear = domain::dateOfUnixSeconds(now).year;
    std::vector<int> years{thisYear - 1, thisYear, thisYear + 1};
    if (auto published = catalogs.catalogYears()) {
        for (int year : *published) {
            if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
        }
    }
    return years;
}

// The years of a person's own agreements a pull brings: those above, and the ones back to the
// shortest retention period, so the follow-up of the goals agreed finds the latest earlier
// discussion also in the alternating-year sectors, where it was two years back.
std::vector<int> ownAgreementYears(std::vector<int> years, std::int64_t now) {
    const int thisYear = domain::dateOfUnixSeconds(now).year;
    for (int year = thisYear - kOwnAgreementYearsBack; year < thisYear; ++year) {
        if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
    }
    return years;
}

// Only the latest earlier year's per kind: what the follow-up needs, not the team's whole history
// (docs/decisions.md, "Who reads a group discussion").
std::vector<ServerRecord> earlierGroupDiscussionsOf(
    RecordStorage& records, const domain::Person& me, int thisYear,
    const std::function<Result<std::string>(const ServerRecord&)>& open) {
    std::vector<ServerRecord> out;
    if (me.unitId.empty()) return out;
    auto groups = records.submittedGroupOfUnit(me.unitId);
    if (!groups) return out;
    std::map<std::string, std::vector<ServerRecord>> latestByKind;  // group kind → that year's
    for (ServerRecord& r : *groups) {
        if (r.year >= thisYear) continue;
        auto plain = open(r);
        if (!plain) continue;  // a damaged row is skipped, never served
        auto discussion = domain::groupDiscussionFromJson(*plain);
        crypto::wipe(*plain);
        if (!discussion ||
            !domain::mayReadGroupDiscussion(me, r.unitId, discussion->recordedBy, discussion->participants))
            continue;
        std::vector<ServerRecord>& kept = latestByKind[discussion->groupKind];
        if (!kept.empty() && kept.front().year > r.year) continue;
        if (!kept.empty() && kept.front().year < r.year) kept.clear();
        kept.push_back(std::move(r));
    }
    for (auto& [kind, kept] : latestByKind) std::move(kept.begin(), kept.end(), std::back_inserter(out));
    return out;
}

// Who was handed the content of the person's records, taken together per version, reader and channel.
std::vector<sync::RecordReads> readsOfRecordsAbout(ReadLogStorage& log, const std::string& staffNumber) {
    std::vector<sync::RecordReads> out;
    auto reads = log.readsAbout(staffNumber);
    if (!reads) return out;  // the answer goes without them rather than not at all
    for (ReadSummary& r : *reads) {
        out.push_back({std::move(r.recordId), r.version, std::move(r.reader), std::move(r.readerName),
                       std::move(r.channel), r.firstAt, r.lastAt, r.count});
    }
    return out;
}

std::vector<sync::Completion> completionsFor(CompletionStorage& storage, const std::string& me,
                                             const std::vector<std::string>& reports, const ReadChannel& via,
                                             std::vector<RecordRead>& reads) {
    std::vector<std::string> people{me};
    people.insert(people.end(), reports.begin(), reports.end());
    auto found = storage.completionsOf(people);
    if (!found) return {};
    std::set<std::string> readOf;
    for (const sync::Completion& c : *found) {
        if (c.staffNumber != me) readOf.insert(c.staffNumber);
    }
    for (const std::string& report : readOf)
        reads.push_back({"completions:" + report, report, 0, me, via.channel, via.at});
    return std::move(*found);
}

}  // namespace osm::server
