// The Admin Portal's invite codes (DESIGN §3 flow 3): created for a team with a quota, an expiry
// and an active flag; each has a registration link to share. Through InviteCodeService, as
// /portal-api/invite-codes.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/field_errors.hpp"
#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/admin/directory_options.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kCodesPath = "/admin/invite-codes";
constexpr long long kPerPage = 20;

struct Ctx {
  const AuthPages& pages;
  InviteCodePages s;
};

std::string code_path(InviteCodeId id) { return record_path(kCodesPath, id); }

// Why a code does or does not admit registrations now.
std::string status_text(const InviteCode& code, TimePoint now) {
  if (!code.active) return "Inactive";
  if (code.expires_at && now >= *code.expires_at) return "Expired";
  if (code.used >= code.quota) return "Used up";
  return "Active";
}

// "Acme › Red" for each team, from the choices.
std::map<TeamId, std::string> team_labels(const std::vector<TeamChoice>& choices) {
  std::map<TeamId, std::string> labels;
  for (const TeamChoice& c : choices) labels[c.id] = c.organisation + " › " + c.team;
  return labels;
}

nlohmann::json code_view(const Ctx& c, const InviteCode& code,
                         const std::map<TeamId, std::string>& teams, TimePoint now) {
  auto team = teams.find(code.team_id);
  nlohmann::json item = {
      {"id", code.id},
      {"code", code.code},
      {"href", code_path(code.id)},
      {"team", team != teams.end() ? team->second : "Team " + std::to_string(code.team_id)},
      {"used", code.used},
      {"quota", code.quota},
      {"active", code.active},
      {"status", status_text(code, now)},
      {"link", c.s.mailer.link("/auth/password/register") + "?InviteCode=" + code.code},
      {"toggle", code_path(code.id) + (code.active ? "/deactivate" : "/activate")},
      {"delete", code_path(code.id) + "/delete"}};
  if (code.expires_at) item["expires"] = time_view(*code.expires_at);
  return item;
}

// What the create form sends, or the field errors of what cannot be read.
Result<InviteCodeInput> code_input(const Form& form) {
  InviteCodeInput in;
  FieldErrors errors;
  long long team = 0;
  if (form_value(form, "TeamID").empty()) {
    errors.add("TeamID", "is required");
  } else if (!parse_numeric_id(form_value(form, "TeamID"), team)) {
    errors.add("TeamID", "is not a team");
  } else {
    in.team_id = team;
  }
  long long quota = 0;
  const std::string quota_text = form_value(form, "Quota");
  if (quota_text.empty()) {
    errors.add("Quota", "is required");
  } else if (!parse_numeric_id(quota_text, quota)) {
    errors.add("Quota", "must be a whole number of 1 or more");
  } else {
    in.quota = quota;
  }
  const std::string expires = form_value(form, "Expires");
  if (!expires.empty()) {
    auto at = expires.size() == 10 ? parse_rfc3339(expires + "T00:00:00Z") : std::nullopt;
    if (at) {
      in.expires.emplace(*at);
    } else {
      errors.add("Expires", "must be a date such as 2027-01-31");
    }
  }
  in.active = form_value(form, "Active") == "on";
  ATRIUM_TRY(errors.finish("invite_code.invalid"));
  return in;
}

// The list with the create form; `form` and `error` refill it after a refusal.
http::Response codes_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                          int status, const Form* form, const Error* error) {
  const Actor actor = actor_of(session, request);
  const long long page = page_number(request);
  auto list = c.s.codes.list(actor, PageRequest{page, kPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  const std::vector<TeamChoice> choices = team_choices(c.s.organisations, actor);
  const auto teams = team_labels(choices);
  const TimePoint now = c.s.clock.now();
  nlohmann::json view = admin_view(c.pages, session, "Invite codes", "invite_codes");
  nlohmann::json items = nlohmann::json::array();
  for (const InviteCode& code : list->items) items.push_back(code_view(c, code, teams, now));
  view["has_codes"] = !items.empty();
  view["codes"] = std::move(items);
  view["total"] = list->total;
  add_pager(view, std::string(kCodesPath) + "?", page, kPerPage, list->total);
  view["team_groups"] = team_options(choices, form ? form_value(*form, "TeamID") : "");
  view["Quota_value"] = form ? form_value(*form, "Quota") : "1";
  view["Expires_value"] = form ? form_value(*form, "Expires") : "";
  view["active_checked"] = form ? form_value(*form, "Active") == "on" : true;
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_invite_codes", view));
}

http::Response list_codes(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return codes_page(c, request, session, 200, nullptr, nullptr);
}

http::Response create_code(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto input = code_input(form);
  auto created = input ? c.s.codes.create(actor_of(session, request), *input)
                       : Result<InviteCode>(fail(input.error()));
  if (!created) {
    return form_refused(c.pages, request, session, created.error(), [&](int status, auto* e) {
      return codes_page(c, request, session, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, code_path(created->id),
                             "Invite code created. Share its registration link.");
}

http::Response show_code(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto code = c.s.codes.get(actor, path_ref(request));
  if (!code) return error_page(c.pages, request, code.error(), &session);
  const auto teams = team_labels(team_choices(c.s.organisations, actor));
  nlohmann::json view = admin_view(c.pages, session, "Invite code " + code->code.substr(0, 8) + "…",
                                   "invite_codes", {{"Invite codes", std::string(kCodesPath)}});
  view["item"] = code_view(c, *code, teams, c.s.clock.now());
  return html_page(200, c.pages.renderer.render("admin_invite_code", view));
}

// Activates or deactivates the code, then back to its page.
http::Response set_active(const Ctx& c, http::Request& request, const ActiveSession& session,
                          bool active) {
  InviteCodeInput in;
  in.active = active;
  auto updated = c.s.codes.update(actor_of(session, request), path_ref(request), in);
  if (!updated) return error_page(c.pages, request, updated.error(), &session);
  return redirect_with_flash(c.pages, session, code_path(updated->id),
                             active ? "The code admits registrations again."
                                    : "The code is inactive: it admits no registrations.");
}

http::Response activate(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return set_active(c, request, session, true);
}
http::Response deactivate(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return set_active(c, request, session, false);
}

http::Response confirm_delete(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto code = c.s.codes.get(actor_of(session, request), path_ref(request));
  if (!code) return error_page(c.pages, request, code.error(), &session);
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the invite code?",
                  "Its link stops working; the " + std::to_string(code->used) +
                      " user(s) who registered with it stay. This cannot be "
                      "undone.",
                  code_path(code->id) + "/delete", "Delete invite code", code_path(code->id)},
      "invite_codes",
      {{"Invite codes", std::string(kCodesPath)},
       {"Invite code " + code->code.substr(0, 8) + "…", code_path(code->id)}});
}

http::Response delete_code(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Status removed = c.s.codes.remove(actor_of(session, request), path_ref(request));
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kCodesPath), "Invite code deleted.");
}

}  // namespace

void add_invite_code_pages(http::Router& router, const AuthPages& pages,
                           const InviteCodePages& services) {
  const Ctx c{pages, services};
  const std::string list(kCodesPath);
  const std::string code = list + "/{id}";
  add_owner_page(router, c, "GET", list, list_codes);
  add_owner_page(router, c, "POST", list, create_code);
  add_owner_page(router, c, "GET", code, show_code);
  add_owner_page(router, c, "POST", code + "/activate", activate);
  add_owner_page(router, c, "POST", code + "/deactivate", deactivate);
  add_owner_page(router, c, "GET", code + "/delete", confirm_delete);
  add_owner_page(router, c, "POST", code + "/delete", delete_code);
}

}  // namespace atrium::web
