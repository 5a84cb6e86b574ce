// Window, loop and screenshots. The loop sleeps in glfwWaitEventsTimeout until input, a worker
// result (glfwPostEmptyEvent) or the app's next timer; it renders a few frames after input so
// ImGui settles, and nothing while idle.
#include "shell.h"

#include "views/screens.h"
#include "views/widgets.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace osm::kiosk {
namespace {

bool g_inputSeen = false;

// Dear ImGui 1.86 samples key state once per frame, so a key pressed and released between two
// frames (a fast typist, a barcode scanner, a test driver) would never be seen as pressed. We
// hold such a release back until the press has been seen by one frame.
struct HeldRelease {
    int key;
    int scancode;
    int mods;
};
std::vector<int> g_pressedThisFrame;
std::vector<HeldRelease> g_heldReleases;

void onKeyForImGui(GLFWwindow* window, int key, int scancode, int action, int mods) {
    if (action == GLFW_PRESS) g_pressedThisFrame.push_back(key);
    if (action == GLFW_RELEASE &&
        std::find(g_pressedThisFrame.begin(), g_pressedThisFrame.end(), key) != g_pressedThisFrame.end()) {
        g_heldReleases.push_back({key, scancode, mods});
        g_inputSeen = true;
        return;
    }
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// After a frame: deliver the held releases. Returns true when there were any (render again).
bool releaseHeldKeys(GLFWwindow* window) {
    g_pressedThisFrame.clear();
    if (g_heldReleases.empty()) return false;
    for (const HeldRelease& r : g_heldReleases) ImGui_ImplGlfw_KeyCallback(window, r.key, r.scancode, GLFW_RELEASE, r.mods);
    g_heldReleases.clear();
    return true;
}
std::atomic<bool> g_windowOpen{false};

void markInput(GLFWwindow*) { g_inputSeen = true; }
void onKey(GLFWwindow* w, int, int, int, int) { markInput(w); }
void onChar(GLFWwindow* w, unsigned int) { markInput(w); }
void onMouseButton(GLFWwindow* w, int, int, int) { markInput(w); }
void onScroll(GLFWwindow* w, double, double) { markInput(w); }
void onCursor(GLFWwindow* w, double, double) { markInput(w); }
void onResize(GLFWwindow* w, int, int) { markInput(w); }

constexpr const char* kFontDir = "/usr/share/fonts/truetype/noto/";

void setUpImGui(GLFWwindow* window, int framebufferHeight) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing about the session may reach the disk
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames while idle

    const float scale = std::clamp(static_cast<float>(framebufferHeight) / 1080.0f, 0.7f, 2.0f);
    const float size = std::round(30.0f * scale);
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x20AC, 0x20AC, 0};
    ImFontConfig config;
    config.OversampleH = 2;
    const std::string regular = std::string(kFontDir) + "NotoSans-Regular.ttf";
    const std::string bold = std::string(kFontDir) + "NotoSans-Bold.ttf";
    if (std::filesystem::exists(regular) && std::filesystem::exists(bold)) {
        io.Fonts->AddFontFromFileTTF(regular.c_str(), size, &config, ranges);
        io.Fonts->AddFontFromFileTTF(bold.c_str(), std::round(size * 1.25f), &config, ranges);
    } else {
        std::fprintf(stderr, "kiosk: Noto Sans not found in %s; using ImGui's built-in font\n", kFontDir);
        io.Fonts->AddFontDefault();
    }

    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.ScaleAllSizes(scale * 1.6f);
    style.FrameRounding = 6 * scale;
    style.ChildRounding = 8 * scale;
    style.GrabMinSize = 24 * scale;
    style.ScrollbarSize = 28 * scale;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.97f, 0.98f, 1.0f);
    style.Colors[ImGuiCol_Button] = ImVec4(0.84f, 0.89f, 0.94f, 1.0f);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    style.FrameBorderSize = 1.0f;

    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    // Replaces the backend's key callback with ours, which forwards to it (and it to onKey).
    glfwSetKeyCallback(window, onKeyForImGui);
}

void renderFrame(GLFWwindow* window, KioskApp& app) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ui::drawApp(app);
    ImGui::Render();
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.96f, 0.97f, 0.98f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool savePng(GLFWwindow* window, const std::string& path) {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);
    return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

