#include "web/live/catalogue_pages.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/openapi_document.hpp"
#include "http/dispatcher.hpp"
#include "http/json/page_json.hpp"
#include "http/json/product_json.hpp"
#include "http/query_params.hpp"
#include "web/common/html.hpp"
#include "web/common/markdown.hpp"
#include "web/common/page_support.hpp"
#include "web/common/product_list_query.hpp"
#include "web/live/api_reference.hpp"
#include "web/live/plan_limits.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kCataloguePath = "/portal/catalogue-products";

nlohmann::json card_view(const ProductCard& card) {
  const ProductFields& f = card.product.fields;
  nlohmann::json catalogues = nlohmann::json::array();
  for (const Catalogue& c : card.catalogues) catalogues.push_back(c.name);
  nlohmann::json tags = nlohmann::json::array();
  for (const Tag& t : card.tags) tags.push_back(t.name);
  return {{"name", f.display_name},
          {"description", f.description},
          {"image", http::card_image_path(card.product.id, card.images)},
          {"href", std::string(kCataloguePath) + "/" + f.path},
          {"catalogues", std::move(catalogues)},
          {"tags", std::move(tags)},
          {"has_tags", !card.tags.empty()}};
}

http::Response list_page(const AuthPages& pages, ProductService& products, http::Request& request,
                         const std::optional<ActiveSession>& session) {
  const bool json = wants_json(request);
  const ActiveSession* viewer = session ? &*session : nullptr;
  const std::optional<Actor> actor =
      session ? std::optional<Actor>(actor_of(*session, request)) : std::nullopt;
  auto query = read_product_list_query(request);
  if (!query) {
    return json ? http::failure(request, query.error())
                : error_page(pages, request, query.error(), viewer);
  }
  auto list = products.visible(actor ? &*actor : nullptr, query->filter, query->page);
  if (!list)
    return json ? http::failure(request, list.error())
                : error_page(pages, request, list.error(), viewer);
  if (json) return http::page_response(*list, http::product_card_json);
  auto filters = products.filters(actor ? &*actor : nullptr);
  if (!filters) return error_page(pages, request, filters.error(), viewer);

  nlohmann::json view = base_view(pages, "API catalogue", viewer);
  nlohmann::json cards = nlohmann::json::array();
  for (const ProductCard& card : list->items) cards.push_back(card_view(card));
  view["has_products"] = !cards.empty();
  view["products"] = std::move(cards);
  view["total"] = list->total;
  view["filters"] = product_filter_view(*filters, query->filter);
  view["filtered"] = is_filtered(query->filter);
  view["signed_out"] = viewer == nullptr;
  add_page_links(view, kCataloguePath, *query, list->total);
  view["current"] = {{"catalogue", true}};
  return html_page(200, pages.renderer.render("catalogue_products", view));
}

nlohmann::json product_page_json(const ProductPage& page) {
  nlohmann::json out = http::product_card_json(ProductCard{
      page.record.product, page.record.catalogues, page.record.tags, page.record.images});
  nlohmann::json apis = nlohmann::json::array();
  for (const ProductApi& api : page.record.apis) apis.push_back(http::api_detail_json(api));
  nlohmann::json docs = nlohmann::json::array();
  for (const ProductDoc& doc : page.docs) {
    docs.push_back({{"ID", doc.id},
                    {"Title", doc.fields.title},
                    {"Path", doc.fields.path},
                    {"Content", doc.fields.content}});
  }
  nlohmann::json plans = nlohmann::json::array();
  for (const Plan& plan : page.plans) plans.push_back(plan_limits_json(plan));
  nlohmann::json specs = nlohmann::json::array();
  for (const SpecDetail& spec : page.record.specs) specs.push_back(http::spec_detail_json(spec));
  out["APIDetails"] = std::move(apis);
  out["SpecDetails"] = std::move(specs);
  out["Docs"] = std::move(docs);
  out["Plans"] = std::move(plans);
  return out;
}

