// What people completed in the city's systems (docs/integrations.md): Priima's completions CSV
// ("Priima: completions") and Oss's trainings CSV ("Oss: people's trainings"), each checked row by
// row and refused whole, naming every bad line, as the roster import is; stored once, so the same
// file imported again changes nothing.
#pragma once

#include "core/result.h"
#include "domain/annual_clock.h"
#include "storage/sync_storage.h"
#include "sync/messages_pull.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace osm::server {

// What an import checks rows against: the roster's staff numbers, the Priima course codes of
// every published catalogue (the codes of the methods "priima.<code>"), and today.
struct CompletionRules {
    std::set<std::string> staff;
    std::set<std::string> courses;
    domain::Date today;
};

// Priima's completions: columns henkilönumero, koodi, suoritettu (by the header, ';' or ','
// separated). A completion of a course not in any catalogue, of someone not on the roster, on a
// date that is not one or is after today, or the same one twice, refuses the file.
Result<std::vector<sync::Completion>> parsePriimaCompletions(std::string_view csv, const CompletionRules& rules);
// Oss's trainings: columns henkilönumero, koulutus, päättyi, tunnit (tunnit may be empty).
Result<std::vector<sync::Completion>> parseOssTrainings(std::string_view csv, const CompletionRules& rules);

enum class CompletionSource { Priima, Oss };

struct CompletionImport {
    int rows = 0;
    CompletionsAdded counts;
    std::vector<sync::Completion> removed;  // removeCompletions: the rows taken out (or, dry, to be)
};

// Reads the rules from `storage` (the roster, the published catalogues; today from `now`),
// checks the file and stores its rows (unless `dryRun`, which counts what would be added).
Result<CompletionImport> importCompletions(SyncStorage& storage, CompletionSource source, std::string_view csv,
                                           bool dryRun, std::int64_t now);

// Correcting a wrong import (docs/integrations.md, "Correcting an import"): the file's rows, in the
// same format and checked the same way, are taken out again in one transaction (unless `dryRun`).
// A row is matched by everything but the hours; a row that is not stored refuses the whole file,
// each such row named, and nothing is removed.
Result<CompletionImport> removeCompletions(SyncStorage& storage, CompletionSource source, std::string_view csv,
                                           bool dryRun, std::int64_t now);

// A completion in one line for the operator's log: "1001 priima pr_101 2026-05-04",
// "1001 oss 'Ensiapu 1' 2026-03-14 7,5 h".
std::string completionText(const sync::Completion& completion);

}  // namespace osm::server
