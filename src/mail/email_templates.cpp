#include "mail/email_templates.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <kainjow/mustache.hpp>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "core/embedded_file.hpp"
#include "core/encoding.hpp"
#include "mail/embedded_email_templates.hpp"

namespace atrium::mail {

namespace km = kainjow::mustache;

namespace {

constexpr std::string_view kExtension = ".mustache";
constexpr std::string_view kLayout = "layout.html";

constexpr std::array<std::string_view, 3> kParts = {".subject", ".txt", ".html"};

// Values without which an email of that kind would be useless (a link to nowhere).
std::vector<std::string_view> required_values(EmailKind kind) {
  std::vector<std::string_view> names = {"portal_name", "portal_url"};
  switch (kind) {
    case EmailKind::kInvitation:
    case EmailKind::kRegistrationConfirm:
    case EmailKind::kPasswordReset:
      names.push_back("link");
      break;
    case EmailKind::kAlreadyRegistered:
      names.insert(names.end(), {"login_link", "reset_link"});
      break;
    case EmailKind::kAwaitingApproval:
      names.insert(names.end(), {"user_email", "link"});
      break;
    case EmailKind::kRegistrationApproved:
    case EmailKind::kAccountActivated:
      names.push_back("login_link");
      break;
    case EmailKind::kAccessRequested:
      names.insert(names.end(), {"app_name", "products", "plan", "user_email", "link"});
      break;
    case EmailKind::kAccessApproved:
    case EmailKind::kAccessRejected:
      names.insert(names.end(), {"app_name", "products", "plan", "link"});
      break;
    case EmailKind::kRegistrationRejected:
    case EmailKind::kAccountDeactivated:
    case EmailKind::kTest:
      break;
  }
  return names;
}

struct Source {
  std::string text;
  std::string origin;  // for messages: the theme file's path or the built-in file's name
};

using Sources = std::map<std::string, Source, std::less<>>;

std::set<std::string, std::less<>> known_names() {
  std::set<std::string, std::less<>> names{std::string(kLayout)};
  for (EmailKind kind : kEmailKinds) {
    for (std::string_view part : kParts)
      names.insert(std::string(to_string(kind)) + std::string(part));
  }
  return names;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) throw std::runtime_error("template " + path.string() + ": cannot be read");
  return text;
}

// Adds the theme's templates to `sources`; returns their names, sorted.
std::vector<std::string> load_theme(const std::filesystem::path& theme, Sources& sources) {
  std::error_code ec;
  if (!std::filesystem::is_directory(theme, ec)) {
    throw std::runtime_error("theme directory " + theme.string() +
                             " does not exist or is not a directory");
  }
  const std::filesystem::path dir = theme / "email";
  if (!std::filesystem::exists(dir, ec)) return {};  // a theme need not override any email
  if (!std::filesystem::is_directory(dir, ec)) {
    throw std::runtime_error("theme email folder " + dir.string() + " is not a directory");
  }
  const auto names = known_names();
  std::vector<std::string> loaded;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::filesystem::path& path = entry.path();
    if (path.extension() != kExtension || !entry.is_regular_file()) continue;
    const std::string name = path.stem().string();
    // A misspelt override would otherwise be ignored without a word.
    if (!names.contains(name)) {
      throw std::runtime_error("template " + path.string() +
                               ": no such email template (expected <kind>.subject, <kind>.txt, "
                               "<kind>.html or layout.html, .mustache)");
    }
    sources[name] = Source{read_file(path), path.string()};
    loaded.push_back(name);
  }
  std::sort(loaded.begin(), loaded.end());
  return loaded;
}

bool is_html(std::string_view name) { return name.ends_with(".html"); }

