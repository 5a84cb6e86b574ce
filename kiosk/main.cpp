// osaamissilta-kiosk: parses the command line, opens the store and the catalogue, and hands
// over to the shell.
#include "app/demo_seed.h"
#include "app/kiosk_app.h"
#include "app/sync_worker.h"
#include "core/install_paths.h"
#include "net/http_transport.h"
#include "shell.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sys/prctl.h>
#include <sys/resource.h>

#ifndef OSM_DEFAULT_ASSETS_DIR
#define OSM_DEFAULT_ASSETS_DIR "/usr/share/osaamissilta/kiosk"
#define OSM_FALLBACK_ASSETS_DIR ""
#define OSM_VERSION "unknown"
#endif

namespace {

namespace fs = std::filesystem;
using namespace osm;

std::string defaultDataDir(bool demo) {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    const fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home ? home : "/tmp") / ".local" / "share";
    return (base / "osaamissilta" / (demo ? "demo" : "kiosk")).string();
}

// The catalogue of the date's year, or the newest older one when the year has none yet: the one
// the server published (kept in the store by the sync) before the one installed with the program.
Result<catalog::Catalog> catalogFor(kiosk::KioskStore& store, const fs::path& assets, int year) {
    for (int y = year; y >= year - 5; --y) {
        auto published = store.setting("catalog." + std::to_string(y));
        if (published && !published->empty()) {
            if (auto parsed = catalog::parseCatalog(*published, "published catalogue " + std::to_string(y))) return parsed;
        }
        if (fs::exists(assets / "catalog" / (std::to_string(y) + ".json"))) return catalog::loadCatalogYear(assets, y);
    }
    return makeError(ErrorCode::NotFound, (assets / "catalog").string() + ": no catalogue for " + std::to_string(year));
}

