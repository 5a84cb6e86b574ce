// Screens: [frame] [start] [pin] [first use] [home] [development form] [group form] [review].
#include "screens.h"

#include "widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace osm::kiosk::ui {
namespace {

using catalog::Lang;

std::string formatDay(domain::Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%d.%d.%d", date.day, date.month, date.year);
    return text;
}

std::string formatDuration(std::int64_t seconds) {
    char text[32];
    if (seconds >= 60) std::snprintf(text, sizeof text, "%lld min", static_cast<long long>((seconds + 59) / 60));
    else std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(seconds));
    return text;
}

const char* stateKey(RecordState state) {
    switch (state) {
    case RecordState::Draft: return "state.draft";
    case RecordState::Ready: return "state.ready";
    case RecordState::Sent: return "state.sent";
    case RecordState::Received: return "state.received";
    }
    return "state.draft";
}

void centredColumn(float width) {
    const float available = ImGui::GetContentRegionAvail().x;
    if (available > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (available - width) * 0.5f);
}

// [frame] -------------------------------------------------------------------------------------

void drawTopBar(KioskApp& app) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.05f, 0.32f, 0.52f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::BeginChild("topbar", ImVec2(0, touchHeight() * 1.25f), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, touchHeight() * 0.3f));
    if (io.Fonts->Fonts.Size > 1) ImGui::PushFont(io.Fonts->Fonts[1]);
    ImGui::TextUnformatted("Osaamissilta");
    if (io.Fonts->Fonts.Size > 1) ImGui::PopFont();
    ImGui::SameLine();
    ImGui::SetCursorPosY(touchHeight() * 0.42f);
    ImGui::TextUnformatted(app.unitName().c_str());

    // Right side: the person and logout, then languages.
    const float langWidth = touchHeight() * 1.6f;
    float right = ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x - langWidth * 3 - ImGui::GetStyle().ItemSpacing.x * 2;
    if (app.loggedIn()) {
        const std::string& logoutLabel = app.tr("action.logout");
        const float logoutWidth = ImGui::CalcTextSize(logoutLabel.c_str()).x + touchHeight();
        const float nameWidth = ImGui::CalcTextSize(app.session()->person.name.c_str()).x;
        right -= logoutWidth + nameWidth + ImGui::GetStyle().ItemSpacing.x * 3;
        ImGui::SameLine(right);
        ImGui::SetCursorPosY(touchHeight() * 0.42f);
        ImGui::TextUnformatted(app.session()->person.name.c_str());
        ImGui::SameLine();
        ImGui::SetCursorPosY(touchHeight() * 0.125f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1.0f));
        if (ImGui::Button((logoutLabel + "##logout").c_str(), ImVec2(logoutWidth, touchHeight()))) app.logout(false);
        ImGui::PopStyleColor();
        probeItem("logout");
        right += logoutWidth + nameWidth + ImGui::GetStyle().ItemSpacing.x * 3;
    }
    static const std::pair<Lang, const char*> kLangs[] = {{Lang::Fi, "Suomi"}, {Lang::Sv, "Svenska"}, {Lang::En, "English"}};
    ImGui::SameLine(right);
    for (const auto& [lang, label] : kLangs) {
        ImGui::SetCursorPosY(touchHeight() * 0.125f);
        const bool current = app.lang() == lang;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.95f, 0.75f, 0.20f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1.0f));
        if (ImGui::Button(label, ImVec2(langWidth, touchHeight()))) app.setLanguage(lang);
        ImGui::PopStyleColor(current ? 2 : 1);
        probeItem((std::string("lang_") + catalog::langCode(lang)).c_str());
        ImGui::SameLine();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);

    if (auto seconds = app.idleCountdown()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.98f, 0.86f, 0.45f, 1.0f));
        ImGui::BeginChild("idle", ImVec2(0, touchHeight() * 1.2f), true, ImGuiWindowFlags_NoScrollbar);
        ImGui::TextWrapped("%s", format(app.tr("idle.warning"), {std::to_string(*seconds)}).c_str());
        ImGui::SameLine();
        if (ImGui::Button(app.tr("idle.continue").c_str())) app.noteActivity();
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
}

void drawStatusBar(KioskApp& app) {
    ImGui::Separator();
    textMuted((app.tr("server.label") + ": " + app.tr(app.serverStatusKey())).c_str());
}

// [start] -------------------------------------------------------------------------------------

void drawStart(KioskApp& app) {
    StartState& s = app.start();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 9.0f);
    ImGui::Dummy(ImVec2(0, touchHeight() * 0.3f));
    centredColumn(column);
    ImGui::BeginGroup();
    heading(app.tr("start.title").c_str());
    ImGui::TextWrapped("%s", app.tr("start.prompt").c_str());
    if (s.noticeKey == "logout.notSaved") textError(app.tr(s.noticeKey).c_str());
    else if (!s.noticeKey.empty()) textSuccess(app.tr(s.noticeKey).c_str());
    ImGui::SetNextItemWidth(column);
    if (ImGui::IsWindowAppearing() || (!ImGui::IsAnyItemActive() && !ImGui::IsMouseDown(0))) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##staff", &s.staffNumber,
                                          ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    probeItem("staff_number");
    if (ImGui::IsItemEdited()) app.noteActivity();
    if (s.staffNumber.size() > 12) s.staffNumber.resize(12);
    if (!s.errorKey.empty()) textError(app.tr(s.errorKey).c_str());
    if (s.checking) textMuted(app.tr("common.checking").c_str());
    const bool ok = keypad("start_keypad", s.staffNumber, KeypadKind::Digits, 12);
    if ((entered || ok) && !s.checking) app.submitStaffNumber();
    if (app.config().demo) {
        ImGui::Spacing();
        textMuted(app.tr("start.demo_hint").c_str());
    }
    if (!app.enrolled() && !app.config().demo) {
        ImGui::Spacing();
        textMuted(app.tr("enrol.not_enrolled").c_str());
        if (ImGui::Button(app.tr("enrol.open").c_str())) app.openEnrolment();
        probeItem("enrol");
    }
    ImGui::EndGroup();
}

