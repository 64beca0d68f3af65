#include "web/common/html.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace atrium::web {

namespace {

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

}  // namespace

http::Response html_page(int status, std::string body) {
  http::Response response =
      http::Response::text(status, std::move(body), "text/html; charset=utf-8");
  response.set_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "same-origin");
  return response;
}

http::Response redirect(std::string location) {
  if (location.empty() || has_control_character(location)) {
    throw std::invalid_argument("redirect location is empty or has a control character");
  }
  http::Response response;
  response.status = 303;
  response.set_header("Location", std::move(location));
  return response;
}

std::string local_path_or(std::string_view candidate, std::string_view fallback) {
  const bool local = !candidate.empty() && candidate.front() == '/' &&
                     (candidate.size() == 1 || (candidate[1] != '/' && candidate[1] != '\\')) &&
                     candidate.find('\\') == std::string_view::npos &&
                     !has_control_character(candidate);
  return std::string(local ? candidate : fallback);
}

}  // namespace atrium::web
