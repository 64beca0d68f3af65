#pragma once

#include <string>
#include <vector>

#include "support/http_client.hpp"

namespace atrium::testing {

// An HTTP client that sends an admin API token with every request.
class AdminClient {
 public:
  AdminClient(HttpClient& http, std::string token) : http_(http), token_(std::move(token)) {}

  HttpResult get(const std::string& path) const {
    return http_.get(path, {{"Authorization", token_}});
  }
  HttpResult post(const std::string& path, const nlohmann::json& body) const {
    return http_.post_json(path, body, {{"Authorization", token_}});
  }
  HttpResult put(const std::string& path, const nlohmann::json& body) const {
    return http_.request("PUT", path,
                         {{"Authorization", token_}, {"Content-Type", "application/json"}},
                         body.dump());
  }
  HttpResult put_raw(const std::string& path, const std::string& body) const {
    return http_.request("PUT", path,
                         {{"Authorization", token_}, {"Content-Type", "application/json"}}, body);
  }
  HttpResult post_raw(const std::string& path, const std::string& body) const {
    return http_.request("POST", path,
                         {{"Authorization", token_}, {"Content-Type", "application/json"}}, body);
  }
  HttpResult del(const std::string& path) const {
    return http_.request("DELETE", path, {{"Authorization", token_}});
  }
  // GET /portal-api/users/{id}, its JSON.
  nlohmann::json user(long long id) const {
    return get("/portal-api/users/" + std::to_string(id)).json();
  }
  const std::string& token() const { return token_; }

 private:
  HttpClient& http_;
  std::string token_;
};

// The names of a user's teams (a GET /portal-api/users/{id} answer), in the API's order.
inline std::vector<std::string> team_names(const nlohmann::json& user) {
  std::vector<std::string> names;
  for (const auto& t : user["Teams"]) names.push_back(t["Name"].get<std::string>());
  return names;
}

}  // namespace atrium::testing