void drawEnrol(KioskApp& app) {
    EnrolState& e = app.enrolState();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 14.0f);
    centredColumn(column);
    ImGui::BeginGroup();
    heading(app.tr("enrol.title").c_str());
    ImGui::TextWrapped("%s", app.tr("enrol.explain").c_str());
    ImGui::TextUnformatted(app.tr("enrol.server").c_str());
    ImGui::SetNextItemWidth(column);
    ImGui::InputText("##server", &e.serverUrl);
    probeItem("enrol_server");
    ImGui::TextUnformatted(app.tr("enrol.code").c_str());
    ImGui::SetNextItemWidth(column * 0.6f);
    const bool entered = ImGui::InputText("##code", &e.code, ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue);
    probeItem("enrol_code");
    if (!e.errorKey.empty()) textError(app.tr(e.errorKey).c_str());
    if (!e.detail.empty()) textMuted(e.detail.c_str());
    if (e.busy) textMuted(app.tr("common.checking").c_str());
    const float half = (column - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (bigButton(app.tr("action.cancel").c_str(), half)) app.cancelLogin();
    ImGui::SameLine();
    if ((primaryButton(app.tr("enrol.submit").c_str(), half, !e.busy) || entered) && !e.busy) app.submitEnrolment();
    probeItem("enrol_submit");
    ImGui::EndGroup();
}

// [pin] ---------------------------------------------------------------------------------------

void drawLoginError(KioskApp& app, const std::string& errorKey, std::int64_t retryAt, std::int64_t lockedUntil) {
    if (errorKey.empty()) return;
    const std::int64_t now = app.clock().unixSeconds();
    if (errorKey == "pin.error.locked") {
        textError(format(app.tr(errorKey), {formatDuration(std::max<std::int64_t>(lockedUntil - now, 0))}).c_str());
    } else if (errorKey == "pin.error.wait" || (errorKey == "pin.error.wrong" && retryAt > now)) {
        textError(app.tr(errorKey == "pin.error.wait" ? "pin.error.wrong" : errorKey).c_str());
        textError(format(app.tr("pin.error.wait"), {formatDuration(retryAt - now)}).c_str());
    } else {
        textError(app.tr(errorKey).c_str());
    }
}

void drawPin(KioskApp& app) {
    PinState& p = app.pin();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 9.0f);
    ImGui::Dummy(ImVec2(0, touchHeight() * 0.3f));
    centredColumn(column);
    ImGui::BeginGroup();
    heading(format(app.tr("pin.hello"), {p.name}).c_str());
    ImGui::TextWrapped("%s", app.tr("pin.prompt").c_str());
    const bool blocked = p.lockedUntil > app.clock().unixSeconds() || p.retryAt > app.clock().unixSeconds();
    ImGui::SetNextItemWidth(column);
    if (!ImGui::IsAnyItemActive() && !ImGui::IsMouseDown(0)) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##pin", &p.pin,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal |
                                              ImGuiInputTextFlags_EnterReturnsTrue);
    probeItem("pin");
    probeValue("pin_length", std::to_string(p.pin.size()).c_str());
    probeValue("pin_error", p.errorKey.c_str());
    if (ImGui::IsItemEdited()) app.noteActivity();
    drawLoginError(app, p.errorKey, p.retryAt, p.lockedUntil);
    if (p.checking) textMuted(app.tr("common.checking").c_str());
    const bool ok = keypad("pin_keypad", p.pin, KeypadKind::Digits, 12);
    if ((entered || ok) && !p.checking && !blocked) app.submitPin();
    ImGui::Spacing();
    if (bigButton(app.tr("action.cancel").c_str(), column)) app.cancelLogin();
    ImGui::EndGroup();
}

// [first use] ---------------------------------------------------------------------------------

void drawFirstUse(KioskApp& app) {
    static int keypadTarget = 0;  // which field the on-screen keys type into
    FirstUseState& f = app.firstUse();
    const float column = std::min(ImGui::GetContentRegionAvail().x, touchHeight() * 13.0f);
    centredColumn(column);
    ImGui::BeginGroup();
    heading(format(app.tr("first_use.title"), {f.name}).c_str());
    ImGui::TextWrapped("%s", app.tr("first_use.explain").c_str());
    const std::string policy = format(app.tr("first_use.policy"), {std::to_string(app.config().pinPolicy.minLength)});
    textMuted(policy.c_str());

    struct Field { const char* labelKey; std::string* value; ImGuiInputTextFlags flags; };
    Field fields[] = {
        {"first_use.code", &f.code, ImGuiInputTextFlags_CharsUppercase},
        {"first_use.new_pin", &f.newPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal},
        {"first_use.confirm_pin", &f.confirmPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal},
    };
    bool entered = false;
    for (int i = 0; i < 3; ++i) {
        ImGui::TextUnformatted(app.tr(fields[i].labelKey).c_str());
        ImGui::SetNextItemWidth(column * 0.6f);
        if (ImGui::InputText((std::string("##first") + std::to_string(i)).c_str(), fields[i].value,
                             fields[i].flags | ImGuiInputTextFlags_EnterReturnsTrue)) {
            entered = i == 2;
        }
        if (ImGui::IsItemActivated()) keypadTarget = i;
        if (ImGui::IsItemEdited()) app.noteActivity();
        probeItem((std::string("first_use_field") + std::to_string(i)).c_str());
    }
    drawLoginError(app, f.errorKey, app.pin().retryAt, app.pin().lockedUntil);
    if (f.checking) textMuted(app.tr("common.checking").c_str());
    const bool ok = keypad("first_keypad", *fields[keypadTarget].value,
                           keypadTarget == 0 ? KeypadKind::Code : KeypadKind::Digits, keypadTarget == 0 ? 12 : 12);
    if ((entered || (ok && keypadTarget == 2)) && !f.checking) app.submitFirstUse();
    else if (ok) keypadTarget += 1;
    ImGui::Spacing();
    if (bigButton(app.tr("action.cancel").c_str(), column * 0.6f)) {
        keypadTarget = 0;
        app.cancelLogin();
    }
    ImGui::EndGroup();
}

// [home] --------------------------------------------------------------------------------------

