// The query-string and form parser (http/request: parse_query, percent coding), the strict query
// readers on top (http/query_params, http/user_list_query) and the id parsers of paths.
// Invariants: what parse_query reads writes back through query_string and reads again the same;
// percent coding round-trips every byte; QueryReader's accepted values are within the documented
// ranges and its refusals name the parameter; the user-list filter written as a query reads back
// as the same filter; an id parser accepts only positive decimal numbers; a form body is refused
// exactly when a field is not clean text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/directory/names.hpp"
#include "fuzz_support.hpp"
#include "http/json_util.hpp"
#include "http/query_params.hpp"
#include "http/request.hpp"
#include "http/request_text.hpp"
#include "http/user_list_query.hpp"

namespace {

using atrium::http::QueryPairs;

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

void check_pairs(std::string_view raw, const QueryPairs& pairs) {
  FUZZ_CHECK(atrium::http::parse_query(atrium::http::query_string(pairs)) == pairs);
  for (const auto& [name, value] : pairs) {
    for (const std::string* text : {&name, &value}) {
      const std::string encoded = atrium::http::percent_encode(*text);
      FUZZ_CHECK(atrium::http::percent_decode(encoded, true) == *text);
      FUZZ_CHECK(atrium::http::percent_decode(encoded, false) == *text);
    }
  }
  if (const auto decoded = atrium::http::percent_decode(raw, false)) {
    FUZZ_CHECK(decoded->size() <= raw.size());
  }
}

void check_ids(const QueryPairs& pairs) {
  for (const auto& [name, value] : pairs) {
    long long id = 0;
    if (atrium::parse_numeric_id(value, id)) FUZZ_CHECK(id > 0 && all_digits(value));
    if (const auto path_id = atrium::http::parse_path_id(value, "user")) {
      FUZZ_CHECK(*path_id > 0 && all_digits(value));
    }
  }
}

void check_query_reader(const atrium::http::Request& request) {
  atrium::http::QueryReader query(request);
  const auto page = query.page();
  const auto keyset = query.keyset_page(page);
  const auto email = query.text("email");
  const auto status = query.finish();
  if (status) {
    FUZZ_CHECK(page.page >= 1 && page.page <= 1'000'000'000LL);
    FUZZ_CHECK(page.per_page >= 1 && page.per_page <= atrium::kMaxPerPage);
    if (keyset) FUZZ_CHECK(keyset->after_id >= 0 && keyset->per_page == page.per_page);
    if (email) FUZZ_CHECK(atrium::is_valid_utf8(*email) && email->size() <= 254);
  } else {
    FUZZ_CHECK(atrium::fuzz::is_plain_error(status.error()));
    FUZZ_CHECK(!status.error().fields.empty());
  }
}

void check_user_filter(const atrium::http::Request& request) {
  atrium::http::QueryReader query(request);
  const auto filter = atrium::http::read_user_filter(query);
  if (!filter || !query.finish()) return;
  const QueryPairs written = atrium::http::user_filter_query(*filter);
  atrium::http::Request again;
  again.query = atrium::http::parse_query(atrium::http::query_string(written));
  atrium::http::QueryReader reread(again);
  const auto filter_again = atrium::http::read_user_filter(reread);
  FUZZ_CHECK(filter_again.has_value() && reread.finish().has_value());
  FUZZ_CHECK(atrium::http::user_filter_query(*filter_again) == written);
}

// A page's form body: refused exactly when a field's name or value is not clean text.
void check_form_text(std::string_view raw, const QueryPairs& pairs) {
  atrium::http::Request form;
  form.body = std::string(raw);
  bool clean = true;
  for (const auto& [name, value] : pairs) {
    for (const std::string* text : {&name, &value}) {
      clean = clean && atrium::fuzz::reference_utf8(*text) && text->find('\0') == std::string::npos;
    }
  }
  const auto checked = atrium::http::check_request_text(form, true);
  FUZZ_CHECK(checked.has_value() == clean);
  if (!checked) FUZZ_CHECK(atrium::fuzz::is_plain_error(checked.error()));
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw = atrium::fuzz::as_text(data, size);
  atrium::http::Request request;
  request.query = atrium::http::parse_query(raw);
  check_pairs(raw, request.query);
  check_ids(request.query);
  check_query_reader(request);
  check_user_filter(request);
  check_form_text(raw, request.query);
  return 0;
}
