#include <gtest/gtest.h>

#include <string>

#include "http/request_text.hpp"

namespace atrium::http {
namespace {

Request request() {
  Request r;
  r.method = "GET";
  r.path = "/portal-api/users/1";
  r.params["id"] = "1";
  r.query = {{"page", "2"}, {"search", "Zoë"}};
  r.headers = {{"user-agent", "curl/8 (日本)"}, {"authorization", "abc"}};
  return r;
}

std::string field_of(const Status& status) {
  if (status) return "ok";
  return status.error().fields.empty() ? "no field" : status.error().fields.front().field;
}

TEST(RequestText, CleanTextPasses) {
  EXPECT_TRUE(is_clean_text(""));
  EXPECT_TRUE(is_clean_text("Zoë 😀"));
  EXPECT_FALSE(is_clean_text("\xFF"));
  EXPECT_FALSE(is_clean_text(std::string("a\0b", 3)));
  EXPECT_FALSE(is_clean_text("\xC3"));
  EXPECT_TRUE(check_request_text(request(), false));
}

TEST(RequestText, NamesTheFirstBadPlace) {
  Request bad_param = request();
  bad_param.params["team_id"] = "\xFF";
  const Status status = check_request_text(bad_param, false);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().id, "request.invalid");
  EXPECT_EQ(field_of(status), "team_id");

  Request bad_query = request();
  bad_query.query.emplace_back("email", std::string("a\0", 2));
  EXPECT_EQ(field_of(check_request_text(bad_query, false)), "email");

  Request bad_name = request();
  bad_name.query.emplace_back("\xFF\n", "1");
  EXPECT_EQ(field_of(check_request_text(bad_name, false)), "\\xFF\\n");  // escaped

  Request bad_header = request();
  bad_header.headers.emplace_back("x-note", "caf\xE9");
  EXPECT_EQ(field_of(check_request_text(bad_header, false)), "header x-note");
}

TEST(RequestText, FormBodiesAreCheckedWhenTheyAreForms) {
  Request form = request();
  form.method = "POST";
  form.body = "email=a%40b.c&password=%FF";
  EXPECT_TRUE(check_request_text(form, false));
  EXPECT_EQ(field_of(check_request_text(form, true)), "password");

  form.path = "/auth/password/login";
  form.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  EXPECT_TRUE(body_is_form(form, "/auth/password/login"));
  EXPECT_FALSE(body_is_form(form, "/portal-api/users/{id}"));  // the API reads JSON
  Request json = form;
  json.headers.back().second = "Application/JSON; charset=utf-8";
  EXPECT_FALSE(body_is_form(json, "/invitations"));
  // An upload's file is bytes (a PNG has NUL); the page checks its text parts as it reads them.
  Request upload = form;
  upload.headers.back().second = "multipart/form-data; boundary=x";
  EXPECT_FALSE(body_is_form(upload, "/admin/products/{id}/images/{kind}"));
  Request untyped = form;
  untyped.headers.pop_back();
  EXPECT_TRUE(body_is_form(untyped, "/auth/password/login"));
  Request empty = form;
  empty.body.clear();
  EXPECT_FALSE(body_is_form(empty, "/auth/password/login"));
}

}  // namespace
}  // namespace atrium::http
