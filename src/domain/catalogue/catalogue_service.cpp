#include "domain/catalogue/catalogue_service.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/ids.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/catalogue_repository.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/catalogue/content_support.hpp"
#include "domain/catalogue/plan_repository.hpp"
#include "domain/catalogue/product_repository.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/organisation_repository.hpp"
#include "domain/directory/team_repository.hpp"

namespace atrium {

namespace {

using policy::AdminAction;

Result<CatalogueView> load_view(Transaction& tx, Catalogue catalogue) {
  CatalogueView view;
  ATRIUM_ASSIGN_OR_RETURN(view.audiences, tx.get<CatalogueRepository>().audiences(catalogue.id));
  ATRIUM_ASSIGN_OR_RETURN(view.product_names,
                          tx.get<ProductRepository>().names_in_catalogue(catalogue.id));
  ATRIUM_ASSIGN_OR_RETURN(view.plan_names,
                          tx.get<PlanRepository>().names_in_catalogue(catalogue.id));
  view.catalogue = std::move(catalogue);
  return view;
}

// The fields after applying `input` to `current` (all of them on create), checked.
Result<CatalogueFields> merged_fields(const CatalogueInput& input, const CatalogueFields* current) {
  ContentChecks checks;
  CatalogueFields fields = current != nullptr ? *current : CatalogueFields{};
  if (input.name || current == nullptr) fields.name = checks.name(input.name.value_or(""), "Name");
  if (input.slug || current == nullptr) {
    fields.slug = checks.slug(input.slug.value_or(""), fields.name, "NameWithSlug");
  }
  if (input.visibility) {
    const auto visibility = parse_catalogue_visibility(*input.visibility);
    if (visibility) {
      fields.visibility = *visibility;
    } else {
      checks.add("VisibilityStatus", "must be Public or Private");
    }
  }
  ATRIUM_TRY(checks.finish("catalogue.invalid"));
  return fields;
}

// Validates an audience entry: the organisation exists, the team is one of its teams.
Status check_audience(Transaction& tx, const AudienceInput& input, FieldErrors& errors) {
  if (!input.organisation_id) {
    errors.add("OrganisationID", "is required");
    return ok();
  }
  ATRIUM_ASSIGN_OR_RETURN(auto org, tx.get<OrganisationRepository>().find(*input.organisation_id));
  if (!org) {
    errors.add("OrganisationID",
               "no organisation has ID " + std::to_string(*input.organisation_id));
    return ok();
  }
  if (input.team_id) {
    ATRIUM_ASSIGN_OR_RETURN(auto team, tx.get<TeamRepository>().find(*input.team_id));
    if (!team || team->organisation_id != org->id) {
      errors.add("TeamID", "no team with ID " + std::to_string(*input.team_id) +
                               " in organisation " + std::to_string(org->id));
    }
  }
  return ok();
}

// Sets the catalogue's products and plans when the input names them (ids checked first).
Status apply_links(Transaction& tx, CatalogueId id, const CatalogueInput& input) {
  FieldErrors errors;
  if (input.products) ATRIUM_TRY(check_products_exist(tx, *input.products, "Products", errors));
  if (input.plans) ATRIUM_TRY(check_plans_exist(tx, *input.plans, "Plans", errors));
  if (input.audiences) {
    for (const AudienceInput& audience : *input.audiences) {
      ATRIUM_TRY(check_audience(tx, audience, errors));
    }
  }
  ATRIUM_TRY(errors.finish("catalogue.invalid"));
  if (input.products) {
    ATRIUM_TRY(tx.get<ProductRepository>().set_products_of_catalogue(id, *input.products));
  }
  if (input.plans) ATRIUM_TRY(tx.get<PlanRepository>().set_plans_of_catalogue(id, *input.plans));
  return ok();
}

nlohmann::json changes_of(const CatalogueInput& input, const CatalogueFields& fields) {
  nlohmann::json changes = nlohmann::json::object();
  if (input.name) changes["Name"] = fields.name;
  if (input.slug) changes["NameWithSlug"] = fields.slug;
  if (input.visibility) changes["VisibilityStatus"] = to_string(fields.visibility);
  if (input.products) changes["Products"] = *input.products;
  if (input.plans) changes["Plans"] = *input.plans;
  return changes;
}

}  // namespace

Result<PageOf<Catalogue>> CatalogueService::list(const Actor& actor, const PageRequest& page) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  return db_.read_result([&](Transaction& tx) { return tx.get<CatalogueRepository>().list(page); });
}

