// The development discussion's form on the leaders' web. Sections: [reading] [html].
// Field names are checked against the catalogue's form, never taken as given: a forged field is
// refused before anything is read.
#include "leaders/discussion_form.h"

#include "core/utf8_text.h"
#include "domain/annual_clock.h"
#include "hr/hr_html.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace osm::server {

// [reading] ------------------------------------------------------------------------------------

bool isPlainFormText(std::string_view text) { return isPlainUtf8(text, "\t\n"); }

// A browser sends a textarea's line breaks as CR LF; kept as LF, as the kiosk writes them.
std::string withoutCarriageReturns(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c != '\r') out += c;
    }
    return out;
}

namespace {

Status malformed(const std::string& field, const std::string& problem) {
    return makeError(ErrorCode::InvalidInput, "field " + field + ": " + problem);
}

// A slot number in "g<i>." or "f<i>." below `limit`.
std::optional<std::size_t> slotOf(std::string_view name, std::size_t limit, std::size_t& rest) {
    std::size_t slot = 0;
    const auto [end, error] = std::from_chars(name.data() + 1, name.data() + name.size(), slot);
    if (error != std::errc() || end == name.data() + 1 || *end != '.' || slot >= limit) return std::nullopt;
    rest = static_cast<std::size_t>(end - name.data()) + 1;
    return slot;
}

struct FormReading {
    const catalog::FormTemplate& form;
    const catalog::Catalog& catalogue;
    std::set<std::string> questions, competences;
    std::vector<domain::LearningGoal> goals;
    std::vector<bool> goalUsed;
};

Status readGoalField(FormReading& in, std::string_view name, const std::string& value) {
    std::size_t rest = 0;
    const auto slot = slotOf(name, in.goals.size(), rest);
    if (!slot) return malformed(std::string(name), "no such goal");
    domain::LearningGoal& goal = in.goals[*slot];
    const std::string_view part = name.substr(rest);
    if (part == "text") {
        goal.text = value;
    } else if (part == "competence") {
        if (!value.empty() && !in.competences.contains(value))
            return malformed(std::string(name), "unknown competence");
        goal.competenceId = value;
    } else if (part.rfind("m.", 0) == 0 && in.catalogue.findMethod(part.substr(2)) != nullptr) {
        if (value != "1") return malformed(std::string(name), "a method is ticked with 1");
        goal.methodIds.emplace_back(part.substr(2));
    } else {
        return malformed(std::string(name), "not a field of a goal");
    }
    in.goalUsed[*slot] = in.goalUsed[*slot] || !value.empty();
    return {};
}

}  // namespace

Status readFollowUpField(std::vector<domain::GoalFollowUp>& items, std::string_view name, const std::string& value) {
    std::size_t rest = 0;
    const auto slot = slotOf(name, items.size(), rest);
    if (!slot) return malformed(std::string(name), "no such goal to follow up");
    const std::string_view part = name.substr(rest);
    if (part == "mark") {
        if (!value.empty() && !domain::isGoalMark(value)) return malformed(std::string(name), "unknown mark");
        items[*slot].mark = value;
    } else if (part == "comment") {
        items[*slot].comment = value;
    } else {
        return malformed(std::string(name), "not a field of a followed-up goal");
    }
    return {};
}

namespace {

Status readRating(const FormReading& in, domain::DevelopmentDiscussion& out, const std::string& name,
                  const std::string& value) {
    const std::string id = name.substr(2);
    if (!in.competences.contains(id)) return malformed(name, "not a competence of the form");
    int rating = 0;
    if (!value.empty()) {
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), rating);
        if (error != std::errc() || end != value.data() + value.size() || rating < in.catalogue.scale.min ||
            rating > in.catalogue.scale.max)
            return malformed(name, "not a rating on the scale");
    }
    out.setRating(id, rating);
    return {};
}

}  // namespace

