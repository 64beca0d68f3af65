#include "web/admin/catalogue_admin_pages.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"
#include "web/live/plan_limits.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kCataloguesPath = "/admin/catalogues";
constexpr std::string_view kPlansPath = "/admin/plans";

struct Ctx {
  const AuthPages& pages;
  CatalogueService& catalogues;
  PlanService& plans;
};

std::string catalogue_path(CatalogueId id) {
  return std::string(kCataloguesPath) + "/" + std::to_string(id);
}

// The list with the create form; `form` and `error` refill it after a refusal.
http::Response catalogues_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                               int status, const Form& form, const Error* error) {
  auto list = c.catalogues.list(actor_of(session, request), PageRequest{1, kMaxPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Catalogues", "catalogues");
  nlohmann::json items = nlohmann::json::array();
  for (const Catalogue& catalogue : list->items) {
    items.push_back({{"id", catalogue.id},
                     {"name", catalogue.name},
                     {"slug", catalogue.slug},
                     {"public", catalogue.visibility == CatalogueVisibility::kPublic},
                     {"href", catalogue_path(catalogue.id)},
                     {"delete", catalogue_path(catalogue.id) + "/delete"}});
  }
  view["has_catalogues"] = !items.empty();
  view["catalogues"] = std::move(items);
  view["total"] = list->total;
  view["more"] = list->total > kMaxPerPage;
  view["Name_value"] = form_value(form, "Name");
  view["public_selected"] = form_value(form, "VisibilityStatus") == "Public";
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_catalogues", view));
}

// What the details form (partial catalogue_fields) sets.
CatalogueInput catalogue_input(const Form& form) {
  CatalogueInput input;
  input.name = form_value(form, "Name");
  input.visibility = form_value(form, "VisibilityStatus");
  return input;
}

// A refusal as the form shows it: the slug is made from the name here, so its error would only
// repeat the name's.
Error form_error(Error error) {
  std::erase_if(error.fields, [](const FieldError& f) { return f.field == "NameWithSlug"; });
  return error;
}

http::Response create_catalogue(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto created = c.catalogues.create(actor_of(session, request), catalogue_input(form));
  if (!created) {
    if (created.error().code == ErrorCode::kInvalidArgument) {
      const Error error = form_error(created.error());
      return catalogues_page(c, request, session, 400, form, &error);
    }
    return error_page(c.pages, request, created.error(), &session);
  }
  return redirect_with_flash(c.pages, session, std::string(kCataloguesPath),
                             "Catalogue “" + created->catalogue.name + "” created.");
}

CatalogueId path_id(const http::Request& request) {
  long long id = 0;
  return parse_numeric_id(request.param("id"), id) ? id : 0;
}

// "a, b, c", or "none".
std::string names_text(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out.append(out.empty() ? "" : ", ").append(name);
  return out.empty() ? "none" : out;
}

// One catalogue's page: its details form (refilled from `form` after a refusal), audiences,
// products and plans.
http::Response catalogue_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                              int status, const Form* form, const Error* error) {
  const CatalogueId id = path_id(request);
  auto found = c.catalogues.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Catalogue& catalogue = found->catalogue;
  nlohmann::json view = admin_view(c.pages, session, catalogue.name, "catalogues",
                                   {{"Catalogues", std::string(kCataloguesPath)}});
  nlohmann::json audiences = nlohmann::json::array();
  for (const Audience& a : found->audiences) {
    audiences.push_back({{"organisation", a.organisation_name},
                         {"team", a.team_id ? std::to_string(*a.team_id) : std::string()}});
  }
  view["has_audiences"] = !audiences.empty();
  view["audiences"] = std::move(audiences);
  view["products"] = names_text(found->product_names);
  view["plans"] = names_text(found->plan_names);
  view["action"] = catalogue_path(id);
  view["delete"] = catalogue_path(id) + "/delete";
  view["Name_value"] = form ? form_value(*form, "Name") : catalogue.name;
  view["public_selected"] = form ? form_value(*form, "VisibilityStatus") == "Public"
                                 : catalogue.visibility == CatalogueVisibility::kPublic;
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_catalogue", view));
}

http::Response show_catalogue(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return catalogue_page(c, request, session, 200, nullptr, nullptr);
}

http::Response update_catalogue(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  const CatalogueId id = path_id(request);
  auto updated = c.catalogues.update(actor_of(session, request), id, catalogue_input(form));
  if (!updated) {
    if (updated.error().code != ErrorCode::kInvalidArgument) {
      return error_page(c.pages, request, updated.error(), &session);
    }
    const Error error = form_error(updated.error());
    return catalogue_page(c, request, session, 400, &form, &error);
  }
  return redirect_with_flash(c.pages, session, catalogue_path(id), "Changes saved.");
}

http::Response confirm_delete(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const CatalogueId id = path_id(request);
  auto found = c.catalogues.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  return confirm_page(c.pages, session,
                      ConfirmStep{"Delete the catalogue “" + found->catalogue.name + "”?",
                                  "Its products and plans stay, but people who saw them only "
                                  "through this catalogue no longer do. This cannot be undone.",
                                  catalogue_path(id) + "/delete", "Delete catalogue",
                                  std::string(kCataloguesPath)});
}

// Deletes what the path's {id} names through `service` (its get and remove), then goes back to
// `list` with a flash naming it ("Catalogue “Partners” deleted.").
template <typename Service, typename Label>
http::Response delete_and_return(const Ctx& c, http::Request& request, const ActiveSession& session,
                                 Service& service, std::string_view list, const std::string& noun,
                                 Label label) {
  const long long id = path_id(request);
  auto found = service.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Status removed = service.remove(actor_of(session, request), id);
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(list),
                             noun + " “" + label(*found) + "” deleted.");
}

