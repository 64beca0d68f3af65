#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"
#include "domain/settings/settings_repository.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

// Settings, one-time links, invitations, registrations, invite codes and the outbox
// (migration 0004).
namespace atrium::store {

namespace {

// A nullable BIGINT column.
struct NullableNumber {
  long long value = 0;
  soci::indicator indicator = soci::i_null;

  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, value, indicator);
  }
  std::optional<long long> number() const {
    return indicator == soci::i_ok ? std::optional<long long>(value) : std::nullopt;
  }
  std::optional<TimePoint> time() const {
    return indicator == soci::i_ok ? std::optional<TimePoint>(from_unix_ms(value)) : std::nullopt;
  }
};

std::optional<long long> unix_ms(const std::optional<TimePoint>& time) {
  return time ? std::optional<long long>(to_unix_ms(*time)) : std::nullopt;
}

class SociSettingsRepository final : public SettingsRepository {
 public:
  explicit SociSettingsRepository(SociTransaction& tx) : tx_(tx) {}

  Result<std::map<std::string, std::string>> load_all() override {
    return tx_.attempt("settings.load_all", false, [&] {
      std::map<std::string, std::string> out;
      std::string key;
      std::string value;
      soci::statement st(tx_.session());
      map_column(st, key);
      map_column(st, value);
      prepare(st, "SELECT key, value FROM settings ORDER BY key");
      st.execute(false);
      while (st.fetch()) out[key] = value;
      return out;
    });
  }

  Status put(std::string_view key, std::string_view value, TimePoint now) override {
    return tx_.attempt("settings.put", false, [&] {
      QueryParams params;
      const std::string value_param = params.add(std::string(value));
      const std::string at = params.add(to_unix_ms(now));
      execute(tx_.session(),
              "INSERT INTO settings (key, value, updated_at) VALUES (" +
                  params.add(std::string(key)) + ", " + value_param + ", " + at +
                  ") ON CONFLICT (key) DO UPDATE SET value = " + value_param +
                  ", updated_at = " + at,
              params);
    });
  }

 private:
  SociTransaction& tx_;
};

const std::string kLinkColumns =
    "l.id, l.user_id, l.purpose, l.created_at, l.expires_at, l.used_at, l.voided_at";

struct LinkRow {
  long long id = 0;
  long long user_id = 0;
  std::string purpose;
  long long created_at = 0;
  long long expires_at = 0;
  NullableNumber used_at;
  NullableNumber voided_at;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, user_id);
    map_column(st, purpose);
    map_column(st, created_at);
    map_column(st, expires_at);
    used_at.exchange(st);
    voided_at.exchange(st);
  }

  OneTimeLink to_link() const {
    OneTimeLink link;
    link.id = id;
    link.user_id = user_id;
    const auto parsed = parse_link_purpose(purpose);
    if (!parsed) throw std::runtime_error("unknown link purpose in one_time_links");
    link.purpose = *parsed;
    link.created_at = from_unix_ms(created_at);
    link.expires_at = from_unix_ms(expires_at);
    link.used_at = used_at.time();
    link.voided_at = voided_at.time();
    return link;
  }
};

class SociLinkRepository final : public LinkRepository {
 public:
  explicit SociLinkRepository(SociTransaction& tx) : tx_(tx) {}

  Result<OneTimeLink> create(const NewLink& link) override {
    return tx_.attempt("links.create", true, [&] {
      QueryParams params;
      OneTimeLink created;
      created.user_id = link.user_id;
      created.purpose = link.purpose;
      created.created_at = from_unix_ms(to_unix_ms(link.created_at));
      created.expires_at = from_unix_ms(to_unix_ms(link.expires_at));
      created.id = query_number(
          tx_.session(),
          "INSERT INTO one_time_links (user_id, purpose, token_hash, created_at, expires_at) "
          "VALUES (" +
              params.add(link.user_id) + ", " + params.add(std::string(to_string(link.purpose))) +
              ", " + params.add(link.token_hash) + ", " + params.add(to_unix_ms(link.created_at)) +
              ", " + params.add(to_unix_ms(link.expires_at)) + ") RETURNING id",
          params);
      return created;
    });
  }

  Result<std::optional<OneTimeLink>> find_by_hash(std::string_view token_hash) override {
    return tx_.attempt("links.find_by_hash", false, [&] {
      QueryParams params;
      return fetch_one<LinkRow>(tx_.session(),
                                "SELECT " + kLinkColumns + " FROM one_time_links l WHERE " +
                                    "l.token_hash = " + params.add(std::string(token_hash)) +
                                    tx_.for_update(),
                                params, [](const LinkRow& row) { return row.to_link(); });
    });
  }

