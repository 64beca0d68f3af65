#include "web/live/member_removal_page.hpp"

#include <string>

#include "http/dispatcher.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kUsersPath = "/portal/private/users";

http::Response confirm(const AuthPages& pages, http::Request& request,
                       const ActiveSession& session) {
  auto found = pages.users.get(actor_of(session, request), request.param("id"));
  if (!found) return error_page(pages, request, found.error(), &session);
  const std::string here = std::string(kUsersPath) + "/" + std::to_string(found->user.id);
  return confirm_page(pages, session,
                      {"Remove " + full_name(found->user) + " from the organisation?",
                       "They move to the Default Organisation and lose their teams here. Their "
                       "apps pass to you, with their access requests and keys.",
                       here + "/remove", "Remove from organisation", here});
}

http::Response remove(const AuthPages& pages, OrganisationRemoval& removal, http::Request& request,
                      const ActiveSession& session) {
  auto removed = removal.remove(actor_of(session, request), request.param("id"));
  if (!removed) return error_page(pages, request, removed.error(), &session);
  const long long apps = removed->apps_taken_over;
  return redirect_with_flash(
      pages, session, std::string(kUsersPath),
      full_name(removed->user) + " is no longer in the organisation." +
          (apps == 0 ? std::string()
                     : " " + std::to_string(apps) + (apps == 1 ? " app is" : " apps are") +
                           " yours now."));
}

}  // namespace

void add_member_removal_page(http::Router& router, const AuthPages& pages,
                             OrganisationRemoval& removal) {
  const std::string path = std::string(kUsersPath) + "/{id}/remove";
  router.add("GET", path,
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               if (is_api_owner(session.user.role)) return redirect("/admin");
               return confirm(pages, request, session);
             }));
  router.add(
      "POST", path,
      signed_in(pages, [&pages, &removal](http::Request& request, const ActiveSession& session) {
        if (is_api_owner(session.user.role)) return redirect("/admin");
        return remove(pages, removal, request, session);
      }));
}

}  // namespace atrium::web
