// Discussion content, its validation and its JSON form.
#include "domain/discussion.h"

#include "core/json_reader.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace osm::domain {

using nlohmann::json;

std::string answerKey(std::string_view sectionId, std::string_view questionId) {
    return std::string(sectionId) + "." + std::string(questionId);
}

std::string viewpointAnswerKey(std::string_view sectionId, std::string_view questionId, std::size_t viewpoint) {
    std::string key = answerKey(sectionId, questionId);
    return viewpoint == 0 ? key : key + "@" + std::to_string(viewpoint + 1);
}

int DevelopmentDiscussion::ratingOf(std::string_view competenceId) const {
    for (const CompetenceRating& r : ratings) {
        if (r.competenceId == competenceId) return r.value;
    }
    return 0;
}

void DevelopmentDiscussion::setRating(std::string_view competenceId, int value) {
    for (CompetenceRating& r : ratings) {
        if (r.competenceId == competenceId) {
            r.value = value;
            return;
        }
    }
    ratings.push_back(CompetenceRating{std::string(competenceId), value});
}

bool isGoalMark(std::string_view mark) {
    return std::find(std::begin(kGoalMarks), std::end(kGoalMarks), mark) != std::end(kGoalMarks);
}

std::vector<GoalFollowUp> followUpOf(const DevelopmentDiscussion& agreed) {
    std::vector<GoalFollowUp> out;
    for (const LearningGoal& goal : agreed.goals) out.push_back({goal.text, agreed.year, {}, {}});
    return out;
}

namespace {

std::string_view trimmed(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    const std::size_t first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// One line of a written list without its list mark ("-", "*", "•", "–", "1.", "2)") and the
// white space around it.
std::string_view listItemText(std::string_view line) {
    line = trimmed(line);
    auto spaceAt = [&](std::size_t at) { return at < line.size() && (line[at] == ' ' || line[at] == '\t'); };
    for (std::string_view mark : {"-", "*", "\u2022", "\u2013"}) {
        if (line.starts_with(mark) && spaceAt(mark.size())) return trimmed(line.substr(mark.size()));
    }
    std::size_t digits = 0;
    while (digits < line.size() && digits < 3 && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')') && spaceAt(digits + 1))
        return trimmed(line.substr(digits + 1));
    return line;
}

}  // namespace

std::vector<GoalFollowUp> followUpOf(const GroupDiscussion& earlier) {
    // The priorities under the first point of view (the plain key), then under the others
    // ("@2", …): a team's discussion has only the first.
    const std::string plain(kGroupPrioritiesAnswer);
    std::vector<std::string_view> written;
    for (const auto& [key, text] : earlier.answers) {
        if (key == plain || key.starts_with(plain + "@")) written.push_back(text);
    }
    std::vector<GoalFollowUp> out;
    for (std::string_view rest : written) {
        while (!rest.empty()) {
            const std::size_t end = rest.find('\n');
            const std::string_view item = listItemText(rest.substr(0, end));
            if (!item.empty()) out.push_back({std::string(item), earlier.year, {}, {}});
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        }
    }
    if (out.size() > kMaxFollowUps) {
        out.clear();
        for (std::string_view text : written) {
            if (!trimmed(text).empty()) out.push_back({std::string(trimmed(text)), earlier.year, {}, {}});
        }
    }
    return out;
}

DevelopmentDiscussion newDevelopmentDiscussion(const catalog::FormTemplate& form, const catalog::Catalog& catalog) {
    DevelopmentDiscussion discussion;
    discussion.formId = form.id;
    discussion.year = catalog.year;
    for (catalog::CompetenceGroup group : form.competenceGroups) {
        for (const catalog::Competence* c : catalog.competencesIn(group)) discussion.ratings.push_back({c->id, 0});
    }
    return discussion;
}

GroupDiscussion newGroupDiscussion(const catalog::FormTemplate& form, int year, std::string groupKind,
                                   std::string unitId) {
    GroupDiscussion discussion;
    discussion.formId = form.id;
    discussion.year = year;
    discussion.groupKind = std::move(groupKind);
    discussion.unitId = std::move(unitId);
    return discussion;
}

