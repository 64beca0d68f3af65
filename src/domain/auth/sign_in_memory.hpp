#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/auth/grant_memo.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/freshness/data_versions.hpp"
#include "domain/storage.hpp"

namespace atrium {

// What the sign-in checks keep between requests, so that a signed-in request costs no SQL
// (issue 17; grant_memo.hpp says when a copy is used).
struct SignInMemory {
  explicit SignInMemory(DataVersionSource& source) : versions(source) {}
  DataVersionSource& versions;
  GrantMemo<SessionGrant> sessions;
  GrantMemo<ApiTokenGrant> tokens;
};

// The remembered grant for `hash` while its version is current; none without a memory, when the
// version cannot be read, or when nothing current is kept.
template <typename Grant>
std::optional<Grant> recall(SignInMemory* memory, GrantMemo<Grant> SignInMemory::*memo,
                            const std::string& hash) {
  if (memory == nullptr) return std::nullopt;
  const Result<long long> version = memory->versions.current(DataSet::kSignIn);
  if (!version) return std::nullopt;
  return (memory->*memo).find(hash, *version);
}

// A grant read from the database with the sign-in version of the same snapshot (none without a
// memory), for keeping it.
template <typename Grant>
struct ReadGrant {
  std::optional<Grant> grant;
  std::optional<long long> version;
};

template <typename Grant, typename Find>
Result<ReadGrant<Grant>> read_grant(Database& db, const SignInMemory* memory, Find&& find) {
  return db.read_result([&](Transaction& tx) -> Result<ReadGrant<Grant>> {
    ReadGrant<Grant> out;
    ATRIUM_ASSIGN_OR_RETURN(out.grant, find(tx));
    if (memory != nullptr && out.grant) {
      ATRIUM_ASSIGN_OR_RETURN(auto versions, tx.get<DataVersionRepository>().read());
      out.version = version_of(versions, DataSet::kSignIn);
    }
    return out;
  });
}

// Keeps what read_grant found, when there is a memory.
template <typename Grant>
void remember(SignInMemory* memory, GrantMemo<Grant> SignInMemory::*memo, std::string hash,
              const ReadGrant<Grant>& read) {
  if (memory == nullptr || !read.grant || !read.version) return;
  (memory->*memo).keep(std::move(hash), *read.grant, *read.version);
}

}  // namespace atrium
