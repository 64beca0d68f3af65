#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/worker_pool.hpp"
#include "http/dispatcher.hpp"
#include "http/trusted_proxies.hpp"

namespace atrium::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 3001;  // 0: any free port; see Server::port()
  std::size_t io_threads = 2;
  std::size_t max_body_bytes = 1024U * 1024U;
  std::size_t max_uri_bytes = 8U * 1024U;      // longer: 414
  std::size_t max_header_bytes = 16U * 1024U;  // a longer header name or value: 431
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds handler_timeout{30'000};
  std::chrono::milliseconds shutdown_timeout{15'000};
  // Peers whose X-Forwarded-For / Forwarded name the client (Request::remote_address).
  TrustedProxies trusted_proxies;
};

// The HTTP transport (RESTinio on a thread pool, strands on). It only converts between the wire
// and Request/Response; the Dispatcher does the rest, on the worker pool for blocking routes.
// A request the HTTP parser refuses (malformed, or over the limits) is answered 400, 413, 414 or
// 431 before the connection closes (http/malformed_request.hpp). RESTinio's headers are included
// by server.cpp alone.
class Server {
 public:
  Server(ServerOptions options, Dispatcher& dispatcher, WorkerPool& workers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; throws std::runtime_error when it cannot listen.
  void start();
  // The bound port (useful when options.port was 0).
  std::uint16_t port() const;
  // Graceful: stops accepting, lets in-flight requests finish (up to shutdown_timeout), stops.
  void stop();
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::http
