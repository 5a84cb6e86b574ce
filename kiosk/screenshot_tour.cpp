// The tour, scene by scene: a pre-form from the first login to its submission (following up the
// goals agreed in the previous discussion), the login screens' other states, a director's team (a
// report's pre-form, the discussion and agreement, the unit summary), the employee confirming the
// agreement and her "Tiedot minusta", and in the next year (the unit's group year) the team's
// group discussion. The demo content is fictitious and in Finnish, as a city's users would write it.
#include "screenshot_tour.h"

#include "crypto/encoding.h"

#include <cstdio>
#include <filesystem>

namespace osm::kiosk {
namespace {

// Saves each screen in every language, numbered in the order shown.
class Camera {
public:
    Camera(KioskApp& app, TourWindow& window, std::string dir) : m_app(app), m_window(window), m_dir(std::move(dir)) {}

    void capture(const std::string& name) {
        const catalog::Lang original = m_app.lang();
        m_window.refreshInputs();
        for (catalog::Lang lang : catalog::kAllLangs) {
            m_app.setLanguage(lang);
            char file[256];
            std::snprintf(file, sizeof file, "%s/%02d_%s_%s.png", m_dir.c_str(), m_shot, name.c_str(),
                          catalog::langCode(lang));
            if (!m_window.capture(file)) {
                std::fprintf(stderr, "kiosk: could not write %s\n", file);
                ++m_failures;
            }
        }
        m_app.setLanguage(original);
        ++m_shot;
    }
    // The screen with the on-screen keyboard under it.
    void captureWithKeyboard(const std::string& name) {
        m_window.showKeyboard(true);
        capture(name);
        m_window.showKeyboard(false);
    }
    int shots() const { return m_shot; }
    int failures() const { return m_failures; }

private:
    KioskApp& m_app;
    TourWindow& m_window;
    std::string m_dir;
    int m_shot = 0;
    int m_failures = 0;
};

void login(KioskApp& app, const char* staff, const char* pin) {
    app.start().staffNumber = staff;
    app.submitStaffNumber();
    app.settle();
    app.pin().pin = pin;
    app.submitPin();
    app.settle();
}

// Every competence of the editor's discussion rated by `valueOf(index)`.
template <typename ValueOf>
void rateAll(KioskApp& app, ValueOf valueOf) {
    const std::vector<domain::CompetenceRating> ratings = app.editor().development.ratings;
    for (std::size_t i = 0; i < ratings.size(); ++i) app.editing().setRating(ratings[i].competenceId, valueOf(i));
}

void addGoal(KioskApp& app, const domain::LearningGoal& goal) {
    const EditorState& editor = app.editor();
    const auto& goals =
        editor.kind == RecordKind::UnitSummary ? editor.summary.trainingNeeds : editor.development.goals;
    app.editing().addGoal();
    const std::size_t index = goals.size() - 1;
    app.editing().setGoalText(index, goal.text);
    app.editing().setGoalCompetence(index, goal.competenceId);
    for (const std::string& method : goal.methodIds) app.editing().toggleMethod(index, method);
}

// Aino's discussion of 2024, her previous individual year: the goals Helena agreed with her.
domain::Agreement agreedIn2024(const catalog::Catalog& catalogue) {
    domain::Agreement agreed{"1001", "", 0, {}};
    agreed.discussion =
        domain::newDevelopmentDiscussion(*catalogue.findForm("development_discussion_staff"), catalogue);
    agreed.discussion.year = 2024;
    agreed.discussion.goals.push_back({"Ottaa käyttöön dokumentointisovellus koko ryhmässä",
                                       "staff.technology_and_digital",
                                       {"learning_by_doing", "online_videos_and_guides"}});
    agreed.discussion.goals.push_back({"Vahvistaa vanhempainyhteistyötä palautekeskusteluilla",
                                       "staff.interaction_and_cooperation",
                                       {"learning_from_colleague", "feedback"}});
    return agreed;
}

// What Aino's person pull brings from the demo server (here handed over directly, as the sync
// would): the agreement of her previous individual discussion, and her confirmation of it.
SyncReport ainosPull(const catalog::Catalog& catalogue) {
    const domain::Agreement agreed = agreedIn2024(catalogue);
    const std::string agreedJson = domain::toJson(agreed);
    const std::string agreementId = domain::agreementRecordId(2024, "1001");
    SyncReport pull;
    pull.sharedFor = "1001";
    pull.reachable = true;
    pull.shared.push_back(
        sharedRecordOf(agreementId, "1005", RecordKind::Agreement, agreed.discussion.formId, 2024, agreedJson));
    pull.shared.push_back(sharedRecordOf(
        domain::confirmationRecordId(2024, "1001", 1), "1001", RecordKind::Confirmation, agreed.discussion.formId, 2024,
        domain::toJson(domain::Confirmation{agreementId, 1, crypto::contentHash(agreedJson)})));
    return pull;
}

// Aino marks how far she got with the goals agreed in 2024.
void markFollowUp(KioskApp& app) {
    if (app.editor().development.followUp.size() < 2) return;
    app.editing().setFollowUpMark(0, "achieved");
    app.editing().setFollowUpComment(0, "Koko ryhmä dokumentoi nyt sovelluksella.");
    app.editing().setFollowUpMark(1, "partly");
    app.editing().setFollowUpComment(1, "Palautekeskustelut aloitettiin keväällä, syksyllä jatketaan.");
    app.editing().saveIfUnsaved();
    app.settle();
}

// Aino (1001) logs in, writes her pre-form page by page, reviews and submits it, and is logged
// out when idle. False when the login failed.
bool preFormScenes(KioskApp& app, Camera& camera) {
    camera.capture("start");
    app.start().staffNumber = "1001";
    camera.capture("start_typed");
    app.submitStaffNumber();
    app.settle();
    camera.capture("pin");
    app.pin().pin = "111111";
    app.submitPin();
    app.settle();
    camera.capture("pin_wrong");
    app.pin().retryAt = 0;
    app.pin().pin = "482915";
    app.submitPin();
    app.settle();
    if (app.screen() != Screen::Home) {
        std::fprintf(stderr, "kiosk: screenshot tour could not log in as 1001\n");
        return false;
    }
    camera.capture("home");
    app.applySyncReport(ainosPull(app.catalog()));
    app.settle();
    camera.capture("home_follow_up");

    const auto cards = app.dueCards();
    if (cards.empty()) return false;
    app.editing().openCard(cards.front());
    app.editing().setAnswer(
        "past_year.review",
        "Vuosi oli antoisa: aloitimme metsäkasvatuksen kokeilun ja ryhmämme lapset oppivat paljon luonnosta. "
        "Työnjako tiimissä toimi hyvin, ja sijaisjärjestelyt sujuivat syksyllä paremmin kuin ennen – kiitos "
        "siitä koko tiimille.");
    app.editing().setAnswer("wellbeing.coping", "Jaksan hyvin, kun suunnitteluaika toteutuu.");
    app.editing().setAnswer(
        "professional_development.future_needs",
        "Haluan oppia lisää digitaalisesta dokumentoinnista ja vanhempien kanssa käytävistä keskusteluista.");
    const int pages = static_cast<int>(app.editorForm()->sections.size()) + 2;
    for (int page = 0; page < pages; ++page) {
        app.editing().setPage(page);
        if (page == pages - 2) {
            const std::size_t count = app.editor().development.ratings.size();
            // 2, 3, 4, 5, 1, 2, …, and the last one left for the review to flag.
            rateAll(app, [count](std::size_t i) { return i + 1 == count ? 0 : static_cast<int>((i + 1) % 5 + 1); });
        }
        if (page == pages - 1) {
            addGoal(app, {"Opin käyttämään dokumentointisovellusta sujuvasti",
                          "staff.technology_and_digital",
                          {"learning_by_doing", "learning_from_colleague", "online_videos_and_guides"}});
        }
        // Saved before each shot, not when the real clock's autosave happens to fall due, so the
        // save line reads the same on every run and the pictures can be compared byte for byte.
        app.editing().markEdited();
        app.editing().saveIfUnsaved();
        app.settle();
        camera.capture("development_page" + std::to_string(page));
        if (page == 1) {  // wellbeing: Silta's instructions for it, as a QR code to scan
            app.editing().showInstructions("wellbeing");
            camera.capture("development_instructions");
            app.editing().showInstructions(std::nullopt);
        }
        if (page == 0) {
            markFollowUp(app);
            camera.capture("development_follow_up");
            camera.captureWithKeyboard("development_keyboard");
        }
    }
    app.editing().goToReview();
    camera.capture("review_issues");
    app.editing().setRating(app.editor().development.ratings.back().competenceId, 4);
    app.editing().goToReview();
    camera.capture("review_ready");
    app.editing().submitRecord();
    app.settle();
    camera.capture("home_submitted");
    app.logout(true);
    app.settle();
    camera.capture("start_after_idle_logout");
    return true;
}

// First use for 1003, and a locked PIN screen for 1002.
void loginScenes(KioskApp& app, Camera& camera) {
    app.start().staffNumber = "1003";
    app.submitStaffNumber();
    app.settle();
    camera.capture("first_use");
    app.cancelLogin();

    app.start().staffNumber = "1002";
    app.submitStaffNumber();
    app.settle();
    app.pin().errorKey = "pin.error.locked";
    app.pin().lockedUntil = app.clock().unixSeconds() + 15 * 60;
    camera.capture("pin_locked");
    app.cancelLogin();
}

// What a pull brings the director (1005) when a report has submitted (in the demo without a
// server it is handed over directly, as the sync would): Aino's pre-form, a team discussion of
// the unit (for the unit summary), and where each report stands.
SyncReport directorsPull(const catalog::Catalog& catalogue, int& year) {
    SyncReport shared;
    shared.sharedFor = "1005";
    shared.reachable = true;
    domain::DevelopmentDiscussion submitted =
        domain::newDevelopmentDiscussion(*catalogue.findForm("development_discussion_staff"), catalogue);
    submitted.answers["past_year.review"] =
        "Metsäkasvatuksen kokeilu onnistui, ja vanhemmat antoivat siitä hyvää palautetta.";
    submitted.answers["professional_development.future_needs"] =
        "Haluan syventää osaamistani lasten tunnetaitojen tukemisessa.";
    int value = 3;
    for (domain::CompetenceRating& r : submitted.ratings) r.value = (value++ % 3) + 3;
    submitted.followUp = domain::followUpOf(agreedIn2024(catalogue).discussion);
    submitted.followUp[0].mark = "achieved";
    submitted.followUp[1].mark = "partly";
    submitted.followUp[1].comment = "Palautekeskustelut alkoivat keväällä; syksyllä jatketaan.";
    submitted.goals.push_back({"Tunnetaitojen tukeminen arjessa",
                               "staff.interaction_and_cooperation",
                               {"learning_by_doing", "mentoring", "courses"}});
    year = submitted.year;
    shared.shared.push_back(sharedRecordOf("r-demo-shared", "1001", RecordKind::Development, submitted.formId,
                                           submitted.year, domain::toJson(submitted)));
    domain::GroupDiscussion team =
        domain::newGroupDiscussion(*catalogue.findForm("group_discussion"), submitted.year, "team", "pk_tahtitaivas");
    team.recordedBy = "1002";
    team.participants = {"1002", "1001", "1004"};
    team.answers["current_competence.strengths"] =
        "Osaamme metsäkasvatuksen ja perheiden kohtaamisen; uudet työntekijät perehtyvät nopeasti.";
    team.answers["future_needs.needs"] =
        "Tarvitsemme lisää osaamista kielitietoisesta varhaiskasvatuksesta ja digitaalisesta dokumentoinnista.";
    shared.shared.push_back(
        sharedRecordOf("r-demo-team", "1002", RecordKind::Group, team.formId, submitted.year, domain::toJson(team)));
    shared.teamStatus = {{"1001", submitted.year, "submitted", 0, 0},
                         {"1002", submitted.year, "draft", 0, 0},
                         {"1003", submitted.year, "none", 0, 0},
                         {"1004", submitted.year, "submitted", 2, 2}};
    return shared;
}

// The director reads Aino's pre-form, records the discussion with her (notes under her own
// answers, the director's view beside her self-assessment, the agreed goals) and writes the
// unit's summary. Returns the agreement's content, for Aino's pull.
std::string directorScenes(KioskApp& app, Camera& camera, int& year) {
    app.applySyncReport(directorsPull(app.catalog(), year));
    app.settle();
    camera.capture("home_director");
    app.openTeamRecord("1001", RecordKind::Development);
    camera.capture("director_reads_preform");
    app.showTeamInstructions("wellbeing");  // Silta's instructions on the read-only view too
    camera.capture("director_reads_preform_instructions");
    app.showTeamInstructions(std::nullopt);
    app.editing().backToHome();

    app.openAgreement("1001");
    app.editing().setAnswer("past_year.review",
                            "Kokeilu kannattaa vakiinnuttaa. Sovimme, että Aino esittelee sen syksyn tiimipäivässä.");
    camera.capture("agreement_notes");
    const int agreementPages = static_cast<int>(app.editorForm()->sections.size());
    app.editing().setPage(agreementPages);
    rateAll(app, [](std::size_t i) { return static_cast<int>((i + 3) % 2) + 3; });
    camera.capture("agreement_ratings");
    app.editing().setPage(agreementPages + 1);
    camera.capture("agreement_goals");
    app.editing().goToReview();
    app.editing().submitRecord();
    app.settle();
    const std::string agreementJson = contentJson(RecordKind::Agreement, app.editor());
    camera.capture("home_director_discussed");

    app.openUnitSummary();
    app.editing().setAnswer("current_competence.strengths",
                            "Tiimeillä on vahva metsäkasvatuksen ja perhetyön osaaminen.");
    camera.capture("summary_theme");
    app.editing().setPage(static_cast<int>(app.editorForm()->sections.size()));
    addGoal(app, {"Kielitietoinen varhaiskasvatus koko henkilöstölle",
                  "staff.professional",
                  {"unit_micro_trainings", "courses"}});
    camera.capture("summary_needs");
    app.editing().backToHome();
    app.logout(false);
    app.settle();
    return agreementJson;
}

// What the server's read log says of Aino's records (docs/protocol.md, "reads"): the director
// read her pre-form of `year` at the office terminal, on two days, and once on the leaders' web page.
std::vector<sync::RecordReads> readsOfAino(const KioskApp& app, int year) {
    const std::int64_t now = app.clock().unixSeconds();
    std::vector<sync::RecordReads> reads;
    for (const RecordView& r : app.session()->records) {
        if (r.kind != RecordKind::Development || r.state == RecordState::Draft || r.year != year) continue;
        reads.push_back(
            {r.id, r.version, "1005", "Helena Laine", "k-3f9c0a1b2c3d4e5f", now - 26 * 3600, now - 3600, 3});
        reads.push_back({r.id, r.version, "1005", "Helena Laine", "web", now - 2 * 3600, now - 2 * 3600, 1});
    }
    return reads;
}

// What the server would list of Aino's own records after her terminal's sync ("own_records"): the
// tour has no server, so her submitted records stand for what it holds.
std::vector<sync::OwnRecordListing> recordsOfAinoOnServer(const KioskApp& app) {
    std::vector<sync::OwnRecordListing> listed;
    for (const RecordView& r : app.session()->records) {
        if (r.state == RecordState::Draft) continue;
        listed.push_back({r.id, r.kind, r.formId, r.year, r.version, sync::RecordStateWire::Submitted, r.updatedAt});
    }
    return listed;
}

// Aino reads what was agreed and confirms it, then looks at what is stored about her.
void confirmScenes(KioskApp& app, Camera& camera, int year, const std::string& agreementJson) {
    login(app, "1001", "482915");
    SyncReport mine;
    mine.sharedFor = "1001";
    mine.reachable = true;
    mine.shared.push_back(sharedRecordOf(domain::agreementRecordId(year, "1001"), "1005", RecordKind::Agreement,
                                         "development_discussion_staff", year, agreementJson));
    mine.reads = readsOfAino(app, year);
    mine.ownRecords = recordsOfAinoOnServer(app);
    app.applySyncReport(mine);
    app.settle();
    camera.capture("home_agreement_to_confirm");
    app.openTeamRecord("1005", RecordKind::Agreement);
    camera.capture("agreement_confirm");
    app.editing().backToHome();
    app.openMyData();
    camera.capture("my_data");
    app.logout(false);
    app.settle();
}

// The team's previous discussion (the group year before, two years back) that the director took
// part in, as her person pull brings it: its development priorities are followed up in this one.
SyncReport previousGroupPull(const KioskApp& app, const DueCard& card) {
    const int year = app.clock().date().year - 2;
    domain::GroupDiscussion earlier =
        domain::newGroupDiscussion(*app.catalog().findForm(card.event->formId), year, card.groupKind, "pk_tahtitaivas");
    earlier.recordedBy = "1002";  // at another terminal: only the server's copy reaches this one
    earlier.participants = {"1002", "1005", "1001", "1004"};
    earlier.answers[std::string(domain::kGroupPrioritiesAnswer)] =
        "- Pedagoginen dokumentointi osaksi arkea\n- Uusien työntekijöiden perehdytyksen malli\n"
        "- Lasten osallisuus toiminnan suunnittelussa";
    SyncReport pull;
    pull.sharedFor = "1005";
    pull.reachable = true;
    pull.shared.push_back(
        sharedRecordOf("r-ryhma-edellinen", "1002", RecordKind::Group, earlier.formId, year, domain::toJson(earlier)));
    return pull;
}

// In the unit's group year the director records her team's group discussion, following up the
// previous one; the principals' and directors' discussion is due too, and her home screen says
// it is recorded on the leaders' web.
void groupScenes(KioskApp& app, Camera& camera) {
    login(app, "1005", "318406");
    camera.capture("home_group_year");
    for (const DueCard& card : app.dueCards()) {
        if (card.groupKind.empty() || card.onLeadersWeb || !card.dueNow) continue;
        app.applySyncReport(previousGroupPull(app, card));
        app.settle();
        app.editing().openCard(card);  // its recorder takes part
        app.editing().toggleParticipant("1001");
        app.editing().toggleParticipant("1002");
        camera.capture("group_participants");
        if (app.editor().group.followUp.size() == 3) {
            app.editing().setFollowUpMark(0, "achieved");
            app.editing().setFollowUpComment(0, "Dokumentointi on nyt osa jokaisen ryhmän viikkoa.");
            app.editing().setFollowUpMark(1, "partly");
            app.editing().setFollowUpMark(2, "not_yet");
            app.editing().setPage(1);
            camera.capture("group_follow_up");
        }
        app.editing().setPage(app.editor().group.followUp.empty() ? 1 : 2);
        app.editing().setAnswer("current_competence.strengths",
                                "Vahvuutemme on pitkä kokemus ja hyvä yhteistyö perheiden kanssa.");
        camera.capture("group_theme");
        app.editing().goToReview();
        camera.capture("group_review");
        break;
    }
    app.logout(false);
    app.settle();
}

}  // namespace

int runScreenshotTour(KioskApp& app, TourWindow& window, const std::string& dir,
                      const std::function<void(domain::Date)>& pinDate) {
    std::filesystem::create_directories(dir);
    Camera camera(app, window, dir);
    if (!preFormScenes(app, camera)) return 1;
    loginScenes(app, camera);
    login(app, "1005", "318406");
    if (app.screen() == Screen::Home) {
        int year = 0;
        const std::string agreementJson = directorScenes(app, camera, year);
        confirmScenes(app, camera, year, agreementJson);
    }
    if (pinDate) {
        const domain::Date today = app.clock().date();
        pinDate({today.year + 1, today.month, today.day});
        groupScenes(app, camera);
        pinDate(today);
    }
    std::printf("kiosk: wrote %d screenshots (%d screens × 3 languages) to %s\n",
                camera.shots() * 3 - camera.failures(), camera.shots(), dir.c_str());
    return camera.failures() == 0 ? 0 : 1;
}

}  // namespace osm::kiosk
