// Reads only ids, owners, years and states: nothing is opened to decide who reads it.
#include "api/transfer_reading.h"

#include "domain/annual_clock.h"
#include "domain/discussion.h"

#include <algorithm>
#include <map>

namespace osm::server {
namespace {

// The year the person came to their present unit: that of their latest departure (0: never moved).
int arrivalYear(SyncStorage& storage, const std::string& staffNumber) {
    auto departures = storage.departuresOf(staffNumber);
    if (!departures || departures->empty()) return 0;
    return domain::dateOfUnixSeconds(departures->back().at).year;
}

bool isSubmitted(const Result<std::optional<ServerRecord>>& r) {
    return r && r->has_value() && (*r)->state == sync::RecordStateWire::Submitted;
}

}  // namespace

std::string subjectOf(const ServerRecord& r) {
    const auto id = domain::parseStructuredId(r.id);
    return id && (id->kind == "agreement" || id->kind == "confirmation") ? id->subject : r.owner;
}

void keepCurrentTenure(SyncStorage& storage, const std::string& manager, const std::vector<std::string>& reports,
                       std::vector<ServerRecord>& readable) {
    std::map<std::string, int> arrival;
    for (const std::string& report : reports) {
        if (const int year = arrivalYear(storage, report); year != 0) arrival[report] = year;
    }
    if (arrival.empty()) return;
    // The year of arrival is the new manager's unless the former one has recorded its discussion.
    auto heldByAnother = [&](const std::string& report, int year) {
        auto agreement = storage.record(domain::agreementRecordId(year, report));
        return agreement && agreement->has_value() && (*agreement)->owner != manager;
    };
    std::erase_if(readable, [&](const ServerRecord& r) {
        const auto it = arrival.find(subjectOf(r));
        if (it == arrival.end()) return false;
        return r.year < it->second || (r.year == it->second && heldByAnother(it->first, r.year));
    });
}

void addDiscussionsHeldBefore(SyncStorage& storage, const std::string& manager, const std::vector<std::string>& reports,
                              std::vector<ServerRecord>& readable) {
    auto recorded = storage.recordsOwnedBy(manager);
    if (!recorded) return;
    for (const ServerRecord& agreement : *recorded) {
        const auto id = domain::parseStructuredId(agreement.id);
        if (!id || id->kind != "agreement" || agreement.state != sync::RecordStateWire::Submitted) continue;
        if (std::find(reports.begin(), reports.end(), id->subject) != reports.end()) continue;
        readable.push_back(agreement);
        auto confirmation = storage.record(domain::confirmationRecordId(id->year, id->subject, agreement.version));
        if (isSubmitted(confirmation)) readable.push_back(**confirmation);
        auto owned = storage.recordsOwnedBy(id->subject);
        if (!owned) continue;
        for (const ServerRecord& r : *owned) {
            if (r.kind == sync::RecordKindWire::Development && r.year == id->year &&
                r.state == sync::RecordStateWire::Submitted)
                readable.push_back(r);
        }
    }
}

}  // namespace osm::server
