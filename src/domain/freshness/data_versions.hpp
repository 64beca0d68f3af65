#pragma once

#include "core/result.hpp"
#include "domain/storage.hpp"

namespace atrium {

// The numbers the database's triggers move with every change of a kind of data, in the
// transaction of the change (migrations 0006, 0008, 0011, 0015). Each only grows.
struct DataVersions {
  long long directory = 0;  // organisations, teams, users, memberships
  long long content = 0;    // catalogues, products, plans, documentation
  long long apps = 0;       // apps, access requests, credentials
  long long sign_in = 0;    // sessions ended, admin API tokens revoked or deleted
};

// What a copy kept in memory depends on. Each answer's version is the sum of its parts: the parts
// only grow and are read together from one committed state, so equal sums mean equal states.
enum class DataSet {
  kDirectory,  // directory
  kCatalogue,  // content + directory (who sees which catalogue)
  kApps,       // apps + directory (who sees which app)
  kSignIn,     // sign_in + directory (users' roles, organisations, activity)
};

long long version_of(const DataVersions& versions, DataSet set);

// True when every part of `a` is at least that of `b`: `a` is the same state as `b` or later.
bool same_or_later(const DataVersions& a, const DataVersions& b);

class DataVersionRepository : public Repository {
 public:
  virtual ~DataVersionRepository() = default;
  // All four, from the transaction's snapshot.
  virtual Result<DataVersions> read() = 0;
};

// Where copies kept in memory (cached answers, sign-in grants) learn whether they are current.
class DataVersionSource {
 public:
  virtual ~DataVersionSource() = default;
  // The version as this node last knew it, never older than this node's own last commit; a
  // change committed by another node shows within the source's bound (VersionBoard). May need
  // the database (then it blocks: core/non_blocking.hpp).
  virtual Result<long long> current(DataSet set) = 0;
  // The version in the calling request's own snapshot (the one the data it reads next comes
  // from): what a copy made from that data is stored with.
  virtual Result<long long> in_snapshot(DataSet set) = 0;
};

}  // namespace atrium