  Result<long long> void_for_user(UserId user, LinkPurpose purpose, TimePoint now) override {
    return tx_.attempt("links.void_for_user", false, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "UPDATE one_time_links SET voided_at = " + params.add(to_unix_ms(now)) +
                         " WHERE user_id = " + params.add(user) +
                         " AND purpose = " + params.add(std::string(to_string(purpose))) +
                         " AND used_at IS NULL AND voided_at IS NULL",
                     params);
    });
  }

  Result<bool> use(LinkId id, TimePoint now) override {
    return tx_.attempt("links.use", false, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "UPDATE one_time_links SET used_at = " + params.add(to_unix_ms(now)) +
                         " WHERE id = " + params.add(id) +
                         " AND used_at IS NULL AND voided_at IS NULL",
                     params) == 1;
    });
  }

 private:
  SociTransaction& tx_;
};

const std::string kInvitationColumns =
    "i.id, i.user_id, i.invited_by, i.organisation_id, i.created_at, i.sent_at, i.expires_at, "
    "i.accepted_at";

struct InvitationRow {
  long long id = 0;
  long long user_id = 0;
  NullableNumber invited_by;
  NullableNumber organisation_id;
  long long created_at = 0;
  long long sent_at = 0;
  long long expires_at = 0;
  NullableNumber accepted_at;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, user_id);
    invited_by.exchange(st);
    organisation_id.exchange(st);
    map_column(st, created_at);
    map_column(st, sent_at);
    map_column(st, expires_at);
    accepted_at.exchange(st);
  }

  Invitation to_invitation() const {
    Invitation out;
    out.id = id;
    out.user_id = user_id;
    out.invited_by = invited_by.number();
    out.organisation_id = organisation_id.number();
    out.created_at = from_unix_ms(created_at);
    out.sent_at = from_unix_ms(sent_at);
    out.expires_at = from_unix_ms(expires_at);
    out.accepted_at = accepted_at.time();
    return out;
  }
};

class SociInvitationRepository final : public InvitationRepository {
 public:
  explicit SociInvitationRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Invitation> create(const Invitation& invitation) override {
    return tx_.attempt("invitations.create", true, [&] {
      QueryParams params;
      Invitation created = invitation;
      created.id = query_number(
          tx_.session(),
          "INSERT INTO invitations (user_id, invited_by, organisation_id, created_at, sent_at, "
          "expires_at) VALUES (" +
              params.add(invitation.user_id) + ", " + params.add(invitation.invited_by) + ", " +
              params.add(invitation.organisation_id) + ", " +
              params.add(to_unix_ms(invitation.created_at)) + ", " +
              params.add(to_unix_ms(invitation.sent_at)) + ", " +
              params.add(to_unix_ms(invitation.expires_at)) + ") RETURNING id",
          params);
      created.accepted_at.reset();
      return created;
    });
  }

  Result<std::optional<Invitation>> find(InvitationId id) override {
    return find_where("invitations.find", "i.id", id);
  }

  Result<std::optional<Invitation>> find_for_user(UserId user) override {
    return find_where("invitations.find_for_user", "i.user_id", user);
  }

  Result<PageOf<Invitation>> list(const InvitationFilter& filter,
                                  const PageRequest& page) override {
    return tx_.attempt("invitations.list", false, [&] {
      QueryParams params;
      std::vector<std::string> terms;
      if (filter.organisation_id) {
        terms.push_back("i.organisation_id = " + params.add(*filter.organisation_id));
      }
      if (filter.invited_by) terms.push_back("i.invited_by = " + params.add(*filter.invited_by));
      if (filter.pending_only) terms.push_back("i.accepted_at IS NULL");
      return fetch_page<InvitationRow>(
          tx_.session(), page, kInvitationColumns, "invitations i", where_clause(terms),
          "i.id DESC", params, [](const InvitationRow& row) { return row.to_invitation(); });
    });
  }

  Status record_sent(InvitationId id, TimePoint sent_at, TimePoint expires_at) override {
    return tx_.attempt("invitations.record_sent", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE invitations SET sent_at = " + params.add(to_unix_ms(sent_at)) +
                  ", expires_at = " + params.add(to_unix_ms(expires_at)) +
                  " WHERE id = " + params.add(id),
              params);
    });
  }

  Status mark_accepted(InvitationId id, TimePoint now) override {
    return tx_.attempt("invitations.mark_accepted", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE invitations SET accepted_at = " + params.add(to_unix_ms(now)) +
                  " WHERE id = " + params.add(id) + " AND accepted_at IS NULL",
              params);
    });
  }

 private:
  Result<std::optional<Invitation>> find_where(std::string_view context, const char* column,
                                               long long value) {
    return tx_.attempt(context, false, [&] {
      QueryParams params;
      return fetch_one<InvitationRow>(
          tx_.session(),
          "SELECT " + kInvitationColumns + " FROM invitations i WHERE " + column + " = " +
              params.add(value) + tx_.for_update(),
          params, [](const InvitationRow& row) { return row.to_invitation(); });
    });
  }

  SociTransaction& tx_;
};

