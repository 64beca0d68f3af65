// The Admin Portal's audit log: who changed what, newest first, filtered by actor (an email
// address), action, target and a time range, paged. Through AuditLogService, as
// /portal-api/audit-events; the actor's address is looked up through UserService.
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/field_errors.hpp"
#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kAuditPath = "/admin/audit";
constexpr long long kPerPage = 50;
constexpr std::size_t kMaxFilterText = 100;

struct Ctx {
  const AuthPages& pages;
  AuditLogService& audit;
};

// The summary's names of the filters (their labels).
constexpr auto kLabels = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"actor", "Who"},
    {"action", "Action"},
    {"target_type", "Target kind"},
    {"target_id", "Target ID"},
    {"from", "From"},
    {"until", "Until"},
});

// The query's filters as typed (for the form and the pager's links).
struct AuditQuery {
  std::string actor, action, target_type, target_id, from, until;
};

AuditQuery audit_query(const http::Request& request) {
  auto text = [&](std::string_view name) {
    return std::string(request.query_param(name).value_or(""));
  };
  return {text("actor"),     text("action"), text("target_type"),
          text("target_id"), text("from"),   text("until")};
}

// A YYYY-MM-DD day's start (UTC), `days_after` days later.
std::optional<TimePoint> day_start(const std::string& date, int days_after) {
  if (date.size() != 10) return std::nullopt;
  auto at = parse_rfc3339(date + "T00:00:00Z");
  if (!at) return std::nullopt;
  return *at + std::chrono::hours(24 * days_after);
}

// The filter the query asks for, or the field errors of what cannot be read: an actor is a user
// id (the one each row records) or an address some user has now (an unknown one is refused,
// rather than silently matching nothing);
// `from` and `until` are days, both included.
Result<AuditFilter> audit_filter(const Ctx& c, const Actor& actor, const AuditQuery& q) {
  AuditFilter filter;
  FieldErrors errors;
  auto text = [&](const std::string& value, std::string_view field) -> std::optional<std::string> {
    if (value.empty()) return std::nullopt;
    if (value.size() > kMaxFilterText) {
      errors.add(std::string(field), "must be at most 100 characters");
      return std::nullopt;
    }
    return value;
  };
  filter.action = text(q.action, "action");
  filter.target_type = text(q.target_type, "target_type");
  filter.target_id = text(q.target_id, "target_id");
  long long actor_id = 0;
  if (parse_numeric_id(q.actor, actor_id)) {
    filter.actor_id = actor_id;  // as recorded in each row: a deleted user's events too
  } else if (auto email = text(q.actor, "actor")) {
    UserFilter by_email;
    by_email.email = *email;
    auto found = c.pages.users.list(actor, by_email, PageRequest{1, 1});
    if (!found) return fail(found.error());
    if (found->items.empty()) {
      errors.add("actor", "no user has this email address");
    } else {
      filter.actor_id = found->items.front().id;
    }
  }
  auto day = [&](const std::string& value, std::string_view field, int days_after) {
    auto at = value.empty() ? std::nullopt : day_start(value, days_after);
    if (!value.empty() && !at) errors.add(std::string(field), "must be a date such as 2026-12-31");
    return at;
  };
  filter.from = day(q.from, "from", 0);
  filter.until = day(q.until, "until", 1);  // the next day's start: `until` is included
  ATRIUM_TRY(errors.finish("audit.filter_invalid"));
  return filter;
}

// The Admin Portal's page of a target, where it has one ("" otherwise, or for a bad id).
std::string target_href(const AuditEvent& e) {
  long long id = 0;
  if (!parse_numeric_id(e.target_id, id)) return {};
  const std::string ref = std::to_string(id);
  if (e.target_type == "user") return "/admin/users/" + ref;
  if (e.target_type == "organisation") return "/admin/organisations/" + ref;
  if (e.target_type == "invite_code") return "/admin/invite-codes/" + ref;
  if (e.target_type == "catalogue") return "/admin/catalogues/" + ref;
  if (e.target_type == "app") return "/admin/apps/" + ref;
  return {};
}

// The changed fields as [{field, value}] ("Name: Acme"); text that is not a JSON object (edited
// by hand) as it is.
nlohmann::json changes_view(const std::string& changes) {
  nlohmann::json out = nlohmann::json::array();
  const nlohmann::json parsed = nlohmann::json::parse(changes, nullptr, false);
  if (!parsed.is_object()) {
    out.push_back({{"field", "Changes"}, {"value", changes}});
    return out;
  }
  for (const auto& [field, value] : parsed.items()) {
    out.push_back(
        {{"field", field}, {"value", value.is_string() ? value.get<std::string>() : value.dump()}});
  }
  return out;
}

nlohmann::json event_view(const AuditEvent& e) {
  const auto role = parse_role(e.actor_role);
  return {{"when", time_view(e.occurred_at)},
          {"actor", e.actor_email.empty() ? "The system" : e.actor_email},
          {"role", role ? std::string(role_label(*role)) : e.actor_role},
          {"actor_id", e.actor_id ? nlohmann::json(*e.actor_id) : nlohmann::json(false)},
          {"action", e.action},
          {"target", e.target_type + " " + e.target_id},
          {"target_href", target_href(e)},
          {"from", e.source_address},
          {"has_changes", e.changes != "{}" && !e.changes.empty()},
          {"changes", changes_view(e.changes)}};
}

// The pager's base: the filters as given, then "page=".
std::string pager_base(const AuditQuery& q) {
  std::string base = std::string(kAuditPath) + "?";
  for (const auto& [name, value] :
       {std::pair{"actor", &q.actor}, std::pair{"action", &q.action},
        std::pair{"target_type", &q.target_type}, std::pair{"target_id", &q.target_id},
        std::pair{"from", &q.from}, std::pair{"until", &q.until}}) {
    if (!value->empty()) base += std::string(name) + "=" + http::percent_encode(*value) + "&";
  }
  return base;
}

http::Response audit_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  const AuditQuery q = audit_query(request);
  nlohmann::json view = admin_view(c.pages, session, "Audit log", "audit");
  auto filter = audit_filter(c, actor, q);
  if (!filter && filter.error().code != ErrorCode::kInvalidArgument) {
    return error_page(c.pages, request, filter.error(), &session);
  }
  const int status = filter_status(view, filter, kLabels);
  const long long page = page_number(request);
  auto list = c.audit.list(actor, filter ? *filter : AuditFilter{}, PageRequest{page, kPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json items = nlohmann::json::array();
  for (const AuditEvent& e : list->items) items.push_back(event_view(e));
  view["has_events"] = !items.empty();
  view["events"] = std::move(items);
  view["total"] = list->total;
  view["q"] = {{"actor", q.actor},         {"action", q.action}, {"target_type", q.target_type},
               {"target_id", q.target_id}, {"from", q.from},     {"until", q.until}};
  view["filtered"] = filter && pager_base(q) != std::string(kAuditPath) + "?";
  add_pager(view, filter ? pager_base(q) : std::string(kAuditPath) + "?", page, kPerPage,
            list->total);
  return html_page(status, c.pages.renderer.render("admin_audit", view));
}

}  // namespace

void add_audit_pages(http::Router& router, const AuthPages& pages, AuditLogService& audit) {
  const Ctx c{pages, audit};
  add_owner_page(router, c, "GET", std::string(kAuditPath), audit_page);
}

}  // namespace atrium::web
