// Released figures. Sections: [cells] [noise] [rule] [publish] [json] [labels].
#include "hr/hr_release.h"

#include "hr/hr_html.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

namespace osm::server {

// [cells] --------------------------------------------------------------------------------------

int releaseSensitivity(const catalog::Catalog& catalog) {
    // After the methods: followed-up goals, then agreed goals naming a Priima course and of them
    // the completed ones (at most kCountedGoals each, docs/privacy.md).
    const int perGroup = static_cast<int>(catalog.competences.size()) + kCountedGoals +
                         kCountedGoals * kCountedMethodsPerGoal + kCountedGoals + 2 * kCountedGoals;
    return 2 * perGroup;
}

namespace {

// One submission's cells and what it adds to each: one, so a person moves any count by at most
// one, except the followed-up goals' marks ("f:<mark>"), which count goals: at most
// kCountedGoals of them in all, and the Priima goals ("p:goals", "p:completed"): at most
// kCountedGoals each.
std::map<std::string, int> cellsOf(const SubmittedDiscussion& s, const catalog::Catalog& catalog) {
    std::set<std::string> cells{"n"};
    std::set<std::string> rated;
    for (const domain::CompetenceRating& r : s.content.ratings) {
        if (r.value < catalog.scale.min || r.value > catalog.scale.max) continue;
        if (catalog.findCompetence(r.competenceId) == nullptr || !rated.insert(r.competenceId).second) continue;
        cells.insert("r:" + r.competenceId + ":" + std::to_string(r.value));
    }
    const std::size_t goals = std::min<std::size_t>(s.content.goals.size(), kCountedGoals);
    for (std::size_t i = 0; i < goals; ++i) {
        const domain::LearningGoal& goal = s.content.goals[i];
        cells.insert("g:" + (catalog.findCompetence(goal.competenceId) != nullptr ? goal.competenceId : ""));
        const std::size_t methods = std::min<std::size_t>(goal.methodIds.size(), kCountedMethodsPerGoal);
        for (std::size_t m = 0; m < methods; ++m) {
            if (catalog.categoryOfMethod(goal.methodIds[m]) != nullptr) cells.insert("m:" + goal.methodIds[m]);
        }
    }
    std::map<std::string, int> counts;
    for (const std::string& cell : cells) counts[cell] = 1;
    int followedUp = 0;
    for (const domain::GoalFollowUp& item : s.content.followUp) {
        if (!domain::isGoalMark(item.mark) || followedUp == kCountedGoals) continue;
        ++counts["f:" + item.mark];
        ++followedUp;
    }
    // Priima in the agreed goals: goals, so a person moves each by up to kCountedGoals.
    if (s.priimaGoals > 0) counts["p:goals"] = std::min(s.priimaGoals, kCountedGoals);
    if (s.priimaCompleted > 0) counts["p:completed"] = std::min({s.priimaCompleted, s.priimaGoals, kCountedGoals});
    return counts;
}

std::string groupKey(const std::string& area, const std::string& unit) { return area + "/" + unit; }

}  // namespace

ReleaseCells exactCells(const domain::Organisation& org, const catalog::Catalog& catalog,
                        const std::vector<SubmittedDiscussion>& submitted) {
    ReleaseCells out;
    for (const SubmittedDiscussion& s : submitted) {
        std::vector<std::string> groups;
        if (const domain::Unit* unit = org.findUnit(s.unitId)) {
            groups = {groupKey(unit->serviceAreaId, unit->id), groupKey(unit->serviceAreaId, "")};
        } else if (org.findServiceArea(s.serviceAreaId) != nullptr) {
            groups = {groupKey(s.serviceAreaId, "")};  // people without a unit count towards the area
        }
        const auto cells = cellsOf(s, catalog);
        for (const std::string& group : groups) {
            for (const auto& [cell, count] : cells) out[group][cell] += count;
        }
    }
    return out;
}

// [noise] --------------------------------------------------------------------------------------

namespace {

int cellOf(const ReleaseCells& cells, const std::string& group, const std::string& cell) {
    const auto g = cells.find(group);
    if (g == cells.end()) return 0;
    const auto c = g->second.find(cell);
    return c == g->second.end() ? 0 : c->second;
}

// A group's noisy count of a cell.
using CellValue = std::function<int(const std::string&)>;

// The cells of group `key` with noise of `scale` (0: exact), each drawn once when first asked
// for; `drawn`, when given, keeps what was drawn (the whole city's figures are their sums).
CellValue noiseOn(const ReleaseCells& exact, const std::string& key, double scale, const RandomBits& bits,
                  std::map<std::string, int>* drawn) {
    return [&exact, key, scale, &bits, drawn](const std::string& cell) {
        const int value =
            static_cast<int>(std::max<std::int64_t>(0, cellOf(exact, key, cell) + discreteLaplace(scale, bits)));
        if (drawn != nullptr) (*drawn)[cell] = value;
        return value;
    };
}

// One group's figures from its cells, the counts from `noisy`. A competence's number of raters
// is exact (who answered is what completion shows anyway), its distribution noisy and its mean
// taken from that; goal and method counts under the minimum are left out (they would be mostly
// noise).
GroupAggregate groupFromCells(const std::string& area, const std::string& unit, const catalog::Catalog& catalog,
                              const ReleaseCells& exact, const CellValue& noisy, int minimum) {
    const std::string key = groupKey(area, unit);
    GroupAggregate g{area, unit, cellOf(exact, key, "n"), false, {}, {}, {}, {}, {}, {}, {}, {}};
    for (const catalog::Competence& competence : catalog.competences) {
        CompetenceAggregate c{competence.id, 0, 0, {}};
        long long sum = 0;
        int counted = 0;
        for (int v = catalog.scale.min; v <= catalog.scale.max; ++v) {
            const std::string cell = "r:" + competence.id + ":" + std::to_string(v);
            c.responses += cellOf(exact, key, cell);
            c.distribution.push_back(noisy(cell));
            counted += c.distribution.back();
            sum += static_cast<long long>(v) * c.distribution.back();
        }
        if (c.responses == 0) continue;
        c.mean = counted > 0 ? static_cast<double>(sum) / counted : (catalog.scale.min + catalog.scale.max) / 2.0;
        g.competences.push_back(std::move(c));
    }
    std::vector<std::string> goalCompetences{""};
    for (const catalog::Competence& competence : catalog.competences) goalCompetences.push_back(competence.id);
    for (const std::string& competence : goalCompetences) {
        const int count = noisy("g:" + competence);
        if (count >= minimum) g.goalCompetences[competence] = count;
    }
    for (const catalog::LearningCategory& category : catalog.categories) {
        for (const catalog::LearningMethod& method : category.methods) {
            const int count = noisy("m:" + method.id);
            if (count < minimum) continue;
            g.methods[method.id] = count;
            g.categories[category.id] += count;
        }
    }
    for (const std::string_view mark : domain::kGoalMarks) {
        const int count = noisy("f:" + std::string(mark));
        if (count >= minimum) g.followUp[std::string(mark)] = count;
    }
    for (const char* priima : {"goals", "completed"}) {
        const int count = noisy("p:" + std::string(priima));
        if (count >= minimum) g.priima[priima] = count;
    }
    return g;
}

GroupAggregate exactGroup(const std::string& area, const std::string& unit, const catalog::Catalog& catalog,
                          const ReleaseCells& exact, int minimum, const RandomBits& bits) {
    return groupFromCells(area, unit, catalog, exact, noiseOn(exact, groupKey(area, unit), 0, bits, nullptr), minimum);
}

// A shown group's figures with noise, keeping only the competences closed suppression left.
void addNoise(GroupAggregate& shown, const catalog::Catalog& catalog, const ReleaseCells& exact, double scale,
              int minimum, const RandomBits& bits, std::map<std::string, int>* drawn) {
    GroupAggregate noisy =
        groupFromCells(shown.serviceAreaId, shown.unitId, catalog, exact,
                       noiseOn(exact, groupKey(shown.serviceAreaId, shown.unitId), scale, bits, drawn), minimum);
    std::erase_if(noisy.competences, [&](const CompetenceAggregate& c) {
        return std::none_of(shown.competences.begin(), shown.competences.end(),
                            [&](const CompetenceAggregate& kept) { return kept.competenceId == c.competenceId; });
    });
    shown = std::move(noisy);
}

// What the service areas' totals were: shown or not, which competences, and their noisy cells.
struct AreaTotal {
    std::string areaId;
    bool suppressed = false;
    std::set<std::string> competences;  // shown
    std::map<std::string, int> drawn;
};

// The whole city from the service areas' totals: exact counts of who answered summed, the noisy
// counts summed from the areas' noisy ones (no new noise, so no more of the budget spent). Then
// the same rule as below a service area: the city, or one of its competences, is hidden when
// under the minimum, or when what the areas hide of it adds up to something under the minimum
// (the city minus the shown areas would give it away; docs/security.md).
GroupAggregate cityGroup(const catalog::Catalog& catalog, const ReleaseCells& exact,
                         const std::vector<AreaTotal>& areas, int minimum) {
    ReleaseCells city;
    for (const AreaTotal& area : areas) {
        const auto cells = exact.find(groupKey(area.areaId, ""));
        if (cells == exact.end()) continue;
        for (const auto& [cell, count] : cells->second) city["/"][cell] += count;
    }
    const CellValue summed = [&areas](const std::string& cell) {
        int sum = 0;
        for (const AreaTotal& area : areas) {
            const auto it = area.drawn.find(cell);
            sum += it == area.drawn.end() ? 0 : it->second;
        }
        return sum;
    };
    GroupAggregate g = groupFromCells("", "", catalog, city, summed, minimum);
    const auto hides = [minimum](int total, int hidden) { return total < minimum || (hidden > 0 && hidden < minimum); };
    int hiddenAnswers = 0;
    for (const AreaTotal& area : areas) {
        if (area.suppressed) hiddenAnswers += cellOf(exact, groupKey(area.areaId, ""), "n");
    }
    if (hides(g.responses, hiddenAnswers)) {
        suppressGroup(g, g.responses < minimum ? "small" : "complementary");
        return g;
    }
    std::erase_if(g.competences, [&](const CompetenceAggregate& c) {
        int hidden = 0;
        for (const AreaTotal& area : areas) {
            if (!area.suppressed && area.competences.count(c.competenceId) != 0) continue;
            for (int v = catalog.scale.min; v <= catalog.scale.max; ++v)
                hidden += cellOf(exact, groupKey(area.areaId, ""), "r:" + c.competenceId + ":" + std::to_string(v));
        }
        return hides(c.responses, hidden);
    });
    return g;
}

}  // namespace

std::vector<GroupAggregate> noisyGroups(const domain::Organisation& org, const catalog::Catalog& catalog,
                                        const ReleaseCells& exact, double scale, int minimum, const RandomBits& bits,
                                        GroupAggregate* city) {
    std::vector<GroupAggregate> out;
    std::vector<AreaTotal> totals;
    for (const domain::ServiceArea& area : org.serviceAreas) {
        // Which groups and cells are shown is decided on the exact counts of who answered.
        std::vector<GroupAggregate> units;
        for (const domain::Unit& unit : org.units) {
            if (unit.serviceAreaId == area.id)
                units.push_back(exactGroup(area.id, unit.id, catalog, exact, minimum, bits));
        }
        GroupAggregate total = exactGroup(area.id, "", catalog, exact, minimum, bits);
        suppressClosed(units, total, minimum);
        AreaTotal kept{area.id, total.suppressed, {}, {}};
        for (const CompetenceAggregate& c : total.competences) kept.competences.insert(c.competenceId);
        units.push_back(std::move(total));
        for (GroupAggregate& g : units) {
            if (g.responses == 0) continue;  // nobody answered: nothing to show or hide
            if (!g.suppressed)
                addNoise(g, catalog, exact, scale, minimum, bits, g.unitId.empty() ? &kept.drawn : nullptr);
            out.push_back(std::move(g));
        }
        totals.push_back(std::move(kept));
    }
    if (city == nullptr) return out;
    // A hidden area's noisy counts, drawn only now (after every shown group's, which so stay as
    // they were) and never shown alone: the city's sums need them.
    for (AreaTotal& area : totals) {
        if (!area.suppressed) continue;
        GroupAggregate unused{area.areaId, "", 0, false, {}, {}, {}, {}, {}, {}, {}, {}};
        addNoise(unused, catalog, exact, scale, minimum, bits, &area.drawn);
    }
    *city = cityGroup(catalog, exact, totals, minimum);
    return out;
}

// [rule] ---------------------------------------------------------------------------------------

namespace {

// Per group: its responses ("n") and each competence's raters ("r:<competence>").
std::map<std::string, std::map<std::string, int>> responseCounts(const ReleaseCells& cells) {
    std::map<std::string, std::map<std::string, int>> out;
    for (const auto& [group, counts] : cells) {
        // A service area's total ("area/") counts towards the whole city's ("/") too: derived
        // here, so that releases stored before the city had its figures compare alike; a stored
        // city is skipped, since it is derived again.
        if (group == "/") continue;
        const bool areaTotal = !group.empty() && group.back() == '/';
        for (const auto& [cell, count] : counts) {
            if (cell == "n") out[group]["n"] += count;
            if (cell == "n" && areaTotal) out["/"]["n"] += count;
            if (cell.rfind("r:", 0) != 0) continue;
            const std::string rated = cell.substr(0, cell.find(':', 2));
            out[group][rated] += count;
            if (areaTotal) out["/"][rated] += count;
        }
    }
    return out;
}

}  // namespace

std::string changedTooLittle(const ReleaseCells& previous, const ReleaseCells& current, int minimum) {
    const auto before = responseCounts(previous);
    const auto after = responseCounts(current);
    std::set<std::pair<std::string, std::string>> cells;
    for (const auto* side : {&before, &after}) {
        for (const auto& [group, counts] : *side) {
            for (const auto& [cell, count] : counts) cells.insert({group, cell});
        }
    }
    auto countIn = [](const auto& side, const std::pair<std::string, std::string>& at) {
        const auto g = side.find(at.first);
        if (g == side.end()) return 0;
        const auto c = g->second.find(at.second);
        return c == g->second.end() ? 0 : c->second;
    };
    for (const auto& at : cells) {
        const int change = std::abs(countIn(after, at) - countIn(before, at));
        if (change > 0 && change < minimum) {
            return "some group's or competence's number of responses has changed by fewer than " +
                   std::to_string(minimum) +
                   " since the previous release (new answers, or a roster change); a new release would reveal "
                   "them";
        }
    }
    return {};
}

// [publish] ------------------------------------------------------------------------------------

namespace {

nlohmann::json cellsToJson(const ReleaseCells& cells) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [group, counts] : responseCounts(cells)) out[group] = counts;
    return out;
}

