#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace atrium {

// Collects the field errors of a whole request so that a client learns every problem at once.
class FieldErrors {
 public:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  // Keeps the error's field errors (or its message under "") and returns the value, if any.
  template <typename T>
  std::optional<T> take(Result<T> result) {
    if (result) return std::move(*result);
    absorb(result.error());
    return std::nullopt;
  }
  void take(const Status& status) {
    if (!status) absorb(status.error());
  }
  bool empty() const { return errors_.empty(); }
  // One kInvalidArgument error listing every problem, or success when there were none.
  Status finish(std::string id) const;

 private:
  void absorb(const Error& error);
  std::vector<FieldError> errors_;
};

}  // namespace atrium
