// Fuzzes the kiosk's side of the protocol against a hostile or broken server: an enrolled
// kiosk with queued drafts syncs (push, PINs, roster pull, catalogue fetch) and pulls a
// person's records, and every answer it gets is cut from the fuzzer's bytes. Replies are
// separated by "\n#\n"; a reply's first byte picks its HTTP status (mostly 200), and when the
// replies run out the network is down.
#include "sync_engine.h"

#include "crypto/kdf.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <string>

using namespace osm;

namespace {

class ReplayTransport : public kiosk::SyncTransport {
public:
    std::deque<kiosk::HttpReply> replies;
    Result<kiosk::HttpReply> post(const std::string&, const std::string&, const kiosk::HttpHeaders&,
                                  const std::string&) override {
        if (replies.empty()) return makeError(ErrorCode::Io, "server unreachable: the fuzzer's replies ran out");
        kiosk::HttpReply reply = std::move(replies.front());
        replies.pop_front();
        return reply;
    }
};

std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Harness {
    std::string dir;
    ReplayTransport transport;
    std::unique_ptr<kiosk::SyncEngine> engine;
    crypto::SigningKeyPair person = crypto::generateSigningKeyPair();

    Harness() {
        dir = std::filesystem::exists("/dev/shm") ? "/dev/shm/osm-fuzz-kiosk-XXXXXX" : "/tmp/osm-fuzz-kiosk-XXXXXX";
        if (!::mkdtemp(dir.data())) std::abort();
        const std::string db = dir + "/kiosk.db";
        auto store = kiosk::KioskStore::open(db);
        auto other = kiosk::KioskStore::open(db);
        if (!store.ok() || !other.ok()) std::abort();
        engine = std::make_unique<kiosk::SyncEngine>(std::move(*store), std::filesystem::path(dir) / "device.key",
                                                     transport);
        const crypto::SigningKeyPair server = crypto::generateSigningKeyPair();
        const nlohmann::json answer{{"device_id", "k-fuzz"},
                                    {"unit_id", "pk_tahtitaivas"},
                                    {"unit_name", "Päiväkoti"},
                                    {"server_public_key", crypto::toHex(server.publicKey)},
                                    {"protocol", 1}};
        transport.replies.push_back({200, answer.dump()});
        if (!engine->enrol("http://127.0.0.1:1", "AAAA-BBBB-CCCC", now()).ok()) std::abort();
        // Two queued drafts, so pushes happen and their answers are read.
        for (int i = 0; i < 2; ++i) {
            kiosk::StoredRecord r;
            r.id = "r-fuzz-" + std::to_string(i);
            r.owner = "1001";
            r.formId = "development_discussion_staff";
            r.year = 2026;
            r.version = 1;
            r.sealed = crypto::randomBytes(64);
            r.payloadHash = crypto::contentHash(r.sealed);
            r.authorSignature = crypto::randomBytes(64);
            if (!other->saveRecord(r).ok()) std::abort();
        }
    }
    ~Harness() {
        engine.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness h;
    h.transport.replies.clear();
    const std::string input(reinterpret_cast<const char*>(data), size);
    for (std::size_t start = 0; start < input.size() && h.transport.replies.size() < 16;) {
        const std::size_t end = std::min(input.find("\n#\n", start), input.size());
        const std::string part = input.substr(start, end - start);
        static const int statuses[] = {200, 200, 200, 200, 200, 400, 401, 403, 404, 409, 413, 429, 500};
        const int status = part.empty() ? 200 : statuses[static_cast<unsigned char>(part[0]) % std::size(statuses)];
        h.transport.replies.push_back({status, part.empty() ? part : part.substr(1)});
        start = end + 3;
    }
    const bool personPull = !input.empty() && (static_cast<unsigned char>(input[0]) & 1) != 0;
    if (personPull)
        (void)h.engine->pullForPerson("1001", h.person, now());
    else
        (void)h.engine->syncOnce(now());
    return 0;
}
