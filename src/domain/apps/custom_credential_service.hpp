#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/auth/actor.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Tyk's CustomCredential-create. CredentialKey is hashed at once and never kept or shown.
struct CustomCredentialInput {
  std::optional<std::string> alias;
  std::optional<std::string> type;
  std::optional<PlanId> plan_id;
  std::optional<std::string> authentication_method;
  std::optional<std::vector<ProductId>> product_ids;
  std::optional<std::string> auth_token_type;
  std::optional<std::string> key_id;
  std::optional<std::string> credential_key;
  std::optional<std::string> credential_secret;  // OAuth 2.0: not offered, refused
};

// Keys issued elsewhere that an API Owner registers for an app (Tyk's custom credentials).
class CustomCredentialService {
 public:
  CustomCredentialService(Database& db, const TokenHasher& hasher, const Clock& clock)
      : db_(db), hasher_(hasher), clock_(clock) {}

  Result<std::vector<CustomCredential>> list(const Actor& actor, AppId app);
  Result<CustomCredential> create(const Actor& actor, AppId app,
                                  const CustomCredentialInput& input);
  Result<CustomCredential> get(const Actor& actor, AppId app, long long id);
  // Only the alias changes (Tyk's CustomCredential-update).
  Result<CustomCredential> update(const Actor& actor, AppId app, long long id,
                                  const std::optional<std::string>& alias);
  Status remove(const Actor& actor, AppId app, long long id);

 private:
  Database& db_;
  const TokenHasher& hasher_;
  const Clock& clock_;
};

}  // namespace atrium
