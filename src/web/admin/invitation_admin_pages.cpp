// The Admin Portal's pending invitations (DESIGN §3 flows 1 and 2): users an owner created
// without a password and consumer-admins' invitees, who have not set their password yet; resend
// (a new link, the old one void) and revoke (the invited user is removed) after a confirmation
// step. Through InvitationService, as /portal-api/invitations.
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/directory/names.hpp"
#include "domain/paging.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/admin/directory_options.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kInvitationsPath = "/admin/invitations";
constexpr long long kPerPage = 20;
constexpr std::size_t kMaxSearchLength = 100;

struct Ctx {
  const AuthPages& pages;
  InvitationPages s;
};

// The summary's names of the filters (their labels).
constexpr auto kLabels = std::to_array<std::pair<std::string_view, std::string_view>>(
    {{"search", "Name or email starts with"}});

// The `search` filter ("" for none), or its field error (at most 100 characters, as for users).
Result<std::string> invitation_search(const http::Request& request) {
  std::string search(request.query_param("search").value_or(""));
  if (search.size() > kMaxSearchLength) {
    return fail(invalid_argument("invitations.filter_invalid", "bad filter",
                                 {{"search", "must be at most 100 characters"}}));
  }
  return search;
}

std::string invitation_path(InvitationId id) { return record_path(kInvitationsPath, id); }

// The names of the invitees' organisations by id: the first 100 (as the filter offers them), and
// any other one looked up.
std::map<OrganisationId, std::string> organisation_names(const Ctx& c, const Actor& actor,
                                                         const std::vector<InvitationView>& items) {
  std::map<OrganisationId, std::string> names;
  auto orgs = c.s.organisations.list(actor, {1, kMaxPerPage});
  if (orgs) {
    for (const Organisation& o : orgs->items) names[o.id] = o.name;
  }
  for (const InvitationView& v : items) {
    const auto id = v.user.organisation_id;
    if (!id || names.contains(*id)) continue;
    auto found = c.s.organisations.get(actor, std::to_string(*id));
    if (found) names[*id] = found->organisation.name;
  }
  return names;
}

nlohmann::json invitation_view(const InvitationView& v,
                               const std::map<OrganisationId, std::string>& orgs, TimePoint now) {
  const auto org = v.user.organisation_id ? orgs.find(*v.user.organisation_id) : orgs.end();
  const std::string base = invitation_path(v.invitation.id);
  return {{"id", v.invitation.id},
          {"email", v.user.email},
          {"name", full_name(v.user)},
          {"user_href", "/admin/users/" + std::to_string(v.user.id)},
          {"organisation", org != orgs.end() ? org->second : std::string("None")},
          {"role", role_label(v.user.role)},
          {"sent", time_view(v.invitation.sent_at)},
          {"expires", time_view(v.invitation.expires_at)},
          {"status", now >= v.invitation.expires_at ? "Link expired" : "Invited"},
          {"resend", base + "/resend"},
          {"revoke", base + "/revoke"}};
}

http::Response list_invitations(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  const long long page = page_number(request);
  nlohmann::json view = admin_view(c.pages, session, "Invitations", "invitations");
  // An organisation that is not a number is no filter (the select only offers numbers).
  long long org = 0;
  const std::string org_text(request.query_param("organisation").value_or(""));
  const bool by_org = parse_numeric_id(org_text, org);
  auto search = invitation_search(request);
  const int status = filter_status(view, search, kLabels);
  const std::string searched = search ? *search : std::string();
  auto list = c.s.invitations.list_invitations(
      actor, PageRequest{page, kPerPage},
      by_org ? std::optional<OrganisationId>(org) : std::nullopt,
      searched.empty() ? std::nullopt : std::optional<std::string>(searched));
  if (!list) return error_page(c.pages, request, list.error(), &session);
  const bool filtered = by_org || !searched.empty();
  const auto orgs = organisation_names(c, actor, list->items);
  const TimePoint now = c.s.clock.now();
  nlohmann::json items = nlohmann::json::array();
  for (const InvitationView& v : list->items) items.push_back(invitation_view(v, orgs, now));
  view["has_invitations"] = !items.empty();
  view["invitations"] = std::move(items);
  view["total"] = list->total;
  view["filtered"] = filtered;
  view["searched"] = !searched.empty();
  view["search"] = search ? searched : std::string(request.query_param("search").value_or(""));
  view["organisations"] =
      organisation_options(c.s.organisations, actor, by_org ? std::to_string(org) : "");
  std::string base = std::string(kInvitationsPath) + "?";
  if (by_org) base += "organisation=" + std::to_string(org) + "&";
  if (!searched.empty()) base += "search=" + http::percent_encode(searched) + "&";
  add_pager(view, base, page, kPerPage, list->total);
  return html_page(status, c.pages.renderer.render("admin_invitations", view));
}

http::Response resend(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto resent = c.s.invitations.resend_invitation(actor_of(session, request), path_number(request));
  if (!resent) return error_page(c.pages, request, resent.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kInvitationsPath),
                             "A new invitation link was made for " + resent->user.email +
                                 "; the old one no longer works. " +
                                 email_note(c.pages, session, resent->user.email));
}

http::Response confirm_revoke(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto found = c.s.invitations.get_invitation(actor_of(session, request), path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  return admin_confirm_page(c.pages, session,
                            ConfirmStep{"Revoke the invitation of " + found->user.email + "?",
                                        "Its link stops working and the invited user, who never "
                                        "signed in, is deleted. This cannot be undone.",
                                        invitation_path(found->invitation.id) + "/revoke",
                                        "Revoke invitation", std::string(kInvitationsPath)},
                            "invitations", {{"Invitations", std::string(kInvitationsPath)}});
}

http::Response revoke(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto found = c.s.invitations.get_invitation(actor, path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Status revoked = c.s.invitations.revoke_invitation(actor, found->invitation.id);
  if (!revoked) return error_page(c.pages, request, revoked.error(), &session);
  return redirect_with_flash(
      c.pages, session, std::string(kInvitationsPath),
      "Invitation of " + found->user.email + " revoked; its link no longer works.");
}

}  // namespace

void add_invitation_admin_pages(http::Router& router, const AuthPages& pages,
                                const InvitationPages& services) {
  const Ctx c{pages, services};
  const std::string list(kInvitationsPath);
  add_owner_page(router, c, "GET", list, list_invitations);
  add_owner_page(router, c, "POST", list + "/{id}/resend", resend);
  add_owner_page(router, c, "GET", list + "/{id}/revoke", confirm_revoke);
  add_owner_page(router, c, "POST", list + "/{id}/revoke", revoke);
}

}  // namespace atrium::web
