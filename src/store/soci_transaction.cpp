#include "store/soci_transaction.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/identity/email.hpp"

namespace atrium::store {

namespace {

// Booleans are read through CAST(... AS INTEGER): INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL.
// Parameters bound as 0/1 are accepted by both (PostgreSQL parses '0'/'1' as boolean input).
const std::string kUserColumns =
    "u.id, u.cid, u.email, u.first, u.last, u.role, CAST(u.active AS INTEGER), "
    "u.organisation_id, CAST(u.reset_password AS INTEGER), u.provider, "
    "CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, u.created_at, u.updated_at";

const std::string kTokenColumns =
    "t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at";

// One-time queries: PostgreSQL runs them with PQexecParams in one round trip, where a repeatable
// query would cost a PREPARE and a DEALLOCATE.
void prepare(soci::statement& statement, const std::string& query) {
  statement.alloc();
  statement.prepare(query, soci::details::st_one_time_query);
  statement.define_and_bind();
}

struct UserRow {
  long long id = 0;
  std::string cid;
  std::string email;
  std::string first;
  std::string last;
  std::string role;
  int active = 0;
  long long organisation_id = 0;
  soci::indicator organisation_indicator = soci::i_ok;
  int reset_password = 0;
  std::string provider;
  int has_password = 0;
  long long created_at = 0;
  long long updated_at = 0;

  // In the order of kUserColumns.
  void exchange(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(cid));
    statement.exchange(soci::into(email));
    statement.exchange(soci::into(first));
    statement.exchange(soci::into(last));
    statement.exchange(soci::into(role));
    statement.exchange(soci::into(active));
    statement.exchange(soci::into(organisation_id, organisation_indicator));
    statement.exchange(soci::into(reset_password));
    statement.exchange(soci::into(provider));
    statement.exchange(soci::into(has_password));
    statement.exchange(soci::into(created_at));
    statement.exchange(soci::into(updated_at));
  }

  // Throws on a row the schema should have made impossible (caught by attempt()).
  User to_user() const {
    const auto parsed_role = parse_role(role);
    if (!parsed_role) {
      throw std::runtime_error("users row " + std::to_string(id) + " has unknown role '" + role +
                               "'");
    }
    User user;
    user.id = id;
    user.cid = cid;
    user.email = email;
    user.first = first;
    user.last = last;
    user.role = *parsed_role;
    user.active = active != 0;
    if (organisation_indicator == soci::i_ok) user.organisation_id = organisation_id;
    user.reset_password = reset_password != 0;
    user.provider = provider;
    user.has_password = has_password != 0;
    user.created_at = from_unix_ms(created_at);
    user.updated_at = from_unix_ms(updated_at);
    return user;
  }
};

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
  void exchange(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(user_id));
    statement.exchange(soci::into(name));
    statement.exchange(soci::into(created_at));
    statement.exchange(soci::into(last_used_at, last_used_indicator));
    statement.exchange(soci::into(revoked_at, revoked_indicator));
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

class SociUserRepository final : public UserRepository {
 public:
  explicit SociUserRepository(SociTransaction& tx) : tx_(tx) {}

  Result<User> create(const NewUser& user, TimePoint now) override {
    return tx_.attempt(
        "users.create", true,
        [&] {
          std::string cid = user.cid;
          std::string email = user.email;
          std::string key = email_key(user.email);
          std::string first = user.first;
          std::string last = user.last;
          std::string role(to_string(user.role));
          int active = user.active ? 1 : 0;
          long long organisation_id = user.organisation_id.value_or(0);
          soci::indicator organisation_indicator = user.organisation_id ? soci::i_ok : soci::i_null;
          std::string password_hash = user.password_hash.value_or(std::string());
          soci::indicator password_indicator = user.password_hash ? soci::i_ok : soci::i_null;
          int reset_password = user.reset_password ? 1 : 0;
          std::string provider = user.provider;
          long long at = to_unix_ms(now);
          long long id = 0;

          soci::statement st(tx_.session());
          st.exchange(soci::into(id));
          st.exchange(soci::use(cid));
          st.exchange(soci::use(email));
          st.exchange(soci::use(key));
          st.exchange(soci::use(first));
          st.exchange(soci::use(last));
          st.exchange(soci::use(role));
          st.exchange(soci::use(active));
          st.exchange(soci::use(organisation_id, organisation_indicator));
          st.exchange(soci::use(password_hash, password_indicator));
          st.exchange(soci::use(reset_password));
          st.exchange(soci::use(provider));
          st.exchange(soci::use(at));
          st.exchange(soci::use(at));
          prepare(st,
                  "INSERT INTO users (cid, email, email_key, first, last, role, active, "
                  "organisation_id, password_hash, reset_password, provider, created_at, "
                  "updated_at) VALUES (:cid, :email, :email_key, :first, :last, :role, :active, "
                  ":organisation_id, :password_hash, :reset_password, :provider, :created_at, "
                  ":updated_at) RETURNING id");
          if (!st.execute(true)) throw std::runtime_error("INSERT ... RETURNING gave no id");

          User created;
          created.id = id;
          created.cid = user.cid;
          created.email = user.email;
          created.first = user.first;
          created.last = user.last;
          created.role = user.role;
          created.active = user.active;
          created.organisation_id = user.organisation_id;
          created.reset_password = user.reset_password;
          created.provider = user.provider;
          created.has_password = user.password_hash.has_value();
          created.created_at = from_unix_ms(at);
          created.updated_at = from_unix_ms(at);
          return created;
        },
        &user_create_conflict);
  }

