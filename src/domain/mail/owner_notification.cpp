#include "domain/mail/owner_notification.hpp"

#include "domain/directory/user_repository.hpp"

namespace atrium {

Status queue_to_owners(Transaction& tx, const Mailer& mailer, EmailKind kind,
                       const std::string& email_admin, const EmailValues& values, TimePoint now) {
  if (!email_admin.empty()) return mailer.queue(tx, kind, email_admin, nullptr, values, now);
  for (const Role role : {Role::kSuperAdmin, Role::kProviderAdmin}) {
    UserFilter filter;
    filter.role = role;
    filter.active = true;
    for (long long page = 1;; ++page) {
      ATRIUM_ASSIGN_OR_RETURN(
          auto owners, tx.get<UserRepository>().list(filter, PageRequest{page, kMaxPerPage}));
      for (const auto& owner : owners.items) {
        ATRIUM_TRY(mailer.queue(tx, kind, owner.email, &owner, values, now));
      }
      if (page * kMaxPerPage >= owners.total) break;
    }
  }
  return ok();
}

}  // namespace atrium
