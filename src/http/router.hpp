#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace atrium::http {

using Handler = std::function<Response(Request&)>;

enum class Execution {
  kWorker,  // blocking work (SQL, hashing): runs on the bounded worker pool
  kInline,  // cheap and non-blocking (health, metrics): runs on the I/O thread
  // Reads that are often answered from memory (cached lists): tried on the I/O thread, where
  // its first blocking step (core/non_blocking.hpp) hands the request to the worker pool, which
  // runs it again from the start. Only for handlers that change nothing before that step.
  kInlineFirst,
};

struct Route {
  std::string method;
  std::string pattern;  // e.g. "/portal-api/users/{id}"; also the metrics label
  Handler handler;
  Execution execution = Execution::kWorker;
  // The pattern's segments, split once by add(): splitting every pattern on every request cost
  // a tenth of a request (callgrind, bench/README.md).
  std::vector<std::string> segments;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  std::vector<std::string> allowed_methods;  // for 405
};

// Matches paths segment by segment; `{name}` captures one non-empty segment, a last `{name...}`
// whatever follows (the handler reads it from the path). Literal segments win over captures. A
// small hand-written matcher keeps RESTinio's router (and its compile time) out of every handler
// file.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler,
           Execution execution = Execution::kWorker);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  // Routes without captures by their path (no trailing slash): such a route matching a request
  // has every segment literal, so no pattern can beat it; the scan of every pattern then is
  // skipped (routing was a twentieth of a cached list request, callgrind).
  std::unordered_map<std::string, std::vector<std::size_t>> literal_routes_;
};

}  // namespace atrium::http
