#include "store/bulk_seed.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <random>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "core/random.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/email.hpp"
#include "store/connection_pool.hpp"
#include "store/sql_errors.hpp"

namespace atrium::store {

namespace {

// Rows per INSERT statement: big enough that parsing and round trips vanish, small enough that
// a statement stays a few hundred KiB.
constexpr std::size_t kRowsPerStatement = 2'000;
constexpr long long kMaxUsers = 100'000'000;

constexpr std::array<std::string_view, 48> kFirstNames = {
    "Ada",   "Alan",   "Alice", "Amir",   "Anna",  "Ben",   "Carla", "Chen", "Dana",  "David",
    "Elena", "Emma",   "Farid", "Grace",  "Hana",  "Hugo",  "Ines",  "Ivan", "Jack",  "Jana",
    "Kai",   "Kenji",  "Lara",  "Leo",    "Lina",  "Marco", "Maria", "Mei",  "Nadia", "Noah",
    "Olga",  "Omar",   "Paula", "Pedro",  "Quinn", "Rosa",  "Sam",   "Sara", "Tariq", "Tom",
    "Uma",   "Victor", "Wen",   "Xavier", "Yara",  "Yusuf", "Zoe",   "Zoran"};

// Last names are three of these syllables: 262,144 names, so a name search finds a handful of
// users even among a million, as with real surnames outside the few common ones.
constexpr std::array<std::string_view, 64> kSyllables = {
    "ba", "be", "bo", "da", "de", "do", "fa", "fe", "ga", "go", "ha", "he", "ka", "ke", "ko", "la",
    "le", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "pa", "pe", "po", "ra", "re", "ri",
    "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "wa", "we", "ya", "yo",
    "za", "ze", "zi", "an", "en", "in", "on", "ar", "er", "or", "ur", "el", "il", "ul", "as", "os"};

// Bytes for UUIDs. Not a CSPRNG: seeded CIDs identify benchmark rows, they guard nothing.
class FastRandom final : public Random {
 public:
  FastRandom() : engine_(std::random_device{}()) {}
  void fill(std::span<std::byte> out) override {
    for (std::size_t i = 0; i < out.size(); i += 8) {
      std::uint64_t word = engine_();
      for (std::size_t j = i; j < out.size() && j < i + 8; ++j) {
        out[j] = static_cast<std::byte>(word & 0xFF);
        word >>= 8;
      }
    }
  }

 private:
  std::mt19937_64 engine_;
};

std::string quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string_view boolean(bool value) { return value ? "TRUE" : "FALSE"; }

// Collects "(...)" tuples and writes them as multi-row INSERTs, after the rows of `parents`
// (foreign keys are checked at once).
class RowWriter {
 public:
  RowWriter(soci::session& session, Dialect dialect, std::string head,
            std::vector<RowWriter*> parents = {})
      : session_(session),
        dialect_(dialect),
        head_(std::move(head)),
        parents_(std::move(parents)) {}

  void add(const std::string& tuple) {
    sql_ += rows_ == 0 ? head_ + " VALUES " : std::string(",");
    sql_ += tuple;
    ++total_;
    if (++rows_ == kRowsPerStatement) flush();
  }

  void flush() {
    if (rows_ == 0) return;
    for (RowWriter* parent : parents_) parent->flush();
    run_script(session_, dialect_, sql_);
    sql_.clear();
    rows_ = 0;
  }

  long long total() const { return total_; }

