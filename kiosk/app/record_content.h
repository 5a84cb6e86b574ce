// What a record holds once opened, for every kind of record, and its JSON (the plaintext that
// is sealed). Only the part of the record's kind is filled in.
#pragma once

#include "domain/discussion.h"
#include "local_store.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace osm::kiosk {

struct RecordContent {
    domain::DevelopmentDiscussion development;  // a pre-form, or an agreement's discussion
    domain::GroupDiscussion group;
    domain::UnitSummary summary;
    domain::Confirmation confirmation;
    // An agreement: whom it is about, and the pre-form it answers.
    std::string subject;
    std::string preFormId;
    std::uint64_t preFormVersion = 0;
};

// The content as JSON (what is sealed), and back; false when the text is not of that kind.
std::string contentJson(RecordKind kind, const RecordContent& content);
bool parseContent(RecordKind kind, std::string_view json, RecordContent& out);
// Overwrites every free text of the content (answers, goals, follow-up) before it is freed.
void wipeContent(RecordContent& content);
// The form and year of the content.
const std::string& formIdOf(RecordKind kind, const RecordContent& content);
int yearOf(RecordKind kind, const RecordContent& content);
// The content's answers to the form's questions: the group's, the summary's, or else the
// discussion's (a pre-form or an agreement).
std::map<std::string, std::string>& answersOf(RecordKind kind, RecordContent& content);
// The goals the content lists: a unit summary's training needs, or else the discussion's goals.
std::vector<domain::LearningGoal>& goalsOf(RecordKind kind, RecordContent& content);
// The content's problems against the catalogue (empty when it can be submitted); a cross-unit
// group's discussion is never submitted at a terminal (`validation.group_on_leaders_web`).
std::vector<domain::ValidationIssue> validateContent(RecordKind kind, const RecordContent& content,
                                                     const catalog::Catalog& catalog);

}  // namespace osm::kiosk
