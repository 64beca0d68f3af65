// The checks of what owners write into catalogues, products, plans and docs
// (domain/catalogue/content_checks). Invariants: what each check accepts has the documented form
// and is accepted again unchanged; a slug derived from a name that has a letter or digit is
// always a valid slug (the owner did not write it, so cannot fix it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/encoding.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/directory/names.hpp"
#include "fuzz_support.hpp"

namespace {

bool is_slug(std::string_view slug) {
  return !slug.empty() && slug.size() <= 100 && slug.front() != '-' && slug.back() != '-' &&
         slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

// Runs one check on a fresh ContentChecks: its result, and whether it passed.
template <typename Check>
std::pair<std::string, bool> run(Check check) {
  atrium::ContentChecks checks;
  std::string value = check(checks);
  const auto status = checks.finish("fuzz.invalid");
  if (!status) FUZZ_CHECK(atrium::fuzz::is_plain_error(status.error()));
  return {std::move(value), status.has_value()};
}

void check_slugs(std::string_view text) {
  const auto [given, given_ok] = run([&](auto& c) { return c.slug(text, "", "Slug"); });
  if (!text.empty() && given_ok) FUZZ_CHECK(is_slug(given));
  const auto [derived, derived_ok] = run([&](auto& c) { return c.slug("", text, "Slug"); });
  if (derived_ok) FUZZ_CHECK(is_slug(derived));
  const bool has_slug_character = atrium::ascii_lower(text).find_first_of(
                                      "abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos;
  if (atrium::check_display_name(text, "Name") && has_slug_character) FUZZ_CHECK(derived_ok);
}

void check_texts(std::string_view text) {
  const auto [value, ok] = run([&](auto& c) { return c.text(text, 50, "Description"); });
  if (ok) {
    FUZZ_CHECK(value == text && atrium::is_valid_utf8(value) && atrium::utf8_length(value) <= 50);
  }
  const auto [doc, doc_ok] = run([&](auto& c) { return c.document(text, 1024, "Content"); });
  if (doc_ok) FUZZ_CHECK(doc == text && atrium::is_valid_utf8(doc) && doc.size() <= 1024);
}

void check_locations(std::string_view text) {
  const auto [url, url_ok] = run([&](auto& c) { return c.url(text, "URL"); });
  if (url_ok && !url.empty()) {
    const std::string lower = atrium::ascii_lower(url);
    FUZZ_CHECK(lower.starts_with("http://") || lower.starts_with("https://"));
    FUZZ_CHECK(url.find_first_of(" <>\"") == std::string::npos && url.size() <= 2048);
    const std::string accepted = url;  // clang 14 cannot capture a structured binding
    FUZZ_CHECK(run([&](auto& c) { return c.url(accepted, "URL"); }) ==
               std::make_pair(accepted, true));
  }
  const auto [path, path_ok] = run([&](auto& c) { return c.listen_path(text, "ListenPath"); });
  if (path_ok && !path.empty()) {
    FUZZ_CHECK(path.front() == '/' && path.find_first_of(" ?#") == std::string::npos);
    FUZZ_CHECK(path.size() <= atrium::kMaxShortTextLength);
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = atrium::fuzz::as_text(data, size);
  check_slugs(text);
  check_texts(text);
  check_locations(text);
  return 0;
}
