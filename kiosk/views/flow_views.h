// The screens of each flow, as drawn inside the kiosk's frame (screens.cpp): login_views.cpp,
// enrolment_view.cpp, home_view.cpp, team_views.cpp, editor_views.cpp, review_views.cpp,
// about_me_view.cpp.
// Each reads the app's state and calls its actions; none changes domain data itself.
#pragma once

#include "kiosk_app.h"

namespace osm::kiosk::ui {

// [login]
void drawStart(KioskApp& app);
void drawPin(KioskApp& app);
void drawFirstUse(KioskApp& app);
// [enrolment]
void drawEnrol(KioskApp& app);
// [home]
void drawHome(KioskApp& app);
// [team]: the home screen's team section, and a team record read-only
void drawTeam(KioskApp& app);
void drawTeamRecord(KioskApp& app);
// [editor]: the three forms
void drawDevelopmentForm(KioskApp& app);
void drawGroupForm(KioskApp& app);
void drawSummaryForm(KioskApp& app);
// [my data]: "Tiedot minusta", and the home screen's way there
void drawMyData(KioskApp& app);
void drawMyDataLink(KioskApp& app);
// [review and conflict]
void drawReview(KioskApp& app);
void drawConflict(KioskApp& app);

}  // namespace osm::kiosk::ui
