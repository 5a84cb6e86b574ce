// Screen names for the UI probe.
#include "screen_state.h"

namespace osm::kiosk {

const char* screenName(Screen screen) {
    switch (screen) {
    case Screen::Start: return "start";
    case Screen::Pin: return "pin";
    case Screen::FirstUse: return "first_use";
    case Screen::Home: return "home";
    case Screen::DevelopmentForm: return "development_form";
    case Screen::GroupForm: return "group_form";
    case Screen::Review: return "review";
    case Screen::Conflict: return "conflict";
    case Screen::Enrol: return "enrol";
    case Screen::TeamRecord: return "team_record";
    case Screen::SummaryForm: return "summary_form";
    case Screen::MyData: return "my_data";
    }
    return "start";
}

}  // namespace osm::kiosk
