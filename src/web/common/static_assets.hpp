#pragma once

#include "http/router.hpp"

namespace atrium::web {

// Registers GET /static/<name> for every file compiled in from static/ (today: atrium.css), run
// inline on the I/O thread: Content-Type by extension, Cache-Control: public, max-age=3600, and a
// strong ETag (from the file's SHA-256) answered with 304 Not Modified on a matching
// If-None-Match. Also GET /favicon.ico: 204 No Content, cached for a day (there is no icon, and a
// 404 there is a console error in every browser).
void add_static_routes(http::Router& router);

}  // namespace atrium::web
