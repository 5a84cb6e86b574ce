// The throttle keeps only counts and times in memory: a restart forgets them, which costs an
// attacker nothing they could not get by waiting, and spares the database a write per guess.
#include "hr/signin_guard.h"

#include "crypto/password_hash.h"
#include "crypto/sodium_init.h"

#include <algorithm>
#include <thread>

namespace osm::server {

std::int64_t SignInThrottle::waitFor(const Entry& entry, int freeFailures, std::int64_t now) const {
    if (entry.failures < freeFailures) return 0;
    const int doublings = std::min(entry.failures - freeFailures, 30);
    const std::int64_t delay = std::min(m_options.firstDelay << doublings, m_options.maxDelay);
    return std::max<std::int64_t>(entry.lastFailure + delay - now, 0);
}

SignInThrottle::Entry& SignInThrottle::entryOf(Table& table, const std::string& key, std::int64_t now) {
    auto it = table.find(key);
    if (it != table.end()) {
        if (it->second.inFlight == 0 && now - it->second.lastFailure > m_options.forgetAfter) it->second = {};
        return it->second;
    }
    if (table.size() >= m_options.maxEntries) {
        // Forget what no longer slows anyone; if that is not enough, the longest idle entry.
        for (auto e = table.begin(); e != table.end();) {
            const bool idle = e->second.inFlight == 0 &&
                              (now - e->second.lastFailure > m_options.forgetAfter || waitFor(e->second, 0, now) == 0);
            e = idle ? table.erase(e) : std::next(e);
        }
        if (table.size() >= m_options.maxEntries) {
            auto oldest = std::min_element(table.begin(), table.end(), [](const auto& a, const auto& b) {
                return a.second.inFlight == b.second.inFlight ? a.second.lastFailure < b.second.lastFailure
                                                              : a.second.inFlight < b.second.inFlight;
            });
            table.erase(oldest);
        }
    }
    return table[key];
}

std::int64_t SignInThrottle::begin(const std::string& name, const std::string& source, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    Entry& pair = entryOf(m_pairs, name + '\n' + source, now);
    Entry& bySource = entryOf(m_sources, source, now);
    if (pair.inFlight > 0) return 1;
    const std::int64_t wait =
        std::max(waitFor(pair, m_options.freeFailures, now), waitFor(bySource, m_options.sourceFreeFailures, now));
    if (wait > 0) return wait;
    ++pair.inFlight;
    ++bySource.inFlight;
    return 0;
}

void SignInThrottle::failed(const std::string& name, const std::string& source, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    for (Entry* entry : {&m_pairs[name + '\n' + source], &m_sources[source]}) {
        entry->inFlight = std::max(entry->inFlight - 1, 0);
        ++entry->failures;
        entry->lastFailure = now;
    }
}

void SignInThrottle::succeeded(const std::string& name, const std::string& source) {
    std::lock_guard lock(m_mutex);
    m_pairs.erase(name + '\n' + source);
    Entry& bySource = m_sources[source];
    bySource.inFlight = std::max(bySource.inFlight - 1, 0);
}

void SignInThrottle::abandoned(const std::string& name, const std::string& source) {
    std::lock_guard lock(m_mutex);
    for (Entry* entry : {&m_pairs[name + '\n' + source], &m_sources[source]})
        entry->inFlight = std::max(entry->inFlight - 1, 0);
}

PasswordCheckGate::PasswordCheckGate(int slots, int queue) : m_slots(std::max(slots, 1)), m_queue(std::max(queue, 0)) {}

PasswordCheckGate PasswordCheckGate::sized(int checks, int queue, int threadsPerCheck, int most) {
    const int slots =
        checks > 0
            ? checks
            : std::clamp(static_cast<int>(std::thread::hardware_concurrency()) / std::max(threadsPerCheck, 1), 1, most);
    return PasswordCheckGate(slots, queue >= 0 ? queue : 4 * slots);
}

bool PasswordCheckGate::enter() {
    std::unique_lock lock(m_mutex);
    if (m_active < m_slots) {
        ++m_active;
        return true;
    }
    if (m_waiting >= m_queue) return false;
    ++m_waiting;
    m_free.wait(lock, [this] { return m_active < m_slots; });
    --m_waiting;
    ++m_active;
    return true;
}

void PasswordCheckGate::leave() {
    {
        std::lock_guard lock(m_mutex);
        --m_active;
    }
    m_free.notify_one();
}

namespace {

// Leaves the gate however the check ends.
struct GateSlot {
    PasswordCheckGate& gate;
    ~GateSlot() { gate.leave(); }
};

}  // namespace

PasswordVerdict checkPasswordGated(PasswordCheckGate& gate, SignInThrottle& throttle, const std::string& name,
                                   const std::string& source, std::int64_t now, const std::string& password,
                                   const std::function<std::optional<std::optional<std::string>>()>& storedHash) {
    if (!gate.enter()) {
        throttle.abandoned(name, source);
        return PasswordVerdict::Busy;
    }
    std::optional<std::optional<std::string>> stored;
    bool match = false;
    {
        GateSlot slot{gate};
        stored = storedHash();
        static const std::string decoy = [] {
            (void)crypto::initSodium();
            return crypto::hashPassword("decoy-password-never-used", {3, 64ULL * 1024 * 1024}).value();
        }();
        if (stored) match = crypto::passwordMatches(stored->value_or(decoy), password) && stored->has_value();
    }
    if (!stored) {
        throttle.abandoned(name, source);
        return PasswordVerdict::Error;
    }
    if (!match) {
        throttle.failed(name, source, now);
        return PasswordVerdict::NoMatch;
    }
    throttle.succeeded(name, source);
    return PasswordVerdict::Match;
}

}  // namespace osm::server