Status readDiscussionForm(const std::map<std::string, std::string>& fields, const catalog::FormTemplate& form,
                          const catalog::Catalog& catalogue, domain::DevelopmentDiscussion& out,
                          std::vector<domain::ValidationIssue>& tooLong) {
    FormReading in{form,
                   catalogue,
                   {},
                   {},
                   std::vector<domain::LearningGoal>(static_cast<std::size_t>(form.maxGoals)),
                   std::vector<bool>(static_cast<std::size_t>(form.maxGoals), false)};
    for (const catalog::Section& s : form.sections) {
        for (const catalog::Question& q : s.questions) in.questions.insert(domain::answerKey(s.id, q.id));
    }
    for (catalog::CompetenceGroup group : form.competenceGroups) {
        for (const catalog::Competence* c : catalogue.competencesIn(group)) in.competences.insert(c->id);
    }
    domain::DevelopmentDiscussion read = out;
    read.answers.clear();
    for (auto& r : read.ratings) r.value = 0;
    for (const auto& [name, raw] : fields) {
        if (name == "csrf" || name == "version" || name == "action") continue;
        const std::string value = withoutCarriageReturns(raw);
        if (!isPlainFormText(value)) return malformed(name, "not plain UTF-8 text");
        Status status;
        if (name.rfind("a.", 0) == 0 && in.questions.contains(name.substr(2))) {
            if (!value.empty()) read.answers[name.substr(2)] = value;
            if (value.size() > domain::kMaxAnswerBytes)
                tooLong.push_back({"answers." + name.substr(2), "validation.answer_too_long"});
        } else if (name.rfind("r.", 0) == 0) {
            status = readRating(in, read, name, value);
        } else if (name.size() > 2 && name[0] == 'g') {
            status = readGoalField(in, name, value);
        } else if (name.size() > 2 && name[0] == 'f') {
            status = readFollowUpField(read.followUp, name, value);
        } else {
            status = malformed(name, "not a field of this form");
        }
        if (!status) return status;
    }
    read.goals.clear();
    for (std::size_t i = 0; i < in.goals.size(); ++i) {
        if (!in.goalUsed[i] && in.goals[i].methodIds.empty()) continue;  // an empty slot
        if (in.goals[i].text.size() > domain::kMaxGoalBytes)
            tooLong.push_back({"goals[" + std::to_string(read.goals.size()) + "].text", "validation.answer_too_long"});
        read.goals.push_back(std::move(in.goals[i]));
    }
    for (std::size_t i = 0; i < read.followUp.size(); ++i) {
        if (read.followUp[i].comment.size() > domain::kMaxAnswerBytes)
            tooLong.push_back({"follow_up[" + std::to_string(i) + "].comment", "validation.answer_too_long"});
    }
    out = std::move(read);
    return {};
}

const catalog::FormTemplate* developmentFormFor(const catalog::Catalog& catalogue, const domain::Person& person) {
    const std::string audience = person.isManager() ? "manager" : "staff";
    for (const catalog::FormTemplate& form : catalogue.forms) {
        if (form.kind == catalog::FormKind::DevelopmentDiscussion && form.audience == audience) return &form;
    }
    return nullptr;
}

std::string validationText(const WebText& text, catalog::Lang lang, const std::string& messageKey) {
    const std::string key = "web." + messageKey;
    return text.has(lang, key) ? text(lang, key) : text(lang, "web.validation.invalid");
}

// [html] ---------------------------------------------------------------------------------------

namespace {

// A form's fields with their errors (domain::validate's names) beside them.
struct FieldHtml {
    const WebText& text;
    catalog::Lang lang;
    const std::vector<domain::ValidationIssue>& issues;

    std::string t(const std::string& key, const std::string& arg = {}) const {
        return htmlEscape(text(lang, key, arg));
    }
    // The errors of `field` beside it, and the attribute that ties them to the control.
    std::string errors(const std::string& field, const std::string& id) const {
        std::string out;
        for (const domain::ValidationIssue& issue : issues) {
            if (issue.field == field) out += htmlEscape(validationText(text, lang, issue.messageKey)) + " ";
        }
        return out.empty() ? std::string() : "<span class=\"field-error\" id=\"" + id + "-error\">" + out + "</span>";
    }
    static std::string describedBy(const std::string& errorHtml, const std::string& id) {
        return errorHtml.empty() ? std::string() : " aria-describedby=\"" + id + "-error\" aria-invalid=\"true\"";
    }
    std::string textarea(const std::string& id, const std::string& label, const std::string& value,
                         const std::string& field, int rows) const {
        const std::string error = errors(field, id);
        return "<label for=\"" + id + "\">" + label + "</label><textarea id=\"" + id + "\" name=\"" + id +
               "\" rows=\"" + std::to_string(rows) + "\"" + describedBy(error, id) + ">" + htmlEscape(value) +
               "</textarea>" + error;
    }
};

struct FormHtml : FieldHtml {
    const catalog::Catalog& catalogue;
    const DiscussionFormView& view;
};

}  // namespace

