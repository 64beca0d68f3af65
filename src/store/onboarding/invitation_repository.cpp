#include "domain/onboarding/invitation_repository.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/invite_code_repository.hpp"
#include "domain/onboarding/link_repository.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"
#include "domain/settings/settings_repository.hpp"
#include "store/directory/user_search.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

const std::string kInvitationColumns =
    "i.id, i.user_id, i.invited_by, i.organisation_id, i.created_at, i.sent_at, i.expires_at, "
    "i.accepted_at";

struct InvitationRow {
  long long id = 0;
  long long user_id = 0;
  NullableNumber invited_by;
  NullableNumber organisation_id;
  long long created_at = 0;
  long long sent_at = 0;
  long long expires_at = 0;
  NullableNumber accepted_at;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, user_id);
    invited_by.exchange(st);
    organisation_id.exchange(st);
    map_column(st, created_at);
    map_column(st, sent_at);
    map_column(st, expires_at);
    accepted_at.exchange(st);
  }

  Invitation to_invitation() const {
    Invitation out;
    out.id = id;
    out.user_id = user_id;
    out.invited_by = invited_by.number();
    out.organisation_id = organisation_id.number();
    out.created_at = from_unix_ms(created_at);
    out.sent_at = from_unix_ms(sent_at);
    out.expires_at = from_unix_ms(expires_at);
    out.accepted_at = accepted_at.time();
    return out;
  }
};

class SociInvitationRepository final : public InvitationRepository {
 public:
  explicit SociInvitationRepository(SociTransaction& tx) : tx_(tx) {}

  Result<Invitation> create(const Invitation& invitation) override {
    return tx_.attempt("invitations.create", true, [&] {
      QueryParams params;
      Invitation created = invitation;
      created.id = query_number(
          tx_.session(),
          "INSERT INTO invitations (user_id, invited_by, organisation_id, created_at, sent_at, "
          "expires_at) VALUES (" +
              params.add(invitation.user_id) + ", " + params.add(invitation.invited_by) + ", " +
              params.add(invitation.organisation_id) + ", " +
              params.add(to_unix_ms(invitation.created_at)) + ", " +
              params.add(to_unix_ms(invitation.sent_at)) + ", " +
              params.add(to_unix_ms(invitation.expires_at)) + ") RETURNING id",
          params);
      created.accepted_at.reset();
      return created;
    });
  }

  Result<std::optional<Invitation>> find(InvitationId id) override {
    return find_where("invitations.find", "i.id", id);
  }

  Result<std::optional<Invitation>> find_for_user(UserId user) override {
    return find_where("invitations.find_for_user", "i.user_id", user);
  }

  Result<PageOf<Invitation>> list(const InvitationFilter& filter,
                                  const PageRequest& page) override {
    if (filter.search && !is_valid_utf8(*filter.search)) {
      return fail(invalid_argument("request.invalid", "search must be valid UTF-8",
                                   {FieldError{"search", "must be valid UTF-8"}}));
    }
    return tx_.attempt("invitations.list", false, [&] {
      QueryParams params;
      std::vector<std::string> terms;
      if (filter.organisation_id) {
        terms.push_back("i.organisation_id = " + params.add(*filter.organisation_id));
      }
      if (filter.invited_by) terms.push_back("i.invited_by = " + params.add(*filter.invited_by));
      if (filter.pending_only) terms.emplace_back("i.accepted_at IS NULL");
      if (filter.search && !filter.search->empty()) {
        terms.push_back(
            "i.user_id IN (SELECT u.id FROM users u WHERE " +
            user_search_term(
                *filter.search, [](const char* key) { return std::string(key); }, params) +
            ")");
      }
      return fetch_page<InvitationRow>(
          tx_.session(), page, kInvitationColumns, "invitations i", where_clause(terms),
          "i.id DESC", params, [](const InvitationRow& row) { return row.to_invitation(); });
    });
  }

  Status record_sent(InvitationId id, TimePoint sent_at, TimePoint expires_at) override {
    return tx_.attempt("invitations.record_sent", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE invitations SET sent_at = " + params.add(to_unix_ms(sent_at)) +
                  ", expires_at = " + params.add(to_unix_ms(expires_at)) +
                  " WHERE id = " + params.add(id),
              params);
    });
  }

  Status mark_accepted(InvitationId id, TimePoint now) override {
    return tx_.attempt("invitations.mark_accepted", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE invitations SET accepted_at = " + params.add(to_unix_ms(now)) +
                  " WHERE id = " + params.add(id) + " AND accepted_at IS NULL",
              params);
    });
  }

 private:
  Result<std::optional<Invitation>> find_where(std::string_view context, const char* column,
                                               long long value) {
    return tx_.attempt(context, false, [&] {
      QueryParams params;
      return fetch_one<InvitationRow>(
          tx_.session(),
          "SELECT " + kInvitationColumns + " FROM invitations i WHERE " + column + " = " +
              params.add(value) + tx_.for_update(),
          params, [](const InvitationRow& row) { return row.to_invitation(); });
    });
  }

  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(InvitationRepository, SociInvitationRepository)

}  // namespace atrium::store
