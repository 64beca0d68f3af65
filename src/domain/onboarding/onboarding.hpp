#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"

// Records of the onboarding flows (DESIGN §3): one-time links, invitations, self-registrations
// and invite codes.
namespace atrium {

// What an emailed link lets its holder do. The link carries a random token; only its hash is
// stored (DESIGN §3 "Tokens").
enum class LinkPurpose { kInvitation, kConfirmation, kReset };
std::string_view to_string(LinkPurpose purpose);
std::optional<LinkPurpose> parse_link_purpose(std::string_view text);

using LinkId = long long;

struct OneTimeLink {
  LinkId id = 0;
  UserId user_id = 0;
  LinkPurpose purpose = LinkPurpose::kReset;
  TimePoint created_at;
  TimePoint expires_at;
  std::optional<TimePoint> used_at;    // single use
  std::optional<TimePoint> voided_at;  // by a newer link of the same purpose, or a revocation
};

struct NewLink {
  UserId user_id = 0;
  LinkPurpose purpose = LinkPurpose::kReset;
  std::string token_hash;
  TimePoint created_at;
  TimePoint expires_at;
};

using InvitationId = long long;

// A user created to be invited (by an API Owner without a password, or by a consumer-admin).
// Pending until the user sets a password through the link.
struct Invitation {
  InvitationId id = 0;
  UserId user_id = 0;
  std::optional<UserId> invited_by;  // empty once the inviter is deleted
  std::optional<OrganisationId> organisation_id;
  TimePoint created_at;
  TimePoint sent_at;     // the latest link
  TimePoint expires_at;  // of the latest link
  std::optional<TimePoint> accepted_at;
};

struct InvitationFilter {
  std::optional<OrganisationId> organisation_id;
  std::optional<UserId> invited_by;
  // The invitee's email, first or last name starts with it (case-insensitive, as for users).
  std::optional<std::string> search;
  bool pending_only = true;
};

using RegistrationId = long long;

// A self-registration: unconfirmed until the emailed link is followed; then approved (active),
// or pending an API Owner's decision.
enum class RegistrationState { kUnconfirmed, kPending, kApproved, kRejected };
std::string_view to_string(RegistrationState state);
std::optional<RegistrationState> parse_registration_state(std::string_view text);

using InviteCodeId = long long;

struct Registration {
  RegistrationId id = 0;
  UserId user_id = 0;
  RegistrationState state = RegistrationState::kUnconfirmed;
  std::optional<InviteCodeId> invite_code_id;
  TimePoint created_at;
  std::optional<TimePoint> confirmed_at;
  std::optional<TimePoint> decided_at;
  std::optional<UserId> decided_by;
};

struct RegistrationFilter {
  std::optional<RegistrationState> state;
};

// A code that lets self-registering users join a team directly (Tyk's invite codes).
struct InviteCode {
  InviteCodeId id = 0;
  std::string cid;
  std::string code;     // 32 hex characters, shared with the people who may use it
  long long quota = 0;  // how many registrations it admits
  long long used = 0;
  std::optional<TimePoint> expires_at;
  bool active = true;
  TeamId team_id = 0;
  OrganisationId organisation_id = 0;
  TimePoint created_at;
  TimePoint updated_at;

  // Whether a registration may use it now.
  bool usable(TimePoint now) const {
    return active && used < quota && (!expires_at || now < *expires_at);
  }
};

}  // namespace atrium