std::map<std::string, std::string> priimaDoneOf(const std::vector<sync::Completion>& completions) {
    std::map<std::string, std::string> out;
    for (const sync::Completion& c : completions) {
        if (c.source != "priima") continue;
        std::string& date = out["priima." + c.course];
        date = std::max(date, c.date);  // ISO dates: the latest sorts last
    }
    return out;
}

std::string priimaDoneHtml(const WebText& text, catalog::Lang lang, const std::vector<std::string>& methodIds,
                           const std::map<std::string, std::string>& priimaDone) {
    std::string latest;
    for (const std::string& id : methodIds) {
        if (const auto it = priimaDone.find(id); it != priimaDone.end()) latest = std::max(latest, it->second);
    }
    if (latest.empty()) return {};
    return "<p class=\"priima-done\">" + htmlEscape(text(lang, "web.record.priima_done", domain::finnishDate(latest))) +
           "</p>";
}

std::string followUpFieldsHtml(const WebText& text, catalog::Lang lang,
                               const std::vector<domain::ValidationIssue>& issues,
                               const std::vector<domain::GoalFollowUp>& items, const FollowUpLabels& labels) {
    if (items.empty()) return {};
    const FieldHtml h{text, lang, issues};
    std::string out = "<fieldset id=\"follow-up\"><legend>" + h.t(labels.legend) + "</legend>";
    if (!labels.explain.empty())
        out += "<p class=\"muted\">" + h.t(labels.explain, std::to_string(items.front().year)) + "</p>";
    for (std::size_t i = 0; i < items.size(); ++i) {
        const domain::GoalFollowUp& item = items[i];
        const std::string id = "f" + std::to_string(i);
        const std::string error = h.errors("follow_up[" + std::to_string(i) + "].mark", id + ".mark");
        out += "<fieldset" + FieldHtml::describedBy(error, id + ".mark") + "><legend>" + htmlEscape(item.text) +
               " <span class=\"muted\">(" + h.t(labels.year, std::to_string(item.year)) + ")</span></legend>";
        for (std::string_view mark : domain::kGoalMarks) {
            const std::string m(mark);
            out += "<label class=\"choice\"><input type=\"radio\" name=\"" + id + ".mark\" value=\"" + m + "\"" +
                   (item.mark == m ? " checked" : "") + "> " + h.t("web.preform.mark." + m) + "</label>";
        }
        out += error +
               h.textarea(id + ".comment", h.t("web.own.follow_up_comment"), item.comment,
                          "follow_up[" + std::to_string(i) + "].comment", 2) +
               "</fieldset>";
    }
    return out + "</fieldset>";
}

std::string followUpListHtml(const WebText& text, catalog::Lang lang, const std::vector<domain::GoalFollowUp>& items,
                             const FollowUpLabels& labels) {
    if (items.empty()) return {};
    const auto t = [&](const std::string& key) { return htmlEscape(text(lang, key)); };
    std::string out = "<h3>" + t(labels.legend) + "</h3><ul id=\"follow-up\">";
    for (const domain::GoalFollowUp& item : items) {
        const std::string mark =
            domain::isGoalMark(item.mark) ? "web.preform.mark." + item.mark : "web.preform.unmarked";
        out += "<li>" + htmlEscape(item.text) + " <span class=\"muted\">(" +
               htmlEscape(text(lang, labels.year, std::to_string(item.year))) + ")</span>: <strong>" + t(mark) +
               "</strong>" +
               (item.comment.empty()
                    ? ""
                    : "<br><span style=\"white-space:pre-wrap\">" + htmlEscape(item.comment) + "</span>") +
               "</li>";
    }
    return out + "</ul>";
}

