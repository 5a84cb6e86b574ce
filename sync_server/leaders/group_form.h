// A cross-unit group discussion (the principals' and directors' team, the service area's
// management group) as an HTML form of the leaders' web, the posted form read back, and the
// submitted discussion shown to its readers: participants ticked from the group's members across
// units, the four themes answered under each point of view of the group kind separately (answer
// keys domain::viewpointAnswerKey). No JavaScript; errors beside their fields. Pure functions.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "domain/discussion.h"
#include "web/web_text.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace osm::server {

// A member of the group, as the participant list shows them.
struct GroupMember {
    std::string staffNumber;
    std::string name;
    std::string title;
    std::string place;  // their unit's name, or the service area's for someone above the unit level
};

// Reads the posted fields into `out` (which holds the discussion as the server has it: form,
// kind, year, service area, recorder). Field names: `p.<staff number>` = 1 for a participant
// (only a member of `members`), `a.<answer key>` for an answer under a point of view of `kind`,
// `f<i>.mark` and `f<i>.comment` for the previous discussion's priorities `out.followUp` holds;
// `csrf`, `version`, `action`, `kind`, `year` are the page's own and skipped. An error
// (InvalidInput, naming the field) for anything else, a participant who is not a member, or a
// value that is not plain text: nothing is read then. A text over its limit is read and
// reported in `tooLong`.
Status readGroupForm(const std::map<std::string, std::string>& fields, const catalog::FormTemplate& form,
                     const catalog::GroupKind& kind, const std::vector<GroupMember>& members,
                     domain::GroupDiscussion& out, std::vector<domain::ValidationIssue>& tooLong);

struct GroupFormView {
    std::string action;  // where it posts
    std::string csrf;
    std::uint64_t version = 0;  // the version the page was made from (a stale save is refused)
    std::vector<domain::ValidationIssue> issues;
    std::vector<GroupMember> members;
    std::vector<int> years;  // a new discussion's years to choose from; empty once it has one
};

std::string groupFormHtml(const WebText& text, catalog::Lang lang, const catalog::FormTemplate& form,
                          const catalog::GroupKind& kind, const domain::GroupDiscussion& discussion,
                          const GroupFormView& view);

// The submitted discussion, read-only: participants (names from `members`, else the staff
// number), the previous discussion's priorities as marked, then each point of view's answers
// theme by theme.
std::string groupDiscussionHtml(const WebText& text, catalog::Lang lang, const catalog::FormTemplate& form,
                                const catalog::GroupKind& kind, const domain::GroupDiscussion& discussion,
                                const std::vector<GroupMember>& members);

}  // namespace osm::server
