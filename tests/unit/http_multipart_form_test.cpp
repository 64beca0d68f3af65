// multipart/form-data uploads (Tyk's OAS, logo and preview uploads).

#include <gtest/gtest.h>

#include <string>

#include "http/multipart_form.hpp"

namespace {

using atrium::http::multipart_boundary;
using atrium::http::parse_multipart_form;

TEST(MultipartForm, ReadsTheBoundaryOfFormDataOnly) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; boundary=\"a b\""), "a b");
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST(MultipartForm, ReadsEveryPart) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"oas.yaml\"\r\n"
      "Content-Type: application/yaml\r\n\r\nopenapi: 3.0.0\r\n--not the end\r\n"
      "--XyZ--\r\n";
  auto parts = parse_multipart_form(body, "XyZ");
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2U);
  EXPECT_EQ((*parts)[0].name, "note");
  EXPECT_EQ((*parts)[0].data, "hello");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "oas.yaml");
  EXPECT_EQ((*parts)[1].content_type, "application/yaml");
  EXPECT_EQ((*parts)[1].data, "openapi: 3.0.0\r\n--not the end");
}

TEST(MultipartForm, RefusesMalformedBodies) {
  for (const std::string& body : std::vector<std::string>{
           "", "garbage", "--XyZ\r\nno headers end",
           "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",
           "--XyZ\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--XyZ--",
           "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nno closing boundary"}) {
    auto parts = parse_multipart_form(body, "XyZ");
    ASSERT_FALSE(parts) << body;
    EXPECT_EQ(parts.error().id, "request.malformed_multipart");
  }
}

}  // namespace
