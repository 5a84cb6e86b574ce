// "Tiedot minusta" (My data): the person's roster entry, their records and the agreements about
// them, and who read each record when (app/about_me.h builds what is shown); and the home
// screen's button that opens it.
#include "flow_views.h"
#include "view_parts.h"
#include "widgets.h"

#include <imgui.h>

#include <cstdio>
#include <ctime>

namespace osm::kiosk::ui {
namespace {

// A moment in the terminal's local time: the day as formatDay writes it, then the time
// ("1.2.2026 10.05").
std::string formatMoment(std::int64_t unixSeconds) {
    const std::time_t at = static_cast<std::time_t>(unixSeconds);
    std::tm local{};
    localtime_r(&at, &local);
    char time[8];
    std::snprintf(time, sizeof time, "%02d.%02d", local.tm_hour, local.tm_min);
    return formatDay({local.tm_year + 1900, local.tm_mon + 1, local.tm_mday}) + " " + time;
}

void labelled(KioskApp& app, const char* key, const std::string& value) {
    if (value.empty()) return;
    textMuted((app.tr(key) + ":").c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", value.c_str());
}

const char* stateKeyOf(MyDataState state) {
    switch (state) {
    case MyDataState::Draft: return "my_data.state.draft";
    case MyDataState::Submitted: return "my_data.state.submitted";
    case MyDataState::Unknown: return "my_data.state.unknown";
    }
    return "my_data.state.unknown";
}

const char* serverKeyOf(ServerCopy copy) {
    switch (copy) {
    case ServerCopy::Holds: return "my_data.server.holds";
    case ServerCopy::NotYet: return "my_data.server.not_yet";
    case ServerCopy::Unknown: return "my_data.server.unknown";
    }
    return "my_data.server.unknown";
}

void drawReads(KioskApp& app, const MyDataRecord& record, bool fromServer) {
    if (record.state == MyDataState::Draft) {
        textMuted(app.tr("my_data.draft_sealed").c_str());
        return;
    }
    if (record.reads.empty()) {
        if (fromServer) textMuted(app.tr("my_data.no_reads").c_str());
        return;
    }
    ImGui::TextUnformatted(app.tr("my_data.reads").c_str());
    for (const MyDataRead& read : record.reads) {
        const std::string channel = read.channel.empty() ? app.tr("my_data.channel.web")
                                    : read.channel == "oss"
                                        ? app.tr("my_data.channel.oss")
                                        : format(app.tr("my_data.channel.terminal"), {read.channel});
        const std::string when =
            read.count > 1 ? format(app.tr("my_data.read_times"),
                                    {formatMoment(read.firstAt), formatMoment(read.lastAt), std::to_string(read.count)})
                           : formatMoment(read.firstAt);
        ImGui::Bullet();
        ImGui::TextWrapped(
            "%s", format(app.tr("my_data.read"), {std::to_string(read.version), read.reader, channel, when}).c_str());
    }
}

void drawRecord(KioskApp& app, const MyDataRecord& record, bool fromServer, int index) {
    ImGui::PushID(index);
    ImGui::Spacing();
    ImGui::Separator();
    const std::string title = app.tr(record.kindKey) + (record.year != 0 ? " " + std::to_string(record.year) : "");
    heading(title.c_str());
    std::string facts = app.tr(stateKeyOf(record.state));
    if (record.version != 0) facts += " · " + format(app.tr("my_data.version"), {std::to_string(record.version)});
    if (record.savedAt != 0) facts += " · " + format(app.tr("my_data.saved"), {formatMoment(record.savedAt)});
    ImGui::TextWrapped("%s", facts.c_str());
    const std::string where = app.tr(record.onThisTerminal ? "my_data.here.yes" : "my_data.here.no") + " · " +
                              app.tr(serverKeyOf(record.server));
    textMuted(where.c_str());
    if (!record.author.empty()) textMuted(format(app.tr("my_data.author"), {record.author}).c_str());
    drawReads(app, record, fromServer);
    ImGui::PopID();
}

}  // namespace

void drawMyData(KioskApp& app) {
    const MyDataView view = app.myData();
    heading(app.tr("my_data.title").c_str());
    textMuted(app.tr("my_data.intro").c_str());
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("my_data", ImVec2(0, bodyHeight), true);
    heading(app.tr("my_data.person").c_str());
    labelled(app, "my_data.name", view.name);
    labelled(app, "my_data.staff_number", view.staffNumber);
    labelled(app, "my_data.job_title", view.title);
    labelled(app, "my_data.unit", view.unitName);
    labelled(app, "my_data.manager", view.manager);
    ImGui::Spacing();
    heading(app.tr("my_data.records").c_str());
    if (!view.fromServer) textError(app.tr("my_data.offline").c_str());
    if (view.records.empty()) textMuted(app.tr("my_data.no_records").c_str());
    int index = 0;
    for (const MyDataRecord& record : view.records) drawRecord(app, record, view.fromServer, index++);
    ImGui::Spacing();
    ImGui::Separator();
    textMuted(app.tr("my_data.note").c_str());
    touchScroll();
    ImGui::EndChild();
    if (bigButton(app.tr("action.home").c_str(), ImGui::GetContentRegionAvail().x)) app.editing().backToHome();
    probeItem("home");
}

void drawMyDataLink(KioskApp& app) {
    ImGui::Spacing();
    ImGui::Separator();
    if (button((app.tr("my_data.open") + "##my_data").c_str())) app.openMyData();
    probeItem("my_data");
}

}  // namespace osm::kiosk::ui
