#include "web/live/invitation_pages.hpp"

#include "core/time_format.hpp"
#include "domain/directory/names.hpp"
#include "http/dispatcher.hpp"
#include "http/error_mapping.hpp"
#include "http/json_body.hpp"
#include "web/common/flow_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

using std::string_view;

struct Ctx {
  const AuthPages& pages;
  InvitationService& invitations;
  UserService& users;
};

constexpr string_view kInvitePage = "/portal/private/users/invite";

// A JSON client (the body is JSON), answered in JSON.
bool sent_json(const http::Request& request) {
  return http::is_json_media_type(request.header("content-type").value_or(""));
}

nlohmann::json invitation_item(const InvitationView& v) {
  return {{"id", v.invitation.id},
          {"email", v.user.email},
          {"name", full_name(v.user)},
          {"expires", time_view(v.invitation.expires_at)}};
}

http::Response invite_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                           int status, const Form& form, const Error* error) {
  const Actor actor = actor_of(session, request);
  if (session.user.role != Role::kConsumerAdmin) {
    return message_page(c.pages, 404, "Not found", "There is no such page.", &session);
  }
  auto me = c.users.get(actor, std::to_string(session.user.id));
  if (!me) return unexpected(c.pages, request, me.error());
  auto pending = c.invitations.list_invitations(actor, PageRequest{1, kMaxPerPage});
  if (!pending) return unexpected(c.pages, request, pending.error());
  nlohmann::json view = base_view(c.pages, "Invite a user", &session);
  nlohmann::json teams = nlohmann::json::array();
  for (const auto& t : me->teams) teams.push_back({{"id", t.id}, {"name", t.name}});
  view["teams"] = teams;
  nlohmann::json invitations = nlohmann::json::array();
  for (const auto& v : pending->items) invitations.push_back(invitation_item(v));
  view["has_invitations"] = !invitations.empty();
  view["current"] = {{"invite", true}};
  view["invitations"] = invitations;
  view["form"] = {{"Email", form_value(form, "Email")},
                  {"First", form_value(form, "First")},
                  {"Last", form_value(form, "Last")}};
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("invite", view));
}

Result<InviteInput> invite_from_json(const http::Request& request) {
  ATRIUM_ASSIGN_OR_RETURN(auto body, http::parse_json_object(request));
  http::ObjectReader reader(body);
  InviteInput in;
  in.email = reader.optional_string("Email");
  in.first = reader.optional_string("First");
  in.last = reader.optional_string("Last");
  in.role = reader.optional_string("Role");
  if (const auto* teams = reader.optional_raw("Teams")) {
    if (teams->is_array()) {
      for (const auto& t : *teams) {
        if (t.is_number_integer()) in.teams.push_back(t.get<long long>());
      }
    }
    if (!teams->is_array() || in.teams.size() != teams->size()) {
      reader.add_field_error("Teams", "must be an array of team IDs");
    }
  }
  ATRIUM_TRY(reader.finish());
  return in;
}

InviteInput invite_from_form(const Form& form) {
  InviteInput in;
  in.email = form_value(form, "Email");
  in.first = form_value(form, "First");
  in.last = form_value(form, "Last");
  in.role = form_value(form, "Role");
  if (in.role->empty()) in.role.reset();
  for (const auto& [name, value] : form) {
    if (name != "Teams") continue;
    long long id = 0;
    if (parse_numeric_id(value, id)) in.teams.push_back(id);
  }
  return in;
}

http::Response submit_invite(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  if (sent_json(request)) {
    auto input = invite_from_json(request);
    if (!input) return http::failure(request, input.error());
    auto invited = c.invitations.invite(actor, *input);
    if (!invited) return http::failure(request, invited.error());
    return http::Response::json(201,
                                {{"InvitationID", invited->invitation.id},
                                 {"UserID", invited->user.id},
                                 {"Email", invited->user.email},
                                 {"Active", invited->user.active},
                                 {"ExpiresAt", format_rfc3339(invited->invitation.expires_at)}});
  }
  const Form form = http::parse_query(request.body);
  auto invited = c.invitations.invite(actor, invite_from_form(form));
  if (!invited) {
    const Error& e = invited.error();
    if (e.code == ErrorCode::kRateLimited) return rate_limited(c.pages, e);
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kForbidden ||
        e.code == ErrorCode::kConflict) {
      Error shown = e;
      if (shown.id == "invitation.team_forbidden") shown.fields = {{"Teams", e.message}};
      if (shown.id == "user.email_taken") shown.fields = {{"Email", e.message}};
      return invite_page(c, request, session, http::http_status(e.code), form, &shown);
    }
    return unexpected(c.pages, request, e);
  }
  return redirect_with_flash(
      c.pages, session, std::string(kInvitePage),
      "Invitation created. " + email_note(c.pages, session, invited->user.email));
}

