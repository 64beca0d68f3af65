#include "mail/curl_smtp_sender.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "mail/mime_message.hpp"

namespace atrium::mail {

namespace {

// curl_global_init is not thread-safe and must run before any other curl call.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// What the conversation reached, from curl's debug stream: the verb of the last command sent
// and the server's last reply line. Only known verbs are kept, so the base64 lines of AUTH
// LOGIN (the credentials) are never stored.
struct Transcript {
  std::string last_command;
  std::string last_reply;
  bool server_spoke = false;
  bool quitting = false;  // replies to QUIT or RSET are not the news
};

int watch_conversation(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto* transcript = static_cast<Transcript*>(user);
  const std::string_view line(data, size);
  if (type == CURLINFO_HEADER_OUT) {
    static constexpr std::array<std::string_view, 7> kVerbs = {"EHLO", "HELO", "STARTTLS", "AUTH",
                                                               "MAIL", "RCPT", "DATA"};
    const std::string_view verb = line.substr(0, line.find_first_of(" \r\n"));
    if (std::find(kVerbs.begin(), kVerbs.end(), verb) != kVerbs.end()) {
      transcript->last_command = std::string(verb);
    } else if (verb == "QUIT" || verb == "RSET") {
      // curl sends these after a refusal; the refused command and its reply are the news.
      transcript->quitting = true;
    }
  } else if (type == CURLINFO_HEADER_IN && !transcript->quitting) {
    transcript->server_spoke = true;
    std::string reply;
    for (char c : line.substr(0, 200)) {
      if (c == '\r' || c == '\n') break;
      reply.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
    transcript->last_reply = std::move(reply);
  }
  return 0;
}

bool is_tls_error(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      return true;
    default:
      return false;
  }
}

std::string remove_secret(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

// Host names, IPv4 and IPv6 literals: nothing that could change the URL's meaning.
bool is_host(std::string_view host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '_';
  });
}

std::string server_url(const SmtpSettings& smtp) {
  const bool ipv6 = smtp.host.find(':') != std::string::npos;
  return std::string(smtp.tls == SmtpTls::kTls ? "smtps://" : "smtp://") +
         (ipv6 ? "[" + smtp.host + "]" : smtp.host) + ":" + std::to_string(smtp.port);
}

Error failure(const SmtpSettings& smtp, CURLcode code, const char* curl_message, long reply_code,
              const Transcript& transcript) {
  std::string id = "smtp.send_failed";
  std::string what = "sending failed";
  if (code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT ||
      (code == CURLE_OPERATION_TIMEDOUT && !transcript.server_spoke)) {
    id = "smtp.connect_failed";
    what = "cannot connect to the SMTP server";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    id = "smtp.timeout";
    what = "the SMTP server did not answer in time";
  } else if (is_tls_error(code)) {
    id = "smtp.tls_failed";
    what = code == CURLE_USE_SSL_FAILED ? "the SMTP server does not offer STARTTLS"
                                        : "TLS with the SMTP server failed";
  } else if (code == CURLE_LOGIN_DENIED || transcript.last_command == "AUTH" ||
             transcript.last_reply.starts_with("530")) {
    // 530 answers MAIL FROM when the server wants AUTH first (or TLS: its text says which).
    id = "smtp.auth_failed";
    what = code == CURLE_LOGIN_DENIED || transcript.last_command == "AUTH"
               ? "the SMTP server refused the user name or password"
               : "the SMTP server requires authentication";
  } else if (transcript.last_command == "MAIL") {
    id = "smtp.sender_refused";
    what = "the SMTP server refused the sender address";
  } else if (transcript.last_command == "RCPT") {
    id = "smtp.recipient_refused";
    what = "the SMTP server refused the recipient";
  } else if (transcript.last_command == "DATA") {
    what = "the SMTP server refused the message";
  }
  std::string message = what + " (" + smtp.host + ":" + std::to_string(smtp.port) +
                        "): " + (curl_message[0] != '\0' ? curl_message : curl_easy_strerror(code));
  // A refusal comes with a reply code (and text) worth showing; earlier replies are not news.
  if (transcript.last_reply.starts_with('4') || transcript.last_reply.starts_with('5')) {
    message += " (SMTP reply: " + transcript.last_reply + ")";
  } else if (reply_code >= 400) {
    message += " (SMTP reply code " + std::to_string(reply_code) + ")";
  }
  message = remove_secret(std::move(message), smtp.password);
  std::string detail = "curl error " + std::to_string(static_cast<int>(code)) + " (" +
                       curl_easy_strerror(code) + "), last command " +
                       (transcript.last_command.empty() ? "none" : transcript.last_command);
  return unavailable(std::move(id), std::move(message), std::move(detail));
}

template <typename T>
void set(CURL* curl, CURLoption option, T value) {
  // Every option we set is valid for this libcurl (7.88); a failure is a build problem.
  curl_easy_setopt(curl, option, value);
}

}  // namespace

