#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "web/common/page_support.hpp"

// Forms drawn from a list of field specifications by the `form_field` partial, one input each:
// the label, a hint, the value (refilled after a refusal), the field's error beside it and the
// ARIA links between them. A page lists its fields once; the same list reads the posted form back.
namespace atrium::web {

enum class FieldKind {
  kText,        // one line, up to max_length characters
  kTextarea,    // several lines
  kNumber,      // a whole number
  kCheckbox,    // on / off: the form has "on" when ticked
  kSelect,      // one of `options`
  kCheckboxes,  // any of `options`: the form repeats the name once per ticked one
};

struct FieldOption {
  std::string value;
  std::string label;
};

struct FieldSpec {
  std::string name;  // the input's name and id, and what field errors name
  std::string label;
  std::string hint;  // "" for none
  FieldKind kind = FieldKind::kText;
  std::size_t max_length = 100;
  std::vector<FieldOption> options;  // kSelect, kCheckboxes
  int rows = 6;                      // kTextarea: its height in lines
};

// The view of each field of `specs`, with its value(s) from `values` (the posted form, or the
// record's values in the same shape) and its first error from `error`. A page passes the list
// as `fields` and writes {{#fields}}{{> form_field}}{{/fields}}.
nlohmann::json fields_view(const std::vector<FieldSpec>& specs, const Form& values,
                           const Error* error);

// Every value the form has for `name` (a kCheckboxes field repeats it).
std::vector<std::string> form_values(const Form& form, std::string_view name);

// A kCheckbox's value in a Form: "on" when set, else none.
void add_checkbox(Form& form, std::string name, bool on);

// Field errors renamed from the service's names to the form's: `from` → `to` (for a refusal
// naming a field the form calls otherwise).
Error renamed_fields(Error error, const std::vector<std::pair<std::string, std::string>>& names);

}  // namespace atrium::web
