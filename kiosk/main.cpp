// osaamissilta-kiosk: parses the command line and runs the mode it asks for: refreshing demo
// credentials, enrolling the terminal, or the kiosk itself (its window, the screenshot tour or
// the startup measurement), with the store, the catalogue and the background sync set up.
#include "app/demo_seed.h"
#include "app/kiosk_app.h"
#include "app/roster_seal.h"
#include "app/sync_worker.h"
#include "core/install_paths.h"
#include "net/http_transport.h"
#include "shell.h"
#include "tpm_report.h"

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

struct Options {
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
    bool touchOnly = false;
    bool measureStartup = false;
    double idleTimeout = 120;
    std::string enrolServer;
    std::string enrolCode;
    double syncInterval = 30;
    bool check = false;
    std::string tpm;       // the TCTI; empty: $OSM_TPM_TCTI or the kernel's resource manager
    double startedAt = 0;  // steady-clock seconds at the top of main()
};

void addOptions(CLI::App& cli, Options& o) {
    cli.add_flag("--demo", o.demo, "Run with the built-in fictitious organisation and no server");
    cli.add_option("--data", o.dataDir, "Folder for the terminal's encrypted store (default: under $XDG_DATA_HOME)");
    cli.add_option("--assets", o.assets, "Folder with catalog/, i18n/ and demo/")->capture_default_str();
    cli.add_option("--unit", o.unit, "Demo only: the unit this terminal serves")->capture_default_str();
    cli.add_option("--date", o.dateText, "Pretend today is YYYY-MM-DD (the demo defaults to 10 February of this year)");
    cli.add_option("--lang", o.langText, "Start in fi, sv or en");
    cli.add_option("--screenshot", o.screenshotDir,
                   "Render every screen in every language to PNG files in this folder, then exit");
    cli.add_option("--width", o.width, "Window width")->capture_default_str();
    cli.add_option("--height", o.height, "Window height")->capture_default_str();
    cli.add_flag("--fullscreen", o.fullscreen, "Use the whole primary screen");
    cli.add_flag("--touch-only", o.touchOnly,
                 "A touch screen without a keyboard: text fields bring up the on-screen keyboard");
    cli.add_option("--idle-timeout", o.idleTimeout,
                   "Seconds without input before automatic logout (a countdown shows for the last 30)")
        ->capture_default_str();
    cli.add_option("--probe", o.probePath, "Write the positions of named widgets to this file every frame (UI tests)");
    cli.add_option("--enrol-server", o.enrolServer,
                   "Enrol this terminal with the sync server at this URL (with --enrol-code)");
    cli.add_option("--enrol-code", o.enrolCode, "The one-time enrolment code from HR (osaamissilta-server enrol-code)");
    cli.add_option("--sync-interval", o.syncInterval, "Seconds between syncs while the server answers")
        ->capture_default_str();
    cli.add_flag("--measure-startup", o.measureStartup,
                 "Benchmarks: print the time to the first frame and resident memory, then exit");
    cli.add_flag("--check", o.check,
                 "Report the terminal's state (store, enrolment, TPM and its lockout policy), then exit");
    cli.add_option("--tpm", o.tpm,
                   "The TPM to use, as a TCTI: device:/dev/tpmrm0 (the default, or $OSM_TPM_TCTI), "
                   "swtpm:host=H,port=P, or none");
    cli.add_option("--refresh-demo-credentials", o.refreshCredentials,
                   "Recompute the salts and verifiers of a demo credentials file, then exit");
}

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
            if (auto parsed = catalog::parseCatalog(*published, "published catalogue " + std::to_string(y)))
                return parsed;
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

// --refresh-demo-credentials FILE
int refreshCredentialsCommand(const std::string& path) {
    auto status = kiosk::refreshDemoCredentials(path);
    if (!status) std::cerr << "error: " << status.error().message << "\n";
    return status ? 0 : 1;
}

// --check: what an operator needs to know of this terminal, on standard output. Changes nothing.
// Exit 0 when the store opens, 1 when it does not.
int checkCommand(const Options& o) {
    const fs::path dataDir = o.dataDir.empty() ? fs::path(defaultDataDir(o.demo)) : fs::path(o.dataDir);
    std::cout << "data: " << dataDir.string() << "\n";
    int code = 0;
    if (!fs::exists(dataDir / "kiosk.db")) {
        std::cout << "store: none yet (the kiosk creates it at its first start)\n";
    } else if (auto store = kiosk::KioskStore::open((dataDir / "kiosk.db").string()); !store) {
        std::cout << "store: cannot be opened: " << store.error().message << "\n";
        code = 1;
    } else {
        auto device = store->device();
        auto people = store->people();
        std::cout << "store: ok, " << (people ? people->size() : 0) << " people on the roster\n";
        if (device && device->enrolled())
            std::cout << "enrolled: " << device->deviceId << " (unit " << device->unitId << ", " << device->serverUrl
                      << ")\n";
        else
            std::cout << "enrolled: no\n";
    }
    std::cout << kiosk::tpm::describe(kiosk::tpm::probeTpm(kiosk::tpm::chooseTcti(o.tpm), false));
    return code;
}

