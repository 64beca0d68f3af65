#include "web/common/view_helpers.hpp"

namespace atrium::web {

void add_form_errors(nlohmann::json& view, const std::vector<FieldError>& errors) {
  if (errors.empty()) return;
  nlohmann::json& list = view["errors"];
  if (!list.is_array()) list = nlohmann::json::array();
  for (const FieldError& error : errors) {
    list.push_back({{"field", error.field}, {"message", error.message}});
    if (!error.field.empty()) {
      const std::string key = error.field + "_error";
      if (!view.contains(key)) view[key] = error.message;
    }
  }
  view["has_errors"] = true;
}

void add_error_to_form(nlohmann::json& view, const Error& error) {
  if (error.fields.empty()) {
    add_form_errors(view, {FieldError{"", error.message}});
  } else {
    add_form_errors(view, error.fields);
  }
}

}  // namespace atrium::web
