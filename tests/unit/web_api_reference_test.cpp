// The API reference is built from an owner's OpenAPI document: references resolved within bounds,
// cycles named rather than followed, missing or mistyped pieces left out, and descriptions inert.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "web/live/api_reference.hpp"

namespace {

using atrium::web::api_reference_view;
using atrium::web::schema_view;
using nlohmann::json;

json pets_document() {
  return json::parse(R"({
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.2", "description": "All *pets*."},
  "tags": [{"name": "pets", "description": "Pet operations"}, {"name": "unused"}],
  "paths": {
    "/pets/{id}": {
      "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}}],
      "get": {
        "tags": ["pets"], "operationId": "getPet", "summary": "One pet",
        "parameters": [{"$ref": "#/components/parameters/Verbose"}],
        "responses": {
          "200": {"description": "The pet",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"},
                                                   "example": {"id": 1, "name": "Rex"}}}},
          "404": {"description": "No such pet"}
        }
      },
      "delete": {"responses": {"204": {"description": "Gone"}}}
    },
    "/pets": {
      "post": {
        "tags": ["pets"],
        "requestBody": {"required": true, "content": {"application/json": {
          "schema": {"$ref": "#/components/schemas/Pet"}}}},
        "responses": {"201": {"description": "Made"}}
      }
    }
  },
  "components": {
    "parameters": {"Verbose": {"name": "verbose", "in": "query", "required": false,
                               "schema": {"type": "boolean"}}},
    "schemas": {
      "Pet": {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": "string", "description": "What it answers to"},
        "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
        "parent": {"$ref": "#/components/schemas/Pet"}
      }},
      "Tag": {"type": "object", "properties": {"label": {"type": "string", "enum": ["a", "b"]}}}
    }
  }
})");
}

const json* row(const json& schema, const std::string& name) {
  for (const json& r : schema["properties"]) {
    if (r["name"] == name) return &r;
  }
  return nullptr;
}

TEST(ApiReference, GroupsOperationsByTagInTheDocumentsOrder) {
  const json view = api_reference_view(pets_document(), "api-1");
  EXPECT_EQ(view["title"], "Pets");
  EXPECT_EQ(view["version"], "1.2");
  EXPECT_NE(view["markdown_html"].get<std::string>().find("<em>pets</em>"), std::string::npos);
  ASSERT_EQ(view["tags"].size(), 2U);  // "unused" has no operations
  EXPECT_EQ(view["tags"][0]["name"], "pets");
  EXPECT_EQ(view["tags"][0]["anchor"], "api-1-tag-pets");
  EXPECT_EQ(view["tags"][1]["name"], "Other");
  const json& pets = view["tags"][0]["operations"];
  ASSERT_EQ(pets.size(), 2U);
  EXPECT_EQ(pets[0]["path"], "/pets");
  EXPECT_EQ(pets[0]["method"], "post");
  EXPECT_EQ(pets[1]["anchor"], "api-1-op-getPet");
  EXPECT_EQ(view["tags"][1]["operations"][0]["anchor"], "api-1-op-delete-pets-id");
}

TEST(ApiReference, ParametersMergePathAndOperationAndFollowRefs) {
  const json get = api_reference_view(pets_document(), "a")["tags"][0]["operations"][1];
  ASSERT_EQ(get["parameters"].size(), 2U);
  EXPECT_EQ(get["parameters"][0]["name"], "verbose");
  EXPECT_EQ(get["parameters"][0]["type"], "boolean");
  EXPECT_EQ(get["parameters"][0]["required"], false);
  EXPECT_EQ(get["parameters"][1]["name"], "id");
  EXPECT_EQ(get["parameters"][1]["required"], true);  // path parameters always are
  const json& ok = get["responses"][0];
  EXPECT_EQ(ok["status"], "200");
  EXPECT_NE(ok["contents"][0]["example"].get<std::string>().find("\"Rex\""), std::string::npos);
}

TEST(ApiReference, SchemasShowPropertiesTypesAndRequiredAndStopAtCycles) {
  const json schema = schema_view(pets_document(), {{"$ref", "#/components/schemas/Pet"}});
  EXPECT_EQ(schema["type"], "Pet");
  EXPECT_EQ(schema["name"], "Pet");
  ASSERT_NE(row(schema, "id"), nullptr);
  EXPECT_EQ((*row(schema, "id"))["type"], "integer (int64)");
  EXPECT_EQ((*row(schema, "id"))["required"], true);
  EXPECT_EQ((*row(schema, "name"))["required"], false);
  EXPECT_EQ((*row(schema, "tags"))["type"], "array of Tag");
  ASSERT_NE(row(schema, "tags[].label"), nullptr);
  EXPECT_EQ((*row(schema, "tags[].label"))["type"], "string, one of: a, b");
  ASSERT_NE(row(schema, "parent"), nullptr);
  EXPECT_EQ((*row(schema, "parent"))["recursive"], true);
  EXPECT_EQ(row(schema, "parent.id"), nullptr);
  EXPECT_EQ(schema["recursive"], true);
}

