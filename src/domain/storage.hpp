#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/audit/audit_event.hpp"
#include "domain/auth/api_token.hpp"
#include "domain/auth/session.hpp"
#include "domain/directory/organisation.hpp"
#include "domain/identity/user.hpp"
#include "domain/onboarding/onboarding.hpp"
#include "domain/paging.hpp"

// The storage contract of the domain. src/store implements it for SQLite and PostgreSQL; the
// contract test suite (tests/contract) runs against both. Repository methods never throw.
namespace atrium {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kConflict (id "user.email_taken") when the email is taken, compared case-insensitively.
  virtual Result<User> create(const NewUser& user, TimePoint now) = 0;
  virtual Result<std::optional<User>> find_by_id(UserId id) = 0;
  virtual Result<std::optional<User>> find_by_email(std::string_view email) = 0;
  virtual Result<std::optional<std::string>> password_hash(UserId id) = 0;
  virtual Result<long long> count_api_owners() = 0;

  virtual Result<std::optional<User>> find_by_cid(std::string_view cid) = 0;
  virtual Result<PageOf<User>> list(const UserFilter& filter, const PageRequest& page) = 0;
  // The same list from the user after `page.after_id` on (ids in ascending order, the first one
  // greater than after_id); its cost does not grow with after_id. The total is the filter's, as
  // list() gives it. kInvalidArgument (field "after_id") for a negative after_id.
  virtual Result<PageOf<User>> list_after(const UserFilter& filter, const KeysetPage& page) = 0;
  // Writes every field of `user` but id, cid and created_at; sets updated_at = now. The password
  // hash changes only when `new_password_hash` is given. kConflict "user.email_taken".
  virtual Result<User> update(const User& user, const std::optional<std::string>& new_password_hash,
                              TimePoint now) = 0;
  // Deletes the user with memberships and tokens; false when there was none.
  virtual Result<bool> remove(UserId id) = 0;
  virtual Result<long long> count_with_role(Role role) = 0;

  // Team memberships. Teams are ordered by id.
  virtual Result<std::vector<Team>> teams_of(UserId id) = 0;
  // Replaces the user's memberships with exactly `teams` (kConflict for a missing team).
  virtual Status set_teams(UserId id, const std::vector<TeamId>& teams) = 0;
  // A number that grows with every committed change to organisations, teams, users or team
  // memberships (kept by the database itself, whichever process writes): what a directory read
  // answers in this transaction's snapshot is still the answer while this number is unchanged.
  virtual Result<long long> directory_version() = 0;
};

class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;
  // kConflict "organisation.name_taken" when the name exists (case-insensitive).
  virtual Result<Organisation> create(const NewOrganisation& organisation, TimePoint now) = 0;
  virtual Result<std::optional<Organisation>> find(OrganisationId id) = 0;
  virtual Result<std::optional<Organisation>> find_by_cid(std::string_view cid) = 0;
  virtual Result<Organisation> default_organisation() = 0;
  // Ordered by id.
  virtual Result<PageOf<Organisation>> list(const PageRequest& page) = 0;
  // kConflict "organisation.name_taken".
  virtual Result<Organisation> rename(OrganisationId id, std::string_view name, TimePoint now) = 0;
  // Deletes the organisation and its teams (their memberships too); false when there was none.
  // Users must have been moved out first (kConflict otherwise).
  virtual Result<bool> remove(OrganisationId id) = 0;
  // Moves every user of `from` into organisation `to`, as members of `to_team` only.
  // Returns how many moved.
  virtual Result<long long> move_all_users(OrganisationId from, OrganisationId to, TeamId to_team,
                                           TimePoint now) = 0;
};

