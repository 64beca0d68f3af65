#include "support/postgres_env.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>

namespace atrium::testing {

namespace {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

Connection connect(const std::string& conninfo) {
  Connection connection(PQconnectdb(conninfo.c_str()));
  if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to the test PostgreSQL server (" + conninfo +
                             "): " + (connection ? PQerrorMessage(connection.get()) : "no memory"));
  }
  PQsetNoticeProcessor(connection.get(), &ignore_notice, nullptr);
  return connection;
}

void execute(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  const std::string message = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("test PostgreSQL: " + sql + ": " + message);
  }
}

std::string quote_value(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// The server's connection string (key=value or URI) rewritten to name `database`.
std::string with_database(const std::string& server, const std::string& database) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(server.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("ATRIUM_TEST_PG is not a libpq connection string: " + message);
  }
  std::string out;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    const std::string keyword = option->keyword;
    if (keyword == "dbname" || option->val == nullptr) continue;
    out += keyword + "=" + quote_value(option->val) + " ";
  }
  PQconninfoFree(options);
  return out + "dbname=" + quote_value(database);
}

std::string random_name() {
  std::random_device device;
  std::uniform_int_distribution<unsigned long long> distribution;
  static const char* const kHex = "0123456789abcdef";
  unsigned long long bits = distribution(device);
  std::string name = "atrium_test_";
  for (int i = 0; i < 16; ++i, bits >>= 4U) name.push_back(kHex[bits & 0xFU]);
  return name;
}

}  // namespace

std::optional<std::string> test_postgres_server() {
  const char* value = std::getenv("ATRIUM_TEST_PG");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

bool running_in_ci() {
  const char* value = std::getenv("CI");
  return value != nullptr && std::string(value) == "true";
}

ScratchPostgresDatabase::ScratchPostgresDatabase(const std::string& server)
    : server_(server), name_(random_name()), connection_string_(with_database(server, name_)) {
  Connection admin = connect(server_);
  execute(admin.get(), "CREATE DATABASE \"" + name_ + "\"");
}

ScratchPostgresDatabase::~ScratchPostgresDatabase() {
  try {
    drop();
  } catch (...) {
    // The server may be gone already; with-postgres removes it all anyway.
  }
}

void ScratchPostgresDatabase::terminate_connections() {
  Connection admin = connect(server_);
  execute(admin.get(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                           name_ + "' AND pid <> pg_backend_pid()");
}

void ScratchPostgresDatabase::drop() {
  if (dropped_) return;
  Connection admin = connect(server_);
  execute(admin.get(), "DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
  dropped_ = true;
}

}  // namespace atrium::testing
