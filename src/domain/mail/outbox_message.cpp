#include "domain/mail/outbox_message.hpp"

#include "core/enum_names.hpp"

namespace atrium {

namespace {

constexpr EnumNames<OutboxStatus, 4> kOutboxStatuses{{
    {OutboxStatus::kQueued, "queued"},
    {OutboxStatus::kSent, "sent"},
    {OutboxStatus::kFailed, "failed"},
    {OutboxStatus::kAbandoned, "abandoned"},
}};

}  // namespace

std::string_view to_string(OutboxStatus status) { return enum_name(kOutboxStatuses, status); }
std::optional<OutboxStatus> parse_outbox_status(std::string_view text) {
  return parse_enum(kOutboxStatuses, text);
}

}  // namespace atrium
