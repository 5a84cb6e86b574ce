// The content of discussions (docs/model.md, "Forms and the records they make"): answers per question, competence ratings,
// learning goals tied to 70-20-10 methods, and group-discussion records. This is the plaintext
// that the kiosk seals in a draft and the server stores encrypted once submitted.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osm::domain {

constexpr std::size_t kMaxAnswerBytes = 20000;
constexpr std::size_t kMaxGoalBytes = 2000;

// Answer keys are "<section id>.<question id>".
std::string answerKey(std::string_view sectionId, std::string_view questionId);
// A group discussion answers each question once under each point of view of its group kind (the
// catalogue's `perspectives`): under the first (index 0) with the plain answer key, under the
// n-th (index n-1 > 0) with "@<n>" after it ("priorities.top_priorities@2"), so a group kind of
// one point of view and every earlier payload keep their keys.
std::string viewpointAnswerKey(std::string_view sectionId, std::string_view questionId, std::size_t viewpoint);

struct CompetenceRating {
    std::string competenceId;
    int value = 0;  // 0 = not rated yet
};

struct LearningGoal {
    std::string text;
    std::string competenceId;  // optional link to a common competence
    std::vector<std::string> methodIds;
};

// One goal agreed in an earlier development discussion, followed up on the first page of the
// next pre-form ("Kuluneen työvuoden arviointi"): how far the person got with it, in their words.
// `mark` is "" while not marked yet, else one of kGoalMarks.
struct GoalFollowUp {
    std::string text;  // the goal as agreed
    int year = 0;      // the year it was agreed
    std::string mark;
    std::string comment;

    bool operator==(const GoalFollowUp&) const = default;
};

// The marks a followed-up goal (or a group's development priority) takes: achieved, partly, not yet.
inline constexpr std::string_view kGoalMarks[] = {"achieved", "partly", "not_yet"};
constexpr std::size_t kMaxFollowUps = 20;
bool isGoalMark(std::string_view mark);

struct DevelopmentDiscussion {
    std::string formId;
    int year = 0;
    std::map<std::string, std::string> answers;
    std::vector<CompetenceRating> ratings;
    std::vector<LearningGoal> goals;
    // A pre-form's follow-up of the goals agreed in the person's latest earlier discussion.
    std::vector<GoalFollowUp> followUp;

    int ratingOf(std::string_view competenceId) const;
    void setRating(std::string_view competenceId, int value);
};

struct GroupDiscussion {
    std::string formId;
    int year = 0;
    std::string groupKind;
    std::string unitId;                     // the unit it was recorded in; empty for a cross-unit group's
    std::vector<std::string> participants;  // staff numbers
    std::string recordedBy;                 // staff number
    std::map<std::string, std::string> answers;
    // The follow-up of the development priorities of the team's previous group discussion
    // (followUpOf(GroupDiscussion)), each marked like a followed-up goal; `year` is that
    // discussion's. Left out of the JSON when empty.
    std::vector<GoalFollowUp> followUp;
    // A cross-unit group's discussion (principals' and directors' team, management group: the
    // leaders' web) names its service area instead of a unit; empty for a unit's discussion.
    std::string serviceAreaId;
};

// The answer of a group discussion that holds its development priorities ("Osaamisen
// kehittämisen painopisteet": the most important ones for the coming year), followed up by the
// team's next group discussion.
inline constexpr std::string_view kGroupPrioritiesAnswer = "priorities.top_priorities";

// The manager's part of a report's development discussion (docs/model.md, "Forms and the records they make"): notes per
// section (in `discussion.answers`), the manager's view of the competences (`ratings`) and the
// goals agreed in the discussion with their 70-20-10 methods (`goals`). The employee confirms
// one version of it (Confirmation); a later change is a new version, confirmed again.
struct Agreement {
    std::string employee;   // staff number
    std::string preFormId;  // record id of the employee's submitted pre-form, if any
    std::uint64_t preFormVersion = 0;
    DevelopmentDiscussion discussion;
};

// The employee's "yes, these are our agreed goals": binds one version of the agreement by the
// hash of exactly the content they were shown.
struct Confirmation {
    std::string agreementId;
    std::uint64_t agreementVersion = 0;
    std::string agreementHash;  // BLAKE2b-256 hex of the agreement's JSON as shown
};

// A principal's or daycare director's summary of their unit's group discussions on the four
// themes, with the unit's training needs: the unit's input to its service area's training plan.
struct UnitSummary {
    std::string formId;  // the group-discussion form whose themes it summarises
    int year = 0;
    std::string unitId;
    std::string recordedBy;            // staff number
    std::vector<std::string> sources;  // ids of the group discussions it draws on
    std::map<std::string, std::string> answers;
    std::vector<LearningGoal> trainingNeeds;  // text, competence, preferred methods
};