 private:
  soci::session& session_;
  Dialect dialect_;
  std::string head_;
  std::vector<RowWriter*> parents_;
  std::string sql_;
  std::size_t rows_ = 0;
  long long total_ = 0;
};

Status check_plan(const SeedPlan& plan) {
  const auto invalid = [](std::string message) {
    return fail(invalid_argument("seed.invalid", std::move(message)));
  };
  if (plan.users < 1 || plan.users > kMaxUsers) return invalid("users must be 1 to 100,000,000");
  if (plan.organisations < 1 || plan.organisations > plan.users) {
    return invalid("organisations must be 1 to the number of users");
  }
  if (plan.large_organisations < 0 || plan.large_organisations > plan.organisations) {
    return invalid("large organisations must be 0 to the number of organisations");
  }
  if (plan.large_size < 1 || plan.large_organisations * plan.large_size > plan.users) {
    return invalid("large organisations × their size must not exceed the users");
  }
  if (plan.large_organisations < plan.organisations &&
      plan.large_organisations * plan.large_size + (plan.organisations - plan.large_organisations) >
          plan.users) {
    return invalid("too few users left for one per small organisation");
  }
  if (plan.department_size < 1) return invalid("department size must be at least 1");
  if (plan.password_hash.empty()) return invalid("a password hash is required");
  if (plan.email_domain.empty() || plan.email_domain.size() > 100) {
    return invalid("the email domain must be 1 to 100 characters");
  }
  for (char c : plan.email_domain) {
    const bool ok_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok_char) return invalid("the email domain must be lower-case letters, digits, . or -");
  }
  return ok();
}

// Users per organisation: the large ones first, then geometric sizes (most organisations have a
// handful of users, a few dozens), every small organisation at least one user.
std::vector<long long> organisation_sizes(const SeedPlan& plan, std::mt19937_64& rng) {
  std::vector<long long> sizes(static_cast<std::size_t>(plan.organisations), 1);
  for (long long i = 0; i < plan.large_organisations; ++i) {
    sizes[static_cast<std::size_t>(i)] = plan.large_size;
  }
  const long long small = plan.organisations - plan.large_organisations;
  if (small == 0) return sizes;
  long long left = plan.users - plan.large_organisations * plan.large_size - small;
  const double mean_extra = static_cast<double>(left) / static_cast<double>(small);
  std::geometric_distribution<long long> extra(1.0 / (1.0 + mean_extra));
  for (auto i = static_cast<std::size_t>(plan.large_organisations); i < sizes.size() && left > 0;
       ++i) {
    const long long add = std::min(left, extra(rng));
    sizes[i] += add;
    left -= add;
  }
  // What the draw left over goes round the small organisations.
  for (auto i = static_cast<std::size_t>(plan.large_organisations); left > 0; ++i) {
    if (i == sizes.size()) i = static_cast<std::size_t>(plan.large_organisations);
    ++sizes[i];
    --left;
  }
  return sizes;
}

long long max_id(soci::session& session, const char* table) {
  long long id = 0;
  soci::indicator indicator = soci::i_ok;
  session << "SELECT MAX(id) FROM " + std::string(table), soci::into(id, indicator);
  return indicator == soci::i_ok ? id : 0;
}

std::string last_name(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, kSyllables.size() - 1);
  std::string name;
  for (int i = 0; i < 3; ++i) name += kSyllables[pick(rng)];
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

class Seeder {
 public:
  Seeder(soci::session& session, Dialect dialect, const SeedPlan& plan)
      : session_(session),
        dialect_(dialect),
        plan_(plan),
        rng_(plan.shape_seed),
        now_(std::to_string(to_unix_ms(std::chrono::system_clock::now()))),
        organisations_(session, dialect,
                       "INSERT INTO organisations (id, cid, name, name_key, is_default, "
                       "created_at, updated_at)"),
        teams_(session, dialect,
               "INSERT INTO teams (id, cid, organisation_id, name, name_key, is_default, "
               "created_at, updated_at)",
               {&organisations_}),
        users_(session, dialect,
               "INSERT INTO users (id, cid, email, email_key, first, first_key, last, last_key, "
               "role, active, organisation_id, password_hash, reset_password, provider, "
               "created_at, updated_at)",
               {&organisations_}),
        memberships_(session, dialect, "INSERT INTO team_memberships (user_id, team_id)",
                     {&organisations_, &teams_, &users_}) {}

