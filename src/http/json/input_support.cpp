#include "http/json/input_support.hpp"

namespace atrium::http {

std::optional<std::vector<long long>> read_ids(ObjectReader& reader, std::string_view key,
                                               bool null_clears) {
  if (!reader.has(key)) return std::nullopt;
  const nlohmann::json* raw = reader.optional_raw(key);
  if (raw == nullptr) {
    return null_clears ? std::optional<std::vector<long long>>(std::vector<long long>{})
                       : std::nullopt;
  }
  std::vector<long long> ids;
  bool valid = raw->is_array();
  for (const auto& item : valid ? *raw : nlohmann::json::array()) {
    valid = valid && item.is_number_integer() && item.get<long long>() > 0;
    if (valid) ids.push_back(item.get<long long>());
  }
  if (!valid) {
    reader.add_field_error(key, "must be an array of IDs");
    return std::nullopt;
  }
  return ids;
}

}  // namespace atrium::http
