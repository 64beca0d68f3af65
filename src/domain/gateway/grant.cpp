#include "domain/gateway/grant.hpp"

namespace atrium {

bool under_listen_path(std::string_view path, std::string_view listen_path) {
  if (listen_path.empty() || !path.starts_with(listen_path)) return false;
  if (path.size() == listen_path.size() || listen_path.back() == '/') return true;
  const char next = path[listen_path.size()];
  return next == '/' || next == '?';
}

}  // namespace atrium
