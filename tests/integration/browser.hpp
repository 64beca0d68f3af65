#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/http_client.hpp"

namespace atrium::testing {

// A browser stand-in: keeps cookies, posts forms, reads CSRF tokens out of pages. It does not
// follow redirects, so tests see every 303.
class Browser {
 public:
  explicit Browser(HttpClient& http) : http_(http) {}

  // `accept`: the Accept header (application/json for the pages' JSON answers).
  HttpResult get(const std::string& path, const std::string& accept = "text/html");
  // Posts `fields` (urlencoded) and, unless `with_csrf` is false, the CSRF token of the last page.
  HttpResult post(const std::string& path, std::map<std::string, std::string> fields,
                  bool with_csrf = true);
  // The same with repeated fields (checkboxes: "Teams" twice), in the order given.
  HttpResult post_fields(const std::string& path,
                         std::vector<std::pair<std::string, std::string>> fields,
                         bool with_csrf = true);
  // Posts a multipart/form-data form, as a browser sends an <input type="file">: the CSRF token
  // of the last page (unless `with_csrf` is false), `fields`, then the part "file" with
  // `filename` and `bytes` (an empty name and no bytes: no file chosen).
  HttpResult post_file(const std::string& path, const std::string& filename,
                       const std::string& bytes, const std::string& content_type,
                       std::vector<std::pair<std::string, std::string>> fields = {},
                       bool with_csrf = true);
  // GET the login page, then post the credentials.
  HttpResult login(const std::string& email, const std::string& password);

  // A header this browser sends with every request from now on (a forged X-Forwarded-For).
  void add_header(std::string name, std::string value) {
    extra_headers_.emplace_back(std::move(name), std::move(value));
  }

  const std::string& csrf() const { return csrf_; }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  // The Cookie header this browser sends.
  std::string cookie_header() const;
  // Every Set-Cookie header of the last response.
  const std::vector<std::string>& last_set_cookies() const { return set_cookies_; }

 private:
  HttpResult remember(HttpResult result);

  HttpClient& http_;
  std::map<std::string, std::string> cookies_;
  std::vector<std::string> set_cookies_;
  std::vector<std::pair<std::string, std::string>> extra_headers_;
  std::string csrf_;
};

std::string url_encode(const std::string& text);

}  // namespace atrium::testing
