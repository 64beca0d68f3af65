#include "domain/onboarding/onboarding.hpp"

#include <array>
#include <utility>

namespace atrium {

namespace {

template <typename E, std::size_t N>
std::optional<E> parse_name(const std::array<std::pair<E, std::string_view>, N>& names,
                            std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return names[0].second;
}

constexpr std::array<std::pair<LinkPurpose, std::string_view>, 3> kLinkPurposes{{
    {LinkPurpose::kInvitation, "invitation"},
    {LinkPurpose::kConfirmation, "confirmation"},
    {LinkPurpose::kReset, "reset"},
}};

constexpr std::array<std::pair<RegistrationState, std::string_view>, 4> kRegistrationStates{{
    {RegistrationState::kUnconfirmed, "unconfirmed"},
    {RegistrationState::kPending, "pending"},
    {RegistrationState::kApproved, "approved"},
    {RegistrationState::kRejected, "rejected"},
}};

constexpr std::array<std::pair<OutboxStatus, std::string_view>, 4> kOutboxStatuses{{
    {OutboxStatus::kQueued, "queued"},
    {OutboxStatus::kSent, "sent"},
    {OutboxStatus::kFailed, "failed"},
    {OutboxStatus::kAbandoned, "abandoned"},
}};

}  // namespace

std::string_view to_string(LinkPurpose purpose) { return name_of(kLinkPurposes, purpose); }
std::optional<LinkPurpose> parse_link_purpose(std::string_view text) {
  return parse_name(kLinkPurposes, text);
}

std::string_view to_string(RegistrationState state) { return name_of(kRegistrationStates, state); }
std::optional<RegistrationState> parse_registration_state(std::string_view text) {
  return parse_name(kRegistrationStates, text);
}

std::string_view to_string(OutboxStatus status) { return name_of(kOutboxStatuses, status); }
std::optional<OutboxStatus> parse_outbox_status(std::string_view text) {
  return parse_name(kOutboxStatuses, text);
}

}  // namespace atrium
