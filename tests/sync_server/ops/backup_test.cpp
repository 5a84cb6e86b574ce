// Backup and restore as an operator does them, with the real server binary: backups taken
// while a kiosk pushes, each restored into a server that starts and serves every record it
// holds; the restore drill onto the same address the kiosk knows; a restore from an older backup,
// after which the kiosk sends again what the lost server had acknowledged; and what restore refuses.
// Also the server's own TLS (serve --cert --key) answered over HTTPS.
#include "sync_server/server_process.h"
#include "sync_server/sync_harness.h"

#include "ops/backup.h"
#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/kdf.h"
#include "crypto/signing.h"
#include "storage/database.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

using namespace osm;
using namespace osm::test;
namespace fs = std::filesystem;

namespace {

int modeOf(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return static_cast<int>(info.st_mode & 0777);
}

// id -> version:content_hash:payload of every record, read straight from a database file.
std::map<std::string, std::string> recordsIn(const fs::path& db) {
    auto open = storage::Database::open(db.string());
    REQUIRE(open.ok());
    auto rows = open->prepare("SELECT id, version, content_hash, hex(payload) FROM record");
    REQUIRE(rows.ok());
    std::map<std::string, std::string> out;
    while (*rows->step()) out[rows->getText(0)] = rows->getText(1) + ":" + rows->getText(2) + ":" + rows->getText(3);
    return out;
}

// A self-signed certificate for localhost and 127.0.0.1 (openssl's command line), PEM files.
void makeCertificate(const fs::path& cert, const fs::path& key) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
        key.string() + " -out " + cert.string() + " 2>/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
}

CommandResult run(const fs::path& data, std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data.string()});
    return runServerCommand(args);
}

// A demo server (its HR sample holds submissions sealed with the storage key) where Aino
// (1001) has a cheap PIN, and a kiosk enrolled to it with `drafts` queued in Aino's name.
struct Deployment {
    TempDir dir;
    fs::path data = dir / "server";
    std::unique_ptr<ServerProcess> server;  // declared first, stopped last: after the kiosk's
    kiosk::HttpTransport http;              // kept-alive connection is gone, it stops at once
    KioskHarness kiosk{http};
    std::optional<crypto::UserKeys> aino;

    explicit Deployment(int drafts) {
        REQUIRE(run(data, {"init", "--demo"}).exitCode == 0);
        const crypto::Salt salt = crypto::randomSalt();
        auto keys = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
        REQUIRE(keys.ok());
        aino = std::move(*keys);
        {
            auto storage = server::openSqliteStorage((data / "server.db").string());
            REQUIRE(storage.ok());
            REQUIRE((*storage)
                        ->setPin(
                            "1001",
                            {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(aino->verifier)},
                            crypto::toHex(aino->personKey.publicKey))
                        .ok());
        }
        startServer(0);
        const CommandResult code = run(data, {"enrol-code", "--unit", "pk_tahtitaivas"});
        REQUIRE(code.exitCode == 0);
        REQUIRE(kiosk.enrol(url(), code.output.substr(0, 14)).ok());
        queueDrafts(0, drafts);
    }
    void startServer(int port, const fs::path& from = {}) {
        server = std::make_unique<ServerProcess>(std::vector<std::string>{
            "--data", (from.empty() ? data : from).string(), "serve", "--port", std::to_string(port)});
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
    void queueDrafts(int first, int count) {
        kiosk::KioskStore store = kiosk.store();
        for (int i = first; i < first + count; ++i) {
            REQUIRE(store.saveRecord(signedTestDraft("r-backup-" + std::to_string(i), aino->personKey, 300, i)).ok());
        }
    }
    bool allSent() { return kiosk.store().unsynced(1)->empty(); }
    // The next version of one of Aino's records on this terminal, edited here.
    void editRecord(const std::string& id) {
        kiosk::KioskStore store = kiosk.store();
        kiosk::StoredRecord r = store.record(id)->value();
        r.version += 1;
        r.sealed = crypto::randomBytes(300);
        r.payloadHash = crypto::contentHash(r.sealed);
        const auto signature = crypto::sign(aino->personKey, crypto::asBytes(kiosk::recordSigningTextOf(r)));
        r.authorSignature.assign(signature.begin(), signature.end());
        REQUIRE(store.saveRecord(r).ok());
    }
};

std::string sqlText(const fs::path& db, const std::string& query) {
    auto open = storage::Database::open(db.string());
    REQUIRE(open.ok());
    auto row = open->prepare(query);
    REQUIRE(row.ok());
    REQUIRE(*row->step());
    return row->getText(0);
}

}  // namespace