// The date the kiosk pretends is today, if any (nullopt with `failed` set on a bad --date).
std::optional<domain::Date> fixedDateOf(const Options& o, bool& failed) {
    if (!o.dateText.empty()) {
        auto parsed = domain::parseDate(o.dateText);
        if (!parsed) {
            std::cerr << "error: --date: " << parsed.error().message << "\n";
            failed = true;
            return std::nullopt;
        }
        return *parsed;
    }
    if (o.demo) return domain::Date{domain::today().year, 2, 10};
    return std::nullopt;
}

// The store's folder (created private to this user); the screenshot tour starts from scratch.
fs::path prepareDataDir(const Options& o) {
    std::string dataDir = o.dataDir;
    if (dataDir.empty()) {
        dataDir =
            o.screenshotDir.empty() ? defaultDataDir(o.demo) : (fs::path(o.screenshotDir) / ".kiosk-data").string();
        if (!o.screenshotDir.empty()) fs::remove_all(dataDir);
    }
    std::error_code error;
    fs::create_directories(dataDir, error);
    fs::permissions(dataDir, fs::perms::owner_all, fs::perm_options::replace, error);
    return dataDir;
}

// --enrol-server URL --enrol-code CODE: enrols the terminal before the window opens (the
// installer's step). True when it enrolled now, false when it already was; nothing on failure
// (after saying why).
std::optional<bool> enrolCommand(const Options& o, const fs::path& dataDir, kiosk::HttpTransport& transport,
                                 const kiosk::Clock& clock, const std::shared_ptr<kiosk::tpm::TpmDevice>& tpm) {
    auto engineStore = kiosk::KioskStore::open((dataDir / "kiosk.db").string());
    if (!engineStore) {
        std::cerr << "error: " << engineStore.error().message << "\n";
        return std::nullopt;
    }
    kiosk::SyncEngine enrolling(std::move(*engineStore), dataDir / "device.key", transport);
    enrolling.setTpmKind(tpm ? "tpm" : "none");
    enrolling.setTpm(tpm);
    if (enrolling.enrolled()) return false;
    auto device = enrolling.enrol(o.enrolServer, o.enrolCode, clock.unixSeconds());
    if (!device) {
        std::cerr << "error: enrolment: " << device.error().message << "\n";
        return std::nullopt;
    }
    std::cerr << "kiosk: enrolled as " << device->deviceId << " for unit " << device->unitId << "\n";
    return true;
}

// Background sync on its own thread and its own connection to the store, wired to the app.
std::unique_ptr<kiosk::SyncWorker> startSync(kiosk::KioskApp& app, kiosk::Worker& worker, const kiosk::Clock& clock,
                                             kiosk::HttpTransport& transport, const fs::path& dataDir, double interval,
                                             const std::shared_ptr<kiosk::tpm::TpmDevice>& tpm) {
    auto engineStore = kiosk::KioskStore::open((dataDir / "kiosk.db").string());
    if (!engineStore) return nullptr;
    auto engine = std::make_unique<kiosk::SyncEngine>(std::move(*engineStore), dataDir / "device.key", transport);
    engine->setTpmKind(tpm ? "tpm" : "none");
    engine->setTpm(tpm);
    auto syncWorker = std::make_unique<kiosk::SyncWorker>(
        std::move(engine), [&clock] { return clock.unixSeconds(); },
        [&worker, &app](std::shared_ptr<const kiosk::SyncReport> report) {
            worker.postToMain([&app, report] { app.applySyncReport(*report); });
        },
        interval);
    kiosk::SyncWorker* sync = syncWorker.get();
    app.setEnrolHook([sync, &worker, &app](const std::string& url, const std::string& code) {
        sync->enrol(url, code, [&worker, &app](const Result<kiosk::DeviceInfo>& device) {
            worker.postToMain(
                [&app, device] { app.applyEnrolment(device, device ? device->unitName : std::string()); });
        });
    });
    app.setSyncHook([sync](const std::string& staff, std::shared_ptr<const crypto::SigningKeyPair> key) {
        if (staff.empty())
            sync->syncNow();
        else
            sync->pullForPerson(staff, std::move(key));
    });
    return syncWorker;
}

// The store, the catalogue and the translations (and the demo's people), or nothing after
// saying what is missing.
struct Opened {
    kiosk::KioskStore store;
    catalog::Catalog catalogue;
    kiosk::Translations translations;
};

