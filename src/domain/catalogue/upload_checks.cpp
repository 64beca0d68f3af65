#include "domain/catalogue/upload_checks.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "core/encoding.hpp"

namespace atrium {

namespace {

Error image_invalid(std::string message) {
  return invalid_argument("image.invalid", "the file is not an image Atrium accepts",
                          {{"file", std::move(message)}});
}

bool starts_with_bytes(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

// Whether the text looks like SVG (or any XML, which an SVG is): "<svg" or "<?xml" after
// optional whitespace and a UTF-8 byte order mark.
bool looks_like_markup(std::string_view bytes) {
  if (starts_with_bytes(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  bytes = trim(bytes);
  return starts_with_bytes(ascii_lower(bytes.substr(0, 5)), "<svg") ||
         starts_with_bytes(bytes, "<?xml") || starts_with_bytes(bytes, "<!DOCTYPE") ||
         starts_with_bytes(bytes, "<!--");
}

}  // namespace

Result<std::string> image_media_type(std::string_view bytes) {
  if (bytes.size() > kMaxImageBytes) {
    Error error = make_error(ErrorCode::kPayloadTooLarge, "image.too_large",
                             "the image is larger than 1 MiB");
    error.fields.push_back({"file", "must be at most 1 MiB (1048576 bytes)"});
    return fail(std::move(error));
  }
  if (bytes.empty()) return fail(image_invalid("is empty"));
  if (starts_with_bytes(bytes, "\x89PNG\r\n\x1A\n")) return std::string("image/png");
  if (starts_with_bytes(bytes, "\xFF\xD8\xFF")) return std::string("image/jpeg");
  if (starts_with_bytes(bytes, "GIF87a") || starts_with_bytes(bytes, "GIF89a")) {
    return std::string("image/gif");
  }
  if (bytes.size() >= 12 && starts_with_bytes(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") {
    return std::string("image/webp");
  }
  if (looks_like_markup(bytes)) {
    return fail(
        image_invalid("is SVG or other markup, which is refused (it can carry scripts): "
                      "send a PNG, JPEG, GIF or WebP image"));
  }
  return fail(image_invalid("is not a PNG, JPEG, GIF or WebP image"));
}

namespace {

Error graphql_invalid(std::string message) {
  return invalid_argument("graphql.invalid", "the file is not a GraphQL schema",
                          {{"file", std::move(message)}});
}

// A token of GraphQL's lexical grammar (October 2021 spec, §2.1) that the checks look at.
struct Token {
  enum class Kind { kName, kPunctuator, kNumber, kString } kind;
  std::string text;  // names and punctuators
  std::size_t line = 1;
};

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// Splits SDL into tokens; an error names the line of anything that is not GraphQL.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> tokens;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
        ++i_;
      } else if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') ++i_;
      } else if (c == '"') {
        const std::size_t at = line_;
        ATRIUM_TRY(string_token());
        tokens.push_back({Token::Kind::kString, "", at});
      } else if (is_name_start(c)) {
        const std::size_t start = i_;
        while (i_ < text_.size() && is_name_char(text_[i_])) ++i_;
        tokens.push_back({Token::Kind::kName, std::string(text_.substr(start, i_ - start)), line_});
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        ++i_;
        while (i_ < text_.size() && (is_name_char(text_[i_]) || text_[i_] == '.' ||
                                     text_[i_] == '+' || text_[i_] == '-')) {
          ++i_;
        }
        tokens.push_back({Token::Kind::kNumber, "", line_});
      } else if (text_.substr(i_, 3) == "...") {
        tokens.push_back({Token::Kind::kPunctuator, "...", line_});
        i_ += 3;
      } else if (std::string_view("!$&():=@[]{}|").find(c) != std::string_view::npos) {
        tokens.push_back({Token::Kind::kPunctuator, std::string(1, c), line_});
        ++i_;
      } else {
        return fail(graphql_invalid("line " + std::to_string(line_) +
                                    ": a character GraphQL does not have"));
      }
    }
    return tokens;
  }

