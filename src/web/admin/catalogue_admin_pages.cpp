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

http::Response create_catalogue(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  CatalogueInput input;
  input.name = form_value(form, "Name");
  input.visibility = form_value(form, "VisibilityStatus");
  auto created = c.catalogues.create(actor_of(session, request), input);
  if (!created) {
    if (created.error().code == ErrorCode::kInvalidArgument) {
      // The slug is made from the name here, so its error would only repeat the name's.
      Error error = created.error();
      std::erase_if(error.fields, [](const FieldError& f) { return f.field == "NameWithSlug"; });
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

http::Response delete_catalogue(const Ctx& c, http::Request& request,
                                const ActiveSession& session) {
  const CatalogueId id = path_id(request);
  auto found = c.catalogues.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Status removed = c.catalogues.remove(actor_of(session, request), id);
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kCataloguesPath),
                             "Catalogue “" + found->catalogue.name + "” deleted.");
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
  const PlanId id = path_id(request);
  auto found = c.plans.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Status removed = c.plans.remove(actor_of(session, request), id);
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, std::string(kPlansPath),
                             "Plan “" + plan_label(found->plan) + "” deleted.");
}

void add_plan_admin_pages(http::Router& router, const AuthPages& pages, const Ctx& c) {
  router.add("GET", std::string(kPlansPath),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return plans_page(c, request, session);
             }));
  router.add("GET", std::string(kPlansPath) + "/{id}/delete",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return confirm_plan_delete(c, request, session);
             }));
  router.add("POST", std::string(kPlansPath) + "/{id}/delete",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return delete_plan(c, request, session);
             }));
}

}  // namespace

void add_catalogue_admin_pages(http::Router& router, const AuthPages& pages,
                               CatalogueService& catalogues, PlanService& plans) {
  const Ctx c{pages, catalogues, plans};
  add_plan_admin_pages(router, pages, c);
  router.add("GET", std::string(kCataloguesPath),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return catalogues_page(c, request, session, 200, Form{}, nullptr);
             }));
  router.add("POST", std::string(kCataloguesPath),
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return create_catalogue(c, request, session);
             }));
  router.add("GET", std::string(kCataloguesPath) + "/{id}/delete",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return confirm_delete(c, request, session);
             }));
  router.add("POST", std::string(kCataloguesPath) + "/{id}/delete",
             owners_only(pages, [c](http::Request& request, const ActiveSession& session) {
               return delete_catalogue(c, request, session);
             }));
}

}  // namespace atrium::web
