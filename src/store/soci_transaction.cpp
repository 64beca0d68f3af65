#include "store/soci_transaction.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

const std::string kTokenColumns =
    "t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at";

struct TokenRow {
  long long id = 0;
  long long user_id = 0;
  std::string name;
  long long created_at = 0;
  long long last_used_at = 0;
  soci::indicator last_used_indicator = soci::i_ok;
  long long revoked_at = 0;
  soci::indicator revoked_indicator = soci::i_ok;

  // In the order of kTokenColumns.
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, id);
    map_column(statement, user_id);
    map_column(statement, name);
    map_column(statement, created_at);
    map_column(statement, last_used_at, last_used_indicator);
    map_column(statement, revoked_at, revoked_indicator);
  }

  ApiToken to_token() const {
    ApiToken token;
    token.id = id;
    token.user_id = user_id;
    token.name = name;
    token.created_at = from_unix_ms(created_at);
    if (last_used_indicator == soci::i_ok) token.last_used_at = from_unix_ms(last_used_at);
    if (revoked_indicator == soci::i_ok) token.revoked_at = from_unix_ms(revoked_at);
    return token;
  }
};

// A token with its user, in the order of kTokenColumns, kUserColumns.
struct GrantRow {
  TokenRow token;
  UserRow user;
  template <typename Columns>
  void exchange(Columns& statement) {
    token.exchange(statement);
    user.exchange(statement);
  }
};

class SociApiTokenRepository final : public ApiTokenRepository {
 public:
  explicit SociApiTokenRepository(SociTransaction& tx) : tx_(tx) {}

  Result<ApiToken> create(UserId user, std::string_view name, std::string_view token_hash,
                          TimePoint now) override {
    return tx_.attempt("api_tokens.create", true, [&] {
      long long user_id = user;
      std::string token_name(name);
      std::string hash(token_hash);
      long long at = to_unix_ms(now);
      long long id = 0;
      soci::statement st(tx_.session());
      map_column(st, id);
      st.exchange(soci::use(user_id));
      st.exchange(soci::use(token_name));
      st.exchange(soci::use(hash));
      st.exchange(soci::use(at));
      prepare(st,
              "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
              "VALUES (:user_id, :name, :token_hash, :created_at) RETURNING id");
      if (!st.execute(true)) throw std::runtime_error("INSERT ... RETURNING gave no id");
      ApiToken token;
      token.id = id;
      token.user_id = user;
      token.name = token_name;
      token.created_at = from_unix_ms(at);
      return token;
    });
  }

  Result<std::optional<ApiTokenGrant>> find_by_hash(std::string_view token_hash) override {
    return tx_.attempt("api_tokens.find_by_hash", false, [&]() -> std::optional<ApiTokenGrant> {
      QueryParams params;
      const std::string hash = params.add(std::string(token_hash));
      // Asked on every admin API request, so its text is put together once.
      static const std::string kQuery = "SELECT " + kTokenColumns + ", " + kUserColumns +
                                        " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                                        " WHERE t.token_hash = " +
                                        hash + " AND t.revoked_at IS NULL";
      return fetch_one<GrantRow>(tx_, kQuery, params, [](GrantRow&& row) {
        return ApiTokenGrant{row.token.to_token(), std::move(row.user).to_user()};
      });
    });
  }

  Result<std::vector<ApiToken>> list_for_user(UserId user) override {
    return tx_.attempt("api_tokens.list_for_user", false, [&] {
      long long user_id = user;
      TokenRow row;
      std::vector<ApiToken> tokens;
      soci::statement st(tx_.session());
      row.exchange(st);
      st.exchange(soci::use(user_id));
      prepare(st, "SELECT " + kTokenColumns +
                      " FROM api_tokens t WHERE t.user_id = :user_id ORDER BY t.id");
      st.execute(false);
      while (st.fetch()) tokens.push_back(row.to_token());
      return tokens;
    });
  }

  Result<bool> revoke(UserId user, ApiTokenId id, TimePoint now) override {
    return tx_.attempt("api_tokens.revoke", false, [&] {
      long long at = to_unix_ms(now);
      long long token_id = id;
      long long user_id = user;
      soci::statement st(tx_.session());
      st.exchange(soci::use(at));
      st.exchange(soci::use(token_id));
      st.exchange(soci::use(user_id));
      prepare(st,
              "UPDATE api_tokens SET revoked_at = :now"
              " WHERE id = :id AND user_id = :user_id AND revoked_at IS NULL");
      st.execute(true);
      return st.get_affected_rows() > 0;
    });
  }

