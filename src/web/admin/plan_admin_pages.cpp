// Plans in the Admin Portal: the list (paged) with each plan's limits in the words consumers read,
// the create and edit forms (every field of Tyk's plan, the catalogues that offer it; refusals
// beside the fields, what was typed kept) and delete after a confirmation step. Through
// PlanService, as /portal-api/plans, so each change is audited.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/encoding.hpp"
#include "core/field_errors.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/directory/names.hpp"
#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/catalogue_admin_pages.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/form_fields.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
#include "web/live/plan_limits.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kPlansPath = "/admin/plans";
constexpr long long kPlansPerPage = 20;

struct Ctx {
  const AuthPages& pages;
  PlanService& plans;
  CatalogueService& catalogues;
};

std::string plan_path(PlanId id) { return record_path(kPlansPath, id); }

std::vector<FieldSpec> plan_fields(const std::vector<FieldOption>& catalogues) {
  using K = FieldKind;
  return {
      {"Name", "Name", "Unique: what the admin API and the audit log call it.", K::kText, 100, {}},
      {"DisplayName", "Display name", "What consumers see. Empty: the name.", K::kText, 100, {}},
      {"Description", "Description", "", K::kTextarea, kMaxDescriptionLength, {}},
      {"RateLimit", "Rate limit", "Requests allowed per period; 0: none set.", K::kNumber, 0, {}},
      {"Per", "Rate limit period", "In seconds: 60 for a limit per minute.", K::kNumber, 0, {}},
      {"UnlimitedRateLimit", "Unlimited rate", "", K::kCheckbox, 0, {}},
      {"Quota", "Quota", "Requests allowed per renewal period; 0: none set.", K::kNumber, 0, {}},
      {"QuotaRenewalRate",
       "Quota renewal period",
       "In seconds: 3600 for a quota per hour, 2592000 for 30 days.",
       K::kNumber,
       0,
       {}},
      {"UnlimitedQuota", "Unlimited quota", "", K::kCheckbox, 0, {}},
      {"KeyExpiresIn",
       "Keys expire after",
       "In seconds: 86400 for a day; 0: keys do not expire.",
       K::kNumber,
       0,
       {}},
      {"AccessRequestLimit",
       "Access requests per user",
       "How many pending or approved requests one user may have for this plan; 0: no cap.",
       K::kNumber,
       0,
       {}},
      {"AutoApproveAccessRequests", "Approve access requests at once", "", K::kCheckbox, 0, {}},
      {"JWTScope", "JWT scope", "", K::kText, kMaxShortTextLength, {}},
      {"MetaData",
       "Metadata",
       R"(A JSON object kept with the plan, for your scripts: {"tier": "gold"}.)",
       K::kTextarea,
       kMaxDescriptionLength,
       {}},
      {"Catalogues", "Catalogues", "Consumers see the plan through the catalogues it is in.",
       K::kCheckboxes, 0, catalogues},
  };
}

Form plan_form(const PlanView& view) {
  const PlanFields& f = view.plan.fields;
  Form form = {{"Name", f.name},
               {"DisplayName", f.display_name},
               {"Description", f.description},
               {"RateLimit", std::to_string(f.rate_limit)},
               {"Per", std::to_string(f.per)},
               {"Quota", std::to_string(f.quota)},
               {"QuotaRenewalRate", std::to_string(f.quota_renewal_rate)},
               {"KeyExpiresIn", std::to_string(f.key_expires_in)},
               {"AccessRequestLimit", std::to_string(f.access_request_limit)},
               {"JWTScope", f.jwt_scope},
               {"MetaData", f.metadata_json}};
  add_checkbox(form, "UnlimitedRateLimit", f.unlimited_rate_limit);
  add_checkbox(form, "UnlimitedQuota", f.unlimited_quota);
  add_checkbox(form, "AutoApproveAccessRequests", f.auto_approve);
  for (const Catalogue& c : view.catalogues) form.emplace_back("Catalogues", std::to_string(c.id));
  return form;
}

// What the form sets, with the field errors of what the page cannot read (a number that is none,
// metadata that is not a JSON object, a catalogue that is no number): those fields stay unset.
struct ReadPlanForm {
  PlanInput input;
  std::vector<FieldError> errors;
};

