// HR's summary of a service area's group competence discussions for its Teams channel (domain
// §9: "HR compiles summaries of the group discussions and shares them per service area"): per
// kind of group, what the discussions said under each theme and point of view, the texts sorted
// so their order tells no one which group wrote which, with no group, unit or person named. Only
// discussions of at least the minimum number of participants are used; the rest are counted as
// left out. Free text is opened with the storage key only while the summary is made.
#pragma once

#include "catalog/catalog.h"
#include "domain/organisation.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"
#include "web/web_text.h"

#include <string>
#include <vector>

namespace osm::server {

// One question under one point of view, and every answer given to it.
struct ThemeAnswers {
    std::string section;    // the section's title (a theme)
    std::string question;   // the question's prompt
    std::string viewpoint;  // the point of view; empty when the kind has only one
    std::vector<std::string> texts;
};

struct GroupKindSummary {
    std::string kindId;
    std::string kindName;
    int counted = 0;                   // discussions used
    int leftOut = 0;                   // discussions under the minimum size
    std::vector<ThemeAnswers> themes;  // in the form's order; only those with an answer
};

// The year's submitted group discussions of `serviceAreaId`'s units and its cross-unit groups,
// in the catalogue's group kinds (in `lang`). NotFound for an unknown service area; a record that
// does not open or parse is skipped (it never reaches a summary).
Result<std::vector<GroupKindSummary>> groupSummaries(SyncStorage& storage, const ServerKeys& keys,
                                                     const domain::Organisation& org, const catalog::Catalog& catalog,
                                                     int year, const std::string& serviceAreaId, int minGroupSize,
                                                     catalog::Lang lang);

// For the Teams channel.
std::string groupSummaryMarkdown(const PageText& t, const std::string& areaName, int year, int minGroupSize,
                                 const std::vector<GroupKindSummary>& kinds);
// A printable page's body.
std::string groupSummaryHtmlBody(const PageText& t, const std::string& areaName, int year, int minGroupSize,
                                 const std::vector<GroupKindSummary>& kinds);

}  // namespace osm::server
