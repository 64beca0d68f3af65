#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::testing {

// What a server wrote back on a raw TCP connection.
struct RawReply {
  std::string text;     // every byte received
  bool closed = false;  // the server closed the connection (EOF or reset) before the timeout

  // "HTTP/1.1 400 Bad Request", or empty when nothing came.
  std::string status_line() const;
  // The status code of the first response, 0 when there is none.
  int status() const;
  // The first response's header (case-insensitive name), or empty.
  std::string header(std::string_view name) const;
  // What follows the first response's headers.
  std::string body() const;
};

// Sends `request` byte for byte to 127.0.0.1:`port` (no HTTP client would send most of what the
// tests send) and reads until the server closes the connection or `timeout` passes. Errors
// while sending (the server may close before reading everything) are not failures.
RawReply raw_exchange(std::uint16_t port, std::string_view request,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace atrium::testing
