#include "domain/directory/organisation_repository.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/directory/team_repository.hpp"
#include "domain/identity/user.hpp"
#include "domain/paging.hpp"
#include "store/directory/directory_sql.hpp"
#include "store/directory/organisation_row.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

Error organisation_not_found() {
  return not_found("organisation.not_found", "no such organisation");
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
    ATRIUM_ASSIGN_OR_RETURN(auto window, limit_offset(page));
    return tx_.attempt("organisations.list", false, [&] {
      PageOf<Organisation> out;
      QueryParams params;
      out.items = fetch_all<OrganisationRow>(
          tx_,
          "SELECT " + kOrganisationColumns + " FROM organisations o ORDER BY o.id LIMIT " +
              params.add(window.limit) + " OFFSET " + params.add(window.offset),
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

}  // namespace

ATRIUM_STORE_REPOSITORY(OrganisationRepository, SociOrganisationRepository)

}  // namespace atrium::store
