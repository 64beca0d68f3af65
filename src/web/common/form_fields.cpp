#include "web/common/form_fields.hpp"

#include <algorithm>

namespace atrium::web {

namespace {

std::string first_error(const Error* error, const std::string& name) {
  if (error == nullptr) return "";
  for (const FieldError& f : error->fields) {
    if (f.field == name) return f.message;
  }
  return "";
}

bool has_value(const Form& form, const std::string& name, const std::string& value) {
  return std::any_of(form.begin(), form.end(),
                     [&](const auto& pair) { return pair.first == name && pair.second == value; });
}

nlohmann::json options_view(const FieldSpec& spec, const Form& values) {
  nlohmann::json options = nlohmann::json::array();
  int n = 0;
  for (const FieldOption& option : spec.options) {
    options.push_back({{"value", option.value},
                       {"label", option.label},
                       {"id", spec.name + "-" + std::to_string(++n)},
                       {"selected", has_value(values, spec.name, option.value)}});
  }
  return options;
}

}  // namespace

nlohmann::json fields_view(const std::vector<FieldSpec>& specs, const Form& values,
                           const Error* error) {
  nlohmann::json out = nlohmann::json::array();
  for (const FieldSpec& spec : specs) {
    const std::string message = first_error(error, spec.name);
    std::string described;
    if (!spec.hint.empty()) described = spec.name + "-hint";
    if (!message.empty()) described += (described.empty() ? "" : " ") + spec.name + "-error";
    // Every key set, so that mustache never finds one of the page's own in an outer context.
    nlohmann::json field = {{"name", spec.name},
                            {"label", spec.label},
                            {"hint", spec.hint},
                            {"error", message},
                            {"described", described},
                            {"value", form_value(values, spec.name)},
                            {"max_length", spec.max_length},
                            {"rows", spec.rows},
                            {"checked", form_value(values, spec.name) == "on"},
                            {"options", options_view(spec, values)},
                            {"text", spec.kind == FieldKind::kText},
                            {"textarea", spec.kind == FieldKind::kTextarea},
                            {"number", spec.kind == FieldKind::kNumber},
                            {"checkbox", spec.kind == FieldKind::kCheckbox},
                            {"select", spec.kind == FieldKind::kSelect},
                            {"checkboxes", spec.kind == FieldKind::kCheckboxes}};
    out.push_back(std::move(field));
  }
  return out;
}

std::vector<std::string> form_values(const Form& form, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [key, value] : form) {
    if (key == name) out.push_back(value);
  }
  return out;
}

void add_checkbox(Form& form, std::string name, bool on) {
  if (on) form.emplace_back(std::move(name), "on");
}

Error renamed_fields(Error error, const std::vector<std::pair<std::string, std::string>>& names) {
  for (FieldError& f : error.fields) {
    for (const auto& [from, to] : names) {
      if (f.field == from) f.field = to;
    }
  }
  return error;
}

}  // namespace atrium::web
