// The content of discussions (domain.md §9, §10): answers per question, competence ratings,
// learning goals tied to 70-20-10 methods, and group-discussion records. This is the plaintext
// that the kiosk seals in a draft and the server stores encrypted once submitted.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace osm::domain {

constexpr std::size_t kMaxAnswerBytes = 20000;
constexpr std::size_t kMaxGoalBytes = 2000;

// Answer keys are "<section id>.<question id>".
std::string answerKey(std::string_view sectionId, std::string_view questionId);

struct CompetenceRating {
    std::string competenceId;
    int value = 0;  // 0 = not rated yet
};

struct LearningGoal {
    std::string text;
    std::string competenceId;  // optional link to a common competence
    std::vector<std::string> methodIds;
};

struct DevelopmentDiscussion {
    std::string formId;
    int year = 0;
    std::map<std::string, std::string> answers;
    std::vector<CompetenceRating> ratings;
    std::vector<LearningGoal> goals;

    int ratingOf(std::string_view competenceId) const;
    void setRating(std::string_view competenceId, int value);
};

struct GroupDiscussion {
    std::string formId;
    int year = 0;
    std::string groupKind;
    std::string unitId;
    std::vector<std::string> participants;  // staff numbers
    std::string recordedBy;                 // staff number
    std::map<std::string, std::string> answers;
};

// One problem found when checking a form before it is submitted. `field` points at the part
// ("ratings.staff.professional", "goals[1].methods"); `messageKey` is a translation key.
struct ValidationIssue {
    std::string field;
    std::string messageKey;
};

// A new, empty discussion for the form: every competence of the form's groups listed unrated.
DevelopmentDiscussion newDevelopmentDiscussion(const catalog::FormTemplate& form, const catalog::Catalog& catalog);
GroupDiscussion newGroupDiscussion(const catalog::FormTemplate& form, int year, std::string groupKind, std::string unitId);

// Checks done on submit (drafts may be incomplete): every competence rated on the scale, the
// number of goals within the form's limits, every goal with text and at least one method,
// and nothing that the form does not have.
std::vector<ValidationIssue> validate(const DevelopmentDiscussion& discussion, const catalog::Catalog& catalog);
std::vector<ValidationIssue> validate(const GroupDiscussion& discussion, const catalog::Catalog& catalog);

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

}  // namespace osm::domain