// Drives the app through every screen with demo data and saves each in every language.
int screenshotTour(GLFWwindow* window, KioskApp& app, const std::string& dir) {
    std::filesystem::create_directories(dir);
    int shot = 0;
    int failures = 0;
    auto capture = [&](const char* name) {
        const catalog::Lang original = app.lang();
        ui::resetInputs(false);  // the tour sets fields from outside: let them re-read
        for (catalog::Lang lang : catalog::kAllLangs) {
            app.setLanguage(lang);
            for (int i = 0; i < 3; ++i) renderFrame(window, app);  // let ImGui settle its layout
            char file[256];
            std::snprintf(file, sizeof file, "%s/%02d_%s_%s.png", dir.c_str(), shot, name, catalog::langCode(lang));
            if (!savePng(window, file)) {
                std::fprintf(stderr, "kiosk: could not write %s\n", file);
                ++failures;
            }
            glfwSwapBuffers(window);
        }
        app.setLanguage(original);
        ++shot;
    };
    auto login = [&](const char* staff, const char* pin) {
        app.start().staffNumber = staff;
        app.submitStaffNumber();
        app.settle();
        app.pin().pin = pin;
        app.submitPin();
        app.settle();
    };

    capture("start");
    app.start().staffNumber = "1001";
    capture("start_typed");
    app.submitStaffNumber();
    app.settle();
    capture("pin");
    app.pin().pin = "111111";
    app.submitPin();
    app.settle();
    capture("pin_wrong");
    app.pin().retryAt = 0;
    app.pin().pin = "482915";
    app.submitPin();
    app.settle();
    if (app.screen() != Screen::Home) {
        std::fprintf(stderr, "kiosk: screenshot tour could not log in as 1001\n");
        return 1;
    }
    capture("home");

    const auto cards = app.dueCards();
    if (cards.empty()) return 1;
    app.openCard(cards.front());
    EditorState& editor = app.editor();
    editor.development.answers["past_year.review"] =
        "Vuosi oli antoisa: aloitimme metsäkasvatuksen kokeilun ja ryhmämme lapset oppivat paljon luonnosta. "
        "Työnjako tiimissä toimi hyvin, ja sijaisjärjestelyt sujuivat syksyllä paremmin kuin ennen – kiitos siitä koko tiimille.";
    editor.development.answers["wellbeing.coping"] = "Jaksan hyvin, kun suunnitteluaika toteutuu.";
    editor.development.answers["professional_development.future_needs"] =
        "Haluan oppia lisää digitaalisesta dokumentoinnista ja vanhempien kanssa käytävistä keskusteluista.";
    app.markEdited();
    const int pages = static_cast<int>(app.editorForm()->sections.size()) + 2;
    for (int page = 0; page < pages; ++page) {
        app.setPage(page);
        if (page == pages - 2) {
            int value = 2;
            for (domain::CompetenceRating& r : editor.development.ratings) {
                r.value = value;
                value = value % 5 + 1;
            }
            editor.development.ratings.back().value = 0;  // one left for the review to flag
        }
        if (page == pages - 1) {
            editor.development.goals.push_back({"Opin käyttämään dokumentointisovellusta sujuvasti", "staff.technology_and_digital",
                                                {"learning_by_doing", "learning_from_colleague", "online_videos_and_guides"}});
        }
        app.markEdited();
        app.tick();
        app.settle();
        capture(("development_page" + std::to_string(page)).c_str());
    }
    app.goToReview();
    capture("review_issues");
    editor.development.ratings.back().value = 4;
    app.markEdited();
    app.goToReview();
    capture("review_ready");
    app.submitRecord();
    app.settle();
    capture("home_submitted");
    app.logout(true);
    app.settle();
    capture("start_after_idle_logout");

    app.start().staffNumber = "1003";
    app.submitStaffNumber();
    app.settle();
    capture("first_use");
    app.cancelLogin();

    app.start().staffNumber = "1002";
    app.submitStaffNumber();
    app.settle();
    app.pin().errorKey = "pin.error.locked";
    app.pin().lockedUntil = app.clock().unixSeconds() + 15 * 60;
    capture("pin_locked");
    app.cancelLogin();

    login("1005", "318406");
    if (app.screen() == Screen::Home) {
        // What a pull brings a director when a report has submitted (fictitious demo content;
        // in the demo without a server it is handed over here directly, as the sync would).
        SyncReport shared;
        shared.sharedFor = "1005";
        shared.reachable = true;
        domain::DevelopmentDiscussion submitted = domain::newDevelopmentDiscussion(*app.catalog().findForm("development_discussion_staff"), app.catalog());
        submitted.answers["past_year.review"] = "Metsäkasvatuksen kokeilu onnistui, ja vanhemmat antoivat siitä hyvää palautetta.";
        submitted.answers["professional_development.future_needs"] = "Haluan syventää osaamistani lasten tunnetaitojen tukemisessa.";
        int value = 3;
        for (domain::CompetenceRating& r : submitted.ratings) r.value = (value++ % 3) + 3;
        submitted.goals.push_back({"Tunnetaitojen tukeminen arjessa", "staff.interaction_and_cooperation",
                                   {"learning_by_doing", "mentoring", "courses"}});
        sync::RecordEnvelope envelope;
        envelope.id = "r-demo-shared";
        envelope.owner = "1001";
        envelope.kind = sync::RecordKindWire::Development;
        envelope.formId = submitted.formId;
        envelope.year = submitted.year;
        envelope.version = 1;
        envelope.state = sync::RecordStateWire::Submitted;
        const std::string json = domain::toJson(submitted);
        envelope.payload.assign(json.begin(), json.end());
        shared.shared.push_back(envelope);
        // A team discussion of the unit (for the unit summary), and where each report stands.
        domain::GroupDiscussion team = domain::newGroupDiscussion(*app.catalog().findForm("group_discussion"), submitted.year, "team", "pk_tahtitaivas");
        team.recordedBy = "1002";
        team.participants = {"1002", "1001", "1004"};
        team.answers["current_competence.strengths"] = "Osaamme metsäkasvatuksen ja perheiden kohtaamisen; uudet työntekijät perehtyvät nopeasti.";
        team.answers["future_needs.needs"] = "Tarvitsemme lisää osaamista kielitietoisesta varhaiskasvatuksesta ja digitaalisesta dokumentoinnista.";
        sync::RecordEnvelope group = envelope;
        group.id = "r-demo-team";
        group.owner = "1002";
        group.kind = sync::RecordKindWire::Group;
        group.formId = team.formId;
        const std::string teamJson = domain::toJson(team);
        group.payload.assign(teamJson.begin(), teamJson.end());
        shared.shared.push_back(group);
        shared.teamStatus = {{"1001", submitted.year, "submitted", 0, 0}, {"1002", submitted.year, "draft", 0, 0},
                             {"1003", submitted.year, "none", 0, 0}, {"1004", submitted.year, "submitted", 2, 2}};
        app.applySyncReport(shared);
        app.settle();
        capture("home_director");
        app.openTeamRecord("1001", RecordKind::Development);
        capture("director_reads_preform");
        app.backToHome();

        // The discussion with Aino: notes under her own answers, the director's view beside her
        // self-assessment, the agreed goals.
        app.openAgreement("1001");
        app.editor().development.answers["past_year.review"] =
            "Kokeilu kannattaa vakiinnuttaa. Sovimme, että Aino esittelee sen syksyn tiimipäivässä.";
        app.markEdited();
        capture("agreement_notes");
        const int agreementPages = static_cast<int>(app.editorForm()->sections.size());
        app.setPage(agreementPages);
        int rating = 3;
        for (domain::CompetenceRating& r : app.editor().development.ratings) r.value = (rating++ % 2) + 3;
        app.markEdited();
        capture("agreement_ratings");
        app.setPage(agreementPages + 1);
        capture("agreement_goals");
        app.goToReview();
        app.submitRecord();
        app.settle();
        const std::string agreementJson = kiosk::contentJson(RecordKind::Agreement, app.editor());
        capture("home_director_discussed");

        // The unit's summary of the group discussions, with its training needs.
        app.openUnitSummary();
        app.editor().summary.answers["current_competence.strengths"] = "Tiimeillä on vahva metsäkasvatuksen ja perhetyön osaaminen.";
        app.markEdited();
        capture("summary_theme");
        app.setPage(static_cast<int>(app.editorForm()->sections.size()));
        app.editor().summary.trainingNeeds.push_back(
            {"Kielitietoinen varhaiskasvatus koko henkilöstölle", "staff.professional", {"unit_micro_trainings", "courses"}});
        app.markEdited();
        capture("summary_needs");
        app.backToHome();
        app.logout(false);
        app.settle();

        // Aino reads what was agreed and confirms it.
        login("1001", "482915");
        SyncReport mine;
        mine.sharedFor = "1001";
        mine.reachable = true;
        sync::RecordEnvelope agreement = envelope;
        agreement.id = domain::agreementRecordId(submitted.year, "1001");
        agreement.owner = "1005";
        agreement.kind = sync::RecordKindWire::Agreement;
        agreement.payload.assign(agreementJson.begin(), agreementJson.end());
        mine.shared.push_back(agreement);
        app.applySyncReport(mine);
        app.settle();
        capture("home_agreement_to_confirm");
        app.openTeamRecord("1005", RecordKind::Agreement);
        capture("agreement_confirm");
        app.logout(false);
        app.settle();
        login("1005", "318406");
        for (const DueCard& card : app.dueCards()) {
            if (card.groupKind.empty() || !card.dueNow) continue;
            app.openCard(card);
            app.editor().group.participants = {"1005"};
            capture("group_participants");
            app.setPage(1);
            app.editor().group.answers["current_competence.strengths"] =
                "Vahvuutemme on pitkä kokemus ja hyvä yhteistyö perheiden kanssa.";
            app.markEdited();
            capture("group_theme");
            app.goToReview();
            capture("group_review");
            break;
        }
        app.logout(false);
        app.settle();
    }
    std::printf("kiosk: wrote %d screenshots (%d screens × 3 languages) to %s\n", shot * 3 - failures, shot, dir.c_str());
    return failures == 0 ? 0 : 1;
}

