// JsonWriter writes the text nlohmann::json::dump gives for the same values (list responses are
// written with it, single records with nlohmann::json: both must read the same to clients).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/json/audit_json.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/json_writer.hpp"

namespace atrium::http {
namespace {

std::string dumped(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriter, StringsAreEscapedLikeNlohmann) {
  for (const std::string& text :
       {std::string("plain"), std::string("quote \" and back\\slash"), std::string("tab\tnl\ncr\r"),
        std::string("bell\x07 and \x1f and del\x7f"), std::string("\b\f"), std::string("é 日本 😀"),
        std::string("bad \xff\xfe utf-8"), std::string("nul\0in", 6), std::string(),
        std::string("\"escaped\" then cut \xe6\x97"), std::string("overlong \xc0\xaf \n"),
        std::string("surrogate \xed\xa0\x80 end"), std::string("\xf0\x9f\x98\x80\t\xf4\x90"),
        std::string("\xe0\x80\xaf x \xf0\x9f\x98"), std::string("\x80\xbf\xf5\xff\xc2"),
        std::string("mixed \0 and \xfe")}) {
    JsonWriter out;
    out.value(text);
    EXPECT_EQ(out.text(), dumped(text)) << text;
  }
}

TEST(JsonWriter, EveryByteAtEveryPlaceOfALongStringIsEscapedLikeNlohmann) {
  // Text is scanned eight bytes at a time: each kind of byte must be caught wherever it falls.
  for (const std::string& odd :
       {std::string("\""), std::string("\\"), std::string(1, '\0'), std::string("\x1f"),
        std::string("\x7f"), std::string("\x80"), std::string("\xc3\xa9"), std::string("\xe6\x97"),
        std::string(" "), std::string("!"), std::string("#")}) {
    for (std::size_t at = 0; at <= 20; ++at) {
      const std::string text = std::string(at, 'a') + odd + std::string(20 - at, 'z');
      JsonWriter out;
      out.value(text);
      EXPECT_EQ(out.text(), dumped(text)) << "at " << at;
    }
  }
}

TEST(JsonWriter, ObjectsArraysNumbersAndBooleans) {
  JsonWriter out;
  out.begin_array();
  out.begin_object();
  out.field("a", 1LL);
  out.field("b", true);
  out.field("c", "x");
  out.key("d");
  out.begin_array();
  out.value(-9223372036854775807LL - 1);
  out.value(false);
  out.end_array();
  out.end_object();
  out.begin_object();
  out.end_object();
  out.end_array();
  nlohmann::json expected = nlohmann::json::array(
      {{{"a", 1}, {"b", true}, {"c", "x"}, {"d", {INT64_MIN, false}}}, nlohmann::json::object()});
  EXPECT_EQ(out.text(), dumped(expected));
}

TEST(JsonWriter, AUserListReadsLikeTheUserRecords) {
  User user;
  user.id = 42;
  user.cid = "c1d-\"x\"";
  user.email = "ada@example.com";
  user.first = "Ada <b>";
  user.last = "Lovelace\n";
  user.role = Role::kConsumerAdmin;
  user.active = true;
  user.organisation_id = 7;
  PageOf<User> page;
  page.items = {user, User{}};
  page.total = 99;
  const Response written = written_page_response(page, write_user_index);
  EXPECT_EQ(written.body, dumped({user_index_json(user), user_index_json(User{})}));
  EXPECT_EQ(written.header("X-Total-Count"), "99");
  EXPECT_EQ(written.header("Content-Type"), "application/json");
  const Response shown = written_page_response(page, write_user_public);
  EXPECT_EQ(shown.body, dumped({user_public_json(user), user_public_json(User{})}));
  EXPECT_EQ(shown.body.find("CID"), std::string::npos);
  EXPECT_EQ(shown.body.find("OrganisationID"), std::string::npos);
}

}  // namespace
}  // namespace atrium::http
