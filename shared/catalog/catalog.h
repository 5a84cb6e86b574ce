// The year's catalogue as data: common competences, 70-20-10 learning methods, the rating
// scale, the form templates and the annual clock (docs/model.md, "The year's catalogue"). One JSON file
// per year under assets/catalog/, loaded whole or refused whole.
#pragma once

#include "core/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace osm::catalog {

enum class Lang { Fi, Sv, En };
constexpr Lang kAllLangs[] = {Lang::Fi, Lang::Sv, Lang::En};
const char* langCode(Lang lang);
Result<Lang> parseLang(std::string_view code);

// A text shown to people, in every supported language.
struct Text {
    std::string fi, sv, en;
    const std::string& in(Lang lang) const;
};

struct RatingLevel {
    int value = 0;
    Text label;
    Text description;
};

struct RatingScale {
    int min = 0;
    int max = 0;
    std::vector<RatingLevel> levels;
    const RatingLevel* level(int value) const;
};

enum class CompetenceGroup { AllStaff, Manager };

struct Competence {
    std::string id;
    CompetenceGroup group = CompetenceGroup::AllStaff;
    Text name;
    Text definition;
};

struct LearningMethod {
    std::string id;
    Text name;
};

struct LearningCategory {
    std::string id;
    int share = 0;  // 70, 20 or 10
    Text name;
    std::vector<LearningMethod> methods;
};

struct Question {
    std::string id;
    Text prompt;
    Text help;
};

struct Section {
    std::string id;
    Text title;
    std::vector<Question> questions;
};

struct GroupKind {
    std::string id;
    Text name;
    std::vector<Text> perspectives;
};

enum class FormKind { DevelopmentDiscussion, GroupDiscussion, StrategicDiscussion };

struct FormTemplate {
    std::string id;
    FormKind kind = FormKind::DevelopmentDiscussion;
    std::string audience;
    Text title;
    std::vector<Section> sections;
    std::vector<CompetenceGroup> competenceGroups;  // development discussions only
    int minGoals = 0;
    int maxGoals = 0;
    std::vector<GroupKind> groupKinds;  // group discussions only
};

enum class Participants {
    Staff,
    Managers,
    Teams,
    PrincipalsAndDirectors,
    ServiceAreaManagement,
    Hr,
    CityManagement,
    CooperationCommittee,
};

enum class SectorScope { All, Alternating, NonAlternating };
enum class Alternation { None, Individual, Group };

struct ClockEvent {
    std::string id;
    Text name;
    int fromMonth = 1;
    int toMonth = 1;
    Participants participants = Participants::Staff;
    std::string formId;  // empty when the event has no form
    SectorScope sectors = SectorScope::All;
    Alternation alternation = Alternation::None;
};

struct AnnualClock {
    std::vector<std::string> alternatingSectors;
    bool individualInEvenYears = true;
    std::vector<ClockEvent> events;

    bool isAlternatingSector(std::string_view sector) const;
    // For a sector under the alternating-year model: which kind of year this is.
    Alternation yearKind(int year) const;
};

struct Catalog {
    int format = 0;
    int year = 0;
    Text title;
    RatingScale scale;
    std::vector<Competence> competences;
    std::vector<LearningCategory> categories;
    std::vector<FormTemplate> forms;
    AnnualClock clock;

    const Competence* findCompetence(std::string_view id) const;
    const LearningMethod* findMethod(std::string_view id) const;
    const LearningCategory* categoryOfMethod(std::string_view methodId) const;
    const FormTemplate* findForm(std::string_view id) const;
    std::vector<const Competence*> competencesIn(CompetenceGroup group) const;
};

// Parses and validates a whole catalogue. On any problem returns InvalidInput with a message
// "<source>: <field path>: <problem>", e.g. "2026.json: competences[3].name.sv: missing".
Result<Catalog> parseCatalog(std::string_view json, std::string_view sourceName);
Result<Catalog> loadCatalogFile(const std::filesystem::path& path);
// assets/catalog/<year>.json
Result<Catalog> loadCatalogYear(const std::filesystem::path& assetsDir, int year);

}  // namespace osm::catalog
