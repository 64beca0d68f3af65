// The Admin Portal's outbox (DESIGN §4): every email with its status, attempts and last error;
// while no mail relay is configured, a queued message's text and links, so that an owner can
// pass it on by hand. Through OutboxService, as /portal-api/outbox. The links carry one-time
// tokens: they are shown to API Owners here, and never logged.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/field_errors.hpp"
#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kOutboxPath = "/admin/outbox";
constexpr long long kPerPage = 20;
constexpr std::size_t kMaxRecipientFilter = 254;

struct Ctx {
  const AuthPages& pages;
  OutboxService& outbox;
};

// The summary's names of the filters (their labels).
constexpr auto kLabels = std::to_array<std::pair<std::string_view, std::string_view>>(
    {{"status", "Status"}, {"to", "Recipient"}});

bool relay_ready(const Ctx& c) { return c.pages.mail_relay_ready && c.pages.mail_relay_ready(); }

std::string status_label(OutboxStatus status) {
  switch (status) {
    case OutboxStatus::kQueued:
      return "Queued";
    case OutboxStatus::kSent:
      return "Sent";
    case OutboxStatus::kFailed:
      return "Failed, will retry";
    case OutboxStatus::kAbandoned:
      return "Abandoned";
  }
  return "Unknown";
}

// Every http:// or https:// link in `text` with a path (not the portal's home), in order, each
// once.
std::vector<std::string> links_in(std::string_view text) {
  std::vector<std::string> links;
  std::size_t at = 0;
  while ((at = text.find("http", at)) != std::string_view::npos) {
    const std::string_view rest = text.substr(at);
    if (!rest.starts_with("http://") && !rest.starts_with("https://")) {
      at += 4;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && static_cast<unsigned char>(text[end]) > 0x20 && text[end] != '>' &&
           text[end] != '"' && text[end] != ')') {
      ++end;
    }
    std::string link(text.substr(at, end - at));
    // A sentence's closing punctuation is not part of the link.
    while (!link.empty() &&
           std::string_view(".,;:!?").find(link.back()) != std::string_view::npos) {
      link.pop_back();
    }
    // The portal's own address (in every email's greeting) is not a link to pass on.
    const std::size_t path = link.find('/', link.find("://") + 3);
    const bool home = path == std::string::npos || path + 1 == link.size();
    if (!home && std::find(links.begin(), links.end(), link) == links.end()) links.push_back(link);
    at = end;
  }
  return links;
}

// "password_reset" → "Password reset".
std::string kind_label(std::string kind) {
  std::replace(kind.begin(), kind.end(), '_', ' ');
  if (!kind.empty() && kind[0] >= 'a' && kind[0] <= 'z') kind[0] = static_cast<char>(kind[0] - 32);
  return kind;
}

nlohmann::json message_view(const OutboxMessage& m) {
  nlohmann::json item = {{"id", m.id},
                         {"href", record_path(kOutboxPath, m.id)},
                         {"to", m.recipient},
                         {"subject", m.subject},
                         {"kind", kind_label(m.kind)},
                         {"status", status_label(m.status)},
                         {"attempts", m.attempts},
                         {"last_error", m.last_error},
                         {"created", time_view(m.created_at)}};
  if (m.sent_at) item["sent"] = time_view(*m.sent_at);
  if (m.status == OutboxStatus::kQueued || m.status == OutboxStatus::kFailed) {
    item["next_attempt"] = time_view(m.next_attempt_at);
  }
  return item;
}

// The list's filters from the query, or the field errors of bad ones.
Result<OutboxFilter> outbox_filter(const http::Request& request) {
  OutboxFilter filter;
  FieldErrors errors;
  if (auto status = request.query_param("status"); status && !status->empty()) {
    filter.status = parse_outbox_status(*status);
    if (!filter.status) errors.add("status", "must be queued, sent, failed or abandoned");
  }
  if (auto to = request.query_param("to"); to && !to->empty()) {
    if (to->size() > kMaxRecipientFilter) {
      errors.add("to", "must be at most 254 characters");
    } else {
      filter.recipient = std::string(*to);
    }
  }
  ATRIUM_TRY(errors.finish("outbox.filter_invalid"));
  return filter;
}

http::Response list_messages(const Ctx& c, http::Request& request, const ActiveSession& session) {
  nlohmann::json view = admin_view(c.pages, session, "Outbox", "outbox");
  auto filter = outbox_filter(request);
  const int status = filter_status(view, filter, kLabels);
  const OutboxFilter used = filter ? *filter : OutboxFilter{};
  const long long page = page_number(request);
  auto list = c.outbox.list(actor_of(session, request), used, PageRequest{page, kPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json items = nlohmann::json::array();
  for (const OutboxMessage& m : list->items) items.push_back(message_view(m));
  view["has_messages"] = !items.empty();
  view["messages"] = std::move(items);
  view["total"] = list->total;
  view["relay_ready"] = relay_ready(c);
  const std::string chosen = used.status ? std::string(to_string(*used.status)) : "";
  nlohmann::json statuses =
      nlohmann::json::array({{{"value", ""}, {"label", "Any"}, {"selected", chosen.empty()}}});
  for (OutboxStatus s : {OutboxStatus::kQueued, OutboxStatus::kFailed, OutboxStatus::kSent,
                         OutboxStatus::kAbandoned}) {
    const std::string value(to_string(s));
    statuses.push_back(
        {{"value", value}, {"label", status_label(s)}, {"selected", value == chosen}});
  }
  view["statuses"] = std::move(statuses);
  view["to"] = used.recipient.value_or("");
  std::string base = std::string(kOutboxPath) + "?";
  if (used.status) base += "status=" + chosen + "&";
  if (used.recipient) base += "to=" + http::percent_encode(*used.recipient) + "&";
  add_pager(view, base, page, kPerPage, list->total);
  return html_page(status, c.pages.renderer.render("admin_outbox", view));
}

// One message; its text and links only while no relay is configured and it still has them
// (bodies are erased once a message is sent or abandoned).
http::Response show_message(const Ctx& c, http::Request& request, const ActiveSession& session) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) {
    return message_page(c.pages, 404, "Not found", "There is no such message.", &session);
  }
  auto found = c.outbox.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, found->subject, "outbox",
                                   {{"Outbox", std::string(kOutboxPath)}});
  view["m"] = message_view(*found);
  view["recipient"] = found->recipient;
  const bool relay = relay_ready(c);
  view["relay_ready"] = relay;
  if (!relay && !found->text_body.empty()) {
    nlohmann::json links = nlohmann::json::array();
    int n = 0;
    for (const std::string& link : links_in(found->text_body)) {
      ++n;
      links.push_back({{"id", "link-" + std::to_string(n)}, {"n", n}, {"href", link}});
    }
    view["body"] = found->text_body;
    view["has_links"] = !links.empty();
    view["links"] = std::move(links);
  }
  return html_page(200, c.pages.renderer.render("admin_outbox_message", view));
}

}  // namespace

void add_outbox_pages(http::Router& router, const AuthPages& pages, OutboxService& outbox) {
  const Ctx c{pages, outbox};
  const std::string path(kOutboxPath);
  add_owner_page(router, c, "GET", path, list_messages);
  add_owner_page(router, c, "GET", path + "/{id}", show_message);
}

}  // namespace atrium::web
