#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

// What owners upload beside OpenAPI documents (DESIGN §9): product images and GraphQL schemas.
// Refusals name the field `file` (the multipart part Tyk's clients send) and say what is wrong.
namespace atrium {

inline constexpr std::size_t kMaxImageBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kMaxGraphqlBytes = std::size_t{1024} * 1024;

// The media type of an image by its magic bytes (the client's Content-Type is not trusted):
// image/png, image/jpeg, image/gif or image/webp. kInvalidArgument "image.invalid" for an empty
// file, an SVG (it can carry scripts) or anything else; kPayloadTooLarge "image.too_large" past
// kMaxImageBytes.
Result<std::string> image_media_type(std::string_view bytes);

// A GraphQL schema as uploaded: SDL (application/graphql) or an introspection result in JSON
// (application/json: an object with `__schema`, or `data.__schema`).
struct GraphqlSchema {
  std::string text;
  std::string media_type;
};

// Checks `text`: valid UTF-8, at most kMaxGraphqlBytes (kPayloadTooLarge "graphql.too_large"),
// and either introspection JSON or SDL that is lexically GraphQL (names, punctuators, numbers,
// strings, block strings, comments), with balanced brackets, and made of type-system
// definitions (schema, scalar, type, interface, union, enum, input, directive, extend), each
// optionally after a description. Refusals are kInvalidArgument "graphql.invalid" on `file`,
// with the line of the problem.
Result<GraphqlSchema> parse_graphql_schema(std::string_view text);

}  // namespace atrium