void drawCard(KioskApp& app, const DueCard& card, int index) {
    ImGui::PushID(index);
    const bool dimmed = !card.dueNow && card.record == nullptr;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, dimmed ? ImVec4(0.93f, 0.93f, 0.93f, 1) : ImVec4(1, 1, 1, 1));
    ImGui::BeginChild("card", ImVec2(0, touchHeight() * 2.6f), true, ImGuiWindowFlags_NoScrollbar);
    heading(card.event->name.in(app.lang()).c_str());
    const std::string window = formatDay(card.opens) + " – " + formatDay(card.closes);
    ImGui::TextUnformatted(window.c_str());
    ImGui::SameLine();
    if (card.record != nullptr) {
        const char* key = card.record->conflict ? "state.conflict"
                        : card.record->state == RecordState::Draft && card.record->onServer ? "state.on_server"
                                                                                            : stateKey(card.record->state);
        const std::string state = app.tr(key);
        if (card.record->state == RecordState::Draft) textMuted(state.c_str());
        else textSuccess(state.c_str());
    } else {
        textMuted(app.tr(card.dueNow ? "state.not_started" : "state.not_open").c_str());
    }
    const std::string& label = app.tr(card.record == nullptr ? "action.start"
                                      : card.record->state == RecordState::Draft ? "action.continue"
                                                                                  : "action.view");
    ImGui::SameLine(ImGui::GetWindowWidth() - touchHeight() * 4.5f);
    ImGui::SetCursorPosY(touchHeight() * 0.7f);
    if (primaryButton((label + "##open").c_str(), touchHeight() * 4.0f, card.dueNow || card.record != nullptr)) app.openCard(card);
    probeItem(("card" + std::to_string(index)).c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
}

void drawMethodsList(KioskApp& app, const std::vector<std::string>& methodIds) {
    std::string line;
    for (const std::string& id : methodIds) {
        if (const catalog::LearningMethod* m = app.catalog().findMethod(id)) line += (line.empty() ? "" : ", ") + m->name.in(app.lang());
    }
    if (!line.empty()) textMuted((app.tr("goals.methods") + ": " + line).c_str());
}

std::string nameOf(const KioskApp& app, const std::string& staffNumber) {
    for (const domain::Person& p : app.session()->unitPeople) {
        if (p.staffNumber == staffNumber) return p.name;
    }
    return staffNumber;
}

// A manager's direct reports with where each stands this year (pre-form, discussion, agreed
// goals), a director's unit's group discussions and the unit summary, and for anyone the
// agreement from their own discussion waiting for their confirmation.
void drawTeam(KioskApp& app) {
    const Session& session = *app.session();
    const auto reports = app.directReports();
    const auto groups = app.unitGroupDiscussions();
    const bool director = session.person.isPrincipalOrDirector();
    if (const TeamRecord* agreement = app.agreementForMe()) {
        ImGui::Spacing();
        ImGui::Separator();
        heading(app.tr("agreement.mine_title").c_str());
        const bool confirmed = app.agreementConfirmed(*agreement);
        if (confirmed) textSuccess(app.tr("agreement.confirmed").c_str());
        else textMuted(format(app.tr("agreement.to_confirm"), {nameOf(app, agreement->owner)}).c_str());
        ImGui::SameLine();
        if (ImGui::Button((app.tr(confirmed ? "action.view" : "agreement.open_to_confirm") + "##mine").c_str())) {
            app.openTeamRecord(agreement->owner, RecordKind::Agreement);
        }
        probeItem("my_agreement");
    }
    if (reports.empty() && groups.empty() && !director) return;
    ImGui::Spacing();
    ImGui::Separator();
    heading(app.tr("team.title").c_str());
    int index = 0;
    if (!reports.empty() && ImGui::BeginTable("reports", 4, ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("stage", ImGuiTableColumnFlags_WidthFixed, touchHeight() * 6.5f);
        ImGui::TableSetupColumn("pre_form", ImGuiTableColumnFlags_WidthFixed, touchHeight() * 3.5f);
        ImGui::TableSetupColumn("discussion", ImGuiTableColumnFlags_WidthFixed, touchHeight() * 4.5f);
        for (const domain::Person* person : reports) {
            ImGui::PushID(index);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted((person->name + (person->title.empty() ? "" : " (" + person->title + ")")).c_str());
            ImGui::TableNextColumn();
            const ReportStage stage = app.reportStage(person->staffNumber);
            const std::string label = app.tr(reportStageKey(stage));
            if (stage == ReportStage::NotStarted || stage == ReportStage::Draft) textMuted(label.c_str());
            else textSuccess(label.c_str());
            ImGui::TableNextColumn();
            if (app.teamRecordOf(person->staffNumber, RecordKind::Development) != nullptr) {
                if (ImGui::Button(app.tr("team.read_pre_form").c_str())) app.openTeamRecord(person->staffNumber, RecordKind::Development);
                probeItem(("team" + std::to_string(index)).c_str());
            }
            ImGui::TableNextColumn();
            const char* action = stage == ReportStage::Discussed || stage == ReportStage::Agreed ? "team.open_discussion" : "team.record_discussion";
            if (ImGui::Button(app.tr(action).c_str())) app.openAgreement(person->staffNumber);
            probeItem(("discuss" + std::to_string(index)).c_str());
            ImGui::PopID();
            ++index;
        }
        ImGui::EndTable();
    }
    for (const TeamRecord* r : groups) {
        ImGui::PushID(index++);
        ImGui::TextUnformatted(format(app.tr("team.group_by"), {nameOf(app, r->owner)}).c_str());
        ImGui::SameLine();
        if (ImGui::Button(app.tr("action.view").c_str())) app.openTeamRecord(r->owner, RecordKind::Group);
        ImGui::PopID();
    }
    if (director) {
        ImGui::Spacing();
        const int year = app.clock().date().year;
        const RecordView* own = app.ownRecord(domain::unitSummaryRecordId(year, session.person.unitId));
        const TeamRecord* server = app.teamRecordAbout(session.person.unitId, RecordKind::UnitSummary);
        if (server != nullptr && server->year != year) server = nullptr;
        ImGui::TextUnformatted(app.tr("summary.title").c_str());
        ImGui::SameLine();
        const bool done = (own != nullptr && own->state != RecordState::Draft) || server != nullptr;
        if (done) textSuccess(app.tr("summary.done").c_str());
        else if (own != nullptr) textMuted(app.tr("state.draft").c_str());
        else textMuted(format(app.tr("summary.inputs"), {std::to_string(groups.size())}).c_str());
        ImGui::SameLine();
        if (ImGui::Button(app.tr(done ? "action.view" : own != nullptr ? "action.continue" : "action.start").c_str())) app.openUnitSummary();
        probeItem("unit_summary");
    }
}

void drawHome(KioskApp& app) {
    const Session& session = *app.session();
    heading(format(app.tr("home.hello"), {session.person.name}).c_str());
    const auto cards = app.dueCards();
    ImGui::Spacing();
    ImGui::TextUnformatted(app.tr("home.due_now").c_str());
    int index = 0;
    bool anyDue = false;
    for (const DueCard& card : cards) {
        if (!card.dueNow) continue;
        anyDue = true;
        drawCard(app, card, index++);
    }
    if (!anyDue) textMuted(app.tr("home.nothing_due").c_str());
    bool headingShown = false;
    for (const DueCard& card : cards) {
        if (card.dueNow) continue;
        if (!headingShown) {
            ImGui::Spacing();
            ImGui::TextUnformatted(app.tr("home.later").c_str());
            headingShown = true;
        }
        drawCard(app, card, index++);
    }
    drawTeam(app);
    const auto goals = app.lastYearGoals();
    if (!goals.empty()) {
        ImGui::Spacing();
        ImGui::Separator();
        heading(app.tr("home.last_year_goals").c_str());
        for (const domain::LearningGoal& goal : goals) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", goal.text.c_str());
            drawMethodsList(app, goal.methodIds);
        }
    }
}

