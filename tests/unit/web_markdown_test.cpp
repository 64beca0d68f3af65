// Product docs are Markdown from API Owners shown to everyone who sees the product: rendered with
// GitHub's extensions, and inert whatever they contain.

#include <gtest/gtest.h>

#include <string>

#include "web/common/markdown.hpp"

namespace {

using atrium::web::render_markdown;

TEST(Markdown, RendersHeadingsCodeAndGithubTables) {
  const std::string html = render_markdown(
      "# Getting started\n\nCall `GET /pay`.\n\n| Field | Type |\n|---|---|\n| id | int |\n\n"
      "~~old~~ and https://example.com\n");
  EXPECT_NE(html.find("<h1>Getting started</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>GET /pay</code>"), std::string::npos) << html;
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<del>old</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://example.com\">"), std::string::npos) << html;
}

TEST(Markdown, RawHtmlAndScriptLinksAreInert) {
  const std::string html = render_markdown(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> more\n\n"
      "[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) "
      "[vb](VBScript:msgbox) ![img](javascript:alert(4))\n");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img src=\"x\""), std::string::npos) << html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("data:text/html"), std::string::npos) << html;
  EXPECT_EQ(html.find("VBScript:"), std::string::npos) << html;
  EXPECT_NE(html.find("raw HTML omitted"), std::string::npos) << html;
}

TEST(Markdown, TextIsEscaped) {
  const std::string html = render_markdown("5 < 6 & \"quotes\"\n");
  EXPECT_NE(html.find("5 &lt; 6 &amp; &quot;quotes&quot;"), std::string::npos) << html;
}

}  // namespace
