#include "browser.hpp"

#include <regex>

namespace atrium::testing {

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4U]);
      out.push_back(kHex[c & 15U]);
    }
  }
  return out;
}

HttpResult Browser::remember(HttpResult result) {
  set_cookies_.clear();
  for (const auto& [name, value] : result.headers) {
    if (name != "set-cookie") continue;
    set_cookies_.push_back(value);
    const auto eq = value.find('=');
    const auto semi = value.find(';');
    const std::string cookie = value.substr(0, eq);
    const std::string content = value.substr(eq + 1, semi - eq - 1);
    if (value.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(cookie);
    } else {
      cookies_[cookie] = content;
    }
  }
  static const std::regex kCsrf(R"re(name="csrf_token" value="([^"]+)")re");
  std::smatch match;
  if (std::regex_search(result.body, match, kCsrf)) csrf_ = match[1];
  return result;
}

std::string Browser::cookie_header() const {
  std::string jar;
  for (const auto& [n, v] : cookies_) jar += (jar.empty() ? "" : "; ") + n + "=" + v;
  return jar;
}

HttpResult Browser::get(const std::string& path, const std::string& accept) {
  std::vector<std::pair<std::string, std::string>> headers = extra_headers_;
  if (!cookies_.empty()) headers.emplace_back("Cookie", cookie_header());
  headers.emplace_back("Accept", accept);
  return remember(http_.request("GET", path, headers));
}

HttpResult Browser::post(const std::string& path, std::map<std::string, std::string> fields,
                         bool with_csrf) {
  if (with_csrf && !fields.contains("csrf_token")) fields["csrf_token"] = csrf_;
  return post_fields(path, {fields.begin(), fields.end()}, false);
}

HttpResult Browser::post_fields(const std::string& path,
                                std::vector<std::pair<std::string, std::string>> fields,
                                bool with_csrf) {
  if (with_csrf) fields.emplace_back("csrf_token", csrf_);
  std::string body;
  for (const auto& [n, v] : fields) body += (body.empty() ? "" : "&") + n + "=" + url_encode(v);
  std::vector<std::pair<std::string, std::string>> headers = extra_headers_;
  if (!cookies_.empty()) headers.emplace_back("Cookie", cookie_header());
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  headers.emplace_back("Accept", "text/html");
  return remember(http_.request("POST", path, headers, body));
}

HttpResult Browser::post_file(const std::string& path, const std::string& filename,
                              const std::string& bytes, const std::string& content_type,
                              std::vector<std::pair<std::string, std::string>> fields,
                              bool with_csrf) {
  const std::string boundary = "----AtriumTestBoundary7MA4YWxkTrZu0gW";
  if (with_csrf) fields.insert(fields.begin(), {"csrf_token", csrf_});
  std::string body;
  for (const auto& [n, v] : fields) {
    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"");
    body.append(n).append("\"\r\n\r\n").append(v).append("\r\n");
  }
  body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"");
  body.append("; filename=\"").append(filename).append("\"\r\nContent-Type: ").append(content_type);
  body.append("\r\n\r\n").append(bytes).append("\r\n--").append(boundary).append("--\r\n");
  std::vector<std::pair<std::string, std::string>> headers = extra_headers_;
  if (!cookies_.empty()) headers.emplace_back("Cookie", cookie_header());
  headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
  headers.emplace_back("Accept", "text/html");
  return remember(http_.request("POST", path, headers, body));
}

HttpResult Browser::login(const std::string& email, const std::string& password) {
  get("/auth/password/login");
  return post("/auth/password/login", {{"email", email}, {"password", password}});
}

}  // namespace atrium::testing
