#include "http/json/page_json.hpp"

namespace atrium::http {

Response status_ok() { return Response::json(200, {{"status", "ok"}}); }

}  // namespace atrium::http
