// The rights of domain/rights.h. Supervision is the roster's `manager` field, nothing else: a
// title or a role alone gives no right over anyone.
#include "domain/rights.h"

#include <algorithm>

namespace osm::domain {

bool leads(const Person& person) {
    return person.isManager() || person.isPrincipalOrDirector() || person.has(Role::ServiceAreaDirector) ||
           person.has(Role::ManagementGroup) || person.has(Role::CityManagement);
}

bool supervises(const Person& actor, const Person& subject) {
    return !actor.staffNumber.empty() && actor.staffNumber != subject.staffNumber &&
           subject.managerStaffNumber == actor.staffNumber;
}

bool mayRecordDiscussionOf(const Person& actor, const Person& subject) { return supervises(actor, subject); }

bool mayReadPreFormOf(const Person& actor, const Person& subject) { return supervises(actor, subject); }

bool mayIssuePinFor(const Person& actor, const Person& subject) {
    return supervises(actor, subject) && !actor.unitId.empty() && actor.unitId == subject.unitId;
}

bool mayReadGroupDiscussion(const Person& actor, const std::string& unitId, const std::string& recordedBy,
                            const std::vector<std::string>& participants) {
    if (actor.staffNumber.empty() || unitId.empty() || actor.unitId != unitId) return false;
    if (actor.isPrincipalOrDirector()) return true;
    return actor.staffNumber == recordedBy ||
           std::find(participants.begin(), participants.end(), actor.staffNumber) != participants.end();
}

bool isMemberOf(const Person& person, LeaderGroup group, const std::string& serviceAreaId) {
    if (serviceAreaId.empty() || person.serviceAreaId != serviceAreaId) return false;
    switch (group) {
    case LeaderGroup::PrincipalsAndDirectors: return person.isPrincipalOrDirector();
    case LeaderGroup::ManagementGroup:
        return person.has(Role::ServiceAreaDirector) || person.has(Role::ManagementGroup);
    }
    return false;
}

bool mayReadGroupOf(const Person& actor, LeaderGroup group, const std::string& serviceAreaId) {
    return isMemberOf(actor, group, serviceAreaId) ||
           (actor.has(Role::ServiceAreaDirector) && actor.serviceAreaId == serviceAreaId);
}

}  // namespace osm::domain