std::string agreementRecordId(int year, std::string_view employee) {
    return "agreement:" + std::to_string(year) + ":" + std::string(employee);
}

std::string confirmationRecordId(int year, std::string_view employee, std::uint64_t agreementVersion) {
    return "confirmation:" + std::to_string(year) + ":" + std::string(employee) + ":" +
           std::to_string(agreementVersion);
}

std::string unitSummaryRecordId(int year, std::string_view unitId) {
    return "unit_summary:" + std::to_string(year) + ":" + std::string(unitId);
}

std::optional<StructuredId> parseStructuredId(std::string_view id) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = id.find(':', start);
        parts.emplace_back(id.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    auto number = [](const std::string& text, std::uint64_t max) -> std::optional<std::uint64_t> {
        if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        const std::uint64_t value = std::stoull(text);
        if (value > max) return std::nullopt;
        return value;
    };
    const bool confirmation = parts[0] == "confirmation";
    if (parts[0] != "agreement" && parts[0] != "unit_summary" && !confirmation) return std::nullopt;
    if (parts.size() != (confirmation ? 4u : 3u) || parts[2].empty()) return std::nullopt;
    auto year = number(parts[1], 2200);
    if (!year || *year < 2000) return std::nullopt;
    StructuredId out{parts[0], static_cast<int>(*year), parts[2], 0};
    if (confirmation) {
        auto version = number(parts[3], std::uint64_t{1} << 52);
        if (!version || *version == 0) return std::nullopt;
        out.version = *version;
    }
    return out;
}

Agreement newAgreement(const std::string& employee, const std::string& preFormId, std::uint64_t preFormVersion,
                       const DevelopmentDiscussion& preForm, const catalog::FormTemplate& form,
                       const catalog::Catalog& catalog) {
    Agreement agreement{employee, preFormId, preFormVersion, newDevelopmentDiscussion(form, catalog)};
    agreement.discussion.year = preForm.year != 0 ? preForm.year : catalog.year;
    agreement.discussion.goals = preForm.goals;
    return agreement;
}

UnitSummary newUnitSummary(const catalog::FormTemplate& form, int year, std::string unitId, std::string recordedBy) {
    UnitSummary summary;
    summary.formId = form.id;
    summary.year = year;
    summary.unitId = std::move(unitId);
    summary.recordedBy = std::move(recordedBy);
    return summary;
}

