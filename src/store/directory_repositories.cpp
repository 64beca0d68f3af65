// Organisations and teams.

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error organisation_not_found() {
  return not_found("organisation.not_found", "no such organisation");
}

Error team_not_found() { return not_found("team.not_found", "no such team"); }

// kConflict unless `team` exists and belongs to `organisation`.
Status require_team_of(soci::session& session, TeamId team, OrganisationId organisation) {
  QueryParams params;
  const auto owner = query_optional_number(
      session, "SELECT organisation_id FROM teams WHERE id = " + params.add(team), params);
  if (!owner || *owner != organisation) {
    return fail(conflict("team.not_in_organisation",
                         "the team does not exist or belongs to another organisation"));
  }
  return ok();
}

class SociOrganisationRepository final : public OrganisationRepository {
 public:
  explicit SociOrganisationRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Organisation> create(const NewOrganisation& organisation, TimePoint now) override {
    return tx_.attempt(
        "organisations.create", true,
        [&] {
          QueryParams params;
          const long long at = to_unix_ms(now);
          const long long id = query_number(
              tx_,
              "INSERT INTO organisations (cid, name, name_key, created_at, updated_at) VALUES (" +
                  params.add(organisation.cid) + ", " + params.add(organisation.name) + ", " +
                  params.add(ascii_lower(organisation.name)) + ", " + params.add(at) + ", " +
                  params.add(at) + ") RETURNING id",
              params);
          Organisation created;
          created.id = id;
          created.cid = organisation.cid;
          created.name = organisation.name;
          created.is_default = false;
          created.created_at = from_unix_ms(at);
          created.updated_at = from_unix_ms(at);
          return created;
        },
        &organisation_name_conflict);
  }

  Result<std::optional<Organisation>> find(OrganisationId id) override {
    return tx_.attempt("organisations.find", false, [&] {
      QueryParams params;
      return find_where("o.id = " + params.add(id), params, tx_.for_update());
    });
  }

  Result<std::optional<Organisation>> find_by_cid(std::string_view cid) override {
    return tx_.attempt("organisations.find_by_cid", false, [&] {
      QueryParams params;
      return find_where("o.cid = " + params.add(std::string(cid)), params, tx_.for_update());
    });
  }

  Result<Organisation> default_organisation() override {
    return tx_.attempt("organisations.default_organisation", false, [&] {
      // Served by the partial unique index organisations_default_key.
      auto found = find_where("o.is_default = TRUE", {}, tx_.for_update());
      if (!found) throw std::runtime_error("the Default Organisation is missing");
      return std::move(*found);
    });
  }

  Result<PageOf<Organisation>> list(const PageRequest& page) override {
    auto window = limit_offset(page);
    if (!window) return fail(std::move(window).error());
    return tx_.attempt("organisations.list", false, [&] {
      PageOf<Organisation> out;
      QueryParams params;
      out.items = fetch_all<OrganisationRow>(
          tx_,
          "SELECT " + kOrganisationColumns + " FROM organisations o ORDER BY o.id LIMIT " +
              params.add(window->limit) + " OFFSET " + params.add(window->offset),
          params, [](const OrganisationRow& row) { return row.to_organisation(); });
      out.total = query_number(tx_, "SELECT COUNT(*) FROM organisations", {});
      return out;
    });
  }

  Result<Organisation> rename(OrganisationId id, std::string_view name, TimePoint now) override {
    return tx_.attempt(
        "organisations.rename", true,
        [&]() -> Result<Organisation> {
          QueryParams params;
          const std::string sql =
              "UPDATE organisations SET name = " + params.add(std::string(name)) +
              ", name_key = " + params.add(ascii_lower(name)) +
              ", updated_at = " + params.add(to_unix_ms(now)) + " WHERE id = " + params.add(id);
          if (execute(tx_.session(), sql, params) == 0) return fail(organisation_not_found());
          QueryParams key;
          auto renamed = find_where("o.id = " + key.add(id), key);
          if (!renamed) throw std::runtime_error("the renamed organisation vanished");
          return std::move(*renamed);
        },
        &organisation_name_conflict);
  }

  Result<bool> remove(OrganisationId id) override {
    return tx_.attempt(
        "organisations.remove", true,
        [&]() -> Result<bool> {
          QueryParams params;
          const auto is_default = query_optional_number(
              tx_.session(),
              "SELECT CAST(is_default AS INTEGER) FROM organisations WHERE id = " + params.add(id),
              params);
          if (!is_default) return false;
          if (*is_default != 0) {
            return fail(
                conflict("organisation.is_default", "the Default Organisation cannot be deleted"));
          }
          QueryParams users;
          if (query_number(tx_,
                           "SELECT CASE WHEN EXISTS (SELECT 1 FROM users WHERE organisation_id = " +
                               users.add(id) + ") THEN 1 ELSE 0 END",
                           users) != 0) {
            return fail(organisation_not_empty());
          }
          // Teams and their memberships go with it (ON DELETE CASCADE). A user added meanwhile
          // by another transaction still blocks it: the foreign key from users refuses.
          QueryParams remove;
          return execute(tx_.session(), "DELETE FROM organisations WHERE id = " + remove.add(id),
                         remove) > 0;
        },
        &organisation_remove_conflict);
  }

