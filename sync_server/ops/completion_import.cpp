// Priima's completions and Oss's trainings: both files read by the same loop (header, rows by
// line, duplicates, refusal of the whole file); only the columns of a row differ.
#include "ops/completion_import.h"

#include "ops/csv_rows.h"
#include "ops/priima_courses.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <tuple>

namespace osm::server {
namespace {

constexpr std::size_t kMaxRows = 200000;
constexpr std::size_t kMaxTrainingName = 300;
constexpr int kMaxMinutes = 1000 * 60;
constexpr const char* kPriimaColumns[] = {"henkilönumero", "koodi", "suoritettu"};
constexpr const char* kOssColumns[] = {"henkilönumero", "koulutus", "päättyi", "tunnit"};

// "YYYY-MM-DD" or the Finnish "D.M.YYYY" (days and months with or without a leading zero), as
// "YYYY-MM-DD"; nullopt for anything else or a day that is not in the calendar.
std::optional<std::string> isoDate(const std::string& text) {
    std::string iso = text;
    if (text.find('.') != std::string::npos) {
        const auto first = text.find('.');
        const auto second = text.find('.', first + 1);
        if (second == std::string::npos || first == 0 || first > 2 || second - first - 1 == 0 ||
            second - first - 1 > 2 || text.size() - second - 1 != 4)
            return std::nullopt;
        const auto two = [](std::string part) { return part.size() == 1 ? "0" + part : part; };
        iso = text.substr(second + 1) + "-" + two(text.substr(first + 1, second - first - 1)) + "-" +
              two(text.substr(0, first));
    }
    if (!domain::parseDate(iso)) return std::nullopt;
    return iso;
}

// Hours as "7", "7,5" or "7.5" (at most two decimals), as minutes; nullopt for anything else.
std::optional<int> minutesOf(std::string text) {
    if (text.empty()) return 0;
    for (char& c : text) {
        if (c == ',') c = '.';
    }
    const auto point = text.find('.');
    const std::string whole = text.substr(0, point);
    const std::string part = point == std::string::npos ? "" : text.substr(point + 1);
    if (whole.empty() || whole.size() > 4 || part.size() > 2) return std::nullopt;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    int hours = 0;
    if (std::from_chars(whole.data(), whole.data() + whole.size(), hours).ptr != whole.data() + whole.size() ||
        hours < 0)
        return std::nullopt;
    const int hundredths = part.empty() ? 0 : part.size() == 1 ? (part[0] - '0') * 10 : std::stoi(part);
    const int minutes = hours * 60 + (hundredths * 60 + 50) / 100;
    if (minutes > kMaxMinutes) return std::nullopt;
    return minutes;
}

using RowReader = std::function<sync::Completion(const CsvTable&, const CsvRow&, const std::string& at,
                                                 std::vector<std::string>& problems)>;

// The loop both files share: the person and the date of each row are checked here, the rest by
// `read`; a row the same as an earlier one is refused by both lines.
Result<std::vector<sync::Completion>> parseRows(std::string_view csv, std::span<const char* const> columns,
                                                const char* personColumn, const char* dateColumn, std::string_view what,
                                                const CompletionRules& rules, const RowReader& read) {
    std::vector<std::string> problems;
    const CsvTable table = readCsvTable(csv, columns, kMaxRows, what, problems);
    std::vector<sync::Completion> out;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, int> seen;
    for (const CsvRow& row : table.rows) {
        const std::string at = "line " + std::to_string(row.line) + ": ";
        sync::Completion c = read(table, row, at, problems);
        c.staffNumber = table.get(row, personColumn);
        if (!rules.staff.contains(c.staffNumber))
            problems.push_back(at + std::string(personColumn) + " '" + c.staffNumber + "' is not on the roster");
        const std::string date = table.get(row, dateColumn);
        const auto iso = isoDate(date);
        if (!iso) {
            problems.push_back(at + std::string(dateColumn) + " '" + date + "' is not a date (YYYY-MM-DD or D.M.YYYY)");
        } else if (*domain::parseDate(*iso) > rules.today) {
            problems.push_back(at + std::string(dateColumn) + " " + *iso + " is in the future");
        }
        c.date = iso.value_or("");
        const auto key = std::tuple(c.staffNumber, c.course, c.name, c.date);
        if (const auto [it, added] = seen.emplace(key, row.line); !added)
            problems.push_back(at + "the same as line " + std::to_string(it->second));
        out.push_back(std::move(c));
    }
    if (!problems.empty())
        return makeError(ErrorCode::InvalidInput, refusalMessage(std::string(what) + " was not imported:", problems));
    return out;
}

}  // namespace

Result<std::vector<sync::Completion>> parsePriimaCompletions(std::string_view csv, const CompletionRules& rules) {
    return parseRows(
        csv, kPriimaColumns, "henkilönumero", "suoritettu", "the completions file", rules,
        [&](const CsvTable& table, const CsvRow& row, const std::string& at, std::vector<std::string>& problems) {
            const std::string given = table.get(row, "koodi");
            const auto code = priimaCourseCode(given);
            if (!code || !rules.courses.contains(*code))
                problems.push_back(at + "koodi '" + given + "' is not a Priima course of any published catalogue");
            return sync::Completion{"", "priima", code.value_or(""), "", "", 0};
        });
}

Result<std::vector<sync::Completion>> parseOssTrainings(std::string_view csv, const CompletionRules& rules) {
    return parseRows(
        csv, kOssColumns, "henkilönumero", "päättyi", "the trainings file", rules,
        [](const CsvTable& table, const CsvRow& row, const std::string& at, std::vector<std::string>& problems) {
            const std::string name = table.get(row, "koulutus");
            if (name.empty() || !plainText(name, kMaxTrainingName))
                problems.push_back(at + "koulutus must be 1–300 bytes of plain UTF-8 text");
            const std::string hours = table.get(row, "tunnit");
            const auto minutes = minutesOf(hours);
            if (!minutes) problems.push_back(at + "tunnit '" + hours + "' is not a number of hours from 0 to 1000");
            return sync::Completion{"", "oss", "", name, "", minutes.value_or(0)};
        });
}

namespace {

// The file's rows, checked against the roster, the published catalogues and today.
Result<std::vector<sync::Completion>> checkedRows(SyncStorage& storage, CompletionSource source, std::string_view csv,
                                                  std::int64_t now) {
    CompletionRules rules;
    rules.today = domain::dateOfUnixSeconds(now);
    auto people = storage.people();
    if (!people) return people.error();
    for (const sync::RosterEntry& p : *people) rules.staff.insert(p.person.staffNumber);
    auto years = storage.catalogYears();
    if (!years) return years.error();
    for (int year : *years) {
        auto text = storage.catalog(year);
        if (!text) return text.error();
        if (!text->has_value()) continue;
        const nlohmann::json doc = nlohmann::json::parse(**text, nullptr, false);
        if (doc.is_discarded() || !doc.contains("learning_categories")) continue;
        for (const nlohmann::json& category : doc["learning_categories"]) {
            for (const nlohmann::json& method : category.value("methods", nlohmann::json::array())) {
                const std::string id = method.value("id", "");
                if (id.rfind("priima.", 0) == 0) rules.courses.insert(id.substr(7));
            }
        }
    }
    return source == CompletionSource::Priima ? parsePriimaCompletions(csv, rules) : parseOssTrainings(csv, rules);
}

// Per row: whether it is stored already (the hours left out, as the key leaves them).
Result<std::vector<bool>> storedAlready(SyncStorage& storage, const std::vector<sync::Completion>& rows) {
    std::set<std::string> staff;
    for (const sync::Completion& c : rows) staff.insert(c.staffNumber);
    auto stored = storage.completionsOf({staff.begin(), staff.end()});
    if (!stored) return stored.error();
    std::vector<bool> out;
    for (sync::Completion c : rows) {
        c.minutes = 0;
        out.push_back(std::any_of(stored->begin(), stored->end(), [&](sync::Completion s) {
            s.minutes = 0;
            return s == c;
        }));
    }
    return out;
}

}  // namespace

std::string completionText(const sync::Completion& c) {
    return c.staffNumber + " " + c.source + " " + (c.source == "priima" ? c.course : "'" + c.name + "'") + " " +
           c.date + (c.minutes > 0 ? " " + sync::hoursText(c) + " h" : "");
}

Result<CompletionImport> importCompletions(SyncStorage& storage, CompletionSource source, std::string_view csv,
                                           bool dryRun, std::int64_t now) {
    auto rows = checkedRows(storage, source, csv, now);
    if (!rows) return rows.error();
    CompletionImport out;
    out.rows = static_cast<int>(rows->size());
    if (!dryRun) {
        auto counts = storage.addCompletions(*rows);
        if (!counts) return counts.error();
        out.counts = *counts;
        return out;
    }
    auto stored = storedAlready(storage, *rows);
    if (!stored) return stored.error();
    for (const bool there : *stored) ++(there ? out.counts.already : out.counts.added);
    return out;
}

Result<CompletionImport> removeCompletions(SyncStorage& storage, CompletionSource source, std::string_view csv,
                                           bool dryRun, std::int64_t now) {
    auto rows = checkedRows(storage, source, csv, now);
    if (!rows) return rows.error();
    auto stored = storedAlready(storage, *rows);
    if (!stored) return stored.error();
    std::string missing;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        if (!(*stored)[i]) missing += "\n  not stored, so not removed: " + completionText((*rows)[i]);
    }
    if (!missing.empty())
        return makeError(ErrorCode::InvalidInput, "the file is refused: nothing was removed" + missing);
    CompletionImport out;
    out.rows = static_cast<int>(rows->size());
    out.removed = std::move(*rows);
    if (dryRun) return out;
    auto removed = storage.removeCompletions(out.removed);
    if (!removed) return removed.error();
    return out;
}

}  // namespace osm::server
