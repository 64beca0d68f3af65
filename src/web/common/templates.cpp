#include "web/common/templates.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <kainjow/mustache.hpp>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "core/encoding.hpp"
#include "web/common/embedded_files.hpp"

namespace atrium::web {

namespace km = kainjow::mustache;

namespace {

using PartialMap = std::map<std::string, km::data, std::less<>>;

constexpr std::string_view kTemplateExtension = ".mustache";

struct Source {
  std::string text;
  std::string origin;  // for messages: the theme file's path, or the built-in file's name
  bool from_theme = false;
};

}  // namespace

namespace detail {

struct RendererState {
  std::uint64_t id = 0;
  std::map<std::string, Source, std::less<>> sources;
  PartialMap partials;  // every template, as a string for kainjow to parse when it is included
};

}  // namespace detail

namespace {

std::atomic<std::uint64_t> next_instance_id{1};

// kainjow templates keep mutable state, so each thread parses its own copies. A thread keeps the
// templates of the renderer it used last (in practice there is one renderer per process).
struct ThreadCache {
  std::uint64_t owner = 0;
  std::map<std::string, std::unique_ptr<km::mustache>, std::less<>> parsed;
};
thread_local ThreadCache thread_cache;

// Partials come from our templates only: with kainjow's default context, {{> name}} would parse a
// view string named `name` as a template, letting user data reach the template language.
class ViewContext final : public km::context<std::string> {
 public:
  ViewContext(const km::data* root, const PartialMap& partials)
      : km::context<std::string>(root), partials_(partials) {}

  const km::data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    return it == partials_.end() ? nullptr : &it->second;
  }

 private:
  const PartialMap& partials_;
};

// View strings may come from request headers (user agents) and so be any bytes: replace each
// ill-formed byte with U+FFFD so that the page stays well-formed UTF-8.
std::string valid_utf8(const std::string& text) {
  if (is_valid_utf8(text)) return text;
  return sanitise_utf8(text);
}

km::data to_data(const nlohmann::json& value) {
  using Type = nlohmann::json::value_t;
  switch (value.type()) {
    case Type::object: {
      km::data object{km::data::type::object};
      for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
      return object;
    }
    case Type::array: {
      km::data list{km::data::type::list};
      for (const auto& item : value) list.push_back(to_data(item));
      return list;
    }
    case Type::string: {
      const auto& text = value.get_ref<const std::string&>();
      // An empty string renders as nothing either way; as false it also hides its section.
      if (text.empty()) return km::data{false};
      return km::data{valid_utf8(text)};
    }
    case Type::boolean:
      return km::data{value.get<bool>()};
    case Type::number_integer:
      return km::data{std::to_string(value.get<std::int64_t>())};
    case Type::number_unsigned:
      return km::data{std::to_string(value.get<std::uint64_t>())};
    case Type::number_float:
      return km::data{value.dump()};
    case Type::null:
    case Type::binary:
    case Type::discarded:
      break;
  }
  return km::data{false};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("template " + path.string() + ": cannot be read");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("template " + path.string() + ": cannot be read");
  return text;
}

bool is_template_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void load_theme(const std::filesystem::path& dir,
                std::map<std::string, Source, std::less<>>& sources) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw std::runtime_error("theme directory " + dir.string() + " does not exist or is not a " +
                             "directory");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == kTemplateExtension && entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string name = path.stem().string();
    if (!is_template_name(name)) {
      throw std::runtime_error("template " + path.string() +
                               ": names must be lower case letters, digits, '_' or '-'");
    }
    sources[name] = Source{read_file(path), path.string(), true};
  }
}

std::vector<std::string> matches(const std::string& text, const std::regex& pattern) {
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    found.push_back((*it)[1].str());
  }
  return found;
}

