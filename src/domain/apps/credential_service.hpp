#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/auth/actor.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/storage.hpp"

namespace atrium {

// API keys of approved access requests (DESIGN §10). A key is shown once, when it is made, to one
// of the app's managers: an approval or rotation by an API Owner ends the old key and leaves the
// new one to be revealed on the app's page (docs/apps.md, "Keys shown once"). Every change is
// audited.
class CredentialService {
 public:
  CredentialService(Database& db, Random& random, const TokenHasher& hasher, const Clock& clock)
      : db_(db), random_(random), hasher_(hasher), clock_(clock) {}

  Result<std::vector<Credential>> list(const Actor& actor, AppId app, AccessRequestId request);
  Result<Credential> get(const Actor& actor, AppId app, AccessRequestId request, CredentialId id);
  // Ends the key at once and makes a new one: returned to a consumer managing the app, left
  // unrevealed (an empty key) for an API Owner. kConflict "credential.revoked" for a revoked key.
  Result<IssuedKey> rotate(const Actor& actor, AppId app, AccessRequestId request, CredentialId id);
  // Makes the key of an approved credential and shows it, once: consumers managing the app only;
  // kConflict "credential.already_shown" when it was made before (rotate it for a new one).
  Result<IssuedKey> reveal(const Actor& actor, AppId app, CredentialId id);
  // Ends the key; the credential stays, marked revoked.
  Result<Credential> revoke(const Actor& actor, AppId app, CredentialId id);
  // Ends the key and deletes the credential.
  Status remove(const Actor& actor, AppId app, AccessRequestId request, CredentialId id);

 private:
  Database& db_;
  Random& random_;
  const TokenHasher& hasher_;
  const Clock& clock_;
};

}  // namespace atrium
