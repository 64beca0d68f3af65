#include "domain/freshness/data_versions.hpp"

namespace atrium {

long long version_of(const DataVersions& versions, DataSet set) {
  switch (set) {
    case DataSet::kDirectory:
      return versions.directory;
    case DataSet::kCatalogue:
      return versions.content + versions.directory;
    case DataSet::kApps:
      return versions.apps + versions.directory;
    case DataSet::kSignIn:
      return versions.sign_in + versions.directory;
  }
  return versions.directory;
}

bool same_or_later(const DataVersions& a, const DataVersions& b) {
  return a.directory >= b.directory && a.content >= b.content && a.apps >= b.apps &&
         a.sign_in >= b.sign_in;
}

}  // namespace atrium
