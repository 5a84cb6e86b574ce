// What a person pull covers beyond the records themselves: the years it reads, how far back a
// person's own agreements go (the follow-up of agreed goals), the earlier group discussions a team
// member follows up, and who read the person's records (the read log, as the pull answer carries
// it). Split from sync_service.cpp.
#pragma once

#include "domain/organisation.h"
#include "storage/catalog_storage.h"
#include "storage/completion_storage.h"
#include "storage/read_log_storage.h"
#include "storage/record_storage.h"
#include "sync/messages.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace osm::server {

// The years a person pull looks at: the years around today's and any with a published catalogue.
std::vector<int> yearsToRead(CatalogStorage& catalogs, std::int64_t now);

// The years of a person's own agreements a pull brings: `years`, and the ones back to the
// shortest retention period, so the follow-up of the goals agreed finds the latest earlier
// discussion also in the alternating-year sectors, where it was two years back.
std::vector<int> ownAgreementYears(std::vector<int> years, std::int64_t now);

// The submitted group discussions of `me`'s unit that `me`'s pull brings for the follow-up of the
// team's previous discussion: for each group kind, those of the latest year before `thisYear`
// that `me` may read as one who took part (domain::mayReadGroupDiscussion). `open` opens a
// submission's content (sealed with the storage key) to see who took part; a row it cannot open,
// or content that is not a group discussion, is skipped. Empty when storage fails (the pull goes
// without them rather than not at all).
std::vector<ServerRecord> earlierGroupDiscussionsOf(
    RecordStorage& records, const domain::Person& me, int thisYear,
    const std::function<Result<std::string>(const ServerRecord&)>& open);

// Who was handed the content of the person's records, taken together per version, reader and
// channel; empty when the log cannot be read (the answer goes without them rather than not at all).
std::vector<sync::RecordReads> readsOfRecordsAbout(ReadLogStorage& log, const std::string& staffNumber);

// Who takes a pull's content, for the read log: the kiosk's device id, and when.
struct ReadChannel {
    std::string channel;
    std::int64_t at = 0;
};

// The completions (Priima's, Oss's) of `me` and of `reports` (a manager's direct reports) for the
// pull answer; each report's that go out are a read of "completions:<staff number>" by `me`, added
// to `reads` (docs/protocol.md, "completions"). Empty when storage fails (the pull goes without).
std::vector<sync::Completion> completionsFor(CompletionStorage& storage, const std::string& me,
                                             const std::vector<std::string>& reports, const ReadChannel& via,
                                             std::vector<RecordRead>& reads);

}  // namespace osm::server
