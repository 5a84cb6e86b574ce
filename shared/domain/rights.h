// Who may do what about whom, decided from the roster alone. The sync API (a kiosk's pushes and
// pulls) and the leaders' web pages both ask here, so a right cannot differ between the terminal
// and the browser. Pure functions of the roster: no storage, no I/O; thread-safe.
#pragma once

#include "domain/organisation.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::domain {

// A person who leads (a manager, a principal or daycare director, a service-area director, a
// management-group member, the city's management).
bool leads(const Person& person);
// May have an account on the leaders' web: who leads, and the co-operation committee's members
// (Yt-neuvottelukunta), who confirm the training plans there.
bool usesLeadersWeb(const Person& person);

// `actor` is `subject`'s supervisor as the roster names it.
bool supervises(const Person& actor, const Person& subject);

// Reads `subject`'s submitted development pre-form, and records (and changes) the discussion and
// agreed goals with them: their supervisor only (on the kiosk as on the web).
bool mayRecordDiscussionOf(const Person& actor, const Person& subject);
bool mayReadPreFormOf(const Person& actor, const Person& subject);

// Issues a one-time PIN-setup code for `subject`: the manager of a unit, for the staff of that
// unit whose supervisor they are. Nobody else, and never for themselves.
bool mayIssuePinFor(const Person& actor, const Person& subject);

// Reads a submitted group discussion recorded in `unitId` by `recordedBy` with `participants`:
// the people who took part in it (they were in the room; the recorder is one of them) while they
// are in that unit, and the unit's principals and daycare directors (who summarise the unit's
// discussions). Nobody else of the unit, and nobody who has left it (docs/decisions.md, "Who
// reads a group discussion").
bool mayReadGroupDiscussion(const Person& actor, const std::string& unitId, const std::string& recordedBy,
                            const std::vector<std::string>& participants);

// The cross-unit groups of a service area (domain.md §9): its principals' and daycare directors'
// team (the group kind `principals_and_directors`), and its management group
// (`service_area_management`: the service-area director and the management group's members).
enum class LeaderGroup { PrincipalsAndDirectors, ManagementGroup };
// The cross-unit group a catalogue group kind names; nullopt for a unit's own kinds (`team`).
std::optional<LeaderGroup> leaderGroupOfKind(std::string_view groupKind);
bool isMemberOf(const Person& person, LeaderGroup group, const std::string& serviceAreaId);
// Records the group's discussion (on the leaders' web), and takes part in it: its members, from
// whichever unit of the service area; nobody of another service area.
bool mayRecordGroupOf(const Person& actor, LeaderGroup group, const std::string& serviceAreaId);
bool mayTakePartInGroupOf(const Person& person, LeaderGroup group, const std::string& serviceAreaId);
// Reads a submitted cross-unit group discussion of the service area recorded by `recordedBy`
// with `participants`: those who took part in it (the recorder among them) while they are
// members of the group, and the service area's director. Nobody else, and nobody of another
// service area (docs/decisions.md, "Cross-unit group discussions").
bool mayReadCrossUnitGroupDiscussion(const Person& actor, LeaderGroup group, const std::string& serviceAreaId,
                                     const std::string& recordedBy, const std::vector<std::string>& participants);

// The strategic competence discussion (domain.md §7, §4): the city manager's management group
// (`city_management`) holds it for the whole city and sees every service area; a service area's
// management group (its director and the `management_group` members) holds its own, for that
// service area only. `serviceAreaId` empty: the whole city's view.
bool takesPartInStrategicDiscussion(const Person& person);
bool mayViewStrategyOf(const Person& actor, const std::string& serviceAreaId);
// Training plans (docs/model.md, "Training plans"). A service area's plan is drafted, compiled
// and reviewed by its management group: the service-area director and the group's members of that
// area, nobody of another area. The co-operation committee's members read the plans put to them
// and confirm them.
bool mayPlanForArea(const Person& actor, const std::string& serviceAreaId);
bool mayConfirmPlans(const Person& actor);

}  // namespace osm::domain
