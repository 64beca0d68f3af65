#include "app/modules/freshness_module.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace atrium::app {

namespace {

void add_gauges(Platform& p) {
  const VersionBoard& board = p.versions;
  const Clock& clock = p.clock;
  p.metrics.add_gauge(
      "atrium_data_versions_lag_seconds",
      "Seconds since this server last read the data versions (-1 before the first read).",
      [&board, &clock] {
        const auto at = board.read_at();
        if (!at) return -1.0;
        return std::chrono::duration<double>(clock.now() - *at).count();
      });
  p.metrics.add_gauge("atrium_data_versions_reads",
                      "Reads of the data versions (polls, and after this server's own writes).",
                      [&board] { return static_cast<double>(board.reads()); });
  const SignInMemory& memory = p.sign_in_memory;
  p.metrics.add_gauge("atrium_sign_in_memory_entries",
                      "Sessions and admin API tokens this server checks from memory.", [&memory] {
                        return static_cast<double>(memory.sessions.size() + memory.tokens.size());
                      });
}

}  // namespace

FreshnessModule::FreshnessModule(Platform& platform) : platform_(platform) { add_gauges(platform); }

void FreshnessModule::poll_logged() {
  const auto started = std::chrono::steady_clock::now();
  if (auto polled = platform_.versions.poll(); !polled) {
    spdlog::warn("reading the data versions failed (cached answers wait for the next read): {}",
                 polled.error().message);
    return;
  }
  const auto took = std::chrono::steady_clock::now() - started;
  if (took > VersionBoard::kStalenessBound - VersionBoard::kPollInterval) {
    spdlog::warn("reading the data versions took {} ms: other servers' changes show late",
                 std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  }
}

void FreshnessModule::start() {
  poll_logged();
  thread_.start(VersionBoard::kPollInterval, [this] { poll_logged(); });
}

}  // namespace atrium::app
