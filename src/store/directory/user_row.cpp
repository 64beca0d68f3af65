#include "store/directory/user_row.hpp"

#include <utility>

namespace atrium::store {

const std::string kUserColumns =
    "u.id, u.cid, u.email, u.first, u.last, u.role, CAST(u.active AS INTEGER), "
    "u.organisation_id, CAST(u.reset_password AS INTEGER), u.provider, "
    "CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, u.created_at, u.updated_at";

User UserRow::to_user() && {
  const auto parsed_role = parse_role(role);
  if (!parsed_role) {
    throw std::runtime_error("users row " + std::to_string(id) + " has unknown role '" + role +
                             "'");
  }
  User user;
  user.id = id;
  user.cid = std::move(cid);
  user.email = std::move(email);
  user.first = std::move(first);
  user.last = std::move(last);
  user.role = *parsed_role;
  user.active = active != 0;
  if (organisation_indicator == soci::i_ok) user.organisation_id = organisation_id;
  user.reset_password = reset_password != 0;
  user.provider = std::move(provider);
  user.has_password = has_password != 0;
  user.created_at = from_unix_ms(created_at);
  user.updated_at = from_unix_ms(updated_at);
  return user;
}

}  // namespace atrium::store