std::optional<Opened> openKioskData(const Options& o, const fs::path& dataDir, const kiosk::Clock& clock) {
    auto store = kiosk::KioskStore::open((dataDir / "kiosk.db").string());
    if (!store) {
        std::cerr << "error: " << store.error().message << "\n";
        return std::nullopt;
    }
    auto catalogue = catalogFor(*store, o.assets, clock.date().year);
    auto translations = kiosk::Translations::load(o.assets);
    if (!catalogue || !translations) {
        std::cerr << "error: " << (!catalogue ? catalogue.error().message : translations.error().message) << "\n";
        return std::nullopt;
    }
    if (o.demo) {
        if (auto status = kiosk::seedDemoStore(*store, o.assets, o.unit); !status) {
            std::cerr << "error: demo data: " << status.error().message << "\n";
            return std::nullopt;
        }
    } else if (auto people = store->people(); people && people->empty()) {
        std::cerr << "kiosk: this terminal has no roster yet; enrol it with the sync server, or try --demo\n";
    }
    return Opened{std::move(*store), std::move(*catalogue), std::move(*translations)};
}

// The terminal's TPM, its lockout policy set when nobody has set one (tpm_device.h). The demo and
// the screenshot tour use none unless --tpm names one. Null when there is none: the kiosk then
// works as before and says so on its status line and in --check.
std::shared_ptr<kiosk::tpm::TpmDevice> openTpm(const Options& o) {
    if (o.demo && o.tpm.empty()) return nullptr;
    auto device = kiosk::tpm::TpmDevice::open(kiosk::tpm::chooseTcti(o.tpm));
    if (!device) {
        std::cerr << "kiosk: no TPM (" << device.error().message
                  << "): PINs are checked against verifiers on this disk\n";
        return nullptr;
    }
    if (auto configured = device->protectAgainstGuessing({}); !configured)
        std::cerr << "kiosk: the TPM's lockout policy: " << configured.error().message << "\n";
    return std::make_shared<kiosk::tpm::TpmDevice>(std::move(*device));
}

// The kiosk itself: its window, the screenshot tour, or the startup measurement.
int runKiosk(Options o) {
    if (!o.screenshotDir.empty()) o.demo = true;
    bool badDate = false;
    const std::optional<domain::Date> fixedDate = fixedDateOf(o, badDate);
    if (badDate) return 2;
    kiosk::SystemClock clock(fixedDate);
    const fs::path dataDir = prepareDataDir(o);
    std::optional<Opened> opened = openKioskData(o, dataDir, clock);
    if (!opened) return 1;
    kiosk::HttpTransport transport;
    std::shared_ptr<kiosk::tpm::TpmDevice> tpm = openTpm(o);
    if (!o.enrolServer.empty()) {
        const std::optional<bool> enrolledNow = enrolCommand(o, dataDir, transport, clock, tpm);
        if (!enrolledNow) return 1;
        if (*enrolledNow) {
            // The store opened above predates the enrolment: reopen so the app sees it.
            auto reopened = kiosk::KioskStore::open((dataDir / "kiosk.db").string());
            if (!reopened) return 1;
            opened->store = std::move(*reopened);
        }
    }
    if (tpm) {  // what an older kiosk stored in clear is sealed to the TPM now (roster_seal.h)
        auto sealed = kiosk::sealStoredCredentials(opened->store, *tpm);
        if (!sealed) std::cerr << "kiosk: sealing the roster's PINs to the TPM: " << sealed.error().message << "\n";
    }

    kiosk::KioskConfig config;
    config.demo = o.demo;
    config.idleTimeoutSeconds = o.idleTimeout;
    config.idleWarningSeconds = std::min(30.0, o.idleTimeout / 2);
    kiosk::Worker worker(kiosk::wakeEventLoop);
    kiosk::KioskApp app(config, std::move(opened->store), std::move(opened->catalogue), std::move(opened->translations),
                        clock, worker);
    if (!o.langText.empty()) {
        auto lang = catalog::parseLang(o.langText);
        if (!lang) {
            std::cerr << "error: --lang: " << lang.error().message << "\n";
            return 2;
        }
        app.setLanguage(*lang);
    }
    if (!o.demo || !o.tpm.empty()) app.setTpm(std::move(tpm));
    std::unique_ptr<kiosk::SyncWorker> syncWorker;
    if (o.screenshotDir.empty() && !o.measureStartup)
        syncWorker = startSync(app, worker, clock, transport, dataDir, o.syncInterval, tpm);

    kiosk::ShellOptions options;
    options.width = o.width;
    options.height = o.height;
    options.fullscreen = o.fullscreen;
    options.screenshotDir = o.screenshotDir;
    options.pinTourDate = [&clock](domain::Date date) { clock.pinDate(date); };
    options.probePath = o.probePath;
    options.touchOnly = o.touchOnly;
    options.measureStartup = o.measureStartup;
    options.startedAt = o.startedAt;
    const int code = kiosk::runShell(app, worker, options);
    app.setSyncHook({});
    app.setEnrolHook({});
    syncWorker.reset();  // finishes the exchange in progress
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    options.startedAt = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    keepMemoryPrivate();
    CLI::App cli{"Osaamissilta kiosk: development discussions and group discussions at a shared terminal"};
    cli.set_version_flag("--version", OSM_VERSION);
    addOptions(cli, options);
    CLI11_PARSE(cli, argc, argv);
    if (!options.refreshCredentials.empty()) return refreshCredentialsCommand(options.refreshCredentials);
    if (options.check) return checkCommand(options);
    return runKiosk(std::move(options));
}
