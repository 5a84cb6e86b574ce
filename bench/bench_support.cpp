// Shared set-up of the sync benchmarks (see bench_support.h).
#include "bench_support.h"

#include "catalog/catalog.h"
#include "crypto/box.h"
#include "crypto/kdf.h"
#include "domain/discussion.h"
#include "ops/server_keys.h"
#include "sync_engine.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace osm::bench {

namespace fs = std::filesystem;

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }
double millis(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0.0;
    std::sort(samples.begin(), samples.end());
    const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
    const std::size_t index = rank < 1.0 ? 0 : static_cast<std::size_t>(rank) - 1;
    return samples[std::min(index, samples.size() - 1)];
}

double median(std::vector<double> samples) {
    if (samples.empty()) return 0.0;
    std::sort(samples.begin(), samples.end());
    const std::size_t n = samples.size();
    return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
}

void die(const std::string& message) {
    std::fprintf(stderr, "benchmark set-up failed: %s\n", message.c_str());
    std::exit(1);
}

domain::Organisation syntheticCity(int units, int perUnit) {
    domain::Organisation city;
    city.serviceAreas = {{"varhaiskasvatus", "Varhaiskasvatus"}, {"perusopetus", "Perusopetus"}};
    int staff = 100000;
    for (int u = 0; u < units; ++u) {
        const bool daycare = u % 2 == 0;
        domain::Unit unit{"u" + std::to_string(10000 + u), "Yksikkö " + std::to_string(u + 1),
                          daycare ? "varhaiskasvatus" : "perusopetus",
                          daycare ? "early_childhood_education" : "teaching", true};
        const std::string director = std::to_string(staff);
        for (int p = 0; p < perUnit; ++p) {
            domain::Person person;
            person.staffNumber = std::to_string(staff++);
            person.name = "Henkilö " + person.staffNumber;
            person.title = p == 0 ? "johtaja" : "opettaja";
            person.unitId = unit.id;
            person.serviceAreaId = unit.serviceAreaId;
            person.sector = unit.sector;
            person.roles =
                p == 0 ? std::vector<domain::Role>{domain::Role::Employee, domain::Role::Manager,
                                                   daycare ? domain::Role::DaycareDirector : domain::Role::Principal}
                       : std::vector<domain::Role>{domain::Role::Employee};
            person.managerStaffNumber = p == 0 ? std::string() : director;
            city.people.push_back(std::move(person));
        }
        city.units.push_back(std::move(unit));
    }
    return city;
}

ServerData::ServerData(const fs::path& dataDir, const domain::Organisation& city) : m_paths{dataDir, dataDir / "keys"} {
    fs::remove_all(dataDir);
    if (auto status = server::initServer(m_paths); !status) die(status.error().message);
    auto storage = server::openSqliteStorage(m_paths.databasePath());
    if (!storage) die(storage.error().message);
    m_storage = std::move(*storage);
    if (auto status = m_storage->importOrganisation(city); !status) die(status.error().message);
    const fs::path catalogFile = fs::path(OSM_ASSETS_DIR) / "catalog" / "2026.json";
    if (auto year = server::publishCatalogFile(*m_storage, catalogFile); !year) die(year.error().message);
    auto catalogue = catalog::loadCatalogFile(catalogFile);
    if (!catalogue) die(catalogue.error().message);
    domain::DevelopmentDiscussion form =
        domain::newDevelopmentDiscussion(*catalogue->findForm("development_discussion_staff"), *catalogue);
    int i = 0;
    for (domain::CompetenceRating& r : form.ratings) r.value = 2 + (i++ % 4);
    form.answers[domain::answerKey("past_year", "review")] = std::string(600, 'x');
    m_submission = domain::toJson(form);
    auto keys = server::loadServerKeys(m_paths.keyDir);
    if (!keys) die(keys.error().message);
    m_serverKey = keys->signing.publicKey;
    // One real (cheap) PIN credential shared by the authors; each gets their own person key.
    const crypto::Salt salt = crypto::randomSalt();
    auto derived = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
    if (!derived) die(derived.error().message);
    const sync::Credential pin{crypto::minimalKdfParams().toString(), crypto::toHex(salt),
                               crypto::toHex(derived->verifier)};
    for (const domain::Unit& unit : city.units) {
        const domain::Person* author = nullptr;
        for (const domain::Person& p : city.people) {
            if (p.unitId == unit.id && !p.isManager()) {
                author = &p;
                break;
            }
        }
        if (author == nullptr) die("unit " + unit.id + " has nobody to write drafts");
        Author a{unit.id, author->staffNumber, crypto::generateSigningKeyPair()};
        if (auto status = m_storage->setPin(a.staffNumber, pin, crypto::toHex(a.key.publicKey)); !status)
            die(status.error().message);
        m_authors.push_back(std::move(a));
    }
}

