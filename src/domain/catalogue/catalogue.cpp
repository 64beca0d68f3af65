#include "domain/catalogue/catalogue.hpp"

#include "core/enum_names.hpp"
#include "domain/catalogue/product.hpp"

namespace atrium {

namespace {
constexpr EnumNames<CatalogueVisibility, 2> kVisibilityNames{{
    {CatalogueVisibility::kPublic, "Public"},
    {CatalogueVisibility::kPrivate, "Private"},
}};
constexpr EnumNames<DocStatus, 3> kDocStatusNames{{
    {DocStatus::kPublished, "published"},
    {DocStatus::kDraft, "draft"},
    {DocStatus::kReview, "review"},
}};
constexpr EnumNames<DocumentKind, 2> kSpecDocumentNames{{
    {DocumentKind::kOpenApi, "openapi"},
    {DocumentKind::kGraphql, "graphql"},
}};
constexpr EnumNames<ProductImageKind, 2> kImageNames{{
    {ProductImageKind::kLogo, "logo"},
    {ProductImageKind::kPreview, "preview"},
}};
}  // namespace

std::string_view to_string(CatalogueVisibility visibility) {
  return enum_name(kVisibilityNames, visibility);
}

std::optional<CatalogueVisibility> parse_catalogue_visibility(std::string_view text) {
  return parse_enum(kVisibilityNames, text);
}

std::string_view to_string(DocStatus status) { return enum_name(kDocStatusNames, status); }

std::string_view to_string(DocumentKind kind) { return enum_name(kSpecDocumentNames, kind); }

std::string_view to_string(ProductImageKind kind) { return enum_name(kImageNames, kind); }

std::optional<DocStatus> parse_doc_status(std::string_view text) {
  return parse_enum(kDocStatusNames, text);
}

}  // namespace atrium
