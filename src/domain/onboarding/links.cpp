#include "domain/onboarding/links.hpp"

#include "core/ids.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"

namespace atrium {

namespace {

constexpr std::size_t kTokenBytes = 32;
// A token longer than this cannot be ours; refuse it before hashing.
constexpr std::size_t kMaxTokenLength = 128;

Error link_error(std::string id, std::string message) {
  return invalid_argument(std::move(id), std::move(message));
}

}  // namespace

Result<std::string> LinkIssuer::issue(Transaction& tx, UserId user, LinkPurpose purpose,
                                      std::chrono::minutes lifetime, TimePoint now) const {
  ATRIUM_TRY(tx.get<LinkRepository>().void_for_user(user, purpose, now));
  std::string token = random_base64url(random_, kTokenBytes);
  ATRIUM_TRY(tx.get<LinkRepository>().create(
      NewLink{user, purpose, hasher_.hash(token), now, now + lifetime}));
  return token;
}

Result<OneTimeLink> LinkIssuer::check(Transaction& tx, std::string_view token, LinkPurpose purpose,
                                      TimePoint now) const {
  const Error invalid = link_error("link.invalid", "this link is not valid");
  if (token.empty() || token.size() > kMaxTokenLength) return fail(invalid);
  ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<LinkRepository>().find_by_hash(hasher_.hash(token)));
  if (!found || (found)->purpose != purpose) return fail(invalid);
  const OneTimeLink& link = *found;
  if (link.used_at) return fail(link_error("link.used", "this link has already been used"));
  if (link.voided_at) {
    return fail(link_error("link.replaced", "this link was replaced by a newer one"));
  }
  if (now >= link.expires_at) return fail(link_error("link.expired", "this link has expired"));
  return link;
}

Result<OneTimeLink> LinkIssuer::redeem(Transaction& tx, std::string_view token, LinkPurpose purpose,
                                       TimePoint now) const {
  auto link = check(tx, token, purpose, now);
  if (!link) return link;
  ATRIUM_ASSIGN_OR_RETURN(auto used, tx.get<LinkRepository>().use(link->id, now));
  if (!used) return fail(link_error("link.used", "this link has already been used"));
  return link;
}

}  // namespace atrium
