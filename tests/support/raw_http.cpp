#include "support/raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <stdexcept>

namespace atrium::testing {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string RawReply::status_line() const {
  const auto end = text.find("\r\n");
  return end == std::string::npos ? std::string() : text.substr(0, end);
}

int RawReply::status() const {
  const std::string line = status_line();
  const auto space = line.find(' ');
  if (line.rfind("HTTP/", 0) != 0 || space == std::string::npos) return 0;
  try {
    return std::stoi(line.substr(space + 1, 3));
  } catch (const std::exception&) {
    return 0;
  }
}

std::string RawReply::header(std::string_view name) const {
  const auto head_end = text.find("\r\n\r\n");
  const std::string head = lower(text.substr(0, head_end));
  const std::string wanted = "\r\n" + lower(name) + ":";
  const auto at = head.find(wanted);
  if (at == std::string::npos) return {};
  const auto value_start = at + wanted.size();
  auto value_end = head.find("\r\n", value_start);
  if (value_end == std::string::npos) value_end = head.size();
  std::string value = text.substr(value_start, value_end - value_start);
  const auto first = value.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : value.substr(first);
}

std::string RawReply::body() const {
  const auto head_end = text.find("\r\n\r\n");
  return head_end == std::string::npos ? std::string() : text.substr(head_end + 4);
}

RawReply raw_exchange(std::uint16_t port, std::string_view request,
                      std::chrono::milliseconds timeout) {
  const Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
  if (fd.get() < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("connect() failed");
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // closed by the server: read what it answered
    sent += static_cast<std::size_t>(n);
  }
  RawReply reply;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[16384];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      reply.closed = true;
      break;
    }
    reply.text.append(buffer, static_cast<std::size_t>(n));
  }
  return reply;
}

}  // namespace atrium::testing
