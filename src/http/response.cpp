#include "http/response.hpp"

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"

namespace atrium::http {

Response& Response::set_header(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (ascii_iequals(n, name)) {
      v = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response& Response::add_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (ascii_iequals(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  // Invalid UTF-8 cannot reach here from parsed input, but never let dump() throw on it.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace atrium::http
