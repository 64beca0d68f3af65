#include "web/common/flow_pages.hpp"

#include "web/common/html.hpp"
#include "web/common/page_support.hpp"

namespace atrium::web {

using std::string_view;

using std::string_view;

Requester requester_of(const http::Request& request) { return Requester{request.remote_address}; }

std::string query_token(const http::Request& request) {
  return std::string(request.query_param("token").value_or(""));
}

// Renders an anonymous form page, setting the pre-session CSRF cookie when needed.
http::Response anonymous_page(const AuthPages& pages, const http::Request& request, int status,
                              string_view page, nlohmann::json view) {
  http::Response response;
  view["csrf_token"] = pages.sessions.csrf_token(anonymous_csrf_token(pages, request, &response));
  http::Response page_response = html_page(status, pages.renderer.render(page, view));
  for (const auto& [name, value] : response.headers) page_response.add_header(name, value);
  return page_response;
}

// A refused link gets a page saying why and what to do next.
http::Response link_refused(const AuthPages& pages, const Error& error, string_view next) {
  nlohmann::json view = base_view(pages, "This link cannot be used", nullptr);
  view["text"] = error.message + ".";
  view["link"] = {
      {"href", std::string(next)},
      {"label", next == kResetRequestPath ? "Ask for a new link" : "Go to the sign-in page"}};
  return html_page(400, pages.renderer.render("message", view));
}

bool is_link_error(const Error& error) { return error.id.rfind("link.", 0) == 0; }

http::Response done_page(const AuthPages& pages, string_view title, string_view text,
                         bool sign_in_link) {
  nlohmann::json view = base_view(pages, std::string(title), nullptr);
  view["text"] = std::string(text);
  if (sign_in_link) view["link"] = {{"href", std::string(kLoginPath)}, {"label", "Sign in"}};
  return html_page(200, pages.renderer.render("message", view));
}

}  // namespace atrium::web