namespace {

std::string answersHtml(const FormHtml& h, const catalog::FormTemplate& form, const domain::DevelopmentDiscussion& d) {
    std::string out;
    for (const catalog::Section& section : form.sections) {
        out += "<fieldset><legend>" + htmlEscape(section.title.in(h.lang)) + "</legend>" +
               instructionsLinkHtml(h.text, h.lang, section.instructions, section.id);
        if (&section == &form.sections.front())
            out += followUpFieldsHtml(h.text, h.lang, h.issues, d.followUp,
                                      {"web.own.follow_up", "web.preform.agreed_in", ""});
        for (const catalog::Question& q : section.questions) {
            const std::string key = domain::answerKey(section.id, q.id);
            if (h.view.preForm != nullptr) {
                const auto theirs = h.view.preForm->answers.find(key);
                out += "<p class=\"preform-answer\"><span class=\"muted\">" + h.t("web.record.their_answer") +
                       "</span><br><span style=\"white-space:pre-wrap\">" +
                       (theirs == h.view.preForm->answers.end() ? std::string("–") : htmlEscape(theirs->second)) +
                       "</span></p>";
            }
            const auto answer = d.answers.find(key);
            const std::string label = htmlEscape(q.prompt.in(h.lang)) +
                                      (h.view.preForm != nullptr ? " – " + h.t("web.record.notes") : std::string());
            out += h.textarea("a." + key, label, answer == d.answers.end() ? std::string() : answer->second,
                              "answers." + key, 4);
        }
        out += "</fieldset>";
    }
    return out;
}

std::string ratingsHtml(const FormHtml& h, const catalog::FormTemplate& form, const domain::DevelopmentDiscussion& d) {
    std::string out = "<fieldset id=\"ratings\"><legend>" +
                      h.t(h.view.preForm != nullptr ? "web.record.ratings" : "web.preform.ratings") + "</legend>";
    for (catalog::CompetenceGroup group : form.competenceGroups) {
        for (const catalog::Competence* c : h.catalogue.competencesIn(group)) {
            const std::string id = "r." + c->id;
            const std::string error = h.errors("ratings." + c->id, id);
            out += "<fieldset class=\"rating\"" + FormHtml::describedBy(error, id) + "><legend>" +
                   htmlEscape(c->name.in(h.lang)) + "</legend><p class=\"muted\">" +
                   htmlEscape(c->definition.in(h.lang)) + "</p>";
            if (h.view.preForm != nullptr) {
                const int theirs = h.view.preForm->ratingOf(c->id);
                out += "<p>" + h.t("web.record.their_rating", theirs == 0 ? "–" : std::to_string(theirs)) + "</p>";
            }
            const int value = d.ratingOf(c->id);
            for (const catalog::RatingLevel& level : h.catalogue.scale.levels) {
                out += "<label class=\"choice\"><input type=\"radio\" name=\"" + id + "\" value=\"" +
                       std::to_string(level.value) + "\"" + (value == level.value ? " checked" : "") + "> " +
                       std::to_string(level.value) + " – " + htmlEscape(level.label.in(h.lang)) + "</label>";
            }
            out += error + "</fieldset>";
        }
    }
    return out + "</fieldset>";
}

std::string goalHtml(const FormHtml& h, const std::set<std::string>& rated, std::size_t i,
                     const domain::LearningGoal& goal) {
    const std::string id = "g" + std::to_string(i), field = "goals[" + std::to_string(i) + "]";
    std::string out = "<fieldset class=\"goal\"><legend>" + h.t("web.own.goal", std::to_string(i + 1)) + "</legend>" +
                      h.textarea(id + ".text", h.t("web.own.goal_text"), goal.text, field + ".text", 2);
    out += "<label for=\"" + id + ".competence\">" + h.t("web.own.goal_competence") + "</label><select id=\"" + id +
           ".competence\" name=\"" + id + ".competence\"><option value=\"\">–</option>";
    for (const catalog::Competence& c : h.catalogue.competences) {
        if (!rated.contains(c.id)) continue;
        out += "<option value=\"" + htmlEscape(c.id) + "\"" + (goal.competenceId == c.id ? " selected" : "") + ">" +
               htmlEscape(c.name.in(h.lang)) + "</option>";
    }
    const std::string error = h.errors(field + ".methods", id + ".methods");
    out += "</select><fieldset" + FormHtml::describedBy(error, id + ".methods") + "><legend>" +
           h.t("web.own.goal_methods") + "</legend>";
    for (const catalog::LearningCategory& category : h.catalogue.categories) {
        out += "<p><strong>" + std::to_string(category.share) + " – " + htmlEscape(category.name.in(h.lang)) +
               "</strong></p>";
        for (const catalog::LearningMethod& m : category.methods) {
            const bool ticked = std::find(goal.methodIds.begin(), goal.methodIds.end(), m.id) != goal.methodIds.end();
            out += "<label class=\"choice\"><input type=\"checkbox\" name=\"" + id + ".m." + htmlEscape(m.id) +
                   "\" value=\"1\"" + (ticked ? " checked" : "") + "> " + htmlEscape(m.name.in(h.lang)) + "</label>";
        }
    }
    return out + error + "</fieldset>" + priimaDoneHtml(h.text, h.lang, goal.methodIds, h.view.priimaDone) +
           "</fieldset>";
}

std::string goalsHtml(const FormHtml& h, const catalog::FormTemplate& form, const domain::DevelopmentDiscussion& d) {
    std::set<std::string> rated;
    for (catalog::CompetenceGroup group : form.competenceGroups) {
        for (const catalog::Competence* c : h.catalogue.competencesIn(group)) rated.insert(c->id);
    }
    const std::string error = h.errors("goals", "goals");
    std::string out = "<fieldset id=\"goals\"" + FormHtml::describedBy(error, "goals") + "><legend>" +
                      h.t(h.view.preForm != nullptr ? "web.record.goals" : "web.preform.goals") + "</legend>" + error;
    if (h.view.preForm != nullptr && !h.view.preForm->goals.empty()) {
        out += "<p class=\"muted\">" + h.t("web.record.their_goals") + "</p><ul>";
        for (const domain::LearningGoal& g : h.view.preForm->goals)
            out +=
                "<li>" + htmlEscape(g.text) + priimaDoneHtml(h.text, h.lang, g.methodIds, h.view.priimaDone) + "</li>";
        out += "</ul>";
    }
    const std::size_t slots =
        std::min(static_cast<std::size_t>(form.maxGoals),
                 std::max({d.goals.size() + 1, static_cast<std::size_t>(std::max(form.minGoals, 1))}));
    for (std::size_t i = 0; i < slots; ++i)
        out += goalHtml(h, rated, i, i < d.goals.size() ? d.goals[i] : domain::LearningGoal{});
    if (slots < static_cast<std::size_t>(form.maxGoals))
        out += "<p class=\"muted\">" + h.t("web.own.more_goals") + "</p>";
    return out + "</fieldset>";
}

}  // namespace

