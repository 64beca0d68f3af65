#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/field_errors.hpp"
#include "domain/catalogue/catalogue_service.hpp"
#include "domain/catalogue/plan.hpp"
#include "domain/catalogue/product.hpp"
#include "http/request.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/common/form_fields.hpp"

// What the Admin Portal's product and plan pages share: paths, how they name a product or plan,
// and their Catalogues boxes.
namespace atrium::web {

inline constexpr std::string_view kProductsPath = "/admin/products";

std::string product_path(ProductId id);
// What a person calls a product: its display name, else its name.
std::string product_label(const Product& product);
// The breadcrumbs to a product's page: Products › the product.
std::vector<Crumb> product_crumbs(const Product& product);
// What a person calls a plan: its display name, else its name.
std::string plan_label(const Plan& plan);

// "812 bytes", "12.5 KiB", "1.0 MiB".
std::string byte_size_text(std::size_t bytes);
// `text` with only a-z, A-Z, 0-9, '-' and '_' kept: a download's file name.
std::string safe_file_name(std::string_view text);

// The catalogues as a Catalogues field offers them: "Partners (Private)", the first 100.
Result<std::vector<FieldOption>> catalogue_options(CatalogueService& catalogues,
                                                   const Actor& actor);
// The catalogues a form ticked; a value that is no number adds a field error on Catalogues (the
// services name those that do not exist).
std::vector<CatalogueId> catalogue_ids(const Form& form, FieldErrors& errors);

}  // namespace atrium::web
