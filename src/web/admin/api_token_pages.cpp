#include <nlohmann/json.hpp>
#include <string>

#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kTokensPath = "/admin/api-tokens";

struct Ctx {
  const AuthPages& pages;
  ApiTokenService& tokens;
};

// The list, with the form; `issued` is the token just created (its secret shown this once).
http::Response tokens_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                           int status, const IssuedApiToken* issued, const Error* error) {
  auto list = c.tokens.list(actor_of(session, request));
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "API tokens", "api_tokens");
  nlohmann::json items = nlohmann::json::array();
  for (const ApiToken& t : *list) {
    if (t.revoked_at) continue;
    nlohmann::json item = {{"id", t.id}, {"name", t.name}, {"created", time_view(t.created_at)}};
    if (t.last_used_at) item["last_used"] = time_view(*t.last_used_at);
    items.push_back(std::move(item));
  }
  view["has_tokens"] = !items.empty();
  view["tokens"] = std::move(items);
  if (issued != nullptr)
    view["issued"] = {{"name", issued->token.name}, {"secret", issued->secret}};
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_api_tokens", view));
}

http::Response create_token(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto issued = c.tokens.issue(actor_of(session, request), form_value(form, "Name"));
  if (!issued) {
    if (issued.error().code == ErrorCode::kInvalidArgument) {
      return tokens_page(c, request, session, 400, nullptr, &issued.error());
    }
    return error_page(c.pages, request, issued.error(), &session);
  }
  return tokens_page(c, request, session, 201, &*issued, nullptr);
}

}  // namespace

void add_api_token_pages(http::Router& router, const AuthPages& pages, ApiTokenService& tokens) {
  const Ctx c{pages, tokens};
  router.add("GET", std::string(kTokensPath),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return tokens_page(c, request, session, 200, nullptr, nullptr);
             }));
  router.add("POST", std::string(kTokensPath),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return create_token(c, request, session);
             }));
  router.add("GET", "/admin/api-tokens/{id}/revoke",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               auto list = c.tokens.list(actor_of(session, request));
               if (!list) return error_page(c.pages, request, list.error(), &session);
               const long long id = path_number(request);
               for (const ApiToken& t : *list) {
                 if (t.id != id || t.revoked_at) continue;
                 return admin_confirm_page(
                     c.pages, session,
                     ConfirmStep{"Revoke the token “" + t.name + "”?",
                                 "Scripts and tools using it are refused from now on. This "
                                 "cannot be undone; create a new token to replace it.",
                                 record_path(kTokensPath, id) + "/revoke", "Revoke token",
                                 std::string(kTokensPath)},
                     "api_tokens", {{"API tokens", std::string(kTokensPath)}});
               }
               return message_page(c.pages, 404, "Not found", "There is no such token.", &session);
             }));
  router.add("POST", "/admin/api-tokens/{id}/revoke",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               const Status revoked =
                   c.tokens.revoke(actor_of(session, request), path_number(request));
               if (!revoked) return error_page(c.pages, request, revoked.error(), &session);
               return redirect_with_flash(c.pages, session, std::string(kTokensPath),
                                          "The token was revoked.");
             }));
}

}  // namespace atrium::web
