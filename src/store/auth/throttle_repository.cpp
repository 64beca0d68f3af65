#include "domain/auth/throttle_repository.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "domain/auth/session.hpp"
#include "domain/auth/session_repository.hpp"
#include "domain/identity/user.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

// Throttle keys longer than this many bytes, or not valid UTF-8, are stored folded (throttle_key).
constexpr std::size_t kMaxThrottleKey = 256;

constexpr std::size_t kFoldedKeyPrefix = 200;

// The length of the UTF-8 sequence at text[at], or 0 when it is malformed or NUL: no PostgreSQL
// text value can hold NUL.
std::size_t sequence_length(std::string_view text, std::size_t at) {
  return text[at] == '\0' ? 0 : utf8_sequence_length(text, at);
}

// 64-bit FNV-1a: stable across builds and platforms, so every server folds a key the same way.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The stored form of a throttle key. A key that is well-formed UTF-8 of at most kMaxThrottleKey
// bytes is stored as given. Any other key (built from what a client sent, e.g. an absurd email)
// is folded to its longest well-formed prefix of at most kFoldedKeyPrefix bytes, "#~", and the
// hash of the whole key: a valid index entry on both databases, and the same on every server.
// A folded key can only meet another folded key or that exact string given as a key, which at
// worst counts more failures against them.
std::string throttle_key(std::string_view key) {
  std::size_t valid = 0;
  while (valid < key.size()) {
    const std::size_t length = sequence_length(key, valid);
    if (length == 0) break;
    valid += length;
  }
  if (valid == key.size() && key.size() <= kMaxThrottleKey) return std::string(key);
  std::size_t prefix = 0;
  while (prefix < valid) {
    const std::size_t length = sequence_length(key, prefix);
    if (prefix + length > kFoldedKeyPrefix) break;
    prefix += length;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out(key.substr(0, prefix));
  out += "#~";
  const std::uint64_t hash = fnv1a(key);
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
  return out;
}

class SociThrottleRepository final : public ThrottleRepository {
 public:
  explicit SociThrottleRepository(SociTransaction& tx) : tx_(tx) {}

  Status record(std::string_view key, TimePoint now) override {
    return tx_.attempt("throttle.record", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "INSERT INTO throttle_failures (key, occurred_at) VALUES (" +
                  params.add(throttle_key(key)) + ", " + params.add(to_unix_ms(now)) + ")",
              params);
    });
  }

  Result<Count> count_since(std::string_view key, TimePoint since) override {
    return tx_.attempt("throttle.count_since", false, [&] {
      std::string stored = throttle_key(key);
      long long from = to_unix_ms(since);
      Count count;
      long long latest = 0;
      soci::indicator latest_indicator = soci::i_null;
      soci::statement st(tx_.session());
      map_column(st, count.failures);
      map_column(st, latest, latest_indicator);
      st.exchange(soci::use(stored));
      st.exchange(soci::use(from));
      prepare(st,
              "SELECT COUNT(*), MAX(occurred_at) FROM throttle_failures"
              " WHERE key = :key AND occurred_at >= :since");
      if (!st.execute(true)) throw std::runtime_error("an aggregate query returned no row");
      if (latest_indicator == soci::i_ok) count.latest = from_unix_ms(latest);
      return count;
    });
  }

  Status clear(std::string_view key) override {
    return tx_.attempt("throttle.clear", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "DELETE FROM throttle_failures WHERE key = " + params.add(throttle_key(key)), params);
    });
  }

  Result<long long> remove_older_than(TimePoint before) override {
    return tx_.attempt("throttle.remove_older_than", false, [&] {
      QueryParams params;
      return execute(
          tx_.session(),
          "DELETE FROM throttle_failures WHERE occurred_at < " + params.add(to_unix_ms(before)),
          params);
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(ThrottleRepository, SociThrottleRepository)

}  // namespace atrium::store
