#include "domain/auth/api_tokens.hpp"

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/auth/api_token_repository.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/identity/email.hpp"
#include "domain/identity/user.hpp"

namespace atrium {

namespace {

constexpr std::size_t kMaxTokenNameLength = 100;

std::string_view strip_scheme(std::string_view header) {
  header = trim(header);
  constexpr std::string_view kBearer = "bearer ";
  if (header.size() > kBearer.size() && ascii_iequals(header.substr(0, kBearer.size()), kBearer)) {
    header = trim(header.substr(kBearer.size()));
  }
  return header;
}

Status check_token_name(std::string_view name) {
  if (trim(name).empty()) return fail(field_error("Name", "is required"));
  if (!is_valid_utf8(name)) return fail(field_error("Name", "must be valid UTF-8"));
  if (utf8_length(name) > kMaxTokenNameLength) {
    return fail(field_error("Name", "must be at most 100 characters"));
  }
  return ok();
}

}  // namespace

Result<IssuedApiToken> issue_api_token(Transaction& tx, Random& random, const TokenHasher& hasher,
                                       UserId user, std::string_view name, TimePoint now) {
  IssuedApiToken issued;
  issued.secret = random_base64url(random, kApiTokenBytes);
  ATRIUM_ASSIGN_OR_RETURN(auto token, tx.get<ApiTokenRepository>().create(
                                          user, trim(name), hasher.hash(issued.secret), now));
  issued.token = std::move(token);
  return issued;
}

Result<Actor> ApiTokenService::authenticate(std::string_view authorization_header,
                                            std::string_view source_address) {
  const std::string_view secret = strip_scheme(authorization_header);
  if (secret.empty()) {
    return fail(unauthenticated("missing Authorization header with an API token"));
  }
  if (secret.size() > 512) return fail(unauthenticated("invalid API token"));
  std::string digest = hasher_.hash(secret);
  std::optional<ApiTokenGrant> grant = recall(memory_, &SignInMemory::tokens, digest);
  if (!grant) {
    ATRIUM_ASSIGN_OR_RETURN(auto read,
                            read_grant<ApiTokenGrant>(db_, memory_, [&](Transaction& tx) {
                              return tx.get<ApiTokenRepository>().find_by_hash(digest);
                            }));
    remember(memory_, &SignInMemory::tokens, std::move(digest), read);
    grant = std::move(read.grant);
  }
  if (!grant || !grant->user.active || !is_api_owner(grant->user.role)) {
    return fail(unauthenticated("invalid API token"));
  }
  const User& user = grant->user;
  return Actor{user.id, user.email, user.role, user.organisation_id, std::string(source_address)};
}

Result<IssuedApiToken> ApiTokenService::issue(const Actor& actor, std::string_view name) {
  ATRIUM_TRY(check_token_name(name));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<IssuedApiToken> {
    ATRIUM_ASSIGN_OR_RETURN(auto issued,
                            issue_api_token(tx, random_, hasher_, actor.user_id, name, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "api_token.create", "api_token",
                            std::to_string(issued.token.id), std::nullopt,
                            {{"Name", issued.token.name}}));
    return issued;
  });
}

Result<IssuedApiToken> ApiTokenService::issue_for_owner(std::string_view email,
                                                        std::string_view name) {
  ATRIUM_TRY(check_token_name(name));
  ATRIUM_ASSIGN_OR_RETURN(auto address, normalise_email(email, "email"));
  auto owner = db_.read_result(
      [&](Transaction& tx) { return tx.get<UserRepository>().find_by_email(address); });
  if (!owner) return fail(std::move(owner).error());
  if (!*owner || !(*owner)->active || !is_api_owner((*owner)->role)) {
    return fail(not_found("api_token.no_owner", "no active API Owner has the address " + address));
  }
  const User& u = **owner;
  return issue(Actor{u.id, u.email, u.role, u.organisation_id, "cli"}, name);
}

Result<std::vector<ApiToken>> ApiTokenService::list(const Actor& actor) {
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<ApiTokenRepository>().list_for_user(actor.user_id); });
}

Status ApiTokenService::revoke(const Actor& actor, ApiTokenId id) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto revoked,
                            tx.get<ApiTokenRepository>().revoke(actor.user_id, id, now));
    if (!revoked) return fail(not_found("api_token.not_found", "API token not found"));
    return record_audit(tx, actor, now, "api_token.revoke", "api_token", std::to_string(id),
                        std::nullopt);
  });
}

}  // namespace atrium
