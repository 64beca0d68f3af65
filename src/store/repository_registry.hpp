#pragma once

#include <memory>

#include "domain/storage.hpp"

// Internal to src/store: which SOCI class implements each repository interface. Every
// repository file registers its own class (ATRIUM_STORE_REPOSITORY), so that adding one never
// means editing a list elsewhere; atrium_store is linked whole (CMake) so that no registration is
// dropped by the linker.
namespace atrium::store {

class SociTransaction;

using RepositoryFactory = std::unique_ptr<Repository> (*)(SociTransaction& tx);

// Called during static initialisation only (single-threaded); a second class for the same
// interface is a broken invariant (std::logic_error).
void register_repository(RepositorySlot slot, RepositoryFactory factory);
// Null when no class implements that slot.
RepositoryFactory repository_factory(RepositorySlot slot);

template <typename Interface, typename Implementation>
struct RepositoryRegistration {
  RepositoryRegistration() {
    register_repository(repository_slot<Interface>(),
                        [](SociTransaction& tx) -> std::unique_ptr<Repository> {
                          return std::make_unique<Implementation>(tx);
                        });
  }
};

}  // namespace atrium::store

// At namespace scope in the repository's file (inside atrium::store).
#define ATRIUM_STORE_REPOSITORY(Interface, Implementation)                               \
  namespace {                                                                            \
  const RepositoryRegistration<Interface, Implementation> registration_##Implementation; \
  }
