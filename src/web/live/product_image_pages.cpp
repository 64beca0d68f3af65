#include "web/live/product_image_pages.hpp"

#include <optional>
#include <string>
#include <utility>

#include "domain/catalogue/content_support.hpp"
#include "domain/directory/names.hpp"
#include "http/conditional_get.hpp"
#include "web/common/page_support.hpp"

namespace atrium::web {

void add_product_image_pages(http::Router& router, const AuthPages& pages,
                             ProductImageService& images) {
  for (ProductImageKind kind : {ProductImageKind::kLogo, ProductImageKind::kPreview}) {
    router.add("GET", "/system/products/{id}/" + std::string(to_string(kind)),
               [&pages, &images, kind](http::Request& request) {
                 const std::optional<ActiveSession> session = current_session(pages, request);
                 const ActiveSession* viewer = session ? &*session : nullptr;
                 const std::optional<Actor> actor =
                     session ? std::optional<Actor>(actor_of(*session, request)) : std::nullopt;
                 long long id = 0;
                 if (!parse_numeric_id(request.param("id"), id)) {
                   return error_page(pages, request, product_not_found(), viewer);
                 }
                 auto image = images.visible(actor ? &*actor : nullptr, id, kind);
                 if (!image) return error_page(pages, request, image.error(), viewer);
                 // Who may see it depends on the viewer: browsers keep it, shared caches do not.
                 http::Response response =
                     http::tagged_response(request, std::move(image->bytes), image->media_type,
                                           image->etag, "private, no-cache");
                 response.set_header("X-Content-Type-Options", "nosniff");
                 return response;
               });
  }
}

}  // namespace atrium::web
