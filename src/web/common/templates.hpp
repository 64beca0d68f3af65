#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::web {

namespace detail {
struct RendererState;
}  // namespace detail

// The pages every build and every theme must be able to render (checked at construction).
inline constexpr std::string_view kRequiredPages[] = {"layout",         "home",
                                                      "login",          "change_password",
                                                      "profile",        "dashboard",
                                                      "admin_home",     "message",
                                                      "register",       "set_password",
                                                      "reset_request",  "confirm",
                                                      "invite",         "registration_requests",
                                                      "consumer_users", "consumer_user",
                                                      "confirm_action", "admin_users",
                                                      "admin_user",     "admin_api_tokens"};

// Renders the portal's mustache pages (templates/pages/*.mustache, compiled into the binary).
//
// A theme folder may override any template: a `<name>.mustache` file there wins over the built-in
// one, and new names become extra pages or partials. Every template is read and checked once, in
// the constructor, which throws std::runtime_error naming the file for a parse error, an unknown
// partial, a partial cycle, a delimiter change, invalid UTF-8, or a layout without {{{content}}}.
// After construction the renderer is immutable; `render` is const and safe to call from many
// threads at once (each thread parses the templates it uses once and keeps them, because kainjow
// templates must not be shared between threads). Copies share the same immutable state.
class PageRenderer {
 public:
  explicit PageRenderer(std::optional<std::filesystem::path> theme_dir = {});

  // Renders `page` with `view` (a JSON object; null counts as {}), then `layout` with the same
  // view plus `content` = the page's HTML. {{x}} escapes HTML; {{{x}}} is raw and used only for
  // `content` and `markdown_html` (web::render_markdown's output). JSON null, false, "" and [] are
  // falsy in sections; numbers render as text. Partials ({{> name}}) resolve to other templates
  // only, never to view data. Throws std::invalid_argument for an unknown page (a programming
  // error: handlers name pages from kRequiredPages) or a view that is not an object.
  std::string render(std::string_view page, const nlohmann::json& view) const;

  bool has_page(std::string_view page) const;
  // Names of the templates that came from the theme folder, sorted, for the start-up log.
  std::vector<std::string> overridden() const;

 private:
  std::shared_ptr<const detail::RendererState> state_;
};

}  // namespace atrium::web
