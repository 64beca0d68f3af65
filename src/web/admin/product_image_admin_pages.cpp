// A product's logo and preview image in the Admin Portal: the image as stored, an upload form
// (multipart/form-data; ProductImageService checks the bytes are a PNG, JPEG, GIF or WebP of at
// most 1 MiB, and a refusal is shown beside the file field) and remove after a confirmation step.
// Through ProductImageService, as /portal-api/products/{id}/logo and …/preview.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/error_mapping.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/product_admin_pages.hpp"
#include "web/admin/product_admin_support.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/upload_form.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

struct Ctx {
  const AuthPages& pages;
  ProductService& products;
  ProductImageService& images;
};

std::optional<ProductImageKind> kind_of(const http::Request& request) {
  const std::string_view kind = request.param("kind");
  if (kind == "logo") return ProductImageKind::kLogo;
  if (kind == "preview") return ProductImageKind::kPreview;
  return std::nullopt;
}

std::string image_page_path(ProductId id, ProductImageKind kind) {
  return product_path(id) + "/images/" + std::string(to_string(kind));
}

std::string kind_label(ProductImageKind kind) {
  return kind == ProductImageKind::kLogo ? "Logo" : "Preview image";
}

// The product and which image the path names; kNotFound for either unknown.
struct Target {
  ProductRecord record;
  ProductImageKind kind = ProductImageKind::kLogo;
};

Result<Target> target_of(const Ctx& c, const http::Request& request, const Actor& actor) {
  const auto kind = kind_of(request);
  if (!kind) return fail(not_found("image.not_found", "no such image"));
  ATRIUM_ASSIGN_OR_RETURN(auto record, c.products.get(actor, path_number(request)));
  return Target{std::move(record), *kind};
}

http::Response image_page(const Ctx& c, const http::Request& request, const ActiveSession& session,
                          const Target& t, int status, const Error* error) {
  const ProductId id = t.record.product.id;
  nlohmann::json view =
      admin_view(c.pages, session, kind_label(t.kind) + " of " + product_label(t.record.product),
                 "products", product_crumbs(t.record.product));
  view["logo"] = t.kind == ProductImageKind::kLogo;
  view["action"] = image_page_path(id, t.kind);
  view["back"] = product_path(id);
  auto image = c.images.get(actor_of(session, request), id, t.kind);
  if (image) {
    view["image"] = {
        {"src", "/system/products/" + std::to_string(id) + "/" + std::string(to_string(t.kind))},
        {"media_type", image->media_type},
        {"size", byte_size_text(image->bytes.size())},
        {"uploaded", time_view(image->updated_at)},
        {"delete", image_page_path(id, t.kind) + "/delete"}};
  } else if (image.error().code != ErrorCode::kNotFound) {
    return error_page(c.pages, request, image.error(), &session);
  } else {
    view["image"] = false;
  }
  if (error != nullptr) add_error_to_form(view, *error);
  return html_page(status, c.pages.renderer.render("admin_product_image", view));
}

http::Response show_image(const Ctx& c, http::Request& request, const ActiveSession& session) {
  auto t = target_of(c, request, actor_of(session, request));
  if (!t) return error_page(c.pages, request, t.error(), &session);
  return image_page(c, request, session, *t, 200, nullptr);
}

Status store_image(const Ctx& c, const http::Request& request, const Actor& actor,
                   const Target& t) {
  ATRIUM_ASSIGN_OR_RETURN(auto form, read_upload_form(request));
  if (!form.file) {
    return fail(invalid_argument("image.invalid", "choose a file to upload",
                                 {{"file", "choose an image to upload"}}));
  }
  return c.images.upload(actor, t.record.product.id, t.kind, *form.file);
}

// POST …/images/{kind}: the upload replaces the stored image; a refusal (not an image, too
// large, no file) is the page again with the reason beside the file field, nothing stored.
http::Response upload_image(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  if (auto stored = store_image(c, request, actor, *t); !stored) {
    const Error& e = stored.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kPayloadTooLarge) {
      return error_page(c.pages, request, e, &session);
    }
    return image_page(c, request, session, *t, http::http_status(e.code), &e);
  }
  return redirect_with_flash(c.pages, session, image_page_path(t->record.product.id, t->kind),
                             kind_label(t->kind) + " uploaded.");
}

http::Response confirm_image_delete(const Ctx& c, http::Request& request,
                                    const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  if (auto image = c.images.get(actor, t->record.product.id, t->kind); !image) {
    return error_page(c.pages, request, image.error(), &session);
  }
  const std::string page = image_page_path(t->record.product.id, t->kind);
  std::vector<Crumb> trail = product_crumbs(t->record.product);
  trail.push_back({kind_label(t->kind), page});
  return admin_confirm_page(
      c.pages, session,
      ConfirmStep{"Remove the " +
                      std::string(t->kind == ProductImageKind::kLogo ? "logo" : "preview image") +
                      " of “" + product_label(t->record.product) + "”?",
                  t->kind == ProductImageKind::kLogo
                      ? "The product's page shows no logo, and its card shows the preview image "
                        "or none."
                      : "The product's card in the catalogue shows its logo instead, or none.",
                  page + "/delete", "Remove image", page},
      "products", trail);
}

http::Response delete_image(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Actor actor = actor_of(session, request);
  auto t = target_of(c, request, actor);
  if (!t) return error_page(c.pages, request, t.error(), &session);
  if (auto removed = c.images.remove(actor, t->record.product.id, t->kind); !removed) {
    return error_page(c.pages, request, removed.error(), &session);
  }
  return redirect_with_flash(c.pages, session, product_path(t->record.product.id),
                             kind_label(t->kind) + " removed.");
}

}  // namespace

void add_product_image_admin_pages(http::Router& router, const AuthPages& pages,
                                   ProductService& products, ProductImageService& images) {
  const Ctx c{pages, products, images};
  const std::string base = std::string(kProductsPath) + "/{id}/images/{kind}";
  add_owner_page(router, c, "GET", base, show_image);
  add_owner_page(router, c, "POST", base, upload_image);
  add_owner_page(router, c, "GET", base + "/delete", confirm_image_delete);
  add_owner_page(router, c, "POST", base + "/delete", delete_image);
}

}  // namespace atrium::web
