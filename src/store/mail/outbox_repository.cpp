#include "domain/mail/outbox_repository.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "domain/identity/email.hpp"
#include "domain/mail/outbox_message.hpp"
#include "domain/paging.hpp"
#include "store/repository_registry.hpp"
#include "store/soci_transaction.hpp"
#include "store/sql_support.hpp"

// The email outbox (migration 0004), shared by every server.
namespace atrium::store {

namespace {

// Stored error text, in code points: enough for an SMTP reply line.
constexpr std::size_t kMaxError = 500;

const std::string kOutboxColumns =
    "m.id, m.kind, m.recipient, m.subject, m.text_body, m.html_body, m.status, m.attempts, "
    "m.last_error, m.created_at, m.next_attempt_at, m.sent_at";

struct OutboxRow {
  long long id = 0;
  std::string kind;
  std::string recipient;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::string status;
  int attempts = 0;
  std::string last_error;
  long long created_at = 0;
  long long next_attempt_at = 0;
  long long sent_at = 0;
  soci::indicator sent_indicator = soci::i_null;

  template <typename Columns>
  void exchange(Columns& st) {
    map_column(st, id);
    map_column(st, kind);
    map_column(st, recipient);
    map_column(st, subject);
    map_column(st, text_body);
    map_column(st, html_body);
    map_column(st, status);
    map_column(st, attempts);
    map_column(st, last_error);
    map_column(st, created_at);
    map_column(st, next_attempt_at);
    map_column(st, sent_at, sent_indicator);
  }

  OutboxMessage to_message() const {
    OutboxMessage out;
    out.id = id;
    out.kind = kind;
    out.recipient = recipient;
    out.subject = subject;
    out.text_body = text_body;
    out.html_body = html_body;
    const auto parsed = parse_outbox_status(status);
    if (!parsed) throw std::runtime_error("unknown status in outbox");
    out.status = *parsed;
    out.attempts = attempts;
    out.last_error = last_error;
    out.created_at = from_unix_ms(created_at);
    out.next_attempt_at = from_unix_ms(next_attempt_at);
    if (sent_indicator == soci::i_ok) out.sent_at = from_unix_ms(sent_at);
    return out;
  }
};

std::string status_param(QueryParams& params, OutboxStatus status) {
  return params.add(std::string(to_string(status)));
}

class SociOutboxRepository final : public OutboxRepository {
 public:
  explicit SociOutboxRepository(SociTransaction& tx) : tx_(tx) {}

  Result<OutboxMessage> enqueue(const NewOutboxMessage& message, TimePoint now) override {
    return tx_.attempt("outbox.enqueue", false, [&] {
      OutboxMessage out;
      out.kind = message.kind;
      out.recipient = message.recipient;
      out.subject = message.subject;
      out.text_body = message.text_body;
      out.html_body = message.html_body;
      out.status = OutboxStatus::kQueued;
      out.created_at = from_unix_ms(to_unix_ms(now));
      out.next_attempt_at = out.created_at;
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      out.id = query_number(
          tx_.session(),
          "INSERT INTO outbox (kind, recipient, recipient_key, subject, text_body, html_body, "
          "status, created_at, next_attempt_at) VALUES (" +
              params.add(message.kind) + ", " + params.add(message.recipient) + ", " +
              params.add(email_key(message.recipient)) + ", " + params.add(message.subject) + ", " +
              params.add(message.text_body) + ", " + params.add(message.html_body) + ", " +
              status_param(params, OutboxStatus::kQueued) + ", " + at + ", " + at +
              ") RETURNING id",
          params);
      return out;
    });
  }

  Result<std::optional<OutboxMessage>> find(OutboxMessageId id) override {
    return tx_.attempt("outbox.find", false, [&] {
      QueryParams params;
      return fetch_one<OutboxRow>(
          tx_.session(),
          "SELECT " + kOutboxColumns + " FROM outbox m WHERE m.id = " + params.add(id), params,
          [](const OutboxRow& row) { return row.to_message(); });
    });
  }

