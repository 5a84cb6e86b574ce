// The growing worker pool of the HTTP server (api/worker_pool.h).
#include "api/worker_pool.h"

#include <algorithm>

namespace osm::server {

WorkerPool::WorkerPool(std::size_t initial, std::size_t cap) : m_cap(std::max<std::size_t>(cap, 1)) {
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < std::min(initial, m_cap); ++i) startWorker();
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::startWorker() {
    ++m_idle;  // counted idle from the start, so a burst of tasks does not start one each
    m_threads.emplace_back([this] { work(); });
}

void WorkerPool::enqueue(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
        // Every idle worker is already spoken for by a queued task: one more, while under the cap.
        if (m_idle < m_tasks.size() && m_threads.size() < m_cap) startWorker();
    }
    m_wake.notify_one();
}

void WorkerPool::shutdown() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        threads.swap(m_threads);
    }
    m_wake.notify_all();
    for (std::thread& t : threads) {
        if (t.joinable()) t.join();
    }
}

std::size_t WorkerPool::workers() const {
    std::lock_guard lock(m_mutex);
    return m_threads.size();
}

void WorkerPool::work() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
        if (m_tasks.empty()) break;  // stopping, and nothing left to run
        std::function<void()> task = std::move(m_tasks.front());
        m_tasks.pop_front();
        --m_idle;
        lock.unlock();
        task();
        lock.lock();
        ++m_idle;
    }
    --m_idle;
}

}  // namespace osm::server