// The stored OpenAPI documents of the page in the order the APIs table and the downloads number
// them (from 1): each API's, then each specification's (documentation-only products).
std::vector<const std::optional<ApiDocument>*> page_documents(const ProductPage& page) {
  std::vector<const std::optional<ApiDocument>*> out;
  for (const auto& document : page.api_documents) out.push_back(&document);
  for (const auto& document : page.spec_documents) out.push_back(&document);
  return out;
}

// The product's APIs and specifications, each with its reference when an OpenAPI document is
// stored for it.
nlohmann::json apis_view(const ProductPage& page, const std::string& href) {
  nlohmann::json apis = nlohmann::json::array();
  for (const ProductApi& api : page.record.apis) {
    apis.push_back({{"name", api.name},
                    {"description", api.description},
                    {"listen_path", api.listen_path},
                    {"oas_url", api.oas_url},
                    {"up", api.status}});
  }
  for (const SpecDetail& spec : page.record.specs) {
    apis.push_back({{"name", spec.fields.name},
                    {"description", ""},
                    {"listen_path", ""},
                    {"oas_url", spec.fields.oas_url},
                    {"up", true}});
  }
  const auto documents = page_documents(page);
  for (std::size_t i = 0; i < apis.size(); ++i) {
    nlohmann::json& view = apis[i];
    const std::string number = std::to_string(i + 1);
    view["anchor"] = "api-" + number;
    view["download"] = "";
    view["reference"] = nullptr;
    const std::optional<ApiDocument>& document = *documents.at(i);
    if (document) {
      view["download"] = std::string(href).append("/apis/").append(number).append("/openapi");
      auto parsed = parse_openapi(document->text, "oas");
      if (parsed) view["reference"] = api_reference_view(parsed->parsed, "api-" + number);
    }
  }
  return apis;
}

nlohmann::json product_page_view(const ProductPage& page) {
  nlohmann::json view =
      card_view(ProductCard{page.record.product, page.record.catalogues, page.record.tags, {}});
  view["logo"] =
      http::product_image_path(page.record.product.id, page.record.images, ProductImageKind::kLogo);
  nlohmann::json apis = apis_view(page, view["href"].get<std::string>());
  view["has_references"] = std::any_of(apis.begin(), apis.end(),
                                       [](const auto& api) { return !api["reference"].is_null(); });
  nlohmann::json docs = nlohmann::json::array();
  for (const ProductDoc& doc : page.docs) {
    docs.push_back(
        {{"title", doc.fields.title},
         {"anchor", "doc-" + doc.fields.path},
         // Pages written as HTML (MarkdownEnabled false) are shown as text: an owner's
         // markup is never placed into the page as it is.
         {"markdown_html", doc.fields.markdown ? render_markdown(doc.fields.content) : ""},
         {"text", doc.fields.markdown ? "" : doc.fields.content}});
  }
  nlohmann::json plans = nlohmann::json::array();
  for (const Plan& plan : page.plans) plans.push_back(plan_limits_view(plan));
  view["has_apis"] = !apis.empty();
  view["apis"] = std::move(apis);
  view["has_docs"] = !docs.empty();
  view["docs"] = std::move(docs);
  view["has_plans"] = !plans.empty();
  view["plans"] = std::move(plans);
  return view;
}

http::Response product_page(const AuthPages& pages, ProductService& products,
                            http::Request& request, const std::optional<ActiveSession>& session) {
  const bool json = wants_json(request);
  const ActiveSession* viewer = session ? &*session : nullptr;
  const std::optional<Actor> actor =
      session ? std::optional<Actor>(actor_of(*session, request)) : std::nullopt;
  auto page = products.page(actor ? &*actor : nullptr, request.param("path"));
  if (!page) {
    return json ? http::failure(request, page.error())
                : error_page(pages, request, page.error(), viewer);
  }
  if (json) return http::Response::json(200, product_page_json(*page));
  nlohmann::json view = base_view(pages, page->record.product.fields.display_name, viewer);
  view["product"] = product_page_view(*page);
  view["signed_out"] = viewer == nullptr;
  view["current"] = {{"catalogue", true}};
  return html_page(200, pages.renderer.render("catalogue_product", view));
}

