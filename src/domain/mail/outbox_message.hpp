#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

// Emails waiting in the outbox (DESIGN §4).
namespace atrium {

using OutboxMessageId = long long;

// queued: waiting (or not yet configured); failed: the last attempt failed, another follows;
// sent; abandoned: given up after the last attempt.
enum class OutboxStatus { kQueued, kSent, kFailed, kAbandoned };
std::string_view to_string(OutboxStatus status);
std::optional<OutboxStatus> parse_outbox_status(std::string_view text);

struct OutboxMessage {
  OutboxMessageId id = 0;
  std::string kind;  // EmailKind's name
  std::string recipient;
  std::string subject;
  // Bodies are erased once the message is sent or abandoned: they may carry one-time links.
  std::string text_body;
  std::string html_body;
  OutboxStatus status = OutboxStatus::kQueued;
  int attempts = 0;
  std::string last_error;
  TimePoint created_at;
  TimePoint next_attempt_at;
  std::optional<TimePoint> sent_at;
};

struct NewOutboxMessage {
  std::string kind;
  std::string recipient;
  std::string subject;
  std::string text_body;
  std::string html_body;
};

struct OutboxFilter {
  std::optional<OutboxStatus> status;
  std::optional<std::string> recipient;  // exact, case-insensitive
};

}  // namespace atrium
