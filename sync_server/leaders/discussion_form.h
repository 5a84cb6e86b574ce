// A development discussion as an HTML form of the leaders' web, and the posted form read back: the
// manager's own pre-form, and the supervisor's record of a report's discussion (the same content:
// answers per question, a rating per competence, learning goals with 70-20-10 methods; the
// pre-form also the follow-up of goals agreed earlier). Works without JavaScript: every field is
// a plain form control, errors are said next to their field. Pure functions, no storage.
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "domain/discussion.h"
#include "domain/organisation.h"
#include "sync/messages_pull.h"
#include "web/web_text.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace osm::server {

// Reads the posted fields into `out`, which holds the discussion as the server has it: its
// form, year and follow-up items (their goal text and year are the server's; only marks and
// comments are posted). Field names: `a.<section>.<question>`, `r.<competence>` (a value on the
// scale, or empty), `g<i>.text`, `g<i>.competence`, `g<i>.m.<method>` (a goal slot i below the
// form's maximum; an empty slot is no goal), `f<i>.mark`, `f<i>.comment`; `csrf`, `version`,
// `action` are the page's own and skipped.
// An error (InvalidInput, naming the field) for a field the form does not have, a value that is
// not UTF-8 text or has control characters, a rating off the scale, an unknown method, mark or
// competence: nothing is read then. A text over its limit is read and reported in `tooLong`, so
// the page can show it back with the error beside it.
Status readDiscussionForm(const std::map<std::string, std::string>& fields, const catalog::FormTemplate& form,
                          const catalog::Catalog& catalogue, domain::DevelopmentDiscussion& out,
                          std::vector<domain::ValidationIssue>& tooLong);

// One posted field of a followed-up item, `f<i>.mark` (empty or a domain::kGoalMarks mark) or
// `f<i>.comment`, into `items` (whose texts and years are the server's); an error (InvalidInput,
// naming the field) for a slot `items` has not, another part or an unknown mark.
Status readFollowUpField(std::vector<domain::GoalFollowUp>& items, std::string_view name, const std::string& value);

// The fields of followed-up items (a pre-form's agreed goals, a group's previous priorities):
// each item's text with its year (`year`, a key with {0}), the three marks as radio buttons and a
// comment, errors beside them; `explain` (a key with the items' year as {0}, or empty) under the
// legend. Empty when there are none.
struct FollowUpLabels {
    std::string legend;
    std::string year;
    std::string explain;
};
std::string followUpFieldsHtml(const WebText& text, catalog::Lang lang,
                               const std::vector<domain::ValidationIssue>& issues,
                               const std::vector<domain::GoalFollowUp>& items, const FollowUpLabels& labels);

// The followed-up items as they were marked, read-only: `legend` as a heading, each item with its
// year, mark and comment. Empty when there are none.
std::string followUpListHtml(const WebText& text, catalog::Lang lang, const std::vector<domain::GoalFollowUp>& items,
                             const FollowUpLabels& labels);

// A posted text field as the server keeps it: well-formed UTF-8 (no overlong forms, no
// surrogates) with no control character but tab and newline; and with the CR of a browser's CR LF
// line breaks taken out (kept as LF, as the kiosk writes them).
bool isPlainFormText(std::string_view text);
std::string withoutCarriageReturns(const std::string& text);

// What the form shows besides the discussion itself.
struct DiscussionFormView {
    std::string action;  // where it posts
    std::string csrf;
    std::uint64_t version = 0;                    // the version the page was made from (a stale save is refused)
    std::vector<domain::ValidationIssue> issues;  // shown beside their fields
    // The report's submitted pre-form, shown above each field when a supervisor records the
    // discussion; null for one's own pre-form.
    const domain::DevelopmentDiscussion* preForm = nullptr;
    std::string submitLabel;  // the key of the submit button's text
    // Saved as a draft in the background after typing pauses (assets/web/leaders_autosave.js),
    // where the browser runs scripts: never for what was already sent (that needs a button).
    bool autosave = false;
    // The report's Priima completions, by method ("priima.<code>" → completed on, YYYY-MM-DD):
    // shown under each goal naming a completed course (priimaDoneOf).
    std::map<std::string, std::string> priimaDone;
};

// The Priima completions of `completions` by method, "priima.<code>" → the latest date.
std::map<std::string, std::string> priimaDoneOf(const std::vector<sync::Completion>& completions);
// "Suoritettu Priimassa 4.5.2026" as a paragraph (class "priima-done") for a goal with these
// methods when one of them is a completed Priima course; empty otherwise.
std::string priimaDoneHtml(const WebText& text, catalog::Lang lang, const std::vector<std::string>& methodIds,
                           const std::map<std::string, std::string>& priimaDone);

// The opening of an edit form of these pages, up to its own fields: the count of `issues` (if
// any) above it, then the form posting to `action` with the page's CSRF token and the version it
// was made from; `attributes` (already escaped, with a leading space) go on the form element.
std::string editFormStartHtml(const WebText& text, catalog::Lang lang, const std::string& action,
                              const std::string& csrf, std::uint64_t version, std::size_t issues,
                              const std::string& attributes = "");

std::string discussionFormHtml(const WebText& text, catalog::Lang lang, const catalog::FormTemplate& form,
                               const catalog::Catalog& catalogue, const domain::DevelopmentDiscussion& discussion,
                               const DiscussionFormView& view);

// The catalogue's development-discussion form for the person's role: the manager's form for a
// manager (as the sync API checks a pushed one), else the staff form; null when there is none.
const catalog::FormTemplate* developmentFormFor(const catalog::Catalog& catalogue, const domain::Person& person);

// A link to Silta's instructions for a form or a section (docs/integrations.md, "Silta"), in the
// page's language, as a paragraph whose link has the id "instructions-<id>"; "" when the
// catalogue gives none. The catalogue checked the URL (https, URL characters only).
std::string instructionsLinkHtml(const WebText& text, catalog::Lang lang, const catalog::Instructions& instructions,
                                 const std::string& id);

// The text of a validation key (domain::validate's) on the web: "web.validation.…".
std::string validationText(const WebText& text, catalog::Lang lang, const std::string& messageKey);

}  // namespace osm::server
