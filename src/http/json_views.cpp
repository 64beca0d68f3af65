#include "http/json_views.hpp"

#include "core/time_format.hpp"
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

nlohmann::json team_index_json(const Team& team) {
  return {{"ID", team.id}, {"CID", team.cid}, {"Name", team.name}, {"Default", team.is_default}};
}

namespace {

nlohmann::json team_record_json(const Team& team) {
  nlohmann::json out = team_index_json(team);
  out["OrganisationID"] = team.organisation_id;
  out["CreatedAt"] = format_tyk_time(team.created_at);
  out["UpdatedAt"] = format_tyk_time(team.updated_at);
  return out;
}

}  // namespace

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

nlohmann::json team_show_json(const TeamView& view) {
  nlohmann::json out = team_record_json(view.team);
  // Tyk's Team-show lists members as strings.
  nlohmann::json users = nlohmann::json::array();
  for (UserId id : view.member_ids) users.push_back(std::to_string(id));
  out["Users"] = std::move(users);
  return out;
}

nlohmann::json organisation_index_json(const Organisation& organisation) {
  return {{"ID", organisation.id},
          {"CID", organisation.cid},
          {"Name", organisation.name},
          {"Default", organisation.is_default}};
}

nlohmann::json organisation_show_json(const OrganisationView& view) {
  nlohmann::json out = organisation_index_json(view.organisation);
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : view.teams) teams.push_back(team_index_json(t));
  nlohmann::json users = nlohmann::json::array();
  for (const auto& u : view.users) users.push_back(user_index_json(u));
  out["Teams"] = std::move(teams);
  out["Users"] = std::move(users);
  out["CreatedAt"] = format_tyk_time(view.organisation.created_at);
  out["UpdatedAt"] = format_tyk_time(view.organisation.updated_at);
  return out;
}

nlohmann::json audit_event_json(const AuditEvent& event) {
  nlohmann::json changes = nlohmann::json::parse(event.changes, nullptr, false);
  if (changes.is_discarded()) changes = nlohmann::json::object();
  return {{"ID", event.id},
          {"Time", json_time(event.occurred_at)},
          {"ActorID", event.actor_id ? nlohmann::json(*event.actor_id) : nlohmann::json()},
          {"ActorEmail", event.actor_email},
          {"ActorRole", event.actor_role},
          {"Action", event.action},
          {"TargetType", event.target_type},
          {"TargetID", event.target_id},
          {"OrganisationID",
           event.organisation_id ? nlohmann::json(*event.organisation_id) : nlohmann::json()},
          {"SourceAddress", event.source_address},
          {"Changes", std::move(changes)}};
}

Response status_ok() { return Response::json(200, {{"status", "ok"}}); }

}  // namespace atrium::http
