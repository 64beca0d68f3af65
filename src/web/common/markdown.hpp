#pragma once

#include <string>
#include <string_view>

// Product documentation pages are Markdown written by API Owners and read by everyone who can
// see the product, so they are rendered safely: GitHub Flavored Markdown (tables, strikethrough,
// autolinks, task lists) with raw HTML left out and unsafe link schemes (javascript:, vbscript:,
// file:, data: other than images) dropped, as cmark-gfm does without CMARK_OPT_UNSAFE.
namespace atrium::web {

// The HTML of `markdown`, safe to place inside a page.
std::string render_markdown(std::string_view markdown);

}  // namespace atrium::web
