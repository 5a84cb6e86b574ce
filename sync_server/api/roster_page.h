// The roster part of a pull answer (docs/protocol.md, "POST /api/v1/pull"): the unit's changed
// roster entries and its departures after the cursor, both on the roster's change sequence,
// merged in order and cut at the page's limit.
#pragma once

#include "storage/sync_storage.h"
#include "sync/messages_pull.h"

#include <optional>

namespace osm::server {

// Fills answer.roster, answer.departed, answer.nextCursor (left as given when nothing changed),
// answer.more, and answer.keptFrom (the first year the server keeps: ops/retention.h).
Status fillRosterPage(SyncStorage& storage, const std::string& unitId, std::int64_t cursor, int limit,
                      sync::PullAnswer& answer);

// The roster entry of someone who has left `unitId`, as it was there, or nothing.
std::optional<sync::RosterEntry> departedFrom(DepartureStorage& storage, const std::string& staffNumber,
                                              const std::string& unitId);

}  // namespace osm::server
