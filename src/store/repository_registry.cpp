#include "store/repository_registry.hpp"

#include <stdexcept>
#include <vector>

namespace atrium::store {

namespace {
// A function's static, so that registrations from other files' static initialisers find it
// built whatever the order of initialisation.
std::vector<RepositoryFactory>& factories() {
  static std::vector<RepositoryFactory> table;
  return table;
}
}  // namespace

void register_repository(RepositorySlot slot, RepositoryFactory factory) {
  auto& table = factories();
  if (table.size() <= slot) table.resize(slot + 1, nullptr);
  if (table[slot] != nullptr) throw std::logic_error("two store classes for one repository");
  table[slot] = factory;
}

RepositoryFactory repository_factory(RepositorySlot slot) {
  const auto& table = factories();
  return slot < table.size() ? table[slot] : nullptr;
}

}  // namespace atrium::store
