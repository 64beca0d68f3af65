#include "core/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace atrium {

namespace {

std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::observe_request(std::string_view method, std::string_view route, int status,
                              double seconds) {
  std::lock_guard lock(mutex_);
  auto found =
      series_.find(std::tuple<std::string_view, std::string_view, int>{method, route, status});
  if (found == series_.end()) {
    found = series_.emplace(std::tuple{std::string(method), std::string(route), status}, Series{})
                .first;
  }
  Series& s = found->second;
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++s.buckets[i];
  }
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP atrium_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE atrium_http_requests_total counter\n";
  for (const auto& [key, s] : series_) {
    const auto& [method, route, status] = key;
    out << "atrium_http_requests_total{method=\"" << escape_label(method) << "\",route=\""
        << escape_label(route) << "\",status=\"" << status << "\"} " << s.count << "\n";
  }
  out << "# HELP atrium_http_request_duration_seconds Time from request to response.\n"
         "# TYPE atrium_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const auto& [method, route, status] = key;
    const std::string labels = "method=\"" + escape_label(method) + "\",route=\"" +
                               escape_label(route) + "\",status=\"" + std::to_string(status) + "\"";
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      out << "atrium_http_request_duration_seconds_bucket{" << labels << ",le=\""
          << number(kLatencyBuckets[i]) << "\"} " << s.buckets[i] << "\n";
    }
    out << "atrium_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << s.count
        << "\n";
    out << "atrium_http_request_duration_seconds_sum{" << labels << "} " << number(s.sum) << "\n";
    out << "atrium_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
  }
  for (const auto& g : gauges_) {
    out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n"
        << g.name << " " << number(g.read()) << "\n";
  }
  return out.str();
}

}  // namespace atrium
