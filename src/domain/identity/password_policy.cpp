#include "domain/identity/password_policy.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "core/encoding.hpp"

namespace atrium {

// The embedded list (resources/common-passwords.txt), generated at build time.
std::string_view common_passwords_text();

namespace {

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    std::string_view text = common_passwords_text();
    while (!text.empty()) {
      const auto end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      out.insert(ascii_lower(line));
    }
    return out;
  }();
  return set;
}

// Context words shorter than this ("uk", "jo") would match inside too many strong passwords.
constexpr std::size_t kMinContextWord = 3;

// Appends `word` (lower-cased) and, when it has several, its pieces split at `separators`.
void add_word(std::vector<std::string>& words, std::string_view word, std::string_view separators) {
  const auto add = [&words](std::string_view w) {
    std::string lower = ascii_lower(trim(w));
    if (lower.size() < kMinContextWord) return;
    if (std::find(words.begin(), words.end(), lower) == words.end()) {
      words.push_back(std::move(lower));
    }
  };
  add(word);
  while (!word.empty()) {
    const auto end = word.find_first_of(separators);
    add(word.substr(0, end));
    word = end == std::string_view::npos ? std::string_view() : word.substr(end + 1);
  }
}

}  // namespace

bool is_common_password(std::string_view password) {
  return common_passwords().contains(ascii_lower(password));
}

Status check_password(std::string_view password, std::string_view email, std::string_view field) {
  const std::string name(field);
  if (!is_valid_utf8(password)) return fail(field_error(name, "must be valid UTF-8"));
  const std::size_t length = utf8_length(password);
  if (length < kPasswordMinLength) {
    return fail(field_error(name, "must be at least 8 characters long"));
  }
  if (length > kPasswordMaxLength) {
    return fail(field_error(name, "must be at most 128 characters long"));
  }
  if (is_common_password(password)) {
    return fail(field_error(name, "is too common; choose one that is harder to guess"));
  }
  const auto at = email.find('@');
  const std::string local = ascii_lower(trim(email.substr(0, at)));
  if (local.size() >= 3 && ascii_lower(password).find(local) != std::string::npos) {
    return fail(field_error(name, "must not contain your email address"));
  }
  return ok();
}

std::vector<std::string> PasswordRules::context_words(const PasswordOwner& owner) const {
  const auto at = owner.email.find('@');
  const std::string_view local = owner.email.substr(0, at);
  const std::string_view domain =
      at == std::string_view::npos ? std::string_view() : owner.email.substr(at + 1);
  std::vector<std::string> words;
  add_word(words, local, "._-+");
  add_word(words, owner.first, " -'");
  add_word(words, owner.last, " -'");
  add_word(words, owner.email, "");
  add_word(words, domain, ".");
  add_word(words, site_name_, " -");
  return words;
}

Status PasswordRules::check(std::string_view password, const PasswordOwner& owner,
                            std::string_view field) const {
  ATRIUM_TRY(check_password(password, owner.email, field));
  if (min_strength_ <= 0 || strength_ == nullptr) return ok();
  const std::vector<std::string> context = context_words(owner);
  if (strength_->score(password, context) >= min_strength_) return ok();
  return fail(field_error(std::string(field),
                          "is too easy to guess; a few unrelated words make a strong password, "
                          "without your name, email or the portal's name"));
}

}  // namespace atrium