long residentKib() {
    std::FILE* status = std::fopen("/proc/self/status", "r");
    if (status == nullptr) return -1;
    char line[256];
    long kib = -1;
    while (std::fgets(line, sizeof line, status) != nullptr) {
        if (std::sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
    }
    std::fclose(status);
    return kib;
}

}  // namespace

void wakeEventLoop() {
    if (g_windowOpen.load()) glfwPostEmptyEvent();
}

int runShell(KioskApp& app, Worker& worker, const ShellOptions& options) {
    if (!glfwInit()) {
        std::fprintf(stderr, "kiosk: no display (GLFW could not start)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    int width = options.width;
    int height = options.height;
    if (monitor != nullptr) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
    }
    GLFWwindow* window = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (window == nullptr) {
        std::fprintf(stderr, "kiosk: could not open a window with OpenGL 3\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    // Our callbacks first; ImGui's backend chains to them.
    glfwSetKeyCallback(window, onKey);
    glfwSetCharCallback(window, onChar);
    glfwSetMouseButtonCallback(window, onMouseButton);
    glfwSetScrollCallback(window, onScroll);
    glfwSetCursorPosCallback(window, onCursor);
    glfwSetFramebufferSizeCallback(window, onResize);
    int fbWidth = 0;
    int fbHeight = 0;
    glfwGetFramebufferSize(window, &fbWidth, &fbHeight);
    setUpImGui(window, fbHeight);
    if (!options.probePath.empty()) ui::probeEnable(options.probePath);
    g_windowOpen = true;

    int code = 0;
    if (options.measureStartup) {
        renderFrame(window, app);
        glfwSwapBuffers(window);
        glFinish();
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
        std::printf("first_frame_ms=%.1f rss_kib=%ld\n", (now - options.startedAt) * 1000.0, residentKib());
    } else if (!options.screenshotDir.empty()) {
        code = screenshotTour(window, app, options.screenshotDir);
    } else {
        int framesToRender = 3;
        while (!glfwWindowShouldClose(window)) {
            if (framesToRender > 0) glfwPollEvents();
            else glfwWaitEventsTimeout(std::max(app.secondsUntilNextTimer(), 0.01));
            if (g_inputSeen) {
                g_inputSeen = false;
                app.noteActivity();
                framesToRender = std::max(framesToRender, 3);
            }
            if (worker.pump() > 0) framesToRender = std::max(framesToRender, 2);
            app.tick();
            // Every wake-up renders at least once: timers wake us only when something on screen changes.
            renderFrame(window, app);
            glfwSwapBuffers(window);
            if (framesToRender > 0) --framesToRender;
            if (releaseHeldKeys(window)) framesToRender = std::max(framesToRender, 2);
        }
    }
    app.logout(false);
    app.settle();
    g_windowOpen = false;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return code;
}

}  // namespace osm::kiosk
