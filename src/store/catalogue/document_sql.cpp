#include "store/catalogue/document_sql.hpp"

#include <utility>

#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"
#include "store/statement_cache.hpp"

namespace atrium::store {

namespace {

struct DocumentRow {
  std::string media_type;
  std::string text;
  long long updated_at = 0;
  template <typename Columns>
  void exchange(Columns& statement) {
    map_column(statement, media_type);
    map_column(statement, text);
    map_column(statement, updated_at);
  }
};

// " WHERE owner = :p AND key = :q" of the slot.
std::string slot_condition(const DocumentSlot& slot, QueryParams& params) {
  return " WHERE " + std::string(slot.owner_column) + " = " + params.add(slot.owner) + " AND " +
         std::string(slot.key_column) + " = " + params.add(slot.key);
}

}  // namespace

std::optional<ApiDocument> read_document(SociTransaction& tx, const DocumentSlot& slot) {
  QueryParams params;
  const std::string where = slot_condition(slot, params);
  return fetch_one<DocumentRow>(
      tx, "SELECT media_type, document, updated_at FROM " + std::string(slot.table) + where, params,
      [](DocumentRow&& row) {
        return ApiDocument{std::move(row.media_type), std::move(row.text),
                           from_unix_ms(row.updated_at)};
      });
}

void write_document(SociTransaction& tx, const DocumentSlot& slot, const ApiDocument& document) {
  delete_document(tx, slot);
  QueryParams insert;
  execute(tx.session(),
          "INSERT INTO " + std::string(slot.table) + " (" + std::string(slot.owner_column) + ", " +
              std::string(slot.key_column) + ", media_type, document, updated_at) VALUES (" +
              insert.add(slot.owner) + ", " + insert.add(slot.key) + ", " +
              insert.add(document.media_type) + ", " + insert.add(document.text) + ", " +
              insert.add(to_unix_ms(document.updated_at)) + ")",
          insert);
}

bool delete_document(SociTransaction& tx, const DocumentSlot& slot) {
  QueryParams params;
  const std::string where = slot_condition(slot, params);
  return execute(tx.session(), "DELETE FROM " + std::string(slot.table) + where, params) > 0;
}

}  // namespace atrium::store