 private:
  Status string_token() {
    const std::size_t start_line = line_;
    if (text_.substr(i_, 3) == R"(""")") {
      i_ += 3;
      while (i_ < text_.size()) {
        if (text_.substr(i_, 4) == R"(\""")") {
          i_ += 4;
        } else if (text_.substr(i_, 3) == R"(""")") {
          i_ += 3;
          return ok();
        } else {
          if (text_[i_] == '\n') ++line_;
          ++i_;
        }
      }
      return fail(graphql_invalid("line " + std::to_string(start_line) +
                                  ": a block string that never ends"));
    }
    ++i_;
    while (i_ < text_.size() && text_[i_] != '\n') {
      if (text_[i_] == '\\') {
        i_ += 2;
      } else if (text_[i_] == '"') {
        ++i_;
        return ok();
      } else {
        ++i_;
      }
    }
    return fail(
        graphql_invalid("line " + std::to_string(start_line) + ": a string that never ends"));
  }

  std::string_view text_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
};

// Brackets balance; the document starts with a type-system definition (after an optional
// description), and so does whatever follows a definition's closing brace at top level.
Status check_definitions(const std::vector<Token>& tokens) {
  static const std::set<std::string, std::less<>> keywords = {
      "schema", "scalar", "type", "interface", "union", "enum", "input", "directive", "extend"};
  std::vector<const Token*> open;
  bool expect_definition = true;
  bool defined = false;
  for (const Token& t : tokens) {
    if (open.empty() && expect_definition) {
      if (t.kind == Token::Kind::kString) continue;  // a description
      if (t.kind != Token::Kind::kName || keywords.count(t.text) == 0) {
        return fail(graphql_invalid("line " + std::to_string(t.line) +
                                    ": expected a type definition (type, schema, enum, input, "
                                    "interface, union, scalar, directive or extend)"));
      }
      expect_definition = false;
      defined = true;
      continue;
    }
    if (t.kind != Token::Kind::kPunctuator) continue;
    if (t.text == "{" || t.text == "(" || t.text == "[") {
      open.push_back(&t);
    } else if (t.text == "}" || t.text == ")" || t.text == "]") {
      const char want = t.text == "}" ? '{' : (t.text == ")" ? '(' : '[');
      if (open.empty() || open.back()->text[0] != want) {
        return fail(
            graphql_invalid("line " + std::to_string(t.line) + ": an unexpected '" + t.text + "'"));
      }
      open.pop_back();
      if (open.empty() && t.text == "}") expect_definition = true;
    }
  }
  if (!open.empty()) {
    return fail(graphql_invalid("line " + std::to_string(open.back()->line) + ": '" +
                                open.back()->text + "' is never closed"));
  }
  if (!defined) return fail(graphql_invalid("has no type definitions"));
  return ok();
}

bool is_introspection(const nlohmann::json& value) {
  if (!value.is_object()) return false;
  const auto has_schema = [](const nlohmann::json& object) {
    const auto it = object.find("__schema");
    return it != object.end() && it->is_object();
  };
  if (has_schema(value)) return true;
  const auto data = value.find("data");
  return data != value.end() && data->is_object() && has_schema(*data);
}

}  // namespace

Result<GraphqlSchema> parse_graphql_schema(std::string_view text) {
  if (text.size() > kMaxGraphqlBytes) {
    Error error = make_error(ErrorCode::kPayloadTooLarge, "graphql.too_large",
                             "the GraphQL schema is larger than 1 MiB");
    error.fields.push_back({"file", "must be at most 1 MiB (1048576 bytes)"});
    return fail(std::move(error));
  }
  if (!is_valid_utf8(text)) return fail(graphql_invalid("is not UTF-8 text"));
  const std::string_view body = trim(text);
  if (body.empty()) return fail(graphql_invalid("is empty"));
  if (body.front() == '{' || body.front() == '[') {
    const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) return fail(graphql_invalid("is not valid JSON"));
    if (!is_introspection(parsed)) {
      return fail(graphql_invalid("is JSON but not a GraphQL introspection result (no __schema)"));
    }
    return GraphqlSchema{std::string(text), "application/json"};
  }
  ATRIUM_ASSIGN_OR_RETURN(auto tokens, Lexer(text).run());
  ATRIUM_TRY(check_definitions(tokens));
  return GraphqlSchema{std::string(text), "application/graphql"};
}

}  // namespace atrium
