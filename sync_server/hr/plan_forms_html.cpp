// The forms of a training plan's page (plan_forms_html.h).
#include "hr/plan_forms_html.h"

#include "hr/hr_html.h"

namespace osm::server {

std::string hiddenField(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + htmlEscape(value) + "\">";
}

std::string optionHtml(const std::string& value, const std::string& label, bool selected) {
    return "<option value=\"" + htmlEscape(value) + "\"" + (selected ? " selected" : "") + ">" + htmlEscape(label) +
           "</option>";
}

std::pair<std::string, std::string> trainingOptions(const catalog::Catalog& catalog, catalog::Lang lang) {
    std::string competences = optionHtml("", "–", true);
    for (const catalog::Competence& c : catalog.competences) competences += optionHtml(c.id, c.name.in(lang), false);
    std::string methods = optionHtml("", "–", true);
    for (const catalog::LearningCategory& category : catalog.categories) {
        for (const catalog::LearningMethod& m : category.methods)
            methods += optionHtml(m.id, std::to_string(category.share) + ": " + m.name.in(lang), false);
    }
    return {competences, methods};
}

std::string planEditForms(const PageText& t, const PlanForms& f, const TrainingPlan& plan,
                          const catalog::Catalog& catalog, const std::string& note) {
    const auto [competences, methods] = trainingOptions(catalog, t.lang);
    std::string body =
        f.form("add-training", t("hr.plan.add.legend"),
               note + f.input("name", "hr.col.training") + f.select("competence", "hr.col.competence", competences) +
                   f.select("method", "hr.col.method", methods) + f.input("audience", "hr.col.audience") +
                   f.input("timing", "hr.col.timing") + f.input("responsible", "hr.col.responsible"),
               "hr.plan.add.submit");
    for (std::size_t i = 0; i < plan.content.trainings.size(); ++i) {
        body += f.form("remove-training", t("hr.plan.remove.legend", plan.content.trainings[i].name),
                       hiddenField("index", std::to_string(i)), "hr.plan.remove.submit");
    }
    return body +
           f.form("notes", t("hr.plan.notes"),
                  "<textarea name=\"notes\" rows=\"4\" cols=\"80\">" + htmlEscape(plan.content.notes) + "</textarea>",
                  "hr.plan.save");
}

}  // namespace osm::server