// Every check that can fail is made here, at start-up, so that rendering never meets a bad
// template at request time.
void validate(const std::map<std::string, Source, std::less<>>& sources) {
  const std::regex partial_tag(R"(\{\{\s*>\s*([^\s}]*)\s*\}\})");
  const std::regex delimiter_tag(R"(\{\{\s*=)");
  const std::regex triple_tag(R"(\{\{\{\s*([^}]*?)\s*\}\}\})");
  const std::regex ampersand_tag(R"(\{\{\s*&\s*([^}]*?)\s*\}\})");

  std::map<std::string, std::vector<std::string>, std::less<>> includes;
  for (const auto& [name, source] : sources) {
    const auto fail = [&](const std::string& problem) {
      throw std::runtime_error("template " + source.origin + ": " + problem);
    };
    if (!is_valid_utf8(source.text)) fail("is not valid UTF-8");
    // Changing delimiters would hide partial and raw tags from the checks below.
    if (std::regex_search(source.text, delimiter_tag)) fail("changing delimiters is not supported");
    const km::mustache parsed{source.text};
    if (!parsed.is_valid()) fail(parsed.error_message());
    std::vector<std::string> raw = matches(source.text, triple_tag);
    const std::vector<std::string> ampersand = matches(source.text, ampersand_tag);
    raw.insert(raw.end(), ampersand.begin(), ampersand.end());
    for (const auto& variable : raw) {
      // markdown_html only ever holds render_markdown's output (raw HTML and unsafe links left
      // out), set by the catalogue pages.
      if (variable != "content" && variable != "markdown_html") {
        std::string problem = "unescaped variable '";
        problem += variable;
        problem += "': only {{{content}}} and {{{markdown_html}}} may be unescaped (use {{";
        problem += variable;
        problem += "}})";
        fail(problem);
      }
    }
    if (name == "layout" && raw.empty()) fail("the layout must contain {{{content}}}");
    for (const auto& included : matches(source.text, partial_tag)) {
      if (!sources.contains(included)) fail("includes unknown partial '" + included + "'");
      includes[name].push_back(included);
    }
  }
  for (const auto page : kRequiredPages) {
    if (!sources.contains(page)) {
      throw std::runtime_error("template " + std::string(page) + ".mustache is missing");
    }
  }
  // Partials must not include themselves, directly or not: that would recurse without end.
  std::set<std::string, std::less<>> done;
  std::vector<std::string> path;
  const std::function<void(const std::string&)> visit = [&](const std::string& name) {
    if (std::find(path.begin(), path.end(), name) != path.end()) {
      std::string cycle;
      for (const auto& step : path) cycle += step + " > ";
      throw std::runtime_error("template " + sources.find(name)->second.origin +
                               ": partials include each other: " + cycle + name);
    }
    if (done.contains(name)) return;
    path.push_back(name);
    for (const auto& included : includes[name]) visit(included);
    path.pop_back();
    done.insert(name);
  };
  for (const auto& [name, source] : sources) visit(name);
}

}  // namespace

PageRenderer::PageRenderer(std::optional<std::filesystem::path> theme_dir) {
  auto state = std::make_shared<detail::RendererState>();
  state->id = next_instance_id.fetch_add(1);
  for (const EmbeddedFile& file : embedded_templates()) {
    state->sources[std::string(file.name)] =
        Source{std::string(file.content),
               "built-in templates/pages/" + std::string(file.name) + ".mustache", false};
  }
  if (theme_dir) load_theme(*theme_dir, state->sources);
  validate(state->sources);
  for (const auto& [name, source] : state->sources) state->partials.emplace(name, source.text);
  state_ = std::move(state);
}

namespace {

km::mustache& parsed_template(const detail::RendererState& state, const std::string& name) {
  ThreadCache& cache = thread_cache;
  if (cache.owner != state.id) {
    cache.parsed.clear();
    cache.owner = state.id;
  }
  auto it = cache.parsed.find(name);
  if (it == cache.parsed.end()) {
    auto parsed = std::make_unique<km::mustache>(state.sources.find(name)->second.text);
    it = cache.parsed.emplace(name, std::move(parsed)).first;
  }
  return *it->second;
}

std::string render_template(const detail::RendererState& state, const std::string& name,
                            const km::data& data) {
  km::mustache& parsed = parsed_template(state, name);
  ViewContext context(&data, state.partials);
  std::string html = parsed.render(context);
  if (!parsed.is_valid()) {
    // Not reachable with validated templates and JSON views (no lambdas); never keep a template
    // in an error state.
    const std::string message = parsed.error_message();
    thread_cache.parsed.erase(name);
    throw std::runtime_error("template " + name + ": " + message);
  }
  return html;
}

}  // namespace

std::string PageRenderer::render(std::string_view page, const nlohmann::json& view) const {
  if (page == "layout" || !state_->sources.contains(page)) {
    throw std::invalid_argument("no page template named '" + std::string(page) + "'");
  }
  if (!view.is_object() && !view.is_null()) {
    throw std::invalid_argument("the view of page '" + std::string(page) + "' is not an object");
  }
  km::data data = view.is_null() ? km::data{km::data::type::object} : to_data(view);
  // `content` is ours: a view cannot supply it, and only the layout sees it.
  data.set("content", km::data{false});
  std::string content = render_template(*state_, std::string(page), data);
  data.set("content", km::data{std::move(content)});
  return render_template(*state_, "layout", data);
}

bool PageRenderer::has_page(std::string_view page) const {
  return page != "layout" && state_->sources.contains(page);
}

std::vector<std::string> PageRenderer::overridden() const {
  std::vector<std::string> names;
  for (const auto& [name, source] : state_->sources) {
    if (source.from_theme) names.push_back(name);
  }
  return names;
}

}  // namespace atrium::web
