#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "domain/freshness/data_versions.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace atrium::http {

// Whole answers to lists (users, products, apps), each kept with the version of the data it was
// computed from (domain/freshness/data_versions.hpp, kept by the database's triggers). An answer
// is served again only while that version is the current one, as the node's version board knows
// it: exactly what computing it again would give, up to the board's bound for what other nodes
// wrote (VersionBoard::kStalenessBound); what this node wrote is seen at once. Authentication is
// never cached here. Least recently used answers go first when the byte budget is reached; a
// budget of 0 turns the cache off.
class ResponseCache {
 public:
  ResponseCache(std::size_t max_bytes, DataVersionSource& versions)
      : max_bytes_(max_bytes), versions_(versions) {}
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The answer for `key`: the stored one while `set`'s current version is the one it was stored
  // with, else `compute()`, stored when it is a 200 with the version read in the snapshot it was
  // computed in. Without a budget no version is asked. A hit needs no SQL (unless this node has
  // just written: VersionBoard), so it may be served from an I/O thread.
  Response answer(std::string key, DataSet set, const std::function<Response()>& compute);

  bool enabled() const { return max_bytes_ > 0; }
  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  struct Entry {
    std::string key;
    long long version = 0;
    Response response;
    std::size_t bytes = 0;
  };
  using Order = std::list<Entry>;  // most recently used first

  bool find(const std::string& key, long long version, Response& out);
  void store(std::string key, long long version, const Response& response);

  const std::size_t max_bytes_;
  DataVersionSource& versions_;
  mutable std::mutex mutex_;
  Order order_;
  std::unordered_map<std::string_view, Order::iterator> index_;  // views of the entries' keys
  std::size_t bytes_ = 0;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

// The key of a viewer's answer: route, viewer and the query as given (every input of the answer
// that is not in the directory).
std::string response_cache_key(std::string_view route, long long viewer, const QueryPairs& query);

}  // namespace atrium::http
