#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/mail/email.hpp"

// Email fakes for tests that run the domain without templates or SMTP.
namespace atrium::testing {

struct RecordedEmail {
  EmailKind kind = EmailKind::kTest;
  std::string to;      // the recipient (the Mailer's {{email}})
  EmailValues values;  // what the templates would get: links, names...

  // A value, or "" when the email has none of that name.
  std::string value(const std::string& name) const {
    const auto found = values.find(name);
    return found == values.end() ? std::string() : found->second;
  }
};

// The token of a one-time link ("...?token=<token>"), or "" when there is none.
inline std::string link_token(const std::string& link) {
  const auto at = link.find("token=");
  return at == std::string::npos ? std::string() : link.substr(at + 6);
}

// An EmailComposer that renders nothing: it records the kind, the recipient and the values (the
// one-time links among them) and composes a plain message of them ("key: value" lines), which
// the Mailer then queues in the outbox as usual. It records every composition, also those of a
// transaction that later rolled back: the outbox holds only what committed.
class RecordingEmailComposer final : public EmailComposer {
 public:
  Result<EmailContent> compose(EmailKind kind, const EmailValues& values) const override {
    RecordedEmail email{kind, {}, values};
    email.to = email.value("email");
    EmailContent content;
    content.subject = std::string(to_string(kind)) + " for " + email.to;
    for (const auto& [name, value] : values) content.text += name + ": " + value + "\n";
    std::lock_guard lock(mutex_);
    recorded_.push_back(std::move(email));
    return content;
  }

  // Every email composed so far, oldest first.
  std::vector<RecordedEmail> all() const {
    std::lock_guard lock(mutex_);
    return recorded_;
  }

  // The emails to `to`, oldest first (of one kind when given).
  std::vector<RecordedEmail> to(const std::string& recipient,
                                std::optional<EmailKind> kind = std::nullopt) const {
    std::vector<RecordedEmail> out;
    for (auto& email : all()) {
      if (email.to == recipient && (!kind || email.kind == *kind)) out.push_back(std::move(email));
    }
    return out;
  }

  // The latest email of `kind` to `to`.
  std::optional<RecordedEmail> last(const std::string& recipient, EmailKind kind) const {
    auto emails = to(recipient, kind);
    if (emails.empty()) return std::nullopt;
    return emails.back();
  }

  // The token of the latest {{link}} of `kind` sent to `to`; "" when there is none.
  std::string token(const std::string& recipient, EmailKind kind) const {
    const auto email = last(recipient, kind);
    return email ? link_token(email->value("link")) : std::string();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::vector<RecordedEmail> recorded_;
};

// An EmailSender that keeps what it is given instead of speaking SMTP; it can be told to fail.
class RecordingEmailSender final : public EmailSender {
 public:
  Status send(const SmtpSettings& /*smtp*/, const OutgoingEmail& email) override {
    std::lock_guard lock(mutex_);
    ++attempts_;
    if (failing_) return fail(unavailable("smtp.connect", "cannot connect to the relay"));
    sent_.push_back(email);
    return ok();
  }

  void set_failing(bool failing) {
    std::lock_guard lock(mutex_);
    failing_ = failing;
  }
  std::vector<OutgoingEmail> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  int attempts() const {
    std::lock_guard lock(mutex_);
    return attempts_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<OutgoingEmail> sent_;
  int attempts_ = 0;
  bool failing_ = false;
};

}  // namespace atrium::testing
