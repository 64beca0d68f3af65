#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/catalogue/product.hpp"

// The uploaded documents of product APIs and specifications (OpenAPI documents, GraphQL
// schemas): rows of (owner, key, media_type, document, updated_at), one per owner and key.
namespace atrium::store {

class SociTransaction;

struct DocumentSlot {
  std::string_view table;
  std::string_view owner_column;
  long long owner = 0;
  std::string_view key_column;
  std::string key;
};

std::optional<ApiDocument> read_document(SociTransaction& tx, const DocumentSlot& slot);
// Replaces the slot's document.
void write_document(SociTransaction& tx, const DocumentSlot& slot, const ApiDocument& document);
// False when the slot was empty.
bool delete_document(SociTransaction& tx, const DocumentSlot& slot);

}  // namespace atrium::store
