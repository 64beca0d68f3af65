#include "domain/gateway/grant_index.hpp"

#include <utility>

namespace atrium {

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

void GrantIndex::replace(Entries&& entries, long long version) {
  auto next = std::make_shared<Snapshot>();
  next->version = version;
  next->grants.reserve(entries.size());
  for (auto& [hash, grant] : entries) {
    next->grants.emplace(std::move(hash), std::make_shared<const Grant>(std::move(grant)));
  }
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(next);
}

std::shared_ptr<const GrantIndex::Snapshot> GrantIndex::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

GrantIndex::Lookup GrantIndex::check(std::string_view key_hash, std::string_view path,
                                     TimePoint now) const {
  const auto current = snapshot();
  Lookup out;
  const auto found = current->grants.find(std::string(key_hash));
  if (found == current->grants.end() || !constant_time_equal(found->first, key_hash)) return out;
  out.grant = found->second;
  const Grant& grant = *out.grant;
  if (grant.expires_at && *grant.expires_at <= now) {
    out.outcome = Outcome::kExpired;
    return out;
  }
  for (const GrantApi& api : grant.apis) {
    if (!under_listen_path(path, api.listen_path)) continue;
    if (out.api == nullptr || api.listen_path.size() > out.api->listen_path.size()) out.api = &api;
  }
  out.outcome = out.api != nullptr ? Outcome::kAllowed : Outcome::kOutsideProducts;
  return out;
}

std::size_t GrantIndex::size() const { return snapshot()->grants.size(); }

long long GrantIndex::version() const { return snapshot()->version; }

}  // namespace atrium
