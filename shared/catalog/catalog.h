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

// A page of Silta, the city's intranet, with the instructions for a form or one of its sections
// (docs/integrations.md, "Silta"): a title and an https URL in each language.
struct InstructionLink {
    std::string title;
    std::string url;
};

struct Instructions {
    InstructionLink fi, sv, en;
    bool empty() const { return fi.url.empty(); }  // the catalogue gave none (all three or none)
    const InstructionLink& in(Lang lang) const;
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
    Instructions instructions;  // optional
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
    Instructions instructions;          // optional
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

// Why an instruction link's URL cannot be shown as a link, or "" when it can: https only, a
// host of lower-case letters, digits, '-' and '.', no user or port, only URL characters (other
// text percent-encoded), at most kMaxInstructionUrl bytes so its QR code stays scannable.
constexpr std::size_t kMaxInstructionUrl = 300;
std::string instructionUrlProblem(std::string_view url);
// The host of a URL that passed instructionUrlProblem().
std::string_view instructionUrlHost(std::string_view url);
// Publishing's check: every instruction link's host is one of `allowedHosts` (exact names).
// InvalidInput names the form or section and the language, e.g. "forms[group_discussion]
// .sections[priorities].instructions.sv.url: host 'x.example' is not an allowed Silta host".
Status checkInstructionHosts(const Catalog& catalog, const std::vector<std::string>& allowedHosts);

// Parses and validates a whole catalogue. On any problem returns InvalidInput with a message
// "<source>: <field path>: <problem>", e.g. "2026.json: competences[3].name.sv: missing".
Result<Catalog> parseCatalog(std::string_view json, std::string_view sourceName);
Result<Catalog> loadCatalogFile(const std::filesystem::path& path);
// assets/catalog/<year>.json
Result<Catalog> loadCatalogYear(const std::filesystem::path& assetsDir, int year);

}  // namespace osm::catalog