TEST_CASE("backups taken while a kiosk pushes restore to working servers with every record readable") {
    constexpr int kDrafts = 900;
    Deployment d(kDrafts);
    const auto submittedBefore = recordsIn(d.data / "server.db").size();
    REQUIRE(submittedBefore > 0);  // the demo's sealed submissions

    std::atomic<bool> pushing{true};
    std::thread pusher([&] {
        for (int round = 0; round < 20 && !d.allSent(); ++round) (void)d.kiosk.engine->syncOnce(unixNow());
        pushing = false;
    });
    std::vector<fs::path> backups;
    int duringPushes = 0;
    while ((pushing && backups.size() < 4) || backups.empty()) {
        const bool before = pushing;
        const fs::path dest = d.dir / ("backup-" + std::to_string(backups.size()));
        const CommandResult made = run(d.data, {"backup", dest.string()});
        INFO(made.output);
        REQUIRE(made.exitCode == 0);
        if (before && pushing) ++duringPushes;
        backups.push_back(dest);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    pusher.join();
    REQUIRE(d.allSent());
    CHECK(duringPushes >= 1);
    MESSAGE(backups.size() << " backups, " << duringPushes << " of them wholly during the pushes");
    const fs::path last = d.dir / "backup-final";
    REQUIRE(run(d.data, {"backup", last.string()}).exitCode == 0);
    backups.push_back(last);

    const auto live = recordsIn(d.data / "server.db");
    CHECK(live.size() == submittedBefore + kDrafts);
    const std::string liveReport = run(d.data, {"hr-report", "aggregates", "--year", "2026"}).output;
    std::size_t previous = 0;
    for (std::size_t i = 0; i < backups.size(); ++i) {
        CAPTURE(i);
        const fs::path& backup = backups[i];
        CHECK(modeOf(backup) == 0700);
        CHECK(modeOf(backup / "keys") == 0700);
        CHECK(modeOf(backup / "keys" / "storage.key") == 0600);
        CHECK(modeOf(backup / "keys" / "server-signing.key") == 0600);
        CHECK(modeOf(backup / "server.db") == 0600);

        // Restored into a fresh folder: the same records, byte for byte, as the live server.
        const fs::path restored = d.dir / ("restored-" + std::to_string(i));
        const CommandResult restore = run(restored, {"restore", backup.string()});
        INFO(restore.output);
        REQUIRE(restore.exitCode == 0);
        const auto copy = recordsIn(restored / "server.db");
        CHECK(copy.size() >= previous);  // later backups hold at least what earlier ones did
        previous = copy.size();
        for (const auto& [id, row] : copy) {
            REQUIRE(live.count(id) == 1);
            CHECK(live.at(id) == row);
        }
        // The submissions open with the restored keys: HR's report is the live one.
        CHECK(run(restored, {"hr-report", "aggregates", "--year", "2026"}).output == liveReport);
        // And it serves.
        ServerProcess server({"--data", restored.string(), "serve", "--port", "0"});
        auto health = httplib::Client("127.0.0.1", server.port()).Get("/api/v1/health");
        REQUIRE(health);
        CHECK(health->body.find("\"intact\":true") != std::string::npos);
    }
    CHECK(previous == submittedBefore + kDrafts);  // the final backup has everything

    // The drill: the server is lost; the final backup goes onto the address the kiosk knows,
    // and the kiosk goes on syncing there.
    const int port = d.server->port();
    d.server->stop();
    const fs::path replacement = d.dir / "replacement";
    REQUIRE(run(replacement, {"restore", last.string()}).exitCode == 0);
    d.startServer(port, replacement);
    d.queueDrafts(kDrafts, 1);
    const kiosk::SyncReport report = d.kiosk.engine->syncOnce(unixNow());
    CHECK(report.reachable);
    CHECK(report.refusal.empty());
    CHECK(report.stored == 1);
    CHECK(d.allSent());
}

TEST_CASE("a server restored from an older backup gets back from the kiosk what it had acknowledged since") {
    Deployment d(40);
    // Hanna (1003) has a one-time code for her PIN; the terminal learns of it from the roster.
    const CommandResult pinCode = run(d.data, {"pin-code", "1003"});
    REQUIRE(pinCode.exitCode == 0);
    REQUIRE(d.kiosk.engine->syncOnce(unixNow()).stored == 40);
    const fs::path backup = d.dir / "backup-last-night";
    REQUIRE(run(d.data, {"backup", backup.string()}).exitCode == 0);

    // After the backup, all acknowledged by the server: 25 new drafts, r-backup-0 and r-backup-1
    // changed here, and Hanna's PIN set at this terminal with her code.
    d.queueDrafts(40, 25);
    d.editRecord("r-backup-0");
    d.editRecord("r-backup-1");
    d.kiosk.newPinParams = sync::pinKdfFloor();  // the server binary takes no weaker PIN
    d.kiosk.restartApp();
    d.kiosk.app->start().staffNumber = "1003";
    d.kiosk.app->submitStaffNumber();
    d.kiosk.app->settle();
    REQUIRE(d.kiosk.app->screen() == kiosk::Screen::FirstUse);
    const std::string code = pinCode.output.substr(0, pinCode.output.find('\n'));
    d.kiosk.app->firstUse().code = code;
    d.kiosk.app->firstUse().newPin = "580213";
    d.kiosk.app->firstUse().confirmPin = "580213";
    d.kiosk.app->submitFirstUse();
    d.kiosk.app->settle();
    REQUIRE(d.kiosk.app->screen() == kiosk::Screen::Home);
    d.kiosk.app->logout();
    d.kiosk.app->settle();
    const kiosk::SyncReport acknowledged = d.kiosk.engine->syncOnce(unixNow());
    CHECK(acknowledged.stored == 27);
    CHECK(acknowledged.pinsSent == 1);
    REQUIRE(d.allSent());
    // And one more change here that has not reached the server when it is lost.
    d.editRecord("r-backup-1");
    const std::string hannasPin =
        sqlText(d.data / "server.db", "SELECT pin_verifier FROM person WHERE staff_number = '1003'");
    REQUIRE_FALSE(hannasPin.empty());
    const auto live = recordsIn(d.data / "server.db");

    // The server is lost; last night's backup is restored onto the address the kiosk knows.
    const int port = d.server->port();
    d.server->stop();
    const CommandResult restored = run(d.data, {"restore", "--force", backup.string()});
    INFO(restored.output);
    REQUIRE(restored.exitCode == 0);
    const auto fromBackup = recordsIn(d.data / "server.db");
    CHECK(fromBackup.size() + 25 == live.size());  // the test would pass without a restore otherwise
    CHECK(fromBackup.count("r-backup-40") == 0);
    CHECK(sqlText(d.data / "server.db", "SELECT pin_verifier FROM person WHERE staff_number = '1003'") != hannasPin);
    d.startServer(port);

    const kiosk::SyncReport report = d.kiosk.engine->syncOnce(unixNow());
    CHECK(report.refusal.empty());
    CHECK(report.serverRestored);
    CHECK(report.conflicts == 0);
    CHECK(report.refused == 0);
    CHECK(report.stored == 27);     // the 25 drafts, r-backup-0's version 2, r-backup-1's version 3 (its 2 was lost)
    CHECK(report.unchanged == 38);  // the 38 drafts the backup holds
    CHECK(report.pinsSent == 1);
    CHECK(d.allSent());

    const auto after = recordsIn(d.data / "server.db");
    CHECK(after.size() == live.size());
    kiosk::KioskStore store = d.kiosk.store();
    for (const auto& [id, row] : live) {
        CAPTURE(id);
        REQUIRE(after.count(id) == 1);
        if (id == "r-backup-1") {
            CHECK(after.at(id).rfind("3:" + store.record(id)->value().payloadHash + ":", 0) == 0);
        } else {
            CHECK(after.at(id) == row);
        }
    }
    CHECK(sqlText(d.data / "server.db", "SELECT count(*) FROM record_conflict") == "0");
    CHECK(sqlText(d.data / "server.db", "SELECT pin_verifier FROM person WHERE staff_number = '1003'") == hannasPin);
    // Hanna logs in with her PIN at this terminal, and the next sync has nothing more to send.
    CHECK(d.kiosk.login("1003", "580213"));
    d.kiosk.app->logout();
    d.kiosk.app->settle();
    const kiosk::SyncReport next = d.kiosk.engine->syncOnce(unixNow());
    CHECK_FALSE(next.serverRestored);
    CHECK(next.stored + next.unchanged + next.pinsSent == 0);
}

TEST_CASE("restore refuses a running server's data, existing data without --force, and backups that do not check out") {
    Deployment d(3);
    REQUIRE(d.kiosk.engine->syncOnce(unixNow()).stored == 3);
    const fs::path backup = d.dir / "backup";
    REQUIRE(run(d.data, {"backup", backup.string()}).exitCode == 0);
    // Each attack gets its own copy of the good backup.
    int copies = 0;
    auto copyOfBackup = [&] {
        const fs::path copy = d.dir / ("copy-" + std::to_string(++copies));
        fs::copy(backup, copy, fs::copy_options::recursive);
        return copy;
    };
    auto refusedInto = [&](const fs::path& target, const fs::path& from, const std::string& why) {
        const CommandResult refused = run(target, {"restore", from.string()});
        INFO(refused.output);
        CHECK(refused.exitCode != 0);
        CHECK(refused.output.find(why) != std::string::npos);
        CHECK_FALSE(fs::exists(target / "server.db"));
    };

    // A backup never goes into a folder that holds something.
    const CommandResult again = run(d.data, {"backup", backup.string()});
    CHECK(again.exitCode != 0);
    CHECK(again.output.find("not empty") != std::string::npos);

    // Not while a server serves the data, not even with --force; nor a second server.
    const CommandResult whileServing = run(d.data, {"restore", "--force", backup.string()});
    CHECK(whileServing.exitCode != 0);
    CHECK(whileServing.output.find("running server") != std::string::npos);
    CHECK(run(d.data, {"serve", "--port", "0"}).exitCode != 0);

    // A storage key that does not open the backup's submissions.
    const fs::path foreign = copyOfBackup();
    REQUIRE(run(d.dir / "other", {"init"}).exitCode == 0);
    fs::remove(foreign / "keys" / "storage.key");
    fs::copy_file(d.dir / "other" / "keys" / "storage.key", foreign / "keys" / "storage.key");
    refusedInto(d.dir / "target-1", foreign, "do not belong together");

    // A damaged database: pages 2 and 3 overwritten, headers and all.
    const fs::path damaged = copyOfBackup();
    {
        std::fstream file(damaged / "server.db", std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096);
        const std::string garbage(2 * 4096, '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    refusedInto(d.dir / "target-2", damaged, "not restoring");

    // Key files others can read.
    const fs::path loose = copyOfBackup();
    fs::permissions(loose / "keys" / "server-signing.key", fs::perms::group_read, fs::perm_options::add);
    refusedInto(d.dir / "target-3", loose, "chmod 600");

    // Existing data only with --force, and then kept aside, never deleted.
    d.server->stop();
    const auto before = recordsIn(d.data / "server.db");
    const CommandResult refused = run(d.data, {"restore", backup.string()});
    CHECK(refused.exitCode != 0);
    CHECK(refused.output.find("--force") != std::string::npos);
    const CommandResult forced = run(d.data, {"restore", "--force", backup.string()});
    INFO(forced.output);
    REQUIRE(forced.exitCode == 0);
    int aside = 0;
    for (const auto& entry : fs::directory_iterator(d.data)) {
        if (entry.path().filename().string().rfind("before-restore-", 0) != 0) continue;
        ++aside;
        CHECK(recordsIn(entry.path() / "server.db") == before);
        CHECK(fs::exists(entry.path() / "keys" / "storage.key"));
    }
    CHECK(aside == 1);
    CHECK(recordsIn(d.data / "server.db") == before);  // the backup was taken after the push
}

TEST_CASE("rotate-keys re-seals every submission under a new storage key, and only with the server stopped") {
    Deployment d(0);
    const fs::path keyFile = d.data / "keys" / "storage.key";
    const std::string oldKey = readFile(keyFile);
    const std::string reportBefore = run(d.data, {"hr-report", "aggregates", "--year", "2026"}).output;

    const CommandResult whileServing = run(d.data, {"rotate-keys"});
    CHECK(whileServing.exitCode != 0);
    CHECK(whileServing.output.find("running server") != std::string::npos);
    const int port = d.server->port();
    d.server->stop();

    // As if an earlier rotation had stopped before its commit: a next key that opens nothing.
    writeFile(d.data / "keys" / "storage.key.next", crypto::toHex(crypto::randomBytes(32)) + "\n");
    fs::permissions(d.data / "keys" / "storage.key.next", fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    const CommandResult rotated = run(d.data, {"rotate-keys"});
    INFO(rotated.output);
    REQUIRE(rotated.exitCode == 0);
    CHECK(rotated.output.find("re-sealed") != std::string::npos);
    CHECK(readFile(keyFile) != oldKey);
    CHECK(modeOf(keyFile) == 0600);
    CHECK_FALSE(fs::exists(d.data / "keys" / "storage.key.next"));

    // Every submission opens with the new key and none with the old one.
    auto oldBytes = crypto::fromHex(oldKey.substr(0, 64));
    REQUIRE(oldBytes.ok());
    const crypto::SecretBuffer old = crypto::SecretBuffer::copyOf(*oldBytes);
    auto keys = server::loadServerKeys(d.data / "keys");
    REQUIRE(keys.ok());
    auto db = storage::Database::open((d.data / "server.db").string());
    REQUIRE(db.ok());
    auto rows = db->prepare("SELECT id, owner, version, payload FROM record WHERE state = 'submitted'");
    REQUIRE(rows.ok());
    int submitted = 0;
    while (*rows->step()) {
        const crypto::RecordBinding binding{rows->getText(0), rows->getText(1),
                                            static_cast<std::uint64_t>(rows->getInt(2))};
        CHECK(crypto::open(keys->storage, binding, rows->getBlob(3)).ok());
        CHECK_FALSE(crypto::open(old, binding, rows->getBlob(3)).ok());
        ++submitted;
    }
    CHECK(submitted > 0);
    CHECK(rotated.output.find("re-sealed " + std::to_string(submitted)) != std::string::npos);
    // HR reads the same from the re-sealed data, and the server starts on it.
    CHECK(run(d.data, {"hr-report", "aggregates", "--year", "2026"}).output == reportBefore);
    d.startServer(port);
    const kiosk::SyncReport report = d.kiosk.engine->syncOnce(unixNow());
    CHECK(report.reachable);
    CHECK(report.refusal.empty());
}

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT  // Debian's cpp-httplib has it; the server then offers --cert/--key
TEST_CASE("serve --cert --key answers over TLS, and only over TLS") {
    TempDir dir;
    const fs::path data = dir / "server";
    REQUIRE(run(data, {"init"}).exitCode == 0);
    const std::string cert = (dir / "cert.pem").string();
    const std::string key = (dir / "key.pem").string();
    makeCertificate(cert, key);

    SUBCASE("a bad key file is refused at start") {
        writeFile(dir / "bad.pem", "not a key\n");
        const CommandResult refused =
            run(data, {"serve", "--port", "0", "--cert", cert, "--key", (dir / "bad.pem").string()});
        CHECK(refused.exitCode != 0);
        CHECK(refused.output.find("TLS") != std::string::npos);
    }
    SUBCASE("HTTPS with the certificate checked; plain HTTP gets nothing") {
        // Off loopback without TLS it would refuse to start; with TLS it listens anywhere.
        ServerProcess server(
            {"--data", data.string(), "serve", "--host", "0.0.0.0", "--port", "0", "--cert", cert, "--key", key});
        httplib::SSLClient tls("127.0.0.1", server.port());
        tls.set_ca_cert_path(cert.c_str());
        tls.enable_server_certificate_verification(true);
        auto health = tls.Get("/api/v1/health");
        REQUIRE(health);
        CHECK(health->status == 200);
        CHECK(health->body.find("\"status\":\"ok\"") != std::string::npos);

        httplib::Client plain("127.0.0.1", server.port());
        plain.set_read_timeout(3, 0);
        auto answer = plain.Get("/api/v1/health");
        CHECK((!answer || answer->status != 200));

        // A client that trusts another certificate refuses this server.
        TempDir elsewhere;
        const std::string otherCert = (elsewhere / "cert.pem").string();
        makeCertificate(otherCert, elsewhere / "key.pem");
        httplib::SSLClient suspicious("127.0.0.1", server.port());
        suspicious.set_ca_cert_path(otherCert.c_str());
        suspicious.enable_server_certificate_verification(true);
        CHECK_FALSE(suspicious.Get("/api/v1/health"));
    }
}
#endif
