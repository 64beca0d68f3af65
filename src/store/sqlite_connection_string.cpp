#include "store/sqlite_connection_string.hpp"

#include <stdexcept>

#include "core/encoding.hpp"

namespace atrium::store {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// "file:" URIs as SQLite reads them: an optional "//" authority that must be empty or localhost.
std::string path_of_file_uri(std::string_view uri) {
  std::string_view rest = uri.substr(5);  // after "file:"
  if (const auto query = rest.find_first_of("?#"); query != std::string_view::npos) {
    rest = rest.substr(0, query);
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    if (!authority.empty() && authority != "localhost") {
      throw std::runtime_error("SQLite connection string \"" + std::string(uri) +
                               "\": a file: URI may only name localhost");
    }
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  return percent_decode(rest);
}

// SOCI's "key=value key2=\"value with spaces\"" form: the value of db or dbname.
std::string path_of_key_values(std::string_view text) {
  std::string path;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    const auto equals = text.find('=', i);
    if (equals == std::string_view::npos) {
      throw std::runtime_error("SQLite connection string \"" + std::string(text) +
                               "\": expected key=value pairs such as db=data/atrium.db");
    }
    const std::string_view key = trim(text.substr(i, equals - i));
    std::string value;
    i = equals + 1;
    if (i < text.size() && text[i] == '"') {
      const auto close = text.find('"', i + 1);
      if (close == std::string_view::npos) {
        throw std::runtime_error("SQLite connection string \"" + std::string(text) +
                                 "\": unterminated quote");
      }
      value = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      const auto end = text.find(' ', i);
      value = std::string(text.substr(i, end == std::string_view::npos ? end : end - i));
      i = end == std::string_view::npos ? text.size() : end;
    }
    if (key == "db" || key == "dbname") path = std::move(value);
  }
  if (path.empty()) {
    throw std::runtime_error("SQLite connection string \"" + std::string(text) +
                             "\" names no database file (use db=<path>)");
  }
  return path;
}

}  // namespace

std::string sqlite_database_path(std::string_view connection_string) {
  const std::string_view text = trim(connection_string);
  std::string path;
  if (text.substr(0, 5) == "file:") {
    path = path_of_file_uri(text);
  } else if (text.find('=') != std::string_view::npos &&
             (text.substr(0, 3) == "db=" || text.substr(0, 7) == "dbname=" ||
              text.find(" db=") != std::string_view::npos ||
              text.find(" dbname=") != std::string_view::npos)) {
    path = path_of_key_values(text);
  } else {
    path = std::string(text);
  }
  if (path.empty()) {
    throw std::runtime_error(
        "the SQLite connection string is empty: give the database file path, e.g. data/atrium.db");
  }
  if (path == ":memory:") {
    throw std::runtime_error(
        "an in-memory SQLite database cannot be shared by a connection pool: give a file path");
  }
  return path;
}

std::string soci_sqlite_connect_string(const std::string& path) {
  if (path.find('"') != std::string::npos) {
    throw std::runtime_error("SQLite database path \"" + path +
                             "\" contains a double quote, which is not supported");
  }
  return "db=\"" + path + "\"";
}

}  // namespace atrium::store
