#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "domain/storage.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace atrium::http {

struct DispatcherOptions {
  std::size_t max_body_bytes = 1024U * 1024U;
  // When set, the reads of one request (authentication, then the handler's) share one read
  // transaction (Database::begin_shared_reads).
  Database* database = nullptr;
  // When set, the dispatcher's own failures (no such path 404, 405, 413, an exception's 500)
  // are answered with this page for browsers (wants_error_page), JSON for everyone else. Its
  // status and Allow header are the JSON answer's.
  std::function<Response(const Request&, const Error&)> error_page;
};

// A browser asking for a page: Accept names text/html and the path is not an API's
// (/portal-api, /gateway), whose clients always get JSON.
bool wants_error_page(const Request& request);

struct Outcome {
  Response response;
  std::string route;         // the matched pattern, or "unmatched": a bounded label set for metrics
  bool would_block = false;  // the handler reached a blocking step in a NonBlockingScope
};

// Everything between "a request arrived" and "this is the response", without any transport:
// routing, 404/405/413, and the catch-all that turns any exception into a 500 JSON error
// carrying an error id that is also logged.
class Dispatcher {
 public:
  Dispatcher(Router router, Metrics& metrics, DispatcherOptions options)
      : router_(std::move(router)), metrics_(metrics), options_(options) {}

  // Routes a request once: the server asks the match where to run it (execution_of), then
  // dispatches with it, so no request is matched twice.
  RouteMatch route(const Request& request) const;
  static Execution execution_of(const RouteMatch& match);
  Outcome dispatch(Request& request, RouteMatch match) noexcept;
  Outcome dispatch(Request& request) noexcept;
  // A kInlineFirst route on a thread that may not block: its outcome, or none when the handler
  // reached a blocking step (then dispatch it on a worker; `match` is left as it was).
  std::optional<Outcome> try_inline(Request& request, const RouteMatch& match) noexcept;
  std::uint64_t inline_answers() const { return inline_answers_.load(std::memory_order_relaxed); }
  // Access log line and metrics for a finished request.
  void record(const Request& request, const Outcome& outcome,
              std::chrono::steady_clock::duration elapsed) noexcept;

  // A request id from the client's X-Request-Id when it is sane, else a fresh one.
  static std::string request_id_for(const Request& request);

 private:
  void answer_with_page(const Request& request, const Error& error,
                        Response& response) const noexcept;
  Router router_;
  Metrics& metrics_;
  DispatcherOptions options_;
  std::atomic<std::uint64_t> inline_answers_{0};
};

// The response for an expected failure returned by the domain. Internal and unavailable errors
// are logged with their (never sent) detail under a fresh error id that the client sees.
Response failure(const Request& request, const Error& error);

// Finishes a response: request id, standard security headers.
void add_standard_headers(const Request& request, Response& response);

}  // namespace atrium::http