  SeedReport run() {
    next_org_ = max_id(session_, "organisations") + 1;
    next_team_ = max_id(session_, "teams") + 1;
    next_user_ = max_id(session_, "users") + 1;
    middle_ = next_user_ + plan_.users / 2;
    const std::vector<long long> sizes = organisation_sizes(plan_, rng_);
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      add_organisation(sizes[i], static_cast<long long>(i) < plan_.large_organisations);
      if (dialect_ == Dialect::kPostgres && users_.total() >= analyse_at_) analyse();
    }
    organisations_.flush();
    teams_.flush();
    users_.flush();
    memberships_.flush();
    report_.users = users_.total();
    report_.organisations = organisations_.total();
    report_.teams = teams_.total();
    report_.memberships = memberships_.total();
    report_.middle_user_id = middle_;
    return report_;
  }

 private:
  // PostgreSQL plans each foreign-key check once per connection and keeps the plan until the
  // table's statistics change: planned on the near-empty tables of a fresh database it is a
  // sequential scan, kept while the tables grow to a million rows (quadratic: the seed ran for
  // hours). Statistics taken each time the users double (ANALYZE sees this transaction's rows;
  // large organisations come first, so the teams and organisations are small at the first one)
  // replace those plans; from a few thousand rows on they use the primary keys.
  void analyse() {
    organisations_.flush();
    teams_.flush();
    users_.flush();
    memberships_.flush();
    run_script(session_, dialect_, "ANALYZE organisations, teams, users, team_memberships");
    analyse_at_ *= 2;
  }

  // Writes the organisation, its teams and users; large organisations are split in departments.
  void add_organisation(long long size, bool large) {
    const long long org = next_org_++;
    const std::string name = (large ? "Large Org " : "Org ") + std::to_string(org);
    organisations_.add("(" + std::to_string(org) + ", " + quote(new_uuid(random_)) + ", " +
                       quote(name) + ", " + quote(ascii_lower(name)) + ", FALSE, " + now_ + ", " +
                       now_ + ")");
    const long long default_team = add_team(org, default_team_name(name), true);
    // Small organisations: up to two extra teams (one per four users); large: departments.
    const long long extra = large ? (size + plan_.department_size - 1) / plan_.department_size
                                  : std::min(2LL, size / 4);
    std::vector<long long> teams;
    for (long long t = 1; t <= extra; ++t) {
      teams.push_back(add_team(org, (large ? "Department " : "Team ") + std::to_string(t), false));
    }
    std::bernoulli_distribution half(0.5);
    std::bernoulli_distribution quarter(0.25);
    std::bernoulli_distribution tenth(0.1);
    for (long long i = 0; i < size; ++i) {
      const bool admin = i == 0 || (tenth(rng_) && quarter(rng_));  // about 3 % besides the first
      const bool active = i == 0 || !(tenth(rng_) && half(rng_));   // about 5 % inactive
      const long long user = add_user(org, admin, active);
      // 1 to 3 teams each. Small organisations: everyone is in "All users", some in a team or
      // two more. Large: one department (a tenth also in "All users"), a quarter in a second.
      std::vector<long long> mine;
      if (large) {
        const long long department = i / plan_.department_size;
        mine.push_back(teams[static_cast<std::size_t>(department)]);
        if (quarter(rng_) && teams.size() > 1) {
          std::uniform_int_distribution<std::size_t> any(0, teams.size() - 1);
          mine.push_back(teams[any(rng_)]);
        }
        if (tenth(rng_)) mine.push_back(default_team);
        if (i == 1) report_.large_org_user = last_email_;
      } else {
        mine.push_back(default_team);
        if (!teams.empty() && half(rng_)) {
          mine.push_back(teams[0]);
          if (teams.size() > 1 && half(rng_)) mine.push_back(teams[1]);
        } else if (teams.size() > 1 && quarter(rng_)) {
          mine.push_back(teams[1]);
        }
        if (i == 0 && size >= 8 && report_.small_org_user.empty()) {
          report_.small_org_user = last_email_;
        }
      }
      std::sort(mine.begin(), mine.end());
      mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
      for (long long team : mine) {
        memberships_.add("(" + std::to_string(user) + ", " + std::to_string(team) + ")");
      }
    }
  }

