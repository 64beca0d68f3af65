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

template <typename T>
struct PageOf {
  std::vector<T> items;
  long long total = 0;  // across all pages, for X-Total-Count
};

}  // namespace atrium
