// The user list's query both ways (read into a filter, written back into the Link to the next
// page) and keyset paging's parameters, without a server.
#include <gtest/gtest.h>

#include <algorithm>

#include "http/json/audit_json.hpp"
#include "http/json/organisation_json.hpp"
#include "http/json/page_json.hpp"
#include "http/json/user_json.hpp"
#include "http/query_params.hpp"
#include "http/request.hpp"
#include "http/user_list_query.hpp"

namespace atrium::http {
namespace {

Request request_with_query(std::string_view raw) {
  Request request;
  request.method = "GET";
  request.path = "/portal-api/users";
  request.query = parse_query(raw);
  return request;
}

TEST(QueryString, EncodesWhatParseQueryDecodes) {
  const QueryPairs pairs = {{"search", "mary ann+o'hara & co=1%"},
                            {"email", "a.b-c_d~e@example.com"},
                            {"name", "é日本#?/"},
                            {"empty", ""}};
  const std::string text = query_string(pairs);
  // Only the separators are left as they are.
  EXPECT_EQ(std::count(text.begin(), text.end(), '&'), 3);
  EXPECT_EQ(std::count(text.begin(), text.end(), '='), 4);
  EXPECT_EQ(text.find_first_of(" +#?/'"), std::string::npos) << text;
  EXPECT_EQ(parse_query(text), pairs);
  EXPECT_EQ(percent_encode("a b+c@d"), "a%20b%2Bc%40d");
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
}

TEST(UserListQuery, TheFilterReadsBackFromItsQuery) {
  UserFilter filter;
  filter.email = "Ada+list@Example.com";
  filter.search = "o'ha ra&x=1";
  filter.organisation_id = 7;
  filter.team_id = 9;
  filter.active = false;
  filter.role = Role::kConsumerTeamMember;
  const Request request = request_with_query(query_string(user_filter_query(filter)));
  QueryReader query(request);
  auto read = read_user_filter(query);
  ASSERT_TRUE(read);
  ASSERT_TRUE(query.finish());
  EXPECT_EQ(read->email, filter.email);
  EXPECT_EQ(read->search, filter.search);
  EXPECT_EQ(read->organisation_id, filter.organisation_id);
  EXPECT_EQ(read->team_id, filter.team_id);
  EXPECT_EQ(read->active, filter.active);
  EXPECT_EQ(read->role, filter.role);

  // What the policy adds is not a client's to send back; nothing set, nothing written.
  UserFilter scoped;
  scoped.sharing_team_with = 3;
  EXPECT_TRUE(user_filter_query(scoped).empty());
  scoped.search = "";
  EXPECT_EQ(user_filter_query(scoped), (QueryPairs{{"search", ""}}));
}

TEST(NextPageLink, PointsAfterTheLastIdWhileMoreFollow) {
  PageOf<User> page;
  page.total = 50;
  page.more = true;
  for (const UserId id : {4, 8, 15}) {
    User user;
    user.id = id;
    page.items.push_back(user);
  }
  const QueryPairs filters = {{"search", "a b"}, {"active", "true"}};
  EXPECT_EQ(next_page_link("/portal-api/users", page, 3, filters),
            "</portal-api/users?after_id=15&per_page=3&search=a%20b&active=true>; rel=\"next\"");
  EXPECT_EQ(next_page_link("/portal-api/users", page, 3, {}),
            "</portal-api/users?after_id=15&per_page=3>; rel=\"next\"");
  EXPECT_EQ(next_page_link("/portal-api/users", page, 3, {{"email", "USER3@acme.com"}}),
            "</portal-api/users?after_id=15&per_page=3&email=USER3%40acme.com>; rel=\"next\"");
  page.more = false;  // the last page, even a full one
  EXPECT_EQ(next_page_link("/portal-api/users", page, 3, filters), std::nullopt);
  EXPECT_EQ(next_page_link("/portal-api/users", PageOf<User>{}, 3, filters), std::nullopt);
}

TEST(KeysetPageQuery, AfterIdIsANonNegativeIntegerWithoutPage) {
  const auto read = [](std::string_view raw) {
    const Request request = request_with_query(raw);
    QueryReader query(request);
    const PageRequest page = query.page();
    auto keyset = query.keyset_page(page);
    return std::make_pair(keyset, query.finish());
  };
  auto [given, given_ok] = read("after_id=42&per_page=7");
  ASSERT_TRUE(given_ok);
  ASSERT_TRUE(given);
  EXPECT_EQ(given->after_id, 42);
  EXPECT_EQ(given->per_page, 7);
  auto [limited, limit_ok] = read("after_id=0&limit=3");
  ASSERT_TRUE(limit_ok);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->after_id, 0);
  EXPECT_EQ(limited->per_page, 3);
  auto [absent, absent_ok] = read("page=3");
  EXPECT_TRUE(absent_ok);
  EXPECT_FALSE(absent);

  for (const char* raw : {"after_id=-1", "after_id=x", "after_id=", "after_id=1e3", "after_id=%2B1",
                          "after_id=5&page=1", "page=2&after_id=5"}) {
    auto [keyset, status] = read(raw);
    EXPECT_FALSE(keyset) << raw;
    ASSERT_FALSE(status) << raw;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << raw;
    ASSERT_EQ(status.error().fields.size(), 1U) << raw;
    EXPECT_EQ(status.error().fields[0].field, "after_id") << raw;
  }
}

}  // namespace
}  // namespace atrium::http
