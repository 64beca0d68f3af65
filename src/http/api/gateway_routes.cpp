#include "http/api/gateway_routes.hpp"

#include <string>
#include <utility>

#include "core/encoding.hpp"
#include "http/error_mapping.hpp"

namespace atrium::http {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

Error uri_rejected(std::string message) {
  return make_error(ErrorCode::kForbidden, "gateway.uri_rejected", std::move(message));
}

bool has_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto segment = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment == "." || segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

Result<std::string> checked_path(std::string path) {
  if (path.empty() || path.front() != '/') {
    return fail(uri_rejected("the original URI must be a path starting with '/'"));
  }
  for (const char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return fail(uri_rejected("the original URI holds a control character"));
    }
  }
  if (has_dot_segment(path)) {
    return fail(uri_rejected("the original URI has a '.' or '..' segment"));
  }
  return path;
}

Error check_error(const CheckResult& result) {
  switch (result.outcome) {
    case CheckOutcome::kMissingKey:
      return make_error(ErrorCode::kUnauthenticated, "gateway.key_missing",
                        "no API key: send it in Authorization or the key header");
    case CheckOutcome::kMalformedKey:
      return make_error(ErrorCode::kUnauthenticated, "gateway.key_malformed",
                        "the API key is too long or holds characters no key has");
    case CheckOutcome::kUnknownKey:
      return make_error(ErrorCode::kUnauthenticated, "gateway.key_unknown",
                        "the API key is not valid (unknown or revoked)");
    case CheckOutcome::kExpiredKey:
      return make_error(ErrorCode::kUnauthenticated, "gateway.key_expired",
                        "the API key has expired");
    case CheckOutcome::kOutsideProducts:
      return make_error(ErrorCode::kForbidden, "gateway.path_not_granted",
                        "the API key does not open this path");
    case CheckOutcome::kRateLimited:
    case CheckOutcome::kQuotaExceeded: {
      const bool rate = result.outcome == CheckOutcome::kRateLimited;
      Error error = make_error(ErrorCode::kRateLimited,
                               rate ? "gateway.rate_limited" : "gateway.quota_exceeded",
                               rate ? "the plan's rate limit is reached; retry later"
                                    : "the plan's quota is spent until it renews");
      error.retry_after_seconds = static_cast<long>(result.retry_after);
      return error;
    }
    case CheckOutcome::kIndexLoading: {
      Error error = make_error(ErrorCode::kUnavailable, "gateway.index_loading",
                               "the key index is still loading after a start; retry shortly");
      error.retry_after_seconds = 1;
      return error;
    }
    case CheckOutcome::kAllowed:
      break;
  }
  return internal_error("an allowed check has no error");
}

// add_header: each name once on a fresh response, without set_header's search of those before.
void set_limit_headers(const CheckResult& result, Response& response) {
  if (result.rate.limited) {
    response.add_header("X-RateLimit-Limit", std::to_string(result.rate.limit));
    response.add_header("X-RateLimit-Remaining", std::to_string(result.rate.remaining));
    response.add_header("X-RateLimit-Reset", std::to_string(result.rate.reset_seconds));
  }
  if (result.quota.limited) {
    response.add_header("X-Quota-Limit", std::to_string(result.quota.limit));
    response.add_header("X-Quota-Remaining", std::to_string(result.quota.remaining));
    response.add_header("X-Quota-Reset", std::to_string(result.quota.reset_seconds));
  }
}

// Names come from users: percent-encoded (RFC 3986 unreserved characters stay), so no value can
// end a header or start another.
void set_identity_headers(const CheckResult& result, Response& response) {
  const Grant& grant = *result.grant;
  response.add_header("X-Atrium-Developer", std::to_string(grant.developer_id));
  response.add_header("X-Atrium-Developer-Email", percent_encode(grant.developer_email));
  response.add_header("X-Atrium-App", std::to_string(grant.app_id));
  response.add_header("X-Atrium-App-Name", percent_encode(grant.app_name));
  response.add_header("X-Atrium-Organisation", std::to_string(grant.organisation_id));
  response.add_header("X-Atrium-Organisation-Name", percent_encode(grant.organisation_name));
  response.add_header("X-Atrium-Plan", std::to_string(grant.plan->plan_id));
  response.add_header("X-Atrium-Plan-Name", percent_encode(grant.plan->plan_name));
  response.add_header("X-Atrium-Product", std::to_string(result.api->product_id));
  response.add_header("X-Atrium-Product-Name", percent_encode(result.api->product_name));
  response.add_header("X-Atrium-Key", std::to_string(grant.credential_id));
}

Response answer(const CheckResult& result) {
  if (result.outcome != CheckOutcome::kAllowed) {
    Response response = error_response(check_error(result));
    set_limit_headers(result, response);
    return response;
  }
  Response response = Response::text(200, R"({"status":"ok"})", "application/json");
  set_identity_headers(result, response);
  set_limit_headers(result, response);
  return response;
}

}  // namespace

std::string_view presented_key(const Request& request, std::string_view key_header) {
  if (auto authorization = request.header("authorization");
      authorization && !authorization->empty()) {
    std::string_view value = *authorization;
    if (starts_with_ignoring_case(value, "bearer ")) value.remove_prefix(7);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return value;
  }
  return request.header(key_header).value_or("");
}

Result<std::string> original_path(const Request& request) {
  auto given = request.header("x-original-uri");
  if (!given) given = request.header("x-forwarded-uri");
  if (!given) {
    // Envoy: the original path follows ours (its path_prefix), already decoded by the server.
    std::string_view own = request.path;
    own.remove_prefix(std::min(own.size(), kGatewayCheckPath.size()));
    return checked_path(own.empty() ? "/" : std::string(own));
  }
  if (given->size() > kMaxGatewayUriLength) {
    return fail(uri_rejected("the original URI is longer than " +
                             std::to_string(kMaxGatewayUriLength) + " bytes"));
  }
  const auto decoded = percent_decode(given->substr(0, given->find('?')), false);
  if (!decoded) return fail(uri_rejected("the original URI has a malformed %-escape"));
  return checked_path(*decoded);
}

void add_gateway_routes(Router& router, const KeyChecker& checker, GatewayRouteOptions options) {
  auto handler = [&checker, options = std::move(options)](Request& request) {
    if (!options.secret.empty() &&
        !constant_time_equal(request.header("x-atrium-gateway-secret").value_or(""),
                             options.secret)) {
      return error_response(make_error(ErrorCode::kForbidden, "gateway.secret_mismatch",
                                       "this check must come from a configured gateway"));
    }
    auto path = original_path(request);
    if (!path) return error_response(path.error());
    return answer(checker.check(presented_key(request, options.key_header), *path));
  };
  router.add("GET", std::string(kGatewayCheckPath), handler, Execution::kInline);
  router.add("GET", std::string(kGatewayCheckPath) + "/{path...}", handler, Execution::kInline);
}

}  // namespace atrium::http
