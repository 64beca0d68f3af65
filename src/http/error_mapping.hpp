#pragma once

#include <string_view>

#include "core/error.hpp"
#include "http/response.hpp"

namespace atrium::http {

// The one place where error codes become HTTP statuses.
int http_status(ErrorCode code);

// Tyk's error shape, {"status":"error","errors":["…"]}, plus our stable `code`, the `fields`
// in error and, for unexpected failures, the `error_id` under which the details were logged.
Response error_response(const Error& error, std::string_view error_id = {});

}  // namespace atrium::http
