// A person's stage, from the records they own and the agreement their supervisor recorded.
#include "api/team_status.h"

#include "domain/discussion.h"

namespace osm::server {

sync::TeamStatus teamStatusOf(RecordStorage& storage, const std::string& staffNumber, int year) {
    sync::TeamStatus status{staffNumber, year, "none", 0, 0};
    if (auto own = storage.recordsOwnedBy(staffNumber)) {
        for (const ServerRecord& r : *own) {
            if (r.kind != sync::RecordKindWire::Development || r.year != year) continue;
            status.preForm = r.state == sync::RecordStateWire::Submitted ? "submitted" : "draft";
        }
    }
    auto agreement = storage.record(domain::agreementRecordId(year, staffNumber));
    if (!agreement || !agreement->has_value() || (*agreement)->state != sync::RecordStateWire::Submitted) return status;
    status.agreementVersion = (*agreement)->version;
    auto confirmation = storage.record(domain::confirmationRecordId(year, staffNumber, status.agreementVersion));
    if (confirmation && confirmation->has_value() && (*confirmation)->state == sync::RecordStateWire::Submitted)
        status.confirmedVersion = status.agreementVersion;
    return status;
}

}  // namespace osm::server
