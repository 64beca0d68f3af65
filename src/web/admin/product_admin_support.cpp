#include "web/admin/product_admin_support.hpp"

#include "domain/directory/names.hpp"

namespace atrium::web {

std::string product_path(ProductId id) {
  return std::string(kProductsPath) + "/" + std::to_string(id);
}

std::string product_label(const Product& product) {
  return product.fields.display_name.empty() ? product.fields.name : product.fields.display_name;
}

std::string plan_label(const Plan& plan) {
  return plan.fields.display_name.empty() ? plan.fields.name : plan.fields.display_name;
}

Result<std::vector<FieldOption>> catalogue_options(CatalogueService& catalogues,
                                                   const Actor& actor) {
  ATRIUM_ASSIGN_OR_RETURN(auto list, catalogues.list(actor, PageRequest{1, kMaxPerPage}));
  std::vector<FieldOption> options;
  for (const Catalogue& c : list.items) {
    const bool open = c.visibility == CatalogueVisibility::kPublic;
    options.push_back({std::to_string(c.id), c.name + (open ? " (Public)" : " (Private)")});
  }
  return options;
}

std::vector<CatalogueId> catalogue_ids(const Form& form, FieldErrors& errors) {
  std::vector<CatalogueId> ids;
  for (const std::string& value : form_values(form, "Catalogues")) {
    long long id = 0;
    if (parse_numeric_id(value, id)) {
      ids.push_back(id);
    } else {
      errors.add("Catalogues", "“" + value + "” is not a catalogue");
    }
  }
  return ids;
}

long long path_number(const http::Request& request, std::string_view name) {
  long long id = 0;
  return parse_numeric_id(request.param(name), id) ? id : 0;
}

}  // namespace atrium::web
