// Worker: one background thread for slow work (Argon2id, SQLite, later the network), in the
// order posted. Each job may hand back a continuation that runs on the main thread at the next
// pump(); `wake` (glfwPostEmptyEvent in the app) makes the event loop call pump() promptly.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace osm::kiosk {

class Worker {
public:
    using MainThreadTask = std::function<void()>;
    using Job = std::function<MainThreadTask()>;

    explicit Worker(std::function<void()> wake = {});
    ~Worker();  // runs every queued job, then joins (their continuations are dropped)
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(Job job);
    // Any thread: runs `task` on the main thread at the next pump().
    void postToMain(MainThreadTask task);
    // Main thread: runs the continuations of finished jobs. Returns how many ran.
    int pump();
    // Main thread: waits until every posted job has finished, then pumps. For tests and exit.
    void drain();
    bool idle() const;

private:
    void loop();

    std::function<void()> m_wake;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_jobs;
    std::deque<MainThreadTask> m_done;
    int m_running = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace osm::kiosk