// GET …/{path}/apis/{n}/openapi: the n-th API's stored document, as uploaded, to save.
http::Response download_page(const AuthPages& pages, ProductService& products,
                             http::Request& request, const std::optional<ActiveSession>& session) {
  const ActiveSession* viewer = session ? &*session : nullptr;
  const std::optional<Actor> actor =
      session ? std::optional<Actor>(actor_of(*session, request)) : std::nullopt;
  auto page = products.page(actor ? &*actor : nullptr, request.param("path"));
  if (!page) return error_page(pages, request, page.error(), viewer);
  const std::string_view n = request.param("n");
  std::size_t index = 0;
  for (const char c : n) {
    index = c >= '0' && c <= '9' && index < 10000 ? index * 10 + (c - '0') : 0;
  }
  const auto documents = page_documents(*page);
  if (index == 0 || index > documents.size() || !*documents[index - 1]) {
    return error_page(pages, request, not_found("oas.not_found", "no OpenAPI document"), viewer);
  }
  const ApiDocument& document = **documents[index - 1];
  const bool yaml = document.media_type == "application/yaml";
  std::string name;
  for (const char c : page->record.product.fields.path) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') name += c;
  }
  name += "-" + std::to_string(index) + (yaml ? ".yaml" : ".json");
  http::Response response =
      http::Response::text(200, document.text, document.media_type + "; charset=utf-8");
  response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return response;
}

// What the routes share.
struct CataloguePages {
  const AuthPages& pages;
  ProductService& products;
  http::ResponseCache& lists;

  // The cached answer for `viewer` of `route` with the request's query, or `compute`'s.
  http::Response cached(std::string_view route, long long viewer, const http::Request& request,
                        const std::function<http::Response()>& compute) const {
    return lists.answer(http::response_cache_key(route, viewer, request.query), DataSet::kCatalogue,
                        compute);
  }
};

// The viewer's user id for the cache key: 0 for anonymous visitors.
long long viewer_id(const AuthPages& pages, const http::Request& request,
                    std::optional<ActiveSession>& session) {
  session = current_session(pages, request);
  return session ? session->user.id : 0;
}

}  // namespace

void add_catalogue_pages(http::Router& router, const AuthPages& pages, ProductService& products,
                         http::ResponseCache& lists) {
  const auto shared = std::make_shared<CataloguePages>(CataloguePages{pages, products, lists});
  router.add(
      "GET", std::string(kCataloguePath),
      [shared](http::Request& request) {
        std::optional<ActiveSession> session;
        const long long viewer = viewer_id(shared->pages, request, session);
        const bool json = wants_json(request);
        // Signed-in pages carry the session's CSRF token, so only the visitors' HTML is shared.
        if (!json && viewer != 0) {
          return list_page(shared->pages, shared->products, request, session);
        }
        return shared->cached(
            json ? "catalogue-products.json" : "catalogue-products.html", viewer, request,
            [&] { return list_page(shared->pages, shared->products, request, session); });
      },
      http::Execution::kInlineFirst);
  router.add(
      "GET", std::string(kCataloguePath) + "/{path}",
      [shared](http::Request& request) {
        std::optional<ActiveSession> session;
        const long long viewer = viewer_id(shared->pages, request, session);
        if (!wants_json(request)) {
          return product_page(shared->pages, shared->products, request, session);
        }
        return shared->cached(
            "catalogue-product.json/" + std::string(request.param("path")), viewer, request,
            [&] { return product_page(shared->pages, shared->products, request, session); });
      },
      http::Execution::kInlineFirst);
  router.add("GET", std::string(kCataloguePath) + "/{path}/apis/{n}/openapi",
             [shared](http::Request& request) {
               const std::optional<ActiveSession> session = current_session(shared->pages, request);
               return download_page(shared->pages, shared->products, request, session);
             });
}

}  // namespace atrium::web