  Result<std::optional<User>> find_by_id(UserId id) override {
    return tx_.attempt("users.find_by_id", false, [&]() -> std::optional<User> {
      long long key = id;
      return find_one("u.id = :id", key);
    });
  }

  Result<std::optional<User>> find_by_email(std::string_view email) override {
    return tx_.attempt("users.find_by_email", false, [&]() -> std::optional<User> {
      std::string key = email_key(email);
      return find_one("u.email_key = :email_key", key);
    });
  }

  Result<std::optional<std::string>> password_hash(UserId id) override {
    return tx_.attempt("users.password_hash", false, [&]() -> std::optional<std::string> {
      long long key = id;
      std::string hash;
      soci::indicator indicator = soci::i_null;
      soci::statement st(tx_.session());
      st.exchange(soci::into(hash, indicator));
      st.exchange(soci::use(key));
      prepare(st, "SELECT password_hash FROM users WHERE id = :id");
      if (!st.execute(true) || indicator != soci::i_ok) return std::nullopt;
      return hash;
    });
  }

  Result<long long> count_api_owners() override {
    return tx_.attempt("users.count_api_owners", false, [&] {
      long long count = 0;
      soci::statement st(tx_.session());
      st.exchange(soci::into(count));
      prepare(st, "SELECT COUNT(*) FROM users WHERE role IN ('super-admin', 'provider-admin')");
      st.execute(true);
      return count;
    });
  }

 private:
  template <typename Key>
  std::optional<User> find_one(const char* condition, Key& key) {
    UserRow row;
    soci::statement st(tx_.session());
    row.exchange(st);
    st.exchange(soci::use(key));
    prepare(st, "SELECT " + kUserColumns + " FROM users u WHERE " + condition);
    if (!st.execute(true)) return std::nullopt;
    return row.to_user();
  }

  SociTransaction& tx_;
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
      st.exchange(soci::into(id));
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
      std::string hash(token_hash);
      TokenRow token;
      UserRow user;
      soci::statement st(tx_.session());
      token.exchange(st);
      user.exchange(st);
      st.exchange(soci::use(hash));
      prepare(st, "SELECT " + kTokenColumns + ", " + kUserColumns +
                      " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                      " WHERE t.token_hash = :token_hash AND t.revoked_at IS NULL");
      if (!st.execute(true)) return std::nullopt;
      return ApiTokenGrant{token.to_token(), user.to_user()};
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
      users_(std::make_unique<SociUserRepository>(*this)),
      api_tokens_(std::make_unique<SociApiTokenRepository>(*this)),
      system_(std::make_unique<SociSystemRepository>(*this)) {}

SociTransaction::~SociTransaction() = default;

UserRepository& SociTransaction::users() { return *users_; }
ApiTokenRepository& SociTransaction::api_tokens() { return *api_tokens_; }
SystemRepository& SociTransaction::system() { return *system_; }

Error SociTransaction::handle_failure(std::string_view context, bool savepoint,
                                      Error (*on_conflict)(const SqlFailure&)) noexcept {
  SqlFailure failure = classify_current_exception();
  if (!lease_.connection_alive()) failure.kind = SqlFailureKind::kUnavailable;
  if (failure.is_conflict()) {
    Error error = on_conflict != nullptr ? on_conflict(failure) : to_error(failure, context);
    // SQLite undoes just the failed statement. PostgreSQL aborts the whole transaction unless we
    // return to the savepoint taken before the statement.
    bool usable = dialect() == Dialect::kSqlite3;
    if (savepoint) {
      try {
        session() << "ROLLBACK TO SAVEPOINT atrium_statement";
        session() << "RELEASE SAVEPOINT atrium_statement";
        usable = true;
      } catch (...) {
        usable = false;
      }
    }
    if (!usable) failure_ = error;
    return error;
  }
  Error error = to_error(failure, context);
  failure_ = error;
  return error;
}

}  // namespace atrium::store
