#include "web/live/user_edit_page.hpp"

#include <string>

#include "http/dispatcher.hpp"
#include "http/error_mapping.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/user_form.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kUsersPath = "/portal/private/users";

std::string user_path(UserId id) { return std::string(kUsersPath) + "/" + std::to_string(id); }

// The 403 page of a user the viewer sees but may not edit.
http::Response not_editable(const AuthPages& pages, const ActiveSession& session,
                            const UserEditChoices& choices) {
  const bool self = choices.view.user.id == session.user.id;
  return message_page(pages, 403, "You cannot edit this user",
                      self ? "Change your own name on your profile page; your role and teams "
                             "are changed by another admin of your organisation."
                           : "Only an admin of your organisation can change other users.",
                      &session);
}

// The form, from the record or (after a refusal) from what was sent.
http::Response edit_form(const AuthPages& pages, const ActiveSession& session,
                         const UserEditChoices& choices, int status, const Form* form,
                         const Error* error) {
  const User& u = choices.view.user;
  nlohmann::json view = base_view(pages, "Edit " + full_name(u), &session);
  view.update(user_form_view(choices, form));
  view["teams_hint"] =
      "Only the teams you are in can be changed here; " + u.first + " keeps at least one team.";
  view["action"] = user_path(u.id) + "/edit";
  view["cancel"] = user_path(u.id);
  view["current"] = {{"users", true}};
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, pages.renderer.render("consumer_user_edit", view));
}

http::Response show(const AuthPages& pages, http::Request& request, const ActiveSession& session) {
  auto choices = pages.users.edit_choices(actor_of(session, request), request.param("id"));
  if (!choices) return error_page(pages, request, choices.error(), &session);
  if (!choices->may_edit) return not_editable(pages, session, *choices);
  return edit_form(pages, session, *choices, 200, nullptr, nullptr);
}

http::Response save(const AuthPages& pages, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto choices = pages.users.edit_choices(actor, request.param("id"));
  if (!choices) return error_page(pages, request, choices.error(), &session);
  const Form form = http::parse_query(request.body);
  const std::string ref = std::to_string(choices->view.user.id);
  auto updated = pages.users.update(actor, ref, user_form_input(form, *choices));
  if (!updated) {
    const Error& e = updated.error();
    // What the form can show: bad fields, and the role or teams the policy refused (named
    // beside them). Anything else (not theirs to edit, gone) is the error page.
    const bool for_the_form = e.code == ErrorCode::kInvalidArgument ||
                              (e.code == ErrorCode::kForbidden && !e.fields.empty());
    if (!choices->may_edit || !for_the_form) return error_page(pages, request, e, &session);
    return edit_form(pages, session, *choices, http::http_status(e.code), &form, &e);
  }
  const std::string saved = "Changes to " + full_name(updated->user) + " saved.";
  // Taken out of every team the admin is in, the user is out of their sight now.
  auto still_seen = pages.users.get(actor, ref);
  if (!still_seen && still_seen.error().code == ErrorCode::kNotFound) {
    return redirect_with_flash(pages, session, std::string(kUsersPath),
                               saved + " They are no longer in any of your teams.");
  }
  return redirect_with_flash(pages, session, user_path(updated->user.id), saved);
}

}  // namespace

void add_user_edit_page(http::Router& router, const AuthPages& pages) {
  const std::string path = std::string(kUsersPath) + "/{id}/edit";
  router.add("GET", path,
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               if (is_api_owner(session.user.role)) return redirect("/admin");
               return show(pages, request, session);
             }));
  router.add("POST", path,
             signed_in(pages, [&pages](http::Request& request, const ActiveSession& session) {
               if (is_api_owner(session.user.role)) return redirect("/admin");
               return save(pages, request, session);
             }));
}

}  // namespace atrium::web
