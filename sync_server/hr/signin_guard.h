// What stands before HR's password check: SignInThrottle slows guessing per account and source
// with growing delays (never a lock anyone else can set), and PasswordCheckGate bounds how many
// Argon2id checks (64 MiB each) run at once.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <mutex>
#include <string>

namespace osm::server {

struct SignInThrottleOptions {
    // Per account name and source address: this many wrong passwords cost nothing, then each
    // one more doubles the wait before the next try from that source for that name, from
    // firstDelay up to maxDelay. One try at a time per name and source.
    int freeFailures = 3;
    std::int64_t firstDelay = 1;
    std::int64_t maxDelay = 5 * 60;
    // Per source over all names (one address trying many names): the same, with more free.
    int sourceFreeFailures = 20;
    // Failures older than this are forgotten.
    std::int64_t forgetAfter = 24 * 60 * 60;
    // Entries kept in memory at most, per table; the oldest idle ones go first.
    std::size_t maxEntries = 10000;
};

// Keyed by the name as typed, whether or not an account has it, so an unknown name is slowed
// exactly as a real one is, and the answers do not tell which names exist.
class SignInThrottle {
public:
    explicit SignInThrottle(SignInThrottleOptions options = {}) : m_options(options) {}

    // 0: the try may go ahead (and is now in flight: end it with failed, succeeded or
    // abandoned); else the seconds to wait before the next try.
    std::int64_t begin(const std::string& name, const std::string& source, std::int64_t now);
    void failed(const std::string& name, const std::string& source, std::int64_t now);
    void succeeded(const std::string& name, const std::string& source);
    void abandoned(const std::string& name, const std::string& source);

private:
    struct Entry {
        int failures = 0;
        std::int64_t lastFailure = 0;
        int inFlight = 0;
    };
    using Table = std::map<std::string, Entry>;
    std::int64_t waitFor(const Entry& entry, int freeFailures, std::int64_t now) const;
    Entry& entryOf(Table& table, const std::string& key, std::int64_t now);

    SignInThrottleOptions m_options;
    std::mutex m_mutex;
    Table m_pairs;    // name + '\n' + source
    Table m_sources;  // source
};

// A counting gate: `slots` checks at once, `queue` more waiting for a slot; beyond that a
// sign-in is refused at once (the page answers 503 with Retry-After) instead of piling up
// Argon2id's memory.
class PasswordCheckGate {
public:
    PasswordCheckGate(int slots, int queue);
    // `checks` slots (0 or less: one per `threadsPerCheck` hardware threads, 1 to `most`) and
    // `queue` places (negative: 4 per slot).
    static PasswordCheckGate sized(int checks, int queue, int threadsPerCheck, int most);
    // false: both the slots and the queue are full.
    bool enter();
    void leave();

private:
    std::mutex m_mutex;
    std::condition_variable m_free;
    int m_slots;
    int m_queue;
    int m_active = 0;
    int m_waiting = 0;
};

// One password check of a sign-in that SignInThrottle::begin let through, done inside the gate and
// ended in the throttle (failed, succeeded or abandoned). `storedHash` looks the account up: its
// crypto::hashPassword string, nullopt for no account (or none with a password), or an error. An
// unknown name is checked against a decoy, so the time taken does not tell which names exist.
enum class PasswordVerdict { Match, NoMatch, Busy, Error };
PasswordVerdict checkPasswordGated(PasswordCheckGate& gate, SignInThrottle& throttle, const std::string& name,
                                   const std::string& source, std::int64_t now, const std::string& password,
                                   const std::function<std::optional<std::optional<std::string>>()>& storedHash);

}  // namespace osm::server
