#include "web/admin/catalogue_admin_pages.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/field_errors.hpp"
#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/directory_options.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/form_fields.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kCataloguesPath = "/admin/catalogues";

struct Ctx {
  const AuthPages& pages;
  CatalogueService& catalogues;
  OrganisationService& organisations;
};

std::string catalogue_path(CatalogueId id) { return record_path(kCataloguesPath, id); }

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

CatalogueId path_id(const http::Request& request) { return path_number(request); }

// "a, b, c", or "none".
std::string names_text(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out.append(out.empty() ? "" : ", ").append(name);
  return out.empty() ? "none" : out;
}

// The teams of `organisation` by id (none when it has gone).
std::map<TeamId, std::string> team_names(const Ctx& c, const Actor& actor,
                                         OrganisationId organisation) {
  std::map<TeamId, std::string> names;
  auto teams = c.organisations.list_teams(actor, std::to_string(organisation));
  if (teams) {
    for (const Team& t : *teams) names[t.id] = t.name;
  }
  return names;
}

// The audience list (each with its remove step) and the add form: its organisation chooser
// (?organisation= on GET, OrganisationID after a refused POST) and that organisation's teams.
nlohmann::json audiences_view(const Ctx& c, const Actor& actor, const http::Request& request,
                              const CatalogueView& found, const Error* error) {
  nlohmann::json audiences = nlohmann::json::array();
  std::map<OrganisationId, std::map<TeamId, std::string>> teams;
  for (const Audience& a : found.audiences) {
    if (!teams.contains(a.organisation_id)) {
      teams[a.organisation_id] = team_names(c, actor, a.organisation_id);
    }
    std::string who = "every team";
    if (a.team_id) who = "team " + teams[a.organisation_id][*a.team_id];
    audiences.push_back({{"organisation", a.organisation_name},
                         {"who", who},
                         {"remove", catalogue_path(found.catalogue.id) + "/audiences/" +
                                        std::to_string(a.id) + "/delete"}});
  }
  const Form form = request.method == "POST" ? http::parse_query(request.body) : Form{};
  std::string chosen = request.method == "POST"
                           ? form_value(form, "OrganisationID")
                           : std::string(request.query_param("organisation").value_or(""));
  nlohmann::json organisations = organisation_options(c.organisations, actor, chosen);
  if (chosen.empty() && !organisations.empty()) chosen = organisations[0]["value"];
  std::vector<FieldOption> team_options = {{"", "Every team of the organisation"}};
  long long org = 0;
  if (parse_numeric_id(chosen, org)) {
    for (const auto& [id, name] : team_names(c, actor, org)) {
      team_options.push_back({std::to_string(id), name});
    }
  }
  nlohmann::json errors = false;  // its own summary, above its form
  if (error != nullptr) {
    errors = nlohmann::json::object();
    add_error_to_form(errors, *error);
  }
  // The organisation chooser (partial organisation_field) shows its error by the page's key.
  nlohmann::json org_error = false;
  if (error != nullptr) org_error = errors.value("OrganisationID_error", nlohmann::json(false));
  return {
      {"audiences", std::move(audiences)},
      {"audience_errors", std::move(errors)},
      {"OrganisationID_error", org_error},
      {"has_audiences", !found.audiences.empty()},
      {"organisations", std::move(organisations)},
      {"organisation_id", chosen},
      {"organisation_name", "organisation"},
      {"organisation_hint", "Choose it first to see its teams."},
      {"audience_fields",
       fields_view({{"TeamID", "Team", "", FieldKind::kSelect, 0, team_options}}, form, error)}};
}