// [development form] --------------------------------------------------------------------------

void drawSaveStatus(KioskApp& app) {
    const EditorState& e = app.editor();
    static const char* kNames[] = {"clean", "unsaved", "saving", "saved", "failed"};
    probeValue("save", kNames[static_cast<int>(e.save)]);
    switch (e.save) {
    case SaveStatus::Clean: textMuted(app.tr("save.clean").c_str()); break;
    case SaveStatus::Unsaved: textMuted(app.tr("save.unsaved").c_str()); break;
    case SaveStatus::Saving: textMuted(app.tr("save.saving").c_str()); break;
    case SaveStatus::Saved: textSuccess(app.tr("save.saved").c_str()); break;
    case SaveStatus::Failed: textError(app.tr("save.failed").c_str()); break;
    }
    probeItem("save_status");
}

// What others wrote for a question, shown above the field: the employee's pre-form answer
// beside the manager's notes, the teams' inputs beside the unit summary.
using QuestionContext = std::function<void(const std::string& answerKey)>;

void drawQuestions(KioskApp& app, const catalog::Section& section, std::map<std::string, std::string>& answers, bool readOnly,
                   const QuestionContext& context = {}) {
    const float height = ImGui::GetFontSize() * 6.0f;
    bool first = true;
    for (const catalog::Question& q : section.questions) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", q.prompt.in(app.lang()).c_str());
        textMuted(q.help.in(app.lang()).c_str());
        const std::string key = domain::answerKey(section.id, q.id);
        if (context) context(key);
        if (first && ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        if (wrappedTextInput(("##" + key).c_str(), answers[key], height, readOnly)) app.markEdited();
        probeItem(("answer." + key).c_str());
        first = false;
    }
}

void quoted(const std::string& label, const std::string& text) {
    textMuted(label.c_str());
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.15f, 0.30f, 0.45f, 1.0f));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent();
}

// The employee's submitted pre-form beside the manager's part (nullptr when there is none).
const domain::DevelopmentDiscussion* preFormOf(KioskApp& app) {
    const EditorState& e = app.editor();
    if (e.kind != RecordKind::Agreement) return nullptr;
    const TeamRecord* preForm = app.teamRecordOf(e.subject, RecordKind::Development);
    return preForm != nullptr && preForm->year == e.development.year ? &preForm->development : nullptr;
}

void drawRatings(KioskApp& app) {
    EditorState& e = app.editor();
    const catalog::Catalog& c = app.catalog();
    const catalog::FormTemplate* form = app.editorForm();
    const bool agreement = e.kind == RecordKind::Agreement;
    heading(app.tr(agreement ? "agreement.ratings_title" : "ratings.title").c_str());
    ImGui::TextWrapped("%s", app.tr(agreement ? "agreement.ratings_explain" : "ratings.explain").c_str());
    for (const catalog::RatingLevel& level : c.scale.levels) {
        textMuted((std::to_string(level.value) + " = " + level.label.in(app.lang()) + ": " + level.description.in(app.lang())).c_str());
    }
    for (catalog::CompetenceGroup group : form->competenceGroups) {
        ImGui::Spacing();
        ImGui::Separator();
        heading(app.tr(group == catalog::CompetenceGroup::Manager ? "ratings.group_manager" : "ratings.group_staff").c_str());
        for (const catalog::Competence* competence : c.competencesIn(group)) {
            ImGui::PushID(competence->id.c_str());
            ImGui::Spacing();
            ImGui::TextWrapped("%s", competence->name.in(app.lang()).c_str());
            textMuted(competence->definition.in(app.lang()).c_str());
            if (const domain::DevelopmentDiscussion* self = preFormOf(app)) {
                const catalog::RatingLevel* own = c.scale.level(self->ratingOf(competence->id));
                textMuted(format(app.tr("agreement.self_rating"), {own ? std::to_string(own->value) + " – " + own->label.in(app.lang())
                                                                       : app.tr("ratings.not_rated")}).c_str());
            }
            const int current = e.development.ratingOf(competence->id);
            for (const catalog::RatingLevel& level : c.scale.levels) {
                const bool selected = current == level.value;
                if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.95f, 0.75f, 0.20f, 1.0f));
                if (ImGui::Button(std::to_string(level.value).c_str(), ImVec2(touchHeight() * 1.3f, touchHeight())) && !e.readOnly()) {
                    e.development.setRating(competence->id, selected ? 0 : level.value);
                    app.markEdited();
                }
                if (selected) ImGui::PopStyleColor();
                ImGui::SameLine();
            }
            const catalog::RatingLevel* chosen = c.scale.level(current);
            ImGui::TextUnformatted(chosen ? chosen->label.in(app.lang()).c_str() : app.tr("ratings.not_rated").c_str());
            ImGui::PopID();
        }
    }
}

