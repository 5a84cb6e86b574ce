// Catalogue loading. Every check throws JsonReadError with the field path; parseCatalog()
// catches it, so a caller gets a whole catalogue or an error, never half of one.
//
// [SECTION] small helpers   [SECTION] parts of the file   [SECTION] cross-checks   [SECTION] lookups
#include "catalog/catalog.h"

#include "core/json_reader.h"

#include <algorithm>
#include <set>

namespace osm::catalog {
namespace {

// [SECTION] small helpers ------------------------------------------------------------------

Text readText(const JsonReader& r) {
    r.expectObject();
    return Text{r.field("fi").string(), r.field("sv").string(), r.field("en").string()};
}

std::string readId(const JsonReader& r) {
    std::string id = r.string();
    const bool ok = std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    });
    if (!ok) r.fail("must use only a–z, 0–9, '_' and '.'");
    return id;
}

// Optional "instructions": {"fi": {"title", "url"}, "sv": …, "en": …}, all three languages.
// `owner` names the form or section in the message, as the indices of the path may not.
Instructions readInstructions(const JsonReader& parent, const std::string& owner) {
    Instructions out;
    if (!parent.has("instructions")) return out;
    const JsonReader r = parent.field("instructions");
    r.expectObject();
    for (Lang lang : kAllLangs) {
        const JsonReader link = r.field(langCode(lang));
        link.expectObject();
        InstructionLink& into = lang == Lang::Fi ? out.fi : lang == Lang::Sv ? out.sv : out.en;
        into.title = link.field("title").string();
        into.url = link.field("url").string();
        if (const std::string problem = instructionUrlProblem(into.url); !problem.empty())
            link.field("url").fail(problem + " (" + owner + ")");
    }
    return out;
}

template <typename T>
void requireUniqueIds(const JsonReader& r, const std::vector<T>& items, std::string_view what) {
    std::set<std::string> seen;
    for (const T& item : items) {
        if (!seen.insert(item.id).second) r.fail(std::string(what) + " id '" + item.id + "' appears twice");
    }
}

template <typename Enum, std::size_t N>
Enum readEnum(const JsonReader& r, const std::pair<std::string_view, Enum> (&names)[N]) {
    const std::string value = r.string();
    for (const auto& [name, e] : names) {
        if (value == name) return e;
    }
    std::string allowed;
    for (const auto& [name, e] : names) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    r.fail("'" + value + "' is not one of: " + allowed);
}

constexpr std::pair<std::string_view, CompetenceGroup> kGroups[] = {{"all_staff", CompetenceGroup::AllStaff},
                                                                    {"manager", CompetenceGroup::Manager}};
constexpr std::pair<std::string_view, FormKind> kFormKinds[] = {
    {"development_discussion", FormKind::DevelopmentDiscussion},
    {"group_discussion", FormKind::GroupDiscussion},
    {"strategic_discussion", FormKind::StrategicDiscussion}};
constexpr std::pair<std::string_view, Participants> kParticipants[] = {
    {"staff", Participants::Staff},
    {"managers", Participants::Managers},
    {"teams", Participants::Teams},
    {"principals_and_directors", Participants::PrincipalsAndDirectors},
    {"service_area_management", Participants::ServiceAreaManagement},
    {"hr", Participants::Hr},
    {"city_management", Participants::CityManagement},
    {"cooperation_committee", Participants::CooperationCommittee}};
constexpr std::pair<std::string_view, SectorScope> kScopes[] = {{"all", SectorScope::All},
                                                                {"alternating", SectorScope::Alternating},
                                                                {"non_alternating", SectorScope::NonAlternating}};
constexpr std::pair<std::string_view, Alternation> kAlternations[] = {{"individual", Alternation::Individual},
                                                                      {"group", Alternation::Group}};

// [SECTION] parts of the file ----------------------------------------------------------------

RatingScale readScale(const JsonReader& r) {
    RatingScale scale;
    scale.min = static_cast<int>(r.field("min").integer(0, 10));
    scale.max = static_cast<int>(r.field("max").integer(scale.min + 1, 10));
    r.field("levels").forEach(1, [&](const JsonReader& item) {
        RatingLevel level;
        level.value = static_cast<int>(item.field("value").integer(scale.min, scale.max));
        level.label = readText(item.field("label"));
        level.description = readText(item.field("description"));
        const int expected = scale.min + static_cast<int>(scale.levels.size());
        if (level.value != expected)
            item.field("value").fail("levels must run min..max in order; expected " + std::to_string(expected));
        scale.levels.push_back(std::move(level));
    });
    if (static_cast<int>(scale.levels.size()) != scale.max - scale.min + 1) {
        r.field("levels").fail("must have one level for every value from min to max");
    }
    return scale;
}

