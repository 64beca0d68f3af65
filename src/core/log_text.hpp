#pragma once

#include <string>
#include <string_view>

namespace atrium {

// `text` made safe to write into a line-oriented log (DESIGN §8 rule 7): whatever a client sent
// (a path, a header, a driver's message quoting a value) can neither start a new line, forge a
// line of its own, nor send escape sequences to a terminal. Printable ASCII and well-formed
// UTF-8 stay as they are, except:
//   \n \r \t              as \n \r \t (two characters each)
//   other C0 controls, DEL as \xNN (upper-case hex), e.g. \x00 \x1B \x7F
//   a backslash           as \\ (so that the escapes above cannot be faked)
//   C1 controls U+0080–U+009F, U+2028, U+2029 (line breaks to some readers)
//                         as \u0085, \u2028 …
//   each malformed UTF-8 byte as \xNN, e.g. a raw 0xFF byte becomes \xFF
// The result is well-formed UTF-8 without control characters, at most 4 times as long.
std::string escape_log_text(std::string_view text);

// The same text as a JSON string, quotes included, for JSON logs (PORTAL_LOG_FORMAT=json): what
// escape_log_text gives, with '"' and '\' escaped for JSON, so a reader decodes exactly the
// text-log form (a raw 0xFF byte reads back as the four characters \xFF).
std::string json_log_string(std::string_view text);

}  // namespace atrium
