#include "http/json/outbox_json.hpp"

#include "core/time_format.hpp"
#include "http/json/json_values.hpp"

namespace atrium::http {

nlohmann::json outbox_json(const OutboxMessage& m) {
  return {{"ID", m.id},
          {"Kind", m.kind},
          {"To", m.recipient},
          {"Subject", m.subject},
          {"Text", m.text_body},
          {"HTML", m.html_body},
          {"Status", to_string(m.status)},
          {"Attempts", m.attempts},
          {"LastError", m.last_error},
          {"CreatedAt", format_rfc3339(m.created_at)},
          {"NextAttemptAt", format_rfc3339(m.next_attempt_at)},
          {"SentAt", optional_time(m.sent_at)}};
}

}  // namespace atrium::http
