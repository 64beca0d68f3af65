// Real gateways in front of a counting upstream (DESIGN §11): Debian's nginx with auth_request
// and Caddy with forward_auth, configured as docs/gateway.md says (nginx.conf.in, Caddyfile.in),
// ask the real server. A live key reaches the upstream with the identity headers (and a client's
// own X-Atrium-Developer does not); no key, a wrong key, a revoked key and a path outside the
// product are refused and the upstream sees nothing; the plan's rate limit is a 429 with
// Retry-After through both.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "apps_fixture.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace atrium::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "gateway-and-atrium-share-this";

class GatewayProxiesTest : public AppsFixture {
 protected:
  void SetUp() override {
    AppsFixture::SetUp();
    if (IsSkipped()) return;
    // The portal of the fixture does not ask for the secret; this one, on the same database,
    // does: the gateways talk to it.
    guarded_ = std::make_unique<TestPortal>(*db_, app::EnvVars{{"PORTAL_GATEWAY_SECRET", kSecret}});
    ASSERT_EQ(
        admin_
            ->put(
                "/portal-api/products/" + std::to_string(product_),
                {{"APIDetails",
                  {{{"APIID", "pay-v1"}, {"Name", "Payments v1"}, {"ListenPath", "/payments/"}}}}})
            .status,
        200);
    metered_plan_ = post("/portal-api/plans", {{"Name", "metered"},
                                               {"RateLimit", 2},
                                               {"Per", 3600},
                                               {"AutoApproveAccessRequests", true}})["ID"];
    post("/portal-api/catalogues", {{"Name", "Metered"},
                                    {"VisibilityStatus", "Public"},
                                    {"Products", {product_}},
                                    {"Plans", {metered_plan_}}});
    start_upstream();
    const std::map<std::string, std::string> values = {
        {"@ATRIUM@", "127.0.0.1:" + std::to_string(guarded_->app().port())},
        {"@UPSTREAM@", "127.0.0.1:" + std::to_string(upstream_port_)},
        {"@PREFIX@", dir_.path().string()},
        {"@SECRET@", kSecret}};
    nginx_port_ = start("nginx.conf.in", "nginx.conf", values, [&](const std::string& conf) {
      return std::vector<std::string>{"nginx", "-p", dir_.path().string(), "-c", conf};
    });
    caddy_port_ = start("Caddyfile.in", "Caddyfile", values, [&](const std::string& conf) {
      return std::vector<std::string>{"caddy", "run", "--config", conf, "--adapter", "caddyfile"};
    });
  }

  void start_upstream() {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    upstream_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3",
                                 std::string(ATRIUM_GATEWAY_TEST_DIR) + "/upstream.py"},
        out[1]);
    close(out[1]);
    const std::string line = read_first_line(out[0], 10s);
    close(out[0]);
    upstream_port_ = std::stoi(line);
  }

  template <typename Command>
  int start(const std::string& template_file, const std::string& name,
            std::map<std::string, std::string> values, Command command) {
    const int port = free_loopback_port();
    values["@PORT@"] = std::to_string(port);
    const std::string conf = dir_.file(name);
    std::ofstream(conf) << filled_template(
        std::string(ATRIUM_GATEWAY_TEST_DIR) + "/" + template_file, values);
    setenv("HOME", dir_.path().c_str(), 1);  // Caddy keeps its state under it
    setenv("XDG_DATA_HOME", dir_.path().c_str(), 1);
    setenv("XDG_CONFIG_HOME", dir_.path().c_str(), 1);
    gateways_.push_back(std::make_unique<ChildProcess>(command(conf)));
    EXPECT_TRUE(wait_for_port(port, 10s)) << name << " did not start";
    return port;
  }

  // Alice's key on `plan`, from the Live Portal's request-access form (auto-approved).
  std::string key_for_alice(long long plan, const std::string& app_name) {
    Browser alice = signed_in("alice");
    EXPECT_EQ(alice.get("/portal/catalogue-products/payments/request-access").status, 200);
    auto granted =
        alice.post("/portal/catalogue-products/payments/request-access",
                   {{"PlanID", std::to_string(plan)}, {"AppID", "new"}, {"NewAppName", app_name}});
    const auto at = granted.body.find("value=\"atr_");
    if (at == std::string::npos) return "";
    return granted.body.substr(at + 7, granted.body.find('"', at + 7) - at - 7);
  }

  nlohmann::json seen() {
    return HttpClient("http://127.0.0.1:" + std::to_string(upstream_port_)).get("/__seen").json();
  }

  static HttpResult through(int port, const std::string& path, const std::string& key,
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
    return HttpClient("http://127.0.0.1:" + std::to_string(port)).get(path, headers);
  }

  // Until the key opens /payments/ through `port` (the index follows within a poll), up to 1 s.
  long first_pass(int port, const std::string& key) {
    const auto deadline = std::chrono::steady_clock::now() + 1s;
    long status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      status = through(port, "/payments/warm-up", key).status;
      if (status == 200) break;
      std::this_thread::sleep_for(20ms);
    }
    return status;
  }

  TempDir dir_;
  std::unique_ptr<TestPortal> guarded_;
  std::unique_ptr<ChildProcess> upstream_;
  std::vector<std::unique_ptr<ChildProcess>> gateways_;
  int upstream_port_ = 0;
  int nginx_port_ = 0;
  int caddy_port_ = 0;
  long long metered_plan_ = 0;
};

