// The rights of domain/rights.h. Supervision is the roster's `manager` field, nothing else: a
// title or a role alone gives no right over anyone.
#include "domain/rights.h"

#include <algorithm>

namespace osm::domain {

bool leads(const Person& person) {
    return person.isManager() || person.isPrincipalOrDirector() || person.has(Role::ServiceAreaDirector) ||
           person.has(Role::ManagementGroup) || person.has(Role::CityManagement);
}

bool usesLeadersWeb(const Person& person) { return leads(person) || person.has(Role::CooperationCommittee); }

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

std::optional<LeaderGroup> leaderGroupOfKind(std::string_view groupKind) {
    if (groupKind == "principals_and_directors") return LeaderGroup::PrincipalsAndDirectors;
    if (groupKind == "service_area_management") return LeaderGroup::ManagementGroup;
    return std::nullopt;
}

bool mayRecordGroupOf(const Person& actor, LeaderGroup group, const std::string& serviceAreaId) {
    return !actor.staffNumber.empty() && isMemberOf(actor, group, serviceAreaId);
}

bool mayTakePartInGroupOf(const Person& person, LeaderGroup group, const std::string& serviceAreaId) {
    return !person.staffNumber.empty() && isMemberOf(person, group, serviceAreaId);
}

bool mayReadCrossUnitGroupDiscussion(const Person& actor, LeaderGroup group, const std::string& serviceAreaId,
                                     const std::string& recordedBy, const std::vector<std::string>& participants) {
    if (actor.staffNumber.empty() || serviceAreaId.empty() || actor.serviceAreaId != serviceAreaId) return false;
    // The director of the service area reads its groups' discussions, as a principal reads her unit's.
    if (actor.has(Role::ServiceAreaDirector)) return true;
    if (!isMemberOf(actor, group, serviceAreaId)) return false;
    return actor.staffNumber == recordedBy ||
           std::find(participants.begin(), participants.end(), actor.staffNumber) != participants.end();
}

bool takesPartInStrategicDiscussion(const Person& person) {
    return !person.staffNumber.empty() && (person.has(Role::CityManagement) || person.has(Role::ServiceAreaDirector) ||
                                           person.has(Role::ManagementGroup));
}

bool mayViewStrategyOf(const Person& actor, const std::string& serviceAreaId) {
    if (actor.staffNumber.empty()) return false;
    if (actor.has(Role::CityManagement)) return true;
    return !serviceAreaId.empty() && isMemberOf(actor, LeaderGroup::ManagementGroup, serviceAreaId);
}

bool mayPlanForArea(const Person& actor, const std::string& serviceAreaId) {
    return !actor.staffNumber.empty() && isMemberOf(actor, LeaderGroup::ManagementGroup, serviceAreaId);
}

bool mayConfirmPlans(const Person& actor) {
    return !actor.staffNumber.empty() && actor.has(Role::CooperationCommittee);
}

}  // namespace osm::domain
