#include "domain/onboarding/invite_code_repository.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"
#include "domain/settings/settings_repository.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

const std::string kInviteCodeColumns =
    "c.id, c.cid, c.code, c.quota, c.used, c.expires_at, CAST(c.active AS INTEGER), c.team_id, "
    "c.organisation_id, c.created_at, c.updated_at";

struct InviteCodeRow {
  long long id = 0;
  std::string cid;
  std::string code;
  long long quota = 0;
  long long used = 0;
  NullableNumber expires_at;
  int active = 0;
  long long team_id = 0;
  long long organisation_id = 0;
  long long created_at = 0;
  long long updated_at = 0;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, cid);
    map_column(st, code);
    map_column(st, quota);
    map_column(st, used);
    expires_at.exchange(st);
    map_column(st, active);
    map_column(st, team_id);
    map_column(st, organisation_id);
    map_column(st, created_at);
    map_column(st, updated_at);
  }

  InviteCode to_code() const {
    InviteCode out;
    out.id = id;
    out.cid = cid;
    out.code = code;
    out.quota = quota;
    out.used = used;
    out.expires_at = expires_at.time();
    out.active = active != 0;
    out.team_id = team_id;
    out.organisation_id = organisation_id;
    out.created_at = from_unix_ms(created_at);
    out.updated_at = from_unix_ms(updated_at);
    return out;
  }
};

Error invite_code_conflict(const SqlFailure&) {
  return conflict("invite_code.code_taken", "an invite code with this code exists");
}

class SociInviteCodeRepository final : public InviteCodeRepository {
 public:
  explicit SociInviteCodeRepository(SociTransaction& tx) : tx_(tx) {}

  Result<InviteCode> create(const InviteCode& code) override {
    return tx_.attempt(
        "invite_codes.create", true,
        [&] {
          QueryParams params;
          InviteCode created = code;
          created.created_at = from_unix_ms(to_unix_ms(code.created_at));
          created.updated_at = created.created_at;
          created.used = 0;
          created.id = query_number(
              tx_.session(),
              "INSERT INTO invite_codes (cid, code, quota, used, expires_at, active, team_id, "
              "organisation_id, created_at, updated_at) VALUES (" +
                  params.add(code.cid) + ", " + params.add(code.code) + ", " +
                  params.add(code.quota) + ", 0, " + params.add(unix_ms(code.expires_at)) + ", " +
                  params.add(code.active ? 1LL : 0LL) + ", " + params.add(code.team_id) + ", " +
                  params.add(code.organisation_id) + ", " +
                  params.add(to_unix_ms(created.created_at)) + ", " +
                  params.add(to_unix_ms(created.created_at)) + ") RETURNING id",
              params);
          return created;
        },
        invite_code_conflict);
  }

  Result<std::optional<InviteCode>> find(InviteCodeId id) override {
    return find_where("invite_codes.find", "c.id", id);
  }
  Result<std::optional<InviteCode>> find_by_cid(std::string_view cid) override {
    return find_where("invite_codes.find_by_cid", "c.cid", std::string(cid));
  }
  Result<std::optional<InviteCode>> find_by_code(std::string_view code) override {
    return find_where("invite_codes.find_by_code", "c.code", std::string(code));
  }

  Result<PageOf<InviteCode>> list(const PageRequest& page) override {
    return tx_.attempt("invite_codes.list", false, [&] {
      return fetch_page<InviteCodeRow>(tx_.session(), page, kInviteCodeColumns, "invite_codes c",
                                       "", "c.id", QueryParams(),
                                       [](const InviteCodeRow& row) { return row.to_code(); });
    });
  }

  Result<InviteCode> update(const InviteCode& code, TimePoint now) override {
    return tx_.attempt("invite_codes.update", true, [&]() -> Result<InviteCode> {
      QueryParams params;
      const long long changed = execute(
          tx_.session(),
          "UPDATE invite_codes SET quota = " + params.add(code.quota) +
              ", expires_at = " + params.add(unix_ms(code.expires_at)) + ", active = " +
              params.add(code.active ? 1LL : 0LL) + ", team_id = " + params.add(code.team_id) +
              ", organisation_id = " + params.add(code.organisation_id) + ", updated_at = " +
              params.add(to_unix_ms(now)) + " WHERE id = " + params.add(code.id),
          params);
      if (changed != 1) return fail(not_found("invite_code.not_found", "invite code not found"));
      QueryParams again;
      auto updated =
          fetch_one<InviteCodeRow>(tx_.session(),
                                   "SELECT " + kInviteCodeColumns +
                                       " FROM invite_codes c WHERE c.id = " + again.add(code.id),
                                   again, [](const InviteCodeRow& row) { return row.to_code(); });
      if (!updated) throw std::runtime_error("an updated invite code vanished");
      return *updated;
    });
  }

  Result<bool> remove(InviteCodeId id) override {
    return tx_.attempt("invite_codes.remove", false, [&] {
      QueryParams params;
      return execute(tx_.session(), "DELETE FROM invite_codes WHERE id = " + params.add(id),
                     params) == 1;
    });
  }

  Result<bool> consume(InviteCodeId id, TimePoint now) override {
    // One conditional UPDATE: PostgreSQL re-checks the condition on the row it waited for, and
    // SQLite runs one writer at a time, so the quota can never be exceeded.
    return tx_.attempt("invite_codes.consume", false, [&] {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      return execute(tx_.session(),
                     "UPDATE invite_codes SET used = used + 1 WHERE id = " + params.add(id) +
                         " AND active = " + params.add(1LL) + " AND used < quota" +
                         " AND (expires_at IS NULL OR expires_at > " + at + ")",
                     params) == 1;
    });
  }

 private:
  template <typename V>
  Result<std::optional<InviteCode>> find_where(std::string_view context, const char* column,
                                               V value) {
    return tx_.attempt(context, false, [&] {
      QueryParams params;
      return fetch_one<InviteCodeRow>(
          tx_.session(),
          "SELECT " + kInviteCodeColumns + " FROM invite_codes c WHERE " + column + " = " +
              params.add(std::move(value)) + tx_.for_update(),
          params, [](const InviteCodeRow& row) { return row.to_code(); });
    });
  }

  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(InviteCodeRepository, SociInviteCodeRepository)

}  // namespace atrium::store
