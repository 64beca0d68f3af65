#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/paging.hpp"
#include "http/json_writer.hpp"
#include "http/query_params.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

// The shapes of list and delete answers (Tyk's).
namespace atrium::http {

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
