#include "domain/auth/api_token_repository.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/auth/api_token.hpp"
#include "domain/identity/user.hpp"
#include "store/directory/user_row.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
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

}  // namespace

ATRIUM_STORE_REPOSITORY(ApiTokenRepository, SociApiTokenRepository)

}  // namespace atrium::store