class TeamRepository {
 public:
  virtual ~TeamRepository() = default;
  // kConflict "team.name_taken" when the organisation has a team of that name (case-insensitive).
  virtual Result<Team> create(const NewTeam& team, TimePoint now) = 0;
  virtual Result<std::optional<Team>> find(TeamId id) = 0;
  virtual Result<std::optional<Team>> find_by_cid(std::string_view cid) = 0;
  // Ordered by id (so the default team, created with its organisation, comes first).
  virtual Result<std::vector<Team>> list_for_organisation(OrganisationId organisation) = 0;
  virtual Result<Team> default_team(OrganisationId organisation) = 0;
  virtual Result<Team> rename(TeamId id, std::string_view name, TimePoint now) = 0;
  // Deletes the team and its memberships; false when there was none.
  virtual Result<bool> remove(TeamId id) = 0;
  // Member ids, ordered.
  virtual Result<std::vector<UserId>> member_ids(TeamId id) = 0;
  virtual Status add_member(TeamId team, UserId user) = 0;  // no-op when already a member
  virtual Status remove_member(TeamId team, UserId user) = 0;
  // Makes every user of `organisation` who has no team a member of `team`; returns how many.
  virtual Result<long long> adopt_teamless_users(OrganisationId organisation, TeamId team) = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<AuditEventId> append(const AuditEvent& event) = 0;
  // Newest first (by time, then id).
  virtual Result<PageOf<AuditEvent>> list(const AuditFilter& filter, const PageRequest& page) = 0;
};

// An API token together with the user it authenticates.
struct ApiTokenGrant {
  ApiToken token;
  User user;
};

class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Result<ApiToken> create(UserId user, std::string_view name, std::string_view token_hash,
                                  TimePoint now) = 0;
  // The unrevoked token with this hash, with its user.
  virtual Result<std::optional<ApiTokenGrant>> find_by_hash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> list_for_user(UserId user) = 0;
  // False when no unrevoked token of that user has this id.
  virtual Result<bool> revoke(UserId user, ApiTokenId id, TimePoint now) = 0;
  virtual Status touch(ApiTokenId id, TimePoint now) = 0;
};

// A session together with the user it signs in.
struct SessionGrant {
  Session session;
  User user;
};
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<Session> create(const NewSession& session) = 0;
  // The session with this hash, with its user (one read: every signed-in request asks).
  virtual Result<std::optional<SessionGrant>> find_by_hash(std::string_view token_hash) = 0;
  virtual Status touch(SessionId id, TimePoint now) = 0;
  // False when there was no such session.
  virtual Result<bool> remove(SessionId id) = 0;
  // Ends every session of the user (except `keep`, when given); returns how many ended.
  virtual Result<long long> remove_for_user(UserId user, std::optional<SessionId> keep) = 0;
  // Newest first.
  virtual Result<std::vector<Session>> list_for_user(UserId user) = 0;
  // Housekeeping: deletes sessions past their absolute expiry or idle since `idle_before`.
  virtual Result<long long> remove_expired(TimePoint now, TimePoint idle_before) = 0;
};

// Failure counters for throttling, shared by every server through the database. A key names
// what is counted, e.g. "login:account:<email key>" or "login:address:<ip>".
class ThrottleRepository {
 public:
  virtual ~ThrottleRepository() = default;
  // Records one failure at `now`.
  virtual Status record(std::string_view key, TimePoint now) = 0;
  // Failures recorded since `since`, and the time of the latest one.
  struct Count {
    long long failures = 0;
    std::optional<TimePoint> latest;
  };
  virtual Result<Count> count_since(std::string_view key, TimePoint since) = 0;
  // Forgets the key's failures (after a success).
  virtual Status clear(std::string_view key) = 0;
  // Housekeeping: forgets failures older than `before`.
  virtual Result<long long> remove_older_than(TimePoint before) = 0;
};

// Stored portal settings (DESIGN §3–§4): a small key/value table; the settings service knows
// the keys and their types.
class SettingsRepository {
 public:
  virtual ~SettingsRepository() = default;
  virtual Result<std::map<std::string, std::string>> load_all() = 0;
  virtual Status put(std::string_view key, std::string_view value, TimePoint now) = 0;
};