TEST(ApiReference, MutualCyclesAndSelfReferencesEnd) {
  const json doc = json::parse(R"({"components": {"schemas": {
    "A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"},
    "N": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/M"}}},
    "M": {"type": "object", "properties": {"back": {"$ref": "#/components/schemas/N"}}}}}})");
  const json loop = schema_view(doc, {{"$ref", "#/components/schemas/A"}});
  EXPECT_EQ(loop["has_properties"], false);
  const json chain = schema_view(doc, {{"$ref", "#/components/schemas/N"}});
  ASSERT_NE(row(chain, "next.back"), nullptr);
  EXPECT_EQ((*row(chain, "next.back"))["recursive"], true);
}

TEST(ApiReference, DeepAndWideSchemasAreBounded) {
  json deep = {{"type", "string"}};
  for (int i = 0; i < 50; ++i) deep = {{"type", "object"}, {"properties", {{"x", deep}}}};
  const json view = schema_view(json::object(), deep);
  EXPECT_EQ(view["truncated"], true);
  EXPECT_EQ(view["properties"].size(), static_cast<std::size_t>(atrium::web::kMaxSchemaDepth));
  json wide = {{"type", "object"}, {"properties", json::object()}};
  for (int i = 0; i < 500; ++i) wide["properties"]["p" + std::to_string(i)] = {{"type", "string"}};
  EXPECT_EQ(schema_view(json::object(), wide)["properties"].size(), atrium::web::kMaxSchemaRows);
}

TEST(ApiReference, MissingBrokenAndExternalPiecesAreLeftOut) {
  const json doc = json::parse(R"({"info": 7, "tags": "x", "paths": {
    "/a": {"get": {"tags": [5], "parameters": [3, {"in": "query"}, {"$ref": "#/nowhere"}],
                   "requestBody": {"$ref": "other.yaml#/Body"},
                   "responses": {"200": {"content": {"text/plain": {
                     "schema": {"$ref": "https://example.com/s.json"}}}}, "500": "oops"}},
           "post": "not an operation"},
    "/b": 12}})");
  const json view = api_reference_view(doc, "x");
  EXPECT_EQ(view["title"], "");
  ASSERT_EQ(view["tags"].size(), 1U);
  const json& get = view["tags"][0]["operations"][0];
  EXPECT_EQ(view["tags"][0]["operations"].size(), 1U);
  EXPECT_TRUE(get["parameters"].empty());
  EXPECT_TRUE(get["request_body"].is_null());
  ASSERT_EQ(get["responses"].size(), 1U);
  EXPECT_EQ(get["responses"][0]["contents"][0]["schema"]["type"],
            "https://example.com/s.json (not shown)");
  const json bad_pointer = schema_view(doc, {{"$ref", "#/paths/~9"}});
  EXPECT_EQ(bad_pointer["has_properties"], false);
}

TEST(ApiReference, DescriptionsAreInertAndAnchorsArePlain) {
  const json doc = json::parse(R"js({"info": {"title": "<script>alert(1)</script>",
    "version": "1", "description": "<script>alert(2)</script> [x](javascript:alert(3))"},
    "paths": {"/x": {"get": {"operationId": "\"><script>", "summary": "<b>hi</b>",
      "description": "<img src=x onerror=alert(4)>",
      "responses": {"200": {"description": "<script>alert(5)</script>"}}}}}})js");
  const json view = api_reference_view(doc, "api-1");
  const std::string all = view.dump();
  EXPECT_EQ(view["markdown_html"].get<std::string>().find("<script"), std::string::npos);
  EXPECT_EQ(all.find("javascript:"), std::string::npos);
  EXPECT_EQ(all.find("onerror"), std::string::npos);
  const json& op = view["tags"][0]["operations"][0];
  EXPECT_EQ(op["anchor"], "api-1-op-script");
  // Plain texts stay text: the templates escape them.
  EXPECT_EQ(op["summary"], "<b>hi</b>");
  EXPECT_EQ(op["responses"][0]["markdown_html"].get<std::string>().find("<script"),
            std::string::npos);
}

}  // namespace
