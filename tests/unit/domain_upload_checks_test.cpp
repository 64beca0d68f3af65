// Product images are recognised by their magic bytes (SVG and everything else refused, with the
// reason, and a size cap); GraphQL schemas are SDL or introspection JSON, checked lexically.

#include <gtest/gtest.h>

#include <string>

#include "domain/catalogue/upload_checks.hpp"

namespace {

using atrium::ErrorCode;
using atrium::image_media_type;
using atrium::parse_graphql_schema;

std::string png() { return {"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16}; }

TEST(ImageUpload, KnowsTheFourFormatsByTheirBytes) {
  EXPECT_EQ(image_media_type(png()).value(), "image/png");
  EXPECT_EQ(image_media_type("\xFF\xD8\xFF\xE0\0\x10JFIF").value(), "image/jpeg");
  EXPECT_EQ(image_media_type("GIF89a\x01\0\x01\0").value(), "image/gif");
  EXPECT_EQ(image_media_type("GIF87a\x01\0\x01\0").value(), "image/gif");
  EXPECT_EQ(image_media_type(std::string("RIFF\x24\0\0\0WEBPVP8 ", 16)).value(), "image/webp");
}

TEST(ImageUpload, RefusesSvgOtherFilesAndEmptyOnesNamingTheProblem) {
  for (const char* svg : {"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>",
                          "  <?xml version=\"1.0\"?><svg/>", "\xEF\xBB\xBF<SVG></SVG>"}) {
    const auto refused = image_media_type(svg);
    ASSERT_FALSE(refused) << svg;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().id, "image.invalid");
    ASSERT_EQ(refused.error().fields.size(), 1U);
    EXPECT_EQ(refused.error().fields[0].field, "file");
    EXPECT_NE(refused.error().fields[0].message.find("SVG"), std::string::npos);
  }
  for (const char* other : {"%PDF-1.7", "RIFF\x24\0\0\0WAVE", "GIF8", "hello"}) {
    const auto refused = image_media_type(other);
    ASSERT_FALSE(refused) << other;
    EXPECT_NE(refused.error().fields[0].message.find("not a PNG, JPEG, GIF or WebP"),
              std::string::npos);
  }
  EXPECT_EQ(image_media_type("").error().fields[0].message, "is empty");
}

TEST(ImageUpload, CapsTheSize) {
  std::string big = png();
  big.resize(atrium::kMaxImageBytes, 'x');
  EXPECT_TRUE(image_media_type(big));
  big.push_back('x');
  const auto refused = image_media_type(big);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(refused.error().id, "image.too_large");
}

constexpr const char* kSchema = R"(
"""The root of reads."""
schema { query: Query }
scalar Date
# a comment
type Query {
  "One payment"
  payment(id: ID!): Payment @deprecated(reason: "use payments")
  payments(first: Int = 10, after: String): [Payment!]!
}
type Payment implements Node & Entity { id: ID! amount: Float when: Date }
interface Node { id: ID! }
interface Entity { id: ID! }
union Result = Payment | Refund
type Refund { id: ID! }
enum Currency { EUR USD }
input Filter { currency: Currency = EUR, min: Float = -1.5e3 }
directive @auth(requires: String = "owner") on FIELD_DEFINITION | OBJECT
extend type Query { refunds: [Refund] }
)";

TEST(GraphqlUpload, AcceptsSdlAndIntrospectionJson) {
  const auto sdl = parse_graphql_schema(kSchema);
  ASSERT_TRUE(sdl) << sdl.error().fields[0].message;
  EXPECT_EQ(sdl->media_type, "application/graphql");
  EXPECT_EQ(sdl->text, kSchema);
  const auto json = parse_graphql_schema(R"({"data": {"__schema": {"types": []}}})");
  ASSERT_TRUE(json);
  EXPECT_EQ(json->media_type, "application/json");
  EXPECT_TRUE(parse_graphql_schema(R"({"__schema": {"queryType": {"name": "Query"}}})"));
}

TEST(GraphqlUpload, RefusesWhatIsNotASchemaWithTheLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"", "is empty"},
           Case{"# only a comment\n", "has no type definitions"},
           Case{"type Query {\n  a: Int\n", "line 1: '{' is never closed"},
           Case{"type Query {\n  a: [Int)\n}", "line 2: an unexpected ')'"},
           Case{"query { payments { id } }", "line 1: expected a type definition"},
           Case{"type Query { a: Int }\nfoo", "line 2: expected a type definition"},
           Case{"type Query { a: String = \"open }", "line 1: a string that never ends"},
           Case{"type Query {\n a: Int ~ }", "line 2: a character GraphQL does not have"},
           Case{"openapi: 3.0.0", "line 1: expected a type definition"},
           Case{R"({"openapi": "3.0.0"})", "is JSON but not a GraphQL introspection result"},
           Case{"{not json", "is not valid JSON"},
           Case{"type Query { a: Int }\xFF", "is not UTF-8 text"},
       }) {
    const auto refused = parse_graphql_schema(c.text);
    ASSERT_FALSE(refused) << c.text;
    EXPECT_EQ(refused.error().id, "graphql.invalid") << c.text;
    ASSERT_EQ(refused.error().fields.size(), 1U);
    EXPECT_EQ(refused.error().fields[0].field, "file");
    EXPECT_NE(refused.error().fields[0].message.find(c.message), std::string::npos)
        << c.text << " -> " << refused.error().fields[0].message;
  }
  std::string big = "type Query { a: Int }\n";
  big.resize(atrium::kMaxGraphqlBytes + 1, ' ');
  EXPECT_EQ(parse_graphql_schema(big).error().code, ErrorCode::kPayloadTooLarge);
}

}  // namespace