std::string editFormStartHtml(const WebText& text, catalog::Lang lang, const std::string& action,
                              const std::string& csrf, std::uint64_t version, std::size_t issues,
                              const std::string& attributes) {
    std::string out;
    if (issues > 0) {
        out += "<div class=\"error\" id=\"form-errors\" role=\"alert\"><p>" +
               htmlEscape(text(lang, "web.own.fix_these", std::to_string(issues))) + "</p></div>";
    }
    return out + "<form class=\"stack\" method=\"post\" action=\"" + htmlEscape(action) + "\"" + attributes +
           "><input type=\"hidden\" name=\"csrf\" value=\"" + htmlEscape(csrf) +
           "\"><input type=\"hidden\" name=\"version\" value=\"" + std::to_string(version) + "\">";
}

std::string instructionsLinkHtml(const WebText& text, catalog::Lang lang, const catalog::Instructions& instructions,
                                 const std::string& id) {
    if (instructions.empty()) return {};
    const catalog::InstructionLink& link = instructions.in(lang);
    return "<p class=\"instructions\"><a id=\"instructions-" + htmlEscape(id) + "\" href=\"" + htmlEscape(link.url) +
           "\" target=\"_blank\" rel=\"noopener noreferrer\">" +
           htmlEscape(text(lang, "web.instructions.link", link.title)) + "</a></p>";
}

std::string discussionFormHtml(const WebText& text, catalog::Lang lang, const catalog::FormTemplate& form,
                               const catalog::Catalog& catalogue, const domain::DevelopmentDiscussion& discussion,
                               const DiscussionFormView& view) {
    const FormHtml h{{text, lang, view.issues}, catalogue, view};
    // The autosave script's texts in the page's language, as data: the page has no inline script.
    std::string autosave;
    if (view.autosave) {
        autosave = " data-autosave=\"2000\"";
        for (const char* what : {"saving", "saved", "failed", "invalid", "conflict", "expired", "restored"})
            autosave +=
                std::string(" data-text-") + what + "=\"" + h.t(std::string("web.autosave.") + what, "{0}") + "\"";
    }
    std::string out = editFormStartHtml(text, lang, view.action, view.csrf, view.version, view.issues.size(), autosave);
    out += instructionsLinkHtml(text, lang, form.instructions, "form");
    out += answersHtml(h, form, discussion) + ratingsHtml(h, form, discussion) + goalsHtml(h, form, discussion);
    out +=
        "<p><button type=\"submit\" name=\"action\" value=\"save\">" + h.t("web.own.save") +
        "</button> <button type=\"submit\" name=\"action\" value=\"submit\">" + h.t(view.submitLabel) +
        "</button></p>" +
        (view.autosave ? "<p id=\"autosave-status\" class=\"muted\" role=\"status\" aria-live=\"polite\"></p>" : "") +
        "</form>";
    return out;
}

}  // namespace osm::server