  long long add_team(long long org, const std::string& name, bool is_default) {
    const long long id = next_team_++;
    teams_.add("(" + std::to_string(id) + ", " + quote(new_uuid(random_)) + ", " +
               std::to_string(org) + ", " + quote(name) + ", " + quote(ascii_lower(name)) + ", " +
               std::string(boolean(is_default)) + ", " + now_ + ", " + now_ + ")");
    return id;
  }

  long long add_user(long long org, bool admin, bool active) {
    const long long id = next_user_++;
    std::uniform_int_distribution<std::size_t> pick(0, kFirstNames.size() - 1);
    const std::string first(kFirstNames[pick(rng_)]);
    const std::string last = last_name(rng_);
    last_email_ = ascii_lower(first) + "." + ascii_lower(last) + "." + std::to_string(id) + "@" +
                  plan_.email_domain;
    if (id == middle_) {
      report_.middle_user_email = last_email_;
      report_.middle_user_last = last;
    }
    users_.add("(" + std::to_string(id) + ", " + quote(new_uuid(random_)) + ", " +
               quote(last_email_) + ", " + quote(email_key(last_email_)) + ", " + quote(first) +
               ", " + quote(ascii_lower(first)) + ", " + quote(last) + ", " +
               quote(ascii_lower(last)) + ", " +
               (admin ? "'consumer-admin'" : "'consumer-team-member'") + ", " +
               std::string(boolean(active)) + ", " + std::to_string(org) + ", " + hash_ +
               ", FALSE, 'password', " + now_ + ", " + now_ + ")");
    return id;
  }

  soci::session& session_;
  Dialect dialect_;
  const SeedPlan& plan_;
  std::mt19937_64 rng_;
  FastRandom random_;
  std::string now_;
  std::string hash_ = quote(plan_.password_hash);
  RowWriter organisations_;
  RowWriter teams_;
  RowWriter users_;
  RowWriter memberships_;
  long long next_org_ = 1;
  long long next_team_ = 1;
  long long next_user_ = 1;
  long long analyse_at_ = 5'000;  // PostgreSQL: the users count of the next ANALYZE
  long long middle_ = 0;
  std::string last_email_;
  SeedReport report_;
};

// SQLite: the secondary indexes of the seeded tables, dropped before the load and built again
// after it (one sort each, instead of a million random B-tree inserts: half the time), and the
// directory version's row triggers (one bump at the end instead of one per row). Returns their
// CREATE statements, as the schema wrote them. teams_id_organisation_key stays: it is the parent
// key of catalogue_audiences' foreign key (migration 0008), which SQLite needs on every write to
// teams.
std::vector<std::string> drop_sqlite_indexes_and_version_triggers(soci::session& session) {
  std::vector<std::string> drops;
  std::vector<std::string> creates;
  std::string type;
  std::string name;
  std::string sql;
  soci::statement st =
      (session.prepare << "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                          "tbl_name IN ('organisations', 'teams', 'users', 'team_memberships') "
                          "AND name <> 'teams_id_organisation_key' "
                          "AND (type = 'index' OR (type = 'trigger' AND name LIKE '%_version_%'))",
       soci::into(type), soci::into(name), soci::into(sql));
  st.execute();
  while (st.fetch()) {
    drops.push_back("DROP " + std::string(type == "index" ? "INDEX" : "TRIGGER") + " \"" + name +
                    "\"");
    creates.push_back(sql);
  }
  for (const auto& drop : drops) run_script(session, Dialect::kSqlite3, drop);
  return creates;
}

// PostgreSQL: identities continue after the explicit ids, and the planner learns the new sizes.
constexpr const char* kPostgresAfterSeed =
    "SELECT setval(pg_get_serial_sequence('organisations', 'id'), "
    "(SELECT MAX(id) FROM organisations));"
    "SELECT setval(pg_get_serial_sequence('teams', 'id'), (SELECT MAX(id) FROM teams));"
    "SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT MAX(id) FROM users));";
