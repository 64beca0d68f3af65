// The `atrium` binary's log cannot be forged through a request (issue 16 item 3): a CR LF in a
// path used to start a line of the attacker's choosing, and raw 0xFF bytes reached the log.
// Everything from a request is escaped (core/log_text.hpp). Runs on both databases.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "test_portal.hpp"

namespace atrium::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Sends `request` as it is (bytes no HTTP client would send) and reads the answer.
std::string send_raw(std::uint16_t port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) {
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return answer;
}

// Lines as a log reader splits them: at LF, and at CR too.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines(1);
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      lines.emplace_back();
    } else {
      lines.back() += c;
    }
  }
  return lines;
}

TEST(LogInjection, RequestTextCannotForgeLogLinesNorWriteRawBytes) {
  ScratchDatabase db;
  ATRIUM_REQUIRE_DATABASE(db);
  TempDir dir;
  const std::string out_path = dir.file("stdout.txt");
  const std::string log_path = dir.file("stderr.txt");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    freopen(out_path.c_str(), "w", stdout);
    freopen(log_path.c_str(), "w", stderr);
    setenv("PORTAL_HOSTPORT", "0", 1);
    setenv("PORTAL_DATABASE_DIALECT", db.dialect().c_str(), 1);
    setenv("PORTAL_DATABASE_CONNECTIONSTRING", db.connection_string().c_str(), 1);
    setenv("PORTAL_LOG_LEVEL", "info", 1);
    execl(ATRIUM_BINARY, ATRIUM_BINARY, "serve", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string url;
  for (int i = 0; i < 300 && url.empty(); ++i) {  // up to 30 s (migrations on a slow host)
    const std::string out = read_file(out_path);
    const auto at = out.find("http://");
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
      url = out.substr(at, out.find('\n', at) - at);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_FALSE(url.empty()) << read_file(log_path);
  const auto port = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
  HttpClient client(url);

  // No token needed: the path alone is logged.
  const auto forged =
      client.get("/portal-api/nothing%0D%0A2026-12-03T00:00:00.000+00:00%20info%20FORGED");
  EXPECT_EQ(forged.status, 404);
  EXPECT_EQ(client.get("/portal-api/users/%FF").status, 400);
  EXPECT_EQ(client.get("/x%1B%5B31mred%00").status, 404);
  const std::string raw = send_raw(
      port, "GET /portal-api/raw\xFF\xFE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.find("HTTP/1.1 "), std::string::npos) << raw;

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  const std::string log = read_file(log_path);
  for (const auto& line : lines_of(log)) {
    EXPECT_NE(line.rfind("2026-12-03T00:00:00.000+00:00 info FORGED", 0), 0U)
        << "a forged line in the log:\n"
        << log;
  }
  EXPECT_EQ(log.find('\r'), std::string::npos) << log;
  EXPECT_EQ(log.find('\x1B'), std::string::npos) << "an escape sequence reached the log";
  EXPECT_EQ(log.find('\xFF'), std::string::npos) << "a raw 0xFF byte reached the log";
  EXPECT_EQ(log.find(std::string(1, '\0')), std::string::npos);
  // The access log still shows what was asked for, escaped.
  EXPECT_NE(log.find("\"GET /portal-api/nothing\\r\\n2026-12-03T00:00:00.000+00:00 info FORGED\" "
                     "404"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"GET /portal-api/users/\\xFF\" 400"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET /x\\x1B[31mred\\x00\" 404"), std::string::npos) << log;
  if (raw.find("HTTP/1.1 404") != std::string::npos) {
    EXPECT_NE(log.find("\"GET /portal-api/raw\\xFF\\xFE\" 404"), std::string::npos) << log;
  }
}

}  // namespace
}  // namespace atrium::testing
