#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "domain/onboarding/onboarding_flow.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/live/auth_pages.hpp"

// What the pages of the anonymous flows share (registration, links, reset).
namespace atrium::web {

Requester requester_of(const http::Request& request);
std::string query_token(const http::Request& request);
http::Response anonymous_page(const AuthPages& pages, const http::Request& request, int status,
                              std::string_view page, nlohmann::json view);
http::Response link_refused(const AuthPages& pages, const Error& error, std::string_view next);
bool is_link_error(const Error& error);
http::Response done_page(const AuthPages& pages, std::string_view title, std::string_view text,
                         bool sign_in_link);

}  // namespace atrium::web