// A whole number of 0 or more ("" is 0); none and a field error otherwise (the service checks
// the rest).
std::optional<long long> whole_number(const Form& form, const std::string& name,
                                      std::vector<FieldError>& errors) {
  const std::string text(trim(form_value(form, name)));
  long long value = 0;
  if (text.empty() || text == "0") return 0;
  if (!parse_numeric_id(text, value)) {
    errors.push_back({name, "must be a whole number, 0 or more"});
    return std::nullopt;
  }
  return value;
}

ReadPlanForm read_plan_form(const Form& form) {
  ReadPlanForm read;
  PlanInput& in = read.input;
  in.name = form_value(form, "Name");
  // An empty display name is the name (and a missing name is told once, on Name).
  const std::string display = form_value(form, "DisplayName");
  if (!display.empty() || !in.name->empty()) in.display_name = display.empty() ? *in.name : display;
  in.description = form_value(form, "Description");
  in.rate_limit = whole_number(form, "RateLimit", read.errors);
  in.per = whole_number(form, "Per", read.errors);
  in.unlimited_rate_limit = form_value(form, "UnlimitedRateLimit") == "on";
  in.quota = whole_number(form, "Quota", read.errors);
  in.quota_renewal_rate = whole_number(form, "QuotaRenewalRate", read.errors);
  in.unlimited_quota = form_value(form, "UnlimitedQuota") == "on";
  in.key_expires_in = whole_number(form, "KeyExpiresIn", read.errors);
  in.access_request_limit = whole_number(form, "AccessRequestLimit", read.errors);
  in.auto_approve = form_value(form, "AutoApproveAccessRequests") == "on";
  in.jwt_scope = form_value(form, "JWTScope");
  const std::string metadata = form_value(form, "MetaData");
  if (trim(metadata).empty()) {
    in.metadata_json = "{}";
  } else {
    const nlohmann::json parsed = nlohmann::json::parse(metadata, nullptr, false);
    if (parsed.is_object()) {
      in.metadata_json = parsed.dump();
    } else {
      read.errors.push_back({"MetaData", R"(must be a JSON object, such as {"tier": "gold"})"});
    }
  }
  FieldErrors catalogue_errors;
  in.catalogues = catalogue_ids(form, catalogue_errors);
  if (Status catalogues = catalogue_errors.finish("plan.invalid"); !catalogues) {
    const auto& fields = catalogues.error().fields;
    read.errors.insert(read.errors.end(), fields.begin(), fields.end());
    in.catalogues.reset();
  }
  return read;
}

// The form's input for a new plan (no `id`) or plan `id`; a refusal names every field at fault
// at once: what the page cannot read and, for the rest, what the service would refuse
// (PlanService::check changes nothing).
Result<PlanInput> plan_input(const Ctx& c, const Actor& actor, const Form& form,
                             std::optional<PlanId> id) {
  ReadPlanForm read = read_plan_form(form);
  if (read.errors.empty()) return std::move(read.input);
  if (Status checked = c.plans.check(actor, read.input, id); !checked) {
    if (checked.error().code != ErrorCode::kInvalidArgument) return fail(checked.error());
    for (const FieldError& e : checked.error().fields) {
      const bool told = std::any_of(read.errors.begin(), read.errors.end(),
                                    [&](const FieldError& f) { return f.field == e.field; });
      if (!told) read.errors.push_back(e);
    }
  }
  return fail(invalid_argument("plan.invalid", "the plan form has errors", std::move(read.errors)));
}

// ---- The list -------------------------------------------------------------------------------

