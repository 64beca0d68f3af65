#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace atrium {

// A fixed set of threads for blocking work (SQL, password hashing, SMTP) with a bounded queue,
// so that overload is refused at once (HTTP 503) instead of piling up memory and latency.
class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t queue_capacity);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping; the task is then not run.
  bool try_submit(std::function<void()> task);

  // Runs every queued task, then joins the threads. Idempotent.
  void stop();

  std::size_t queue_depth() const;
  std::size_t busy() const;
  std::size_t capacity() const { return capacity_; }
  std::size_t threads() const { return threads_.size(); }

 private:
  void run();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace atrium
