#pragma once

#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

// What the admin API's routes share.
namespace atrium::http {

// The numeric {id} of the path; kNotFound "<what>.not_found" when it is not a number.
Result<long long> id_param(const Request& request, std::string_view what);
// The same for the path parameter `param` (e.g. "audience_id").
Result<long long> id_param(const Request& request, std::string_view what, std::string_view param);

}  // namespace atrium::http
