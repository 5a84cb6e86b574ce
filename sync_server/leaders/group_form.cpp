// The cross-unit group discussion's form on the leaders' web. Sections: [reading] [html].
// Field names are checked against the catalogue's form and the group's members, never taken as
// given: a forged field or a participant from outside the group is refused before anything is read.
#include "leaders/group_form.h"

#include "leaders/discussion_form.h"

#include "hr/hr_html.h"

#include <algorithm>
#include <set>

namespace osm::server {

// [reading] ------------------------------------------------------------------------------------

namespace {

Status badField(const std::string& field, const std::string& problem) {
    return makeError(ErrorCode::InvalidInput, "field " + field + ": " + problem);
}

std::size_t viewpointsOf(const catalog::GroupKind& kind) { return std::max<std::size_t>(1, kind.perspectives.size()); }

}  // namespace

Status readGroupForm(const std::map<std::string, std::string>& fields, const catalog::FormTemplate& form,
                     const catalog::GroupKind& kind, const std::vector<GroupMember>& members,
                     domain::GroupDiscussion& out, std::vector<domain::ValidationIssue>& tooLong) {
    std::set<std::string> keys, memberNumbers;
    for (const catalog::Section& s : form.sections) {
        for (const catalog::Question& q : s.questions) {
            for (std::size_t v = 0; v < viewpointsOf(kind); ++v) keys.insert(domain::viewpointAnswerKey(s.id, q.id, v));
        }
    }
    for (const GroupMember& m : members) memberNumbers.insert(m.staffNumber);
    domain::GroupDiscussion read = out;
    read.answers.clear();
    read.participants.clear();
    for (const auto& [name, raw] : fields) {
        if (name == "csrf" || name == "version" || name == "action" || name == "kind" || name == "year") continue;
        const std::string value = withoutCarriageReturns(raw);
        if (!isPlainFormText(value)) return badField(name, "not plain UTF-8 text");
        if (name.rfind("p.", 0) == 0) {
            if (!memberNumbers.contains(name.substr(2))) return badField(name, "not a member of the group");
            if (value != "1") return badField(name, "a participant is ticked with 1");
            read.participants.push_back(name.substr(2));
        } else if (name.rfind("a.", 0) == 0 && keys.contains(name.substr(2))) {
            if (!value.empty()) read.answers[name.substr(2)] = value;
            if (value.size() > domain::kMaxAnswerBytes)
                tooLong.push_back({"answers." + name.substr(2), "validation.answer_too_long"});
        } else if (name.size() > 2 && name[0] == 'f') {
            if (auto status = readFollowUpField(read.followUp, name, value); !status) return status;
        } else {
            return badField(name, "not a field of this form");
        }
    }
    for (std::size_t i = 0; i < read.followUp.size(); ++i) {
        if (read.followUp[i].comment.size() > domain::kMaxAnswerBytes)
            tooLong.push_back({"follow_up[" + std::to_string(i) + "].comment", "validation.answer_too_long"});
    }
    out = std::move(read);
    return {};
}

// [html] ---------------------------------------------------------------------------------------

namespace {

struct GroupHtml {
    const WebText& text;
    catalog::Lang lang;
    const std::vector<domain::ValidationIssue>& issues;