std::string ServerData::enrolmentCode(const std::string& unitId) {
    auto code = server::createEnrolmentCode(*m_storage, unitId, 24 * 3600, unixNow());
    if (!code) die(code.error().message);
    return *code;
}

namespace {

// The author signs the record as it goes on the wire; the kiosk keeps it durably queued.
void signAndSave(kiosk::KioskStore& store, const Author& author, kiosk::StoredRecord& r) {
    r.updatedAt = unixNow();
    const auto signature = crypto::sign(author.key, crypto::asBytes(kiosk::recordSigningTextOf(r)));
    r.authorSignature.assign(signature.begin(), signature.end());
    if (auto status = store.saveRecord(r); !status) die(status.error().message);
}

}  // namespace

void queueDraft(kiosk::KioskStore& store, const Author& author, const std::string& id, std::uint64_t version,
                std::size_t bytes) {
    kiosk::StoredRecord r;
    if (version > 1) {
        auto previous = store.record(id);
        if (!previous || !previous->has_value()) die("draft " + id + " is missing");
        r = **previous;
    }
    r.id = id;
    r.owner = author.staffNumber;
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = version;
    r.sealed = crypto::randomBytes(bytes);
    r.payloadHash = crypto::contentHash(r.sealed);
    signAndSave(store, author, r);
}

void queueSubmitted(kiosk::KioskStore& store, const Author& author, const std::string& id,
                    const crypto::PublicKey& serverKey, const std::string& content) {
    kiosk::StoredRecord r;
    r.id = id;
    r.owner = author.staffNumber;
    r.formId = "development_discussion_staff";
    r.year = 2026;
    r.version = 1;
    r.state = kiosk::RecordState::Ready;
    r.sealed = crypto::randomBytes(content.size() + 40);  // the author's own copy, sealed with their key
    auto box = crypto::sealToServer(serverKey, content);
    if (!box) die(box.error().message);
    r.serverBox = std::move(*box);
    r.payloadHash = crypto::contentHash(r.serverBox);
    signAndSave(store, author, r);
}

ServerProcess::ServerProcess(const std::string& binary, const fs::path& dataDir,
                             const std::vector<std::string>& extraArgs) {
    std::vector<std::string> args{binary, "--data", dataDir.string(), "serve", "--port", "0"};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (::pipe(out) != 0) die("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);  // the access log
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (spawned != 0) die("cannot start " + binary);
    m_pid = pid;
    // The server prints "listening on 127.0.0.1:PORT" once it accepts connections.
    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    const auto colon = line.rfind(':');
    if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) die("the server did not start: " + line);
    m_port = std::stoi(line.substr(colon + 1));
}

ServerProcess::~ServerProcess() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
}

namespace {

// Fields 14 and 15 (utime, stime) of /proc/<pid>/stat, in seconds.
double statCpuSeconds(const std::string& statPath) {
    std::ifstream in(statPath);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0.0;
    std::vector<std::string> fields;
    std::string field;
    for (std::size_t i = close + 2; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ') {
            fields.push_back(field);
            field.clear();
        } else {
            field += text[i];
        }
    }
    if (fields.size() < 13) return 0.0;
    // After ")": state is field 3, so utime (14) and stime (15) are indexes 11 and 12.
    return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace

double ServerProcess::cpuSeconds() const { return statCpuSeconds("/proc/" + std::to_string(m_pid) + "/stat"); }

namespace {

// A "Name: N kB" line of /proc/<pid>/status, in KiB.
long statusKiB(int pid, const std::string& name) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == name) {
            long kib = 0;
            in >> kib;
            return kib;
        }
    }
    return 0;
}

}  // namespace

long ServerProcess::residentKiB() const { return statusKiB(m_pid, "VmRSS:"); }

long ServerProcess::peakResidentKiB() const { return statusKiB(m_pid, "VmHWM:"); }

double databaseMiB(const fs::path& dataDir) {
    std::uintmax_t total = 0;
    for (const auto& entry : fs::directory_iterator(dataDir)) {
        if (entry.is_regular_file() && entry.path().filename().string().rfind("server.db", 0) == 0)
            total += entry.file_size();
    }
    return static_cast<double>(total) / 1048576.0;
}

double ownCpuSeconds() { return statCpuSeconds("/proc/self/stat"); }

}  // namespace osm::bench
