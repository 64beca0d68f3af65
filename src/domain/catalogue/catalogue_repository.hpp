#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/catalogue/catalogue.hpp"
#include "domain/paging.hpp"
#include "domain/policy/catalogue_policy.hpp"
#include "domain/storage.hpp"

namespace atrium {

class CatalogueRepository : public Repository {
 public:
  ~CatalogueRepository() override = default;
  // kConflict "catalogue.name_taken" (Name, case-insensitive) or "catalogue.slug_taken".
  virtual Result<Catalogue> create(std::string_view cid, const CatalogueFields& fields,
                                   TimePoint now) = 0;
  virtual Result<std::optional<Catalogue>> find(CatalogueId id) = 0;
  virtual Result<std::optional<Catalogue>> find_by_slug(std::string_view slug) = 0;
  // Ordered by id.
  virtual Result<PageOf<Catalogue>> list(const PageRequest& page) = 0;
  // Every catalogue the scope shows, ordered by name key.
  virtual Result<std::vector<Catalogue>> list_visible(const policy::CatalogueScope& scope) = 0;
  // The same conflicts as create; kNotFound "catalogue.not_found".
  virtual Result<Catalogue> update(CatalogueId id, const CatalogueFields& fields,
                                   TimePoint now) = 0;
  // Deletes it with its audience and its product and plan links; false when there was none.
  virtual Result<bool> remove(CatalogueId id) = 0;

  // Audience entries with their organisation's and catalogue's names, ordered by id.
  virtual Result<std::vector<Audience>> audiences(CatalogueId catalogue) = 0;
  virtual Result<std::optional<Audience>> find_audience(CatalogueId catalogue,
                                                        AudienceId audience) = 0;
  // kConflict "audience.duplicate" for an entry the catalogue has; the database refuses a team of
  // another organisation (a foreign key) and a missing organisation.
  virtual Result<Audience> add_audience(const NewAudience& audience, TimePoint now) = 0;
  virtual Result<bool> remove_audience(CatalogueId catalogue, AudienceId audience) = 0;
  // A number that grows with every change to catalogues, audiences, products (their APIs, tags,
  // docs, catalogue links) and plans (migration 0008's triggers).
  virtual Result<long long> content_version() = 0;
  // What the policy needs of some catalogues, by id (missing ids are skipped).
  virtual Result<std::vector<policy::CatalogueFacts>> facts(
      const std::vector<CatalogueId>& catalogues) = 0;
};

}  // namespace atrium
