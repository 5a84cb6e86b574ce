// HR reports. Sections: [completion] [aggregates] [suppression] [exports] (the CSV ones in hr_csv.cpp).
#include "hr/hr_reports.h"

#include "domain/annual_clock.h"
#include "hr/markdown_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

namespace osm::server {

namespace {

// The people of each unit, found once: asking the organisation per unit walks everyone each time,
// and the report then grows with units × people rather than with the records (docs/performance.md).
std::map<std::string, std::vector<const domain::Person*>> peopleByUnit(const domain::Organisation& org) {
    std::map<std::string, std::vector<const domain::Person*>> byUnit;
    for (const domain::Person& p : org.people) byUnit[p.unitId].push_back(&p);
    return byUnit;
}

bool developmentDue(const domain::Person& person, const catalog::Catalog& catalog, int year) {
    return domain::developmentWindow(person, catalog, year).has_value();
}

void addCounts(CompletionRow& total, const CompletionRow& row) {
    total.due += row.due;
    total.submitted += row.submitted;
    total.drafted += row.drafted;
    total.discussed += row.discussed;
    total.agreed += row.agreed;
    total.late += row.late;
}

}  // namespace

// [completion] ---------------------------------------------------------------------------------

std::vector<CompletionRow> completion(const domain::Organisation& org, const catalog::Catalog& catalog, int year,
                                      const std::vector<SubmittedDiscussion>& submitted,
                                      const DiscussionProgress& progress) {
    auto countOf = [](const std::map<std::string, int>& counts, const std::string& unitId) {
        const auto it = counts.find(unitId);
        return it == counts.end() ? 0 : it->second;
    };
    const auto members = peopleByUnit(org);
    const std::vector<const domain::Person*> nobody;
    auto membersOf = [&](const std::string& unitId) -> const std::vector<const domain::Person*>& {
        const auto it = members.find(unitId);
        return it == members.end() ? nobody : it->second;
    };
    std::map<std::string, int> submittedByUnit;
    for (const SubmittedDiscussion& s : submitted) {
        if (s.content.year == year) ++submittedByUnit[s.unitId];
    }
    std::vector<CompletionRow> rows;
    for (const domain::ServiceArea& area : org.serviceAreas) {
        CompletionRow total{area.id, area.name, {}, area.name, {}, 0, 0, 0, 0, 0, 0};
        for (const domain::Unit& unit : org.units) {
            if (unit.serviceAreaId != area.id) continue;
            const auto& people = membersOf(unit.id);
            const auto manager =
                std::find_if(people.begin(), people.end(), [](const domain::Person* p) { return p->isManager(); });
            CompletionRow row{area.id,
                              area.name,
                              unit.id,
                              unit.name,
                              manager == people.end() ? std::string() : (*manager)->name,
                              0,
                              countOf(submittedByUnit, unit.id),
                              countOf(progress.drafted, unit.id),
                              countOf(progress.discussed, unit.id),
                              countOf(progress.agreed, unit.id),
                              countOf(progress.late, unit.id)};
            for (const domain::Person* p : people) {
                if (developmentDue(*p, catalog, year)) ++row.due;
            }
            addCounts(total, row);
            rows.push_back(row);
        }
        rows.push_back(total);
    }
    return rows;
}

std::vector<CompletionRow> withCityTotal(std::vector<CompletionRow> rows, const std::string& cityName) {
    CompletionRow city{{}, cityName, {}, cityName, {}, 0, 0, 0, 0, 0, 0};
    for (const CompletionRow& r : rows) {
        if (r.unitId.empty() && !r.serviceAreaId.empty()) addCounts(city, r);
    }
    rows.push_back(city);
    return rows;
}

// [aggregates] ---------------------------------------------------------------------------------

namespace {

void add(GroupAggregate& group, const SubmittedDiscussion& s, const catalog::Catalog& catalog) {
    ++group.responses;
    for (const domain::CompetenceRating& rating : s.content.ratings) {
        if (rating.value < catalog.scale.min || rating.value > catalog.scale.max) continue;
        auto it = std::find_if(group.competences.begin(), group.competences.end(),
                               [&](const CompetenceAggregate& c) { return c.competenceId == rating.competenceId; });
        if (it == group.competences.end()) {
            if (catalog.findCompetence(rating.competenceId) == nullptr) continue;
            group.competences.push_back(
                {rating.competenceId, 0, 0,
                 std::vector<int>(static_cast<std::size_t>(catalog.scale.max - catalog.scale.min + 1), 0)});
            it = std::prev(group.competences.end());
        }
        it->mean = (it->mean * it->responses + rating.value) / (it->responses + 1);
        ++it->responses;
        ++it->distribution[static_cast<std::size_t>(rating.value - catalog.scale.min)];
    }
    for (const domain::LearningGoal& goal : s.content.goals) {
        const std::string competence =
            catalog.findCompetence(goal.competenceId) != nullptr ? goal.competenceId : std::string();
        ++group.goalCompetences[competence];
        for (const std::string& method : goal.methodIds) {
            const catalog::LearningCategory* category = catalog.categoryOfMethod(method);
            if (category == nullptr) continue;
            ++group.methods[method];
            ++group.categories[category->id];
            ++group.goalMethods[competence][method];
        }
    }
    for (const domain::GoalFollowUp& item : s.content.followUp) {
        if (domain::isGoalMark(item.mark)) ++group.followUp[item.mark];
    }
    if (s.priimaGoals > 0) group.priima["goals"] += s.priimaGoals;
    if (s.priimaCompleted > 0) group.priima["completed"] += s.priimaCompleted;
}

}  // namespace

void suppressGroup(GroupAggregate& group, const char* because) {
    group.suppressed = true;
    group.suppressedBecause = because;
    group.competences.clear();
    group.methods.clear();
    group.categories.clear();
    group.goalCompetences.clear();
    group.goalMethods.clear();
    group.followUp.clear();
    group.priima.clear();
}

// Closed suppression over one set of sibling cells and their total (docs/privacy.md): a cell
// under the minimum is hidden, and then, as long as everything hidden (together with `residual`,
// the part of the total no sibling shows, e.g. people without a unit) adds up to something but
// less than the minimum, one more cell is hidden, the smallest shown first, and the total when
// none is left. So no hidden cell, nor any set of them, is less than the minimum once the shown
// ones are subtracted from the total. `hidden[i]` may come in set; the total is index size().
std::vector<const char*> closedSuppression(const std::vector<int>& values, std::vector<bool> hidden, int total,
                                           int residual, int minimum) {
    std::vector<const char*> reasons(values.size() + 1, nullptr);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!hidden[i] && values[i] > 0 && values[i] < minimum) reasons[i] = "small";
        if (hidden[i]) reasons[i] = "hidden";
        hidden[i] = hidden[i] || reasons[i] != nullptr;
    }
    if (total < minimum) reasons.back() = "small";
    while (reasons.back() == nullptr) {
        int hiddenSum = std::max(residual, 0);
        for (std::size_t i = 0; i < values.size(); ++i) hiddenSum += hidden[i] ? std::max(values[i], 0) : 0;
        if (hiddenSum == 0 || hiddenSum >= minimum) break;
        std::size_t smallest = values.size();
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!hidden[i] && values[i] > 0 && (smallest == values.size() || values[i] < values[smallest]))
                smallest = i;
        }
        reasons[smallest] = "complementary";
        if (smallest < values.size()) hidden[smallest] = true;
    }
    return reasons;
}

