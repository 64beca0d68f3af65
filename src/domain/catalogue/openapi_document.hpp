#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"

// An API's OpenAPI document as an owner uploads it (DESIGN §9): JSON or YAML, OpenAPI 3.
namespace atrium {

inline constexpr std::size_t kMaxOpenApiBytes = std::size_t{1024} * 1024;

struct OpenApiDocument {   // NOLINT(bugprone-exception-escape): a plain aggregate
  std::string text;        // as uploaded: what a download gives back
  std::string media_type;  // "application/json" or "application/yaml"
  nlohmann::json parsed;   // the document as JSON, for the API reference
};

// Reads `text` as JSON when it starts with '{', else as YAML, and checks that it is an OpenAPI 3
// document: an object with `openapi` "3.x", `info` with `title` and `version`, and `paths` (or,
// from 3.1, `webhooks` or `components`). Refusals are kInvalidArgument with a field error on
// `field` saying what is wrong (and where, for a syntax error). YAML anchors are expanded within
// a bound on the document's size, so an "entity expansion" cannot exhaust memory.
Result<OpenApiDocument> parse_openapi(std::string_view text, std::string_view field);

}  // namespace atrium
