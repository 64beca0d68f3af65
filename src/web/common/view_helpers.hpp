#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.hpp"

namespace atrium::web {

// Puts form errors into a page's view the way the templates expect them (docs/web.md):
//   has_errors: true, errors: [{field, message}, ...] for the error summary (each links to the
//   input whose id is `field`; an empty field is a form-level message without a link), and
//   <field>_error: the first message for that field, shown next to the input.
// `field` must be the form's field name (e.g. "new_password"), not an API name ("Password").
// Does nothing when `errors` is empty.
void add_form_errors(nlohmann::json& view, const std::vector<FieldError>& errors);

// add_form_errors with the error's field errors, or with its message as a form-level one when it
// names no field.
void add_error_to_form(nlohmann::json& view, const Error& error);

}  // namespace atrium::web
