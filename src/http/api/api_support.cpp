#include "http/api/api_support.hpp"

#include <string>

#include "domain/directory/names.hpp"

namespace atrium::http {

Result<long long> id_param(const Request& request, std::string_view what) {
  return id_param(request, what, "id");
}

Result<long long> id_param(const Request& request, std::string_view what, std::string_view param) {
  long long id = 0;
  if (!parse_numeric_id(request.param(param), id)) {
    return fail(not_found(std::string(what) + ".not_found", std::string(what) + " not found"));
  }
  return id;
}

}  // namespace atrium::http
