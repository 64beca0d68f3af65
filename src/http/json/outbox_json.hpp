#pragma once

#include <nlohmann/json.hpp>

#include "domain/mail/outbox_message.hpp"

namespace atrium::http {

// Outbox messages (beyond Tyk), with their bodies while they are kept.
nlohmann::json outbox_json(const OutboxMessage& m);

}  // namespace atrium::http
