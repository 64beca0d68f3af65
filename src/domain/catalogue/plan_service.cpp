#include "domain/catalogue/plan_service.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "core/field_errors.hpp"
#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/directory/directory_support.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

// The fields after applying `input` to `current` (or to a new plan), checked.
Result<PlanFields> merged_fields(const PlanInput& input, const PlanFields* current) {
  ContentChecks checks;
  PlanFields f = current != nullptr ? *current : PlanFields{};
  checks.names(input.name, input.display_name, current == nullptr, f.name, f.display_name);
  if (input.description) {
    f.description = checks.text(*input.description, kMaxDescriptionLength, "Description");
  }
  if (input.jwt_scope) f.jwt_scope = checks.text(*input.jwt_scope, kMaxShortTextLength, "JWTScope");
  if (input.rate_limit) f.rate_limit = checks.count(*input.rate_limit, "RateLimit");
  if (input.per) f.per = checks.count(*input.per, "Per");
  if (input.quota) f.quota = checks.count(*input.quota, "Quota");
  if (input.quota_renewal_rate) {
    f.quota_renewal_rate = checks.count(*input.quota_renewal_rate, "QuotaRenewalRate");
  }
  if (input.key_expires_in) f.key_expires_in = checks.count(*input.key_expires_in, "KeyExpiresIn");
  if (input.access_request_limit) {
    f.access_request_limit = checks.count(*input.access_request_limit, "AccessRequestLimit");
  }
  set_if(input.unlimited_rate_limit, f.unlimited_rate_limit);
  set_if(input.unlimited_quota, f.unlimited_quota);
  set_if(input.auto_approve, f.auto_approve);
  set_if(input.metadata_json, f.metadata_json);
  // A limited rate needs its period: "5 requests per 0 seconds" means nothing.
  if (!f.unlimited_rate_limit && f.rate_limit > 0 && f.per <= 0) {
    checks.add("Per", "must be at least 1 second when RateLimit is set");
  }
  if (!f.unlimited_quota && f.quota > 0 && f.quota_renewal_rate <= 0) {
    checks.add("QuotaRenewalRate", "must be at least 1 second when Quota is set");
  }
  ATRIUM_TRY(checks.finish("plan.invalid"));
  return f;
}

nlohmann::json audit_fields(const PlanFields& f) {
  return {{"Name", f.name},
          {"RateLimit", f.rate_limit},
          {"Per", f.per},
          {"Quota", f.quota},
          {"QuotaRenewalRate", f.quota_renewal_rate},
          {"AutoApproveAccessRequests", f.auto_approve}};
}

Status check_input_links(Transaction& tx, const PlanInput& input) {
  FieldErrors errors;
  if (input.catalogues) {
    ATRIUM_TRY(check_catalogues_exist(tx, *input.catalogues, "Catalogues", errors));
  }
  ATRIUM_TRY(check_provider_exists(tx, input.provider_id, errors));
  return errors.finish("plan.invalid");
}

// merged_fields and check_input_links together: every field at fault in one error (the links are
// checked even when a field is refused, so that a form hears of all of them at once).
Result<PlanFields> checked_fields(Transaction& tx, const PlanInput& input,
                                  const PlanFields* current) {
  FieldErrors errors;
  auto fields = errors.take(merged_fields(input, current));
  if (Status links = check_input_links(tx, input); !links) {
    if (links.error().code != ErrorCode::kInvalidArgument) return fail(links.error());
    errors.take(links);
  }
  ATRIUM_TRY(errors.finish("plan.invalid"));
  return std::move(*fields);
}

Result<PlanView> load_view(Transaction& tx, Plan plan) {
  ATRIUM_ASSIGN_OR_RETURN(auto catalogues, tx.get<PlanRepository>().catalogues(plan.id));
  return PlanView{std::move(plan), std::move(catalogues)};
}

}  // namespace

Result<PageOf<Plan>> PlanService::list(const Actor& actor, const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManagePlans));
  return db_.read_result([&](Transaction& tx) { return tx.get<PlanRepository>().list(page); });
}

Result<PlanView> PlanService::create(const Actor& actor, const PlanInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManagePlans));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<PlanView> {
    ATRIUM_ASSIGN_OR_RETURN(auto fields, checked_fields(tx, input, nullptr));
    ATRIUM_ASSIGN_OR_RETURN(auto provider, tx.get<ProviderRepository>().built_in());
    auto& plans = tx.get<PlanRepository>();
    ATRIUM_ASSIGN_OR_RETURN(
        auto plan,
        plans.create(new_uuid(random_), input.provider_id.value_or(provider.id), fields, now));
    if (input.catalogues) ATRIUM_TRY(plans.set_catalogues(plan.id, *input.catalogues));
    ATRIUM_TRY(record_audit(tx, actor, now, "plan.create", "plan", std::to_string(plan.id),
                            std::nullopt, audit_fields(fields)));
    return load_view(tx, std::move(plan));
  });
}

Result<PlanView> PlanService::get(const Actor& actor, PlanId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManagePlans));
  return db_.read_result([&](Transaction& tx) -> Result<PlanView> {
    ATRIUM_ASSIGN_OR_RETURN(auto plan, load_plan(tx, id));
    return load_view(tx, std::move(plan));
  });
}

Result<PlanView> PlanService::update(const Actor& actor, PlanId id, const PlanInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManagePlans));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<PlanView> {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_plan(tx, id));
    ATRIUM_ASSIGN_OR_RETURN(auto fields, checked_fields(tx, input, &current.fields));
    auto& plans = tx.get<PlanRepository>();
    ATRIUM_ASSIGN_OR_RETURN(auto plan, plans.update(id, fields, now));
    if (input.catalogues) ATRIUM_TRY(plans.set_catalogues(id, *input.catalogues));
    ATRIUM_TRY(record_audit(tx, actor, now, "plan.update", "plan", std::to_string(id), std::nullopt,
                            audit_fields(fields)));
    return load_view(tx, std::move(plan));
  });
}

Status PlanService::check(const Actor& actor, const PlanInput& input, std::optional<PlanId> id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManagePlans));
  return db_.read([&](Transaction& tx) -> Status {
    std::optional<Plan> current;
    if (id) {
      ATRIUM_ASSIGN_OR_RETURN(auto plan, load_plan(tx, *id));
      current = std::move(plan);
    }
    ATRIUM_TRY(checked_fields(tx, input, current ? &current->fields : nullptr));
    return ok();
  });
}

Status PlanService::remove(const Actor& actor, PlanId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManagePlans));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto plan, load_plan(tx, id));
    ATRIUM_TRY(tx.get<PlanRepository>().remove(id));
    return record_audit(tx, actor, now, "plan.delete", "plan", std::to_string(id), std::nullopt,
                        {{"Name", plan.fields.name}});
  });
}

Result<std::vector<Plan>> PlanService::visible(const Actor* actor) {
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<Plan>> {
    ATRIUM_ASSIGN_OR_RETURN(auto viewer, viewer_of(tx, actor));
    return tx.get<PlanRepository>().list_visible(policy::visible_catalogues(viewer));
  });
}

}  // namespace atrium