  Result<long long> move_all_users(OrganisationId from, OrganisationId to, TeamId to_team,
                                   TimePoint now) override {
    return tx_.attempt_all("organisations.move_all_users", [&]() -> Result<long long> {
      soci::session& session = tx_.session();
      ATRIUM_TRY(require_team_of(session, to_team, to));
      if (tx_.dialect() == Dialect::kPostgres) {
        // Each statement below sees its own snapshot (READ COMMITTED). Adding a user to `from`
        // locks its row FOR KEY SHARE (the foreign key check), which waits for this lock: no
        // user can arrive between the statements. (SQLite has one writer at a time.)
        QueryParams lock;
        execute(session,
                "SELECT id FROM organisations WHERE id = " + lock.add(from) + " FOR UPDATE", lock);
      }
      // The database refuses a user with teams of another organisation (migration 0007), so:
      // note who moves, drop their memberships, move them, then make them members of the team.
      std::vector<long long> moving;
      {
        long long organisation = from;
        long long user = 0;
        soci::statement st(session);
        map_column(st, user);
        st.exchange(soci::use(organisation));
        prepare(st, "SELECT id FROM users WHERE organisation_id = :organisation ORDER BY id");
        st.execute(false);
        while (st.fetch()) moving.push_back(user);
      }
      QueryParams drop;
      execute(session,
              "DELETE FROM team_memberships WHERE user_id IN "
              "(SELECT id FROM users WHERE organisation_id = " +
                  drop.add(from) + ")",
              drop);
      QueryParams move;
      const long long moved = execute(session,
                                      "UPDATE users SET organisation_id = " + move.add(to) +
                                          ", updated_at = " + move.add(to_unix_ms(now)) +
                                          " WHERE organisation_id = " + move.add(from),
                                      move);
      constexpr std::size_t kRowsPerInsert = 500;
      for (std::size_t first = 0; first < moving.size(); first += kRowsPerInsert) {
        QueryParams join;
        const std::string team = join.add(to_team);
        std::string sql = "INSERT INTO team_memberships (user_id, team_id) VALUES ";
        const std::size_t end = std::min(moving.size(), first + kRowsPerInsert);
        for (std::size_t i = first; i < end; ++i) {
          sql += (i == first ? "(" : ", (") + join.add(moving[i]) + ", " + team + ")";
        }
        execute(session, sql, join);
      }
      return moved;
    });
  }

 private:
  // `lock`: tx_.for_update() for a read that may precede a change.
  std::optional<Organisation> find_where(const std::string& condition, const QueryParams& params,
                                         const std::string& lock = {}) {
    return fetch_one<OrganisationRow>(
        tx_, "SELECT " + kOrganisationColumns + " FROM organisations o WHERE " + condition + lock,
        params, [](const OrganisationRow& row) { return row.to_organisation(); });
  }

  SociTransaction& tx_;
};

class SociTeamRepository final : public TeamRepository {
 public:
  explicit SociTeamRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Team> create(const NewTeam& team, TimePoint now) override {
    return tx_.attempt(
        "teams.create", true,
        [&] {
          QueryParams params;
          const long long at = to_unix_ms(now);
          const long long id = query_number(
              tx_,
              "INSERT INTO teams (cid, organisation_id, name, name_key, is_default, created_at, "
              "updated_at) VALUES (" +
                  params.add(team.cid) + ", " + params.add(team.organisation_id) + ", " +
                  params.add(team.name) + ", " + params.add(ascii_lower(team.name)) + ", " +
                  params.add(static_cast<long long>(team.is_default)) + ", " + params.add(at) +
                  ", " + params.add(at) + ") RETURNING id",
              params);
          Team created;
          created.id = id;
          created.cid = team.cid;
          created.organisation_id = team.organisation_id;
          created.name = team.name;
          created.is_default = team.is_default;
          created.created_at = from_unix_ms(at);
          created.updated_at = from_unix_ms(at);
          return created;
        },
        &team_name_conflict);
  }

  Result<std::optional<Team>> find(TeamId id) override {
    return tx_.attempt("teams.find", false, [&] {
      QueryParams params;
      return find_where("t.id = " + params.add(id), params, tx_.for_update());
    });
  }

  Result<std::optional<Team>> find_by_cid(std::string_view cid) override {
    return tx_.attempt("teams.find_by_cid", false, [&] {
      QueryParams params;
      return find_where("t.cid = " + params.add(std::string(cid)), params, tx_.for_update());
    });
  }