ReleaseCells cellsFromJson(const std::string& text) {
    ReleaseCells out;
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object()) return out;
    for (const auto& [group, counts] : doc.items()) {
        if (!counts.is_object()) continue;
        for (const auto& [cell, count] : counts.items()) {
            if (count.is_number_integer()) out[group][cell] = count.get<int>();
        }
    }
    return out;
}

Status checkParameters(const ReleaseParameters& p) {
    if (!(p.epsilon > 0) || !(p.yearBudget > 0) || p.epsilon > p.yearBudget || !std::isfinite(p.yearBudget))
        return makeError(ErrorCode::InvalidInput, "epsilon must be above zero and within the year's budget");
    return {};
}

}  // namespace

Result<Release> publishRelease(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir,
                               int year, const ReleaseParameters& parameters, const std::string& by, std::int64_t now,
                               const RandomBits& bits) {
    if (auto status = checkParameters(parameters); !status) return status.error();
    auto data = loadHrData(storage, keys, assetsDir, year);
    if (!data) return data.error();
    auto previous = storage.releases(year);
    if (!previous) return previous.error();
    const int minimum = std::max(parameters.minGroupSize, 3);
    const ReleaseCells cells = exactCells(data->organisation, data->catalog, data->submitted);
    if (!previous->empty()) {
        const std::string why = changedTooLittle(cellsFromJson(previous->back().basisJson), cells, minimum);
        if (!why.empty()) return makeError(ErrorCode::Refused, why);
    }
    Release release;
    release.year = year;
    release.seq = static_cast<int>(previous->size()) + 1;
    release.releasedAt = now;
    release.releasedBy = by;
    release.epsilon = parameters.epsilon;
    release.yearBudget = previous->empty() ? parameters.yearBudget : previous->front().yearBudget;
    release.minGroupSize = minimum;
    release.sensitivity = releaseSensitivity(data->catalog);
    release.noiseScale = release.sensitivity / parameters.epsilon;
    release.noise95 = noiseHalfWidth95(release.noiseScale);
    GroupAggregate city;
    release.groups = noisyGroups(data->organisation, data->catalog, cells, release.noiseScale, minimum, bits, &city);
    if (city.responses > 0) release.city = std::move(city);
    ReleaseRow row{year,
                   release.seq,
                   now,
                   by,
                   parameters.epsilon,
                   parameters.yearBudget,
                   releaseToJson(release),
                   cellsToJson(cells).dump()};
    auto stored = storage.appendRelease(row);
    if (!stored) return stored.error();
    if (*stored == ReleaseAppend::OverBudget) {
        return makeError(ErrorCode::Refused, "this release would spend more than the year's privacy budget (epsilon " +
                                                 decimalComma(release.yearBudget, 2) + "); no more releases this year");
    }
    if (*stored == ReleaseAppend::Stale) return makeError(ErrorCode::Conflict, "another release was made meanwhile");
    auto all = loadReleases(storage, year);
    if (!all) return all.error();
    return all->at(static_cast<std::size_t>(release.seq - 1));
}