constexpr int kMaxTrainingNeeds = 20;

// Record ids that name what they are about, so the server can find them and check who may
// write them without opening them.
std::string agreementRecordId(int year, std::string_view employee);
std::string confirmationRecordId(int year, std::string_view employee, std::uint64_t agreementVersion);
std::string unitSummaryRecordId(int year, std::string_view unitId);
// The parts of such an id: ("agreement", year, employee), ("confirmation", year, employee,
// version), ("unit_summary", year, unit). nullopt for anything else (a plain random id).
struct StructuredId {
    std::string kind;
    int year = 0;
    std::string subject;  // the employee, or the unit
    std::uint64_t version = 0;
};
std::optional<StructuredId> parseStructuredId(std::string_view id);

// A new agreement for the employee's pre-form: the form's competences unrated, and the goals
// the employee proposed as the starting point.
Agreement newAgreement(const std::string& employee, const std::string& preFormId, std::uint64_t preFormVersion,
                       const DevelopmentDiscussion& preForm, const catalog::FormTemplate& form,
                       const catalog::Catalog& catalog);
UnitSummary newUnitSummary(const catalog::FormTemplate& form, int year, std::string unitId, std::string recordedBy);

// One problem found when checking a form before it is submitted. `field` points at the part
// ("ratings.staff.professional", "goals[1].methods"); `messageKey` is a translation key.
struct ValidationIssue {
    std::string field;
    std::string messageKey;
};

// The goals of an agreed discussion (an agreement's), as a new pre-form lists them to follow
// up: each unmarked, without comment, with the year it was agreed.
std::vector<GoalFollowUp> followUpOf(const DevelopmentDiscussion& agreed);
// The development priorities of an earlier group discussion, as the group's next one lists them
// to follow up: one item per line written (list marks such as "-", "•" or "1." taken off, blank
// lines skipped), each unmarked, with the year of that discussion; a cross-unit group's under
// each of its points of view in turn. More lines than kMaxFollowUps are one item per point of
// view with its whole text, so nothing written is left out.
std::vector<GoalFollowUp> followUpOf(const GroupDiscussion& earlier);

// A new, empty discussion for the form: every competence of the form's groups listed unrated.
DevelopmentDiscussion newDevelopmentDiscussion(const catalog::FormTemplate& form, const catalog::Catalog& catalog);
GroupDiscussion newGroupDiscussion(const catalog::FormTemplate& form, int year, std::string groupKind,
                                   std::string unitId);

// Checks done on submit (drafts may be incomplete): every competence rated on the scale, the
// number of goals within the form's limits, every goal with text and at least one method,
// every followed-up goal marked (with a known mark, of an earlier year), and nothing that the
// form does not have. A group discussion's followed-up priorities are checked the same way; its
// answers may be under each point of view of its kind, and a cross-unit group's (one naming a
// service area) has something on every theme under every point of view.
std::vector<ValidationIssue> validate(const DevelopmentDiscussion& discussion, const catalog::Catalog& catalog);
std::vector<ValidationIssue> validate(const GroupDiscussion& discussion, const catalog::Catalog& catalog);
// An agreement: as a development discussion (every competence rated, goals with methods), and
// naming its employee.
std::vector<ValidationIssue> validate(const Agreement& agreement, const catalog::Catalog& catalog);
// A unit summary: something on every theme, 1 to kMaxTrainingNeeds training needs each with
// text and at least one method.
std::vector<ValidationIssue> validate(const UnitSummary& summary, const catalog::Catalog& catalog);

// The person's 70-20-10 balance: how their chosen methods spread over the categories.
struct CategoryShare {
    std::string categoryId;
    int modelShare = 0;   // 70, 20, 10 as the model says
    int methodCount = 0;  // methods chosen in this category over all goals
    int percent = 0;      // of all chosen methods, rounded so the percents add up to 100
};
std::vector<CategoryShare> methodBalance(const std::vector<LearningGoal>& goals, const catalog::Catalog& catalog);

// Serialisation. fromJson refuses malformed documents with a field path in the message.
std::string toJson(const DevelopmentDiscussion& discussion);
std::string toJson(const GroupDiscussion& discussion);
Result<DevelopmentDiscussion> developmentDiscussionFromJson(std::string_view json);
Result<GroupDiscussion> groupDiscussionFromJson(std::string_view json);
std::string toJson(const Agreement& agreement);
std::string toJson(const Confirmation& confirmation);
std::string toJson(const UnitSummary& summary);
Result<Agreement> agreementFromJson(std::string_view json);
Result<Confirmation> confirmationFromJson(std::string_view json);
Result<UnitSummary> unitSummaryFromJson(std::string_view json);

}  // namespace osm::domain