// One catalogue's page: its details form (refilled from `form` after a refusal, `error` beside
// its fields), audiences (`audience_error`: a refused audience), products and plans.
http::Response catalogue_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                              int status, const Form* form, const Error* error,
                              const Error* audience_error = nullptr) {
  const CatalogueId id = path_id(request);
  auto found = c.catalogues.get(actor_of(session, request), id);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const Catalogue& catalogue = found->catalogue;
  nlohmann::json view = admin_view(c.pages, session, catalogue.name, "catalogues",
                                   {{"Catalogues", std::string(kCataloguesPath)}});
  view.update(audiences_view(c, actor_of(session, request), request, *found, audience_error));
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

// POST …/audiences: OrganisationID and TeamID (empty: every team).
http::Response add_audience(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  const CatalogueId id = path_id(request);
  AudienceInput input;
  FieldErrors errors;
  long long number = 0;
  if (parse_numeric_id(form_value(form, "OrganisationID"), number)) {
    input.organisation_id = number;
  } else {
    errors.add("OrganisationID", "choose an organisation");
  }
  const std::string team = form_value(form, "TeamID");
  if (parse_numeric_id(team, number)) {
    input.team_id = number;
  } else if (!team.empty()) {
    errors.add("TeamID", "choose a team of the organisation");
  }
  const Status checked = errors.finish("audience.invalid");
  auto added = checked ? c.catalogues.add_audience(actor_of(session, request), id, input)
                       : Result<Audience>(fail(checked.error()));
  if (!added) {
    if (added.error().code != ErrorCode::kInvalidArgument) {
      return error_page(c.pages, request, added.error(), &session);
    }
    return catalogue_page(c, request, session, 400, nullptr, nullptr, &added.error());
  }
  return redirect_with_flash(c.pages, session, catalogue_path(id),
                             "Audience added: " + added->organisation_name + ".");
}

// The audience of the path's {audience} (kNotFound for one of another catalogue).
Result<Audience> path_audience(const Ctx& c, const http::Request& request, const Actor& actor) {
  return c.catalogues.get_audience(actor, path_id(request), path_number(request, "audience"));
}

http::Response remove_audience(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto found = path_audience(c, request, actor);
  if (!found) return error_page(c.pages, request, found.error(), &session);
  const std::string back = catalogue_path(found->catalogue_id);
  if (request.method == "GET") {
    return admin_confirm_page(
        c.pages, session,
        ConfirmStep{"Remove " + found->organisation_name + " from the audience?",
                    "Its members no longer see the catalogue “" + found->catalogue_name +
                        "” through this entry (other entries, or being Public, may still show it).",
                    back + "/audiences/" + std::to_string(found->id) + "/delete", "Remove audience",
                    back},
        "catalogues",
        {{"Catalogues", std::string(kCataloguesPath)}, {found->catalogue_name, back}});
  }
  const Status removed = c.catalogues.remove_audience(actor, found->catalogue_id, found->id);
  if (!removed) return error_page(c.pages, request, removed.error(), &session);
  return redirect_with_flash(c.pages, session, back,
                             "Audience removed: " + found->organisation_name + ".");
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
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Delete the catalogue “" + found->catalogue.name + "”?",
                  "Its products and plans stay, but people who saw them only "
                  "through this catalogue no longer do. This cannot be undone.",
                  catalogue_path(id) + "/delete", "Delete catalogue", std::string(kCataloguesPath)},
      "catalogues",
      {{"Catalogues", std::string(kCataloguesPath)}, {found->catalogue.name, catalogue_path(id)}});
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

http::Response list_catalogues(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return catalogues_page(c, request, session, 200, Form{}, nullptr);
}

}  // namespace

void add_catalogue_admin_pages(http::Router& router, const AuthPages& pages,
                               CatalogueService& catalogues, OrganisationService& organisations) {
  const Ctx c{pages, catalogues, organisations};
  const std::string catalogue_list(kCataloguesPath);
  add_owner_page(router, c, "GET", catalogue_list, list_catalogues);
  add_owner_page(router, c, "POST", catalogue_list, create_catalogue);
  add_owner_page(router, c, "GET", catalogue_list + "/{id}", show_catalogue);
  add_owner_page(router, c, "POST", catalogue_list + "/{id}", update_catalogue);
  add_owner_page(router, c, "GET", catalogue_list + "/{id}/delete", confirm_delete);
  add_owner_page(router, c, "POST", catalogue_list + "/{id}/delete", delete_catalogue);
  add_owner_page(router, c, "POST", catalogue_list + "/{id}/audiences", add_audience);
  add_owner_page(router, c, "GET", catalogue_list + "/{id}/audiences/{audience}/delete",
                 remove_audience);
  add_owner_page(router, c, "POST", catalogue_list + "/{id}/audiences/{audience}/delete",
                 remove_audience);
}

}  // namespace atrium::web
