#include "domain/auth/throttle.hpp"

#include <algorithm>

#include "domain/auth/throttle_repository.hpp"

namespace atrium {

std::chrono::seconds throttle_delay(const ThrottleRule& rule, long long failures, TimePoint latest,
                                    TimePoint now) {
  if (failures < rule.free_failures) return std::chrono::seconds(0);
  const long long doublings = std::min<long long>(failures - rule.free_failures, 30);
  const auto wait =
      std::min(std::chrono::seconds(rule.base_delay.count() * (1LL << doublings)), rule.max_delay);
  const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - latest);
  if (waited >= wait) return std::chrono::seconds(0);
  return wait - waited;
}

Status check_throttle(Transaction& tx, const ThrottleRule& rule, std::string_view key,
                      TimePoint now) {
  ATRIUM_ASSIGN_OR_RETURN(auto count,
                          tx.get<ThrottleRepository>().count_since(key, now - rule.window));
  if (!count.latest) return ok();
  const auto wait = throttle_delay(rule, count.failures, *count.latest, now);
  if (wait.count() <= 0) return ok();
  Error error =
      make_error(ErrorCode::kRateLimited, "auth.throttled",
                 "too many attempts; try again in " + std::to_string(wait.count()) + " seconds");
  error.retry_after_seconds = static_cast<long>(wait.count());
  return fail(std::move(error));
}

Status record_failure(Transaction& tx, std::string_view key, TimePoint now) {
  return tx.get<ThrottleRepository>().record(key, now);
}

}  // namespace atrium
