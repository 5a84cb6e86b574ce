// ReadLogStorage: who was handed a record's content other than its author (docs/privacy.md,
// "Who read your records"): by whom, of which version, through which channel, when first and
// last, and how often. The rows go with their record (retention deletes both).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace osm::server {

// One delivery of a record's content.
struct RecordRead {
    std::string recordId;
    // Whom the record is about: the employee of an agreement or a confirmation, else its owner.
    std::string subject;
    std::uint64_t version = 0;
    std::string reader;   // a staff number, or "hr:<account>" for HR
    std::string channel;  // the kiosk's device id, or "web" for the leaders' and HR's pages
    std::int64_t at = 0;  // unix seconds
};

// The deliveries of one version of a record to one reader through one channel, taken together.
struct ReadSummary {
    std::string recordId;
    std::uint64_t version = 0;
    std::string reader;
    std::string readerName;  // from the roster; "" when the reader is not (or no longer) on it
    std::string channel;
    std::int64_t firstAt = 0;
    std::int64_t lastAt = 0;
    std::int64_t count = 0;
    bool operator==(const ReadSummary&) const = default;
};

class ReadLogStorage {
public:
    virtual ~ReadLogStorage() = default;

    // Adds the deliveries in one transaction (nothing for an empty list): a delivery of a version
    // already handed to that reader through that channel counts on its row. Committed without waiting
    // for the disk, like a request's nonce: a power cut (not a crash of the server) may lose the
    // rows of the last moments before it (docs/privacy.md).
    virtual Status logReads(const std::vector<RecordRead>& reads) = 0;
    // The reads of the records about a person (those RecordStorage::recordsAbout lists: their own
    // and the agreements about them), by record id, version and first read.
    virtual Result<std::vector<ReadSummary>> readsAbout(const std::string& staffNumber) = 0;
    // How many deliveries were logged, in all.
    virtual Result<std::int64_t> readCount() = 0;
};

}  // namespace osm::server