const std::string kRegistrationColumns =
    "r.id, r.user_id, r.state, r.invite_code_id, r.created_at, r.confirmed_at, r.decided_at, "
    "r.decided_by";

struct RegistrationRow {
  long long id = 0;
  long long user_id = 0;
  std::string state;
  NullableNumber invite_code_id;
  long long created_at = 0;
  NullableNumber confirmed_at;
  NullableNumber decided_at;
  NullableNumber decided_by;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, user_id);
    map_column(st, state);
    invite_code_id.exchange(st);
    map_column(st, created_at);
    confirmed_at.exchange(st);
    decided_at.exchange(st);
    decided_by.exchange(st);
  }

  Registration to_registration() const {
    Registration out;
    out.id = id;
    out.user_id = user_id;
    const auto parsed = parse_registration_state(state);
    if (!parsed) throw std::runtime_error("unknown state in registrations");
    out.state = *parsed;
    out.invite_code_id = invite_code_id.number();
    out.created_at = from_unix_ms(created_at);
    out.confirmed_at = confirmed_at.time();
    out.decided_at = decided_at.time();
    out.decided_by = decided_by.number();
    return out;
  }
};

class SociRegistrationRepository final : public RegistrationRepository {
 public:
  explicit SociRegistrationRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Registration> create(const Registration& registration) override {
    return tx_.attempt("registrations.create", true, [&] {
      QueryParams params;
      Registration created = registration;
      created.id = query_number(
          tx_.session(),
          "INSERT INTO registrations (user_id, state, invite_code_id, created_at, confirmed_at, "
          "decided_at, decided_by) VALUES (" +
              params.add(registration.user_id) + ", " +
              params.add(std::string(to_string(registration.state))) + ", " +
              params.add(registration.invite_code_id) + ", " +
              params.add(to_unix_ms(registration.created_at)) + ", " +
              params.add(unix_ms(registration.confirmed_at)) + ", " +
              params.add(unix_ms(registration.decided_at)) + ", " +
              params.add(registration.decided_by) + ") RETURNING id",
          params);
      return created;
    });
  }

  Result<std::optional<Registration>> find(RegistrationId id) override {
    return find_where("registrations.find", "r.id", id);
  }

  Result<std::optional<Registration>> find_for_user(UserId user) override {
    return find_where("registrations.find_for_user", "r.user_id", user);
  }

  Result<PageOf<Registration>> list(const RegistrationFilter& filter,
                                    const PageRequest& page) override {
    return tx_.attempt("registrations.list", false, [&] {
      QueryParams params;
      std::vector<std::string> terms;
      if (filter.state) {
        terms.push_back("r.state = " + params.add(std::string(to_string(*filter.state))));
      }
      const std::string where = where_clause(terms);
      return fetch_page<RegistrationRow>(
          tx_.session(), page, kRegistrationColumns, "registrations r", where, "r.id", params,
          [](const RegistrationRow& row) { return row.to_registration(); });
    });
  }

  Result<bool> change_state(RegistrationId id, RegistrationState from, RegistrationState to,
                            TimePoint now, std::optional<UserId> decided_by) override {
    return tx_.attempt("registrations.change_state", false, [&] {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      std::string sql =
          "UPDATE registrations SET state = " + params.add(std::string(to_string(to)));
      if (from == RegistrationState::kUnconfirmed) sql += ", confirmed_at = " + at;
      if (to == RegistrationState::kApproved || to == RegistrationState::kRejected) {
        // A confirmation that approves at once is nobody's decision.
        if (from == RegistrationState::kPending) {
          sql += ", decided_at = " + at + ", decided_by = " + params.add(decided_by);
        }
      }
      sql += " WHERE id = " + params.add(id) +
             " AND state = " + params.add(std::string(to_string(from)));
      return execute(tx_.session(), sql, params) == 1;
    });
  }

 private:
  Result<std::optional<Registration>> find_where(std::string_view context, const char* column,
                                                 long long value) {
    return tx_.attempt(context, false, [&] {
      QueryParams params;
      return fetch_one<RegistrationRow>(
          tx_.session(),
          "SELECT " + kRegistrationColumns + " FROM registrations r WHERE " + column + " = " +
              params.add(value) + tx_.for_update(),
          params, [](const RegistrationRow& row) { return row.to_registration(); });
    });
  }

  SociTransaction& tx_;
};

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

ATRIUM_STORE_REPOSITORY(SettingsRepository, SociSettingsRepository)
ATRIUM_STORE_REPOSITORY(LinkRepository, SociLinkRepository)
ATRIUM_STORE_REPOSITORY(InvitationRepository, SociInvitationRepository)
ATRIUM_STORE_REPOSITORY(RegistrationRepository, SociRegistrationRepository)
ATRIUM_STORE_REPOSITORY(InviteCodeRepository, SociInviteCodeRepository)

}  // namespace atrium::store
