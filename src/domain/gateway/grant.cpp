#include "domain/gateway/grant.hpp"

#include <functional>
#include <string_view>
#include <utility>

namespace atrium {

namespace {

std::size_t mixed(std::size_t seed, std::size_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U));
}

std::size_t hash_of(const GrantPlan& plan) {
  const std::hash<std::string_view> text;
  std::size_t out = mixed(std::hash<long long>{}(plan.plan_id), text(plan.plan_name));
  for (const GrantApi& api : plan.apis) {
    out = mixed(mixed(out, std::hash<long long>{}(api.product_id)), text(api.listen_path));
  }
  return out;
}

}  // namespace

std::shared_ptr<const GrantPlan> GrantPlanPool::intern(GrantPlan&& plan) {
  auto& same_hash = by_hash_[hash_of(plan)];
  for (const auto& known : same_hash) {
    if (*known == plan) return known;
  }
  same_hash.push_back(std::make_shared<const GrantPlan>(std::move(plan)));
  ++size_;
  return same_hash.back();
}

bool under_listen_path(std::string_view path, std::string_view listen_path) {
  if (listen_path.empty() || !path.starts_with(listen_path)) return false;
  if (path.size() == listen_path.size() || listen_path.back() == '/') return true;
  const char next = path[listen_path.size()];
  return next == '/' || next == '?';
}

}  // namespace atrium