  Result<std::vector<Team>> list_for_organisation(OrganisationId organisation) override {
    return tx_.attempt("teams.list_for_organisation", false, [&] {
      QueryParams params;
      return fetch_all<TeamRow>(tx_,
                                "SELECT " + kTeamColumns +
                                    " FROM teams t WHERE t.organisation_id = " +
                                    params.add(organisation) + " ORDER BY t.id",
                                params, [](const TeamRow& row) { return row.to_team(); });
    });
  }

  Result<Team> default_team(OrganisationId organisation) override {
    return tx_.attempt("teams.default_team", false, [&]() -> Result<Team> {
      QueryParams params;
      // Served by the partial unique index teams_default_key.
      auto found =
          find_where("t.organisation_id = " + params.add(organisation) + " AND t.is_default = TRUE",
                     params, tx_.for_update());
      if (!found) return fail(team_not_found());
      return std::move(*found);
    });
  }

  Result<Team> rename(TeamId id, std::string_view name, TimePoint now) override {
    return tx_.attempt(
        "teams.rename", true,
        [&]() -> Result<Team> {
          QueryParams params;
          const std::string sql = "UPDATE teams SET name = " + params.add(std::string(name)) +
                                  ", name_key = " + params.add(ascii_lower(name)) +
                                  ", updated_at = " + params.add(to_unix_ms(now)) +
                                  " WHERE id = " + params.add(id);
          if (execute(tx_.session(), sql, params) == 0) return fail(team_not_found());
          QueryParams key;
          auto renamed = find_where("t.id = " + key.add(id), key);
          if (!renamed) throw std::runtime_error("the renamed team vanished");
          return std::move(*renamed);
        },
        &team_name_conflict);
  }

  Result<bool> remove(TeamId id) override {
    return tx_.attempt("teams.remove", true, [&]() -> Result<bool> {
      QueryParams params;
      const auto is_default = query_optional_number(
          tx_.session(),
          "SELECT CAST(is_default AS INTEGER) FROM teams WHERE id = " + params.add(id), params);
      if (!is_default) return false;
      if (*is_default != 0) {
        return fail(conflict("team.is_default",
                             "the default team of an organisation cannot be "
                             "deleted"));
      }
      // Memberships go with it (ON DELETE CASCADE).
      QueryParams remove;
      return execute(tx_.session(), "DELETE FROM teams WHERE id = " + remove.add(id), remove) > 0;
    });
  }

  Result<std::vector<UserId>> member_ids(TeamId id) override {
    return tx_.attempt("teams.member_ids", false, [&] {
      long long team = id;
      long long user = 0;
      std::vector<UserId> members;
      soci::statement st(tx_.session());
      map_column(st, user);
      st.exchange(soci::use(team));
      prepare(st, "SELECT user_id FROM team_memberships WHERE team_id = :team ORDER BY user_id" +
                      tx_.for_update());
      st.execute(false);
      while (st.fetch()) members.push_back(user);
      return members;
    });
  }

  Status add_member(TeamId team, UserId user) override {
    return tx_.attempt("teams.add_member", true, [&] {
      QueryParams params;
      execute(tx_.session(),
              "INSERT INTO team_memberships (user_id, team_id) VALUES (" + params.add(user) + ", " +
                  params.add(team) + ") ON CONFLICT (user_id, team_id) DO NOTHING",
              params);
    });
  }

  Status remove_member(TeamId team, UserId user) override {
    return tx_.attempt("teams.remove_member", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "DELETE FROM team_memberships WHERE user_id = " + params.add(user) +
                  " AND team_id = " + params.add(team),
              params);
    });
  }

  Result<long long> adopt_teamless_users(OrganisationId organisation, TeamId team) override {
    return tx_.attempt_all("teams.adopt_teamless_users", [&]() -> Result<long long> {
      ATRIUM_TRY(require_team_of(tx_.session(), team, organisation));
      QueryParams params;
      return execute(tx_.session(),
                     "INSERT INTO team_memberships (user_id, team_id) SELECT u.id, " +
                         params.add(team) +
                         " FROM users u WHERE u.organisation_id = " + params.add(organisation) +
                         " AND NOT EXISTS (SELECT 1 FROM team_memberships m"
                         " WHERE m.user_id = u.id)",
                     params);
    });
  }

 private:
  // `lock`: tx_.for_update() for a read that may precede a change.
  std::optional<Team> find_where(const std::string& condition, const QueryParams& params,
                                 const std::string& lock = {}) {
    return fetch_one<TeamRow>(tx_,
                              "SELECT " + kTeamColumns + " FROM teams t WHERE " + condition + lock,
                              params, [](const TeamRow& row) { return row.to_team(); });
  }

  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(OrganisationRepository, SociOrganisationRepository)

ATRIUM_STORE_REPOSITORY(TeamRepository, SociTeamRepository)

}  // namespace atrium::store
