#include "http/response_cache.hpp"

namespace atrium::http {

namespace {

// What an entry holds besides its text: list and map nodes, strings' headers (an estimate that
// keeps many tiny entries from exceeding the budget unseen).
constexpr std::size_t kEntryOverhead = 256;

std::size_t size_of(const std::string& key, const Response& response) {
  std::size_t bytes = kEntryOverhead + key.size() + response.body.size();
  for (const auto& [name, value] : response.headers) bytes += name.size() + value.size() + 64;
  return bytes;
}

}  // namespace

Response ResponseCache::answer(std::string key, DataSet set,
                               const std::function<Response()>& compute) {
  if (!enabled()) return compute();
  const Result<long long> current = versions_.current(set);
  if (!current) return compute();
  Response cached;
  if (find(key, *current, cached)) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    return cached;
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  // Read before computing, in the snapshot the computation reads (the request's shared reads): a
  // change committed in between makes the stored answer newer than its version says, and a newer
  // version then never matches it again.
  const Result<long long> computed_at = versions_.in_snapshot(set);
  Response computed = compute();
  if (computed_at && computed.status == 200) store(std::move(key), *computed_at, computed);
  return computed;
}

bool ResponseCache::find(const std::string& key, long long version, Response& out) {
  std::lock_guard lock(mutex_);
  const auto found = index_.find(key);
  if (found == index_.end() || found->second->version != version) return false;
  order_.splice(order_.begin(), order_, found->second);
  out = found->second->response;
  return true;
}

void ResponseCache::store(std::string key, long long version, const Response& response) {
  const std::size_t bytes = size_of(key, response);
  if (bytes > max_bytes_ / 4) return;  // one answer may not push out most of the others
  std::lock_guard lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end()) {
    // Two requests may compute the same answer in different snapshots: keep the newer one.
    if (found->second->version > version) return;
    const Order::iterator entry = found->second;
    index_.erase(found);  // first: its key is a view of the entry's
    bytes_ -= entry->bytes;
    order_.erase(entry);
  }
  while (!order_.empty() && bytes_ + bytes > max_bytes_) {
    bytes_ -= order_.back().bytes;
    index_.erase(order_.back().key);
    order_.pop_back();
  }
  order_.push_front(Entry{std::move(key), version, response, bytes});
  index_.emplace(order_.front().key, order_.begin());
  bytes_ += bytes;
}

std::size_t ResponseCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t ResponseCache::entries() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

std::string response_cache_key(std::string_view route, long long viewer, const QueryPairs& query) {
  // Percent-encoded pairs cannot contain the separators, so distinct inputs give distinct keys.
  return std::string(route) + '\n' + std::to_string(viewer) + '\n' + query_string(query);
}

}  // namespace atrium::http
