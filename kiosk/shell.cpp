// Window, loop and frames. The loop sleeps in glfwWaitEventsTimeout until input, a worker
// result (glfwPostEmptyEvent) or the app's next timer; it renders a few frames after input so
// ImGui settles, and nothing while idle.
#include "shell.h"

#include "screenshot_tour.h"
#include "views/keyboard.h"
#include "views/screens.h"
#include "views/widgets.h"
#include "window_input.h"

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

std::atomic<bool> g_windowOpen{false};

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
    // Touch targets: every frame (field, button, checkbox, combo) is as tall as a big button,
    // scrollbars are a finger wide, and a drag starts only after a finger's wobble.
    style.FramePadding.y = std::round(size * 0.6f);
    style.ScrollbarSize = std::round(size * 2.1f);
    style.GrabMinSize = style.ScrollbarSize;
    io.MouseDragThreshold = std::round(size * 0.5f);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.97f, 0.98f, 1.0f);
    style.Colors[ImGuiCol_Button] = ImVec4(0.84f, 0.89f, 0.94f, 1.0f);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    style.FrameBorderSize = 1.0f;

    // The backend's callbacks are not installed: window_input queues the events and feeds them.
    ImGui_ImplGlfw_InitForOpenGL(window, false);
    ImGui_ImplOpenGL3_Init("#version 130");
}

void renderFrame(GLFWwindow* window, KioskApp& app, ui::KioskView& view) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    feedWindowInput(window);
    ImGui::NewFrame();
    view.draw(app);
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

// The window as the screenshot tour sees it.
class ShellTourWindow : public TourWindow {
public:
    ShellTourWindow(GLFWwindow* window, KioskApp& app, ui::KioskView& view)
        : m_window(window), m_app(app), m_view(view) {}
    void refreshInputs() override { ui::resetInputs(false); }
    void showKeyboard(bool shown) override { ui::keyboardShowAlways(shown); }
    bool capture(const std::string& path) override {
        for (int i = 0; i < 3; ++i) renderFrame(m_window, m_app, m_view);  // let ImGui settle its layout
        ui::probeSave(path + ".probe.jsonl");  // what was on screen, for the UI tests' measures
        const bool saved = savePng(m_window, path);
        glfwSwapBuffers(m_window);
        return saved;
    }

private:
    GLFWwindow* m_window;
    KioskApp& m_app;
    ui::KioskView& m_view;
};

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

// Until the window closes: sleeps until input, a worker result or the app's next timer.
void runEventLoop(GLFWwindow* window, KioskApp& app, Worker& worker, ui::KioskView& view) {
    int framesToRender = 3;
    while (!glfwWindowShouldClose(window)) {
        if (framesToRender > 0)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(std::max(app.secondsUntilNextTimer(), 0.01));
        if (takeInputSeen() || inputPending()) {
            app.noteActivity();
            framesToRender = std::max(framesToRender, 3);
        }
        if (worker.pump() > 0) framesToRender = std::max(framesToRender, 2);
        app.tick();
        // Every wake-up renders at least once: timers wake us only when something on screen changes.
        renderFrame(window, app, view);
        glfwSwapBuffers(window);
        if (framesToRender > 0) --framesToRender;
    }
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
    int fbWidth = 0;
    int fbHeight = 0;
    glfwGetFramebufferSize(window, &fbWidth, &fbHeight);
    setUpImGui(window, fbHeight);
    installWindowInput(window, options.touchOnly);
    ui::keyboardEnable(options.touchOnly);
    if (!options.probePath.empty()) ui::probeEnable(options.probePath);
    g_windowOpen = true;

    ui::KioskView view;
    int code = 0;
    if (options.measureStartup) {
        renderFrame(window, app, view);
        glfwSwapBuffers(window);
        glFinish();
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
        std::printf("first_frame_ms=%.1f rss_kib=%ld\n", (now - options.startedAt) * 1000.0, residentKib());
    } else if (!options.screenshotDir.empty()) {
        ShellTourWindow tourWindow(window, app, view);
        code = runScreenshotTour(app, tourWindow, options.screenshotDir, options.pinTourDate);
    } else {
        runEventLoop(window, app, worker, view);
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