std::vector<Section> readSections(const JsonReader& r, const std::string& formId) {
    std::vector<Section> sections;
    r.forEach(1, [&](const JsonReader& item) {
        Section section;
        section.id = readId(item.field("id"));
        section.title = readText(item.field("title"));
        section.instructions = readInstructions(item, "section '" + section.id + "' of form '" + formId + "'");
        item.field("questions").forEach(1, [&](const JsonReader& q) {
            section.questions.push_back(
                Question{readId(q.field("id")), readText(q.field("prompt")), readText(q.field("help"))});
        });
        requireUniqueIds(item.field("questions"), section.questions, "question");
        sections.push_back(std::move(section));
    });
    requireUniqueIds(r, sections, "section");
    return sections;
}

FormTemplate readForm(const JsonReader& r) {
    FormTemplate form;
    form.id = readId(r.field("id"));
    form.kind = readEnum(r.field("kind"), kFormKinds);
    form.audience = r.field("audience").string();
    form.title = readText(r.field("title"));
    form.instructions = readInstructions(r, "form '" + form.id + "'");
    form.sections = readSections(r.field("sections"), form.id);
    if (form.kind == FormKind::DevelopmentDiscussion) {
        r.field("competence_groups").forEach(1, [&](const JsonReader& g) {
            form.competenceGroups.push_back(readEnum(g, kGroups));
        });
        const JsonReader goals = r.field("learning_goals");
        form.minGoals = static_cast<int>(goals.field("min").integer(0, 20));
        form.maxGoals = static_cast<int>(goals.field("max").integer(std::max(form.minGoals, 1), 20));
    }
    if (form.kind == FormKind::GroupDiscussion) {
        r.field("group_kinds").forEach(1, [&](const JsonReader& g) {
            GroupKind kind;
            kind.id = readId(g.field("id"));
            kind.name = readText(g.field("name"));
            g.field("perspectives").forEach(1, [&](const JsonReader& p) { kind.perspectives.push_back(readText(p)); });
            form.groupKinds.push_back(std::move(kind));
        });
        requireUniqueIds(r.field("group_kinds"), form.groupKinds, "group kind");
    }
    return form;
}

AnnualClock readClock(const JsonReader& r) {
    AnnualClock clock;
    const JsonReader alternating = r.field("alternating_year");
    alternating.field("sectors").forEach(0,
                                         [&](const JsonReader& s) { clock.alternatingSectors.push_back(readId(s)); });
    const JsonReader parity = alternating.field("individual_years");
    const std::string parityText = parity.string();
    if (parityText != "even" && parityText != "odd") parity.fail("must be \"even\" or \"odd\"");
    clock.individualInEvenYears = parityText == "even";

    r.field("events").forEach(1, [&](const JsonReader& e) {
        ClockEvent event;
        event.id = readId(e.field("id"));
        event.name = readText(e.field("name"));
        event.fromMonth = static_cast<int>(e.field("from_month").integer(1, 12));
        event.toMonth = static_cast<int>(e.field("to_month").integer(event.fromMonth, 12));
        event.participants = readEnum(e.field("participants"), kParticipants);
        event.formId = e.has("form") ? readId(e.field("form")) : std::string();
        event.sectors = readEnum(e.field("sectors"), kScopes);
        event.alternation = e.has("alternation") ? readEnum(e.field("alternation"), kAlternations) : Alternation::None;
        clock.events.push_back(std::move(event));
    });
    requireUniqueIds(r.field("events"), clock.events, "event");
    return clock;
}

// [SECTION] cross-checks --------------------------------------------------------------------

void crossCheck(const JsonReader& root, const Catalog& catalog) {
    for (std::size_t i = 0; i < catalog.forms.size(); ++i) {
        const FormTemplate& form = catalog.forms[i];
        for (CompetenceGroup group : form.competenceGroups) {
            if (catalog.competencesIn(group).empty()) {
                root.field("forms").at(i).field("competence_groups").fail("names a group with no competences");
            }
        }
    }
    for (std::size_t i = 0; i < catalog.clock.events.size(); ++i) {
        const ClockEvent& event = catalog.clock.events[i];
        if (!event.formId.empty() && catalog.findForm(event.formId) == nullptr) {
            root.field("annual_clock")
                .field("events")
                .at(i)
                .field("form")
                .fail("no form with id '" + event.formId + "'");
        }
    }
    std::set<std::string> methodIds;
    int shares = 0;
    for (std::size_t i = 0; i < catalog.categories.size(); ++i) {
        shares += catalog.categories[i].share;
        for (const LearningMethod& method : catalog.categories[i].methods) {
            if (!methodIds.insert(method.id).second) {
                root.field("learning_categories")
                    .at(i)
                    .field("methods")
                    .fail("method id '" + method.id + "' appears twice in the catalogue");
            }
        }
    }
    if (shares != 100)
        root.field("learning_categories")
            .fail("the shares must add up to 100, they add up to " + std::to_string(shares));
}

