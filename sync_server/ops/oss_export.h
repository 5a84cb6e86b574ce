// The export to Oss, the city's competence-management system (docs/integrations.md, "Oss"): per
// year and unit or service area, what Oss manages per person – the goals agreed in the
// development discussion with their learning methods (the planned trainings), whether the
// person confirmed them, and the marks the person gave the goals agreed earlier – never the
// discussion's free text (answers, notes, follow-up comments) nor the self-ratings.
//
// Every record opened for it is written to the read log first (reader "oss-export:<who ran
// it>", channel "oss"), so the export shows in the person's "Tiedot minusta" and their
// subject-access file; nothing is exported that could not be logged.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace osm::server {

struct OssExportRequest {
    int year = 0;
    std::string unitId;         // one of the two: a unit,
    std::string serviceAreaId;  // or every unit of a service area
    std::string actor;          // who runs it, as the read log names them
    std::int64_t now = 0;       // unix seconds
};

struct OssGoal {
    std::string text;
    std::string competenceId;  // "" when the goal names none
    std::vector<std::string> methodIds;
};

struct OssFollowUp {
    std::string goal;  // the goal as it was agreed
    int agreedYear = 0;
    std::string mark;  // one of domain::kGoalMarks, or "" when the person left it unmarked
};

struct OssPerson {
    std::string staffNumber;
    std::string name;
    std::string unitId;
    std::string serviceAreaId;
    // "not_held" (no submitted agreement of the year), "discussed" (submitted, not confirmed in
    // its current version) or "agreed" (confirmed).
    std::string stage = "not_held";
    std::uint64_t agreementVersion = 0;
    std::vector<OssGoal> goals;
    std::vector<OssFollowUp> followUp;  // from the person's submitted pre-form of the year
};

struct OssExport {
    int year = 0;
    std::string unitId;
    std::string serviceAreaId;
    std::int64_t createdAt = 0;
    std::vector<OssPerson> people;  // by unit, then staff number
};

// NotFound for an unknown unit or service area; BadRequest unless exactly one is named.
Result<OssExport> ossExport(SyncStorage& storage, const ServerKeys& keys, const OssExportRequest& request);

// The documented formats (docs/integrations.md): JSON with method and competence ids; CSV for a
// Finnish spreadsheet (BOM, semicolons, CRLF, one row per goal and per followed-up goal, cells
// that would start a formula prefixed with an apostrophe), with the catalogue's Finnish names.
std::string ossExportJson(const OssExport& data);
std::string ossExportCsv(const OssExport& data, const catalog::Catalog& catalog);

}  // namespace osm::server
