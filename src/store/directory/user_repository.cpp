#include "domain/directory/user_repository.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "store/directory/team_row.hpp"
#include "store/directory/user_row.hpp"
#include "store/directory/user_search.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

// The WHERE clause of a user list and its values.
struct UserConditions {
  std::string from = " FROM users u";
  std::string where;  // "" or " WHERE ..."
  std::string order_by;
  QueryParams params;
  // Set when only role and status narrow the list: then the total is read from user_counts.
  std::optional<std::string> counted_total;
  QueryParams counted_params;
};

// The number of users with `role` and `active` (each when given) from user_counts, the table
// that triggers keep in step with users (migration 0005): at most eight rows, where COUNT(*)
// reads every user (DESIGN §7 growth: 12 ms at a million users on SQLite, 60–130 ms on
// PostgreSQL).
std::string counted_total(const std::optional<Role>& role, const std::optional<bool>& active,
                          QueryParams& params) {
  std::string sql = "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM user_counts c";
  std::string glue = " WHERE ";
  if (role) {
    sql += glue + "c.role = " + params.add(std::string(to_string(*role)));
    glue = " AND ";
  }
  if (active) sql += glue + "c.active = " + params.add(static_cast<long long>(*active ? 1 : 0));
  return sql;
}

// The filter whose index drives the query: the most selective one given (email, team, sharing a
// team, organisation, search, role, active), or none.
enum Driver { kEmail, kTeam, kSharing, kOrganisation, kSearch, kRole, kActive, kNone };

Driver driving_filter(const UserFilter& filter, bool search) {
  if (filter.email) return kEmail;
  if (filter.team_id) return kTeam;
  if (filter.sharing_team_with) return kSharing;
  if (filter.organisation_id) return kOrganisation;
  if (search) return kSearch;
  if (filter.role) return kRole;
  if (filter.active) return kActive;
  return kNone;
}

// The cheapest exact count of the filter's users, where one is known.
void set_counted_total(UserConditions& out, const UserFilter& filter, Driver driver, bool search) {
  if (driver == kRole || driver == kActive || driver == kNone) {
    out.counted_total = counted_total(filter.role, filter.active, out.counted_params);
  }
  // Filters after the driving one (email and team drive before sharing; see above).
  const bool narrowed = filter.organisation_id || search || filter.role || filter.active;
  if (driver == kTeam && !filter.sharing_team_with && !narrowed) {
    // Memberships name existing users (foreign keys): a team's size is counted in its index.
    out.counted_total = "SELECT COUNT(*) FROM team_memberships m WHERE m.team_id = " +
                        out.counted_params.add(*filter.team_id);
  }
  if (driver == kSharing && !narrowed) {
    // Memberships name existing users (foreign keys), so "users sharing a team" are counted in
    // the membership index alone, without looking each one up in users: half the steps.
    out.counted_total =
        "SELECT COUNT(DISTINCT theirs.user_id) FROM team_memberships mine"
        " JOIN team_memberships theirs ON theirs.team_id = mine.team_id WHERE mine.user_id = " +
        out.counted_params.add(*filter.sharing_team_with);
  }
}

