#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace atrium {

// Grants (a session or an admin API token with its user) this node has read from the database
// lately, by the hash of their secret, each with the sign-in version (DataSet::kSignIn) read in
// the same snapshot. A copy is used only while that version is still the current one: ending a
// session, revoking a token or changing the user moves it, and every copy is then read again
// (DESIGN §8 rule 4; docs/decisions.md, "Versions in memory"). Unknown secrets are never kept,
// so guessing cannot fill it; past `max_entries` it starts again empty. Thread-safe.
template <typename Grant>
class GrantMemo {
 public:
  explicit GrantMemo(std::size_t max_entries = 100'000) : max_entries_(max_entries) {}

  std::optional<Grant> find(const std::string& hash, long long version) const {
    std::shared_lock lock(mutex_);
    const auto found = entries_.find(hash);
    if (found == entries_.end() || found->second.version != version) return std::nullopt;
    return found->second.grant;
  }

  void keep(std::string hash, Grant grant, long long version) {
    std::unique_lock lock(mutex_);
    if (entries_.size() >= max_entries_ && !entries_.contains(hash)) entries_.clear();
    entries_.insert_or_assign(std::move(hash), Entry{std::move(grant), version});
  }

  void forget(const std::string& hash) {
    std::unique_lock lock(mutex_);
    entries_.erase(hash);
  }

  std::size_t size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    Grant grant;
    long long version = 0;
  };
  const std::size_t max_entries_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace atrium
