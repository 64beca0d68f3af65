#pragma once

#include "domain/auth/api_tokens.hpp"
#include "domain/mail/outbox_service.hpp"
#include "http/router.hpp"

namespace atrium::http {

// GET /portal-api/outbox and /portal-api/outbox/{id}.
void add_outbox_routes(Router& router, ApiTokenService& tokens, OutboxService& outbox);

}  // namespace atrium::http
