#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/time_format.hpp"
#include "support/temp_dir.hpp"
#include "web/common/embedded_files.hpp"
#include "web/common/templates.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {
namespace {

using nlohmann::json;

// What an attacker may put in a name, an email, an organisation or a user agent.
constexpr const char* kHostile = "<script>alert('x')</script>\" onfocus=\"y & z";
constexpr const char* kEscaped =
    "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&quot; onfocus=&quot;y &amp; z";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

json consumer(const std::string& s) { return {{"name", s}, {"email", s}, {"owner", false}}; }

json account(const std::string& s) {
  return {{"name", s}, {"email", s}, {"organisation", s}, {"role", s}, {"teams", {s, s}}};
}

// A view for every page, as docs/web.md defines them, with `s` in every user-controlled string.
json time(const std::string& s) { return {{"at", "2026-01-02T03:04:05Z"}, {"shown", s}}; }

// An Admin Portal page's view: the owner, the frame, breadcrumbs, a flash.
json admin(json view, const std::string& s) {
  view["csrf_token"] = s;
  view["user"] = {{"name", s}, {"email", s}, {"owner", true}};
  view["admin_frame"] = true;
  view["current"] = {{"admin", true}, {"users", true}};
  view["has_breadcrumbs"] = true;
  view["breadcrumbs"] = {{{"label", "Admin"}, {"href", "/admin"}}, {{"label", s}, {"href", false}}};
  view["flashes"] = json::array({{{"kind", "success"}, {"text", s}}});
  return view;
}

json sample_view(std::string_view page, const std::string& s) {
  json flashes = json::array({{{"kind", "success"}, {"text", s}}});
  if (page == "home") {
    return {{"title", "Welcome"}, {"registration_open", true}, {"flashes", flashes}};
  }
  if (page == "login") {
    return {{"title", "Sign in"},
            {"csrf_token", s},
            {"email", s},
            {"error", s},
            {"notice", s},
            {"registration_open", true},
            {"password_reset_open", true},
            {"next", "/portal/x"},
            {"current", {{"login", true}}}};
  }
  if (page == "change_password") {
    json view = {{"title", "Change your password"}, {"csrf_token", s}, {"user", consumer(s)}};
    add_form_errors(
        view, {{"current_password", s}, {"new_password", s}, {"confirm_password", s}, {"", s}});
    return view;
  }
  if (page == "profile") {
    return {{"title", "Your profile"},
            {"csrf_token", s},
            {"user", consumer(s)},
            {"account", account(s)},
            {"flashes", flashes},
            {"current", {{"profile", true}}},
            {"sessions",
             {{{"created", time(s)},
               {"last_seen", time(s)},
               {"address", s},
               {"user_agent", s},
               {"current", true}},
              {{"created", time(s)},
               {"last_seen", time(s)},
               {"address", s},
               {"user_agent", s},
               {"current", false}}}},
            {"has_other_sessions", true}};
  }
  if (page == "dashboard") {
    return {{"title", "Your dashboard"}, {"csrf_token", s},    {"user", consumer(s)},
            {"account", account(s)},     {"flashes", flashes}, {"current", {{"dashboard", true}}}};
  }
  if (page == "admin_home") {
    return admin({{"title", "Admin"},
                  {"account", {{"name", s}, {"email", s}, {"role", s}}},
                  {"users_total", "12"},
                  {"pending_total", 2}},
                 s);
  }
  if (page == "confirm_action") {
    return {{"title", s},         {"csrf_token", s}, {"user", consumer(s)}, {"text", s},
            {"action", "/x/1/y"}, {"button", s},     {"cancel", "/x"}};
  }
  if (page == "admin_users") {
    json option = {{"value", "1"}, {"label", s}, {"selected", true}};
    json view = admin(
        {{"title", "Users"},
         {"users",
          {{{"id", 7}, {"name", s}, {"email", s}, {"role", s}, {"status", s}, {"you", true}}}},
         {"has_users", true},
         {"total", "41"},
         {"filtered", true},
         {"search", s},
         {"organisations", {option}},
         {"teams", {option}},
         {"roles", {option}},
         {"statuses", {option}},
         {"first", "/admin/users"},
         {"next", "/admin/users?after_id=7"}},
        s);
    add_form_errors(view, {{"search", s}});
    return view;
  }
  if (page == "admin_user") {
    return admin({{"title", s},
                  {"person",
                   {{"id", 7},
                    {"name", s},
                    {"email", s},
                    {"role", s},
                    {"status", s},
                    {"organisation", s},
                    {"teams", {s}},
                    {"created", time(s)},
                    {"updated", time(s)},
                    {"active", true},
                    {"invited", true},
                    {"you", false}}}},
                 s);
  }
  if (page == "admin_api_tokens") {
    json view = admin({{"title", "API tokens"},
                       {"has_tokens", true},
                       {"tokens",
                        {{{"id", 3}, {"name", s}, {"created", time(s)}, {"last_used", time(s)}},
                         {{"id", 4}, {"name", s}, {"created", time(s)}}}},
                       {"issued", {{"name", s}, {"secret", s}}}},
                      s);
    add_form_errors(view, {{"Name", s}});
    return view;
  }
  if (page == "message") {
    return {{"title", s},
            {"text", s},
            {"retry_after_seconds", 30},
            {"link", {{"href", "/auth/password/new"}, {"label", s}}}};
  }
  if (page == "consumer_users") {
    json person = {{"id", 7},   {"name", s},      {"email", s},
                   {"role", s}, {"active", true}, {"you", true}};
    return {{"title", "Users"},
            {"csrf_token", s},
            {"user", consumer(s)},
            {"users", {person}},
            {"has_users", true},
            {"total", 41},
            {"page", 2},
            {"search", s},
            {"previous", "/portal/private/users?page=1"},
            {"next", "/portal/private/users?page=3"},
            {"current", {{"users", true}}}};
  }
  if (page == "consumer_user") {
    return {
        {"title", s},
        {"csrf_token", s},
        {"user", consumer(s)},
        {"person", {{"name", s}, {"email", s}, {"role", s}, {"active", false}, {"teams", {s, s}}}}};
  }
  if (page == "register" || page == "reset_request") {
    json view = {{"title", s},
                 {"csrf_token", s},
                 {"form", {{"Email", s}, {"First", s}, {"Last", s}, {"InviteCode", s}}}};
    add_form_errors(view, {{"Email", s},
                           {"First", s},
                           {"Last", s},
                           {"Password", s},
                           {"PasswordConfirmation", s},
                           {"InviteCode", s},
                           {"", s}});
    return view;
  }
  if (page == "set_password") {
    json view = {{"title", s}, {"csrf_token", s}, {"intro", s},
                 {"email", s}, {"token", s},      {"action", "/auth/reset/code"},
                 {"button", s}};
    add_form_errors(view, {{"Password", s}, {"PasswordConfirmation", s}});
    return view;
  }
  if (page == "confirm") {
    return {{"title", s}, {"csrf_token", s}, {"token", s}};
  }
  if (page == "invite") {
    json view = {{"title", s},
                 {"csrf_token", s},
                 {"user", consumer(s)},
                 {"flashes", flashes},
                 {"teams", {{{"id", 7}, {"name", s}}}},
                 {"has_invitations", true},
                 {"invitations", {{{"id", 3}, {"email", s}, {"name", s}, {"expires", time(s)}}}},
                 {"form", {{"Email", s}, {"First", s}, {"Last", s}}}};
    add_form_errors(view, {{"Email", s}, {"Teams", s}, {"Role", s}});
    return view;
  }
  if (page == "registration_requests") {
    return {{"title", s},
            {"csrf_token", s},
            {"user", {{"name", s}, {"email", s}, {"owner", true}}},
            {"flashes", flashes},
            {"has_requests", true},
            {"requests", {{{"id", 4}, {"email", s}, {"name", s}, {"registered", time(s)}}}}};
  }
  throw std::invalid_argument("no sample view for " + std::string(page));
}

std::vector<std::string> pages() {
  std::vector<std::string> names;
  for (auto page : kRequiredPages) {
    if (page != "layout") names.emplace_back(page);
  }
  return names;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string construction_error(const std::filesystem::path& theme) {
  try {
    PageRenderer renderer(theme);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(WebTemplates, EveryPageRendersInsideTheLayout) {
  const PageRenderer renderer;
  for (const auto& page : pages()) {
    SCOPED_TRACE(page);
    const std::string html = renderer.render(page, sample_view(page, "Ada"));
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"/static/atrium.css\">"),
              std::string::npos);
    EXPECT_NE(html.find("<main id=\"main\""), std::string::npos);
    EXPECT_NE(html.find("href=\"#main\">Skip to main content</a>"), std::string::npos);
    EXPECT_EQ(count(html, "<h1"), 1U) << "one main heading per page";
    // Every state-changing form carries the CSRF token.
    EXPECT_EQ(count(html, "method=\"post\""),
              count(html, "<input type=\"hidden\" name=\"csrf_token\" value="))
        << html;
    EXPECT_EQ(count(html, "{{"), 0U);
  }
}

TEST(WebTemplates, LoginPage) {
  const PageRenderer renderer;
  json view = sample_view("login", "Ada");
  std::string html = renderer.render("login", view);
  EXPECT_NE(html.find("<title>Sign in – Atrium</title>"), std::string::npos);
  EXPECT_NE(html.find("action=\"/auth/password/login\""), std::string::npos);
  EXPECT_NE(html.find("<input type=\"hidden\" name=\"csrf_token\" value=\"Ada\">"),
            std::string::npos);
  EXPECT_NE(html.find("<input type=\"hidden\" name=\"next\" value=\"/portal/x\">"),
            std::string::npos);
  EXPECT_NE(html.find("<label for=\"email\">"), std::string::npos);
  EXPECT_NE(html.find("name=\"email\" type=\"email\" autocomplete=\"username\""),
            std::string::npos);
  EXPECT_NE(html.find("value=\"Ada\" aria-invalid=\"true\" aria-describedby=\"email-error\""),
            std::string::npos);
  EXPECT_NE(html.find("<label for=\"password\">"), std::string::npos);
  EXPECT_NE(html.find("name=\"password\" type=\"password\" autocomplete=\"current-password\""),
            std::string::npos);
  EXPECT_NE(html.find("class=\"error-summary\" role=\"alert\""), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#email\">Ada</a>"), std::string::npos);
  EXPECT_NE(html.find("class=\"notice\" role=\"status\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/auth/password/new\">Forgot your password?</a>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/auth/password/register\">Register</a>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/auth/password/login\" aria-current=\"page\">Sign in</a>"),
            std::string::npos);

  // A fresh form: no error summary, no notice, no registration link when it is closed.
  html = renderer.render("login", {{"title", "Sign in"},
                                   {"csrf_token", "t"},
                                   {"email", ""},
                                   {"error", nullptr},
                                   {"registration_open", false}});
  EXPECT_EQ(html.find("error-summary"), std::string::npos);
  EXPECT_EQ(html.find("aria-invalid"), std::string::npos);
  EXPECT_EQ(html.find("/auth/password/new"), std::string::npos);  // no reset flow offered
  EXPECT_EQ(html.find("class=\"notice\""), std::string::npos);
  EXPECT_EQ(html.find("name=\"next\""), std::string::npos);
  EXPECT_EQ(html.find("/auth/password/register"), std::string::npos);
  EXPECT_NE(html.find("autocomplete=\"username\" spellcheck=\"false\" required value=\"\">"),
            std::string::npos);
}

TEST(WebTemplates, LayoutNavigationDependsOnTheUser) {
  const PageRenderer renderer;
  const std::string anonymous = renderer.render("home", {{"title", "Welcome"}});
  EXPECT_NE(anonymous.find("href=\"/auth/password/login\">Sign in</a>"), std::string::npos);
  EXPECT_EQ(anonymous.find("Sign out"), std::string::npos);
  EXPECT_EQ(anonymous.find("/admin"), std::string::npos);

  const std::string consumer_html = renderer.render("dashboard", sample_view("dashboard", "Ada"));
  EXPECT_NE(
      consumer_html.find("href=\"/portal/private/dashboard\" aria-current=\"page\">Dashboard"),
      std::string::npos);
  EXPECT_NE(consumer_html.find("href=\"/portal/private/profile\">Profile</a>"), std::string::npos);
  EXPECT_NE(consumer_html.find("action=\"/auth/password/logout\""), std::string::npos);
  EXPECT_NE(consumer_html.find("type=\"submit\">Sign out</button>"), std::string::npos);
  EXPECT_NE(consumer_html.find("Signed in as <strong>Ada</strong>"), std::string::npos);
  EXPECT_EQ(consumer_html.find("href=\"/admin\""), std::string::npos);
  EXPECT_EQ(consumer_html.find(">Sign in</a>"), std::string::npos);

  const std::string owner_html = renderer.render("admin_home", sample_view("admin_home", "Grace"));
  EXPECT_NE(owner_html.find("href=\"/admin\">Admin</a>"), std::string::npos);
  EXPECT_NE(owner_html.find("href=\"/admin/profile\">Profile</a>"), std::string::npos);
  EXPECT_NE(owner_html.find("action=\"/auth/password/logout\""), std::string::npos);
  EXPECT_EQ(owner_html.find("/portal/private/dashboard"), std::string::npos);
  // The Admin Portal's frame: its side navigation and breadcrumbs.
  EXPECT_NE(owner_html.find(R"(<nav class="side-nav" aria-label="Admin sections">)"),
            std::string::npos);
  EXPECT_NE(owner_html.find(R"(href="/admin/users" aria-current="page">Users</a>)"),
            std::string::npos);
  EXPECT_NE(owner_html.find(R"(<span aria-current="page">Grace</span>)"), std::string::npos);
  EXPECT_EQ(consumer_html.find("side-nav"), std::string::npos);
  // The catalogue is there for everyone; the side navigation names every Admin section.
  EXPECT_NE(owner_html.find("href=\"/portal/catalogue-products\""), std::string::npos);
  EXPECT_NE(anonymous.find("href=\"/portal/catalogue-products\""), std::string::npos);
  EXPECT_NE(owner_html.find(R"(href="/admin/organisations">Organisations</a>)"), std::string::npos);

  // Flash messages show in the layout.
  EXPECT_NE(consumer_html.find("class=\"flash flash--success\" role=\"status\""),
            std::string::npos);
}

TEST(WebTemplates, ChangePasswordPage) {
  const PageRenderer renderer;
  std::string html = renderer.render("change_password", sample_view("change_password", "Bad"));
  EXPECT_NE(html.find("action=\"/auth/password/change\""), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf_token\" value=\"Bad\""), std::string::npos);
  for (const char* field : {"current_password", "new_password", "confirm_password"}) {
    SCOPED_TRACE(field);
    const std::string f(field);
    EXPECT_NE(html.find("<label for=\"" + f + "\">"), std::string::npos);
    EXPECT_NE(html.find("id=\"" + f + "\" name=\"" + f + "\" type=\"password\""),
              std::string::npos);
    EXPECT_NE(html.find("<a href=\"#" + f + "\">"), std::string::npos);
    EXPECT_NE(html.find("id=\"" + f + "-error\""), std::string::npos);
  }
  // The summary names each field as its label does.
  EXPECT_NE(html.find(R"(<a href="#current_password">Current password: Bad</a>)"),
            std::string::npos);
  EXPECT_NE(html.find(R"(<a href="#confirm_password">Confirm new password: Bad</a>)"),
            std::string::npos);
  EXPECT_NE(html.find("autocomplete=\"current-password\""), std::string::npos);
  EXPECT_EQ(count(html, "autocomplete=\"new-password\""), 2U);
  EXPECT_NE(html.find("aria-describedby=\"new_password-hint new_password-error\" "
                      "aria-invalid=\"true\""),
            std::string::npos);
  EXPECT_NE(html.find("<li>Bad</li>"), std::string::npos) << "form-level error without a link";
  EXPECT_EQ(html.find("You must set a new password"), std::string::npos);

  html =
      renderer.render("change_password",
                      {{"title", "Change your password"}, {"csrf_token", "t"}, {"forced", true}});
  EXPECT_NE(html.find("You must set a new password before continuing."), std::string::npos);
  EXPECT_EQ(html.find("current_password"), std::string::npos);
  EXPECT_EQ(html.find("error-summary"), std::string::npos);
  EXPECT_EQ(html.find("aria-invalid"), std::string::npos);
  EXPECT_NE(html.find("name=\"new_password\""), std::string::npos);
  EXPECT_NE(html.find("name=\"confirm_password\""), std::string::npos);
}

TEST(WebTemplates, ProfilePage) {
  const PageRenderer renderer;
  json view = sample_view("profile", "Ada");
  std::string html = renderer.render("profile", view);
  EXPECT_NE(html.find("<dt>Organisation</dt><dd>Ada</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Teams</dt><dd>Ada</dd><dd>Ada</dd>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/auth/password/change\""), std::string::npos);
  EXPECT_EQ(count(html, "<tr"), 3U) << "a header row and two sessions";
  EXPECT_EQ(count(html, "This browser"), 1U);
  EXPECT_EQ(
      count(html,
            R"(<time datetime="2026-01-02T03:04:05Z" title="2026-01-02T03:04:05Z">Ada</time>)"),
      4U)
      << "each time readable, with the exact one in datetime and title";
  EXPECT_NE(html.find("action=\"/auth/sessions/end-others\""), std::string::npos);
  EXPECT_NE(html.find("Sign out my other sessions</button>"), std::string::npos);

  view["has_other_sessions"] = false;
  view["sessions"].erase(1);
  view["account"].erase("organisation");  // an API Owner
  html = renderer.render("profile", view);
  EXPECT_EQ(html.find("/auth/sessions/end-others"), std::string::npos);
  EXPECT_NE(html.find("You are not signed in anywhere else."), std::string::npos);
  EXPECT_EQ(html.find("<dt>Organisation</dt>"), std::string::npos);
  EXPECT_EQ(html.find("<dt>Teams</dt>"), std::string::npos);
}

TEST(WebTemplates, DashboardAndMessagePages) {
  const PageRenderer renderer;
  json view = sample_view("dashboard", "Ada");
  view["account"]["teams"] = json::array();
  std::string html = renderer.render("dashboard", view);
  EXPECT_NE(html.find("Welcome, Ada."), std::string::npos);
  EXPECT_NE(html.find("<dt>Teams</dt><dd>None yet</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Role</dt><dd>Ada</dd>"), std::string::npos);

  html = renderer.render("message", sample_view("message", "Too many attempts"));
  EXPECT_NE(html.find("<title>Too many attempts – Atrium</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Too many attempts</h1>"), std::string::npos);
  EXPECT_NE(html.find("Try again in 30 seconds."), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/auth/password/new\">Too many attempts</a>"), std::string::npos);

  html = renderer.render("message", {{"title", "Not found"}, {"text", "No such page."}});
  EXPECT_EQ(html.find("Try again"), std::string::npos);
  EXPECT_NE(html.find("<p>No such page.</p>"), std::string::npos);
}

// A rendered page without the layout's one script tag (static/atrium.js, CSP script-src 'self'):
// any other <script is injected.
std::string without_own_script(std::string html) {
  const std::string own = R"(<script src="/static/atrium.js" defer></script>)";
  if (const auto at = html.find(own); at != std::string::npos) html.erase(at, own.size());
  return html;
}

TEST(WebTemplates, UserControlledStringsAreEscapedOnEveryPage) {
  const PageRenderer renderer;
  for (const auto& page : pages()) {
    SCOPED_TRACE(page);
    const std::string html = renderer.render(page, sample_view(page, kHostile));
    EXPECT_EQ(without_own_script(html).find("<script"), std::string::npos);
    EXPECT_EQ(html.find("alert('x')"), std::string::npos);
    EXPECT_EQ(html.find("\" onfocus"), std::string::npos);
    EXPECT_EQ(html.find("y & z"), std::string::npos);
    EXPECT_NE(html.find(kEscaped), std::string::npos);
  }
  // The layout's own user-controlled strings: the title and the signed-in user's name.
  const std::string html = renderer.render(
      "home", {{"title", kHostile}, {"user", consumer(kHostile)}, {"csrf_token", kHostile}});
  EXPECT_NE(html.find(std::string("<title>") + kEscaped), std::string::npos);
  EXPECT_NE(html.find(std::string("Signed in as <strong>") + kEscaped), std::string::npos);
  EXPECT_NE(html.find(std::string("name=\"csrf_token\" value=\"") + kEscaped + "\""),
            std::string::npos);
  EXPECT_EQ(without_own_script(html).find("<script"), std::string::npos);
}

TEST(WebTemplates, BuiltInTemplatesUseNoRawUserDataNoScriptsAndNoInlineStyles) {
  const std::regex raw(R"(\{\{\{|\{\{\s*&)");
  for (const EmbeddedFile& file : embedded_templates()) {
    SCOPED_TRACE(std::string(file.name));
    const std::string text(file.content);
    const std::size_t raw_tags = static_cast<std::size_t>(
        std::distance(std::sregex_iterator(text.begin(), text.end(), raw), std::sregex_iterator()));
    // The layout's {{{content}}}; a product page's rendered Markdown (web::render_markdown), in
    // its docs, in the API reference's descriptions and in the docs editor's preview (the
    // renderer allows no other name).
    const std::map<std::string_view, std::size_t> allowed = {{"layout", 1},
                                                             {"catalogue_product", 1},
                                                             {"api_reference", 6},
                                                             {"api_schema", 2},
                                                             {"admin_product_doc", 1}};
    const auto found = allowed.find(file.name);
    EXPECT_EQ(raw_tags, found == allowed.end() ? 0U : found->second);
    // CSP: script-src 'self', and only the layout loads our one script (no inline script).
    const std::string own_script = R"(<script src="/static/atrium.js" defer></script>)";
    const std::size_t scripts = file.name == "layout" ? 1 : 0;
    EXPECT_EQ(text.find("<script"), scripts == 1 ? text.find(own_script) : std::string::npos);
    EXPECT_EQ(text.find("<script", text.find("<script") + 1), std::string::npos);
    EXPECT_EQ(text.find("style="), std::string::npos);  // CSP: style-src 'self'
    EXPECT_EQ(text.find("<style"), std::string::npos);
    EXPECT_FALSE(std::regex_search(text, std::regex(R"(\son[a-z]+\s*=)")))
        << "no inline event handlers";
  }
}

TEST(WebTemplates, ViewConversion) {
  const PageRenderer renderer;
  // Numbers render as text; null, "", false and [] are falsy; content cannot be injected.
  std::string html = renderer.render(
      "message", {{"title", "T"}, {"text", 12.5}, {"retry_after_seconds", 7}, {"link", nullptr}});
  EXPECT_NE(html.find("<p>12.5</p>"), std::string::npos);
  EXPECT_NE(html.find("Try again in 7 seconds."), std::string::npos);
  EXPECT_EQ(html.find("<a href=\"\""), std::string::npos);
  for (const json& falsy : {json(nullptr), json(""), json(false), json::array()}) {
    html =
        renderer.render("message", {{"title", "T"}, {"text", "x"}, {"retry_after_seconds", falsy}});
    EXPECT_EQ(html.find("Try again"), std::string::npos) << falsy.dump();
  }
  html = renderer.render("home", {{"title", "T"}, {"content", "<b>injected</b>"}});
  EXPECT_EQ(html.find("injected"), std::string::npos);
  EXPECT_NE(html.find("<h1 id=\"home-heading\">T</h1>"), std::string::npos);
  // A null view is an empty one.
  EXPECT_NE(renderer.render("home", nullptr).find("<html"), std::string::npos);
  // Ill-formed UTF-8 (say, from a User-Agent header) becomes U+FFFD.
  html = renderer.render("message", {{"title", "T"}, {"text", std::string("a\xff\xc3(b")}});
  EXPECT_NE(html.find("<p>a\xEF\xBF\xBD\xEF\xBF\xBD(b</p>"), std::string::npos);
}

TEST(WebTemplates, UnknownPagesAndBadViewsAreProgrammingErrors) {
  const PageRenderer renderer;
  EXPECT_TRUE(renderer.has_page("login"));
  EXPECT_FALSE(renderer.has_page("layout"));
  EXPECT_FALSE(renderer.has_page("nope"));
  EXPECT_THROW(renderer.render("nope", json::object()), std::invalid_argument);
  EXPECT_THROW(renderer.render("layout", json::object()), std::invalid_argument);
  EXPECT_THROW(renderer.render("home", json::array()), std::invalid_argument);
  EXPECT_TRUE(renderer.overridden().empty());
}

TEST(WebTemplates, ThemeFolderOverridesBuiltInTemplates) {
  testing::TempDir theme;
  write_file(theme.path() / "home.mustache", "<h1>Our portal: {{title}}</h1>{{> footer_note}}\n");
  write_file(theme.path() / "footer_note.mustache", "<p>Note for {{title}}</p>\n");
  write_file(theme.path() / "README.md", "not a template {{");
  const PageRenderer renderer(theme.path());
  EXPECT_EQ(renderer.overridden(), (std::vector<std::string>{"footer_note", "home"}));
  const std::string html = renderer.render("home", {{"title", "<T>"}});
  EXPECT_NE(html.find("<h1>Our portal: &lt;T&gt;</h1><p>Note for &lt;T&gt;</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos) << "built-in layout kept";
  // Pages the theme does not override are the built-in ones.
  EXPECT_EQ(renderer.render("login", sample_view("login", "Ada")),
            PageRenderer().render("login", sample_view("login", "Ada")));
  // The theme is read once, at construction.
  write_file(theme.path() / "home.mustache", "changed");
  EXPECT_EQ(renderer.render("home", {{"title", "<T>"}}), html);
}

TEST(WebTemplates, PartialsComeFromTemplatesNeverFromTheView) {
  const PageRenderer renderer;
  json view = sample_view("change_password", "Ada");
  view["form_errors"] = "{{{csrf_token}}}<b>x</b>";
  const std::string html = renderer.render("change_password", view);
  EXPECT_NE(html.find("class=\"error-summary\""), std::string::npos);
  EXPECT_EQ(html.find("<b>x</b>"), std::string::npos);
}

TEST(WebTemplates, BrokenThemeTemplatesFailAtConstructionNamingTheFile) {
  struct Case {
    std::string file;
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"login.mustache", "<h1>{{#error}}unclosed</h1>\n", "login.mustache: "},
      {"login.mustache", "<p>{{{email}}}</p>",
       "only {{{content}}} and {{{markdown_html}}} may be unescaped"},
      {"login.mustache", "<p>{{& email}}</p>",
       "only {{{content}}} and {{{markdown_html}}} may be unescaped"},
      {"login.mustache", "{{> nowhere}}", "includes unknown partial 'nowhere'"},
      {"login.mustache", "{{=<% %>=}}", "changing delimiters is not supported"},
      {"login.mustache", "bad \xff byte", "is not valid UTF-8"},
      {"layout.mustache", "<main>{{content}}</main>", "the layout must contain {{{content}}}"},
      {"home.mustache", "{{> home}}", "partials include each other: home > home"},
      {"Home.mustache", "x", "names must be lower case"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    testing::TempDir theme;
    write_file(theme.path() / c.file, c.text);
    const std::string error = construction_error(theme.path());
    EXPECT_NE(error.find((theme.path() / c.file).string()), std::string::npos) << error;
    EXPECT_NE(error.find(c.message), std::string::npos) << error;
  }
  EXPECT_NE(construction_error("/nonexistent/theme").find("/nonexistent/theme does not exist"),
            std::string::npos);
}

TEST(WebTemplates, ConcurrentRenderingGivesIdenticalOutput) {
  const PageRenderer renderer;
  std::vector<std::string> expected;
  for (const auto& page : pages())
    expected.push_back(renderer.render(page, sample_view(page, "Ada")));

  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto names = pages();
      for (int round = 0; round < kRounds; ++round) {
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (renderer.render(names[i], sample_view(names[i], "Ada")) != expected[i]) {
            ++mismatches[static_cast<std::size_t>(t)];
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << t;
}

TEST(WebTemplates, RenderersWithDifferentThemesDoNotShareParsedTemplates) {
  testing::TempDir theme;
  write_file(theme.path() / "home.mustache", "<h1>themed</h1>");
  const PageRenderer themed(theme.path());
  const PageRenderer plain;
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(themed.render("home", {{"title", "T"}}).find("<h1>themed</h1>"), std::string::npos);
    EXPECT_EQ(plain.render("home", {{"title", "T"}}).find("themed"), std::string::npos);
  }
}

TEST(WebViewHelpers, AddFormErrors) {
  json view = {{"title", "T"}};
  add_form_errors(view, {});
  EXPECT_FALSE(view.contains("has_errors"));
  add_form_errors(view,
                  {{"new_password", "Too short"}, {"new_password", "Too common"}, {"", "Oops"}});
  EXPECT_EQ(view["has_errors"], true);
  EXPECT_EQ(view["errors"].size(), 3U);
  EXPECT_EQ(view["errors"][0],
            (json{{"field", "new_password"}, {"message", "Too short"}, {"label", "New password"}}));
  EXPECT_EQ(view["errors"][2], (json{{"field", ""}, {"message", "Oops"}}));
  EXPECT_EQ(view["new_password_error"], "Too short");
  EXPECT_FALSE(view.contains("_error"));
}

TEST(WebViewHelpers, TheErrorSummaryNamesEachField) {
  json view = {{"title", "T"}};
  add_form_errors(view, {{"Email", "is required"},
                         {"InviteCode", "is not valid"},
                         {"First", "is required"},
                         {"", "Something else"}});
  const std::string html = PageRenderer().render("register", view);
  EXPECT_NE(html.find(R"(<a href="#Email">Email: is required</a>)"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(<a href="#InviteCode">Invite code: is not valid</a>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<a href="#First">First name: is required</a>)"), std::string::npos);
  EXPECT_NE(html.find("<li>Something else</li>"), std::string::npos);
}

TEST(WebViewHelpers, RolesStatusesAndTimesAsPeopleReadThem) {
  EXPECT_EQ(role_label(Role::kConsumerAdmin), "Admin");
  EXPECT_EQ(role_label(Role::kConsumerTeamMember), "Team member");
  EXPECT_EQ(status_label(UserStatus::kInvited), "Invited");
  EXPECT_EQ(status_label(UserStatus::kAwaitingApproval), "Awaiting approval");
  EXPECT_EQ(status_label(UserStatus::kInactive), "Inactive");
  const json t = time_view(*parse_rfc3339("2026-12-03T11:15:00Z"));
  EXPECT_EQ(t, (json{{"at", "2026-12-03T11:15:00Z"}, {"shown", "3 Dec 2026, 11:15 UTC"}}));
}

}  // namespace
}  // namespace atrium::web
