#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::http {

// A request as handlers see it: independent of RESTinio, so handlers are plain functions that
// unit tests can call directly.
struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string path;    // percent-decoded, without the query string
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  std::string request_id;
  std::map<std::string, std::string, std::less<>> params;  // from the route pattern, e.g. {id}

  // First header with this (case-insensitive) name.
  std::optional<std::string_view> header(std::string_view name) const;
  // First query parameter with this name.
  std::optional<std::string_view> query_param(std::string_view name) const;
  std::string_view param(std::string_view name) const;
  bool accepts_html() const;
};

// Name and value pairs of a query string, in order.
using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// Splits "a=1&b=%20x" into decoded pairs ('+' is a space). Malformed escapes are kept literally.
QueryPairs parse_query(std::string_view raw);

// Percent-decodes a path or query component; nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Percent-encodes a query component: every byte but RFC 3986's unreserved characters
// (A-Z a-z 0-9 - . _ ~) becomes %XX, so the text reads back unchanged through parse_query.
std::string percent_encode(std::string_view text);

// "a=1&b=x%20y": the pairs in order, each name and value percent-encoded.
std::string query_string(const QueryPairs& params);

}  // namespace atrium::http
