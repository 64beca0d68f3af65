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
#include <nlohmann/json.hpp>
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

// Runs `atrium serve` on `db` with `log_format`, lets `requests` talk to it, stops it with
// SIGTERM and returns what it logged (stderr).
template <typename Requests>
std::string serve_and_log(const ScratchDatabase& db, const std::string& log_format,
                          Requests&& requests) {
  TempDir dir;
  const std::string out_path = dir.file("stdout.txt");
  const std::string log_path = dir.file("stderr.txt");
  const pid_t pid = fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return "";
  }
  if (pid == 0) {
    if (freopen(out_path.c_str(), "w", stdout) == nullptr ||
        freopen(log_path.c_str(), "w", stderr) == nullptr) {
      _exit(126);
    }
    setenv("PORTAL_HOSTPORT", "0", 1);
    setenv("PORTAL_DATABASE_DIALECT", db.dialect().c_str(), 1);
    setenv("PORTAL_DATABASE_CONNECTIONSTRING", db.connection_string().c_str(), 1);
    setenv("PORTAL_LOG_LEVEL", "info", 1);
    setenv("PORTAL_LOG_FORMAT", log_format.c_str(), 1);
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
  EXPECT_FALSE(url.empty()) << read_file(log_path);
  if (!url.empty()) {
    HttpClient client(url);
    requests(client, static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1))));
  }
  EXPECT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return read_file(log_path);
}

constexpr const char* kForgedPath =
    "/portal-api/nothing%0D%0A2026-12-03T00:00:00.000+00:00%20info%20FORGED";
constexpr const char* kForgedLine = "2026-12-03T00:00:00.000+00:00 info FORGED";

// Neither a forged line nor a raw control or malformed byte anywhere in `log`.
void expect_clean(const std::string& log) {
  for (const auto& line : lines_of(log)) {
    EXPECT_NE(line.rfind(kForgedLine, 0), 0U) << "a forged line in the log:\n" << log;
  }
  EXPECT_EQ(log.find('\r'), std::string::npos) << log;
  EXPECT_EQ(log.find('\x1B'), std::string::npos) << "an escape sequence reached the log";
  EXPECT_EQ(log.find('\xFF'), std::string::npos) << "a raw 0xFF byte reached the log";
  EXPECT_EQ(log.find(std::string(1, '\0')), std::string::npos);
}

TEST(LogInjection, RequestTextCannotForgeLogLinesNorWriteRawBytes) {
  ScratchDatabase db;
  ATRIUM_REQUIRE_DATABASE(db);
  std::string raw;
  const std::string log = serve_and_log(db, "dev", [&](HttpClient& client, std::uint16_t port) {
    // No token needed: the path alone is logged.
    EXPECT_EQ(client.get(kForgedPath).status, 404);
    EXPECT_EQ(client.get("/portal-api/users/%FF").status, 400);
    EXPECT_EQ(client.get("/x%1B%5B31mred%00").status, 404);
    raw = send_raw(port,
                   "GET /portal-api/raw\xFF\xFE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(raw.find("HTTP/1.1 "), std::string::npos) << raw;
  });
  expect_clean(log);
  // The access log still shows what was asked for, escaped.
  EXPECT_NE(log.find("\"GET /portal-api/nothing\\r\\n" + std::string(kForgedLine) + "\" 404"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"GET /portal-api/users/\\xFF\" 400"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET /x\\x1B[31mred\\x00\" 404"), std::string::npos) << log;
  if (raw.find("HTTP/1.1 404") != std::string::npos) {
    EXPECT_NE(log.find("\"GET /portal-api/raw\\xFF\\xFE\" 404"), std::string::npos) << log;
  }
}

TEST(LogInjection, JsonLogsAreOneObjectPerLineWithAccessFields) {
  ScratchDatabase db;
  ATRIUM_REQUIRE_DATABASE(db);
  const std::string log = serve_and_log(db, "prod", [&](HttpClient& client, std::uint16_t) {
    EXPECT_EQ(client.get(kForgedPath).status, 404);
    EXPECT_EQ(client.get("/portal-api/users/%FF%22").status, 400);
  });
  expect_clean(log);
  int access_lines = 0;
  for (const auto& line : lines_of(log)) {
    if (line.empty()) continue;
    nlohmann::json entry;
    try {
      entry = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not JSON: " << line << " (" << e.what() << ")";
      continue;
    }
    EXPECT_TRUE(entry.contains("time") && entry.contains("level")) << line;
    if (!entry.contains("path")) {
      EXPECT_TRUE(entry.contains("msg")) << line;
      continue;
    }
    ++access_lines;
    EXPECT_EQ(entry["method"], "GET") << line;
    EXPECT_TRUE(entry["status"].is_number_integer()) << line;
    EXPECT_TRUE(entry["request_id"].is_string()) << line;
    if (entry["status"] == 404) {
      EXPECT_EQ(entry["path"], "/portal-api/nothing\\r\\n" + std::string(kForgedLine));
    } else {
      EXPECT_EQ(entry["path"], "/portal-api/users/\\xFF\"");
    }
  }
  EXPECT_EQ(access_lines, 2) << log;
}

}  // namespace
}  // namespace atrium::testing