namespace {

int residualOf(int total, const std::vector<int>& values) {
    int sum = 0;
    for (int v : values) sum += std::max(v, 0);
    return total - sum;
}

// Groups first: a service area's units and its total.
void suppressGroups(std::vector<GroupAggregate>& units, GroupAggregate& total, int minimum) {
    std::vector<int> values;
    for (const GroupAggregate& g : units) values.push_back(g.responses);
    const auto reasons = closedSuppression(values, std::vector<bool>(units.size(), false), total.responses,
                                           residualOf(total.responses, values), minimum);
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (reasons[i] != nullptr) suppressGroup(units[i], reasons[i]);
    }
    if (reasons.back() != nullptr) suppressGroup(total, reasons.back());
}

// Each competence's raters per unit and in the total, taken before any group is suppressed.
struct CellCounts {
    std::vector<int> units;
    int total = 0;
};

int ratersOf(const GroupAggregate& g, const std::string& id) {
    for (const CompetenceAggregate& c : g.competences) {
        if (c.competenceId == id) return c.responses;
    }
    return 0;
}

std::map<std::string, CellCounts> cellCounts(const std::vector<GroupAggregate>& units, const GroupAggregate& total) {
    std::map<std::string, CellCounts> out;
    for (const CompetenceAggregate& c : total.competences) out[c.competenceId];
    for (const GroupAggregate& g : units) {
        for (const CompetenceAggregate& c : g.competences) out[c.competenceId];
    }
    for (auto& [id, counts] : out) {
        for (const GroupAggregate& g : units) counts.units.push_back(ratersOf(g, id));
        counts.total = ratersOf(total, id);
    }
    return out;
}

