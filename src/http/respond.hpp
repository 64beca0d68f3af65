#pragma once

#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

// How a route ends: the error's answer (error_mapping.cpp) or the value as JSON.
namespace atrium::http {

// 200 (or `status`) with to_json(value), or the failure's answer.
template <typename T, typename ToJson>
Response respond(const Request& request, const Result<T>& result, ToJson&& to_json,
                 int status = 200) {
  if (!result) return failure(request, result.error());
  return Response::json(status, std::forward<ToJson>(to_json)(*result));
}

// Tyk's {"status":"ok"}, or the failure's answer.
inline Response respond(const Request& request, const Status& result) {
  if (!result) return failure(request, result.error());
  return status_ok();
}

// A list page (Tyk's bare array, X-Total-Count), or the failure's answer.
template <typename T, typename ToJson>
Response respond_page(const Request& request, const Result<PageOf<T>>& result, ToJson&& to_json) {
  if (!result) return failure(request, result.error());
  return page_response(*result, std::forward<ToJson>(to_json));
}

// A whole list (no paging) in Tyk's list shape, X-Total-Count its length, or the failure's answer.
template <typename T, typename ToJson>
Response respond_all(const Request& request, const Result<std::vector<T>>& items,
                     ToJson&& to_json) {
  if (!items) return failure(request, items.error());
  const PageOf<T> page{*items, static_cast<long long>(items->size())};
  return page_response(page, std::forward<ToJson>(to_json));
}

}  // namespace atrium::http

// In a route: `lhs = *expr` when the Result `expr` holds a value, else return the failure's
// answer for `request`.
#define ATRIUM_RESPOND_TRY(request, lhs, ...) \
  ATRIUM_RESPOND_TRY_(ATRIUM_CONCAT_(respond_try_, __LINE__), request, lhs, __VA_ARGS__)
#define ATRIUM_RESPOND_TRY_(result, request, lhs, ...)                  \
  auto result = (__VA_ARGS__);                                          \
  if (!result) return ::atrium::http::failure(request, result.error()); \
  lhs = std::move(*result)
