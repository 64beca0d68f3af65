#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace atrium::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  if (!path.empty() && path.front() == '/') start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  // "/a/b/" matches "/a/b": a trailing slash is not a segment of its own.
  if (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

bool is_capture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "{name...}" as the last segment: the rest of the path, any number of segments (none too).
bool is_rest_capture(const std::vector<std::string>& segments) {
  return !segments.empty() && segments.back().ends_with("...}") && is_capture(segments.back());
}

// "/a/b/" reads as "/a/b" (as split_path has it); "/" stays.
std::string_view without_trailing_slash(std::string_view path) {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// Number of literal segments matched, or -1 when the pattern does not match.
int match_pattern(const std::vector<std::string>& segments,
                  const std::vector<std::string_view>& path,
                  std::map<std::string, std::string, std::less<>>* params) {
  const bool rest = is_rest_capture(segments);
  const std::size_t fixed = rest ? segments.size() - 1 : segments.size();
  if (rest ? path.size() < fixed : path.size() != fixed) return -1;
  int literals = 0;
  for (std::size_t i = 0; i < fixed; ++i) {
    if (is_capture(segments[i])) {
      if (path[i].empty()) return -1;
      if (params != nullptr) {
        (*params)[segments[i].substr(1, segments[i].size() - 2)] = std::string(path[i]);
      }
    } else if (segments[i] == path[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, Execution execution) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler), execution, {}});
  Route& route = routes_.back();
  for (std::string_view segment : split_path(route.pattern)) route.segments.emplace_back(segment);
  if (std::none_of(route.segments.begin(), route.segments.end(), is_capture)) {
    literal_routes_[std::string(without_trailing_slash(route.pattern))].push_back(routes_.size() -
                                                                                  1);
  }
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  if (const auto literal = literal_routes_.find(std::string(without_trailing_slash(path)));
      literal != literal_routes_.end()) {
    for (const std::size_t index : literal->second) {
      const Route& route = routes_[index];
      if (route.method == method || (method == "HEAD" && route.method == "GET")) {
        result.kind = RouteMatch::Kind::kFound;
        result.route = &route;
        return result;
      }
    }
  }
  const auto segments = split_path(path);
  int best = -1;
  int best_any_method = -1;
  for (const auto& route : routes_) {
    const int score = match_pattern(route.segments, segments, nullptr);
    if (score < 0) continue;
    best_any_method = std::max(best_any_method, score);
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      if (score > best) {
        best = score;
        result.route = &route;
      }
    }
  }
  if (result.route != nullptr && best >= best_any_method) {
    result.kind = RouteMatch::Kind::kFound;
    match_pattern(result.route->segments, segments, &result.params);
    return result;
  }
  if (best_any_method < 0) return result;  // kNotFound
  // The path exists for other methods only (at its best-matching pattern).
  for (const auto& route : routes_) {
    if (match_pattern(route.segments, segments, nullptr) == best_any_method &&
        std::find(result.allowed_methods.begin(), result.allowed_methods.end(), route.method) ==
            result.allowed_methods.end()) {
      result.allowed_methods.push_back(route.method);
    }
  }
  result.route = nullptr;
  result.kind = RouteMatch::Kind::kMethodNotAllowed;
  return result;
}

}  // namespace atrium::http
