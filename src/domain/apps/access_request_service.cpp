#include "domain/apps/access_request_service.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "domain/apps/access_offer.hpp"
#include "domain/apps/access_request_repository.hpp"
#include "domain/apps/api_keys.hpp"
#include "domain/apps/app_repository.hpp"
#include "domain/apps/app_support.hpp"
#include "domain/apps/credential_repository.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/user_repository.hpp"
#include "domain/mail/owner_notification.hpp"

namespace atrium {

namespace {

using policy::AdminAction;
using policy::AppAction;

constexpr std::string_view kReviewPath = "/admin/access-requests";

std::string app_path(AppId app) { return "/portal/private/apps/" + std::to_string(app); }

std::string joined_names(const AccessRequest& request) {
  std::string out;
  for (const std::string& name : request.product_names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

EmailValues request_values(const AccessRequest& request) {
  return {{"app_name", request.app_name},
          {"products", joined_names(request)},
          {"plan", request.plan_name},
          {"user_email", request.requester_email}};
}

// Tells the requester how their request was decided (nobody to tell once they are deleted).
Status notify_requester(Transaction& tx, const Mailer& mailer, const AccessRequest& request,
                        TimePoint now) {
  if (!request.user_id) return ok();
  ATRIUM_ASSIGN_OR_RETURN(auto user, tx.get<UserRepository>().find_by_id(*request.user_id));
  if (!user || !user->active) return ok();
  EmailValues values = request_values(request);
  values["link"] = mailer.link(app_path(request.app_id));
  values["reason"] = request.reason;
  const EmailKind kind = request.status == AccessStatus::kApproved ? EmailKind::kAccessApproved
                                                                   : EmailKind::kAccessRejected;
  return mailer.queue(tx, kind, user->email, &*user, values, now);
}

Status notify_owners(Transaction& tx, const Mailer& mailer, const std::string& email_admin,
                     const AccessRequest& request, TimePoint now) {
  EmailValues values = request_values(request);
  values["link"] = mailer.link(kReviewPath);
  return queue_to_owners(tx, mailer, EmailKind::kAccessRequested, email_admin, values, now);
}

// The one asking: a consumer for themselves, or (an API Owner provisioning) the app's owner.
Result<User> requester_of(Transaction& tx, const Actor& actor, const App& app) {
  const UserId id = is_api_owner(actor.role) ? app.fields.user_id : actor.user_id;
  ATRIUM_ASSIGN_OR_RETURN(auto user, tx.get<UserRepository>().find_by_id(id));
  if (!user) return fail(app_not_found());
  return std::move(*user);
}

Result<AccessRequestView> view_of(Transaction& tx, AccessRequest request) {
  AccessRequestView view;
  ATRIUM_ASSIGN_OR_RETURN(view.credentials,
                          tx.get<CredentialRepository>().list_for_request(request.id));
  view.request = std::move(request);
  return view;
}

Result<AccessRequest> load_request(Transaction& tx, AccessRequestId id) {
  ATRIUM_ASSIGN_OR_RETURN(auto request, tx.get<AccessRequestRepository>().find(id));
  if (!request) return fail(access_request_not_found());
  return std::move(*request);
}

nlohmann::json request_changes(const AccessRequest& request) {
  return {{"AppID", request.app_id},
          {"PlanID", request.plan_id},
          {"Products", request.product_ids},
          {"Status", to_string(request.status)}};
}

Status check_open(Transaction& tx, const Offer& offer, AppId app, UserId requester) {
  auto& requests = tx.get<AccessRequestRepository>();
  ATRIUM_ASSIGN_OR_RETURN(const long long pending,
                          requests.count_pending(app, offer.plan.id, offer.product_ids));
  if (pending > 0) {
    return fail(conflict("access_request.duplicate",
                         "this app already has a pending request for these products and plan"));
  }
  const long long cap = offer.plan.fields.access_request_limit;
  if (cap > 0) {
    ATRIUM_ASSIGN_OR_RETURN(const long long open,
                            requests.count_open_for_user(requester, offer.plan.id));
    if (open >= cap) {
      return fail(conflict(
          "access_request.limit_reached",
          "you have reached this plan's limit of " + std::to_string(cap) + " access requests"));
    }
  }
  return ok();
}

}  // namespace

Result<AccessOutcome> AccessRequestService::request(const Actor& actor, AppId app_id,
                                                    const AccessInput& input) {
  if (!input.plan_id) {
    return fail(invalid_argument("access_request.invalid", "the access request needs a plan",
                                 {{"PlanID", "is required"}}));
  }
  ATRIUM_ASSIGN_OR_RETURN(auto settings, settings_.current());
  const TimePoint now = clock_.now();
  auto outcome = db_.write_result([&](Transaction& tx) -> Result<AccessOutcome> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, app_id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto requester, requester_of(tx, actor, app));
    ATRIUM_ASSIGN_OR_RETURN(
        auto offer, find_offer(tx, requester, input.product_ids.value_or(std::vector<ProductId>{}),
                               *input.plan_id, input.catalogue_id));
    ATRIUM_TRY(check_open(tx, offer, app.id, requester.id));
    const bool approve = offer.plan.fields.auto_approve;
    NewAccessRequest fresh{app.id,
                           requester.id,
                           offer.plan.id,
                           offer.catalogue_id,
                           offer.product_ids,
                           approve ? AccessStatus::kApproved : AccessStatus::kPending,
                           approve};
    ATRIUM_ASSIGN_OR_RETURN(auto request, tx.get<AccessRequestRepository>().create(fresh, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "access_request.create", "access_request",
                            std::to_string(request.id), app.organisation_id,
                            request_changes(request)));
    AccessOutcome out;
    if (approve) {
      auto& credentials = tx.get<CredentialRepository>();
      ATRIUM_ASSIGN_OR_RETURN(auto credential,
                              credentials.create(request.id, key_expiry(offer.plan, now), now));
      // The one asking manages the app and is here: they see the key now, once.
      if (!is_api_owner(actor.role)) {
        NewApiKey key = make_api_key(random_, hasher_);
        ATRIUM_ASSIGN_OR_RETURN(
            credential, credentials.set_key(credential.id, key.digest, credential.expires_at, now));
        out.key = IssuedKey{credential, std::move(key.key)};
      }
      ATRIUM_TRY(notify_requester(tx, mailer_, request, now));
    } else {
      ATRIUM_TRY(notify_owners(tx, mailer_, settings.email_admin, request, now));
    }
    ATRIUM_ASSIGN_OR_RETURN(out.view, view_of(tx, std::move(request)));
    return out;
  });
  if (outcome) mailer_.wake();
  return outcome;
}

Result<PageOf<AccessRequest>> AccessRequestService::list(const Actor& actor,
                                                         const AccessRequestFilter& filter,
                                                         const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  return db_.read_result(
      [&](Transaction& tx) { return tx.get<AccessRequestRepository>().list(filter, page); });
}

Result<AccessRequestView> AccessRequestService::get(const Actor& actor, AccessRequestId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  return db_.read_result([&](Transaction& tx) -> Result<AccessRequestView> {
    ATRIUM_ASSIGN_OR_RETURN(auto request, load_request(tx, id));
    return view_of(tx, std::move(request));
  });
}

Result<AccessRequestView> AccessRequestService::approve(const Actor& actor, AccessRequestId id) {
  return decide(actor, id, AccessStatus::kApproved, "");
}

Result<AccessRequestView> AccessRequestService::reject(const Actor& actor, AccessRequestId id,
                                                       const std::string& reason) {
  return decide(actor, id, AccessStatus::kRejected, reason);
}

Result<AccessRequestView> AccessRequestService::decide(const Actor& actor, AccessRequestId id,
                                                       AccessStatus status,
                                                       const std::string& reason) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  ContentChecks checks;
  const std::string why = checks.text(reason, kMaxDescriptionLength, "Reason");
  ATRIUM_TRY(checks.finish("access_request.invalid"));
  const TimePoint now = clock_.now();
  auto view = db_.write_result([&](Transaction& tx) -> Result<AccessRequestView> {
    ATRIUM_ASSIGN_OR_RETURN(auto request, load_request(tx, id));
    if (request.status != AccessStatus::kPending) {
      return fail(conflict("access_request.decided", "this access request is already " +
                                                         std::string(to_string(request.status))));
    }
    ATRIUM_ASSIGN_OR_RETURN(
        request, tx.get<AccessRequestRepository>().decide(id, status, actor.user_id, why, now));
    if (status == AccessStatus::kApproved) {
      ATRIUM_ASSIGN_OR_RETURN(auto plan, load_plan(tx, request.plan_id));
      ATRIUM_TRY(tx.get<CredentialRepository>().create(id, key_expiry(plan, now), now));
    }
    nlohmann::json changes = {{"Status", to_string(status)}};
    if (!why.empty()) changes["Reason"] = why;
    ATRIUM_TRY(record_audit(
        tx, actor, now,
        status == AccessStatus::kApproved ? "access_request.approve" : "access_request.reject",
        "access_request", std::to_string(id), request.app_organisation_id, changes));
    ATRIUM_TRY(notify_requester(tx, mailer_, request, now));
    return view_of(tx, std::move(request));
  });
  if (view) mailer_.wake();
  return view;
}

