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
#include <thread>
#include <vector>

#include "core/encoding.hpp"
#include "http/error_mapping.hpp"

namespace atrium::http {

namespace {

// RESTinio's connection-count limiter is left off on purpose: connections keep a raw pointer to
// it, and it dies with the server object while idle keep-alive connections are only destroyed
// with the io_context afterwards (a use-after-free at shutdown, seen under ASan).
using Traits = restinio::default_traits_t;
using RestinioServer = restinio::http_server_t<Traits>;

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

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

Request to_request(const restinio::request_t& req) {
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
  r.request_id = Dispatcher::request_id_for(r);
  return r;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
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
      : options(std::move(o)), dispatcher(d), workers(w) {}

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
    auto once = std::make_shared<std::once_flag>();
    auto done = [this, once](const asio::error_code&) {
      std::call_once(*once, [this] { finish_one(); });
    };
    try {
      const int status = outcome.response.status;
      auto builder = req->create_response(restinio::http_status_line_t{
          restinio::http_status_code_t{static_cast<std::uint16_t>(status)}, reason_phrase(status)});
      for (auto& [name, value] : outcome.response.headers) builder.append_header(name, value);
      builder.set_body(std::move(outcome.response.body));
      builder.done(done);
    } catch (const std::exception& e) {
      spdlog::warn("could not send response request_id={}: {}", request.request_id, e.what());
      std::call_once(*once, [this] { finish_one(); });
    }
  }

  restinio::request_handling_status_t handle(restinio::request_handle_t req) {
    const auto start = std::chrono::steady_clock::now();
    in_flight.fetch_add(1, std::memory_order_acq_rel);
    auto request = std::make_shared<Request>();
    RouteMatch match;
    try {
      *request = to_request(*req);
      match = dispatcher.route(*request);
    } catch (const std::exception& e) {
      request->request_id = Dispatcher::request_id_for(*request);
      send(req, *request,
           Outcome{error_response(invalid_argument("request.malformed", "malformed request")),
                   "unmatched"},
           start);
      return restinio::request_accepted();
    }
    if (Dispatcher::execution_of(match) == Execution::kInline) {
      send(req, *request, dispatcher.dispatch(*request, std::move(match)), start);
      return restinio::request_accepted();
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
  const std::size_t hard_body_limit = impl.options.max_body_bytes * 4 + 64U * 1024U;
  restinio::server_settings_t<Traits> settings;
  settings.address(impl.options.address)
      .port(impl.options.port)
      .read_next_http_message_timelimit(impl.options.read_timeout)
      .write_http_response_timelimit(impl.options.write_timeout)
      .handle_request_timeout(impl.options.handler_timeout)
      // Up to this size a too-large body still gets a clear 413 from the Dispatcher; beyond it
      // RESTinio closes the connection without reading more.
      .incoming_http_msg_limits(
          restinio::incoming_http_msg_limits_t{}.max_body_size(hard_body_limit))
      .acceptor_post_bind_hook([&impl](asio::ip::tcp::acceptor& acceptor) {
        impl.bound_port = acceptor.local_endpoint().port();
      })
      .request_handler(
          [&impl](restinio::request_handle_t req) { return impl.handle(std::move(req)); });
  impl.server =
      std::make_unique<RestinioServer>(restinio::external_io_context(impl.io), std::move(settings));
  std::promise<void> opened;
  auto opened_future = opened.get_future();
  impl.server->open_async([&opened] { opened.set_value(); },
                          [&opened](std::exception_ptr e) { opened.set_exception(e); });
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
                           [&closed](std::exception_ptr e) { closed.set_exception(e); });
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
