#include "mail/mime_message.hpp"

#include <array>
#include <cstddef>
#include <ctime>

#include "core/encoding.hpp"

namespace atrium::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";
// RFC 5322 §2.1.1: lines SHOULD stay within 78 characters, CRLF excluded.
constexpr std::size_t kHeaderLineLimit = 78;
// RFC 2045 §6.7: quoted-printable lines are at most 76 characters, CRLF excluded.
constexpr std::size_t kBodyLineLimit = 76;
// UTF-8 bytes per RFC 2047 encoded word: "Subject: " + "=?UTF-8?B?" + base64(42 bytes, 56
// characters) + "?=" is 77 characters, and an encoded word stays under its 75-character limit.
constexpr std::size_t kEncodedWordBytes = 42;
constexpr std::string_view kHexDigits = "0123456789ABCDEF";
constexpr std::size_t kMaxAddressBytes = 254;

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

Status check_header_text(std::string_view field, std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n') {
      return fail(invalid_argument("mail.header_injection",
                                   std::string(field) + " must not contain a line break"));
    }
    if (is_control(static_cast<unsigned char>(c))) {
      return fail(invalid_argument("mail.header_invalid",
                                   std::string(field) + " must not contain control characters"));
    }
  }
  return ok();
}

// One plain address (no display name, no list): the form the domain stores. UTF-8 local parts
// and domains pass through (RFC 6532); the SMTP client negotiates SMTPUTF8 for them.
Status check_address(std::string_view field, std::string_view address) {
  ATRIUM_TRY(check_header_text(field, address));
  const auto at = address.rfind('@');
  // RFC 5321 §4.5.3.1.3: a path holds at most 254 characters besides its brackets (a longer
  // one would also pass RFC 5322's 998-character line limit, From and To being unfoldable).
  bool ok_shape = !address.empty() && address.size() <= kMaxAddressBytes &&
                  at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
                  address.find('@') == at;
  for (char c : address) {
    if (std::string_view(" <>()[],;:\"\\").find(c) != std::string_view::npos) ok_shape = false;
  }
  if (!ok_shape) {
    return fail(
        invalid_argument("mail.address_invalid",
                         std::string(field) + " must be one plain address like a@b.example"));
  }
  return ok();
}

Status check_envelope(const MimeEnvelope& envelope) {
  const std::string_view id = envelope.message_id;
  bool id_ok = id.size() >= 5 && id.front() == '<' && id.back() == '>' &&
               id.find('@') != std::string_view::npos && id.size() <= 250;
  for (char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) id_ok = false;
  }
  if (!id_ok) return fail(invalid_argument("mail.message_id_invalid", "bad Message-ID"));
  constexpr std::string_view kBoundaryChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+_,-./:=?";
  const std::string_view boundary = envelope.boundary;
  if (boundary.empty() || boundary.size() > 70 ||
      boundary.find_first_not_of(kBoundaryChars) != std::string_view::npos) {
    return fail(invalid_argument("mail.boundary_invalid", "bad MIME boundary"));
  }
  return ok();
}

bool is_printable_ascii(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  return true;
}

// Folds printable ASCII at spaces (RFC 5322 §2.2.3: CRLF goes before a space, and unfolding
// removes it). Empty when some word cannot fit on a line: the caller then uses encoded words.
std::string fold_ascii(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  std::size_t line_length = out.size();
  std::size_t start = 0;
  while (line_length + (value.size() - start) > kHeaderLineLimit) {
    const std::size_t room = kHeaderLineLimit - line_length;
    // Break before the last space that keeps this line within the limit (never at `start`,
    // which would leave an empty line).
    const std::size_t space = value.substr(0, start + room + 1).rfind(' ');
    if (space == std::string_view::npos || space <= start) return {};
    out.append(value.substr(start, space - start));
    out += kCrlf;
    start = space;  // the continuation line starts with the space
    line_length = 0;
  }
  out.append(value.substr(start));
  return out;
}

// RFC 2047 "B" encoded words of at most kEncodedWordBytes each, never splitting a UTF-8
// sequence (each encoded word must hold whole characters), one per line.
std::string encoded_words(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  std::size_t start = 0;
  bool first = true;
  while (first || start < value.size()) {
    std::size_t end = start;
    while (end < value.size()) {
      std::size_t length = utf8_sequence_length(value, end);
      if (length == 0) length = 1;  // unreachable for sanitised text; never loop forever
      if (end + length - start > kEncodedWordBytes) break;
      end += length;
    }
    if (!first) out += "\r\n ";
    const std::string_view chunk = value.substr(start, end - start);
    out += "=?UTF-8?B?";
    out += base64_encode(std::as_bytes(std::span(chunk.data(), chunk.size())));
    out += "?=";
    start = end;
    first = false;
  }
  return out;
}