// Everything that can fail is checked here, so that a broken theme stops start-up instead of
// failing a send later.
void validate(const Sources& sources) {
  const std::regex partial_tag(R"(\{\{\s*>)");
  const std::regex delimiter_tag(R"(\{\{\s*=)");
  const std::regex unescaped_tag(R"(\{\{\{\s*([^}]*?)\s*\}\}\}|\{\{\s*&\s*([^}]*?)\s*\}\})");
  for (const auto& name : known_names()) {
    if (!sources.contains(name)) {
      throw std::runtime_error("template built-in templates/email/" + name +
                               ".mustache is missing");
    }
  }
  for (const auto& [name, source] : sources) {
    const auto fail = [&](const std::string& problem) {
      throw std::runtime_error("template " + source.origin + ": " + problem);
    };
    if (!is_valid_utf8(source.text)) fail("is not valid UTF-8");
    if (std::regex_search(source.text, delimiter_tag)) fail("changing delimiters is not supported");
    if (std::regex_search(source.text, partial_tag))
      fail("partials ({{> name}}) are not supported");
    const km::mustache parsed{source.text};
    if (!parsed.is_valid()) fail(parsed.error_message());
    if (!is_html(name)) continue;
    bool has_content = false;
    for (auto it = std::sregex_iterator(source.text.begin(), source.text.end(), unescaped_tag);
         it != std::sregex_iterator(); ++it) {
      const std::string variable = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
      if (name == kLayout && variable == "content") {
        has_content = true;
        continue;
      }
      fail("unescaped variable '" + variable + "' in HTML: use {{" + variable + "}}");
    }
    if (name == kLayout && !has_content) fail("the layout must contain {{{content}}}");
  }
}

// Partials would let kainjow parse a value of that name as a template; templates have none.
class NoPartialsContext final : public km::context<std::string> {
 public:
  explicit NoPartialsContext(const km::data* root) : km::context<std::string>(root) {}
  const km::data* get_partial(const std::string&) const override { return nullptr; }
};

std::string plain(const std::string& text) { return text; }

}  // namespace

namespace detail {

struct ComposerState {
  Sources sources;
  std::vector<std::string> overridden;  // sorted
};

}  // namespace detail

namespace {

Result<std::string> render(const detail::ComposerState& state, const std::string& name,
                           const km::data& data, bool escape_html) {
  km::mustache parsed{state.sources.find(name)->second.text};
  if (!escape_html) parsed.set_custom_escape(&plain);
  NoPartialsContext context(&data);
  std::string out = parsed.render(context);
  if (!parsed.is_valid()) {
    return fail(internal_error("email template " + name + ": " + parsed.error_message()));
  }
  return out;
}

// Subjects are one header line: every run of whitespace (line breaks included) and control
// characters becomes one space, and the ends are trimmed.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

TemplateEmailComposer::TemplateEmailComposer(std::optional<std::filesystem::path> theme_dir) {
  auto state = std::make_shared<detail::ComposerState>();
  for (const EmbeddedFile& file : embedded_email_templates()) {
    state->sources[std::string(file.name)] =
        Source{std::string(file.content),
               "built-in templates/email/" + std::string(file.name) + ".mustache"};
  }
  if (theme_dir) state->overridden = load_theme(*theme_dir, state->sources);
  validate(state->sources);
  state_ = std::move(state);
}

Result<EmailContent> TemplateEmailComposer::compose(EmailKind kind,
                                                    const EmailValues& values) const {
  std::string missing;
  for (std::string_view name : required_values(kind)) {
    if (!values.contains(std::string(name)))
      missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty()) {
    return fail(invalid_argument("email.values_missing",
                                 "email " + std::string(to_string(kind)) + " needs " + missing));
  }
  km::data data{km::data::type::object};
  for (const auto& [key, value] : values) {
    // Empty is false, so that {{#inviter}}…{{/inviter}} hides a section for an absent value.
    if (value.empty()) {
      data.set(key, km::data{false});
    } else {
      data.set(key, km::data{is_valid_utf8(value) ? value : sanitise_utf8(value)});
    }
  }
  data.set("content", km::data{false});  // reserved for the layout

  const std::string base(to_string(kind));
  ATRIUM_ASSIGN_OR_RETURN(auto subject, render(*state_, base + ".subject", data, false));
  ATRIUM_ASSIGN_OR_RETURN(auto text, render(*state_, base + ".txt", data, false));
  ATRIUM_ASSIGN_OR_RETURN(auto content, render(*state_, base + ".html", data, true));

  EmailContent email;
  email.subject = one_line(subject);
  data.set("subject", km::data{email.subject});
  data.set("content", km::data{std::move(content)});
  ATRIUM_ASSIGN_OR_RETURN(auto html, render(*state_, std::string(kLayout), data, true));
  email.text = std::move(text);
  email.html = std::move(html);
  return email;
}

std::vector<std::string> TemplateEmailComposer::overridden() const { return state_->overridden; }

}  // namespace atrium::mail
