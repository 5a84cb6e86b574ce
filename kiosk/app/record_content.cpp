// Record content to and from JSON, wiping, and the parts of it each kind uses.
#include "record_content.h"

#include "crypto/secret_buffer.h"
#include "domain/rights.h"

namespace osm::kiosk {

std::string contentJson(RecordKind kind, const RecordContent& c) {
    switch (kind) {
    case RecordKind::Development: return domain::toJson(c.development);
    case RecordKind::Group: return domain::toJson(c.group);
    case RecordKind::Agreement:
        return domain::toJson(domain::Agreement{c.subject, c.preFormId, c.preFormVersion, c.development});
    case RecordKind::Confirmation: return domain::toJson(c.confirmation);
    case RecordKind::UnitSummary: return domain::toJson(c.summary);
    }
    return {};
}

bool parseContent(RecordKind kind, std::string_view json, RecordContent& out) {
    auto take = [](auto parsed, auto& into) {
        if (!parsed) return false;
        into = std::move(*parsed);
        return true;
    };
    switch (kind) {
    case RecordKind::Development: return take(domain::developmentDiscussionFromJson(json), out.development);
    case RecordKind::Group: return take(domain::groupDiscussionFromJson(json), out.group);
    case RecordKind::Confirmation: return take(domain::confirmationFromJson(json), out.confirmation);
    case RecordKind::UnitSummary: return take(domain::unitSummaryFromJson(json), out.summary);
    case RecordKind::Agreement: {
        auto agreement = domain::agreementFromJson(json);
        if (!agreement) return false;
        out.subject = agreement->employee;
        out.preFormId = agreement->preFormId;
        out.preFormVersion = agreement->preFormVersion;
        out.development = std::move(agreement->discussion);
        return true;
    }
    }
    return false;
}

void wipeContent(RecordContent& c) {
    auto wipeAnswers = [](std::map<std::string, std::string>& answers) {
        for (auto& [key, text] : answers) crypto::wipe(text);
    };
    auto wipeGoals = [](std::vector<domain::LearningGoal>& goals) {
        for (domain::LearningGoal& goal : goals) crypto::wipe(goal.text);
    };
    wipeAnswers(c.development.answers);
    wipeGoals(c.development.goals);
    for (domain::GoalFollowUp& item : c.development.followUp) {
        crypto::wipe(item.text);
        crypto::wipe(item.comment);
    }
    wipeAnswers(c.group.answers);
    wipeAnswers(c.summary.answers);
    wipeGoals(c.summary.trainingNeeds);
}

const std::string& formIdOf(RecordKind kind, const RecordContent& c) {
    switch (kind) {
    case RecordKind::Group: return c.group.formId;
    case RecordKind::UnitSummary: return c.summary.formId;
    default: return c.development.formId;
    }
}

int yearOf(RecordKind kind, const RecordContent& c) {
    switch (kind) {
    case RecordKind::Group: return c.group.year;
    case RecordKind::UnitSummary: return c.summary.year;
    default: return c.development.year;
    }
}

std::map<std::string, std::string>& answersOf(RecordKind kind, RecordContent& c) {
    switch (kind) {
    case RecordKind::Group: return c.group.answers;
    case RecordKind::UnitSummary: return c.summary.answers;
    default: return c.development.answers;
    }
}

std::vector<domain::LearningGoal>& goalsOf(RecordKind kind, RecordContent& c) {
    return kind == RecordKind::UnitSummary ? c.summary.trainingNeeds : c.development.goals;
}

std::vector<domain::ValidationIssue> validateContent(RecordKind kind, const RecordContent& c,
                                                     const catalog::Catalog& catalog) {
    switch (kind) {
    case RecordKind::Group: {
        auto issues = domain::validate(c.group, catalog);
        // A cross-unit group's discussion is recorded on the leaders' web: a terminal (which files
        // what it records under its unit) sends none, whatever path opened one here.
        if (domain::leaderGroupOfKind(c.group.groupKind))
            issues.insert(issues.begin(), domain::ValidationIssue{"group_kind", "validation.group_on_leaders_web"});
        return issues;
    }
    case RecordKind::Agreement:
        return domain::validate(domain::Agreement{c.subject, c.preFormId, c.preFormVersion, c.development}, catalog);
    case RecordKind::UnitSummary: return domain::validate(c.summary, catalog);
    default: return domain::validate(c.development, catalog);
    }
}

}  // namespace osm::kiosk
