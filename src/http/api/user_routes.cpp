#include "http/api/user_routes.hpp"

#include <charconv>

#include "http/admin_auth.hpp"
#include "http/dispatcher.hpp"
#include "http/json/audit_json.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/respond.hpp"
#include "http/response_cache.hpp"
#include "http/user_list_query.hpp"

namespace atrium::http {

namespace {

// Teams arrive as IDs, numeric strings (Tyk's User-update) or team objects echoed from a GET.
std::optional<std::vector<TeamId>> read_teams(ObjectReader& reader) {
  const nlohmann::json* raw = reader.optional_raw("Teams");
  if (raw == nullptr) return std::nullopt;
  if (!raw->is_array()) {
    reader.add_field_error("Teams", "must be an array of team IDs");
    return std::nullopt;
  }
  std::vector<TeamId> teams;
  for (const auto& item : *raw) {
    const nlohmann::json* id = &item;
    if (item.is_object() && item.contains("ID")) id = &item.at("ID");
    long long value = 0;
    if (id->is_number_integer()) {
      value = id->get<long long>();
    } else if (id->is_string()) {
      const std::string text = id->get<std::string>();
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || ptr != text.data() + text.size()) value = 0;
    }
    if (value <= 0) {
      reader.add_field_error("Teams", "must be an array of team IDs");
      return std::nullopt;
    }
    teams.push_back(value);
  }
  return teams;
}

Result<UserInput> read_user_input(const Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, parse_json_object(request));
  ObjectReader reader(body);
  UserInput in;
  in.email = reader.optional_string("Email");
  in.first = reader.optional_string("First");
  in.last = reader.optional_string("Last");
  in.role = reader.optional_string("Role");
  in.active = reader.optional_bool("Active");
  in.organisation_id = reader.optional_int("OrganisationID");
  in.teams = read_teams(reader);
  in.provider = reader.optional_string("Provider");
  in.password = reader.optional_string("Password");
  in.reset_password = reader.optional_bool("ResetPassword");
  // Read-only fields a client may echo back from a GET.
  for (const char* key :
       {"ID", "CID", "Organisation", "CreatedAt", "UpdatedAt", "JWTToken", "APITokenCreatedAt"}) {
    reader.ignore(key);
  }
  ATRIUM_TRY(reader.finish());
  return in;
}

}  // namespace

void add_user_routes(Router& router, ApiTokenService& tokens, UserService& users,
                     ResponseCache& lists) {
  router.add("GET", "/portal-api/users",
             require_api_token(
                 tokens,
                 [&users, &lists](Request& request, const Actor& actor) {
                   QueryReader query(request);
                   const PageRequest page = query.page();
                   const std::optional<KeysetPage> after = query.keyset_page(page);
                   auto filter = read_user_filter(query);
                   if (!filter) return failure(request, filter.error());
                   if (auto status = query.finish(); !status)
                     return failure(request, status.error());
                   return lists.answer(
                       response_cache_key("/portal-api/users", actor.user_id, request.query),
                       DataSet::kDirectory, [&]() -> Response {
                         auto list = after ? users.list_after(actor, *filter, *after)
                                           : users.list(actor, *filter, page);
                         if (!list) return failure(request, list.error());
                         Response response = written_page_response(*list, write_user_index);
                         if (auto next = next_page_link("/portal-api/users", *list, page.per_page,
                                                        user_filter_query(*filter))) {
                           response.set_header("Link", *next);
                         }
                         return response;
                       });
                 }),
             Execution::kInlineFirst);
  router.add("POST", "/portal-api/users",
             require_api_token(tokens, [&users](Request& request, const Actor& actor) {
               auto input = read_user_input(request);
               if (!input) return failure(request, input.error());
               return respond(request, users.create(actor, *input),
                              user_show_json);  // Tyk answers 200
             }));
  router.add("GET", "/portal-api/users/{id}",
             require_api_token(tokens, [&users](Request& request, const Actor& actor) {
               return respond(request, users.get(actor, request.param("id")), user_show_json);
             }));
  router.add("PUT", "/portal-api/users/{id}",
             require_api_token(tokens, [&users](Request& request, const Actor& actor) {
               auto input = read_user_input(request);
               if (!input) return failure(request, input.error());
               return respond(request, users.update(actor, request.param("id"), *input),
                              user_show_json);
             }));
  router.add("DELETE", "/portal-api/users/{id}/sessions",
             require_api_token(tokens, [&users](Request& request, const Actor& actor) {
               auto ended = users.end_sessions(actor, request.param("id"));
               if (!ended) return failure(request, ended.error());
               return Response::json(200, {{"status", "ok"}, {"SessionsEnded", *ended}});
             }));
  router.add("DELETE", "/portal-api/users/{id}",
             require_api_token(tokens, [&users](Request& request, const Actor& actor) {
               // Tyk's ?force=true is accepted; there are no external providers to skip.
               QueryReader query(request);
               (void)query.boolean("force");
               if (auto status = query.finish(); !status) return failure(request, status.error());
               if (auto status = users.remove(actor, request.param("id")); !status) {
                 return failure(request, status.error());
               }
               return status_ok();
             }));
}

}  // namespace atrium::http
