#include "domain/mail/mailer.hpp"

#include "core/encoding.hpp"
#include "domain/identity/user.hpp"
#include "domain/mail/outbox_message.hpp"
#include "domain/mail/outbox_repository.hpp"

namespace atrium {

Result<EmailContent> Mailer::compose(EmailKind kind, const std::string& to, const User* recipient,
                                     EmailValues values) const {
  values["portal_name"] = options_.portal_name;
  values["portal_url"] = options_.public_url;
  values["email"] = to;
  values["first"] = recipient ? recipient->first : "";
  values["last"] = recipient ? recipient->last : "";
  return composer_.compose(kind, values);
}

Status Mailer::queue(Transaction& tx, EmailKind kind, const std::string& to, const User* recipient,
                     EmailValues values, TimePoint now) const {
  ATRIUM_ASSIGN_OR_RETURN(auto content, compose(kind, to, recipient, std::move(values)));
  NewOutboxMessage message;
  message.kind = std::string(to_string(kind));
  message.recipient = to;
  message.subject = std::move(content.subject);
  message.text_body = std::move(content.text);
  message.html_body = std::move(content.html);
  ATRIUM_TRY(tx.get<OutboxRepository>().enqueue(message, now));
  return ok();
}

std::string Mailer::link(std::string_view path, std::string_view token) const {
  std::string out = options_.public_url;
  while (!out.empty() && out.back() == '/') out.pop_back();
  out += path;
  if (!token.empty()) {
    out += "?token=";
    out += token;  // base64url: safe in a query string as it is
  }
  return out;
}

}  // namespace atrium
