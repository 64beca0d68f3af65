#include "domain/onboarding/link_repository.hpp"

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
#include "domain/onboarding/onboarding.hpp"
#include "domain/onboarding/registration_repository.hpp"
#include "domain/paging.hpp"
#include "domain/settings/settings_repository.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

namespace atrium::store {

namespace {

const std::string kLinkColumns =
    "l.id, l.user_id, l.purpose, l.created_at, l.expires_at, l.used_at, l.voided_at";

struct LinkRow {
  long long id = 0;
  long long user_id = 0;
  std::string purpose;
  long long created_at = 0;
  long long expires_at = 0;
  NullableNumber used_at;
  NullableNumber voided_at;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, user_id);
    map_column(st, purpose);
    map_column(st, created_at);
    map_column(st, expires_at);
    used_at.exchange(st);
    voided_at.exchange(st);
  }

  OneTimeLink to_link() const {
    OneTimeLink link;
    link.id = id;
    link.user_id = user_id;
    const auto parsed = parse_link_purpose(purpose);
    if (!parsed) throw std::runtime_error("unknown link purpose in one_time_links");
    link.purpose = *parsed;
    link.created_at = from_unix_ms(created_at);
    link.expires_at = from_unix_ms(expires_at);
    link.used_at = used_at.time();
    link.voided_at = voided_at.time();
    return link;
  }
};

class SociLinkRepository final : public LinkRepository {
 public:
  explicit SociLinkRepository(SociTransaction& tx) : tx_(tx) {}

  Result<OneTimeLink> create(const NewLink& link) override {
    return tx_.attempt("links.create", true, [&] {
      QueryParams params;
      OneTimeLink created;
      created.user_id = link.user_id;
      created.purpose = link.purpose;
      created.created_at = from_unix_ms(to_unix_ms(link.created_at));
      created.expires_at = from_unix_ms(to_unix_ms(link.expires_at));
      created.id = query_number(
          tx_.session(),
          "INSERT INTO one_time_links (user_id, purpose, token_hash, created_at, expires_at) "
          "VALUES (" +
              params.add(link.user_id) + ", " + params.add(std::string(to_string(link.purpose))) +
              ", " + params.add(link.token_hash) + ", " + params.add(to_unix_ms(link.created_at)) +
              ", " + params.add(to_unix_ms(link.expires_at)) + ") RETURNING id",
          params);
      return created;
    });
  }

  Result<std::optional<OneTimeLink>> find_by_hash(std::string_view token_hash) override {
    return tx_.attempt("links.find_by_hash", false, [&] {
      QueryParams params;
      return fetch_one<LinkRow>(tx_.session(),
                                "SELECT " + kLinkColumns + " FROM one_time_links l WHERE " +
                                    "l.token_hash = " + params.add(std::string(token_hash)) +
                                    tx_.for_update(),
                                params, [](const LinkRow& row) { return row.to_link(); });
    });
  }

  Result<long long> void_for_user(UserId user, LinkPurpose purpose, TimePoint now) override {
    return tx_.attempt("links.void_for_user", false, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "UPDATE one_time_links SET voided_at = " + params.add(to_unix_ms(now)) +
                         " WHERE user_id = " + params.add(user) +
                         " AND purpose = " + params.add(std::string(to_string(purpose))) +
                         " AND used_at IS NULL AND voided_at IS NULL",
                     params);
    });
  }

  Result<bool> use(LinkId id, TimePoint now) override {
    return tx_.attempt("links.use", false, [&] {
      QueryParams params;
      return execute(tx_.session(),
                     "UPDATE one_time_links SET used_at = " + params.add(to_unix_ms(now)) +
                         " WHERE id = " + params.add(id) +
                         " AND used_at IS NULL AND voided_at IS NULL",
                     params) == 1;
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(LinkRepository, SociLinkRepository)

}  // namespace atrium::store