// Builds the conditions of `filter`, all combined with AND.
//
// Every filter is served by an index: email_key (unique), team_memberships (team_id, user_id)
// for team and shared-team filters, (organisation_id, id), the three key indexes for a search
// (a byte-wise range each: [prefix, prefix + U+10FFFF)), (role, id), (active, id).
//
// PostgreSQL chooses among them from its statistics. SQLite has none unless ANALYZE ran, and
// without them it may walk the (active, id) index for "organisation 7, active" instead of the
// organisation's few rows. So on SQLite the most selective filter present drives the query and
// the others are written as +column, which keeps SQLite from using their indexes. The order is
// fixed: email (one row), team (one team's members), users sharing a team (the members of a
// user's teams), organisation (at most its users), search (a prefix range, possibly wide), role,
// active (a few values for every user). When the search drives, SQLite would rather walk the
// primary key in id order (no sort) and test every row, which reads the whole table for a rare
// prefix; ORDER BY +u.id makes it read the three key ranges and sort what they find instead.
//
// With `after` (keyset paging) only ids greater than it match, and the bound goes where the
// driving index can start from it, so that the cost does not grow with `after`: the primary key
// unfiltered, the id behind (organisation_id, id), (role, id) and (active, id), the user_id of
// team_memberships (team_id, user_id) inside the team subqueries. Where the driver has no id to
// start from (email: one row; search: the key ranges are sorted anyway) it is a plain test
// (+u.id on SQLite, so that it does not lure SQLite into walking the primary key instead).
Result<UserConditions> user_conditions(const UserFilter& filter, Dialect dialect,
                                       std::optional<UserId> after = std::nullopt) {
  if (filter.email && !is_valid_utf8(*filter.email)) {
    return fail(invalid_argument("request.invalid", "email must be valid UTF-8",
                                 {FieldError{"email", "must be valid UTF-8"}}));
  }
  if (filter.search && !is_valid_utf8(*filter.search)) {
    return fail(invalid_argument("request.invalid", "search must be valid UTF-8",
                                 {FieldError{"search", "must be valid UTF-8"}}));
  }
  // An empty prefix is a prefix of everything.
  const bool search = filter.search && !filter.search->empty();

  const Driver driver = driving_filter(filter, search);
  const bool sqlite = dialect == Dialect::kSqlite3;
  // SQLite reads a driving team's members by joining its membership index (below).
  const bool team_join = sqlite && driver == kTeam;
  const auto column = [&](Driver which, const char* name) {
    return std::string(sqlite && which != driver ? "+" : "") + name;
  };

  UserConditions out;
  std::vector<std::string> terms;
  if (filter.email) {
    terms.push_back(column(kEmail, "u.email_key") + " = " +
                    out.params.add(email_key(*filter.email)));
  }
  // " AND <user_id column> > after" for the team subqueries.
  const auto after_member = [&](const char* user_id) {
    return after ? " AND " + std::string(user_id) + " > " + out.params.add(*after) : std::string();
  };
  if (team_join) {
    // The team's members in id order straight from its membership index, stopping at the page
    // (an IN list would first collect and order every member: 168 against 795 SQLite steps for
    // a page of a 124-member team, and O(page) against O(members)).
    out.from = " FROM team_memberships m JOIN users u ON u.id = m.user_id";
    terms.push_back("m.team_id = " + out.params.add(*filter.team_id) +
                    (after ? " AND m.user_id > " + out.params.add(*after) : std::string()));
  } else if (filter.team_id) {
    terms.push_back(column(kTeam, "u.id") +
                    " IN (SELECT m.user_id FROM team_memberships m WHERE m.team_id = " +
                    out.params.add(*filter.team_id) + after_member("m.user_id") + ")");
  }
  if (filter.sharing_team_with) {
    const bool joined = !sqlite && driver == kSharing;
    const std::string members = std::string(joined ? "SELECT DISTINCT" : "SELECT") +
                                " theirs.user_id FROM team_memberships mine"
                                " JOIN team_memberships theirs ON theirs.team_id = mine.team_id"
                                " WHERE mine.user_id = " +
                                out.params.add(*filter.sharing_team_with) +
                                after_member("theirs.user_id");
    if (joined) {
      // PostgreSQL would hash the members, fetch every one of them and sort them all (40 ms for
      // a 10,000-user team); from sorted distinct ids it fetches users in order and stops at the
      // page. SQLite gets that plan from the IN list (an ordered temporary index).
      out.from = " FROM (" + members + ") s JOIN users u ON u.id = s.user_id";
    } else {
      terms.push_back(column(kSharing, "u.id") + " IN (" + members + ")");
    }
  }
  if (filter.organisation_id) {
    terms.push_back(column(kOrganisation, "u.organisation_id") + " = " +
                    out.params.add(*filter.organisation_id));
  }
  if (search) {
    terms.push_back(user_search_term(
        *filter.search, [&](const char* key) { return column(kSearch, key); }, out.params));
  }
  if (filter.role) {
    terms.push_back(column(kRole, "u.role") + " = " +
                    out.params.add(std::string(to_string(*filter.role))));
  }
  if (filter.active) {
    terms.push_back(column(kActive, "u.active") + " = " +
                    out.params.add(static_cast<long long>(*filter.active ? 1 : 0)));
  }
  if (after && !team_join) {  // the join bounds m.user_id itself
    const bool starts_index =
        driver == kNone || driver == kOrganisation || driver == kRole || driver == kActive;
    terms.push_back(std::string(sqlite && !starts_index ? "+" : "") + "u.id > " +
                    out.params.add(*after));
  }
  out.where = where_clause(terms);
  out.order_by = sqlite && driver == kSearch ? " ORDER BY +u.id"
                 : team_join                 ? " ORDER BY m.user_id"  // the index's order
                                             : " ORDER BY u.id";
  set_counted_total(out, filter, driver, search);
  return out;
}

