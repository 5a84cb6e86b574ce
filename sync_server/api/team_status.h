// How far a person's development discussion of a year has gone, as their supervisor sees it on
// the kiosk's team list and on the leaders' web: the pre-form (none, draft, submitted), the
// submitted agreement's version and the version the person confirmed. From record ids and states
// only: nothing is opened.
#pragma once

#include "storage/record_storage.h"
#include "sync/messages_pull.h"

namespace osm::server {

sync::TeamStatus teamStatusOf(RecordStorage& storage, const std::string& staffNumber, int year);

}  // namespace osm::server
