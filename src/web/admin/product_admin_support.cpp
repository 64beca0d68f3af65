#include "web/admin/product_admin_support.hpp"

#include <array>
#include <cctype>
#include <cstdio>

#include "domain/directory/names.hpp"
#include "web/admin/admin_frame.hpp"

namespace atrium::web {

std::string product_path(ProductId id) { return record_path(kProductsPath, id); }

std::vector<Crumb> product_crumbs(const Product& product) {
  return {{"Products", std::string(kProductsPath)},
          {product_label(product), product_path(product.id)}};
}

std::string product_label(const Product& product) {
  return product.fields.display_name.empty() ? product.fields.name : product.fields.display_name;
}

std::string plan_label(const Plan& plan) {
  return plan.fields.display_name.empty() ? plan.fields.name : plan.fields.display_name;
}

std::string byte_size_text(std::size_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  std::array<char, 32> text{};
  const bool mebi = bytes >= std::size_t{1024} * 1024;
  std::snprintf(text.data(), text.size(), "%.1f %s",
                static_cast<double>(bytes) / (mebi ? 1024.0 * 1024.0 : 1024.0),
                mebi ? "MiB" : "KiB");
  return text.data();
}

std::string safe_file_name(std::string_view text) {
  std::string name;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') name += c;
  }
  return name.empty() ? "document" : name;
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

}  // namespace atrium::web
