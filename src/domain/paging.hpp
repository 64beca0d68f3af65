#pragma once

#include <cstddef>
#include <vector>

namespace atrium {

// Tyk's `page` / `per_page` (defaults 1 and 20).
struct PageRequest {
  long long page = 1;
  long long per_page = 20;

  long long offset() const { return (page - 1) * per_page; }
};

inline constexpr long long kMaxPerPage = 100;

// Keyset paging, our extension of Tyk's paging for lists ordered by id: the `per_page` items whose
// id is greater than `after_id`. OFFSET reads every row it skips, so page N costs O(N * per_page);
// this starts at `after_id` in an index and costs the same at any depth.
struct KeysetPage {
  long long after_id = 0;
  long long per_page = 20;
};

template <typename T>
struct PageOf {
  std::vector<T> items;
  long long total = 0;  // across all pages, for X-Total-Count
  bool more = false;    // items follow this page (user lists; the others leave it false)
};

}  // namespace atrium
