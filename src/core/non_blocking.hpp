#pragma once

namespace atrium {

// Thrown by a step that would block (a database call, say) on a thread that may not block: the
// I/O threads try cached answers there first (http::Execution::kInlineFirst) and hand the request
// to a worker at its first blocking step. Not a std::exception on purpose: no handler's
// `catch (const std::exception&)` can swallow it, only the dispatcher catches it.
struct WouldBlock {};

namespace detail {
inline thread_local int t_non_blocking_depth = 0;
}  // namespace detail

// While one lives, this thread may not block: require_blocking_allowed() throws WouldBlock.
class NonBlockingScope {
 public:
  NonBlockingScope() { ++detail::t_non_blocking_depth; }
  ~NonBlockingScope() { --detail::t_non_blocking_depth; }
  NonBlockingScope(const NonBlockingScope&) = delete;
  NonBlockingScope& operator=(const NonBlockingScope&) = delete;
};

inline bool blocking_allowed() { return detail::t_non_blocking_depth == 0; }

// Called by every step that may block, before it has any effect.
inline void require_blocking_allowed() {
  if (!blocking_allowed()) throw WouldBlock{};
}

}  // namespace atrium
