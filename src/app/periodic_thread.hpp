#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace atrium::app {

// A thread that calls `tick` every `interval` until stop(), which wakes it at once and joins it.
class PeriodicThread {
 public:
  PeriodicThread() = default;
  ~PeriodicThread() { stop(); }
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;

  void start(std::chrono::milliseconds interval, std::function<void()> tick) {
    if (thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stopping_ = false;
    }
    thread_ = std::thread([this, interval, tick = std::move(tick)] {
      std::unique_lock lock(mutex_);
      while (!wakeup_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
        tick();
        lock.lock();
      }
    });
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace atrium::app