// Emailed one-time links. Only token hashes are stored.
class LinkRepository {
 public:
  virtual ~LinkRepository() = default;
  virtual Result<OneTimeLink> create(const NewLink& link) = 0;
  virtual Result<std::optional<OneTimeLink>> find_by_hash(std::string_view token_hash) = 0;
  // Voids every unused, unvoided link of the user with that purpose; returns how many.
  virtual Result<long long> void_for_user(UserId user, LinkPurpose purpose, TimePoint now) = 0;
  // Marks the link used if it is still unused and unvoided; false when it was not (a second use
  // racing the first loses).
  virtual Result<bool> use(LinkId id, TimePoint now) = 0;
};

class InvitationRepository {
 public:
  virtual ~InvitationRepository() = default;
  // kConflict when the user already has an invitation.
  virtual Result<Invitation> create(const Invitation& invitation) = 0;
  virtual Result<std::optional<Invitation>> find(InvitationId id) = 0;
  virtual Result<std::optional<Invitation>> find_for_user(UserId user) = 0;
  // Newest first.
  virtual Result<PageOf<Invitation>> list(const InvitationFilter& filter,
                                          const PageRequest& page) = 0;
  virtual Status record_sent(InvitationId id, TimePoint sent_at, TimePoint expires_at) = 0;
  virtual Status mark_accepted(InvitationId id, TimePoint now) = 0;
};

class RegistrationRepository {
 public:
  virtual ~RegistrationRepository() = default;
  virtual Result<Registration> create(const Registration& registration) = 0;
  virtual Result<std::optional<Registration>> find(RegistrationId id) = 0;
  virtual Result<std::optional<Registration>> find_for_user(UserId user) = 0;
  // Oldest first: a queue of requests.
  virtual Result<PageOf<Registration>> list(const RegistrationFilter& filter,
                                            const PageRequest& page) = 0;
  // Moves the registration from `from` to `to`; false when it was not in `from` (a concurrent
  // decision won).
  virtual Result<bool> change_state(RegistrationId id, RegistrationState from, RegistrationState to,
                                    TimePoint now, std::optional<UserId> decided_by) = 0;
};

class InviteCodeRepository {
 public:
  virtual ~InviteCodeRepository() = default;
  // kConflict "invite_code.code_taken" for a code that exists.
  virtual Result<InviteCode> create(const InviteCode& code) = 0;
  virtual Result<std::optional<InviteCode>> find(InviteCodeId id) = 0;
  virtual Result<std::optional<InviteCode>> find_by_cid(std::string_view cid) = 0;
  virtual Result<std::optional<InviteCode>> find_by_code(std::string_view code) = 0;
  // Ordered by id.
  virtual Result<PageOf<InviteCode>> list(const PageRequest& page) = 0;
  // Writes quota, expires_at, active, team and organisation; sets updated_at.
  virtual Result<InviteCode> update(const InviteCode& code, TimePoint now) = 0;
  virtual Result<bool> remove(InviteCodeId id) = 0;
  // Takes one use of the code if it is active, unexpired and under quota, atomically (one
  // conditional UPDATE): exactly `quota` of any number of concurrent callers succeed.
  virtual Result<bool> consume(InviteCodeId id, TimePoint now) = 0;
};

// Emails waiting to be sent, shared by every server (DESIGN §4).
class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual Result<OutboxMessage> enqueue(const NewOutboxMessage& message, TimePoint now) = 0;
  virtual Result<std::optional<OutboxMessage>> find(OutboxMessageId id) = 0;
  // Newest first.
  virtual Result<PageOf<OutboxMessage>> list(const OutboxFilter& filter,
                                             const PageRequest& page) = 0;
  // Takes up to `limit` messages that are due (queued or failed, next attempt at or before
  // `now`, not leased) and leases them until `lease_until`, oldest first. Concurrent claims on
  // other servers skip them (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite serialises writers).
  virtual Result<std::vector<OutboxMessage>> claim_due(TimePoint now, TimePoint lease_until,
                                                       int limit) = 0;
  // Sent: the bodies are erased and the lease released.
  virtual Status mark_sent(OutboxMessageId id, TimePoint now) = 0;
  // Failed with another attempt at `next_attempt_at`.
  virtual Status mark_failed(OutboxMessageId id, std::string_view error,
                             TimePoint next_attempt_at) = 0;
  // Abandoned after the last attempt: the bodies are erased.
  virtual Status mark_abandoned(OutboxMessageId id, std::string_view error, TimePoint now) = 0;
};

