#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace atrium {

// Request counters and latency histograms by route and status, plus gauges read at scrape time;
// rendered in the Prometheus text exposition format.
class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  void observe_request(std::string_view method, std::string_view route, int status, double seconds);

  // `read` is called on every scrape; it must be thread-safe.
  void add_gauge(std::string name, std::string help, std::function<double()> read);

  std::string render() const;

 private:
  struct Series {
    unsigned long long count = 0;
    double sum = 0;
    std::array<unsigned long long, kLatencyBuckets.size()> buckets{};
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };

  mutable std::mutex mutex_;
  // Looked up by views (std::less<>): a request's series is found without copying its labels.
  std::map<std::tuple<std::string, std::string, int>, Series, std::less<>> series_;
  std::vector<Gauge> gauges_;
};

}  // namespace atrium
