#include "domain/onboarding/onboarding.hpp"

#include "core/enum_names.hpp"

namespace atrium {

namespace {

constexpr EnumNames<LinkPurpose, 3> kLinkPurposes{{
    {LinkPurpose::kInvitation, "invitation"},
    {LinkPurpose::kConfirmation, "confirmation"},
    {LinkPurpose::kReset, "reset"},
}};

constexpr EnumNames<RegistrationState, 4> kRegistrationStates{{
    {RegistrationState::kUnconfirmed, "unconfirmed"},
    {RegistrationState::kPending, "pending"},
    {RegistrationState::kApproved, "approved"},
    {RegistrationState::kRejected, "rejected"},
}};

}  // namespace

std::string_view to_string(LinkPurpose purpose) { return enum_name(kLinkPurposes, purpose); }
std::optional<LinkPurpose> parse_link_purpose(std::string_view text) {
  return parse_enum(kLinkPurposes, text);
}

std::string_view to_string(RegistrationState state) {
  return enum_name(kRegistrationStates, state);
}
std::optional<RegistrationState> parse_registration_state(std::string_view text) {
  return parse_enum(kRegistrationStates, text);
}

}  // namespace atrium
