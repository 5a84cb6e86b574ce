// The forms of a training plan's page, HR's (/hr/plan) and the leaders' (/leaders/plan): each
// form carries the session's token, the plan's year and scope and how many steps the plan had
// when shown (a step taken meanwhile refuses the form); hr/plan_form.h reads them.
#pragma once

#include "hr/hr_html.h"
#include "hr/training_plan.h"
#include "web/web_text.h"

#include <string>
#include <utility>

namespace osm::server {

std::string hiddenField(const std::string& name, const std::string& value);
std::string optionHtml(const std::string& value, const std::string& label, bool selected);
// The choices of a training's competence and 70-20-10 method, each with "–" first.
std::pair<std::string, std::string> trainingOptions(const catalog::Catalog& catalog, catalog::Lang lang);

// The forms of a plan's next step and of its edits, posted to `target`.
class PlanForms {
public:
    PlanForms(const PageText& t, std::string target, const std::string& csrf, const TrainingPlan& plan, int year)
        : m_t(t), m_target(std::move(target)),
          m_fields(hiddenField("csrf", csrf) + hiddenField("year", std::to_string(year)) +
                   hiddenField("scope", plan.scope) + hiddenField("steps", std::to_string(plan.history.size()))) {}

    std::string form(const std::string& action, const std::string& legend, const std::string& fields,
                     const char* button) const {
        return "<form method=\"post\" action=\"" + m_target + "\" id=\"form-" + action + "\"><fieldset><legend>" +
               htmlEscape(legend) + "</legend>" + m_fields + hiddenField("action", action) + fields +
               " <button type=\"submit\">" + htmlEscape(m_t(button)) + "</button></fieldset></form>";
    }
    std::string input(const std::string& field, const char* label, const std::string& value = {}) const {
        return "<label>" + htmlEscape(m_t(label)) + " <input name=\"" + field + "\" value=\"" + htmlEscape(value) +
               "\"></label>";
    }
    std::string select(const std::string& field, const char* label, const std::string& options) const {
        return "<label>" + htmlEscape(m_t(label)) + " <select name=\"" + field + "\">" + options + "</select></label>";
    }

private:
    const PageText& m_t;
    std::string m_target;
    std::string m_fields;
};

// A plan's edits: a training added or removed, the notes. `note`: that an edit opens a new
// version, when it does.
std::string planEditForms(const PageText& t, const PlanForms& f, const TrainingPlan& plan,
                          const catalog::Catalog& catalog, const std::string& note);

}  // namespace osm::server