Status AccessRequestService::remove(const Actor& actor, AccessRequestId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kReviewAccessRequests));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto request, load_request(tx, id));
    ATRIUM_TRY(tx.get<AccessRequestRepository>().remove(id));
    return record_audit(tx, actor, now, "access_request.delete", "access_request",
                        std::to_string(id), request.app_organisation_id, request_changes(request));
  });
}

Result<PageOf<AccessRequestView>> AccessRequestService::list_for_app(const Actor& actor, AppId app,
                                                                     const PageRequest& page) {
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<AccessRequestView>> {
    ATRIUM_TRY(load_app_for(tx, actor, app, AppAction::kView));
    ATRIUM_ASSIGN_OR_RETURN(auto requests, tx.get<AccessRequestRepository>().list(
                                               AccessRequestFilter::of_app(app), page));
    PageOf<AccessRequestView> out;
    out.total = requests.total;
    for (AccessRequest& request : requests.items) {
      ATRIUM_ASSIGN_OR_RETURN(auto view, view_of(tx, std::move(request)));
      out.items.push_back(std::move(view));
    }
    return out;
  });
}

Result<AccessRequestView> AccessRequestService::get_for_app(const Actor& actor, AppId app,
                                                            AccessRequestId id) {
  return db_.read_result([&](Transaction& tx) -> Result<AccessRequestView> {
    ATRIUM_TRY(load_app_for(tx, actor, app, AppAction::kView));
    ATRIUM_ASSIGN_OR_RETURN(auto request, load_request_of(tx, app, id));
    return view_of(tx, std::move(request));
  });
}

Status AccessRequestService::remove_for_app(const Actor& actor, AppId app, AccessRequestId id) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto owner_app, load_app_for(tx, actor, app, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto request, load_request_of(tx, app, id));
    ATRIUM_TRY(tx.get<AccessRequestRepository>().remove(id));
    return record_audit(tx, actor, now, "access_request.delete", "access_request",
                        std::to_string(id), owner_app.organisation_id, request_changes(request));
  });
}

}  // namespace atrium