class SociUserRepository final : public UserRepository {
 public:
  explicit SociUserRepository(SociTransaction& tx) : tx_(tx) {}

  Result<User> create(const NewUser& user, TimePoint now) override {
    return tx_.attempt(
        "users.create", true,
        [&] {
          std::string cid = user.cid;
          std::string email = user.email;
          std::string key = email_key(user.email);
          std::string first = user.first;
          std::string first_key = ascii_lower(user.first);
          std::string last = user.last;
          std::string last_key = ascii_lower(user.last);
          std::string role(to_string(user.role));
          int active = user.active ? 1 : 0;
          long long organisation_id = user.organisation_id.value_or(0);
          soci::indicator organisation_indicator = user.organisation_id ? soci::i_ok : soci::i_null;
          std::string password_hash = user.password_hash.value_or(std::string());
          soci::indicator password_indicator = user.password_hash ? soci::i_ok : soci::i_null;
          int reset_password = user.reset_password ? 1 : 0;
          std::string provider = user.provider;
          long long at = to_unix_ms(now);
          long long id = 0;

          soci::statement st(tx_.session());
          map_column(st, id);
          st.exchange(soci::use(cid));
          st.exchange(soci::use(email));
          st.exchange(soci::use(key));
          st.exchange(soci::use(first));
          st.exchange(soci::use(first_key));
          st.exchange(soci::use(last));
          st.exchange(soci::use(last_key));
          st.exchange(soci::use(role));
          st.exchange(soci::use(active));
          st.exchange(soci::use(organisation_id, organisation_indicator));
          st.exchange(soci::use(password_hash, password_indicator));
          st.exchange(soci::use(reset_password));
          st.exchange(soci::use(provider));
          st.exchange(soci::use(at));
          st.exchange(soci::use(at));
          prepare(st,
                  "INSERT INTO users (cid, email, email_key, first, first_key, last, last_key, "
                  "role, active, organisation_id, password_hash, reset_password, provider, "
                  "created_at, updated_at) VALUES (:cid, :email, :email_key, :first, :first_key, "
                  ":last, :last_key, :role, :active, :organisation_id, :password_hash, "
                  ":reset_password, :provider, :created_at, :updated_at) RETURNING id");
          if (!st.execute(true)) throw std::runtime_error("INSERT ... RETURNING gave no id");

          User created;
          created.id = id;
          created.cid = user.cid;
          created.email = user.email;
          created.first = user.first;
          created.last = user.last;
          created.role = user.role;
          created.active = user.active;
          created.organisation_id = user.organisation_id;
          created.reset_password = user.reset_password;
          created.provider = user.provider;
          created.has_password = user.password_hash.has_value();
          created.created_at = from_unix_ms(at);
          created.updated_at = from_unix_ms(at);
          return created;
        },
        &user_create_conflict);
  }

  Result<std::optional<User>> find_by_id(UserId id) override {
    return tx_.attempt("users.find_by_id", false, [&] {
      QueryParams params;
      return find_where("u.id = " + params.add(id), params, tx_.for_update());
    });
  }

  Result<std::optional<User>> find_by_email(std::string_view email) override {
    return tx_.attempt("users.find_by_email", false, [&] {
      QueryParams params;
      return find_where("u.email_key = " + params.add(email_key(email)), params, tx_.for_update());
    });
  }

