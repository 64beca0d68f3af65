#include "domain/onboarding/registration_repository.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invitation_repository.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"
#include "domain/settings/settings_repository.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

const std::string kRegistrationColumns =
    "r.id, r.user_id, r.state, r.invite_code_id, r.created_at, r.confirmed_at, r.decided_at, "
    "r.decided_by";

struct RegistrationRow {
  long long id = 0;
  long long user_id = 0;
  std::string state;
  NullableNumber invite_code_id;
  long long created_at = 0;
  NullableNumber confirmed_at;
  NullableNumber decided_at;
  NullableNumber decided_by;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, user_id);
    map_column(st, state);
    invite_code_id.exchange(st);
    map_column(st, created_at);
    confirmed_at.exchange(st);
    decided_at.exchange(st);
    decided_by.exchange(st);
  }

  Registration to_registration() const {
    Registration out;
    out.id = id;
    out.user_id = user_id;
    const auto parsed = parse_registration_state(state);
    if (!parsed) throw std::runtime_error("unknown state in registrations");
    out.state = *parsed;
    out.invite_code_id = invite_code_id.number();
    out.created_at = from_unix_ms(created_at);
    out.confirmed_at = confirmed_at.time();
    out.decided_at = decided_at.time();
    out.decided_by = decided_by.number();
    return out;
  }
};

class SociRegistrationRepository final : public RegistrationRepository {
 public:
  explicit SociRegistrationRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Registration> create(const Registration& registration) override {
    return tx_.attempt("registrations.create", true, [&] {
      QueryParams params;
      Registration created = registration;
      created.id = query_number(
          tx_.session(),
          "INSERT INTO registrations (user_id, state, invite_code_id, created_at, confirmed_at, "
          "decided_at, decided_by) VALUES (" +
              params.add(registration.user_id) + ", " +
              params.add(std::string(to_string(registration.state))) + ", " +
              params.add(registration.invite_code_id) + ", " +
              params.add(to_unix_ms(registration.created_at)) + ", " +
              params.add(unix_ms(registration.confirmed_at)) + ", " +
              params.add(unix_ms(registration.decided_at)) + ", " +
              params.add(registration.decided_by) + ") RETURNING id",
          params);
      return created;
    });
  }

  Result<std::optional<Registration>> find(RegistrationId id) override {
    return find_where("registrations.find", "r.id", id);
  }

  Result<std::optional<Registration>> find_for_user(UserId user) override {
    return find_where("registrations.find_for_user", "r.user_id", user);
  }

  Result<PageOf<Registration>> list(const RegistrationFilter& filter,
                                    const PageRequest& page) override {
    return tx_.attempt("registrations.list", false, [&] {
      QueryParams params;
      std::vector<std::string> terms;
      if (filter.state) {
        terms.push_back("r.state = " + params.add(std::string(to_string(*filter.state))));
      }
      const std::string where = where_clause(terms);
      return fetch_page<RegistrationRow>(
          tx_.session(), page, kRegistrationColumns, "registrations r", where, "r.id", params,
          [](const RegistrationRow& row) { return row.to_registration(); });
    });
  }

  Result<bool> change_state(RegistrationId id, RegistrationState from, RegistrationState to,
                            TimePoint now, std::optional<UserId> decided_by) override {
    return tx_.attempt("registrations.change_state", false, [&] {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      std::string sql =
          "UPDATE registrations SET state = " + params.add(std::string(to_string(to)));
      if (from == RegistrationState::kUnconfirmed) sql += ", confirmed_at = " + at;
      if (to == RegistrationState::kApproved || to == RegistrationState::kRejected) {
        // A confirmation that approves at once is nobody's decision.
        if (from == RegistrationState::kPending) {
          sql += ", decided_at = " + at + ", decided_by = " + params.add(decided_by);
        }
      }
      sql += " WHERE id = " + params.add(id) +
             " AND state = " + params.add(std::string(to_string(from)));
      return execute(tx_.session(), sql, params) == 1;
    });
  }

 private:
  Result<std::optional<Registration>> find_where(std::string_view context, const char* column,
                                                 long long value) {
    return tx_.attempt(context, false, [&] {
      QueryParams params;
      return fetch_one<RegistrationRow>(
          tx_.session(),
          "SELECT " + kRegistrationColumns + " FROM registrations r WHERE " + column + " = " +
              params.add(value) + tx_.for_update(),
          params, [](const RegistrationRow& row) { return row.to_registration(); });
    });
  }

  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(RegistrationRepository, SociRegistrationRepository)

}  // namespace atrium::store