// PostgreSQL: two row-level rules cost the seed hours at a million users, so they are off for
// its transaction and their effect is applied once after the load. Migration 0005's user count
// trigger updates one counter row per user: a million versions of one row in one transaction,
// each update walking the chain of the earlier ones (quadratic). Migration 0007's membership
// check runs on transition tables the planner has no statistics for. The seed writes only
// consistent memberships; the same rule is checked once after, in the same transaction.
constexpr const char* kPostgresSeedRulesOff =
    "ALTER TABLE users DISABLE TRIGGER users_count_insert_delete;"
    "ALTER TABLE team_memberships DISABLE TRIGGER team_memberships_organisation_insert";
constexpr const char* kPostgresSeedRulesOn =
    "DELETE FROM user_counts;"
    "INSERT INTO user_counts (role, active, n) SELECT role, active, COUNT(*) FROM users "
    "GROUP BY role, active;"
    "ALTER TABLE users ENABLE TRIGGER users_count_insert_delete;"
    "ALTER TABLE team_memberships ENABLE TRIGGER team_memberships_organisation_insert";
constexpr const char* kMembershipsOutsideTheirOrganisation =
    "SELECT COUNT(*) FROM team_memberships m JOIN users u ON u.id = m.user_id "
    "JOIN teams t ON t.id = m.team_id WHERE u.organisation_id IS DISTINCT FROM t.organisation_id";
constexpr const char* kPostgresVacuum =
    "VACUUM (ANALYZE) organisations, teams, users, team_memberships";

}  // namespace

Result<SeedReport> seed_directory(SociDatabase& db, const SeedPlan& plan) {
  ATRIUM_TRY(check_plan(plan));
  const auto started = std::chrono::steady_clock::now();
  ATRIUM_ASSIGN_OR_RETURN(auto lease, db.pool().acquire());
  const Dialect dialect = lease.dialect();
  soci::session& session = lease.session();
  SeedReport report;
  std::string step = "BEGIN";
  try {
    // A large page cache keeps the random CID and name index inserts in memory.
    if (dialect == Dialect::kSqlite3) run_script(session, dialect, "PRAGMA cache_size = -524288");
    ATRIUM_TRY(begin_transaction(lease, true));
    std::vector<std::string> dropped;
    if (dialect == Dialect::kSqlite3) dropped = drop_sqlite_indexes_and_version_triggers(session);
    if (dialect == Dialect::kPostgres) run_script(session, dialect, kPostgresSeedRulesOff);
    step = "inserting";
    Seeder seeder(session, dialect, plan);
    report = seeder.run();
    step = "building the indexes and triggers";
    for (const auto& create : dropped) run_script(session, dialect, create);
    if (dialect == Dialect::kSqlite3) {
      run_script(session, dialect, "UPDATE directory_version SET version = version + 1");
    }
    if (dialect == Dialect::kPostgres) {
      step = "checking the memberships";
      long long outside = 0;
      session << kMembershipsOutsideTheirOrganisation, soci::into(outside);
      if (outside != 0) throw std::logic_error("seeded memberships outside their organisation");
      run_script(session, dialect, kPostgresSeedRulesOn);
      step = "setting the id sequences";
      run_script(session, dialect, kPostgresAfterSeed);
    }
    step = "COMMIT";
    session << "COMMIT";
    if (dialect == Dialect::kPostgres) {
      step = "VACUUM ANALYZE";
      run_script(session, dialect, kPostgresVacuum);
    } else {
      run_script(session, dialect, "PRAGMA cache_size = -2000; PRAGMA wal_checkpoint(TRUNCATE)");
    }
  } catch (...) {
    const SqlFailure failure = classify_current_exception();
    roll_back_transaction(lease);
    return fail(to_error(failure, "seeding (" + step + ")"));
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace atrium::store
