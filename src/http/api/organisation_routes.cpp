#include "http/api/organisation_routes.hpp"

#include "domain/directory/names.hpp"
#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json/audit_json.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"

namespace atrium::http {

namespace {

// {"Name": "..."} (plus read-only fields echoed back from a GET).
Result<std::string> read_name(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  std::string name = reader.required_string("Name");
  for (const char* key : {"ID", "CID", "Default", "Teams", "Users", "CreatedAt", "UpdatedAt"}) {
    reader.ignore(key);
  }
  ATRIUM_TRY(reader.finish());
  return name;
}

struct TeamUpdate {
  std::optional<std::string> name;
  std::optional<std::vector<UserId>> users;
};

// One member as Tyk writes it in Team.Users ("User#6") or as its Team-update schema does (6).
std::optional<UserId> member_id(const nlohmann::json& item) {
  if (item.is_number_integer()) {
    const auto id = item.get<long long>();
    return id > 0 ? std::optional<UserId>(id) : std::nullopt;
  }
  constexpr std::string_view kPrefix = "User#";
  long long id = 0;
  if (!item.is_string()) return std::nullopt;
  const auto& text = item.get_ref<const std::string&>();
  if (!text.starts_with(kPrefix) || !parse_numeric_id(text.substr(kPrefix.size()), id)) {
    return std::nullopt;
  }
  return id;
}

// A team's fields, as POST (`creating`: Name required) and PUT take them; Users is the exact
// membership, never ignored.
Result<TeamUpdate> read_team(const Request& request, bool creating) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  TeamUpdate update;
  update.name = creating ? reader.required_string("Name") : reader.optional_string("Name");
  if (const nlohmann::json* raw = reader.optional_raw("Users")) {
    std::vector<UserId> users;
    bool valid = raw->is_array();
    for (std::size_t i = 0; valid && i < raw->size(); ++i) {
      const auto id = member_id((*raw)[i]);
      valid = id.has_value();
      if (valid) users.push_back(*id);
    }
    if (valid) {
      update.users = std::move(users);
    } else {
      reader.add_field_error("Users", "must be an array of user IDs (6 or \"User#6\")");
    }
  }
  for (const char* key : {"ID", "CID", "Default", "OrganisationID", "CreatedAt", "UpdatedAt"}) {
    reader.ignore(key);
  }
  ATRIUM_TRY(reader.finish());
  return update;
}

// /portal-api/organisations[/{id}].
void add_organisation_record_routes(Router& router, ApiTokenService& tokens,
                                    OrganisationService& orgs) {
  router.add("GET", "/portal-api/organisations",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               QueryReader query(request);
               const PageRequest page = query.page();
               if (auto status = query.finish(); !status) return failure(request, status.error());
               return respond_page(request, orgs.list(actor, page), organisation_index_json);
             }));
  router.add("POST", "/portal-api/organisations",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               auto name = read_name(request);
               if (!name) return failure(request, name.error());
               return respond(request, orgs.create(actor, *name), organisation_show_json);
             }));
  router.add("GET", "/portal-api/organisations/{id}",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               return respond(request, orgs.get(actor, request.param("id")),
                              organisation_show_json);
             }));
  router.add("PUT", "/portal-api/organisations/{id}",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               auto name = read_name(request);
               if (!name) return failure(request, name.error());
               return respond(request, orgs.rename(actor, request.param("id"), *name),
                              organisation_show_json);
             }));
  router.add("DELETE", "/portal-api/organisations/{id}",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               if (auto status = orgs.remove(actor, request.param("id")); !status) {
                 return failure(request, status.error());
               }
               return status_ok();
             }));
}

// /portal-api/organisations/{id}/teams[/{team_id}].
void add_team_routes(Router& router, ApiTokenService& tokens, OrganisationService& orgs) {
  router.add("GET", "/portal-api/organisations/{id}/teams",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               auto teams = orgs.list_teams(actor, request.param("id"));
               if (!teams) return failure(request, teams.error());
               PageOf<Team> page{std::move(*teams), 0};
               page.total = static_cast<long long>(page.items.size());
               return page_response(page, team_index_json);
             }));
  router.add("POST", "/portal-api/organisations/{id}/teams",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               auto team = read_team(request, true);
               if (!team) return failure(request, team.error());
               return respond(request,
                              orgs.create_team(actor, request.param("id"), *team->name,
                                               team->users.value_or(std::vector<UserId>{})),
                              team_show_json);
             }));
  router.add("GET", "/portal-api/organisations/{id}/teams/{team_id}",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               return respond(request,
                              orgs.get_team(actor, request.param("id"), request.param("team_id")),
                              team_show_json);
             }));
  router.add("PUT", "/portal-api/organisations/{id}/teams/{team_id}",
             require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
               auto update = read_team(request, false);
               if (!update) return failure(request, update.error());
               return respond(request,
                              orgs.update_team(actor, request.param("id"), request.param("team_id"),
                                               update->name, update->users),
                              team_show_json);
             }));
  router.add(
      "DELETE", "/portal-api/organisations/{id}/teams/{team_id}",
      require_api_token(tokens, [&orgs](Request& request, const Actor& actor) {
        if (auto status = orgs.remove_team(actor, request.param("id"), request.param("team_id"));
            !status) {
          return failure(request, status.error());
        }
        return status_ok();
      }));
}

}  // namespace

void add_organisation_routes(Router& router, ApiTokenService& tokens, OrganisationService& orgs) {
  add_organisation_record_routes(router, tokens, orgs);
  add_team_routes(router, tokens, orgs);
}

}  // namespace atrium::http
