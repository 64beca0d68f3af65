#pragma once

// Shared by the fuzz targets (docs/checks.md, "Fuzzing"): a check that holds in every build type
// and names the broken invariant, and the properties every client-facing error must have.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "core/error.hpp"

namespace atrium::fuzz {

[[noreturn]] inline void invariant_broken(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
  std::abort();  // libFuzzer reports it and writes the input to the artifact folder
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};  // NOLINT: libFuzzer hands bytes
}

// Text that may go into a response or a log line as it is: well-formed UTF-8, no control
// characters (the log escapes them anyway; a client-facing message should not need it).
inline bool is_plain_text(std::string_view text) {
  if (!is_valid_utf8(text)) return false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

inline bool is_plain_error(const Error& error) {
  if (error.id.empty() || !is_plain_text(error.id) || !is_plain_text(error.message)) return false;
  for (const auto& field : error.fields) {
    if (!is_plain_text(field.field) || !is_plain_text(field.message)) return false;
  }
  return true;
}

// Well-formed UTF-8 by Unicode 15 §3.9 Table 3-7 (the byte ranges, written independently of
// core/encoding's decoding): the oracle the UTF-8 checks are compared with.
inline bool reference_utf8(std::string_view text) {
  struct Row {
    unsigned char first_low, first_high, second_low, second_high;
    std::size_t length;
  };
  static constexpr Row kRows[] = {
      {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
      {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
      {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
  };
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const Row* row = nullptr;
    for (const Row& candidate : kRows) {
      if (byte(i) >= candidate.first_low && byte(i) <= candidate.first_high) row = &candidate;
    }
    if (row == nullptr || i + row->length > text.size()) return false;
    for (std::size_t k = 1; k < row->length; ++k) {
      const unsigned char low = k == 1 ? row->second_low : 0x80;
      const unsigned char high = k == 1 ? row->second_high : 0xBF;
      if (byte(i + k) < low || byte(i + k) > high) return false;
    }
    i += row->length;
  }
  return true;
}

}  // namespace atrium::fuzz

// A macro so that the report names the condition, file and line.
#define FUZZ_CHECK(condition) /* NOLINT(cppcoreguidelines-macro-usage) */ \
  ((condition) ? (void)0 : ::atrium::fuzz::invariant_broken(#condition, __FILE__, __LINE__))
