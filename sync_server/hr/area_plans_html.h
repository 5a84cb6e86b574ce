// The service areas' training plans beside each other, and each plan's deadline: on HR's overview
// (the plans not compiled by their deadline), beside HR's central plan (what HR consolidates) and
// on the leaders' plan page. In the language of the PageText given; every value is escaped.
#pragma once

#include "hr/training_plan.h"
#include "web/web_text.h"

#include <cstdint>
#include <string>
#include <vector>

namespace osm::server {

// "30.9.2026".
std::string finnishDay(const domain::Date& date);
// A service area's plan's deadline line (id plan-deadline): the planning window and the deadline,
// with "late" (id plan-late) when it was not compiled by then.
std::string planDeadlineHtml(const PageText& t, const TrainingPlan& plan, const catalog::Catalog& catalog,
                             std::int64_t now);
// The areas' plans (table id area-plans): state, version, when first compiled, late or not, and
// their planned trainings.
std::string areaPlansHtml(const PageText& t, const std::vector<TrainingPlan>& areaPlans,
                          const domain::Organisation& org, const catalog::Catalog& catalog, std::int64_t now);
// HR's warning (id late-plans) naming the areas whose plan was not compiled by its deadline;
// empty when there are none.
std::string latePlansWarningHtml(const PageText& t, const std::vector<TrainingPlan>& areaPlans,
                                 const domain::Organisation& org, const catalog::Catalog& catalog, std::int64_t now);

}  // namespace osm::server