void dropCell(GroupAggregate& group, const std::string& id) {
    auto& cells = group.competences;
    cells.erase(
        std::remove_if(cells.begin(), cells.end(), [&](const CompetenceAggregate& c) { return c.competenceId == id; }),
        cells.end());
}

// Then each competence: one rated by fewer than the minimum (the manager competences of a unit's
// one manager, say) is hidden even in a shown group, closed the same way (the cells of a
// suppressed group count as hidden).
void suppressCells(std::vector<GroupAggregate>& units, GroupAggregate& total,
                   const std::map<std::string, CellCounts>& counts, int minimum) {
    for (const auto& [id, cell] : counts) {
        std::vector<bool> hidden;
        for (const GroupAggregate& g : units) hidden.push_back(g.suppressed);
        const auto reasons = closedSuppression(cell.units, hidden, total.suppressed ? 0 : cell.total,
                                               residualOf(cell.total, cell.units), minimum);
        for (std::size_t i = 0; i < units.size(); ++i) {
            if (reasons[i] != nullptr) dropCell(units[i], id);
        }
        if (reasons.back() != nullptr) dropCell(total, id);
    }
}

}  // namespace

void suppressClosed(std::vector<GroupAggregate>& units, GroupAggregate& total, int minimum) {
    const auto counts = cellCounts(units, total);
    suppressGroups(units, total, minimum);
    suppressCells(units, total, counts, minimum);
}

std::vector<GroupAggregate> aggregates(const domain::Organisation& org, const catalog::Catalog& catalog,
                                       const std::vector<SubmittedDiscussion>& submitted, AggregateOptions options) {
    const int minimum = std::max(options.minGroupSize, 3);
    std::vector<GroupAggregate> out;
    for (const domain::ServiceArea& area : org.serviceAreas) {
        std::vector<GroupAggregate> units;
        GroupAggregate total{area.id, {}, 0, false, {}, {}, {}, {}, {}, {}, {}, {}};
        for (const domain::Unit& unit : org.units) {
            if (unit.serviceAreaId != area.id) continue;
            GroupAggregate group{area.id, unit.id, 0, false, {}, {}, {}, {}, {}, {}, {}, {}};
            for (const SubmittedDiscussion& s : submitted) {
                if (s.unitId != unit.id) continue;
                add(group, s, catalog);
                add(total, s, catalog);
            }
            units.push_back(std::move(group));
        }
        // Submissions of people without a unit count towards the area only.
        for (const SubmittedDiscussion& s : submitted) {
            if (s.unitId.empty() && s.serviceAreaId == area.id) add(total, s, catalog);
        }

        suppressClosed(units, total, minimum);

        for (GroupAggregate& g : units) {
            if (g.responses > 0) out.push_back(std::move(g));
        }
        if (total.responses > 0) out.push_back(std::move(total));
    }
    return out;
}

