// render_markdown (web/common/markdown): product documentation, written by API Owners and shown
// to everyone who can see the product. Invariants: the HTML of valid UTF-8 is valid UTF-8; it
// holds only the
// tags and attributes GitHub Flavored Markdown produces (raw HTML is left out, whatever the
// input's tricks); no link or image points to a script scheme.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "fuzz_support.hpp"
#include "web/common/markdown.hpp"

namespace {

const std::set<std::string, std::less<>>& allowed_tags() {
  static const std::set<std::string, std::less<>> tags = {
      "p",      "h1",    "h2",  "h3", "h4", "h5",  "h6",         "a",   "img",     "em",
      "strong", "code",  "pre", "ul", "ol", "li",  "blockquote", "hr",  "br",      "table",
      "thead",  "tbody", "tr",  "th", "td", "del", "input",      "sup", "section", "div"};
  return tags;
}

const std::set<std::string, std::less<>>& allowed_attributes() {
  static const std::set<std::string, std::less<>> attributes = {"href",
                                                                "src",
                                                                "alt",
                                                                "title",
                                                                "class",
                                                                "align",
                                                                "type",
                                                                "checked",
                                                                "disabled",
                                                                "start",
                                                                "lang",
                                                                "id",
                                                                "data-footnotes",
                                                                "data-footnote-ref",
                                                                "data-footnote-backref"};
  return attributes;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

void refuse(const char* what, std::string_view html, std::size_t at) {
  std::fprintf(stderr, "%s at %zu: %.*s\n", what, at, static_cast<int>(html.size() - at),
               html.data() + at);
  atrium::fuzz::invariant_broken(what, __FILE__, __LINE__);
}

// Checks one attribute value of a link or image: no script scheme (cmark-gfm's own list).
void check_url(std::string_view value, std::string_view html, std::size_t at) {
  const std::string lower = atrium::ascii_lower(atrium::trim(value));
  for (const std::string_view scheme : {"javascript:", "vbscript:", "file:"}) {
    if (lower.starts_with(scheme)) refuse("a script link scheme", html, at);
  }
  if (lower.starts_with("data:") && !lower.starts_with("data:image/")) {
    refuse("a data: link that is not an image", html, at);
  }
}

// Walks the tags of cmark's output: `<name attr="value" ...>` (cmark always quotes with '"'),
// `</name>`, `<!-- raw HTML omitted -->`.
void check_tags(std::string_view html) {
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.substr(at).starts_with("<!-- raw HTML omitted -->")) continue;
    std::size_t i = at + 1;
    if (i < html.size() && html[i] == '/') ++i;
    const std::size_t name_start = i;
    while (i < html.size() && is_name_char(html[i])) ++i;
    if (!allowed_tags().contains(html.substr(name_start, i - name_start))) {
      refuse("a tag GFM does not produce", html, at);
    }
    while (i < html.size() && html[i] != '>') {
      if (html[i] == ' ' || html[i] == '/') {
        ++i;
        continue;
      }
      const std::size_t attribute_start = i;
      while (i < html.size() && is_name_char(html[i])) ++i;
      const std::string_view attribute = html.substr(attribute_start, i - attribute_start);
      if (attribute.empty() || !allowed_attributes().contains(attribute)) {
        refuse("an attribute GFM does not produce", html, at);
      }
      if (i < html.size() && html[i] == '=') {
        if (i + 1 >= html.size() || html[i + 1] != '"') refuse("an unquoted attribute", html, at);
        const std::size_t end = html.find('"', i + 2);
        if (end == std::string_view::npos) refuse("an unterminated attribute", html, at);
        if (attribute == "href" || attribute == "src") {
          check_url(html.substr(i + 2, end - i - 2), html, at);
        }
        i = end + 1;
      }
    }
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view markdown = atrium::fuzz::as_text(data, size);
  const std::string html = atrium::web::render_markdown(markdown);
  // cmark-gfm passes malformed UTF-8 through; docs are checked to be valid before they are stored
  // (ContentChecks::document), and valid text must stay valid.
  if (atrium::is_valid_utf8(markdown)) FUZZ_CHECK(atrium::is_valid_utf8(html));
  check_tags(html);
  return 0;
}