void drawBalance(KioskApp& app, const std::vector<domain::LearningGoal>& goals) {
    const auto balance = domain::methodBalance(goals, app.catalog());
    ImGui::TextWrapped("%s", app.tr("goals.balance").c_str());
    for (const domain::CategoryShare& share : balance) {
        const catalog::LearningCategory* category = nullptr;
        for (const catalog::LearningCategory& cat : app.catalog().categories) {
            if (cat.id == share.categoryId) category = &cat;
        }
        const std::string label = std::to_string(share.modelShare) + " – " + category->name.in(app.lang());
        ImGui::ProgressBar(static_cast<float>(share.percent) / 100.0f, ImVec2(touchHeight() * 4, 0),
                           (std::to_string(share.percent) + " %").c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(label.c_str());
    }
}

// Goals with their 70-20-10 methods: a person's learning goals, the agreed goals of a
// discussion, or a unit's training needs.
struct GoalsPage {
    std::vector<domain::LearningGoal>* goals;
    std::vector<catalog::CompetenceGroup> competenceGroups;
    int maxGoals;
    const char* titleKey;
    const char* explainKey;
};

void drawGoals(KioskApp& app, const GoalsPage& page) {
    EditorState& e = app.editor();
    const catalog::Catalog& c = app.catalog();
    auto& goals = *page.goals;
    heading(app.tr(page.titleKey).c_str());
    ImGui::TextWrapped("%s", app.tr(page.explainKey).c_str());
    drawBalance(app, goals);
    int removeAt = -1;
    for (std::size_t i = 0; i < goals.size(); ++i) {
        domain::LearningGoal& goal = goals[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextUnformatted(format(app.tr("goals.goal_n"), {std::to_string(i + 1)}).c_str());
        if (wrappedTextInput("##goal", goal.text, ImGui::GetFontSize() * 3.0f, e.readOnly())) app.markEdited();
        probeItem(("goal" + std::to_string(i)).c_str());
        const catalog::Competence* linked = c.findCompetence(goal.competenceId);
        ImGui::SetNextItemWidth(touchHeight() * 10);
        if (ImGui::BeginCombo(app.tr("goals.competence").c_str(), linked ? linked->name.in(app.lang()).c_str() : app.tr("goals.no_competence").c_str())) {
            if (ImGui::Selectable(app.tr("goals.no_competence").c_str(), linked == nullptr)) { goal.competenceId.clear(); app.markEdited(); }
            for (catalog::CompetenceGroup group : page.competenceGroups) {
                for (const catalog::Competence* comp : c.competencesIn(group)) {
                    if (ImGui::Selectable(comp->name.in(app.lang()).c_str(), comp == linked) && !e.readOnly()) {
                        goal.competenceId = comp->id;
                        app.markEdited();
                    }
                }
            }
            ImGui::EndCombo();
        }
        ImGui::TextUnformatted(app.tr("goals.choose_methods").c_str());
        if (ImGui::BeginTable("methods", 3, ImGuiTableFlags_SizingStretchSame)) {
            for (const catalog::LearningCategory& category : c.categories) {
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%d – %s", category.share, category.name.in(app.lang()).c_str());
                for (const catalog::LearningMethod& method : category.methods) {
                    auto it = std::find(goal.methodIds.begin(), goal.methodIds.end(), method.id);
                    bool chosen = it != goal.methodIds.end();
                    if (ImGui::Checkbox(method.name.in(app.lang()).c_str(), &chosen) && !e.readOnly()) {
                        if (chosen) goal.methodIds.push_back(method.id);
                        else goal.methodIds.erase(it);
                        app.markEdited();
                    }
                }
            }
            ImGui::EndTable();
        }
        if (!e.readOnly() && ImGui::Button(app.tr("goals.remove").c_str())) removeAt = static_cast<int>(i);
        ImGui::PopID();
    }
    if (removeAt >= 0) {
        goals.erase(goals.begin() + removeAt);
        app.markEdited();
    }
    ImGui::Spacing();
    if (!e.readOnly() && static_cast<int>(goals.size()) < page.maxGoals && bigButton(app.tr("goals.add").c_str())) {
        goals.push_back({});
        app.markEdited();
    }
    probeItem("add_goal");
}

// The page titles of a form's sections in the kiosk's language, after `before` (the pages a
// screen puts first); the caller adds its own pages after them.
std::vector<std::string> sectionTitles(const KioskApp& app, const catalog::FormTemplate& form, std::vector<std::string> before = {}) {
    for (const catalog::Section& s : form.sections) before.push_back(s.title.in(app.lang()));
    return before;
}

// Page navigation shared by both forms: a list on the left, the page on the right.
void drawFormFrame(KioskApp& app, const std::vector<std::string>& pageTitles, const std::function<void(int)>& drawPage) {
    EditorState& e = app.editor();
    const catalog::FormTemplate* form = app.editorForm();
    heading(form->title.in(app.lang()).c_str());
    drawSaveStatus(app);
    const float navWidth = std::min(touchHeight() * 7.0f, ImGui::GetContentRegionAvail().x * 0.3f);
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("nav", ImVec2(navWidth, bodyHeight), true);
    for (int i = 0; i < static_cast<int>(pageTitles.size()); ++i) {
        if (ImGui::Selectable((std::to_string(i + 1) + ". " + pageTitles[static_cast<std::size_t>(i)]).c_str(), e.page == i,
                              0, ImVec2(0, touchHeight() * 0.8f))) {
            app.setPage(i);
        }
        probeItem(("page" + std::to_string(i)).c_str());
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("page", ImVec2(0, bodyHeight), true);
    drawPage(std::clamp(e.page, 0, static_cast<int>(pageTitles.size()) - 1));
    ImGui::EndChild();

    const float third = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 3) / 4;
    if (bigButton(app.tr("action.home").c_str(), third)) app.backToHome();
    probeItem("home");
    ImGui::SameLine();
    if (bigButton(app.tr("action.previous").c_str(), third, e.page > 0)) app.setPage(e.page - 1);
    ImGui::SameLine();
    const bool last = e.page >= static_cast<int>(pageTitles.size()) - 1;
    if (bigButton(app.tr("action.next").c_str(), third, !last)) app.setPage(e.page + 1);
    probeItem("next");
    ImGui::SameLine();
    if (primaryButton(app.tr("action.review").c_str(), third)) app.goToReview();
    probeItem("review");
}

// A person's pre-form, or (an agreement) the manager's part of a report's discussion: notes
// per section under the employee's answers, the manager's view beside the self-assessment, and
// the goals agreed.
void drawDevelopmentForm(KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    const bool agreement = app.editor().kind == RecordKind::Agreement;
    std::vector<std::string> titles = sectionTitles(app, *form);
    titles.push_back(app.tr(agreement ? "agreement.ratings_title" : "ratings.title"));
    titles.push_back(app.tr(agreement ? "agreement.goals_title" : "goals.title"));
    if (agreement) heading(format(app.tr("agreement.with"), {nameOf(app, app.editor().subject)}).c_str());
    drawFormFrame(app, titles, [&](int page) {
        EditorState& e = app.editor();
        const int sections = static_cast<int>(form->sections.size());
        if (page < sections) {
            const catalog::Section& section = form->sections[static_cast<std::size_t>(page)];
            heading(section.title.in(app.lang()).c_str());
            QuestionContext context;
            if (const domain::DevelopmentDiscussion* preForm = preFormOf(app)) {
                context = [&app, preForm](const std::string& key) {
                    auto it = preForm->answers.find(key);
                    quoted(app.tr("agreement.employee_wrote"),
                           it == preForm->answers.end() || it->second.empty() ? app.tr("review.no_answer") : it->second);
                    textMuted(app.tr("agreement.notes").c_str());
                };
            } else if (agreement) {
                context = [&app](const std::string&) { textMuted(app.tr("agreement.notes").c_str()); };
            }
            drawQuestions(app, section, e.development.answers, e.readOnly(), context);
        } else if (page == sections) {
            drawRatings(app);
        } else {
            drawGoals(app, GoalsPage{&e.development.goals, form->competenceGroups, form->maxGoals,
                                     agreement ? "agreement.goals_title" : "goals.title",
                                     agreement ? "agreement.goals_explain" : "goals.explain"});
        }
    });
}

// [unit summary] ------------------------------------------------------------------------------

// A principal's or director's summary of the unit's group discussions: each theme with what
// the groups wrote above the summary field, then the unit's training needs.
void drawSummaryForm(KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    std::vector<std::string> titles = sectionTitles(app, *form);
    titles.push_back(app.tr("summary.needs_title"));
    heading(format(app.tr("summary.heading"), {app.unitName()}).c_str());
    const auto groups = app.unitGroupDiscussions();
    drawFormFrame(app, titles, [&](int page) {
        EditorState& e = app.editor();
        const int sections = static_cast<int>(form->sections.size());
        if (page < sections) {
            const catalog::Section& section = form->sections[static_cast<std::size_t>(page)];
            heading(section.title.in(app.lang()).c_str());
            if (groups.empty()) textMuted(app.tr("summary.no_inputs").c_str());
            drawQuestions(app, section, e.summary.answers, e.readOnly(), [&](const std::string& key) {
                for (const TeamRecord* group : groups) {
                    auto it = group->group.answers.find(key);
                    if (it == group->group.answers.end() || it->second.empty()) continue;
                    quoted(format(app.tr("team.group_by"), {nameOf(app, group->owner)}), it->second);
                }
                textMuted(app.tr("summary.unit_view").c_str());
            });
        } else {
            drawGoals(app, GoalsPage{&e.summary.trainingNeeds, {catalog::CompetenceGroup::AllStaff, catalog::CompetenceGroup::Manager},
                                     domain::kMaxTrainingNeeds, "summary.needs_title", "summary.needs_explain"});
        }
    });
}

// [group form] --------------------------------------------------------------------------------

const catalog::GroupKind* groupKindOf(const KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    for (const catalog::GroupKind& kind : form->groupKinds) {
        if (kind.id == app.editor().group.groupKind) return &kind;
    }
    return nullptr;
}

void drawParticipants(KioskApp& app) {
    EditorState& e = app.editor();
    const Session& session = *app.session();
    heading(app.tr("group.participants").c_str());
    if (const catalog::GroupKind* kind = groupKindOf(app)) {
        ImGui::TextWrapped("%s", kind->name.in(app.lang()).c_str());
        for (const catalog::Text& perspective : kind->perspectives) textMuted(perspective.in(app.lang()).c_str());
    }
    ImGui::TextWrapped("%s", format(app.tr("group.recorded_by"), {session.person.name}).c_str());
    auto& list = e.group.participants;
    for (const domain::Person& person : session.unitPeople) {
        auto it = std::find(list.begin(), list.end(), person.staffNumber);
        bool in = it != list.end();
        const std::string label = person.name + (person.title.empty() ? "" : " (" + person.title + ")");
        if (ImGui::Checkbox(label.c_str(), &in) && !e.readOnly()) {
            if (in) list.push_back(person.staffNumber);
            else list.erase(it);
            app.markEdited();
        }
    }
}

void drawGroupForm(KioskApp& app) {
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    const std::vector<std::string> titles = sectionTitles(app, *form, {app.tr("group.participants")});
    drawFormFrame(app, titles, [&](int page) {
        if (page == 0) {
            drawParticipants(app);
            return;
        }
        const catalog::Section& section = form->sections[static_cast<std::size_t>(page - 1)];
        heading(section.title.in(app.lang()).c_str());
        drawQuestions(app, section, app.editor().group.answers, app.editor().readOnly());
    });
}

// [review] ------------------------------------------------------------------------------------

void drawAnswersSummary(KioskApp& app, const catalog::FormTemplate& form, const std::map<std::string, std::string>& answers) {
    for (const catalog::Section& section : form.sections) {
        ImGui::Spacing();
        heading(section.title.in(app.lang()).c_str());
        for (const catalog::Question& q : section.questions) {
            ImGui::TextWrapped("%s", q.prompt.in(app.lang()).c_str());
            auto it = answers.find(domain::answerKey(section.id, q.id));
            if (it == answers.end() || it->second.empty()) textMuted(app.tr("review.no_answer").c_str());
            else {
                ImGui::Indent();
                ImGui::TextWrapped("%s", it->second.c_str());
                ImGui::Unindent();
            }
        }
    }
}

// Goals (or training needs) with their methods, read-only.
void drawGoalList(KioskApp& app, const char* titleKey, const std::vector<domain::LearningGoal>& goals) {
    heading(app.tr(titleKey).c_str());
    for (const domain::LearningGoal& goal : goals) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", goal.text.c_str());
        if (const catalog::Competence* comp = app.catalog().findCompetence(goal.competenceId)) {
            textMuted((app.tr("goals.competence") + ": " + comp->name.in(app.lang())).c_str());
        }
        drawMethodsList(app, goal.methodIds);
    }
}

// A development discussion read-only: a pre-form, or an agreement (notes, the manager's view,
// the agreed goals).
void drawDiscussionSummary(KioskApp& app, const catalog::FormTemplate& form, RecordKind kind, const domain::DevelopmentDiscussion& d) {
    const bool agreement = kind == RecordKind::Agreement;
    if (agreement) {  // what was agreed comes first; the notes behind it last
        drawGoalList(app, "agreement.goals_title", d.goals);
        drawBalance(app, d.goals);
        ImGui::Spacing();
    } else {
        drawAnswersSummary(app, form, d.answers);
        ImGui::Spacing();
    }
    heading(app.tr(agreement ? "agreement.ratings_title" : "ratings.title").c_str());
    for (catalog::CompetenceGroup group : form.competenceGroups) {
        for (const catalog::Competence* comp : app.catalog().competencesIn(group)) {
            const catalog::RatingLevel* level = app.catalog().scale.level(d.ratingOf(comp->id));
            ImGui::BulletText("%s: %s", comp->name.in(app.lang()).c_str(),
                              level ? (std::to_string(level->value) + " – " + level->label.in(app.lang())).c_str()
                                    : app.tr("ratings.not_rated").c_str());
        }
    }
    ImGui::Spacing();
    if (agreement) {
        heading(app.tr("agreement.notes").c_str());
        drawAnswersSummary(app, form, d.answers);
        return;
    }
    drawGoalList(app, "goals.title", d.goals);
    drawBalance(app, d.goals);
}

void drawTeamRecord(KioskApp& app) {
    const TeamRecord* record = app.openTeamRecord();
    if (record == nullptr) return;
    const catalog::FormTemplate* form = app.catalog().findForm(formIdOf(record->kind, *record));
    if (form == nullptr) return;
    const bool mine = record->kind == RecordKind::Agreement && record->subject == app.session()->person.staffNumber;
    if (mine) {
        heading(app.tr("agreement.mine_title").c_str());
        textMuted(format(app.tr("agreement.recorded_by"), {nameOf(app, record->owner), std::to_string(record->version)}).c_str());
    } else {
        heading((nameOf(app, record->owner) + " – " + form->title.in(app.lang())).c_str());
        textMuted(app.tr("team.read_only").c_str());
    }
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("team_record", ImVec2(0, bodyHeight), true);
    if (record->kind == RecordKind::UnitSummary) {
        drawAnswersSummary(app, *form, record->summary.answers);
        ImGui::Spacing();
        drawGoalList(app, "summary.needs_title", record->summary.trainingNeeds);
    } else if (record->kind == RecordKind::Development || record->kind == RecordKind::Agreement) {
        drawDiscussionSummary(app, *form, record->kind, record->development);
    } else {
        heading(app.tr("group.participants").c_str());
        for (const std::string& staff : record->group.participants) ImGui::BulletText("%s", nameOf(app, staff).c_str());
        drawAnswersSummary(app, *form, record->group.answers);
    }
    ImGui::EndChild();
    if (!mine) {
        if (bigButton(app.tr("action.home").c_str(), ImGui::GetContentRegionAvail().x)) app.backToHome();
        probeItem("home");
        return;
    }
    // The employee agrees: both sides then hold the same version; a later change by the
    // manager is a new version that is confirmed again.
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (bigButton(app.tr("action.home").c_str(), half)) app.backToHome();
    probeItem("home");
    ImGui::SameLine();
    if (app.agreementConfirmed(*record)) {
        textSuccess(app.tr("agreement.confirmed").c_str());
    } else {
        if (primaryButton(app.tr("agreement.confirm").c_str(), half)) app.confirmAgreement();
        probeItem("confirm");
    }
    if (app.editor().save == SaveStatus::Failed) textError(app.tr("agreement.confirm_failed").c_str());
}

void drawReview(KioskApp& app) {
    EditorState& e = app.editor();
    const catalog::FormTemplate* form = app.editorForm();
    if (form == nullptr) return;
    heading(form->title.in(app.lang()).c_str());
    ImGui::TextUnformatted(app.tr(e.readOnly() ? stateKey(e.state) : "review.explain").c_str());
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("summary", ImVec2(0, bodyHeight), true);
    if (!e.issues.empty()) {
        textError(app.tr("review.issues").c_str());
        for (const domain::ValidationIssue& issue : e.issues) {
            std::string where = issue.field;
            if (issue.field.rfind("ratings.", 0) == 0) {
                if (const catalog::Competence* comp = app.catalog().findCompetence(issue.field.substr(8))) where = comp->name.in(app.lang());
            }
            ImGui::Bullet();
            textError((app.tr(issue.messageKey) + " (" + where + ")").c_str());
        }
        ImGui::Separator();
    }
    if (e.kind == RecordKind::Agreement) textMuted(format(app.tr("agreement.with"), {nameOf(app, e.subject)}).c_str());
    if (e.kind == RecordKind::UnitSummary) {
        drawAnswersSummary(app, *form, e.summary.answers);
        ImGui::Spacing();
        drawGoalList(app, "summary.needs_title", e.summary.trainingNeeds);
    } else if (e.kind == RecordKind::Development || e.kind == RecordKind::Agreement) {
        drawDiscussionSummary(app, *form, e.kind, e.development);
    } else {
        heading(app.tr("group.participants").c_str());
        for (const std::string& staff : e.group.participants) {
            std::string name = staff;
            for (const domain::Person& p : app.session()->unitPeople) {
                if (p.staffNumber == staff) name = p.name;
            }
            ImGui::BulletText("%s", name.c_str());
        }
        drawAnswersSummary(app, *form, e.group.answers);
    }
    ImGui::EndChild();
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (bigButton(app.tr(e.readOnly() ? "action.home" : "action.back_to_edit").c_str(), half)) app.backToEditor();
    probeItem("back");
    if (!e.readOnly()) {
        ImGui::SameLine();
        const char* submit = e.kind == RecordKind::Agreement ? "agreement.submit" : "action.submit";
        if (primaryButton(app.tr(submit).c_str(), half, e.issues.empty() && !e.submitting)) app.submitRecord();
        probeItem("submit");
    } else if (e.kind == RecordKind::Agreement) {
        ImGui::SameLine();
        if (bigButton(app.tr("agreement.change").c_str(), half)) app.reopenSubmitted();
        probeItem("change");
    }
}

// [conflict] ----------------------------------------------------------------------------------

// One row of the side-by-side comparison; a row that differs is marked.
void compareRow(const std::string& label, const std::string& mine, const std::string& theirs, const std::string& empty) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const bool differs = mine != theirs;
    if (differs) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.60f, 0.25f, 0.0f, 1.0f));
    ImGui::TextWrapped("%s%s", differs ? "* " : "", label.c_str());
    if (differs) ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", mine.empty() ? empty.c_str() : mine.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", theirs.empty() ? empty.c_str() : theirs.c_str());
}

