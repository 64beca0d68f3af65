#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/field_errors.hpp"
#include "core/result.hpp"

// Checks of what owners write into catalogues, products, plans and docs. Each returns the
// (trimmed) value or adds a field error naming `field`, so that a request's problems are reported
// together.
namespace atrium {

inline constexpr std::size_t kMaxDescriptionLength = 2000;                // characters
inline constexpr std::size_t kMaxContentBytes = std::size_t{256} * 1024;  // product Content (HTML)
inline constexpr std::size_t kMaxDocBytes = std::size_t{512} * 1024;      // a Markdown page
inline constexpr std::size_t kMaxShortTextLength = 200;  // ids, types, scopes, URLs' parts

// `field` = *value when a value is given (a change's absent fields stay).
template <typename T>
void set_if(const std::optional<T>& value, T& field) {
  if (value) field = *value;
}

class ContentChecks {
 public:
  // A display name: 1 to 100 characters, no control characters.
  std::string name(std::string_view value, std::string_view field);
  // Name and DisplayName of a new record (`creating`: Name required, DisplayName defaults to it)
  // or a change (each set when given).
  void names(const std::optional<std::string>& name, const std::optional<std::string>& display,
             bool creating, std::string& name_out, std::string& display_out);
  // A URL path piece: 1 to 100 of a-z, 0-9 and '-', not starting or ending with '-'. Empty input
  // derives one from `from` (lower-cased, runs of other characters become '-').
  std::string slug(std::string_view value, std::string_view from, std::string_view field);
  // Free text up to `max_characters` (line breaks allowed, other control characters not).
  std::string text(std::string_view value, std::size_t max_characters, std::string_view field);
  // A large text (HTML, Markdown) up to `max_bytes`.
  std::string document(std::string_view value, std::size_t max_bytes, std::string_view field);
  // Empty, or an absolute http(s) URL.
  std::string url(std::string_view value, std::string_view field);
  // Empty, or a path starting with '/'.
  std::string listen_path(std::string_view value, std::string_view field);
  // A whole number >= 0.
  long long count(long long value, std::string_view field);

  void add(std::string field, std::string message) {
    errors_.add(std::move(field), std::move(message));
  }

  // kInvalidArgument with every field error, or ok.
  Status finish(std::string_view id);

 private:
  FieldErrors errors_;
};

}  // namespace atrium
