#pragma once

#include <nlohmann/json.hpp>

#include "domain/directory/user_service.hpp"
#include "domain/identity/user.hpp"
#include "http/json_writer.hpp"

// Tyk-compatible JSON of users (schemas User-* of Tyk's OpenAPI), plus the fields we add (CID).
// Never a password hash or a token.
namespace atrium::http {

nlohmann::json user_index_json(const User& user);
// The same object as user_index_json, written as text (list responses).
void write_user_index(JsonWriter& out, const User& user);
// What the Live Portal shows a consumer of a user they may see: Active, Email, First, ID, Last,
// Role (no CID, organisation, provider or password state); as JSON and as text.
nlohmann::json user_public_json(const User& user);
void write_user_public(JsonWriter& out, const User& user);
nlohmann::json user_show_json(const UserView& view);

}  // namespace atrium::http
