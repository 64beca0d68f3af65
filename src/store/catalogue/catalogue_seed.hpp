#pragma once

#include "core/result.hpp"
#include "store/database.hpp"

// Fills a database that holds a directory (seed_directory) with a catalogue shaped like a real
// portal's, for benchmarks (`atrium seed`, bench/run): a few Public catalogues, one Private
// catalogue per large organisation (its whole organisation) and per some teams (that team only),
// products spread over them with APIs, tags and a documentation page, and plans in each.
namespace atrium::store {

struct CatalogueSeedPlan {
  long long products = 300;
  long long public_catalogues = 3;
  long long large_organisations = 1;  // the organisations with the most users get a catalogue
  long long team_catalogues = 10;     // teams (not default ones) with a catalogue of their own
};

struct CatalogueSeedReport {
  long long catalogues = 0;
  long long products = 0;
  long long plans = 0;
};

Result<CatalogueSeedReport> seed_catalogue(SociDatabase& db, const CatalogueSeedPlan& plan);

}  // namespace atrium::store
