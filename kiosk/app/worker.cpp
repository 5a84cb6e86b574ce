// A single worker thread keeps SQLite single-threaded and saves strictly ordered.
#include "worker.h"

namespace osm::kiosk {

Worker::Worker(std::function<void()> wake) : m_wake(std::move(wake)), m_thread([this] { loop(); }) {}

Worker::~Worker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void Worker::post(Job job) {
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_changed.notify_all();
}

void Worker::postToMain(MainThreadTask task) {
    {
        std::lock_guard lock(m_mutex);
        m_done.push_back(std::move(task));
    }
    m_changed.notify_all();
    if (m_wake) m_wake();
}

void Worker::loop() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [&] { return m_stopping || !m_jobs.empty(); });
        if (m_jobs.empty()) return;  // stopping, and nothing left to do
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        ++m_running;
        lock.unlock();
        MainThreadTask then = job();
        lock.lock();
        --m_running;
        if (then) m_done.push_back(std::move(then));
        m_changed.notify_all();
        if (m_wake) m_wake();
    }
}

int Worker::pump() {
    std::deque<MainThreadTask> ready;
    {
        std::lock_guard lock(m_mutex);
        ready.swap(m_done);
    }
    for (MainThreadTask& task : ready) task();
    return static_cast<int>(ready.size());
}

void Worker::drain() {
    // Continuations may post more jobs (a save after a load): loop until all is quiet.
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_jobs.empty() && m_running == 0; });
        }
        if (pump() == 0) return;
    }
}

bool Worker::idle() const {
    std::lock_guard lock(m_mutex);
    return m_jobs.empty() && m_running == 0 && m_done.empty();
}

}  // namespace osm::kiosk
