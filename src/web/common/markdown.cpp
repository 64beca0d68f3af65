#include "web/common/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace atrium::web {

namespace {

constexpr std::array<const char*, 4> kExtensions = {"table", "strikethrough", "autolink",
                                                    "tasklist"};

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct TextDeleter {
  void operator()(char* text) const { std::free(text); }  // NOLINT(cppcoreguidelines-no-malloc)
};

}  // namespace

std::string render_markdown(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  // CMARK_OPT_DEFAULT leaves out raw HTML and unsafe links (no CMARK_OPT_UNSAFE); smart quotes
  // and the footnotes' back-references are not needed.
  const int options = CMARK_OPT_DEFAULT;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
  if (!parser) throw std::bad_alloc();
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
  if (!document) throw std::bad_alloc();
  std::unique_ptr<char, TextDeleter> html(
      cmark_render_html(document.get(), options, cmark_parser_get_syntax_extensions(parser.get())));
  if (!html) throw std::bad_alloc();
  return {html.get()};
}

}  // namespace atrium::web
