#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/apps/app.hpp"
#include "domain/auth/actor.hpp"
#include "domain/auth/token_hasher.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/paging.hpp"
#include "domain/settings/portal_settings.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Access to ask for (Tyk's /apps/{id}/provision body and the Live Portal's request form).
struct AccessInput {
  std::optional<PlanId> plan_id;
  std::optional<std::vector<ProductId>> product_ids;
  std::optional<CatalogueId> catalogue_id;  // none: a catalogue the requester sees that has them
};

struct AccessRequestView {
  AccessRequest request;
  std::vector<Credential> credentials;
};

// What asking for access gave: the request, and on an auto-approve plan asked for by one of the
// app's managers, the new key (shown once).
struct AccessOutcome {
  AccessRequestView view;
  std::optional<IssuedKey> key;
};

// Access requests (DESIGN §10): a consumer managing an app asks for products + a plan from a
// catalogue they see; API Owners approve (a credential is issued) or reject; plans with
// AutoApproveAccessRequests approve at once. Emails go through the outbox; every change is
// audited.
class AccessRequestService {
 public:
  AccessRequestService(Database& db, Random& random, const TokenHasher& hasher, const Clock& clock,
                       const Mailer& mailer, const SettingsService& settings)
      : db_(db),
        random_(random),
        hasher_(hasher),
        clock_(clock),
        mailer_(mailer),
        settings_(settings) {}

  Result<AccessOutcome> request(const Actor& actor, AppId app, const AccessInput& input);

  // API Owners: every request, narrowed by the filter.
  Result<PageOf<AccessRequest>> list(const Actor& actor, const AccessRequestFilter& filter,
                                     const PageRequest& page);
  Result<AccessRequestView> get(const Actor& actor, AccessRequestId id);
  // kConflict "access_request.decided" unless it is pending.
  Result<AccessRequestView> approve(const Actor& actor, AccessRequestId id);
  Result<AccessRequestView> reject(const Actor& actor, AccessRequestId id,
                                   const std::string& reason);
  // Deletes it; its keys end.
  Status remove(const Actor& actor, AccessRequestId id);

  // The same, through an app the actor may see (view) or manage (remove).
  Result<PageOf<AccessRequestView>> list_for_app(const Actor& actor, AppId app,
                                                 const PageRequest& page);
  Result<AccessRequestView> get_for_app(const Actor& actor, AppId app, AccessRequestId id);
  Status remove_for_app(const Actor& actor, AppId app, AccessRequestId id);

 private:
  Result<AccessRequestView> decide(const Actor& actor, AccessRequestId id, AccessStatus status,
                                   const std::string& reason);

  Database& db_;
  Random& random_;
  const TokenHasher& hasher_;
  const Clock& clock_;
  const Mailer& mailer_;
  const SettingsService& settings_;
};

}  // namespace atrium