  Result<std::optional<User>> find_by_cid(std::string_view cid) override {
    return tx_.attempt("users.find_by_cid", false, [&] {
      QueryParams params;
      return find_where("u.cid = " + params.add(std::string(cid)), params, tx_.for_update());
    });
  }

  Result<std::optional<std::string>> password_hash(UserId id) override {
    return tx_.attempt("users.password_hash", false, [&]() -> std::optional<std::string> {
      long long key = id;
      std::string hash;
      soci::indicator indicator = soci::i_null;
      soci::statement st(tx_.session());
      map_column(st, hash, indicator);
      st.exchange(soci::use(key));
      prepare(st, "SELECT password_hash FROM users WHERE id = :id");
      if (!st.execute(true) || indicator != soci::i_ok) return std::nullopt;
      return hash;
    });
  }

  Result<long long> count_api_owners() override {
    return tx_.attempt("users.count_api_owners", false, [&] {
      return query_number(tx_,
                          "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM user_counts c "
                          "WHERE c.role IN ('super-admin', 'provider-admin')",
                          {});
    });
  }

  Result<long long> directory_version() override {
    return tx_.attempt("users.directory_version", false, [&] {
      return query_number(tx_, "SELECT version FROM directory_version WHERE id = 1", {});
    });
  }

  Result<PageOf<User>> list(const UserFilter& filter, const PageRequest& page) override {
    ATRIUM_ASSIGN_OR_RETURN(auto window, limit_offset(page));
    ATRIUM_ASSIGN_OR_RETURN(auto conditions, user_conditions(filter, tx_.dialect()));
    return tx_.attempt("users.list", false, [&] {
      PageOf<User> out;
      // Two queries, so that the count can be served differently (e.g. estimated) later.
      QueryParams list_params = conditions.params;
      const std::string limit = list_params.add(window.limit);
      const std::string offset = list_params.add(window.offset);
      // Unfiltered, a deep page skips ids in a narrow index (SQLite: users_id_idx, migration
      // 0005; PostgreSQL: an index-only scan of the primary key) and reads only its own rows:
      // OFFSET over the full rows read half a million of them for page 25,000 (42 ms → 7 ms).
      const std::string window_sql =
          conditions.where.empty() && conditions.from == " FROM users u"
              ? " WHERE u.id >= (SELECT s.id FROM users s ORDER BY s.id LIMIT 1 OFFSET " + offset +
                    ")" + conditions.order_by + " LIMIT " + limit
              : conditions.where + conditions.order_by + " LIMIT " + limit + " OFFSET " + offset;
      out.items =
          fetch_all<UserRow>(tx_, "SELECT " + kUserColumns + conditions.from + window_sql,
                             list_params, [](UserRow&& row) { return std::move(row).to_user(); });
      out.total = total_of(conditions);
      // Page and total come from one snapshot, so this is exact.
      out.more = window.offset + static_cast<long long>(out.items.size()) < out.total;
      return out;
    });
  }

  Result<PageOf<User>> list_after(const UserFilter& filter, const KeysetPage& page) override {
    if (page.after_id < 0) {
      return fail(invalid_argument("request.invalid", "after_id must not be negative",
                                   {FieldError{"after_id", "must be a non-negative integer"}}));
    }
    auto window = limit_offset(PageRequest{1, page.per_page});  // checks per_page
    if (!window) return fail(std::move(window).error());
    ATRIUM_ASSIGN_OR_RETURN(auto counted, user_conditions(filter, tx_.dialect()));
    ATRIUM_ASSIGN_OR_RETURN(auto listed, user_conditions(filter, tx_.dialect(), page.after_id));
    return tx_.attempt("users.list_after", false, [&] {
      PageOf<User> out;
      QueryParams list_params = listed.params;
      // One row more than the page tells whether another page follows.
      const std::string limit = list_params.add(window->limit + 1);
      out.items =
          fetch_all<UserRow>(tx_,
                             "SELECT " + kUserColumns + listed.from + listed.where +
                                 listed.order_by + " LIMIT " + limit,
                             list_params, [](UserRow&& row) { return std::move(row).to_user(); });
      if (static_cast<long long>(out.items.size()) > window->limit) {
        out.items.pop_back();
        out.more = true;
      }
      out.total = total_of(counted);
      return out;
    });
  }

