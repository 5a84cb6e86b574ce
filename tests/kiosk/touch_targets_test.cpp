// The screens draw their interactive widgets only through views/widgets.h, which makes each a
// touch target in size and reports it to the UI probe; the UI tests then measure every one of
// them on every screen in every language (tests/ui/ui_test.cpp). A raw ImGui widget in a view
// would escape that measure, so this test refuses one.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("the views draw no interactive ImGui widget of their own") {
    const fs::path views = fs::path(OSM_SOURCE_DIR) / "kiosk" / "views";
    int files = 0;
    for (const auto& entry : fs::directory_iterator(views)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".cpp" || name == "widgets.cpp" || name == "keyboard.cpp") continue;
        ++files;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        for (const char* raw : {"ImGui::Button(", "ImGui::SmallButton(", "ImGui::Checkbox(", "ImGui::RadioButton(",
                                "ImGui::Selectable(", "ImGui::InputText", "ImGui::BeginCombo(", "ImGui::Slider",
                                "ImGui::Drag", "ImGui::Combo(", "ImGui::ProgressBar("}) {
            CHECK_MESSAGE(text.str().find(raw) == std::string::npos, name << " calls " << raw);
        }
    }
    CHECK(files >= 8);
}
