#include "http/user_list_query.hpp"

#include <string>

namespace atrium::http {

Result<UserFilter> read_user_filter(QueryReader& query) {
  UserFilter filter;
  filter.email = query.text("email");
  filter.search = query.text("search", 100);
  filter.organisation_id = query.positive_int("organisation_id");
  filter.team_id = query.positive_int("team_id");
  filter.active = query.boolean("active");
  if (auto role = query.text("role", 50)) {
    filter.role = parse_role(*role);
    if (!filter.role) {
      return fail(field_error("role",
                              "must be one of super-admin, provider-admin, "
                              "consumer-admin, consumer-team-member"));
    }
  }
  return filter;
}

QueryPairs user_filter_query(const UserFilter& filter) {
  QueryPairs out;
  if (filter.email) out.emplace_back("email", *filter.email);
  if (filter.search) out.emplace_back("search", *filter.search);
  if (filter.organisation_id) {
    out.emplace_back("organisation_id", std::to_string(*filter.organisation_id));
  }
  if (filter.team_id) out.emplace_back("team_id", std::to_string(*filter.team_id));
  if (filter.active) out.emplace_back("active", *filter.active ? "true" : "false");
  if (filter.role) out.emplace_back("role", std::string(to_string(*filter.role)));
  return out;
}

}  // namespace atrium::http
