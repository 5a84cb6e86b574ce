// Fuzzes the sync service as the network reaches it: the first byte picks the request, the rest
// is its body. Enrolment and raw header blocks are fuzzed before authentication; push, pull,
// pins and catalog bodies are signed with an enrolled device's key (and, when the second byte
// says so, with a person's key), so the fuzzer gets past the signature into every body reader.
#include "crypto/kdf.h"
#include "ops/operator_commands.h"
#include "sync/protocol.h"
#include "api/sync_service.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

using namespace osm;

namespace {

std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Harness {
    std::unique_ptr<server::SyncStorage> storage;
    std::unique_ptr<server::ServerKeys> keys;
    std::unique_ptr<server::SyncService> service;
    crypto::SigningKeyPair device = crypto::generateSigningKeyPair();
    std::string deviceId;
    crypto::SigningKeyPair person;
    std::string dir;

    Harness() {
        const char* base = std::filesystem::exists("/dev/shm") ? "/dev/shm/osm-fuzz-XXXXXX" : "/tmp/osm-fuzz-XXXXXX";
        dir = base;
        if (!::mkdtemp(dir.data())) std::abort();
        const server::ServerPaths paths{dir, std::filesystem::path(dir) / "keys"};
        if (!server::initServer(paths).ok()) std::abort();
        auto opened = server::openSqliteStorage(paths.databasePath());
        auto loaded = server::loadServerKeys(paths.keyDir);
        auto org = domain::loadOrganisationFile(std::filesystem::path(OSM_ASSETS_DIR) / "demo" / "organisation.json");
        if (!opened.ok() || !loaded.ok() || !org.ok() || !(*opened)->importOrganisation(*org).ok()) std::abort();
        storage = std::move(*opened);
        keys = std::make_unique<server::ServerKeys>(std::move(*loaded));
        server::ServiceOptions options;
        options.now = now;
        options.requestsPerSecond = 1e9;
        options.burst = 1e9;
        service = std::make_unique<server::SyncService>(*storage, *keys, options);

        const crypto::Salt salt = crypto::randomSalt();
        auto userKeys = crypto::deriveUserKeys("482915", salt, crypto::minimalKdfParams());
        if (!userKeys.ok()) std::abort();
        person = std::move(userKeys->personKey);
        if (!storage
                 ->setPin(
                     "1001",
                     {crypto::minimalKdfParams().toString(), crypto::toHex(salt), crypto::toHex(userKeys->verifier)},
                     crypto::toHex(person.publicKey))
                 .ok())
            std::abort();
        auto code = server::createEnrolmentCode(*storage, "pk_tahtitaivas", 3600, now());
        if (!code.ok()) std::abort();
        const nlohmann::json enrol{{"code", *code}, {"public_key", crypto::toHex(device.publicKey)}};
        const server::ApiResponse reply = service->handle({"POST", "/api/v1/enrol", {}, enrol.dump()});
        if (reply.status != 200) std::abort();
        deviceId = nlohmann::json::parse(reply.body)["device_id"];
    }
    ~Harness() {
        service.reset();
        storage.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness h;
    if (size < 2) return 0;
    const int mode = data[0] % 6;
    const bool asPerson = (data[1] & 1) != 0;
    std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
    server::ApiRequest request{"POST", "/api/v1/enrol", {}, {}};
    if (mode == 0) {
        request.body = std::move(body);
    } else if (mode <= 4) {
        static const char* paths[] = {"/api/v1/push", "/api/v1/pull", "/api/v1/pins", "/api/v1/catalog"};
        request.path = paths[mode - 1];
        const auto signedHeaders = sync::signRequest(h.device, h.deviceId, "POST", request.path, body, now(),
                                                     asPerson ? &h.person : nullptr, asPerson ? "1001" : "");
        request.headers = {{sync::header::kDevice, signedHeaders.device},
                           {sync::header::kTimestamp, signedHeaders.timestamp},
                           {sync::header::kNonce, signedHeaders.nonce},
                           {sync::header::kSignature, signedHeaders.signature}};
        if (asPerson) {
            request.headers[sync::header::kPerson] = signedHeaders.person;
            request.headers[sync::header::kPersonSignature] = signedHeaders.personSignature;
        }
        request.body = std::move(body);
    } else {
        // "METHOD PATH\nName: value\n…\n\nbody": the header block as the HTTP layer hands it over.
        const std::size_t end = body.find("\n\n");
        const std::string head = body.substr(0, end);
        request.body = end == std::string::npos ? std::string() : body.substr(end + 2);
        std::size_t start = 0;
        bool first = true;
        while (start <= head.size()) {
            const std::size_t eol = std::min(head.find('\n', start), head.size());
            const std::string line = head.substr(start, eol - start);
            if (first) {
                const std::size_t space = line.find(' ');
                request.method = line.substr(0, space);
                request.path = space == std::string::npos ? std::string() : line.substr(space + 1);
                first = false;
            } else if (const std::size_t colon = line.find(':'); colon != std::string::npos) {
                request.headers[line.substr(0, colon)] = line.substr(std::min(colon + 2, line.size()));
            }
            start = eol + 1;
        }
    }
    (void)h.service->handle(request);
    return 0;
}
