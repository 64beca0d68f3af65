#pragma once

#include <string>
#include <string_view>

namespace atrium::http {

// Writes JSON text straight into a string, for the hot list responses: building an
// nlohmann::json per row (a std::map node and a string per field) and dumping it cost more than
// the SQL of a page of users (callgrind, bench/README.md). The text is what nlohmann::json::dump
// gives for the same object when fields are written in sorted key order: the same escapes, UTF-8
// kept as is, malformed UTF-8 replaced by U+FFFD.
class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // `name` is written as is: field names are the code's own and need no escape.
  void key(std::string_view name);
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(long long number);
  void value(bool flag);
  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();
  // Writes `text` quoted and escaped, each malformed UTF-8 subpart replaced by U+FFFD.
  void write_string(std::string_view text);

  std::string out_;
  bool first_ = true;  // no comma before the next element
};

}  // namespace atrium::http