TEST_F(GatewayProxiesTest, ALiveKeyPassesWithItsIdentityAndRefusalsNeverReachTheUpstream) {
  const std::string key = key_for_alice(instant_plan_, "Checkout");
  ASSERT_FALSE(key.empty());
  for (const int port : {nginx_port_, caddy_port_}) {
    SCOPED_TRACE(port == nginx_port_ ? "nginx" : "caddy");
    ASSERT_EQ(first_pass(port, key), 200);
    const std::size_t before = seen().size();
    auto passed = through(port, "/payments/charges?x=1", key, {{"X-Atrium-Developer", "999"}});
    ASSERT_EQ(passed.status, 200) << passed.body;
    EXPECT_EQ(passed.json()["upstream"], "ok");
    auto log = seen();
    ASSERT_EQ(log.size(), before + 1);
    const auto& headers = log.back()["headers"];
    EXPECT_EQ(log.back()["path"], "/payments/charges?x=1");
    EXPECT_EQ(headers.value("x-atrium-developer", ""), std::to_string(alice_));  // not "999"
    EXPECT_EQ(headers.value("x-atrium-organisation", ""), std::to_string(acme_));
    EXPECT_EQ(headers.value("x-atrium-plan", ""), std::to_string(instant_plan_));
    EXPECT_EQ(headers.value("x-atrium-product", ""), std::to_string(product_));
    EXPECT_FALSE(headers.contains("x-atrium-gateway-secret"));

    EXPECT_EQ(through(port, "/payments/x", "").status, 401);
    EXPECT_EQ(through(port, "/payments/x", "atr_wrongwrongwrongwrongwrongwrong").status, 401);
    EXPECT_EQ(through(port, "/ledger/x", key).status, 403);
    EXPECT_EQ(through(port, "/payments/%2e%2e/ledger", key).status, 403);
    EXPECT_EQ(seen().size(), before + 1);  // none of the refused requests got through
  }
}

TEST_F(GatewayProxiesTest, ARevokedKeyIsRefusedThroughBothWithinASecond) {
  const std::string key = key_for_alice(instant_plan_, "Checkout");
  ASSERT_EQ(first_pass(nginx_port_, key), 200);
  ASSERT_EQ(first_pass(caddy_port_, key), 200);
  auto apps = admin_->get("/portal-api/apps?p=-2").json();
  const std::string app = "/portal-api/apps/" + std::to_string(apps[0]["ID"].get<long long>());
  const auto request = admin_->get(app).json()["AccessRequests"][0]["ID"].get<long long>();
  const std::string credentials =
      app + "/access-requests/" + std::to_string(request) + "/credentials";
  const auto credential = admin_->get(credentials).json()[0]["ID"].get<long long>();
  ASSERT_EQ(admin_->del(credentials + "/" + std::to_string(credential)).status, 200);
  std::this_thread::sleep_for(1s);
  const std::size_t before = seen().size();
  EXPECT_EQ(through(nginx_port_, "/payments/x", key).status, 401);
  EXPECT_EQ(through(caddy_port_, "/payments/x", key).status, 401);
  EXPECT_EQ(seen().size(), before);
}

TEST_F(GatewayProxiesTest, TheRateLimitIsA429WithRetryAfterThroughBoth) {
  // Two requests an hour, counted per key on the Atrium server both gateways ask.
  const std::string key = key_for_alice(metered_plan_, "Metered");
  ASSERT_EQ(first_pass(nginx_port_, key), 200);
  EXPECT_EQ(through(caddy_port_, "/payments/x", key).status, 200);
  const std::size_t before = seen().size();
  for (const int port : {nginx_port_, caddy_port_}) {
    auto limited = through(port, "/payments/x", key);
    EXPECT_EQ(limited.status, 429) << (port == nginx_port_ ? "nginx" : "caddy");
    EXPECT_EQ(limited.header("retry-after"), "1800");  // one request every 30 minutes
  }
  EXPECT_EQ(seen().size(), before);
}

}  // namespace
}  // namespace atrium::testing
