#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <future>
#include <mutex>
#include <restinio/all.hpp>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/encoding.hpp"
#include "core/log_text.hpp"
#include "http/error_mapping.hpp"
#include "http/malformed_request.hpp"

namespace atrium::http {

namespace {

// The client's address as text; IPv4 without inet_ntop's formatted printing (every request).
std::string address_text(const asio::ip::address& address) {
  if (!address.is_v4()) return address.to_string();
  std::string text;
  text.reserve(15);
  for (const unsigned char byte : address.to_v4().to_bytes()) {
    if (!text.empty()) text += '.';
    std::array<char, 3> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), byte).ptr;
    text.append(digits.data(), end);
  }
  return text;
}

// What RESTinio does when its parser refuses a request: it closes the connection without an
// answer (impl/connection.hpp, consume_data → trigger_error_and_close), reporting the parser's
// error only to its logger, as "[connection:N] parser error HPE_<NAME>: <text>", right before
// close() shuts the socket down, on the same thread. So the logger below prepares the answer and
// the socket's shutdown() writes it. With one request at a time per connection (RESTinio's
// max_pipelined_requests, 1 by default, and reading resumes only once the response is written)
// no response is being written when the parser fails: the answer is alone on the connection.
struct PendingAnswer {
  std::string text;  // the whole HTTP/1.1 message; empty: nothing to answer
  int status = 0;
  std::string parser_error;
};
thread_local PendingAnswer t_pending_answer;

// The parser error's name in RESTinio's log message, or empty.
std::string_view parser_error_name(std::string_view message) {
  constexpr std::string_view kMarker = "] parser error ";
  const auto at = message.find(kMarker);
  if (at == std::string_view::npos) return {};
  const std::string_view rest = message.substr(at + kMarker.size());
  return rest.substr(0, rest.find(':'));
}

// RESTinio's logger: parse errors become answers; what RESTinio reports is logged at debug level
// (connections reset or timed out by clients are routine, not warnings).
class ConnectionLogger {
 public:
  explicit ConnectionLogger(const RequestLimits* limits = nullptr) : limits_(limits) {}

  template <typename Builder>
  void trace(Builder&&) const noexcept {}
  template <typename Builder>
  void info(Builder&&) const noexcept {}
  template <typename Builder>
  void warn(Builder&& builder) const {
    if (spdlog::should_log(spdlog::level::debug)) {
      spdlog::debug("http: {}", escape_log_text(builder()));
    }
  }
  template <typename Builder>
  void error(Builder&& builder) const {
    const std::string message = builder();
    const std::string_view name = parser_error_name(message);
    if (!name.empty() && limits_ != nullptr) {
      Response response = error_response(malformed_request_error(name, *limits_));
      response.set_header("X-Content-Type-Options", "nosniff");
      response.set_header("Cache-Control", "no-store");
      t_pending_answer =
          PendingAnswer{closing_response_text(response), response.status, std::string(name)};
    }
    spdlog::debug("http: {}", escape_log_text(message));
  }

 private:
  const RequestLimits* limits_;
};

// A TCP socket whose shutdown first writes the answer the logger prepared, if there is one.
// RESTinio calls shutdown() only from its connection's close().
class AnsweringSocket : public asio::ip::tcp::socket {
 public:
  using asio::ip::tcp::socket::basic_stream_socket;

  void shutdown(shutdown_type what, asio::error_code& ec) {
    if (!t_pending_answer.text.empty()) answer(std::exchange(t_pending_answer, PendingAnswer{}));
    asio::ip::tcp::socket::shutdown(what, ec);
  }

 private:
  void answer(const PendingAnswer& pending) {
    asio::error_code ec;
    const auto remote = remote_endpoint(ec);
    spdlog::info("{} malformed request answered {} ({})",
                 ec ? std::string("-") : address_text(remote.address()), pending.status,
                 pending.parser_error);
    // Never wait on a client that does not read: what the send buffer cannot take is dropped.
    non_blocking(true, ec);
    if (ec) return;
    std::size_t sent = 0;
    while (sent < pending.text.size()) {
      const std::size_t n =
          write_some(asio::buffer(pending.text.data() + sent, pending.text.size() - sent), ec);
      if (ec) return;
      sent += n;
    }
    // The answer, then FIN; then read what the client has already sent, so that closing does not
    // turn into a reset (unread input makes the kernel send RST, which may discard the answer
    // before the client reads it). Bounded, and only what has arrived: no waiting.
    asio::ip::tcp::socket::shutdown(shutdown_send, ec);
    std::array<char, std::size_t{16} * 1024> sink{};
    std::size_t drained = 0;
    while (drained < std::size_t{4} * 1024 * 1024) {
      const std::size_t n = read_some(asio::buffer(sink), ec);
      if (ec) break;
      drained += n;
    }
  }
};