std::string goalsText(KioskApp& app, const std::vector<domain::LearningGoal>& goals) {
    std::string text;
    for (const domain::LearningGoal& goal : goals) {
        text += "• " + goal.text;
        std::string methods;
        for (const std::string& id : goal.methodIds) {
            if (const catalog::LearningMethod* m = app.catalog().findMethod(id)) methods += (methods.empty() ? "" : ", ") + m->name.in(app.lang());
        }
        if (!methods.empty()) text += " (" + methods + ")";
        text += "\n";
    }
    return text;
}

void drawConflict(KioskApp& app) {
    const RecordView* record = app.editorRecord();
    const catalog::FormTemplate* form = app.editorForm();
    if (record == nullptr || form == nullptr) return;
    heading(app.tr("conflict.title").c_str());
    ImGui::TextWrapped("%s", app.tr("conflict.explain").c_str());
    const float bodyHeight = ImGui::GetContentRegionAvail().y - touchHeight() * 1.4f;
    ImGui::BeginChild("compare", ImVec2(0, bodyHeight), true);
    const RecordView* theirs = record->theirs.get();
    if (theirs == nullptr) {
        textMuted(app.tr("conflict.waiting").c_str());
    } else if (ImGui::BeginTable("sides", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(app.tr("conflict.mine").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn(app.tr("conflict.theirs").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableHeadersRow();
        const std::string empty = app.tr("review.no_answer");
        const bool development = record->kind == RecordKind::Development;
        const auto& mineAnswers = development ? record->development.answers : record->group.answers;
        const auto& theirAnswers = development ? theirs->development.answers : theirs->group.answers;
        for (const catalog::Section& section : form->sections) {
            for (const catalog::Question& q : section.questions) {
                const std::string key = domain::answerKey(section.id, q.id);
                auto mine = mineAnswers.find(key);
                auto other = theirAnswers.find(key);
                compareRow(q.prompt.in(app.lang()), mine == mineAnswers.end() ? std::string() : mine->second,
                           other == theirAnswers.end() ? std::string() : other->second, empty);
            }
        }
        if (development) {
            for (const domain::CompetenceRating& rating : record->development.ratings) {
                const catalog::Competence* c = app.catalog().findCompetence(rating.competenceId);
                if (c == nullptr) continue;
                const int other = theirs->development.ratingOf(rating.competenceId);
                compareRow(c->name.in(app.lang()), rating.value ? std::to_string(rating.value) : std::string(),
                           other ? std::to_string(other) : std::string(), app.tr("ratings.not_rated"));
            }
            compareRow(app.tr("goals.title"), goalsText(app, record->development.goals), goalsText(app, theirs->development.goals), empty);
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    const float third = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2) / 3;
    if (bigButton(app.tr("action.home").c_str(), third)) app.backToHome();
    ImGui::SameLine();
    if (primaryButton(app.tr("conflict.keep_mine").c_str(), third, theirs != nullptr)) app.resolveConflict(true);
    probeItem("keep_mine");
    ImGui::SameLine();
    if (primaryButton(app.tr("conflict.take_theirs").c_str(), third, theirs != nullptr)) app.resolveConflict(false);
    probeItem("take_theirs");
}

}  // namespace

void drawApp(KioskApp& app) {
    static Screen lastScreen = Screen::Start;
    static bool wasLoggedIn = false;
    if (app.screen() != lastScreen || app.loggedIn() != wasLoggedIn) {
        resetInputs(wasLoggedIn && !app.loggedIn());
        lastScreen = app.screen();
        wasLoggedIn = app.loggedIn();
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    drawTopBar(app);
    const float statusHeight = ImGui::GetFrameHeightWithSpacing() * 1.3f;
    ImGui::BeginChild("body", ImVec2(0, ImGui::GetContentRegionAvail().y - statusHeight), false);
    switch (app.screen()) {
    case Screen::Start: drawStart(app); break;
    case Screen::Pin: drawPin(app); break;
    case Screen::FirstUse: drawFirstUse(app); break;
    case Screen::Home: drawHome(app); break;
    case Screen::DevelopmentForm: drawDevelopmentForm(app); break;
    case Screen::GroupForm: drawGroupForm(app); break;
    case Screen::Review: drawReview(app); break;
    case Screen::Conflict: drawConflict(app); break;
    case Screen::Enrol: drawEnrol(app); break;
    case Screen::TeamRecord: drawTeamRecord(app); break;
    case Screen::SummaryForm: drawSummaryForm(app); break;
    }
    ImGui::EndChild();
    drawStatusBar(app);
    ImGui::End();
    probeFrame(screenName(app.screen()), catalog::langCode(app.lang()));
}

}  // namespace osm::kiosk::ui
