#include "core/field_errors.hpp"

namespace atrium {

void FieldErrors::absorb(const Error& error) {
  if (error.fields.empty()) {
    errors_.push_back({"", error.message});
    return;
  }
  errors_.insert(errors_.end(), error.fields.begin(), error.fields.end());
}

Status FieldErrors::finish(std::string id) const {
  if (errors_.empty()) return ok();
  std::string message;
  for (const auto& e : errors_) {
    if (!message.empty()) message += "; ";
    message += e.field.empty() ? e.message : e.field + ": " + e.message;
  }
  return fail(invalid_argument(std::move(id), std::move(message), errors_));
}

}  // namespace atrium
