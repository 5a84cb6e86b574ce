// WorkerPool: the HTTP server's task queue. cpp-httplib 0.11.4 runs each connection on one worker
// from the moment it is accepted until it is closed, and its own ThreadPool has a fixed number of
// workers: ~140 clients that send half a request each held every worker, and every other
// connection, a kiosk's sync included, waited in the queue for as long as they stayed. This pool
// starts a new worker whenever none is idle, up to a cap, so slow or idle connections hold only
// their own workers and a new connection is served at once (docs/decisions.md, "Slow clients").
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace osm::server {

class WorkerPool : public httplib::TaskQueue {
public:
    // `initial` workers at once; more as connections need them, never more than `cap`.
    WorkerPool(std::size_t initial, std::size_t cap);
    ~WorkerPool() override;
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void enqueue(std::function<void()> task) override;
    void shutdown() override;  // lets every queued task run, then joins the workers

    std::size_t workers() const;

private:
    void startWorker();  // m_mutex held
    void work();

    const std::size_t m_cap;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_tasks;
    std::vector<std::thread> m_threads;
    std::size_t m_idle = 0;
    bool m_stopping = false;
};

}  // namespace osm::server