// [exports] ------------------------------------------------------------------------------------

std::string aggregatesJson(const std::vector<GroupAggregate>& groups) {
    nlohmann::json out = nlohmann::json::array();
    for (const GroupAggregate& g : groups) {
        nlohmann::json item{
            {"service_area", g.serviceAreaId.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.serviceAreaId)},
            {"unit", g.unitId.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.unitId)}};
        if (g.suppressed) {
            item["suppressed"] = g.suppressedBecause;
        } else {
            item["responses"] = g.responses;
            item["competences"] = nlohmann::json::array();
            for (const CompetenceAggregate& c : g.competences) {
                item["competences"].push_back({{"id", c.competenceId},
                                               {"responses", c.responses},
                                               {"mean", std::round(c.mean * 100) / 100},
                                               {"distribution", c.distribution}});
            }
            item["methods"] = g.methods;
            item["categories"] = g.categories;
            item["goal_competences"] = g.goalCompetences;
            item["goal_methods"] = g.goalMethods;
            item["follow_up"] = g.followUp;
            item["priima"] = g.priima;
        }
        out.push_back(item);
    }
    return out.dump(2);
}

std::string followUpText(const PageText& t, const std::map<std::string, int>& followUp) {
    std::string out;
    for (const std::string_view mark : domain::kGoalMarks) {
        if (const auto it = followUp.find(std::string(mark)); it != followUp.end())
            out +=
                (out.empty() ? "" : " · ") + t("hr.follow_up." + std::string(mark)) + " " + std::to_string(it->second);
    }
    return out;
}

std::string priimaText(const PageText& t, const std::map<std::string, int>& priima) {
    std::string out;
    for (const char* count : {"goals", "completed"}) {
        if (const auto it = priima.find(count); it != priima.end())
            out += (out.empty() ? "" : " · ") + t(std::string("hr.priima.") + count) + " " + std::to_string(it->second);
    }
    return out;
}

