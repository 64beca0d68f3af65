#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace atrium::testing {

struct HttpResult {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::optional<std::string> header(const std::string& name) const;
  nlohmann::json json() const;  // throws (failing the test) when the body is not JSON
};

// A small blocking HTTP/1.1 client over libcurl for integration tests.
class HttpClient {
 public:
  explicit HttpClient(std::string base_url) : base_url_(std::move(base_url)) {}
  // Connections leave from `source_address` (another loopback address, 127.0.0.2: a second
  // client as a proxy in front of the server sees it).
  HttpClient(std::string base_url, std::string source_address)
      : base_url_(std::move(base_url)), source_address_(std::move(source_address)) {}

  HttpResult request(const std::string& method, const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& headers = {},
                     const std::optional<std::string>& body = std::nullopt) const;

  HttpResult get(const std::string& path,
                 const std::vector<std::pair<std::string, std::string>>& headers = {}) const {
    return request("GET", path, headers);
  }
  HttpResult post_json(const std::string& path, const nlohmann::json& body,
                       std::vector<std::pair<std::string, std::string>> headers = {}) const;

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  std::string source_address_;
};

}  // namespace atrium::testing
