#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/audit/audit_event.hpp"
#include "domain/directory/organisation_service.hpp"
#include "domain/directory/user_service.hpp"
#include "domain/paging.hpp"
#include "http/json_writer.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

// Tyk-compatible JSON of directory records (schemas User-*, Organisation-*, Team-* of Tyk's
// OpenAPI), plus the fields we add (CID, Default). Never a password hash or a token.
namespace atrium::http {

nlohmann::json user_index_json(const User& user);
// The same object as user_index_json, written as text (list responses).
void write_user_index(JsonWriter& out, const User& user);
// What the Live Portal shows a consumer of a user they may see: Active, Email, First, ID, Last,
// Role (no CID, organisation, provider or password state); as JSON and as text.
nlohmann::json user_public_json(const User& user);
void write_user_public(JsonWriter& out, const User& user);
nlohmann::json user_show_json(const UserView& view);
nlohmann::json team_index_json(const Team& team);
nlohmann::json team_show_json(const TeamView& view);
nlohmann::json organisation_index_json(const Organisation& organisation);
nlohmann::json organisation_show_json(const OrganisationView& view);
nlohmann::json audit_event_json(const AuditEvent& event);

// A bare JSON array (Tyk's list shape) with the total in X-Total-Count.
template <typename T, typename ToJson>
Response page_response(const PageOf<T>& page, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  Response response = Response::json(200, items);
  response.set_header("X-Total-Count", std::to_string(page.total));
  return response;
}

// page_response for the hot lists: each item written as text by `write(JsonWriter&, item)`.
template <typename T, typename Write>
Response written_page_response(const PageOf<T>& page, Write write) {
  JsonWriter out;
  out.reserve(page.items.size() * 256 + 64);  // a user's object is about 230 bytes
  out.begin_array();
  for (const auto& item : page.items) write(out, item);
  out.end_array();
  Response response = Response::text(200, out.take(), "application/json");
  response.set_header("X-Total-Count", std::to_string(page.total));
  return response;
}

// The value of an RFC 8288 Link header to the next page by keyset (our extension of Tyk's paging):
// `<path?after_id=<last id of page>&per_page=<per_page>&<filters>>; rel="next"`, when more items
// follow `page` (PageOf::more); nullopt on the last page. A client following it never pays for
// OFFSET.
template <typename T>
std::optional<std::string> next_page_link(std::string_view path, const PageOf<T>& page,
                                          long long per_page, const QueryPairs& filters) {
  if (!page.more || page.items.empty()) return std::nullopt;
  QueryPairs params = {{"after_id", std::to_string(page.items.back().id)},
                       {"per_page", std::to_string(per_page)}};
  params.insert(params.end(), filters.begin(), filters.end());
  return "<" + std::string(path) + "?" + query_string(params) + ">; rel=\"next\"";
}

// Tyk's answer to a successful DELETE.
Response status_ok();

}  // namespace atrium::http