  Result<PageOf<OutboxMessage>> list(const OutboxFilter& filter, const PageRequest& page) override {
    return tx_.attempt("outbox.list", false, [&] {
      QueryParams params;
      std::vector<std::string> terms;
      if (filter.status) terms.push_back("m.status = " + status_param(params, *filter.status));
      if (filter.recipient) {
        terms.push_back("m.recipient_key = " + params.add(email_key(*filter.recipient)));
      }
      return fetch_page<OutboxRow>(tx_.session(), page, kOutboxColumns, "outbox m",
                                   where_clause(terms), "m.id DESC", params,
                                   [](const OutboxRow& row) { return row.to_message(); });
    });
  }

  Result<std::vector<OutboxMessage>> claim_due(TimePoint now, TimePoint lease_until,
                                               int limit) override {
    return tx_.attempt("outbox.claim_due", false, [&] {
      QueryParams params;
      const std::string at = params.add(to_unix_ms(now));
      std::string sql =
          "SELECT " + kOutboxColumns + " FROM outbox m WHERE m.status IN (" +
          status_param(params, OutboxStatus::kQueued) + ", " +
          status_param(params, OutboxStatus::kFailed) + ") AND m.next_attempt_at <= " + at +
          " AND (m.lease_until IS NULL OR m.lease_until <= " + at +
          ") ORDER BY m.next_attempt_at, m.id LIMIT " + params.add(static_cast<long long>(limit));
      // Another server's claim in progress holds its rows locked: skip them rather than wait,
      // then lease what we got so that later claims skip it too.
      if (tx_.dialect() == Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
      auto claimed = fetch_all<OutboxRow>(tx_.session(), sql, params,
                                          [](const OutboxRow& row) { return row.to_message(); });
      for (const auto& message : claimed) {
        QueryParams lease;
        execute(tx_.session(),
                "UPDATE outbox SET lease_until = " + lease.add(to_unix_ms(lease_until)) +
                    ", attempts = attempts + 1 WHERE id = " + lease.add(message.id),
                lease);
      }
      for (auto& message : claimed) ++message.attempts;
      return claimed;
    });
  }

  Status mark_sent(OutboxMessageId id, TimePoint now) override {
    return tx_.attempt("outbox.mark_sent", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE outbox SET status = " + status_param(params, OutboxStatus::kSent) +
                  ", sent_at = " + params.add(to_unix_ms(now)) +
                  ", last_error = '', text_body = '', html_body = '', lease_until = NULL"
                  " WHERE id = " +
                  params.add(id),
              params);
    });
  }

  Status mark_failed(OutboxMessageId id, std::string_view error,
                     TimePoint next_attempt_at) override {
    return tx_.attempt("outbox.mark_failed", false, [&] {
      QueryParams params;
      execute(tx_.session(),
              "UPDATE outbox SET status = " + status_param(params, OutboxStatus::kFailed) +
                  ", last_error = " + params.add(sanitise_utf8(error, kMaxError)) +
                  ", next_attempt_at = " + params.add(to_unix_ms(next_attempt_at)) +
                  ", lease_until = NULL WHERE id = " + params.add(id),
              params);
    });
  }

  Status mark_abandoned(OutboxMessageId id, std::string_view error, TimePoint now) override {
    return tx_.attempt("outbox.mark_abandoned", false, [&] {
      QueryParams params;
      execute(
          tx_.session(),
          "UPDATE outbox SET status = " + status_param(params, OutboxStatus::kAbandoned) +
              ", last_error = " + params.add(sanitise_utf8(error, kMaxError)) +
              ", next_attempt_at = " + params.add(to_unix_ms(now)) +
              ", text_body = '', html_body = '', lease_until = NULL WHERE id = " + params.add(id),
          params);
    });
  }

 private:
  SociTransaction& tx_;
};

}  // namespace

ATRIUM_STORE_REPOSITORY(OutboxRepository, SociOutboxRepository)

}  // namespace atrium::store
