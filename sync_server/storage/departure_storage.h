// DepartureStorage: who left which unit, as a change of the roster that the unit's kiosks pull
// (docs/protocol.md, "departed"). A leaver is removed from the roster; a transfer stays on it in
// the new unit. Either way the unit left gets a departure, with the roster entry as it was, so
// a kiosk there can still push the person's unsent drafts and then erase them.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "domain/organisation.h"
#include "sync/roster.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

struct Departure {
    std::int64_t seq = 0;  // on the roster's change sequence
    std::string unitId;    // the unit left
    std::int64_t at = 0;   // unix seconds
    bool left = false;     // left the organisation; false: moved to another unit
    // As the roster held the person in the unit left: credentials blanked, the person key kept
    // (it verifies the drafts that were still to be pushed).
    sync::RosterEntry entry;
};

class DepartureStorage {
public:
    virtual ~DepartureStorage() = default;

    // Stores each departure under the roster's next change number (its `seq` is set here) and
    // removes each leaver (`left`) from the roster, all in one transaction. A person's earlier
    // departure from the same unit is replaced.
    virtual Status recordDepartures(std::vector<Departure>& departures) = 0;
    // Departures from the unit after `cursor`, oldest first, at most `limit`; a person who is in
    // the unit again (back on the roster there) is left out.
    virtual Result<std::vector<Departure>> departuresSince(const std::string& unitId, std::int64_t cursor,
                                                           int limit) = 0;
    // The person's departures, oldest first.
    virtual Result<std::vector<Departure>> departuresOf(const std::string& staffNumber) = 0;
};

}  // namespace osm::server