std::string serviceAreaSummaryMarkdown(const PageText& t, const std::string& serviceAreaId,
                                       const domain::Organisation& org, const catalog::Catalog& catalog,
                                       const std::vector<CompletionRow>& completionRows,
                                       const std::vector<GroupAggregate>& groups,
                                       const std::vector<std::string>& notes) {
    const domain::ServiceArea* area = org.findServiceArea(serviceAreaId);
    std::string out = "# " + markdownText(t("hr.summary.md_title", std::to_string(catalog.year))) + " – " +
                      markdownText(area ? area->name : serviceAreaId) + "\n\n";
    for (const std::string& note : notes) out += "> " + markdownText(note) + "\n\n";
    const auto cells = [&](std::initializer_list<const char*> keys) {
        std::string row = "|", rule = "|";
        for (const char* key : keys) {
            row += " " + markdownText(t(key)) + " |";
            rule += "---|";
        }
        return row + "\n" + rule + "\n";
    };
    out += "## " + markdownText(t("hr.summary.md_completion")) + "\n\n" +
           cells({"hr.col.unit", "hr.col.manager", "hr.col.due", "hr.col.submitted", "hr.col.late"});
    for (const CompletionRow& r : completionRows) {
        if (r.serviceAreaId != serviceAreaId) continue;
        out += "| " + (r.unitId.empty() ? "**" + markdownText(t("hr.total")) + "**" : markdownText(r.unitName)) +
               " | " + markdownText(r.managerName) + " | " + std::to_string(r.due) + " | " +
               std::to_string(r.submitted) + " | " + std::to_string(r.late) + " |\n";
    }
    for (const GroupAggregate& g : groups) {
        if (g.serviceAreaId != serviceAreaId || !g.unitId.empty()) continue;
        out += "\n## " +
               markdownText(t("hr.summary.md_ratings",
                              std::to_string(catalog.scale.min) + "–" + std::to_string(catalog.scale.max))) +
               "\n\n";
        if (g.suppressed) {
            out += markdownText(t("hr.summary.md_suppressed")) + "\n";
            break;
        }
        out += cells({"hr.col.competence", "hr.col.mean", "hr.col.responses"});
        for (const CompetenceAggregate& c : g.competences) {
            const catalog::Competence* competence = catalog.findCompetence(c.competenceId);
            out += "| " + markdownText(competence ? competence->name.in(t.lang) : c.competenceId) + " | " +
                   decimalComma(c.mean, 1) + " | " + std::to_string(c.responses) + " |\n";
        }
        std::vector<std::pair<int, std::string>> methods;
        for (const auto& [id, count] : g.methods) methods.push_back({count, id});
        std::sort(methods.rbegin(), methods.rend());
        out += "\n## " + markdownText(t("hr.summary.methods")) + "\n\n";
        for (std::size_t i = 0; i < methods.size() && i < 5; ++i) {
            const catalog::LearningMethod* m = catalog.findMethod(methods[i].second);
            out += std::to_string(i + 1) + ". " + markdownText(m ? m->name.in(t.lang) : methods[i].second) + " (" +
                   std::to_string(methods[i].first) + ")\n";
        }
        if (!g.followUp.empty()) {
            out += "\n## " + markdownText(t("hr.summary.follow_up")) + "\n\n" +
                   markdownText(followUpText(t, g.followUp)) + "\n";
        }
        if (!g.priima.empty()) {
            out += "\n## " + markdownText(t("hr.priima.row")) + "\n\n" + markdownText(priimaText(t, g.priima)) + "\n";
        }
    }
    return out;
}

}  // namespace osm::server

#include "crypto/aead.h"
#include "hr/priima_goals.h"
#include "storage/catalog_resolver.h"

