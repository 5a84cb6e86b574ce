// The sync loop. A push that got no answer is simply sent again on the next round: the server
// answers a repeated batch with "unchanged", so retrying is always safe.
#include "sync_worker.h"

#include <algorithm>
#include <chrono>

namespace osm::kiosk {

SyncWorker::SyncWorker(std::unique_ptr<SyncEngine> engine, std::function<std::int64_t()> now, Report onReport,
                       double intervalSeconds)
    : m_engine(std::move(engine)), m_now(std::move(now)), m_onReport(std::move(onReport)), m_interval(intervalSeconds),
      m_thread([this] { loop(); }) {}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void SyncWorker::syncNow() {
    {
        std::lock_guard lock(m_mutex);
        m_syncRequested = true;
    }
    m_wake.notify_all();
}

void SyncWorker::pullForPerson(const std::string& staffNumber,
                               std::shared_ptr<const crypto::SigningKeyPair> personKey) {
    {
        std::lock_guard lock(m_mutex);
        m_personPulls.emplace_back(staffNumber, std::move(personKey));
        m_syncRequested = true;
    }
    m_wake.notify_all();
}

void SyncWorker::enrol(std::string serverUrl, std::string code, Enrolled done) {
    {
        std::lock_guard lock(m_mutex);
        m_enrolments.push_back({std::move(serverUrl), std::move(code), std::move(done)});
        m_syncRequested = true;
    }
    m_wake.notify_all();
}

void SyncWorker::loop() {
    double delay = m_interval;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::duration<double>(delay), [&] { return m_stopping || m_syncRequested; });
        if (m_stopping) return;
        m_syncRequested = false;
        auto pulls = std::move(m_personPulls);
        m_personPulls.clear();
        auto enrolments = std::move(m_enrolments);
        m_enrolments.clear();
        lock.unlock();

        for (EnrolRequest& request : enrolments) {
            const Result<DeviceInfo> device =
                m_engine->enrolled()
                    ? Result<DeviceInfo>(makeError(ErrorCode::Conflict, "this terminal is enrolled already"))
                    : m_engine->enrol(request.url, request.code, m_now());
            request.done(device);
        }

        SyncReport report = m_engine->syncOnce(m_now());
        // A person's pull is not retried when the server is away: keeping their key for later
        // would outlive their session. Their next login asks again.
        for (auto& [staffNumber, key] : pulls) {
            if (!report.reachable || key == nullptr) break;
            SyncReport personal = m_engine->pullForPerson(staffNumber, *key, m_now());
            report.receivedRecords += personal.receivedRecords;
            report.sharedFor = personal.sharedFor;
            wipeShared(report);
            report.shared = std::move(personal.shared);  // plaintext of others' forms: moved, never copied
            if (!personal.refusal.empty()) report.refusal = personal.refusal;
        }
        pulls.clear();  // drop the person keys as soon as they are used
        const bool reachable = report.reachable;
        std::shared_ptr<SyncReport> shared(new SyncReport(std::move(report)), [](SyncReport* done) {
            wipeShared(*done);
            delete done;
        });
        m_onReport(std::move(shared));
        delay = reachable ? m_interval : std::min(std::max(delay, m_interval) * 2, 300.0);

        lock.lock();
    }
}

}  // namespace osm::kiosk