Result<std::vector<Release>> loadReleases(ReleaseStorage& storage, int year) {
    auto rows = storage.releases(year);
    if (!rows) return rows.error();
    std::vector<Release> out;
    double spent = 0;
    for (const ReleaseRow& row : *rows) {
        auto release = releaseFromJson(row.contentJson);
        if (!release) return release.error();
        // The row's columns are what the budget was checked against.
        release->year = row.year;
        release->seq = row.seq;
        release->releasedAt = row.releasedAt;
        release->releasedBy = row.releasedBy;
        release->epsilon = row.epsilon;
        release->yearBudget = row.yearBudget;
        spent += row.epsilon;
        release->spent = spent;
        out.push_back(std::move(*release));
    }
    return out;
}

std::vector<GroupAggregate> ReleaseChoice::groupsWithCity() const {
    std::vector<GroupAggregate> out = groups();
    if (index >= 0 && shown()->city) out.push_back(*shown()->city);
    return out;
}

const std::vector<GroupAggregate>& ReleaseChoice::groups() const {
    static const std::vector<GroupAggregate> none;
    return index < 0 ? none : shown()->groups;
}

Result<ReleaseChoice> chooseRelease(ReleaseStorage& storage, int year, const std::string& wanted) {
    auto all = loadReleases(storage, year);
    if (!all) return all.error();
    ReleaseChoice out{std::move(*all), -1};
    out.index = static_cast<int>(out.all.size()) - 1;
    for (std::size_t i = 0; i < out.all.size(); ++i) {
        if (std::to_string(out.all[i].seq) == wanted) out.index = static_cast<int>(i);
    }
    return out;
}

