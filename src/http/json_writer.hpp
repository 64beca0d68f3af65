#pragma once

#include <cstddef>
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

  void reserve(std::size_t bytes);
  std::string_view text() const { return std::string_view(out_).substr(0, size_); }
  std::string take() {
    out_.resize(size_);
    size_ = 0;
    return std::move(out_);
  }

 private:
  // Room for `bytes` more; each operation asks once for its worst case and then writes through
  // a plain pointer (appending to a std::string checked its capacity on every piece).
  char* room(std::size_t bytes);
  // A comma unless first in its object or array.
  char* separate(char* at);
  // Writes `text` quoted and escaped, each malformed UTF-8 subpart replaced by U+FFFD.
  void write_string(std::string_view text);

  std::string out_;       // written text, then room: out_.size() is the capacity
  std::size_t size_ = 0;  // bytes written
  bool first_ = true;     // no comma before the next element
};

}  // namespace atrium::http
