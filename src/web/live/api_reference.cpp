#include "web/live/api_reference.hpp"

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "web/common/markdown.hpp"

namespace atrium::web {

namespace {

using nlohmann::json;

constexpr int kMaxRefHops = 8;
constexpr int kLabelBudget = 40;  // schemas looked at to name one type
constexpr std::size_t kMaxExampleChars = 4000;
constexpr std::array<std::string_view, 8> kMethods = {"get",     "put",  "post",  "delete",
                                                      "options", "head", "patch", "trace"};

const json& empty_object() {
  static const json empty = json::object();
  return empty;
}

std::string text_of(const json& object, std::string_view key) {
  if (!object.is_object()) return "";
  const auto found = object.find(std::string(key));
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

const json& null_json() {
  static const json null;
  return null;
}

// `object[key]`, or null when it is not there.
const json& member(const json& object, std::string_view key) {
  if (!object.is_object()) return null_json();
  const auto found = object.find(std::string(key));
  return found != object.end() ? *found : null_json();
}

// `object[key]` when it is an object (a map to iterate), else an empty one.
const json& map_member(const json& object, std::string_view key) {
  const json& found = member(object, key);
  return found.is_object() ? found : empty_object();
}

std::string description_html(const json& object) {
  const std::string text = text_of(object, "description");
  return text.empty() ? "" : render_markdown(text);
}

// `*schema` with local $refs followed; `name` is the last components name met. Null for an
// external or broken reference (`name` then holds the reference as written).
const json* resolve(const json& document, const json& schema, std::string& name) {
  const json* current = &schema;
  for (int hop = 0; hop < kMaxRefHops; ++hop) {
    const std::string ref = text_of(*current, "$ref");
    if (ref.empty()) return current;
    name = ref.substr(ref.rfind('/') + 1);
    if (ref.rfind("#/", 0) != 0) {
      name = ref;
      return nullptr;
    }
    try {
      const json::json_pointer pointer(ref.substr(1));
      if (!document.contains(pointer)) return nullptr;
      current = &document.at(pointer);
    } catch (const json::exception&) {
      return nullptr;
    }
  }
  return nullptr;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string label(const json& document, const json& schema, int& budget);

std::string combined_label(const json& document, const json& parts, std::string_view how,
                           int& budget) {
  std::vector<std::string> names;
  for (const json& part : parts) {
    if (budget <= 0) break;
    names.push_back(label(document, part, budget));
  }
  return std::string(how) + join(names, ", ");
}

std::string basic_type(const json& schema) {
  const json& type = member(schema, "type");
  if (type.is_string()) return type.get<std::string>();
  std::vector<std::string> types;
  if (type.is_array()) {
    for (const json& t : type) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  if (!types.empty()) return join(types, " or ");
  if (member(schema, "properties").is_object()) return "object";
  return "";
}

std::string enum_suffix(const json& schema) {
  const json& values = member(schema, "enum");
  if (!values.is_array() || values.empty()) return "";
  std::vector<std::string> shown;
  for (const json& value : values) {
    if (shown.size() == 10) {
      shown.emplace_back("…");
      break;
    }
    shown.push_back(value.is_string() ? value.get<std::string>() : value.dump());
  }
  return ", one of: " + join(shown, ", ");
}

// A short name for the type of `schema`, e.g. "array of Pet" or "string (date-time)".
std::string label(const json& document, const json& schema, int& budget) {
  if (--budget < 0) return "…";
  std::string name;
  const json* resolved = resolve(document, schema, name);
  if (resolved == nullptr) return name.empty() ? "any" : name + " (not shown)";
  const json& s = *resolved;
  for (const std::string_view how : {"oneOf", "anyOf", "allOf"}) {
    if (member(s, how).is_array()) {
      if (!name.empty()) return name;
      return combined_label(document, s[std::string(how)],
                            how == "allOf" ? "all of: " : "one of: ", budget);
    }
  }
  std::string out = basic_type(s);
  if (out == "array") {
    out += " of " + label(document, member(s, "items"), budget);
  } else if (out == "object" && !name.empty()) {
    out = name;
  } else if (out.empty()) {
    out = name.empty() ? "any" : name;
  }
  if (const std::string format = text_of(s, "format"); !format.empty()) {
    out += " (" + format + ")";
  }
  if (member(s, "nullable") == true) out += " or null";
  return out + enum_suffix(s);
}

std::string label_of(const json& document, const json& schema) {
  int budget = kLabelBudget;
  return label(document, schema, budget);
}

struct SchemaWalk {
  explicit SchemaWalk(const json& doc) : document(doc) {}

  const json& document;
  json rows = json::array();
  std::vector<const json*> path;  // the schemas being expanded, to catch cycles
  bool truncated = false;
  bool recursive = false;
};

bool on_path(const SchemaWalk& walk, const json* schema) {
  for (const json* seen : walk.path) {
    if (seen == schema) return true;
  }
  return false;
}

std::set<std::string> required_names(const json& schema) {
  std::set<std::string> out;
  for (const json& name : member(schema, "required")) {
    if (name.is_string()) out.insert(name.get<std::string>());
  }
  return out;
}

void walk_schema(SchemaWalk& walk, const json& schema, const std::string& prefix, int depth);

void walk_properties(SchemaWalk& walk, const json& schema, const std::string& prefix, int depth) {
  const std::set<std::string> required = required_names(schema);
  for (const auto& [name, property] : map_member(schema, "properties").items()) {
    if (walk.rows.size() >= kMaxSchemaRows) {
      walk.truncated = true;
      return;
    }
    std::string ignored;
    const json* resolved = resolve(walk.document, property, ignored);
    const bool again = resolved != nullptr && on_path(walk, resolved);
    const std::string row_name =
        prefix.empty() ? name : std::string(prefix).append(".").append(name);
    walk.rows.push_back({{"name", row_name},
                         {"type", label_of(walk.document, property)},
                         {"required", required.count(name) > 0},
                         {"recursive", again},
                         {"markdown_html", resolved ? description_html(*resolved) : ""}});
    if (again) {
      walk.recursive = true;
    } else {
      walk_schema(walk, property, row_name, depth + 1);
    }
  }
}

// Adds the rows of `schema`'s properties (and its items', and its allOf parts') to `walk`.
void walk_schema(SchemaWalk& walk, const json& schema, const std::string& prefix, int depth) {
  std::string ignored;
  const json* resolved = resolve(walk.document, schema, ignored);
  if (resolved == nullptr || !resolved->is_object()) return;
  if (on_path(walk, resolved)) {
    walk.recursive = true;
    return;
  }
  if (depth >= kMaxSchemaDepth) {
    if (!member(*resolved, "properties").empty() || !member(*resolved, "items").empty()) {
      walk.truncated = true;
    }
    return;
  }
  walk.path.push_back(resolved);
  for (const json& part : member(*resolved, "allOf")) walk_schema(walk, part, prefix, depth + 1);
  walk_properties(walk, *resolved, prefix, depth);
  if (member(*resolved, "items").is_object()) {
    walk_schema(walk, (*resolved)["items"], prefix.empty() ? "" : prefix + "[]", depth + 1);
  }
  walk.path.pop_back();
}

// Whether any row of `rows` has a description (else the table leaves that column out).
bool any_described(const json& rows) {
  for (const json& row : rows) {
    if (!row["markdown_html"].get<std::string>().empty()) return true;
  }
  return false;
}

std::string anchor_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
    if (plain) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string example_text(const json& value) {
  std::string out = value.is_string() ? value.get<std::string>() : value.dump(2);
  if (out.size() > kMaxExampleChars) out = out.substr(0, kMaxExampleChars) + "\n…";
  return out;
}

// The example of a media type: its `example`, its first `examples` value, or its schema's.
std::string media_example(const json& document, const json& media) {
  if (media.is_object() && media.contains("example")) return example_text(media["example"]);
  for (const auto& [name, example] : map_member(media, "examples").items()) {
    std::string ignored;
    const json* resolved = resolve(document, example, ignored);
    if (resolved != nullptr && resolved->is_object() && resolved->contains("value")) {
      return example_text((*resolved)["value"]);
    }
  }
  std::string ignored;
  const json* schema = resolve(document, member(media, "schema"), ignored);
  if (schema != nullptr && schema->is_object() && schema->contains("example")) {
    return example_text((*schema)["example"]);
  }
  return "";
}

json contents_view(const json& document, const json& holder) {
  json out = json::array();
  for (const auto& [media_type, media] : map_member(holder, "content").items()) {
    const json& schema = member(media, "schema");
    out.push_back({{"media_type", media_type},
                   {"has_schema", !schema.empty()},
                   {"schema", schema_view(document, schema)},
                   {"example", media_example(document, media)}});
  }
  return out;
}

json parameter_view(const json& document, const json& parameter) {
  std::string ignored;
  const json* p = resolve(document, parameter, ignored);
  if (p == nullptr || !p->is_object() || text_of(*p, "name").empty()) return nullptr;
  const std::string in = text_of(*p, "in");
  return {{"name", text_of(*p, "name")},
          {"in", in},
          {"required", member(*p, "required") == true || in == "path"},
          {"type", label_of(document, member(*p, "schema"))},
          {"markdown_html", description_html(*p)}};
}

json parameters_view(const json& document, const json& path_item, const json& operation) {
  json out = json::array();
  std::set<std::string> named;  // an operation's parameter overrides the path's of the same name
  for (const json* holder : {&operation, &path_item}) {
    for (const json& parameter : member(*holder, "parameters")) {
      json view = parameter_view(document, parameter);
      if (view.is_null()) continue;
      const std::string key = view["in"].get<std::string>() + "/" + view["name"].get<std::string>();
      if (named.insert(key).second) out.push_back(std::move(view));
    }
  }
  return out;
}

json request_body_view(const json& document, const json& operation) {
  std::string ignored;
  const json* body = resolve(document, member(operation, "requestBody"), ignored);
  if (body == nullptr || !body->is_object() || body->empty()) return nullptr;
  return {{"required", member(*body, "required") == true},
          {"markdown_html", description_html(*body)},
          {"contents", contents_view(document, *body)}};
}

json responses_view(const json& document, const json& operation) {
  json out = json::array();
  for (const auto& [status, response] : map_member(operation, "responses").items()) {
    std::string ignored;
    const json* r = resolve(document, response, ignored);
    if (r == nullptr || !r->is_object()) continue;
    out.push_back({{"status", status},
                   {"markdown_html", description_html(*r)},
                   {"contents", contents_view(document, *r)}});
  }
  return out;
}

// The tags of the reference, in order, each collecting its operations.
struct TagList {
  json tags = json::array();
  std::map<std::string, std::size_t> index;

  json& tag(const std::string& name, const json& described, std::string_view prefix) {
    const auto found = index.find(name);
    if (found != index.end()) return tags[found->second];
    index.emplace(name, tags.size());
    tags.push_back({{"name", name},
                    {"anchor", std::string(prefix) + "-tag-" + anchor_text(name)},
                    {"markdown_html", description_html(described)},
                    {"operations", json::array()}});
    return tags.back();
  }
};

std::string unique_anchor(std::set<std::string>& used, const std::string& anchor) {
  std::string out = anchor;
  for (int n = 2; !used.insert(out).second; ++n) out = anchor + "-" + std::to_string(n);
  return out;
}

json operation_view(const json& document, const std::string& path, std::string_view method,
                    const json& path_item, const json& operation) {
  json body = request_body_view(document, operation);
  json parameters = parameters_view(document, path_item, operation);
  json responses = responses_view(document, operation);
  std::string summary = text_of(operation, "summary");
  return {{"method", std::string(method)},
          {"path", path},
          {"summary", summary},
          {"markdown_html", description_html(operation)},
          {"deprecated", member(operation, "deprecated") == true},
          {"has_parameters", !parameters.empty()},
          {"parameters_described", any_described(parameters)},
          {"parameters", std::move(parameters)},
          {"request_body", std::move(body)},
          {"has_responses", !responses.empty()},
          {"responses", std::move(responses)}};
}

void add_operations(const json& document, std::string_view prefix, TagList& tags) {
  std::set<std::string> anchors;
  for (const auto& [path, item] : map_member(document, "paths").items()) {
    if (!item.is_object()) continue;
    for (const std::string_view method : kMethods) {
      const json& operation = member(item, method);
      if (!operation.is_object()) continue;
      std::string tag_name = "Other";
      const json& op_tags = member(operation, "tags");
      if (op_tags.is_array() && !op_tags.empty() && op_tags[0].is_string()) {
        tag_name = op_tags[0].get<std::string>();
      }
      json view = operation_view(document, path, method, item, operation);
      const std::string id = text_of(operation, "operationId");
      const std::string name = id.empty() ? std::string(method) + "-" + path : id;
      view["anchor"] = unique_anchor(anchors, std::string(prefix) + "-op-" + anchor_text(name));
      tags.tag(tag_name, empty_object(), prefix)["operations"].push_back(std::move(view));
    }
  }
}

}  // namespace

json schema_view(const json& document, const json& schema) {
  std::string name;
  const json* resolved = resolve(document, schema, name);
  SchemaWalk walk(document);
  walk_schema(walk, schema, "", 0);
  const bool has_properties = !walk.rows.empty();
  const bool described = any_described(walk.rows);
  return {{"type", label_of(document, schema)},
          {"described", described},
          {"name", resolved != nullptr ? name : ""},
          {"markdown_html", resolved != nullptr ? description_html(*resolved) : ""},
          {"has_properties", has_properties},
          {"properties", std::move(walk.rows)},
          {"recursive", walk.recursive},
          {"truncated", walk.truncated}};
}

json api_reference_view(const json& document, std::string_view anchor_prefix) {
  const json& info = member(document, "info");
  TagList tags;
  for (const json& tag : member(document, "tags")) {
    if (!text_of(tag, "name").empty()) tags.tag(text_of(tag, "name"), tag, anchor_prefix);
  }
  add_operations(document, anchor_prefix, tags);
  json used = json::array();
  for (json& tag : tags.tags) {
    if (!tag["operations"].empty()) used.push_back(std::move(tag));
  }
  return {{"title", text_of(info, "title")},
          {"version", member(info, "version").is_string() ? text_of(info, "version")
                                                          : member(info, "version").dump()},
          {"markdown_html", description_html(info)},
          {"has_operations", !used.empty()},
          {"tags", std::move(used)}};
}

}  // namespace atrium::web