// RESTinio's connection-count limiter is left off on purpose: connections keep a raw pointer to
// it, and it dies with the server object while idle keep-alive connections are only destroyed
// with the io_context afterwards (a use-after-free at shutdown, seen under ASan).
struct Traits : restinio::default_traits_t {
  using logger_t = ConnectionLogger;
  using stream_socket_t = AnsweringSocket;
};
using RestinioServer = restinio::http_server_t<Traits>;

// Every field called `name` (lower case) joined with ", ", as RFC 9110 allows for list fields.
std::string joined_fields(const Request& r, std::string_view name) {
  std::string out;
  for (const auto& [field, value] : r.headers) {
    if (field != name) continue;
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

Request to_request(const restinio::request_t& req, const TrustedProxies& trusted) {
  Request r;
  const auto& h = req.header();
  r.method = h.method().c_str();
  const auto raw_path = h.path();
  auto decoded = percent_decode(std::string_view(raw_path.data(), raw_path.size()), false);
  r.path = decoded ? std::move(*decoded) : std::string(raw_path.data(), raw_path.size());
  const auto raw_query = h.query();
  r.query = parse_query(std::string_view(raw_query.data(), raw_query.size()));
  h.for_each_field([&r](const restinio::http_header_field_t& f) {
    r.headers.emplace_back(ascii_lower(f.name()), f.value());
  });
  r.body = req.body();
  r.remote_address = address_text(req.remote_endpoint().address());
  if (!trusted.empty()) {
    r.remote_address = trusted.client_address(r.remote_address, joined_fields(r, "x-forwarded-for"),
                                              joined_fields(r, "forwarded"));
  }
  r.request_id = Dispatcher::request_id_for(r);
  return r;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  RequestLimits limits;
  Dispatcher& dispatcher;
  WorkerPool& workers;
  asio::io_context io;
  std::unique_ptr<RestinioServer> server;
  std::vector<std::thread> threads;
  std::uint16_t bound_port = 0;
  bool started = false;
  bool stopped = false;

  mutable std::mutex mutex;
  std::condition_variable drained;
  std::atomic<std::size_t> in_flight{0};
  bool closing = false;

  Impl(ServerOptions o, Dispatcher& d, WorkerPool& w)
      : options(std::move(o)),
        limits{.max_uri_bytes = options.max_uri_bytes,
               .max_header_bytes = options.max_header_bytes,
               .max_header_count = 100,
               .max_body_bytes = options.max_body_bytes},
        dispatcher(d),
        workers(w) {}

  void finish_one() {
    // The mutex only when the count reaches zero, for stop() waiting on it: two locks per request
    // were contended between the I/O threads and the workers.
    if (in_flight.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard lock(mutex);
      drained.notify_all();
    }
  }

  // Sends the outcome; the in-flight count drops once it is written (or cannot be).
  void send(const restinio::request_handle_t& req, const Request& request, Outcome outcome,
            std::chrono::steady_clock::time_point start) {
    dispatcher.record(request, outcome, std::chrono::steady_clock::now() - start);
    // An atomic flag, not std::call_once: glibc's call_once ends with a futex wake, a system call
    // per response (strace: one futex per request of the gateway check).
    auto finished = std::make_shared<std::atomic<bool>>(false);
    auto finish_once = [this, finished] {
      if (!finished->exchange(true, std::memory_order_acq_rel)) finish_one();
    };
    auto done = [finish_once](const asio::error_code&) { finish_once(); };
    try {
      const int status = outcome.response.status;
      auto builder = req->create_response(restinio::http_status_line_t{
          restinio::http_status_code_t{static_cast<std::uint16_t>(status)}, reason_phrase(status)});
      for (auto& [name, value] : outcome.response.headers) builder.append_header(name, value);
      builder.set_body(std::move(outcome.response.body));
      builder.done(done);
    } catch (const std::exception& e) {
      spdlog::warn("could not send response request_id={}: {}", request.request_id, e.what());
      finish_once();
    }
  }

  restinio::request_handling_status_t handle(const restinio::request_handle_t& req) {
    const auto start = std::chrono::steady_clock::now();
    in_flight.fetch_add(1, std::memory_order_acq_rel);
    auto request = std::make_shared<Request>();
    RouteMatch match;
    try {
      *request = to_request(*req, options.trusted_proxies);
      match = dispatcher.route(*request);
    } catch (const std::exception& e) {
      request->request_id = Dispatcher::request_id_for(*request);
      send(req, *request,
           Outcome{error_response(invalid_argument("request.malformed", "malformed request")),
                   "unmatched"},
           start);
      return restinio::request_accepted();
    }
    const Execution execution = Dispatcher::execution_of(match);
    if (execution == Execution::kInline) {
      send(req, *request, dispatcher.dispatch(*request, std::move(match)), start);
      return restinio::request_accepted();
    }
    if (execution == Execution::kInlineFirst) {
      if (auto answered = dispatcher.try_inline(*request, match)) {
        send(req, *request, std::move(*answered), start);
        return restinio::request_accepted();
      }
    }
    const bool queued =
        workers.try_submit([this, req, request, start, match = std::move(match)]() mutable {
          send(req, *request, dispatcher.dispatch(*request, std::move(match)), start);
        });
    if (!queued) {
      Outcome busy{error_response(unavailable("server.busy", "server is busy; retry shortly")),
                   "unmatched"};
      busy.response.set_header("Retry-After", "1");
      add_standard_headers(*request, busy.response);
      send(req, *request, std::move(busy), start);
    }
    return restinio::request_accepted();
  }
};

Server::Server(ServerOptions options, Dispatcher& dispatcher, WorkerPool& workers)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, workers)) {}

