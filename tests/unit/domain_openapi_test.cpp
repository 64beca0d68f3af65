// Uploaded OpenAPI documents: JSON or YAML, OpenAPI 3 only, refused with a reason naming the
// field, and bounded (YAML alias expansion cannot blow up).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/catalogue/openapi_document.hpp"

namespace {

using atrium::parse_openapi;

constexpr const char* kYaml = R"(openapi: 3.0.3
info:
  title: Payments
  version: "1.0"
paths:
  /pay:
    get:
      summary: List payments
      responses:
        "200":
          description: ok
)";

TEST(OpenApi, AcceptsYamlAndJson) {
  auto yaml = parse_openapi(kYaml, "file");
  ASSERT_TRUE(yaml) << yaml.error().message;
  EXPECT_EQ(yaml->media_type, "application/yaml");
  EXPECT_EQ(yaml->parsed["info"]["title"], "Payments");
  EXPECT_EQ(yaml->parsed["info"]["version"], "1.0") << "quoted scalars stay text";
  EXPECT_TRUE(yaml->parsed["paths"]["/pay"]["get"]["responses"].contains("200"));
  EXPECT_EQ(yaml->text, kYaml) << "kept as uploaded";

  auto json = parse_openapi(
      R"({"openapi":"3.1.0","info":{"title":"T","version":"2"},"webhooks":{}})", "file");
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ(json->media_type, "application/json");
}

TEST(OpenApi, RefusesWhatIsNotOpenApi3NamingTheField) {
  for (const std::string& bad : std::vector<std::string>{
           "{not json", "key: [unclosed", "- a list", R"({"swagger":"2.0","info":{}})",
           R"({"openapi":"3.0.0","paths":{}})",
           R"({"openapi":"3.0.0","info":{"title":"T","version":"1"}})", "plain text",
           std::string("\xff\xfe", 2)}) {
    auto parsed = parse_openapi(bad, "file");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().id, "oas.invalid");
    ASSERT_EQ(parsed.error().fields.size(), 1U);
    EXPECT_EQ(parsed.error().fields[0].field, "file");
  }
}

TEST(OpenApi, AliasExpansionIsBounded) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  auto parsed = parse_openapi(bomb, "file");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("too large"), std::string::npos) << parsed.error().message;
}

}  // namespace
