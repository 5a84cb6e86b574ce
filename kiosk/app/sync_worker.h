// SyncWorker: the kiosk's background sync thread. It syncs every `interval` seconds while the
// server answers, backs off (doubling, up to five minutes) while it does not, and at once when
// asked (after a submit, at login). Never touches the UI: reports go to `onReport`, which the
// app marshals to the main thread.
#pragma once

#include "sync_engine.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace osm::kiosk {

class SyncWorker {
public:
    // Each report is shared, never copied: it may hold the plaintext of others' forms (a
    // manager's team), which is overwritten when the last holder lets go (wipeShared).
    using Report = std::function<void(std::shared_ptr<const SyncReport> report)>;
    using Enrolled = std::function<void(const Result<DeviceInfo>& device)>;

    SyncWorker(std::unique_ptr<SyncEngine> engine, std::function<std::int64_t()> now, Report onReport,
               double intervalSeconds = 30);
    ~SyncWorker();  // finishes the exchange in progress, then stops
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void syncNow();
    void pullForPerson(const std::string& staffNumber, std::shared_ptr<const crypto::SigningKeyPair> personKey);
    // Enrols the terminal (on the sync thread); the answer goes to `done` there.
    void enrol(std::string serverUrl, std::string code, Enrolled done);

private:
    void loop();

    std::unique_ptr<SyncEngine> m_engine;
    std::function<std::int64_t()> m_now;
    Report m_onReport;
    double m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_syncRequested = true;
    std::vector<std::pair<std::string, std::shared_ptr<const crypto::SigningKeyPair>>> m_personPulls;
    struct EnrolRequest {
        std::string url;
        std::string code;
        Enrolled done;
    };
    std::vector<EnrolRequest> m_enrolments;
    std::thread m_thread;
};

}  // namespace osm::kiosk