    std::string t(const std::string& key, const std::string& arg = {}) const {
        return htmlEscape(text(lang, key, arg));
    }
    // The errors of `field` (and of `also`) beside it, with the id that ties them to their control.
    std::string errors(const std::string& field, const std::string& id, const std::string& also = {}) const {
        std::string out;
        for (const domain::ValidationIssue& issue : issues) {
            if (issue.field == field || (!also.empty() && issue.field == also))
                out += htmlEscape(validationText(text, lang, issue.messageKey)) + " ";
        }
        return out.empty() ? std::string() : "<span class=\"field-error\" id=\"" + id + "-error\">" + out + "</span>";
    }
    static std::string describedBy(const std::string& errorHtml, const std::string& id) {
        return errorHtml.empty() ? std::string() : " aria-describedby=\"" + id + "-error\" aria-invalid=\"true\"";
    }
};

std::string memberLabel(const GroupMember& m) {
    return htmlEscape(m.name) + (m.title.empty() ? std::string() : ", " + htmlEscape(m.title)) +
           (m.place.empty() ? std::string() : " <span class=\"muted\">(" + htmlEscape(m.place) + ")</span>");
}

std::string participantsHtml(const GroupHtml& h, const domain::GroupDiscussion& d,
                             const std::vector<GroupMember>& members) {
    const std::string error = h.errors("participants", "participants", "recorded_by");
    std::string out = "<fieldset id=\"participants\"" + GroupHtml::describedBy(error, "participants") + "><legend>" +
                      h.t("web.group.participants") + "</legend><p class=\"muted\">" +
                      h.t("web.group.participants_help") + "</p>";
    for (const GroupMember& m : members) {
        const bool ticked =
            std::find(d.participants.begin(), d.participants.end(), m.staffNumber) != d.participants.end();
        const std::string id = "p." + htmlEscape(m.staffNumber);
        out += "<label class=\"choice\" for=\"" + id + "\"><input type=\"checkbox\" id=\"" + id + "\" name=\"" + id +
               "\" value=\"1\"" + (ticked ? " checked" : "") + "> " + memberLabel(m) + "</label>";
    }
    return out + error + "</fieldset>";
}

std::string viewpointHtml(const GroupHtml& h, const catalog::FormTemplate& form, const catalog::GroupKind& kind,
                          std::size_t v, const domain::GroupDiscussion& d) {
    const std::string perspective =
        v < kind.perspectives.size() ? kind.perspectives[v].in(h.lang) : kind.name.in(h.lang);
    std::string out = "<fieldset class=\"viewpoint\" id=\"viewpoint-" + std::to_string(v + 1) + "\"><legend>" +
                      htmlEscape(perspective) + "</legend>";
    const std::string suffix = v == 0 ? std::string() : "@" + std::to_string(v + 1);
    for (const catalog::Section& section : form.sections) {
        const std::string themeId = "theme." + section.id + suffix;
        const std::string themeError = h.errors("answers." + section.id + suffix, themeId);
        out += "<fieldset id=\"" + htmlEscape(themeId) + "\"" + GroupHtml::describedBy(themeError, themeId) +
               "><legend>" + htmlEscape(section.title.in(h.lang)) + "</legend>" + themeError;
        if (v == 0) out += instructionsLinkHtml(h.text, h.lang, section.instructions, section.id);  // once a page
        for (const catalog::Question& q : section.questions) {
            const std::string key = domain::viewpointAnswerKey(section.id, q.id, v);
            const std::string id = "a." + htmlEscape(key);
            const std::string error = h.errors("answers." + key, id);
            const auto answer = d.answers.find(key);
            // The question's help is read with the field; an error after it.
            const std::string described = " aria-describedby=\"" + id + "-help" +
                                          (error.empty() ? "\"" : " " + id + "-error\" aria-invalid=\"true\"");
            out += "<label for=\"" + id + "\">" + htmlEscape(q.prompt.in(h.lang)) + "</label><p class=\"muted\" id=\"" +
                   id + "-help\">" + htmlEscape(q.help.in(h.lang)) + "</p><textarea id=\"" + id + "\" name=\"" + id +
                   "\" rows=\"4\"" + described + ">" +
                   (answer == d.answers.end() ? std::string() : htmlEscape(answer->second)) + "</textarea>" + error;
        }
        out += "</fieldset>";
    }
    return out + "</fieldset>";
}

}  // namespace

std::string groupFormHtml(const WebText& text, catalog::Lang lang, const catalog::FormTemplate& form,
                          const catalog::GroupKind& kind, const domain::GroupDiscussion& discussion,
                          const GroupFormView& view) {
    // A followed-up item here is a priority of the group, not a goal: its errors say so.
    std::vector<domain::ValidationIssue> issues = view.issues;
    for (domain::ValidationIssue& issue : issues) {
        if (issue.messageKey == "validation.follow_up_mark_missing")
            issue.messageKey = "validation.priority_mark_missing";
        if (issue.messageKey == "validation.follow_up_not_earlier")
            issue.messageKey = "validation.priority_not_earlier";
        if (issue.messageKey == "validation.too_many_follow_ups") issue.messageKey = "validation.too_many_priorities";
    }
    const GroupHtml h{text, lang, issues};
    std::string out = editFormStartHtml(text, lang, view.action, view.csrf, view.version, issues.size());
    if (!view.years.empty()) {
        out += "<input type=\"hidden\" name=\"kind\" value=\"" + htmlEscape(kind.id) + "\"><label for=\"year\">" +
               h.t("web.group.year") + "</label><select id=\"year\" name=\"year\">";
        for (int year : view.years) {
            out += "<option value=\"" + std::to_string(year) + "\"" + (year == discussion.year ? " selected" : "") +
                   ">" + std::to_string(year) + "</option>";
        }
        out += "</select>";
    }
    out += instructionsLinkHtml(text, lang, form.instructions, "form") + participantsHtml(h, discussion, view.members);
    out += followUpFieldsHtml(text, lang, issues, discussion.followUp,
                              {"web.group.follow_up", "web.group.recorded_in", "web.group.follow_up_explain"});
    for (std::size_t v = 0; v < viewpointsOf(kind); ++v) out += viewpointHtml(h, form, kind, v, discussion);
    out += "<p><button type=\"submit\" name=\"action\" value=\"save\">" + h.t("web.own.save") +
           "</button> <button type=\"submit\" name=\"action\" value=\"submit\">" + h.t("web.group.submit") +
           "</button></p></form>";
    return out;
}

std::string groupDiscussionHtml(const WebText& text, catalog::Lang lang, const catalog::FormTemplate& form,
                                const catalog::GroupKind& kind, const domain::GroupDiscussion& discussion,
                                const std::vector<GroupMember>& members) {
    const std::vector<domain::ValidationIssue> none;
    const GroupHtml h{text, lang, none};
    std::string out = instructionsLinkHtml(text, lang, form.instructions, "form") + "<h2>" +
                      h.t("web.group.participants") + "</h2><ul id=\"participants\">";
    for (const std::string& staff : discussion.participants) {
        const auto m =
            std::find_if(members.begin(), members.end(), [&](const GroupMember& g) { return g.staffNumber == staff; });
        out += "<li>" + (m == members.end() ? htmlEscape(staff) : memberLabel(*m)) + "</li>";
    }
    out += "</ul>" +
           followUpListHtml(text, lang, discussion.followUp, {"web.group.follow_up", "web.group.recorded_in", ""});
    for (std::size_t v = 0; v < viewpointsOf(kind); ++v) {
        const std::string perspective =
            v < kind.perspectives.size() ? kind.perspectives[v].in(lang) : kind.name.in(lang);
        out += "<section class=\"viewpoint\" id=\"viewpoint-" + std::to_string(v + 1) + "\"><h2>" +
               htmlEscape(perspective) + "</h2>";
        for (const catalog::Section& section : form.sections) {
            out += "<h3>" + htmlEscape(section.title.in(lang)) + "</h3>" +
                   (v == 0 ? instructionsLinkHtml(text, lang, section.instructions, section.id) : std::string()) +
                   "<dl>";
            for (const catalog::Question& q : section.questions) {
                const auto answer = discussion.answers.find(domain::viewpointAnswerKey(section.id, q.id, v));
                out += "<dt>" + htmlEscape(q.prompt.in(lang)) + "</dt><dd style=\"white-space:pre-wrap\">" +
                       (answer == discussion.answers.end() || answer->second.empty() ? std::string("–")
                                                                                     : htmlEscape(answer->second)) +
                       "</dd>";
            }
            out += "</dl>";
        }
        out += "</section>";
    }
    return out;
}

}  // namespace osm::server
