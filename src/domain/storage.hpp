#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/identity/user.hpp"

// The storage contract of the domain. src/store implements it for SQLite and PostgreSQL; the
// contract test suite (tests/contract) runs against both. Repository methods never throw.
namespace atrium {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kConflict (id "user.email_taken") when the email is taken, compared case-insensitively.
  virtual Result<User> create(const NewUser& user, TimePoint now) = 0;
  virtual Result<std::optional<User>> find_by_id(UserId id) = 0;
  virtual Result<std::optional<User>> find_by_email(std::string_view email) = 0;
  virtual Result<std::optional<std::string>> password_hash(UserId id) = 0;
  virtual Result<long long> count_api_owners() = 0;
};

// An API token together with the user it authenticates.
struct ApiTokenGrant {
  ApiToken token;
  User user;
};

class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Result<ApiToken> create(UserId user, std::string_view name, std::string_view token_hash,
                                  TimePoint now) = 0;
  // The unrevoked token with this hash, with its user.
  virtual Result<std::optional<ApiTokenGrant>> find_by_hash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> list_for_user(UserId user) = 0;
  // False when no unrevoked token of that user has this id.
  virtual Result<bool> revoke(UserId user, ApiTokenId id, TimePoint now) = 0;
  virtual Status touch(ApiTokenId id, TimePoint now) = 0;
};

// Facts about the installation as a whole.
class SystemRepository {
 public:
  virtual ~SystemRepository() = default;
  // Records that the first API Owner was created; kConflict ("bootstrap.done") if it was before,
  // even when two processes try at once.
  virtual Status mark_bootstrapped(TimePoint now) = 0;
};

// One unit of work: everything done through it commits or rolls back together.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual UserRepository& users() = 0;
  virtual ApiTokenRepository& api_tokens() = 0;
  virtual SystemRepository& system() = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  using Work = std::function<Status(Transaction&)>;
  // Runs `work` in a transaction that may write; commits when it returns success, else rolls
  // back and returns its error. Conflicts and lost connections come back as errors.
  virtual Status write(const Work& work) = 0;
  // Runs `work` on a consistent read-only snapshot.
  virtual Status read(const Work& work) = 0;

  // Typed conveniences over write/read.
  template <typename F>
  auto write_result(F&& f) -> decltype(f(std::declval<Transaction&>())) {
    return run_typed(true, std::forward<F>(f));
  }
  template <typename F>
  auto read_result(F&& f) -> decltype(f(std::declval<Transaction&>())) {
    return run_typed(false, std::forward<F>(f));
  }

 private:
  template <typename F>
  auto run_typed(bool writing, F&& f) -> decltype(f(std::declval<Transaction&>())) {
    using R = decltype(f(std::declval<Transaction&>()));
    std::optional<R> out;
    const Work work = [&](Transaction& tx) -> Status {
      out.emplace(f(tx));
      if (!*out) return fail(out->error());
      return ok();
    };
    Status status = writing ? write(work) : read(work);
    if (!status) return fail(std::move(status).error());
    return std::move(*out);
  }
};

// Whether the database can serve: reachable, and at the schema version this binary expects.
class ReadinessProbe {
 public:
  virtual ~ReadinessProbe() = default;
  virtual Status check() = 0;
};

}  // namespace atrium
