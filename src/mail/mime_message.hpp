#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "domain/mail/email.hpp"

namespace atrium::mail {

// What identifies one message besides its content; injected so that tests are deterministic.
struct MimeEnvelope {
  TimePoint date;
  std::string message_id;  // "<unique@domain>", angle brackets included
  std::string boundary;    // multipart boundary: 1-70 characters of [A-Za-z0-9'()+_,-./:=?]
};

// Builds the RFC 5322 / MIME text of `email`, ready for SMTP DATA: CRLF line endings, no line
// longer than 78 characters (body lines at most 76), 8-bit data only inside quoted-printable.
//
// Headers: From, To, Subject (RFC 2047 encoded words when it is not short printable ASCII),
// Date (RFC 5322), Message-ID, MIME-Version, Auto-Submitted: auto-generated (RFC 3834, so that
// vacation responders stay quiet). Body: multipart/alternative with a text/plain then a
// text/html part, or a single text/plain part when `html` is empty; UTF-8, quoted-printable.
//
// kInvalidArgument for a CR, LF or other control character in from, to or subject (header
// injection), an address that is not a single plain address of at most 254 bytes, or a bad
// message id or boundary.
Result<std::string> build_mime_message(const OutgoingEmail& email, const MimeEnvelope& envelope);

// A fresh boundary ("=_" then 32 hex digits: "=_" can appear neither in quoted-printable nor in
// base64 text, so the boundary cannot clash with a part's content).
std::string random_boundary(Random& random);

// A fresh "<32 hex digits@domain>", the domain taken from `from` ("localhost" when it has none).
std::string random_message_id(Random& random, std::string_view from);

// "Thu, 22 Nov 2026 10:00:00 +0000": the RFC 5322 date-time of `t`, in UTC.
std::string format_rfc5322_date(TimePoint t);

}  // namespace atrium::mail
