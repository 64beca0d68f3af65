#pragma once

// Internal to src/store (and test support): the one way to include SOCI.
//
// Debian's libsoci-dev was built with Boost, so its soci-config.h defines SOCI_HAVE_BOOST and
// soci/bind-values.h then includes Boost.Fusion headers, which are not installed (and which we do
// not use). We pre-empt soci-config.h with the same settings minus Boost. SOCI_HAVE_BOOST only
// enables header-only conversions for Boost types, so the compiled libraries are unaffected.
#ifndef SOCICONFIG_H_INCLUDED
#define SOCICONFIG_H_INCLUDED
#define SOCI_HAVE_CXX11
#define SOCI_HAVE_POSTGRESQL
#define SOCI_HAVE_SQLITE3
#define SOCI_HAVE_VISIBILITY_SUPPORT
#endif

#include <soci/postgresql/soci-postgresql.h>  // IWYU pragma: export
#include <soci/soci.h>                        // IWYU pragma: export
#include <soci/sqlite3/soci-sqlite3.h>        // IWYU pragma: export
