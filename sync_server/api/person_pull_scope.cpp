// The parts of a person pull split from sync_service.cpp (see person_pull_scope.h).
#include "api/person_pull_scope.h"

#include "domain/annual_clock.h"

#include <algorithm>

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

}  // namespace osm::server
