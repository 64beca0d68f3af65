#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/storage.hpp"

namespace atrium {

// What the store keeps of a key: its hash (never the key) and a prefix to recognise it by.
struct KeyDigest {
  std::string hash;
  std::string prefix;
};

class CredentialRepository : public Repository {
 public:
  ~CredentialRepository() override = default;
  // A credential whose key is made later (key_hash NULL: not issued).
  virtual Result<Credential> create(AccessRequestId request, std::optional<TimePoint> expires_at,
                                    TimePoint now) = 0;
  // Locked on PostgreSQL in a write.
  virtual Result<std::optional<Credential>> find(CredentialId id) = 0;
  // Ordered by id.
  virtual Result<std::vector<Credential>> list_for_request(AccessRequestId request) = 0;
  virtual Result<std::vector<Credential>> list_for_app(AppId app) = 0;
  // Sets a new key (issuing or rotating): the old one, if any, stops at once.
  virtual Result<Credential> set_key(CredentialId id, const KeyDigest& key,
                                     std::optional<TimePoint> expires_at, TimePoint now) = 0;
  virtual Result<Credential> revoke(CredentialId id, TimePoint now) = 0;
  virtual Result<bool> remove(CredentialId id) = 0;
};

class CustomCredentialRepository : public Repository {
 public:
  ~CustomCredentialRepository() override = default;
  // kConflict "credential.key_taken" when another credential has the key.
  virtual Result<CustomCredential> create(AppId app, const CustomCredentialFields& fields,
                                          const std::optional<KeyDigest>& key, TimePoint now) = 0;
  virtual Result<std::optional<CustomCredential>> find(AppId app, long long id) = 0;
  virtual Result<std::vector<CustomCredential>> list(AppId app) = 0;
  virtual Result<CustomCredential> set_alias(long long id, std::string_view alias,
                                             TimePoint now) = 0;
  virtual Result<bool> remove(long long id) = 0;
};

}  // namespace atrium
