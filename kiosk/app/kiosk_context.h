// What every flow of the kiosk shares: configuration, the store (reached only through the
// worker), the catalogue, the clock, the session and screen, and runJob(), the one way slow
// work is run: on the worker, its result handed back on the main thread unless a login or
// logout happened meanwhile.
//
// Thread safety: main thread only, except `store`, which only jobs' work touches.
#pragma once

#include "catalog/catalog.h"
#include "clock.h"
#include "crypto/kdf.h"
#include "crypto/signing.h"
#include "local_store.h"
#include "screen_state.h"
#include "session.h"
#include "session_rules.h"
#include "tpm_device.h"
#include "worker.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace osm::kiosk {

struct KioskConfig {
    PinPolicy pinPolicy;
    GuardPolicy guardPolicy;
    double idleTimeoutSeconds = 120;
    double idleWarningSeconds = 30;
    crypto::KdfParams newPinParams = crypto::defaultKdfParams();
    bool demo = false;
};

// Asks the sync worker to sync now; with a person, also to pull that person's records (signed
// with their key).
using SyncHook =
    std::function<void(const std::string& staffNumber, std::shared_ptr<const crypto::SigningKeyPair> personKey)>;

// runJob()'s `always` when the caller has nothing to do for a stale result.
struct NoCleanup {
    template <typename Result>
    void operator()(const Result&) const {}
};

struct KioskContext {
    KioskContext(KioskConfig settings, KioskStore opened, catalog::Catalog catalogue, const Clock& time, Worker& jobs)
        : config(settings), store(std::move(opened)), catalog(std::move(catalogue)), clock(time), worker(jobs) {}

    KioskConfig config;
    KioskStore store;  // worker thread only
    catalog::Catalog catalog;
    const Clock& clock;
    Worker& worker;

    Screen screen = Screen::Start;
    std::unique_ptr<Session> session;
    std::optional<crypto::PublicKey> serverKey;  // known once the terminal is enrolled
    std::string unitName;
    std::string serverStatusKey = "server.never";
    // The terminal's TPM, when it has one (worker thread only, like the store): PINs are bound
    // to it at login (pin_vault.h). The status line says which ("" in the demo: nothing shown).
    std::shared_ptr<tpm::TpmDevice> tpm;
    std::string tpmStatusKey;
    SyncHook syncHook;
    std::uint64_t generation = 0;  // bumps at every login and logout; stale results are ignored
    int pendingJobs = 0;

    // Runs `work()` on the worker; on the main thread, `always(result)` then, when no login or
    // logout happened since, `then(result)`. `work` may touch `store`; the others may not.
    template <typename Work, typename Then, typename Always = NoCleanup>
    void runJob(Work work, Then then, Always always = {});

    // Sync now (when a sync worker is attached), e.g. after a submission.
    void requestSync() const {
        if (syncHook) syncHook({}, nullptr);
    }
    // Takes the server's public key from its hex form (an unreadable key is ignored).
    void setServerKey(const std::string& hex);
};

template <typename Work, typename Then, typename Always>
void KioskContext::runJob(Work work, Then then, Always always) {
    ++pendingJobs;
    const std::uint64_t started = generation;
    worker.post(
        [this, started, work = std::move(work), then = std::move(then), always]() mutable -> Worker::MainThreadTask {
            auto result = work();
            return [this, started, then = std::move(then), always, result = std::move(result)]() mutable {
                --pendingJobs;
                always(std::as_const(result));
                if (started == generation) then(std::move(result));
            };
        });
}

}  // namespace osm::kiosk