namespace {

void checkAnswers(const std::map<std::string, std::string>& answers, const catalog::FormTemplate& form,
                  std::vector<ValidationIssue>& issues, std::size_t viewpoints = 1) {
    std::set<std::string> known;
    for (const catalog::Section& s : form.sections) {
        for (const catalog::Question& q : s.questions) {
            for (std::size_t v = 0; v < viewpoints; ++v) known.insert(viewpointAnswerKey(s.id, q.id, v));
        }
    }
    for (const auto& [key, text] : answers) {
        if (!known.contains(key)) issues.push_back({"answers." + key, "validation.unknown_question"});
        if (text.size() > kMaxAnswerBytes) issues.push_back({"answers." + key, "validation.answer_too_long"});
    }
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// Goals (or training needs) under `field`: their number within limits, each with text and at
// least one known method, linked only to a competence in `competences`.
void checkGoals(const std::vector<LearningGoal>& goals, const std::string& field, int minGoals, int maxGoals,
                const std::set<std::string>& competences, const catalog::Catalog& catalog,
                std::vector<ValidationIssue>& issues) {
    const int count = static_cast<int>(goals.size());
    if (count < minGoals) issues.push_back({field, "validation.too_few_goals"});
    if (count > maxGoals) issues.push_back({field, "validation.too_many_goals"});
    for (std::size_t i = 0; i < goals.size(); ++i) {
        const LearningGoal& goal = goals[i];
        const std::string at = field + "[" + std::to_string(i) + "]";
        if (blank(goal.text)) issues.push_back({at + ".text", "validation.goal_text_missing"});
        if (goal.text.size() > kMaxGoalBytes) issues.push_back({at + ".text", "validation.answer_too_long"});
        if (goal.methodIds.empty()) issues.push_back({at + ".methods", "validation.goal_methods_missing"});
        for (const std::string& method : goal.methodIds) {
            if (catalog.findMethod(method) == nullptr) issues.push_back({at + ".methods", "validation.unknown_method"});
        }
        if (!goal.competenceId.empty() && !competences.contains(goal.competenceId)) {
            issues.push_back({at + ".competence", "validation.unknown_competence"});
        }
    }
}

// The follow-up of earlier goals: each of an earlier year, marked with a known mark, its texts
// within the limits of what it follows up (a goal, or a group's answer) and of an answer.
void checkFollowUp(const std::vector<GoalFollowUp>& followUp, int year, std::size_t maxTextBytes,
                   std::vector<ValidationIssue>& issues) {
    if (followUp.size() > kMaxFollowUps) issues.push_back({"follow_up", "validation.too_many_follow_ups"});
    for (std::size_t i = 0; i < followUp.size(); ++i) {
        const GoalFollowUp& item = followUp[i];
        const std::string at = "follow_up[" + std::to_string(i) + "]";
        if (item.mark.empty())
            issues.push_back({at + ".mark", "validation.follow_up_mark_missing"});
        else if (!isGoalMark(item.mark))
            issues.push_back({at + ".mark", "validation.unknown_mark"});
        if (item.year >= year) issues.push_back({at + ".year", "validation.follow_up_not_earlier"});
        if (item.text.size() > maxTextBytes) issues.push_back({at + ".text", "validation.answer_too_long"});
        if (item.comment.size() > kMaxAnswerBytes) issues.push_back({at + ".comment", "validation.answer_too_long"});
    }
}

// Every theme (section) of the form has something written under at least one of its questions
// (under the point of view `viewpoint`: its issues name the theme with "@<n>" after it, as its keys).
void checkThemes(const std::map<std::string, std::string>& answers, const catalog::FormTemplate& form,
                 std::vector<ValidationIssue>& issues, std::size_t viewpoint = 0) {
    for (const catalog::Section& section : form.sections) {
        const bool anyAnswer =
            std::any_of(section.questions.begin(), section.questions.end(), [&](const catalog::Question& q) {
                auto it = answers.find(viewpointAnswerKey(section.id, q.id, viewpoint));
                return it != answers.end() && !blank(it->second);
            });
        const std::string suffix = viewpoint == 0 ? std::string() : "@" + std::to_string(viewpoint + 1);
        if (!anyAnswer) issues.push_back({"answers." + section.id + suffix, "validation.theme_empty"});
    }
}

const catalog::FormTemplate* formOrIssue(const std::string& formId, catalog::FormKind kind,
                                         const catalog::Catalog& catalog, std::vector<ValidationIssue>& issues) {
    const catalog::FormTemplate* form = catalog.findForm(formId);
    if (form == nullptr || form->kind != kind) {
        issues.push_back({"form", "validation.unknown_form"});
        return nullptr;
    }
    return form;
}

}  // namespace

std::vector<ValidationIssue> validate(const DevelopmentDiscussion& discussion, const catalog::Catalog& catalog) {
    std::vector<ValidationIssue> issues;
    const catalog::FormTemplate* form =
        formOrIssue(discussion.formId, catalog::FormKind::DevelopmentDiscussion, catalog, issues);
    if (form == nullptr) return issues;
    checkAnswers(discussion.answers, *form, issues);

    std::set<std::string> expected;
    for (catalog::CompetenceGroup group : form->competenceGroups) {
        for (const catalog::Competence* c : catalog.competencesIn(group)) {
            expected.insert(c->id);
            const int value = discussion.ratingOf(c->id);
            if (value == 0)
                issues.push_back({"ratings." + c->id, "validation.rating_missing"});
            else if (value < catalog.scale.min || value > catalog.scale.max)
                issues.push_back({"ratings." + c->id, "validation.rating_out_of_scale"});
        }
    }
    for (const CompetenceRating& r : discussion.ratings) {
        if (!expected.contains(r.competenceId))
            issues.push_back({"ratings." + r.competenceId, "validation.unknown_competence"});
    }

    checkGoals(discussion.goals, "goals", form->minGoals, form->maxGoals, expected, catalog, issues);
    checkFollowUp(discussion.followUp, discussion.year, kMaxGoalBytes, issues);
    return issues;
}

std::vector<ValidationIssue> validate(const GroupDiscussion& discussion, const catalog::Catalog& catalog) {
    std::vector<ValidationIssue> issues;
    const catalog::FormTemplate* form =
        formOrIssue(discussion.formId, catalog::FormKind::GroupDiscussion, catalog, issues);
    if (form == nullptr) return issues;
    const auto kind = std::find_if(form->groupKinds.begin(), form->groupKinds.end(),
                                   [&](const catalog::GroupKind& k) { return k.id == discussion.groupKind; });
    const std::size_t viewpoints =
        kind == form->groupKinds.end() ? 1 : std::max<std::size_t>(1, kind->perspectives.size());
    checkAnswers(discussion.answers, *form, issues, viewpoints);
    if (kind == form->groupKinds.end()) issues.push_back({"group_kind", "validation.unknown_group_kind"});
    if (discussion.participants.size() < 2) issues.push_back({"participants", "validation.too_few_participants"});
    if (std::find(discussion.participants.begin(), discussion.participants.end(), discussion.recordedBy) ==
        discussion.participants.end()) {
        issues.push_back({"recorded_by", "validation.recorder_not_participant"});
    }
    // A unit's discussion has its themes under any point of view (the terminal writes the first);
    // a cross-unit group's answers each theme under each of its points of view separately.
    const std::size_t themed = discussion.serviceAreaId.empty() ? 1 : viewpoints;
    for (std::size_t v = 0; v < themed; ++v) checkThemes(discussion.answers, *form, issues, v);
    checkFollowUp(discussion.followUp, discussion.year, kMaxAnswerBytes, issues);
    return issues;
}

std::vector<ValidationIssue> validate(const Agreement& agreement, const catalog::Catalog& catalog) {
    std::vector<ValidationIssue> issues = validate(agreement.discussion, catalog);
    if (agreement.employee.empty()) issues.push_back({"employee", "validation.employee_missing"});
    return issues;
}

std::vector<ValidationIssue> validate(const UnitSummary& summary, const catalog::Catalog& catalog) {
    std::vector<ValidationIssue> issues;
    const catalog::FormTemplate* form =
        formOrIssue(summary.formId, catalog::FormKind::GroupDiscussion, catalog, issues);
    if (form == nullptr) return issues;
    checkAnswers(summary.answers, *form, issues);
    checkThemes(summary.answers, *form, issues);
    std::set<std::string> competences;
    for (const catalog::Competence& c : catalog.competences) competences.insert(c.id);
    checkGoals(summary.trainingNeeds, "training_needs", 1, kMaxTrainingNeeds, competences, catalog, issues);
    return issues;
}

std::vector<CategoryShare> methodBalance(const std::vector<LearningGoal>& goals, const catalog::Catalog& catalog) {
    std::vector<CategoryShare> shares;
    int total = 0;
    for (const catalog::LearningCategory& category : catalog.categories) {
        CategoryShare share{category.id, category.share, 0, 0};
        for (const LearningGoal& goal : goals) {
            for (const std::string& method : goal.methodIds) {
                const catalog::LearningCategory* of = catalog.categoryOfMethod(method);
                if (of != nullptr && of->id == category.id) ++share.methodCount;
            }
        }
        total += share.methodCount;
        shares.push_back(share);
    }
    if (total == 0) return shares;
    // Largest-remainder rounding, so the shown percents always add up to exactly 100.
    int assigned = 0;
    std::vector<std::pair<int, std::size_t>> remainders;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        const int scaled = shares[i].methodCount * 100;
        shares[i].percent = scaled / total;
        assigned += shares[i].percent;
        remainders.push_back({scaled % total, i});
    }
    std::sort(remainders.begin(), remainders.end(),
              [](auto a, auto b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    for (std::size_t i = 0; assigned < 100 && i < remainders.size(); ++i, ++assigned)
        ++shares[remainders[i].second].percent;
    return shares;
}

namespace {

json goalsJson(const std::vector<LearningGoal>& goals) {
    json out = json::array();
    for (const LearningGoal& g : goals)
        out.push_back({{"text", g.text}, {"competence", g.competenceId}, {"methods", g.methodIds}});
    return out;
}

// Written only when there is some, so a discussion without follow-up keeps its bytes.
void putFollowUp(json& doc, const std::vector<GoalFollowUp>& followUp) {
    if (followUp.empty()) return;
    json items = json::array();
    for (const GoalFollowUp& f : followUp)
        items.push_back({{"text", f.text}, {"year", f.year}, {"mark", f.mark}, {"comment", f.comment}});
    doc["follow_up"] = std::move(items);
}

json developmentJson(const DevelopmentDiscussion& d) {
    json doc{{"type", "development_discussion"}, {"form", d.formId}, {"year", d.year}, {"answers", d.answers}};
    doc["ratings"] = json::object();
    for (const CompetenceRating& r : d.ratings) doc["ratings"][r.competenceId] = r.value;
    doc["goals"] = goalsJson(d.goals);
    putFollowUp(doc, d.followUp);
    return doc;
}

}  // namespace

std::string toJson(const DevelopmentDiscussion& d) { return developmentJson(d).dump(); }

std::string toJson(const Agreement& a) {
    return json{{"type", "agreement"},
                {"employee", a.employee},
                {"pre_form", {{"id", a.preFormId}, {"version", a.preFormVersion}}},
                {"discussion", developmentJson(a.discussion)}}
        .dump();
}

std::string toJson(const Confirmation& c) {
    return json{{"type", "confirmation"},
                {"agreement", c.agreementId},
                {"version", c.agreementVersion},
                {"hash", c.agreementHash}}
        .dump();
}

std::string toJson(const UnitSummary& u) {
    return json{{"type", "unit_summary"},
                {"form", u.formId},
                {"year", u.year},
                {"unit", u.unitId},
                {"recorded_by", u.recordedBy},
                {"sources", u.sources},
                {"answers", u.answers},
                {"training_needs", goalsJson(u.trainingNeeds)}}
        .dump();
}

std::string toJson(const GroupDiscussion& d) {
    json doc{{"type", "group_discussion"},  {"form", d.formId},    {"year", d.year},
             {"group_kind", d.groupKind},   {"unit", d.unitId},    {"participants", d.participants},
             {"recorded_by", d.recordedBy}, {"answers", d.answers}};
    if (!d.serviceAreaId.empty()) doc["service_area"] = d.serviceAreaId;  // left out for a unit's: same bytes as before
    putFollowUp(doc, d.followUp);
    return doc.dump();
}

namespace {

std::map<std::string, std::string> readAnswers(const JsonReader& r) {
    r.expectObject();
    std::map<std::string, std::string> answers;
    for (const auto& [key, value] : r.node().items()) {
        if (!value.is_string()) r.field(key).fail("must be a string");
        answers[key] = value.get<std::string>();
    }
    return answers;
}

std::string plainString(const JsonReader& r) {
    if (!r.node().is_string()) r.fail("must be a string");
    return r.node().get<std::string>();
}

std::vector<std::string> stringList(const JsonReader& r) {
    std::vector<std::string> out;
    r.forEach(0, [&](const JsonReader& item) { out.push_back(item.string()); });
    return out;
}

std::vector<LearningGoal> readGoals(const JsonReader& r) {
    std::vector<LearningGoal> goals;
    r.forEach(0, [&](const JsonReader& g) {
        goals.push_back(LearningGoal{plainString(g.field("text")), plainString(g.field("competence")),
                                     stringList(g.field("methods"))});
    });
    return goals;
}

std::vector<GoalFollowUp> readFollowUp(const JsonReader& r) {
    std::vector<GoalFollowUp> out;
    if (!r.has("follow_up")) return out;  // left out when empty, and before it existed
    r.field("follow_up").forEach(0, [&](const JsonReader& f) {
        out.push_back({plainString(f.field("text")), static_cast<int>(f.field("year").integer(2000, 2200)),
                       plainString(f.field("mark")), plainString(f.field("comment"))});
    });
    return out;
}

DevelopmentDiscussion readDevelopment(const JsonReader& r) {
    DevelopmentDiscussion d;
    d.formId = r.field("form").string();
    d.year = static_cast<int>(r.field("year").integer(2000, 2200));
    d.answers = readAnswers(r.field("answers"));
    const JsonReader ratings = r.field("ratings");
    ratings.expectObject();
    for (const auto& [id, value] : ratings.node().items()) {
        d.ratings.push_back({id, static_cast<int>(ratings.field(id).integer(0, 100))});
    }
    d.goals = readGoals(r.field("goals"));
    d.followUp = readFollowUp(r);
    return d;
}

template <typename T, typename Read>
Result<T> readDocument(std::string_view json, std::string_view type, Read read) {
    auto doc = parseJsonText(json, type);
    if (!doc) return doc.error();
    try {
        JsonReader r(*doc, std::string(type));
        if (r.field("type").string() != type) r.field("type").fail("must be \"" + std::string(type) + "\"");
        return read(r);
    } catch (const JsonReadError& error) {
        return makeError(ErrorCode::InvalidInput, error.what());
    } catch (const nlohmann::json::exception& error) {
        return makeError(ErrorCode::InvalidInput, std::string(type) + ": " + error.what());
    }
}

}  // namespace

Result<DevelopmentDiscussion> developmentDiscussionFromJson(std::string_view text) {
    return readDocument<DevelopmentDiscussion>(text, "development_discussion", readDevelopment);
}

Result<Agreement> agreementFromJson(std::string_view text) {
    return readDocument<Agreement>(text, "agreement", [](const JsonReader& r) {
        Agreement a;
        a.employee = r.field("employee").string();
        const JsonReader preForm = r.field("pre_form");
        a.preFormId = plainString(preForm.field("id"));
        a.preFormVersion = static_cast<std::uint64_t>(preForm.field("version").integer(0, std::int64_t{1} << 52));
        const JsonReader discussion = r.field("discussion");
        if (discussion.field("type").string() != "development_discussion")
            discussion.field("type").fail("must be \"development_discussion\"");
        a.discussion = readDevelopment(discussion);
        return a;
    });
}

Result<Confirmation> confirmationFromJson(std::string_view text) {
    return readDocument<Confirmation>(text, "confirmation", [](const JsonReader& r) {
        Confirmation c;
        c.agreementId = r.field("agreement").string();
        c.agreementVersion = static_cast<std::uint64_t>(r.field("version").integer(1, std::int64_t{1} << 52));
        c.agreementHash = r.field("hash").string();
        if (c.agreementHash.size() != 64) r.field("hash").fail("must be 64 hex digits");
        return c;
    });
}

Result<UnitSummary> unitSummaryFromJson(std::string_view text) {
    return readDocument<UnitSummary>(text, "unit_summary", [](const JsonReader& r) {
        UnitSummary u;
        u.formId = r.field("form").string();
        u.year = static_cast<int>(r.field("year").integer(2000, 2200));
        u.unitId = r.field("unit").string();
        u.recordedBy = plainString(r.field("recorded_by"));
        u.sources = stringList(r.field("sources"));
        u.answers = readAnswers(r.field("answers"));
        u.trainingNeeds = readGoals(r.field("training_needs"));
        return u;
    });
}

Result<GroupDiscussion> groupDiscussionFromJson(std::string_view text) {
    return readDocument<GroupDiscussion>(text, "group_discussion", [](const JsonReader& r) {
        GroupDiscussion d;
        d.formId = r.field("form").string();
        d.year = static_cast<int>(r.field("year").integer(2000, 2200));
        d.groupKind = r.field("group_kind").string();
        d.unitId = plainString(r.field("unit"));
        d.serviceAreaId = r.optionalString("service_area");
        if (!d.serviceAreaId.empty() && !d.unitId.empty())
            r.field("unit").fail("must be empty when service_area names the discussion's service area");
        d.participants = stringList(r.field("participants"));
        d.recordedBy = plainString(r.field("recorded_by"));
        d.answers = readAnswers(r.field("answers"));
        d.followUp = readFollowUp(r);
        return d;
    });
}

}  // namespace osm::domain