Result<CatalogueView> CatalogueService::create(const Actor& actor, const CatalogueInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(input, nullptr));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<CatalogueView> {
    auto& catalogues = tx.get<CatalogueRepository>();
    ATRIUM_ASSIGN_OR_RETURN(auto catalogue, catalogues.create(new_uuid(random_), fields, now));
    ATRIUM_TRY(apply_links(tx, catalogue.id, input));
    for (const AudienceInput& audience : input.audiences.value_or(std::vector<AudienceInput>{})) {
      ATRIUM_TRY(catalogues.add_audience(
          NewAudience{catalogue.id, *audience.organisation_id, audience.team_id, ""}, now));
    }
    nlohmann::json changes = changes_of(input, fields);
    changes["Name"] = fields.name;
    changes["VisibilityStatus"] = to_string(fields.visibility);
    ATRIUM_TRY(record_audit(tx, actor, now, "catalogue.create", "catalogue",
                            std::to_string(catalogue.id), std::nullopt, changes));
    return load_view(tx, std::move(catalogue));
  });
}

Result<CatalogueView> CatalogueService::get(const Actor& actor, CatalogueId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  return db_.read_result([&](Transaction& tx) -> Result<CatalogueView> {
    ATRIUM_ASSIGN_OR_RETURN(auto catalogue, load_catalogue(tx, id));
    return load_view(tx, std::move(catalogue));
  });
}

Result<CatalogueView> CatalogueService::update(const Actor& actor, CatalogueId id,
                                               const CatalogueInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  if (input.audiences) {
    return fail(invalid_argument(
        "catalogue.invalid", "change audiences through /catalogues/{id}/audiences",
        {{"OrgCatalogues", "is not accepted here; use /catalogues/{id}/audiences"}}));
  }
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<CatalogueView> {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_catalogue(tx, id));
    const CatalogueFields before{current.name, current.slug, current.visibility};
    ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(input, &before));
    ATRIUM_ASSIGN_OR_RETURN(auto updated, tx.get<CatalogueRepository>().update(id, fields, now));
    ATRIUM_TRY(apply_links(tx, id, input));
    ATRIUM_TRY(record_audit(tx, actor, now, "catalogue.update", "catalogue", std::to_string(id),
                            std::nullopt, changes_of(input, fields)));
    return load_view(tx, std::move(updated));
  });
}

Status CatalogueService::remove(const Actor& actor, CatalogueId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto catalogue, load_catalogue(tx, id));
    ATRIUM_TRY(tx.get<CatalogueRepository>().remove(id));
    return record_audit(tx, actor, now, "catalogue.delete", "catalogue", std::to_string(id),
                        std::nullopt, {{"Name", catalogue.name}});
  });
}

Result<std::vector<Audience>> CatalogueService::audiences(const Actor& actor, CatalogueId id) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<Audience>> {
    ATRIUM_TRY(load_catalogue(tx, id));
    return tx.get<CatalogueRepository>().audiences(id);
  });
}

Result<Audience> CatalogueService::get_audience(const Actor& actor, CatalogueId id,
                                                AudienceId audience) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  return db_.read_result([&](Transaction& tx) -> Result<Audience> {
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<CatalogueRepository>().find_audience(id, audience));
    if (!found) return fail(not_found("audience.not_found", "audience not found"));
    return std::move(*found);
  });
}

Result<Audience> CatalogueService::add_audience(const Actor& actor, CatalogueId id,
                                                const AudienceInput& input) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<Audience> {
    ATRIUM_TRY(load_catalogue(tx, id));
    FieldErrors errors;
    ATRIUM_TRY(check_audience(tx, input, errors));
    ATRIUM_TRY(errors.finish("audience.invalid"));
    ATRIUM_ASSIGN_OR_RETURN(auto audience,
                            tx.get<CatalogueRepository>().add_audience(
                                NewAudience{id, *input.organisation_id, input.team_id, ""}, now));
    nlohmann::json changes = {{"OrganisationID", audience.organisation_id}};
    changes["TeamID"] = audience.team_id ? nlohmann::json(*audience.team_id) : nullptr;
    ATRIUM_TRY(record_audit(tx, actor, now, "catalogue.audience_add", "catalogue",
                            std::to_string(id), audience.organisation_id, changes));
    return audience;
  });
}

Status CatalogueService::remove_audience(const Actor& actor, CatalogueId id, AudienceId audience) {
  ATRIUM_TRY(require_owner(actor, AdminAction::kManageCatalogues));
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto found, tx.get<CatalogueRepository>().find_audience(id, audience));
    if (!found) return fail(not_found("audience.not_found", "audience not found"));
    ATRIUM_TRY(tx.get<CatalogueRepository>().remove_audience(id, audience));
    return record_audit(tx, actor, now, "catalogue.audience_remove", "catalogue",
                        std::to_string(id), found->organisation_id, {{"AudienceID", audience}});
  });
}

Result<std::vector<Catalogue>> CatalogueService::visible(const Actor* actor) {
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<Catalogue>> {
    ATRIUM_ASSIGN_OR_RETURN(auto viewer, viewer_of(tx, actor));
    return tx.get<CatalogueRepository>().list_visible(policy::visible_catalogues(viewer));
  });
}

}  // namespace atrium