// The JSON twin of an invite needs no CSRF form token: a cross-site page cannot send
// application/json without a CORS preflight, and the session cookie is SameSite.
http::Handler invite_handler(const Ctx& c) {
  auto form_route = signed_in(c.pages, [c](http::Request& request, const ActiveSession& session) {
    return submit_invite(c, request, session);
  });
  return [c, form_route](http::Request& request) {
    if (!sent_json(request)) return form_route(request);
    const auto token = http::cookie_value(request, c.pages.cookie.name);
    auto session = token ? c.pages.sessions.resolve(*token)
                         : Result<ActiveSession>(fail(unauthenticated("sign in first")));
    if (!session) return http::failure(request, session.error());
    return submit_invite(c, request, *session);
  };
}

http::Response invitation_action(const Ctx& c, http::Request& request, const ActiveSession& session,
                                 bool resend) {
  long long id = 0;
  if (!parse_numeric_id(request.param("id"), id)) {
    return message_page(c.pages, 404, "Not found", "There is no such invitation.", &session);
  }
  const Actor actor = actor_of(session, request);
  if (!resend) {
    const Status revoked = c.invitations.revoke_invitation(actor, id);
    if (!revoked) return error_page(c.pages, request, revoked.error(), &session);
    return redirect_with_flash(c.pages, session, std::string(kInvitePage),
                               "Invitation revoked; its link no longer works.");
  }
  auto resent = c.invitations.resend_invitation(actor, id);
  if (!resent) return error_page(c.pages, request, resent.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kInvitePage),
                             "Invitation renewed; the old link no longer works. " +
                                 email_note(c.pages, session, resent->user.email));
}

// GET …/revoke: the confirmation step before a revocation (the form posts to the same path).
http::Response confirm_revoke(const Ctx& c, http::Request& request, const ActiveSession& session) {
  long long id = 0;
  const Actor actor = actor_of(session, request);
  auto pending = c.invitations.list_invitations(actor, PageRequest{1, kMaxPerPage});
  if (!pending) return error_page(c.pages, request, pending.error(), &session);
  if (parse_numeric_id(request.param("id"), id)) {
    for (const auto& v : pending->items) {
      if (v.invitation.id != id) continue;
      return confirm_page(
          c.pages, session,
          ConfirmStep{"Revoke the invitation?",
                      "The invitation of " + v.user.email +
                          " will stop working and the invited user is removed.",
                      "/portal/private/users/invitations/" + std::to_string(id) + "/revoke",
                      "Revoke invitation", std::string(kInvitePage)});
    }
  }
  return message_page(c.pages, 404, "Not found", "There is no such invitation.", &session);
}

}  // namespace

void add_invitation_pages(http::Router& router, const AuthPages& pages,
                          InvitationService& invitations, UserService& users) {
  const Ctx c{pages, invitations, users};
  router.add("GET", std::string(kInvitePage),
             signed_in(pages, [c](http::Request& request, const ActiveSession& session) {
               return invite_page(c, request, session, 200, {}, nullptr);
             }));
  router.add("POST", std::string(kInvitePage), invite_handler(c));
  router.add("GET", "/portal/private/users/invitations/{id}/revoke",
             signed_in(pages, [c](http::Request& request, const ActiveSession& session) {
               return confirm_revoke(c, request, session);
             }));
  for (const bool resend : {true, false}) {
    router.add("POST",
               resend ? "/portal/private/users/invitations/{id}/resend"
                      : "/portal/private/users/invitations/{id}/revoke",
               signed_in(pages, [c, resend](http::Request& request, const ActiveSession& session) {
                 return invitation_action(c, request, session, resend);
               }));
  }
}

}  // namespace atrium::web
