#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/gateway/key_check.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace atrium::http {

struct GatewayRouteOptions {
  // The header a key may come in besides Authorization (lower case).
  std::string key_header = "x-api-key";
  // When set, checks must carry it in X-Atrium-Gateway-Secret (docs/gateway.md).
  std::string secret;
};

inline constexpr std::string_view kGatewayCheckPath = "/gateway/v1/check";
inline constexpr std::size_t kMaxGatewayUriLength = 8192;

// GET and HEAD /gateway/v1/check (and below it, for Envoy's path_prefix): the key check of
// DESIGN §11, answered on the I/O thread from memory.
void add_gateway_routes(Router& router, const KeyChecker& checker, GatewayRouteOptions options);

// The key presented: Authorization (raw or "Bearer <key>"), else the configured header.
std::string_view presented_key(const Request& request, std::string_view key_header);

// The original request's path, percent-decoded, from X-Original-URI (nginx), X-Forwarded-Uri
// (Caddy, Traefik) or what follows /gateway/v1/check in the request's own path (Envoy); an
// error naming the problem when it is too long, malformed, or has dot segments ("/a/../b": a
// proxy would resolve it to a path outside the listen path it seems to be under).
Result<std::string> original_path(const Request& request);

}  // namespace atrium::http