CurlSmtpSender::CurlSmtpSender(const Clock& clock, Random& random)
    : clock_(clock), random_(random) {
  init_curl_once();
}

Status CurlSmtpSender::send(const SmtpSettings& smtp, const OutgoingEmail& email) {
  if (!smtp.configured()) {
    return fail(invalid_argument("smtp.not_configured", "no SMTP server is configured"));
  }
  if (!is_host(smtp.host) || smtp.port < 1 || smtp.port > 65535) {
    return fail(invalid_argument("smtp.server_invalid", "the SMTP host or port is not valid"));
  }
  ATRIUM_ASSIGN_OR_RETURN(
      auto message,
      build_mime_message(email, MimeEnvelope{clock_.now(), random_message_id(random_, email.from),
                                             random_boundary(random_)}));

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
  if (!handle) return fail(unavailable("smtp.send_failed", "cannot start an SMTP client"));
  CURL* curl = handle.get();
  const std::string url = server_url(smtp);
  set(curl, CURLOPT_URL, url.c_str());
  set(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set(curl, CURLOPT_NOSIGNAL, 1L);  // signals are process-wide; the server is multi-threaded
  if (smtp.tls == SmtpTls::kStartTls) set(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  set(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  set(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  set(curl, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (!smtp.ca_file.empty()) set(curl, CURLOPT_CAINFO, smtp.ca_file.c_str());
  if (!smtp.username.empty()) {
    set(curl, CURLOPT_USERNAME, smtp.username.c_str());
    set(curl, CURLOPT_PASSWORD, smtp.password.c_str());
  }
  const long timeout_ms = static_cast<long>(std::max<std::chrono::milliseconds::rep>(
      std::chrono::duration_cast<std::chrono::milliseconds>(smtp.timeout).count(), 1000));
  set(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  set(curl, CURLOPT_TIMEOUT_MS, timeout_ms);

  const std::string mail_from = "<" + email.from + ">";
  set(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  const std::string rcpt_to = "<" + email.to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, rcpt_to.c_str()), &curl_slist_free_all);
  if (!recipients) return fail(unavailable("smtp.send_failed", "cannot start an SMTP client"));
  set(curl, CURLOPT_MAIL_RCPT, recipients.get());

  Upload upload{message};
  set(curl, CURLOPT_UPLOAD, 1L);
  set(curl, CURLOPT_READFUNCTION, &read_message);
  set(curl, CURLOPT_READDATA, &upload);
  set(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

  Transcript transcript;
  set(curl, CURLOPT_DEBUGFUNCTION, &watch_conversation);
  set(curl, CURLOPT_DEBUGDATA, &transcript);
  set(curl, CURLOPT_VERBOSE, 1L);  // needed for the debug function; it prints nothing itself
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  set(curl, CURLOPT_ERRORBUFFER, error_buffer.data());

  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) return ok();
  long reply_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
  return fail(failure(smtp, code, error_buffer.data(), reply_code, transcript));
}

}  // namespace atrium::mail