  Result<User> update(const User& user, const std::optional<std::string>& new_password_hash,
                      TimePoint now) override {
    return tx_.attempt(
        "users.update", true,
        [&]() -> Result<User> {
          QueryParams params;
          std::string sql =
              "UPDATE users SET email = " + params.add(user.email) +
              ", email_key = " + params.add(email_key(user.email)) +
              ", first = " + params.add(user.first) +
              ", first_key = " + params.add(ascii_lower(user.first)) +
              ", last = " + params.add(user.last) +
              ", last_key = " + params.add(ascii_lower(user.last)) +
              ", role = " + params.add(std::string(to_string(user.role))) +
              ", active = " + params.add(static_cast<long long>(user.active)) +
              ", organisation_id = " + params.add(user.organisation_id) +
              ", reset_password = " + params.add(static_cast<long long>(user.reset_password)) +
              ", provider = " + params.add(user.provider) +
              ", updated_at = " + params.add(to_unix_ms(now));
          if (new_password_hash) sql += ", password_hash = " + params.add(*new_password_hash);
          sql += " WHERE id = " + params.add(user.id);
          if (execute(tx_.session(), sql, params) == 0) {
            return fail(not_found("user.not_found", "no such user"));
          }
          QueryParams key;
          auto updated = find_where("u.id = " + key.add(user.id), key);
          if (!updated) throw std::runtime_error("the updated user vanished");
          return std::move(*updated);
        },
        &user_update_conflict);
  }

  Result<bool> remove(UserId id) override {
    return tx_.attempt("users.remove", true, [&] {
      QueryParams params;
      // Memberships and tokens go with it (ON DELETE CASCADE).
      return execute(tx_.session(), "DELETE FROM users WHERE id = " + params.add(id), params) > 0;
    });
  }

  Result<long long> count_with_role(Role role) override {
    return tx_.attempt("users.count_with_role", false, [&] {
      QueryParams params;
      return query_number(tx_, counted_total(role, std::nullopt, params), params);
    });
  }

  Result<std::vector<Team>> teams_of(UserId id) override {
    return tx_.attempt("users.teams_of", false, [&] {
      QueryParams params;
      return fetch_all<TeamRow>(tx_,
                                "SELECT " + kTeamColumns +
                                    " FROM team_memberships m JOIN teams t ON t.id = m.team_id"
                                    " WHERE m.user_id = " +
                                    params.add(id) + " ORDER BY t.id" + tx_.for_update(),
                                params, [](const TeamRow& row) { return row.to_team(); });
    });
  }

  Status set_teams(UserId id, const std::vector<TeamId>& teams) override {
    return tx_.attempt_all("users.set_teams", [&] {
      QueryParams user;
      execute(tx_.session(), "DELETE FROM team_memberships WHERE user_id = " + user.add(id), user);
      for (const TeamId team : teams) {
        QueryParams params;
        execute(tx_.session(),
                "INSERT INTO team_memberships (user_id, team_id) VALUES (" + params.add(id) + ", " +
                    params.add(team) + ") ON CONFLICT (user_id, team_id) DO NOTHING",
                params);
      }
    });
  }

 private:
  // The number of users matching `conditions` (made without a keyset bound).
  long long total_of(const UserConditions& conditions) {
    return conditions.counted_total
               ? query_number(tx_, *conditions.counted_total, conditions.counted_params)
               : query_number(tx_, "SELECT COUNT(*)" + conditions.from + conditions.where,
                              conditions.params);
  }

  // `lock`: tx_.for_update() for a read that may precede a change.
  std::optional<User> find_where(const std::string& condition, const QueryParams& params,
                                 const std::string& lock = {}) {
    return fetch_one<UserRow>(tx_,
                              "SELECT " + kUserColumns + " FROM users u WHERE " + condition + lock,
                              params, [](UserRow&& row) { return std::move(row).to_user(); });
  }

  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(UserRepository, SociUserRepository)

}  // namespace atrium::store
