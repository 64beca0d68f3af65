#include "domain/directory/team_repository.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "store/directory/directory_sql.hpp"
#include "store/directory/team_row.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error team_not_found() { return not_found("team.not_found", "no such team"); }

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

ATRIUM_STORE_REPOSITORY(TeamRepository, SociTeamRepository)

}  // namespace atrium::store
