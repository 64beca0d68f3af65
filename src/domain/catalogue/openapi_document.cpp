#include "domain/catalogue/openapi_document.hpp"

#include <yaml-cpp/yaml.h>

#include <string>

#include "core/encoding.hpp"

namespace atrium {

namespace {

constexpr int kMaxDepth = 64;
constexpr long long kMaxNodes = 100'000;  // a large real document has tens of thousands

struct TooLarge {};

// YAML 1.2 core schema scalars: null, booleans and numbers when plain; text otherwise.
nlohmann::json scalar_json(const YAML::Node& node) {
  const std::string& value = node.Scalar();
  if (node.Tag() == "!") return value;  // quoted: always text
  if (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL") {
    return nullptr;
  }
  if (value == "true" || value == "True" || value == "TRUE") return true;
  if (value == "false" || value == "False" || value == "FALSE") return false;
  auto number = nlohmann::json::parse(value, nullptr, false);
  if (number.is_number()) return number;
  return value;
}

nlohmann::json to_json(const YAML::Node& node, int depth, long long& nodes) {
  if (++nodes > kMaxNodes || depth > kMaxDepth) throw TooLarge{};
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& entry : node) {
        out[entry.first.as<std::string>()] = to_json(entry.second, depth + 1, nodes);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(to_json(item, depth + 1, nodes));
      return out;
    }
    case YAML::NodeType::Scalar:
      return scalar_json(node);
    default:
      return nullptr;
  }
}

Error refused(std::string_view field, const std::string& message) {
  return invalid_argument("oas.invalid", "the file is not an OpenAPI 3 document: " + message,
                          {{std::string(field), message}});
}

bool is_json_text(std::string_view text) {
  const std::string_view start = trim(text);
  return !start.empty() && start.front() == '{';
}

// The structure OpenAPI 3.0 and 3.1 require at the top.
Status check_structure(const nlohmann::json& doc, std::string_view field) {
  if (!doc.is_object()) return fail(refused(field, "the document must be an object"));
  const auto version = doc.find("openapi");
  if (version == doc.end() || !version->is_string() ||
      version->get<std::string>().rfind("3.", 0) != 0) {
    return fail(refused(field, R"("openapi" must be a 3.x version (Swagger 2 is not supported))"));
  }
  const auto info = doc.find("info");
  if (info == doc.end() || !info->is_object() || !info->contains("title") ||
      !(*info)["title"].is_string() || !info->contains("version")) {
    return fail(refused(field, R"("info" must have a "title" and a "version")"));
  }
  const bool v30 = version->get<std::string>().rfind("3.0", 0) == 0;
  const bool has_paths = doc.contains("paths") && doc["paths"].is_object();
  if (v30 ? !has_paths : !(has_paths || doc.contains("webhooks") || doc.contains("components"))) {
    return fail(refused(field, R"("paths" must be an object)"));
  }
  return ok();
}

}  // namespace

Result<OpenApiDocument> parse_openapi(std::string_view text, std::string_view field) {
  if (text.size() > kMaxOpenApiBytes) {
    return fail(refused(field, "the file must be at most 1 MiB"));
  }
  if (!is_valid_utf8(text)) return fail(refused(field, "the file must be UTF-8 text"));
  OpenApiDocument out;
  out.text = std::string(text);
  if (is_json_text(text)) {
    out.media_type = "application/json";
    out.parsed = nlohmann::json::parse(text, nullptr, false);
    if (out.parsed.is_discarded()) return fail(refused(field, "malformed JSON"));
  } else {
    out.media_type = "application/yaml";
    try {
      long long nodes = 0;
      out.parsed = to_json(YAML::Load(out.text), 0, nodes);
    } catch (const YAML::Exception& e) {
      return fail(refused(field, "malformed YAML at line " + std::to_string(e.mark.line + 1)));
    } catch (const TooLarge&) {
      return fail(refused(field, "the document is too large or too deeply nested"));
    }
  }
  ATRIUM_TRY(check_structure(out.parsed, field));
  return out;
}

}  // namespace atrium