std::string subject_header(std::string_view subject) {
  // "=?" could be read as the start of an encoded word; encode such subjects too.
  if (is_printable_ascii(subject) && subject.find("=?") == std::string_view::npos) {
    std::string folded = fold_ascii("Subject", subject);
    if (!folded.empty()) return folded;
  }
  return encoded_words("Subject", subject);
}

void append_hex_escape(std::string& out, unsigned char c) {
  out.push_back('=');
  out.push_back(kHexDigits[c >> 4U]);
  out.push_back(kHexDigits[c & 0x0FU]);
}

// Quoted-printable (RFC 2045 §6.7) of one line without its line break.
void append_quoted_printable_line(std::string& out, std::string_view line) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const auto token_for = [&](bool line_start) {
      std::string token;
      const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
      // A '.' opening a line could meet a relay that does not dot-stuff, and "From " one that
      // writes mbox files: escape both, as many mailers do.
      const bool guard = line_start && (c == '.' || (c == 'F' && line.substr(i, 5) == "From "));
      if (literal && !guard) {
        token.push_back(static_cast<char>(c));
      } else {
        append_hex_escape(token, c);
      }
      return token;
    };
    std::string token = token_for(column == 0);
    // A soft break ("=") needs one column, except after the line's last token.
    const std::size_t limit = last ? kBodyLineLimit : kBodyLineLimit - 1;
    if (column + token.size() > limit) {
      out += "=\r\n";
      column = 0;
      token = token_for(true);
    }
    out += token;
    column += token.size();
  }
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find('\n', start);
    std::string_view line = text.substr(
        start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
    // CRLF and LF both end a line; a lone CR is data and gets escaped.
    if (newline != std::string_view::npos && !line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    append_quoted_printable_line(out, line);
    if (newline == std::string_view::npos) break;
    out += kCrlf;
    start = newline + 1;
  }
  return out;
}

std::string part_headers(std::string_view subtype) {
  std::string out = "Content-Type: text/";
  out += subtype;
  out += "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
  return out;
}

std::string valid_utf8(std::string_view text) {
  return is_valid_utf8(text) ? std::string(text) : sanitise_utf8(text);
}

}  // namespace

std::string format_rfc5322_date(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::array<char, 40> buffer{};
  const int length =
      std::snprintf(buffer.data(), buffer.size(), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                    kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                    kMonths.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour,
                    tm.tm_min, tm.tm_sec);
  return std::string(buffer.data(), static_cast<std::size_t>(length));
}

std::string random_boundary(Random& random) {
  std::array<std::byte, 16> bytes{};
  random.fill(bytes);
  return "=_" + hex_encode(bytes);
}

std::string random_message_id(Random& random, std::string_view from) {
  std::array<std::byte, 16> bytes{};
  random.fill(bytes);
  const auto at = from.rfind('@');
  std::string domain = at == std::string_view::npos ? "" : std::string(from.substr(at + 1));
  // The id must be printable ASCII without spaces or brackets; an IDN or odd domain is replaced.
  bool domain_ok = !domain.empty();
  for (char c : domain) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '<' || c == '>' || c == '@') domain_ok = false;
  }
  if (!domain_ok) domain = "localhost";
  return "<" + hex_encode(bytes) + "@" + domain + ">";
}

Result<std::string> build_mime_message(const OutgoingEmail& email, const MimeEnvelope& envelope) {
  ATRIUM_TRY(check_address("from", email.from));
  ATRIUM_TRY(check_address("to", email.to));
  ATRIUM_TRY(check_header_text("subject", email.subject));
  ATRIUM_TRY(check_envelope(envelope));

  std::string out;
  out += "From: " + email.from + "\r\n";
  out += "To: " + email.to + "\r\n";
  out += subject_header(valid_utf8(email.subject)) + "\r\n";
  out += "Date: " + format_rfc5322_date(envelope.date) + "\r\n";
  out += "Message-ID: " + envelope.message_id + "\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (email.html.empty()) {
    out += part_headers("plain");
    out += kCrlf;
    out += quoted_printable(valid_utf8(email.text));
    // A message ends with a line break (SMTP's end of data starts with one anyway).
    if (!out.ends_with(kCrlf)) out += kCrlf;
    return out;
  }
  const std::string delimiter = "--" + envelope.boundary;
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + envelope.boundary + "\"\r\n";
  out += kCrlf;
  // Parts in increasing order of preference (RFC 2046 §5.1.4): clients show the HTML one.
  out += delimiter + "\r\n" + part_headers("plain") + "\r\n";
  out += quoted_printable(valid_utf8(email.text));
  out += "\r\n" + delimiter + "\r\n" + part_headers("html") + "\r\n";
  out += quoted_printable(valid_utf8(email.html));
  out += "\r\n" + delimiter + "--\r\n";
  return out;
}

}  // namespace atrium::mail
