#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/identity/user.hpp"
#include "domain/mail/email.hpp"
#include "domain/storage.hpp"

namespace atrium {

struct MailerOptions {
  std::string public_url;   // links start with it, e.g. "https://portal.example.com"
  std::string portal_name;  // shown in every email
};

// Renders emails and queues them in the outbox inside the caller's transaction (DESIGN §4), so a
// message exists exactly when the change that causes it commits.
class Mailer {
 public:
  Mailer(const EmailComposer& composer, MailerOptions options)
      : composer_(composer), options_(std::move(options)) {}

  // `recipient` (may be null) fills {{first}}, {{last}}; `to` fills {{email}}.
  Result<EmailContent> compose(EmailKind kind, const std::string& to, const User* recipient,
                               EmailValues values) const;
  Status queue(Transaction& tx, EmailKind kind, const std::string& to, const User* recipient,
               EmailValues values, TimePoint now) const;

  // An absolute link: the public URL, `path`, and `?token=` when a token is given.
  std::string link(std::string_view path, std::string_view token = {}) const;

  // Set once at start-up, before serving (the port may be known only then).
  void set_public_url(std::string url) { options_.public_url = std::move(url); }

  // Called after a transaction that queued mail commits, to wake the dispatcher early.
  void set_on_queued(std::function<void()> on_queued) { on_queued_ = std::move(on_queued); }
  void wake() const {
    if (on_queued_) on_queued_();
  }

 private:
  const EmailComposer& composer_;
  MailerOptions options_;
  std::function<void()> on_queued_;
};

}  // namespace atrium