// Facts about the installation as a whole.
class SystemRepository {
 public:
  virtual ~SystemRepository() = default;
  // Records that the first API Owner was created; kConflict ("bootstrap.done") if it was before,
  // even when two processes try at once.
  virtual Status mark_bootstrapped(TimePoint now) = 0;
};

// One unit of work: everything done through it commits or rolls back together.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual UserRepository& users() = 0;
  virtual ApiTokenRepository& api_tokens() = 0;
  virtual SystemRepository& system() = 0;
  virtual OrganisationRepository& organisations() = 0;
  virtual TeamRepository& teams() = 0;
  virtual AuditRepository& audit() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual ThrottleRepository& throttle() = 0;
  virtual SettingsRepository& settings() = 0;
  virtual LinkRepository& links() = 0;
  virtual InvitationRepository& invitations() = 0;
  virtual RegistrationRepository& registrations() = 0;
  virtual InviteCodeRepository& invite_codes() = 0;
  virtual OutboxRepository& outbox() = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  using Work = std::function<Status(Transaction&)>;
  // Runs `work` in a transaction that may write; commits when it returns success, else rolls
  // back and returns its error. Conflicts and lost connections come back as errors.
  virtual Status write(const Work& work) = 0;
  // Runs `work` on a consistent read-only snapshot.
  virtual Status read(const Work& work) = 0;

  // Until end_shared_reads(), this thread's reads share one read transaction (one snapshot, one
  // connection), begun by the first of them: a request that authenticates and then lists pays for
  // one transaction instead of two. A write ends the shared transaction first, so that later
  // reads see what was written. False when it did not take effect (then do not call end).
  virtual bool begin_shared_reads() { return false; }
  virtual void end_shared_reads() {}

  // Typed conveniences over write/read.
  template <typename F>
  auto write_result(F&& f) -> decltype(f(std::declval<Transaction&>())) {
    return run_typed(true, std::forward<F>(f));
  }
  template <typename F>
  auto read_result(F&& f) -> decltype(f(std::declval<Transaction&>())) {
    return run_typed(false, std::forward<F>(f));
  }

 private:
  template <typename F>
  auto run_typed(bool writing, F&& f) -> decltype(f(std::declval<Transaction&>())) {
    using R = decltype(f(std::declval<Transaction&>()));
    std::optional<R> out;
    const Work work = [&](Transaction& tx) -> Status {
      out.emplace(f(tx));
      if (!*out) return fail(out->error());
      return ok();
    };
    Status status = writing ? write(work) : read(work);
    if (!status) return fail(std::move(status).error());
    return std::move(*out);
  }
};

// Shares the reads of a scope (Database::begin_shared_reads) until destroyed; a null database
// shares nothing.
class SharedReads {
 public:
  explicit SharedReads(Database* database)
      : database_(database != nullptr && database->begin_shared_reads() ? database : nullptr) {}
  ~SharedReads() {
    if (database_ != nullptr) database_->end_shared_reads();
  }
  SharedReads(const SharedReads&) = delete;
  SharedReads& operator=(const SharedReads&) = delete;

 private:
  Database* database_;
};

// Whether the database can serve: reachable, and at the schema version this binary expects.
class ReadinessProbe {
 public:
  virtual ~ReadinessProbe() = default;
  virtual Status check() = 0;
};

}  // namespace atrium
