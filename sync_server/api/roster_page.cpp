// A departure and an entry never share a change number, so the merge has one order.
#include "api/roster_page.h"

namespace osm::server {

Status fillRosterPage(SyncStorage& storage, const std::string& unitId, std::int64_t cursor, int limit,
                      sync::PullAnswer& answer) {
    auto changes = storage.rosterSince(unitId, cursor, limit + 1);
    if (!changes) return changes.error();
    auto departures = storage.departuresSince(unitId, cursor, limit + 1);
    if (!departures) return departures.error();
    std::size_t c = 0;
    std::size_t d = 0;
    while (c + d < static_cast<std::size_t>(limit) && (c < changes->size() || d < departures->size())) {
        if (d == departures->size() || (c < changes->size() && (*changes)[c].seq < (*departures)[d].seq)) {
            answer.roster.push_back((*changes)[c].entry);
            answer.nextCursor = (*changes)[c++].seq;
        } else {
            answer.departed.push_back((*departures)[d].entry.person.staffNumber);
            answer.nextCursor = (*departures)[d++].seq;
        }
    }
    answer.more = c < changes->size() || d < departures->size();
    auto keptFrom = storage.keptFrom();
    if (!keptFrom) return keptFrom.error();
    answer.keptFrom = *keptFrom;
    return {};
}

std::optional<sync::RosterEntry> departedFrom(DepartureStorage& storage, const std::string& staffNumber,
                                              const std::string& unitId) {
    auto departures = storage.departuresOf(staffNumber);
    if (!departures) return std::nullopt;
    for (auto it = departures->rbegin(); it != departures->rend(); ++it) {
        if (it->unitId == unitId) return it->entry;
    }
    return std::nullopt;
}

}  // namespace osm::server