namespace osm::server {

namespace {

// Late: the pre-form reached the server after the person's window had ended. The server's own
// time of receipt counts (docs/decisions.md, "Late discussions"), not a terminal's clock.
bool submittedLate(const domain::Person& person, const catalog::Catalog& catalog, const ServerRecord& r) {
    const auto window = domain::developmentWindow(person, catalog, r.year);
    return window.has_value() &&
           domain::windowState(*window, domain::dateOfUnixSeconds(r.updatedAt)) == domain::WindowState::Late;
}

}  // namespace

Result<HrData> loadHrData(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir,
                          int year) {
    HrData data;
    auto areas = storage.serviceAreas();
    auto units = storage.units();
    auto people = storage.people();
    if (!areas || !units || !people) return makeError(ErrorCode::Io, "cannot read the organisation");
    data.organisation.serviceAreas = std::move(*areas);
    data.organisation.units = std::move(*units);
    std::vector<std::string> staff;
    for (const sync::RosterEntry& entry : *people) {
        data.organisation.people.push_back(entry.person);
        staff.push_back(entry.person.staffNumber);
    }
    // A year without its own catalogue yet (HR planning next year) uses the newest earlier one.
    auto catalogue = resolveCatalog(&storage, assetsDir, year);
    if (!catalogue) return catalogue.error();
    data.catalog = std::move(*catalogue);
    // Looked up once per record below: a map, not the organisation's scan of everyone.
    std::map<std::string_view, const domain::Person*> byStaff;
    for (const domain::Person& p : data.organisation.people) byStaff.emplace(p.staffNumber, &p);
    auto findPerson = [&](const std::string& staffNumber) -> const domain::Person* {
        const auto it = byStaff.find(staffNumber);
        return it == byStaff.end() ? nullptr : it->second;
    };
    auto records = storage.submittedDevelopmentOf(staff);
    if (!records) return records.error();
    // The Priima figure counts the agreed goals of the people whose pre-forms are counted.
    auto completed = priimaCompleted(storage, staff);
    if (!completed) return completed.error();
    for (const ServerRecord& r : *records) {
        if (r.year != year) continue;
        auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
        if (!plain) continue;  // a damaged row never reaches a report
        auto content = domain::developmentDiscussionFromJson(*plain);
        crypto::wipe(*plain);
        if (!content) continue;
        const domain::Person* owner = findPerson(r.owner);
        if (owner != nullptr && submittedLate(*owner, data.catalog, r)) ++data.progress.late[r.unitId];
        data.submitted.push_back({r.unitId, owner ? owner->serviceAreaId : std::string(), std::move(*content)});
        if (auto counted = countAgreedPriimaGoals(storage, keys, year, r.owner, *completed, data.submitted.back());
            !counted)
            return counted.error();
    }
    // Drafted: a person's development record of the year that is still a draft, counted from
    // the record's metadata only (a draft stays sealed by its author).
    std::set<std::string> submittedOwners;
    for (const ServerRecord& r : *records) {
        if (r.year == year) submittedOwners.insert(r.owner);
    }
    for (const std::string& owner : staff) {
        if (submittedOwners.count(owner) != 0) continue;
        auto owned = storage.recordsOwnedBy(owner);
        if (!owned) return owned.error();
        const bool drafting = std::any_of(owned->begin(), owned->end(), [&](const ServerRecord& r) {
            return r.year == year && r.kind == sync::RecordKindWire::Development &&
                   r.state == sync::RecordStateWire::Draft;
        });
        const domain::Person* person = findPerson(owner);
        if (drafting && person != nullptr) ++data.progress.drafted[person->unitId];
    }
    if (auto status = countDiscussedAndAgreed(storage, keys, data.organisation, year, data.progress); !status)
        return status.error();
    return data;
}

Status countDiscussedAndAgreed(RecordStorage& storage, const ServerKeys&, const domain::Organisation& org, int year,
                               DiscussionProgress& progress) {
    // From the records' ids and states alone: no agreement is opened to count it.
    for (const domain::Person& person : org.people) {
        auto agreement = storage.record(domain::agreementRecordId(year, person.staffNumber));
        if (!agreement) return agreement.error();
        if (!agreement->has_value() || (*agreement)->state != sync::RecordStateWire::Submitted) continue;
        ++progress.discussed[person.unitId];
        auto confirmation =
            storage.record(domain::confirmationRecordId(year, person.staffNumber, (*agreement)->version));
        if (!confirmation) return confirmation.error();
        if (confirmation->has_value()) ++progress.agreed[person.unitId];
    }
    return {};
}

Result<std::vector<UnitTrainingNeeds>> unitTrainingNeeds(SyncStorage& storage, const ServerKeys& keys, int year) {
    auto units = storage.units();
    if (!units) return units.error();
    std::vector<UnitTrainingNeeds> needs;
    for (const domain::Unit& unit : *units) {
        auto record = storage.record(domain::unitSummaryRecordId(year, unit.id));
        if (!record) return record.error();
        if (!record->has_value() || (*record)->state != sync::RecordStateWire::Submitted) continue;
        const ServerRecord& r = **record;
        auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
        if (!plain) continue;  // a damaged row never reaches a plan
        auto summary =
            domain::unitSummaryFromJson(std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
        crypto::wipe(*plain);
        if (!summary) continue;
        for (domain::LearningGoal& need : summary->trainingNeeds) {
            needs.push_back(
                {unit.id, unit.name, need.competenceId, std::move(need.text), std::move(need.methodIds), {}});
        }
    }
    if (auto added = addCrossUnitPriorities(storage, keys, year, needs); !added) return added.error();
    return needs;
}

}  // namespace osm::server