http::Response plans_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const long long page = page_number(request);
  auto list = c.plans.list(actor_of(session, request), PageRequest{page, kPlansPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Plans", "plans");
  nlohmann::json items = nlohmann::json::array();
  for (const Plan& plan : list->items) {
    nlohmann::json item = plan_limits_view(plan);
    item["name"] = plan_label(plan);
    item["code"] = plan.fields.name;
    item["href"] = plan_path(plan.id);
    item["delete"] = plan_path(plan.id) + "/delete";
    items.push_back(std::move(item));
  }
  view["has_plans"] = !items.empty();
  view["plans"] = std::move(items);
  view["total"] = list->total;
  add_pager(view, std::string(kPlansPath) + "?", page, kPlansPerPage, list->total);
  return html_page(200, c.pages.renderer.render("admin_plans", view));
}

// ---- The form -------------------------------------------------------------------------------

// The form of a new plan (`plan` null) or of `plan`, refilled from `form` after a refusal.
http::Response plan_page(const Ctx& c, const http::Request& request, const ActiveSession& session,
                         const PlanView* plan, int status, const Form* form, const Error* error) {
  const Actor actor = actor_of(session, request);
  auto catalogues = catalogue_options(c.catalogues, actor);
  if (!catalogues) return error_page(c.pages, request, catalogues.error(), &session);
  nlohmann::json view =
      admin_view(c.pages, session, plan != nullptr ? plan_label(plan->plan) : "New plan", "plans",
                 {{"Plans", std::string(kPlansPath)}});
  const Form values =
      form != nullptr ? *form : (plan != nullptr ? plan_form(*plan) : Form{{"MetaData", "{}"}});
  view["fields"] = fields_view(plan_fields(*catalogues), values, error);
  if (error != nullptr) add_error_to_form(view, *error);
  view["action"] = plan != nullptr ? plan_path(plan->plan.id) : std::string(kPlansPath) + "/new";
  view["button"] = plan != nullptr ? "Save changes" : "Create plan";
  view["cancel"] = std::string(kPlansPath);
  if (plan != nullptr) {
    view["limits"] = plan_limits_view(plan->plan);
    view["delete"] = plan_path(plan->plan.id) + "/delete";
  }
  return html_page(status, c.pages.renderer.render("admin_plan", view));
}

http::Response show_new_plan(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return plan_page(c, request, session, nullptr, 200, nullptr, nullptr);
}

http::Response create_plan(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  const Form form = http::parse_query(request.body);
  auto input = plan_input(c, actor, form, std::nullopt);
  auto created = input ? c.plans.create(actor, *input) : Result<PlanView>(fail(input.error()));
  if (!created) {
    return form_refused(c.pages, request, session, created.error(), [&](int status, auto* e) {
      return plan_page(c, request, session, nullptr, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, plan_path(created->plan.id),
                             "Plan “" + plan_label(created->plan) + "” created.");
}

http::Response show_plan(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto found = c.plans.get(actor_of(session, request), path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  return plan_page(c, request, session, &*found, 200, nullptr, nullptr);
}

http::Response update_plan(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto found = c.plans.get(actor, path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Form form = http::parse_query(request.body);
  auto input = plan_input(c, actor, form, found->plan.id);
  auto updated =
      input ? c.plans.update(actor, found->plan.id, *input) : Result<PlanView>(fail(input.error()));
  if (!updated) {
    return form_refused(c.pages, request, session, updated.error(), [&](int status, auto* e) {
      return plan_page(c, request, session, &*found, status, &form, e);
    });
  }
  return redirect_with_flash(c.pages, session, plan_path(found->plan.id), "Changes saved.");
}

http::Response confirm_plan_delete(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  auto found = c.plans.get(actor_of(session, request), path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const PlanId id = found->plan.id;
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the plan “" + plan_label(found->plan) + "”?",
                  "It is no longer offered in any catalogue. This cannot be undone.",
                  plan_path(id) + "/delete", "Delete plan", plan_path(id)},
      "plans", {{"Plans", std::string(kPlansPath)}, {plan_label(found->plan), plan_path(id)}});
}

http::Response delete_plan(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto found = c.plans.get(actor, path_number(request));
  if (!found) return error_page(c.pages, request, found.error(), &session);
  if (auto removed = c.plans.remove(actor, found->plan.id); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, std::string(kPlansPath),
                             "Plan “" + plan_label(found->plan) + "” deleted.");
}

}  // namespace

void add_plan_admin_pages(http::Router& router, const AuthPages& pages, PlanService& plans,
                          CatalogueService& catalogues) {
  const Ctx c{pages, plans, catalogues};
  const std::string list(kPlansPath);
  add_owner_page(router, c, "GET", list, plans_page);
  add_owner_page(router, c, "GET", list + "/new", show_new_plan);
  add_owner_page(router, c, "POST", list + "/new", create_plan);
  add_owner_page(router, c, "GET", list + "/{id}", show_plan);
  add_owner_page(router, c, "POST", list + "/{id}", update_plan);
  add_owner_page(router, c, "GET", list + "/{id}/delete", confirm_plan_delete);
  add_owner_page(router, c, "POST", list + "/{id}/delete", delete_plan);
}

}  // namespace atrium::web