// [json] ---------------------------------------------------------------------------------------

std::string releaseToJson(const Release& r) {
    nlohmann::json out{{"format", 1},
                       {"year", r.year},
                       {"release", r.seq},
                       {"released_at", r.releasedAt},
                       {"released_by", r.releasedBy},
                       {"epsilon", r.epsilon},
                       {"year_budget", r.yearBudget},
                       {"min_group", r.minGroupSize},
                       {"sensitivity", r.sensitivity},
                       {"noise_scale", r.noiseScale},
                       {"noise_95", r.noise95},
                       {"groups", nlohmann::json::parse(aggregatesJson(r.groups))}};
    if (r.city) out["city"] = nlohmann::json::parse(aggregatesJson({*r.city})).at(0);
    return out.dump();
}

std::string releaseDownloadJson(const Release* release) {
    nlohmann::json out = release != nullptr
                             ? nlohmann::json::parse(releaseToJson(*release))
                             : nlohmann::json{{"format", 1}, {"release", nullptr}, {"groups", nlohmann::json::array()}};
    const auto labels = releaseLabels(release);
    out["labels"] = {{"fi", labels[0]}, {"sv", labels[1]}, {"en", labels[2]}};
    return out.dump(2);
}

namespace {

GroupAggregate groupFromJson(const nlohmann::json& item) {
    GroupAggregate g;
    g.serviceAreaId = item["service_area"].is_string() ? item["service_area"].get<std::string>() : std::string();
    g.unitId = item["unit"].is_string() ? item["unit"].get<std::string>() : std::string();
    if (item.contains("suppressed")) {
        g.suppressed = true;
        g.suppressedBecause = item.value("suppressed", "");
        return g;
    }
    g.responses = item.value("responses", 0);
    for (const auto& c : item.value("competences", nlohmann::json::array())) {
        CompetenceAggregate cell{c.value("id", ""), c.value("responses", 0), c.value("mean", 0.0),
                                 c.value("distribution", std::vector<int>())};
        g.competences.push_back(std::move(cell));
    }
    g.methods = item.value("methods", std::map<std::string, int>());
    g.categories = item.value("categories", std::map<std::string, int>());
    g.goalCompetences = item.value("goal_competences", std::map<std::string, int>());
    g.followUp = item.value("follow_up", std::map<std::string, int>());  // none in releases made before it
    g.priima = item.value("priima", std::map<std::string, int>());       // likewise
    return g;
}

}  // namespace

