#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

// The API reference of a product page (DESIGN §9): an OpenAPI 3 document, as parse_openapi reads
// it, turned into a view a person can read without running any script. Everything in the document
// is an owner's input, so every value is checked for its type (a wrong one is left out), texts are
// escaped by the templates, and descriptions go through render_markdown (raw HTML off).
namespace atrium::web {

// How far a schema is expanded: nesting levels, and rows (properties) per schema shown.
inline constexpr int kMaxSchemaDepth = 6;
inline constexpr std::size_t kMaxSchemaRows = 200;

// The view of one schema: `type` (e.g. "object", "array of Pet", "string (date-time)"), `name`
// (the components/schemas name it came from, if any), `markdown_html`, and `properties`, rows of
// {name (dotted path, "items[]" for array items), type, required, markdown_html}, and `described`
// (whether any row has a description: the table leaves the column out otherwise). Local `$ref`s
// ("#/...") are resolved; a schema met again inside itself is named, not expanded (`recursive`);
// expansion stops at kMaxSchemaDepth or kMaxSchemaRows (`truncated`).
nlohmann::json schema_view(const nlohmann::json& document, const nlohmann::json& schema);

// The whole reference: `title`, `version`, `markdown_html`, `tags` (in the document's `tags`
// order, then in order of first use; untagged operations under "Other"), each with `name`,
// `anchor`, `markdown_html` and `operations`: {method, path, summary, markdown_html, anchor,
// deprecated, parameters [{name, in, required, type, markdown_html}], parameters_described,
// request_body {required,
// markdown_html, contents [{media_type, schema, example}]}, responses [{status, markdown_html,
// contents}]}. Anchors start with `anchor_prefix` and use only [A-Za-z0-9_-].
nlohmann::json api_reference_view(const nlohmann::json& document, std::string_view anchor_prefix);

}  // namespace atrium::web
