#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Stored portal settings (DESIGN §3–§4): a small key/value table; the settings service knows
// the keys and their types.
class SettingsRepository : public Repository {
 public:
  virtual ~SettingsRepository() = default;
  virtual Result<std::map<std::string, std::string>> load_all() = 0;
  virtual Status put(std::string_view key, std::string_view value, TimePoint now) = 0;
};

}  // namespace atrium