// A shared terminal must not leave a decrypted draft in a core file, nor let another process of
// the same user read its memory: no core dumps, not dumpable (which also refuses ptrace).
void keepMemoryPrivate() {
    const rlimit none{0, 0};
    (void)setrlimit(RLIMIT_CORE, &none);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace

int main(int argc, char** argv) {
    const double startedAt = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    keepMemoryPrivate();
    CLI::App cli{"Osaamissilta kiosk: development discussions and group discussions at a shared terminal"};
    cli.set_version_flag("--version", OSM_VERSION);
    bool demo = false;
    std::string dataDir;
    std::string assets = defaultAssetsDir(OSM_DEFAULT_ASSETS_DIR, OSM_FALLBACK_ASSETS_DIR);
    std::string unit = "pk_tahtitaivas";
    std::string dateText;
    std::string langText;
    std::string screenshotDir;
    std::string probePath;
    std::string refreshCredentials;
    int width = 1280;
    int height = 800;
    bool fullscreen = false;
    bool measureStartup = false;
    double idleTimeout = 120;
    std::string enrolServer;
    std::string enrolCode;
    double syncInterval = 30;
    cli.add_flag("--demo", demo, "Run with the built-in fictitious organisation and no server");
    cli.add_option("--data", dataDir, "Folder for the terminal's encrypted store (default: under $XDG_DATA_HOME)");
    cli.add_option("--assets", assets, "Folder with catalog/, i18n/ and demo/")->capture_default_str();
    cli.add_option("--unit", unit, "Demo only: the unit this terminal serves")->capture_default_str();
    cli.add_option("--date", dateText, "Pretend today is YYYY-MM-DD (the demo defaults to 10 February of this year)");
    cli.add_option("--lang", langText, "Start in fi, sv or en");
    cli.add_option("--screenshot", screenshotDir, "Render every screen in every language to PNG files in this folder, then exit");
    cli.add_option("--width", width, "Window width")->capture_default_str();
    cli.add_option("--height", height, "Window height")->capture_default_str();
    cli.add_flag("--fullscreen", fullscreen, "Use the whole primary screen");
    cli.add_option("--idle-timeout", idleTimeout, "Seconds without input before automatic logout")->capture_default_str();
    cli.add_option("--probe", probePath, "Write the positions of named widgets to this file every frame (UI tests)");
    cli.add_option("--enrol-server", enrolServer, "Enrol this terminal with the sync server at this URL (with --enrol-code)");
    cli.add_option("--enrol-code", enrolCode, "The one-time enrolment code from HR (osaamissilta-server enrol-code)");
    cli.add_option("--sync-interval", syncInterval, "Seconds between syncs while the server answers")->capture_default_str();
    cli.add_flag("--measure-startup", measureStartup, "Benchmarks: print the time to the first frame and resident memory, then exit");
    cli.add_option("--refresh-demo-credentials", refreshCredentials, "Recompute the salts and verifiers of a demo credentials file, then exit");
    CLI11_PARSE(cli, argc, argv);

    if (!refreshCredentials.empty()) {
        auto status = kiosk::refreshDemoCredentials(refreshCredentials);
        if (!status) std::cerr << "error: " << status.error().message << "\n";
        return status ? 0 : 1;
    }
    if (!screenshotDir.empty()) demo = true;

    std::optional<domain::Date> fixedDate;
    if (!dateText.empty()) {
        auto parsed = domain::parseDate(dateText);
        if (!parsed) {
            std::cerr << "error: --date: " << parsed.error().message << "\n";
            return 2;
        }
        fixedDate = *parsed;
    } else if (demo) {
        fixedDate = domain::Date{domain::today().year, 2, 10};
    }
    const kiosk::SystemClock clock(fixedDate);


    if (dataDir.empty()) {
        dataDir = screenshotDir.empty() ? defaultDataDir(demo) : (fs::path(screenshotDir) / ".kiosk-data").string();
        if (!screenshotDir.empty()) fs::remove_all(dataDir);
    }
    std::error_code error;
    fs::create_directories(dataDir, error);
    fs::permissions(dataDir, fs::perms::owner_all, fs::perm_options::replace, error);
    auto store = kiosk::KioskStore::open((fs::path(dataDir) / "kiosk.db").string());
    if (!store) {
        std::cerr << "error: " << store.error().message << "\n";
        return 1;
    }
    auto catalogue = catalogFor(*store, assets, clock.date().year);
    auto translations = kiosk::Translations::load(assets);
    if (!catalogue || !translations) {
        std::cerr << "error: " << (!catalogue ? catalogue.error().message : translations.error().message) << "\n";
        return 1;
    }
    if (demo) {
        if (auto status = kiosk::seedDemoStore(*store, assets, unit, *catalogue); !status) {
            std::cerr << "error: demo data: " << status.error().message << "\n";
            return 1;
        }
    } else if (auto people = store->people(); people && people->empty()) {
        std::cerr << "kiosk: this terminal has no roster yet; enrol it with the sync server, or try --demo\n";
    }

    // Enrolment (once per terminal): before the window, as the installer's step.
    kiosk::HttpTransport transport;
    const fs::path dbPath = fs::path(dataDir) / "kiosk.db";
    const fs::path deviceKeyPath = fs::path(dataDir) / "device.key";
    if (!enrolServer.empty()) {
        auto engineStore = kiosk::KioskStore::open(dbPath.string());
        if (!engineStore) {
            std::cerr << "error: " << engineStore.error().message << "\n";
            return 1;
        }
        kiosk::SyncEngine enrolling(std::move(*engineStore), deviceKeyPath, transport);
        if (!enrolling.enrolled()) {
            auto device = enrolling.enrol(enrolServer, enrolCode, clock.unixSeconds());
            if (!device) {
                std::cerr << "error: enrolment: " << device.error().message << "\n";
                return 1;
            }
            std::cerr << "kiosk: enrolled as " << device->deviceId << " for unit " << device->unitId << "\n";
            // The store opened above predates the enrolment: reopen so the app sees it.
            store = kiosk::KioskStore::open(dbPath.string());
            if (!store) return 1;
        }
    }

    kiosk::KioskConfig config;
    config.demo = demo;
    config.idleTimeoutSeconds = idleTimeout;
    config.idleWarningSeconds = std::min(30.0, idleTimeout / 2);
    kiosk::Worker worker(kiosk::wakeEventLoop);
    kiosk::KioskApp app(config, std::move(*store), std::move(*catalogue), std::move(*translations), clock, worker);
    if (!langText.empty()) {
        auto lang = catalog::parseLang(langText);
        if (!lang) {
            std::cerr << "error: --lang: " << lang.error().message << "\n";
            return 2;
        }
        app.setLanguage(*lang);
    }

    // Background sync on its own thread and its own connection to the store.
    std::unique_ptr<kiosk::SyncWorker> syncWorker;
    if (screenshotDir.empty() && !measureStartup) {
        auto engineStore = kiosk::KioskStore::open(dbPath.string());
        if (engineStore) {
            auto engine = std::make_unique<kiosk::SyncEngine>(std::move(*engineStore), deviceKeyPath, transport);
            syncWorker = std::make_unique<kiosk::SyncWorker>(
                std::move(engine), [&clock] { return clock.unixSeconds(); },
                [&worker, &app](std::shared_ptr<const kiosk::SyncReport> report) {
                    worker.postToMain([&app, report] { app.applySyncReport(*report); });
                },
                syncInterval);
            app.setEnrolHook([&syncWorker, &worker, &app](const std::string& url, const std::string& code) {
                syncWorker->enrol(url, code, [&worker, &app](const Result<kiosk::DeviceInfo>& device) {
                    worker.postToMain([&app, device] { app.applyEnrolment(device, device ? device->unitName : std::string()); });
                });
            });
            app.setSyncHook([&syncWorker](const std::string& staff, std::shared_ptr<const crypto::SigningKeyPair> key) {
                if (staff.empty()) syncWorker->syncNow();
                else syncWorker->pullForPerson(staff, std::move(key));
            });
        }
    }

    kiosk::ShellOptions options;
    options.width = width;
    options.height = height;
    options.fullscreen = fullscreen;
    options.screenshotDir = screenshotDir;
    options.probePath = probePath;
    options.measureStartup = measureStartup;
    options.startedAt = startedAt;
    const int code = kiosk::runShell(app, worker, options);
    app.setSyncHook({});
    app.setEnrolHook({});
    syncWorker.reset();  // finishes the exchange in progress
    return code;
}