http::Response delete_catalogue(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  return delete_and_return(c, request, session, c.catalogues, kCataloguesPath, "Catalogue",
                           [](const CatalogueView& v) { return v.catalogue.name; });
}

// What a person calls a plan: its display name, else its name.
std::string plan_label(const Plan& plan) {
  return plan.fields.display_name.empty() ? plan.fields.name : plan.fields.display_name;
}

http::Response plans_page(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto list = c.plans.list(actor_of(session, request), PageRequest{1, kMaxPerPage});
  if (!list) return error_page(c.pages, request, list.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Plans", "plans");
  nlohmann::json items = nlohmann::json::array();
  for (const Plan& plan : list->items) {
    nlohmann::json item = plan_limits_view(plan);
    item["name"] = plan_label(plan);
    item["code"] = plan.fields.name;
    item["delete"] = std::string(kPlansPath) + "/" + std::to_string(plan.id) + "/delete";
    items.push_back(std::move(item));
  }
  view["has_plans"] = !items.empty();
  view["plans"] = std::move(items);
  view["total"] = list->total;
  view["more"] = list->total > kMaxPerPage;
  return html_page(200, c.pages.renderer.render("admin_plans", view));
}

http::Response confirm_plan_delete(const Ctx& c, http::Request& request,
                                   const ActiveSession& session) {
  const PlanId id = path_id(request);
  auto found = c.plans.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  return confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the plan “" + plan_label(found->plan) + "”?",
                  "It is no longer offered in any catalogue. This cannot be undone.",
                  std::string(kPlansPath) + "/" + std::to_string(id) + "/delete", "Delete plan",
                  std::string(kPlansPath)});
}

http::Response delete_plan(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return delete_and_return(c, request, session, c.plans, kPlansPath, "Plan",
                           [](const PlanView& v) { return plan_label(v.plan); });
}

http::Response list_catalogues(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return catalogues_page(c, request, session, 200, Form{}, nullptr);
}

}  // namespace

void add_catalogue_admin_pages(http::Router& router, const AuthPages& pages,
                               CatalogueService& catalogues, PlanService& plans) {
  const Ctx c{pages, catalogues, plans};
  const std::string catalogue_list(kCataloguesPath);
  const std::string plan_list(kPlansPath);
  add_owner_page(router, c, "GET", catalogue_list, list_catalogues);
  add_owner_page(router, c, "POST", catalogue_list, create_catalogue);
  add_owner_page(router, c, "GET", catalogue_list + "/{id}", show_catalogue);
  add_owner_page(router, c, "POST", catalogue_list + "/{id}", update_catalogue);
  add_owner_page(router, c, "GET", catalogue_list + "/{id}/delete", confirm_delete);
  add_owner_page(router, c, "POST", catalogue_list + "/{id}/delete", delete_catalogue);
  add_owner_page(router, c, "GET", plan_list, plans_page);
  add_owner_page(router, c, "GET", plan_list + "/{id}/delete", confirm_plan_delete);
  add_owner_page(router, c, "POST", plan_list + "/{id}/delete", delete_plan);
}

}  // namespace atrium::web