  Status touch(ApiTokenId id, TimePoint now) override {
    return tx_.attempt("api_tokens.touch", false, [&] {
      long long at = to_unix_ms(now);
      long long token_id = id;
      soci::statement st(tx_.session());
      st.exchange(soci::use(at));
      st.exchange(soci::use(token_id));
      prepare(st, "UPDATE api_tokens SET last_used_at = :now WHERE id = :id");
      st.execute(true);
    });
  }

 private:
  SociTransaction& tx_;
};

class SociSystemRepository final : public SystemRepository {
 public:
  explicit SociSystemRepository(SociTransaction& tx) : tx_(tx) {}

  Status mark_bootstrapped(TimePoint now) override {
    return tx_.attempt(
        "system.mark_bootstrapped", true,
        [&] {
          long long at = to_unix_ms(now);
          soci::statement st(tx_.session());
          st.exchange(soci::use(at));
          prepare(st, "INSERT INTO system_flags (name, created_at) VALUES ('bootstrapped', :now)");
          st.execute(true);
        },
        &bootstrap_conflict);
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

SociTransaction::SociTransaction(Lease& lease, bool writing)
    : lease_(lease),
      writing_(writing),
      users_(make_user_repository(*this)),
      api_tokens_(std::make_unique<SociApiTokenRepository>(*this)),
      system_(std::make_unique<SociSystemRepository>(*this)),
      organisations_(make_organisation_repository(*this)),
      teams_(make_team_repository(*this)),
      audit_(make_audit_repository(*this)),
      sessions_(make_session_repository(*this)),
      throttle_(make_throttle_repository(*this)) {}

SociTransaction::~SociTransaction() = default;

UserRepository& SociTransaction::users() { return *users_; }
ApiTokenRepository& SociTransaction::api_tokens() { return *api_tokens_; }
SystemRepository& SociTransaction::system() { return *system_; }
OrganisationRepository& SociTransaction::organisations() { return *organisations_; }
TeamRepository& SociTransaction::teams() { return *teams_; }
AuditRepository& SociTransaction::audit() { return *audit_; }
SessionRepository& SociTransaction::sessions() { return *sessions_; }
ThrottleRepository& SociTransaction::throttle() { return *throttle_; }

namespace {
template <typename R>
R& made_on_first_use(std::unique_ptr<R>& slot, SociTransaction& tx,
                     std::unique_ptr<R> (*make)(SociTransaction&)) {
  if (!slot) slot = make(tx);
  return *slot;
}
}  // namespace

SettingsRepository& SociTransaction::settings() {
  return made_on_first_use(settings_, *this, make_settings_repository);
}
LinkRepository& SociTransaction::links() {
  return made_on_first_use(links_, *this, make_link_repository);
}
InvitationRepository& SociTransaction::invitations() {
  return made_on_first_use(invitations_, *this, make_invitation_repository);
}
RegistrationRepository& SociTransaction::registrations() {
  return made_on_first_use(registrations_, *this, make_registration_repository);
}
InviteCodeRepository& SociTransaction::invite_codes() {
  return made_on_first_use(invite_codes_, *this, make_invite_code_repository);
}
OutboxRepository& SociTransaction::outbox() {
  return made_on_first_use(outbox_, *this, make_outbox_repository);
}

std::string SociTransaction::for_update() {
  if (!writing_ || dialect() != Dialect::kPostgres) return {};
  if (!directory_locked_) {
    // Its own statement, so that the reads after it take their snapshot once it is held.
    session() << "SELECT version FROM directory_version WHERE id = 1 FOR NO KEY UPDATE";
    directory_locked_ = true;
  }
  return " FOR NO KEY UPDATE";
}

void SociTransaction::undo_savepoint() noexcept {
  // Locks taken after the savepoint go with it: take the directory lock again next time.
  directory_locked_ = false;
  try {
    session() << "ROLLBACK TO SAVEPOINT atrium_statement";
    session() << "RELEASE SAVEPOINT atrium_statement";
  } catch (...) {
    SqlFailure failure = classify_current_exception();
    if (!lease_.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
    failure_ = to_error(failure, "ROLLBACK TO SAVEPOINT");
  }
}

Error SociTransaction::handle_failure(std::string_view context, bool savepoint,
                                      Error (*on_conflict)(const SqlFailure&)) noexcept {
  SqlFailure failure = classify_current_exception();
  if (!lease_.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
  if (failure.is_conflict()) {
    Error error = on_conflict != nullptr ? on_conflict(failure) : to_error(failure, context);
    // SQLite undoes just the failed statement. PostgreSQL aborts the whole transaction unless we
    // return to the savepoint taken before the statement (or the body, for attempt_all).
    if (savepoint) {
      undo_savepoint();
      if (failure_) failure_ = error;
    } else if (dialect() != Dialect::kSqlite3) {
      failure_ = error;
    }
    return error;
  }
  Error error = to_error(failure, context);
  failure_ = error;
  return error;
}

}  // namespace atrium::store