Result<Release> releaseFromJson(const std::string& text) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object() || doc.value("format", 0) != 1 || !doc["groups"].is_array())
        return makeError(ErrorCode::InvalidInput, "a stored release cannot be read");
    try {
        Release r;
        r.year = doc.value("year", 0);
        r.seq = doc.value("release", 0);
        r.releasedAt = doc.value("released_at", std::int64_t{0});
        r.releasedBy = doc.value("released_by", "");
        r.epsilon = doc.value("epsilon", 0.0);
        r.yearBudget = doc.value("year_budget", 0.0);
        r.minGroupSize = doc.value("min_group", 5);
        r.sensitivity = doc.value("sensitivity", 0);
        r.noiseScale = doc.value("noise_scale", 0.0);
        r.noise95 = doc.value("noise_95", 0);
        for (const auto& item : doc["groups"]) r.groups.push_back(groupFromJson(item));
        if (doc.contains("city") && doc["city"].is_object()) r.city = groupFromJson(doc["city"]);
        return r;
    } catch (const nlohmann::json::exception&) {
        return makeError(ErrorCode::InvalidInput, "a stored release cannot be read");
    }
}

// [labels] -------------------------------------------------------------------------------------

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

}  // namespace

namespace {

// The label's wording per language; {id}, {when}, {noise}, {min} and {budget} are filled in.
struct LabelText {
    const char* language;
    const char* none;
    const char* released;
};

constexpr LabelText kLabels[] = {
    {"fi",
     "Vuodelta ei ole vielä julkaistu koontia. Luvut näytetään vain julkaistuina: ne lasketaan ja jäädytetään "
     "julkaisuhetkellä.",
     "Julkaistu koonti {id}, julkaistu {when}. Luvut eivät muutu jälkikäteen. Jokaisessa luvussa on satunnaista "
     "kohinaa: 95 %:n todennäköisyydellä enintään {noise} todellisesta; keskiarvot lasketaan kohinaisista "
     "jakaumista. Alle {min} vastauksen ryhmät ja solut sekä muut, joista ne voisi päätellä, on piilotettu. Vuoden "
     "tietosuojabudjetista (ε) käytetty: {budget}."},
    {"sv",
     "Ingen sammanställning har publicerats för året ännu. Siffrorna visas bara som publicerade: de beräknas och "
     "fryses när de publiceras.",
     "Publicerad sammanställning {id}, publicerad {when}. Siffrorna ändras inte efteråt. Varje antal har "
     "slumpmässigt brus: med 95 % sannolikhet högst {noise} från det sanna värdet; medelvärdena räknas från de "
     "brusiga fördelningarna. Grupper och celler med färre än {min} svar, och andra som skulle avslöja dem, är "
     "dolda. Årets integritetsbudget (ε) använd: {budget}."},
    {"en",
     "No figures have been released for the year yet. The figures are shown only as releases: computed and frozen "
     "when they are released.",
     "Released figures {id}, released on {when}. They never change afterwards. Every count carries random noise: "
     "with 95 % probability within {noise} of the true value; the averages are computed from the noisy "
     "distributions. Groups and cells with fewer than {min} responses, and others that would reveal them, are "
     "hidden. Year's privacy budget (ε) spent: {budget}."},
};

}  // namespace

std::string releaseLabel(const Release* r, const std::string& language) {
    const LabelText* text = &kLabels[0];
    for (const LabelText& candidate : kLabels) {
        if (language == candidate.language) text = &candidate;
    }
    if (r == nullptr) return text->none;
    const std::pair<std::string, std::string> values[] = {
        {"{id}", std::to_string(r->seq) + "/" + std::to_string(r->year)},
        {"{when}", formatLocalTime(r->releasedAt)},
        {"{noise}", "±" + std::to_string(r->noise95)},
        {"{min}", std::to_string(r->minGroupSize)},
        {"{budget}", number(r->spent) + " / " + number(r->yearBudget)}};
    std::string out = text->released;
    for (const auto& [name, value] : values) {
        for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name, at + value.size()))
            out.replace(at, name.size(), value);
    }
    return out;
}

std::vector<std::string> releaseLabels(const Release* release) {
    return {releaseLabel(release, "fi"), releaseLabel(release, "sv"), releaseLabel(release, "en")};
}

}  // namespace osm::server
