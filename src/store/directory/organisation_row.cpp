#include "store/directory/organisation_row.hpp"

#include <utility>

namespace atrium::store {

const std::string kOrganisationColumns =
    "o.id, o.cid, o.name, CAST(o.is_default AS INTEGER), o.created_at, o.updated_at";

Organisation OrganisationRow::to_organisation() const {
  Organisation organisation;
  organisation.id = id;
  organisation.cid = cid;
  organisation.name = name;
  organisation.is_default = is_default != 0;
  organisation.created_at = from_unix_ms(created_at);
  organisation.updated_at = from_unix_ms(updated_at);
  return organisation;
}

}  // namespace atrium::store
