#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/mail/email.hpp"

namespace atrium::mail {

// Every kind, each with its templates (templates/email/<kind>.{subject,txt,html}.mustache).
inline constexpr EmailKind kEmailKinds[] = {
    EmailKind::kInvitation,           EmailKind::kRegistrationConfirm,
    EmailKind::kAlreadyRegistered,    EmailKind::kAwaitingApproval,
    EmailKind::kRegistrationApproved, EmailKind::kRegistrationRejected,
    EmailKind::kAccountActivated,     EmailKind::kAccountDeactivated,
    EmailKind::kPasswordReset,        EmailKind::kTest,
    EmailKind::kAccessRequested,      EmailKind::kAccessApproved,
    EmailKind::kAccessRejected,
};

namespace detail {
struct ComposerState;
}  // namespace detail

// Renders emails from mustache templates (templates/email/, compiled into the binary; see
// docs/email.md). Each EmailKind has `<kind>.subject`, `<kind>.txt` and `<kind>.html` templates,
// and `layout.html` wraps every HTML part around its {{{content}}}.
//
// A theme folder may override any of them file by file: `<theme>/email/<name>.mustache` wins.
// Every template is read and checked once, in the constructor, which throws std::runtime_error
// naming the file for: a theme folder that is missing, an unknown file name in `<theme>/email/`,
// invalid UTF-8, a mustache parse error, a partial ({{> x}}), a delimiter change, an unescaped
// variable in an HTML template (other than the layout's {{{content}}}), or a layout without
// {{{content}}}.
//
// Subject and text render without escaping (they are not HTML); the subject is then made one
// line (line breaks and runs of spaces become one space). The HTML part escapes every value.
// Immutable after construction; compose() is thread-safe (templates are parsed per call, because
// kainjow templates must not be shared between threads). Copies share the state.
class TemplateEmailComposer final : public EmailComposer {
 public:
  explicit TemplateEmailComposer(std::optional<std::filesystem::path> theme_dir = {});

  // kInvalidArgument "email.values_missing" when a value the kind needs is absent (portal_name,
  // portal_url, and the kind's links and user_email): a programming error worth failing loudly,
  // as an email without its link is useless.
  Result<EmailContent> compose(EmailKind kind, const EmailValues& values) const override;

  // Template names ("invitation.txt") that came from the theme, sorted, for the start-up log.
  std::vector<std::string> overridden() const;

 private:
  std::shared_ptr<const detail::ComposerState> state_;
};

}  // namespace atrium::mail
