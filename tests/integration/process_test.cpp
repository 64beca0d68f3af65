// The `atrium` binary as an operator runs it: start-up, bad configuration, SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

namespace atrium::testing {
namespace {

// Runs a shell command, returning its exit status and everything it printed.
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) output += buf.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(Process, VersionAndHelp) {
  auto [status, out] = run(std::string(ATRIUM_BINARY) + " version");
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out.rfind("atrium ", 0), 0U) << out;
  auto [help_status, help] = run(std::string(ATRIUM_BINARY) + " serve --help");
  EXPECT_EQ(help_status, 0);
  EXPECT_NE(help.find("PORTAL_HOSTPORT"), std::string::npos) << help;
  EXPECT_NE(help.find("PORTAL_DATABASE_CONNECTIONSTRING"), std::string::npos);
}

TEST(Process, BadConfigurationStopsStartUpNamingTheKey) {
  TempDir dir;
  auto [status, out] = run("PORTAL_HOSTPORT=abc " + std::string(ATRIUM_BINARY) + " migrate");
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("PORTAL_HOSTPORT"), std::string::npos) << out;
  auto [status2, out2] = run("PORTAL_DATABSE_DIALECT=sqlite3 " + std::string(ATRIUM_BINARY) +
                             " migrate --database-connectionstring " + dir.file("x.db"));
  EXPECT_NE(status2, 0);
  EXPECT_NE(out2.find("PORTAL_DATABSE_DIALECT"), std::string::npos) << out2;
}

TEST(Process, BootstrapPrintsCredentialsOnceOnly) {
  TempDir dir;
  const std::string env = "PORTAL_DATABASE_CONNECTIONSTRING=" + dir.file("portal.db") +
                          " PORTAL_PASSWORD_HASHMEMORY=64KiB PORTAL_PASSWORD_HASHITERATIONS=1 ";
  const std::string cmd =
      env + std::string(ATRIUM_BINARY) + " bootstrap --email admin@example.com --if-needed";
  auto [status, out] = run(cmd);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("admin@example.com"), std::string::npos);
  EXPECT_NE(out.find("Password:"), std::string::npos);
  EXPECT_NE(out.find("API token:"), std::string::npos);
  auto [again_status, again] = run(cmd);
  EXPECT_EQ(again_status, 0);
  EXPECT_EQ(again.find("API token:"), std::string::npos) << again;
  EXPECT_NE(again.find("exists already"), std::string::npos);
  auto [strict_status, strict] =
      run(env + std::string(ATRIUM_BINARY) + " bootstrap --email other@example.com");
  EXPECT_NE(strict_status, 0);
  EXPECT_NE(strict.find("already bootstrapped"), std::string::npos) << strict;
}

TEST(Process, TokenCreatePrintsANewTokenForAnExistingOwnerOnly) {
  TempDir dir;
  const std::string env = "PORTAL_DATABASE_CONNECTIONSTRING=" + dir.file("portal.db") +
                          " PORTAL_PASSWORD_HASHMEMORY=64KiB PORTAL_PASSWORD_HASHITERATIONS=1 ";
  const std::string atrium = env + std::string(ATRIUM_BINARY);
  ASSERT_EQ(run(atrium + " bootstrap --email admin@example.com").first, 0);
  auto [status, out] = run(atrium + " token create --email admin@example.com --name laptop");
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("API token \"laptop\" created for admin@example.com."), std::string::npos)
      << out;
  EXPECT_NE(out.find("API token: "), std::string::npos);
  auto [missing_status, missing] = run(atrium + " token create --email nobody@example.com");
  EXPECT_EQ(missing_status, 3) << missing;
  EXPECT_NE(missing.find("no active API Owner has the address nobody@example.com"),
            std::string::npos)
      << missing;
  EXPECT_EQ(missing.find("API token: "), std::string::npos);
}

TEST(Process, ServesAndStopsGracefullyOnSigterm) {
  TempDir dir;
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    setenv("PORTAL_HOSTPORT", "0", 1);
    setenv("PORTAL_DATABASE_CONNECTIONSTRING", dir.file("portal.db").c_str(), 1);
    setenv("PORTAL_LOG_LEVEL", "warn", 1);
    execl(ATRIUM_BINARY, ATRIUM_BINARY, "serve", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  std::array<char, 512> line{};
  ASSERT_NE(fgets(line.data(), static_cast<int>(line.size()), out), nullptr);
  const std::string text(line.data());
  const auto at = text.find("http://");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string base = text.substr(at, text.find_last_not_of("\r\n") + 1 - at);
  HttpClient client(base);
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.get("/readyz").status, 200);
  // The next line names the sign-in page at the address emailed links use (PublicURL empty:
  // localhost and the port), not at the bind address: one origin, one session cookie.
  ASSERT_NE(fgets(line.data(), static_cast<int>(line.size()), out), nullptr);
  const std::string port = base.substr(base.rfind(':'));
  EXPECT_EQ(std::string(line.data()),
            "Sign in at http://localhost" + port + "/auth/password/login\n");
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  fclose(out);
}

}  // namespace
}  // namespace atrium::testing
