#include "store/apps/app_sql.hpp"

namespace atrium::store {

std::string lock_rows_of(SociTransaction& tx, std::string_view alias) {
  std::string lock = tx.for_update();
  if (!lock.empty()) lock += " OF " + std::string(alias);
  return lock;
}

std::string id_list(const std::vector<long long>& ids, QueryParams& params) {
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ", ") + params.add(id);
  return out;
}

}  // namespace atrium::store
