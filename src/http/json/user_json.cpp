#include "http/json/user_json.hpp"

#include "core/time_format.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json_util.hpp"

namespace atrium::http {

namespace {

// The fields of a user in a list, once for both forms (nlohmann::json and JsonWriter), in sorted
// key order (nlohmann::json's, so that both forms give the same text). `admin`: the admin API's
// record; otherwise what the Live Portal shows a consumer of another user (no CID, organisation,
// provider or password state).
template <typename Field>
void user_fields(const User& user, bool admin, Field&& field) {
  field("Active", user.active);
  if (admin) field("CID", user.cid);
  field("Email", user.email);
  field("First", user.first);
  field("ID", user.id);
  field("Last", user.last);
  if (admin) {
    field("OrganisationID", user.organisation_id.value_or(0));
    field("Provider", user.provider);
    field("ResetPassword", user.reset_password);
  }
  field("Role", to_string(user.role));
}

nlohmann::json user_json(const User& user, bool admin) {
  nlohmann::json out = nlohmann::json::object();
  user_fields(user, admin, [&out](const char* name, const auto& value) { out[name] = value; });
  return out;
}

void write_user(JsonWriter& out, const User& user, bool admin) {
  out.begin_object();
  user_fields(user, admin, [&out](const char* name, const auto& value) { out.field(name, value); });
  out.end_object();
}

}  // namespace

nlohmann::json user_index_json(const User& user) { return user_json(user, true); }

void write_user_index(JsonWriter& out, const User& user) { write_user(out, user, true); }

nlohmann::json user_public_json(const User& user) { return user_json(user, false); }

void write_user_public(JsonWriter& out, const User& user) { write_user(out, user, false); }

nlohmann::json user_show_json(const UserView& view) {
  nlohmann::json out = user_index_json(view.user);
  out["Organisation"] = view.organisation ? view.organisation->name : std::string();
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : view.teams) teams.push_back(team_record_json(t));
  out["Teams"] = std::move(teams);
  out["CreatedAt"] = format_tyk_time(view.user.created_at);
  out["UpdatedAt"] = format_tyk_time(view.user.updated_at);
  return out;
}

}  // namespace atrium::http
