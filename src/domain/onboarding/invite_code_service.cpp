#include "domain/onboarding/invite_code_service.hpp"

#include <nlohmann/json.hpp>

#include "core/field_errors.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/names.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"

namespace atrium {

namespace {

constexpr long long kMaxQuota = 1'000'000;
constexpr std::size_t kCodeBytes = 16;  // 32 hex characters, as Tyk's

Status check_input(const InviteCodeInput& in, bool creating) {
  FieldErrors errors;
  if (in.quota && (*in.quota < 1 || *in.quota > kMaxQuota)) {
    errors.add("Quota", "must be between 1 and " + std::to_string(kMaxQuota));
  } else if (!in.quota && creating) {
    errors.add("Quota", "is required");
  }
  if (in.team_id && *in.team_id <= 0) errors.add("TeamID", "must be a team ID");
  if (!in.team_id && creating) errors.add("TeamID", "is required");
  return errors.finish("invite_code.invalid");
}

// Points the code at the input's team (checking the organisation), when one is named.
Status place(Transaction& tx, const InviteCodeInput& in, InviteCode& code) {
  if (!in.team_id) {
    if (in.organisation_id && *in.organisation_id != code.organisation_id) {
      return fail(field_error("OrganisationID", "must be the organisation of the code's team"));
    }
    return ok();
  }
  ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().find(*in.team_id));
  if (!team) return fail(field_error("TeamID", "no team with ID " + std::to_string(*in.team_id)));
  if (in.organisation_id && *in.organisation_id != (team)->organisation_id) {
    return fail(field_error("OrganisationID",
                            "must be the organisation of team " + std::to_string(*in.team_id)));
  }
  code.team_id = (team)->id;
  code.organisation_id = (team)->organisation_id;
  return ok();
}

void apply(const InviteCodeInput& in, InviteCode& code) {
  if (in.quota) code.quota = *in.quota;
  if (in.expires) code.expires_at = *in.expires;
  if (in.active) code.active = *in.active;
}

nlohmann::json describe(const InviteCode& code) {
  return {{"Quota", code.quota},
          {"Active", code.active},
          {"TeamID", code.team_id},
          {"OrganisationID", code.organisation_id},
          {"Expires", code.expires_at ? format_rfc3339(*code.expires_at) : ""}};
}

Result<InviteCode> find_code(Transaction& tx, std::string_view ref) {
  long long id = 0;
  ATRIUM_ASSIGN_OR_RETURN(auto found, parse_numeric_id(ref, id)
                                          ? tx.get<InviteCodeRepository>().find(id)
                                          : tx.get<InviteCodeRepository>().find_by_cid(ref));
  if (!found) return fail(not_found("invite_code.not_found", "invite code not found"));
  return std::move(*found);
}

}  // namespace

Result<InviteCode> InviteCodeService::create(const Actor& actor, const InviteCodeInput& in) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageInviteCodes));
  ATRIUM_TRY(check_input(in, true));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<InviteCode> {
    InviteCode code;
    code.cid = new_uuid(random_);
    code.code = random_hex(random_, kCodeBytes);
    code.created_at = now;
    apply(in, code);
    ATRIUM_TRY(place(tx, in, code));
    ATRIUM_ASSIGN_OR_RETURN(auto created, tx.get<InviteCodeRepository>().create(code));
    ATRIUM_TRY(record_audit(tx, actor, now, "invite_code.create", "invite_code",
                            std::to_string(created.id), created.organisation_id,
                            describe(created)));
    return created;
  });
}

Result<InviteCode> InviteCodeService::get(const Actor& actor, std::string_view ref) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageInviteCodes));
  return db_.read_result([&](Transaction& tx) { return find_code(tx, ref); });
}

Result<PageOf<InviteCode>> InviteCodeService::list(const Actor& actor, const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageInviteCodes));
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<InviteCodeRepository>().list(page); });
}

Result<InviteCode> InviteCodeService::update(const Actor& actor, std::string_view ref,
                                             const InviteCodeInput& in) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageInviteCodes));
  ATRIUM_TRY(check_input(in, false));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<InviteCode> {
    auto code = find_code(tx, ref);
    if (!code) return code;
    apply(in, *code);
    ATRIUM_TRY(place(tx, in, *code));
    auto updated = tx.get<InviteCodeRepository>().update(*code, now);
    if (!updated) return updated;
    ATRIUM_TRY(record_audit(tx, actor, now, "invite_code.update", "invite_code",
                            std::to_string(updated->id), updated->organisation_id,
                            describe(*updated)));
    return updated;
  });
}

Status InviteCodeService::remove(const Actor& actor, std::string_view ref) {
  ATRIUM_TRY(require_owner(actor, policy::AdminAction::kManageInviteCodes));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    auto code = find_code(tx, ref);
    if (!code) return fail(std::move(code).error());
    ATRIUM_TRY(tx.get<InviteCodeRepository>().remove(code->id));
    return record_audit(tx, actor, now, "invite_code.delete", "invite_code",
                        std::to_string(code->id), code->organisation_id);
  });
}

}  // namespace atrium