Server::~Server() {
  try {
    stop();
  } catch (...) {
    // Destructors must not throw; stop() already logged.
  }
}

void Server::start() {
  Impl& impl = *impl_;
  const std::size_t hard_body_limit = impl.options.max_body_bytes * 4 + std::size_t{64} * 1024;
  restinio::server_settings_t<Traits> settings;
  settings.address(impl.options.address)
      .port(impl.options.port)
      .read_next_http_message_timelimit(impl.options.read_timeout)
      .write_http_response_timelimit(impl.options.write_timeout)
      .handle_request_timeout(impl.options.handler_timeout)
      // Up to this size a too-large body gets a 413 from the Dispatcher, the connection kept;
      // beyond it the parser stops and the 413 comes from the socket (AnsweringSocket), closing.
      // RESTinio refuses a header value of max_field_value_size bytes: one more is allowed.
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(impl.limits.max_uri_bytes)
                                    .max_field_name_size(impl.limits.max_header_bytes)
                                    .max_field_value_size(impl.limits.max_header_bytes + 1)
                                    .max_field_count(impl.limits.max_header_count)
                                    .max_body_size(hard_body_limit))
      .logger(&impl.limits)
      .acceptor_post_bind_hook([&impl](asio::ip::tcp::acceptor& acceptor) {
        impl.bound_port = acceptor.local_endpoint().port();
      })
      .request_handler([&impl](const restinio::request_handle_t& req) { return impl.handle(req); });
  impl.server =
      std::make_unique<RestinioServer>(restinio::external_io_context(impl.io), std::move(settings));
  std::promise<void> opened;
  auto opened_future = opened.get_future();
  impl.server->open_async([&opened] { opened.set_value(); },
                          [&opened](std::exception_ptr e) { opened.set_exception(std::move(e)); });
  const std::size_t n = std::max<std::size_t>(1, impl.options.io_threads);
  for (std::size_t i = 0; i < n; ++i) {
    impl.threads.emplace_back([&impl] {
      try {
        impl.io.run();
      } catch (const std::exception& e) {
        spdlog::critical("I/O thread stopped: {}", e.what());
      }
    });
  }
  try {
    opened_future.get();
  } catch (const std::exception& e) {
    impl.io.stop();
    for (auto& t : impl.threads) t.join();
    impl.threads.clear();
    throw std::runtime_error("cannot listen on " + impl.options.address + ":" +
                             std::to_string(impl.options.port) + ": " + e.what());
  }
  impl.started = true;
}

std::uint16_t Server::port() const { return impl_->bound_port; }

std::size_t Server::in_flight() const { return impl_->in_flight.load(); }

void Server::stop() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  // 1. Stop accepting new connections.
  std::promise<void> closed;
  auto closed_future = closed.get_future();
  impl.server->close_async([&closed] { closed.set_value(); },
                           [&closed](std::exception_ptr e) { closed.set_exception(std::move(e)); });
  try {
    closed_future.get();
  } catch (const std::exception& e) {
    spdlog::warn("closing the listener failed: {}", e.what());
  }
  // 2. Let requests in flight finish and their responses be written.
  {
    std::unique_lock lock(impl.mutex);
    if (!impl.drained.wait_for(lock, impl.options.shutdown_timeout,
                               [&impl] { return impl.in_flight.load() == 0; })) {
      spdlog::warn("shutdown timeout: {} request(s) still in flight", impl.in_flight.load());
    }
  }
  // 3. Stop the I/O threads (closing idle keep-alive connections).
  impl.io.stop();
  for (auto& t : impl.threads) t.join();
  impl.threads.clear();
}

}  // namespace atrium::http