Catalog readCatalog(const JsonReader& r) {
    r.expectObject();
    Catalog catalog;
    catalog.format = static_cast<int>(r.field("format").integer(1, 1));
    catalog.year = static_cast<int>(r.field("year").integer(2000, 2200));
    catalog.title = readText(r.field("title"));
    catalog.scale = readScale(r.field("rating_scale"));

    r.field("competences").forEach(1, [&](const JsonReader& c) {
        catalog.competences.push_back(Competence{readId(c.field("id")), readEnum(c.field("group"), kGroups),
                                                 readText(c.field("name")), readText(c.field("definition"))});
    });
    requireUniqueIds(r.field("competences"), catalog.competences, "competence");

    r.field("learning_categories").forEach(1, [&](const JsonReader& c) {
        LearningCategory category;
        category.id = readId(c.field("id"));
        category.share = static_cast<int>(c.field("share").integer(1, 100));
        category.name = readText(c.field("name"));
        c.field("methods").forEach(1, [&](const JsonReader& m) {
            category.methods.push_back(LearningMethod{readId(m.field("id")), readText(m.field("name"))});
        });
        catalog.categories.push_back(std::move(category));
    });
    requireUniqueIds(r.field("learning_categories"), catalog.categories, "category");

    r.field("forms").forEach(1, [&](const JsonReader& f) { catalog.forms.push_back(readForm(f)); });
    requireUniqueIds(r.field("forms"), catalog.forms, "form");

    catalog.clock = readClock(r.field("annual_clock"));
    crossCheck(r, catalog);
    return catalog;
}

}  // namespace

// [SECTION] lookups ---------------------------------------------------------------------------

const char* langCode(Lang lang) {
    switch (lang) {
    case Lang::Fi: return "fi";
    case Lang::Sv: return "sv";
    case Lang::En: return "en";
    }
    return "fi";
}

Result<Lang> parseLang(std::string_view code) {
    for (Lang lang : kAllLangs) {
        if (code == langCode(lang)) return lang;
    }
    return makeError(ErrorCode::InvalidInput, "unknown language '" + std::string(code) + "' (fi, sv or en)");
}

const std::string& Text::in(Lang lang) const {
    switch (lang) {
    case Lang::Sv: return sv;
    case Lang::En: return en;
    case Lang::Fi: break;
    }
    return fi;
}

const RatingLevel* RatingScale::level(int value) const {
    for (const RatingLevel& l : levels) {
        if (l.value == value) return &l;
    }
    return nullptr;
}

bool AnnualClock::isAlternatingSector(std::string_view sector) const {
    return std::find(alternatingSectors.begin(), alternatingSectors.end(), sector) != alternatingSectors.end();
}

Alternation AnnualClock::yearKind(int year) const {
    const bool even = year % 2 == 0;
    return even == individualInEvenYears ? Alternation::Individual : Alternation::Group;
}

const Competence* Catalog::findCompetence(std::string_view id) const {
    for (const Competence& c : competences) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

const LearningMethod* Catalog::findMethod(std::string_view id) const {
    for (const LearningCategory& category : categories) {
        for (const LearningMethod& m : category.methods) {
            if (m.id == id) return &m;
        }
    }
    return nullptr;
}

const LearningCategory* Catalog::categoryOfMethod(std::string_view methodId) const {
    for (const LearningCategory& category : categories) {
        for (const LearningMethod& m : category.methods) {
            if (m.id == methodId) return &category;
        }
    }
    return nullptr;
}

const FormTemplate* Catalog::findForm(std::string_view id) const {
    for (const FormTemplate& f : forms) {
        if (f.id == id) return &f;
    }
    return nullptr;
}

std::vector<const Competence*> Catalog::competencesIn(CompetenceGroup group) const {
    std::vector<const Competence*> out;
    for (const Competence& c : competences) {
        if (c.group == group) out.push_back(&c);
    }
    return out;
}

Result<Catalog> parseCatalog(std::string_view json, std::string_view sourceName) {
    auto document = parseJsonText(json, sourceName);
    if (!document) return document.error();
    try {
        return readCatalog(JsonReader(*document, std::string(sourceName)));
    } catch (const JsonReadError& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    } catch (const nlohmann::json::exception& error) {
        return makeError(ErrorCode::InvalidInput, std::string(sourceName) + ": " + error.what());
    }
}

Result<Catalog> loadCatalogFile(const std::filesystem::path& path) {
    auto text = readTextFile(path.string());
    if (!text) return text.error();
    return parseCatalog(*text, path.string());
}

Result<Catalog> loadCatalogYear(const std::filesystem::path& assetsDir, int year) {
    const auto path = assetsDir / "catalog" / (std::to_string(year) + ".json");
    auto catalog = loadCatalogFile(path);
    if (catalog && catalog->year != year) {
        return makeError(ErrorCode::InvalidInput, path.string() + ": year: the file says " +
                                                      std::to_string(catalog->year) + ", its name says " +
                                                      std::to_string(year));
    }
    return catalog;
}

}  // namespace osm::catalog
