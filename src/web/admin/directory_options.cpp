#include "web/admin/directory_options.hpp"

#include "domain/paging.hpp"

namespace atrium::web {

nlohmann::json organisation_options(OrganisationService& organisations, const Actor& actor,
                                    const std::string& selected, const Organisation* current) {
  nlohmann::json options = nlohmann::json::array();
  auto orgs = organisations.list(actor, {1, kMaxPerPage});
  if (!orgs) return options;
  bool current_listed = current == nullptr;
  for (const auto& o : orgs->items) {
    const std::string id = std::to_string(o.id);
    current_listed = current_listed || o.id == current->id;
    options.push_back({{"value", id}, {"label", o.name}, {"selected", id == selected}});
  }
  if (!current_listed) {
    const std::string id = std::to_string(current->id);
    options.push_back({{"value", id}, {"label", current->name}, {"selected", id == selected}});
  }
  return options;
}

}  // namespace atrium::web
