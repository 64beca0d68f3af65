// BackgroundJobs::run_once (src/app): one deterministic pass of outbox dispatch and housekeeping,
// on the caller's thread, with the manual clock.
#include "app/background_jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "service_fixture.hpp"

namespace atrium::service {
namespace {

using namespace std::chrono_literals;

class BackgroundJobsTest : public ServiceTest {
 protected:
  // A relay and a From address: the dispatcher may send.
  void configure_relay() {
    SettingsInput input;
    input.smtp_host = "relay.test";
    input.email_from = "portal@portal.test";
    change_settings(input);
  }

  // An owner-created user without a password: one invitation email queued.
  void queue_invitation(const std::string& email) {
    auto created = create_user(email);
    ASSERT_TRUE(created) << why(created);
    ASSERT_EQ(outbox_to(email).size(), 1U);
  }

  OutboxMessage message_to(const std::string& email) {
    const auto messages = outbox_to(email);
    EXPECT_EQ(messages.size(), 1U);
    return messages.empty() ? OutboxMessage{} : messages[0];
  }

  app::BackgroundJobs jobs_{*db_, dispatcher_, clock_, 50ms, 1h};
};

TEST_F(BackgroundJobsTest, WithoutARelayAPassSendsNothingAndMailStaysQueued) {
  queue_invitation("queued@example.com");
  const app::BackgroundPass pass = jobs_.run_once();
  EXPECT_TRUE(pass.mail_ok);
  EXPECT_EQ(pass.mail_attempted, 0);
  EXPECT_EQ(sender_.attempts(), 0);
  EXPECT_EQ(message_to("queued@example.com").status, OutboxStatus::kQueued);
}

TEST_F(BackgroundJobsTest, APassSendsDueMailExactlyOnce) {
  configure_relay();
  queue_invitation("ada@example.com");
  const app::BackgroundPass pass = jobs_.run_once();
  EXPECT_TRUE(pass.mail_ok);
  EXPECT_EQ(pass.mail_attempted, 1);
  const auto sent = sender_.sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].to, "ada@example.com");
  EXPECT_EQ(sent[0].from, "portal@portal.test");
  const std::string token = composer_.token("ada@example.com", EmailKind::kInvitation);
  EXPECT_NE(sent[0].text.find(token), std::string::npos) << "the recorded link is what was sent";
  const OutboxMessage message = message_to("ada@example.com");
  EXPECT_EQ(message.status, OutboxStatus::kSent);
  EXPECT_TRUE(message.text_body.empty()) << "a sent message keeps no one-time link";

  EXPECT_EQ(jobs_.run_once().mail_attempted, 0);
  clock_.advance(1h);  // past any lease or retry
  EXPECT_EQ(jobs_.run_once().mail_attempted, 0);
  EXPECT_EQ(sender_.attempts(), 1);
}

TEST_F(BackgroundJobsTest, AFailedSendIsRetriedOnlyAfterItsBackoff) {
  configure_relay();
  queue_invitation("patient@example.com");
  sender_.set_failing(true);
  EXPECT_EQ(jobs_.run_once().mail_attempted, 1);
  OutboxMessage message = message_to("patient@example.com");
  EXPECT_EQ(message.status, OutboxStatus::kFailed);
  EXPECT_EQ(message.attempts, 1);
  EXPECT_NE(message.last_error.find("smtp.connect"), std::string::npos);

  sender_.set_failing(false);
  EXPECT_EQ(jobs_.run_once().mail_attempted, 0) << "not due before the retry wait";
  clock_.advance(dispatcher_.retry_delay(1) - 1s);
  EXPECT_EQ(jobs_.run_once().mail_attempted, 0);
  clock_.advance(1s);
  EXPECT_EQ(jobs_.run_once().mail_attempted, 1);
  EXPECT_EQ(message_to("patient@example.com").status, OutboxStatus::kSent);
  EXPECT_EQ(sender_.sent().size(), 1U);
}

TEST_F(BackgroundJobsTest, HousekeepingRunsOnTheFirstPassThenEveryTenMinutes) {
  make_user("sam@example.com");
  ASSERT_TRUE(login("sam@example.com", kPassword));
  EXPECT_EQ(error_id(login("sam@example.com", "wrong password")), "auth.invalid_credentials");

  app::BackgroundPass pass = jobs_.run_once();
  EXPECT_TRUE(pass.housekeeping);
  EXPECT_TRUE(pass.housekeeping_ok);
  EXPECT_EQ(pass.sessions_removed, 0);
  EXPECT_EQ(pass.throttle_entries_removed, 0);
  EXPECT_FALSE(jobs_.run_once().housekeeping);
  clock_.advance(9min);
  EXPECT_FALSE(jobs_.run_once().housekeeping);

  clock_.advance(52min);  // the session has been idle for more than an hour
  pass = jobs_.run_once();
  EXPECT_TRUE(pass.housekeeping);
  EXPECT_EQ(pass.sessions_removed, 1);
  EXPECT_EQ(pass.throttle_entries_removed, 0);

  clock_.advance(24h);  // the failed login's counts (account and address) are forgotten
  pass = jobs_.run_once();
  EXPECT_TRUE(pass.housekeeping);
  EXPECT_EQ(pass.throttle_entries_removed, 2);
}

// An EmailSender that blocks in send() until released, to hold a pass in flight.
class BlockingSender final : public EmailSender {
 public:
  Status send(const SmtpSettings& /*smtp*/, const OutgoingEmail& /*email*/) override {
    if (!entered_flag_.exchange(true)) entered_.set_value();
    release_future_.wait();
    return ok();
  }
  std::future<void> entered() { return entered_.get_future(); }
  void release() { release_.set_value(); }

 private:
  std::atomic<bool> entered_flag_{false};
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> release_future_{release_.get_future().share()};
};

TEST_F(BackgroundJobsTest, RunOnceReturnsOnlyAfterThePassInFlightHasFinished) {
  configure_relay();
  queue_invitation("flight@example.com");
  BlockingSender blocking;
  OutboxDispatcher dispatcher(*db_, blocking, settings_, clock_, DispatcherOptions{});
  app::BackgroundJobs jobs(*db_, dispatcher, clock_, 50ms, 1h);
  auto entered = blocking.entered();
  jobs.start();  // the thread's first pass claims the message and blocks in send()
  const bool in_flight = entered.wait_for(10s) == std::future_status::ready;
  EXPECT_TRUE(in_flight);

  std::atomic<bool> returned{false};
  app::BackgroundPass pass;
  OutboxStatus status_on_return = OutboxStatus::kQueued;
  std::thread caller([&] {
    pass = jobs.run_once();
    status_on_return = message_to("flight@example.com").status;
    returned = true;
  });
  // A run_once that did not wait for the pass in flight would return now, with the message still
  // unsent; one that waits cannot return before the release. The bounded wait only gives a wrong
  // implementation the time to show itself: the correct one passes however long it is.
  const auto deadline = std::chrono::steady_clock::now() + 200ms;
  while (!returned && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  const bool returned_before_release = returned;
  blocking.release();
  caller.join();
  jobs.stop();

  EXPECT_FALSE(returned_before_release);
  EXPECT_EQ(status_on_return, OutboxStatus::kSent) << "the pass in flight had recorded its send";
  EXPECT_EQ(pass.mail_attempted, 0) << "nothing was left for the caller's own pass";
}

}  // namespace
}  // namespace atrium::service
