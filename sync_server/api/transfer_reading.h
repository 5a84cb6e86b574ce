// What a manager reads of a person who moved (docs/decisions.md, "Leavers and transfers"): the
// discussion of a year belongs to the manager who held it. The current manager reads a report's
// records from the year the report came (the year of their latest departure from a unit) on, that
// year only if nobody else has recorded its discussion; a former manager keeps reading the
// records of each year in which they recorded the person's discussion (its agreement).
#pragma once

#include "storage/sync_storage.h"

#include <string>
#include <vector>

namespace osm::server {

// Whom a record is about: the employee of an agreement or confirmation, else its owner.
std::string subjectOf(const ServerRecord& r);

// Removes from `readable` the records about `reports` (their pre-forms, the agreements and
// confirmations about them) of years before the report came to `manager`.
void keepCurrentTenure(SyncStorage& storage, const std::string& manager, const std::vector<std::string>& reports,
                       std::vector<ServerRecord>& readable);

// Adds to `readable` the submitted records of people who are no longer `manager`'s reports, of
// each year in which `manager` recorded their discussion: the pre-form, the agreement and the
// confirmation of its current version.
void addDiscussionsHeldBefore(SyncStorage& storage, const std::string& manager, const std::vector<std::string>& reports,
                              std::vector<ServerRecord>& readable);

}  // namespace osm::server
