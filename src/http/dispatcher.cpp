#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <optional>
#include <random>

#include "core/encoding.hpp"
#include "core/log_text.hpp"
#include "core/non_blocking.hpp"
#include "http/error_mapping.hpp"
#include "http/request_text.hpp"

namespace atrium::http {

namespace {

constexpr std::string_view kUnmatched = "unmatched";

std::string random_id() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::array<std::byte, 8> bytes{};
  std::uint64_t v = engine();
  for (auto& b : bytes) {
    b = static_cast<std::byte>(v & 0xFFU);
    v >>= 8U;
  }
  return hex_encode(bytes);
}

bool is_sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
    if (!allowed) return false;
  }
  return true;
}

bool under(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

Response internal_failure(const Request& request, std::string_view route, const char* what,
                          Error* reported) {
  const std::string error_id = random_id();
  // Everything from the request is escaped (core/log_text.hpp): no forged lines, no raw bytes.
  spdlog::error("unhandled exception in {} {} ({}): {} error_id={} request_id={}",
                escape_log_text(request.method), escape_log_text(request.path), route,
                escape_log_text(what), error_id, request.request_id);
  Error error = make_error(ErrorCode::kInternal, "internal",
                           "internal error; quote error id " + error_id + " when reporting it");
  Response response = error_response(error, error_id);
  error.detail = error_id;  // for the page that may answer instead (Dispatcher::answer_with_page)
  *reported = std::move(error);
  return response;
}

}  // namespace

bool wants_error_page(const Request& request) {
  if (under(request.path, "/portal-api") || under(request.path, "/gateway")) return false;
  return request.accepts_html();
}

Response failure(const Request& request, const Error& error) {
  if (error.code != ErrorCode::kInternal && error.code != ErrorCode::kUnavailable) {
    return error_response(error);
  }
  const std::string error_id = random_id();
  spdlog::error("{} {} failed: {} ({}) error_id={} request_id={}", escape_log_text(request.method),
                escape_log_text(request.path), escape_log_text(error.id),
                escape_log_text(error.detail.empty() ? error.message : error.detail), error_id,
                request.request_id);
  return error_response(error, error_id);
}

void Dispatcher::answer_with_page(const Request& request, const Error& error,
                                  Response& response) const noexcept {
  try {
    Response page = options_.error_page(request, error);
    page.status = response.status;
    if (auto allow = response.header("Allow")) page.set_header("Allow", std::string(*allow));
    response = std::move(page);
  } catch (...) {
    // The page failed too (a broken theme cannot get here: templates are checked at start-up):
    // the JSON answer stands.
  }
}

std::string Dispatcher::request_id_for(const Request& request) {
  const auto given = request.header("x-request-id");
  if (given && is_sane_request_id(*given)) return std::string(*given);
  return random_id();
}

RouteMatch Dispatcher::route(const Request& request) const {
  return router_.match(request.method, request.path);
}

Execution Dispatcher::execution_of(const RouteMatch& match) {
  if (match.kind == RouteMatch::Kind::kFound) return match.route->execution;
  return Execution::kInline;
}

Outcome Dispatcher::dispatch(Request& request) noexcept {
  try {
    return dispatch(request, route(request));
  } catch (...) {
    return dispatch(request, RouteMatch{});  // out of memory while routing: answers 404
  }
}

Outcome Dispatcher::dispatch(Request& request, RouteMatch match) noexcept {
  Outcome outcome;
  outcome.route = kUnmatched;
  // The dispatcher's own failure, answered as a page for browsers (below).
  std::optional<Error> own_failure;
  try {
    if (match.kind == RouteMatch::Kind::kNotFound) {
      own_failure = not_found("route.not_found", "no such path: " + request.path);
      outcome.response = error_response(*own_failure);
    } else if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
      std::string allowed;
      for (const auto& m : match.allowed_methods) allowed += (allowed.empty() ? "" : ", ") + m;
      own_failure = make_error(ErrorCode::kInvalidArgument, "route.method_not_allowed",
                               "method " + request.method + " not allowed here; use " + allowed);
      outcome.response = error_response(*own_failure);
      outcome.response.status = 405;
      outcome.response.set_header("Allow", allowed);
    } else {
      outcome.route = match.route->pattern;
      if (request.body.size() > options_.max_body_bytes) {
        own_failure = make_error(
            ErrorCode::kPayloadTooLarge, "request.body_too_large",
            "request body larger than " + std::to_string(options_.max_body_bytes) + " bytes");
        outcome.response = error_response(*own_failure);
      } else {
        request.params = std::move(match.params);
        // Malformed UTF-8 or NUL from the client stops here, before any SQL (a 400 naming it).
        const Status text = check_request_text(request, body_is_form(request, outcome.route));
        if (!text) {
          outcome.response = error_response(text.error());
        } else {
          const SharedReads shared_reads(options_.database);
          outcome.response = match.route->handler(request);
        }
      }
    }
  } catch (const WouldBlock&) {
    outcome.would_block = true;
    return outcome;
  } catch (const std::exception& e) {
    own_failure.emplace();
    outcome.response = internal_failure(request, outcome.route, e.what(), &*own_failure);
  } catch (...) {
    own_failure.emplace();
    outcome.response = internal_failure(request, outcome.route, "unknown exception", &*own_failure);
  }
  if (own_failure && options_.error_page && wants_error_page(request)) {
    answer_with_page(request, *own_failure, outcome.response);
  }
  if (request.method == "HEAD") outcome.response.body.clear();
  add_standard_headers(request, outcome.response);
  return outcome;
}

std::optional<Outcome> Dispatcher::try_inline(Request& request, const RouteMatch& match) noexcept {
  try {
    const NonBlockingScope scope;
    Outcome outcome = dispatch(request, match);
    if (outcome.would_block) return std::nullopt;
    inline_answers_.fetch_add(1, std::memory_order_relaxed);
    return outcome;
  } catch (...) {
    return std::nullopt;  // copying the match ran out of memory: the worker tries
  }
}

void Dispatcher::record(const Request& request, const Outcome& outcome,
                        std::chrono::steady_clock::duration elapsed) noexcept {
  try {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    metrics_.observe_request(request.method, outcome.route, outcome.response.status, seconds);
    // The path only: query strings may carry tokens (reset links), and they stay out of logs.
    // LogFormat json registers an "access" logger (app/main.cpp): the same, as JSON members.
    static const std::shared_ptr<spdlog::logger> json_access = spdlog::get("access");
    if (json_access) {
      json_access->info(
          R"("remote":{},"method":{},"path":{},"status":{},"bytes":{},"ms":{:.3f},"request_id":{})",
          json_log_string(request.remote_address), json_log_string(request.method),
          json_log_string(request.path), outcome.response.status, outcome.response.body.size(),
          seconds * 1000.0, json_log_string(request.request_id));
      return;
    }
    spdlog::info("{} \"{} {}\" {} {} {:.3f}ms request_id={}", request.remote_address,
                 escape_log_text(request.method), escape_log_text(request.path),
                 outcome.response.status, outcome.response.body.size(), seconds * 1000.0,
                 request.request_id);
  } catch (...) {
    // Logging must never take a response down with it.
  }
}

void add_standard_headers(const Request& request, Response& response) {
  response.set_header("X-Request-Id", request.request_id);
  response.set_header("X-Content-Type-Options", "nosniff");
  if (!response.header("Cache-Control")) response.set_header("Cache-Control", "no-store");
}

}  // namespace atrium::http
