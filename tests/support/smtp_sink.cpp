#include "support/smtp_sink.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "core/encoding.hpp"
#include "support/child_process.hpp"

namespace atrium::testing {

namespace {

// Debian's interpreter: it has python3-aiosmtpd, which a python3 earlier on PATH may lack.
constexpr const char* kPython = "/usr/bin/python3";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::optional<std::string> optional_string(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return std::nullopt;
}

ReceivedEmail parse_received(const std::filesystem::path& json_file) {
  const auto record = nlohmann::json::parse(read_file(json_file));
  ReceivedEmail email;
  std::filesystem::path eml = json_file;
  email.raw = read_file(eml.replace_extension(".eml"));
  email.mail_from = record.at("mail_from").get<std::string>();
  email.rcpt_to = record.at("rcpt_to").get<std::vector<std::string>>();
  email.tls = record.at("tls").get<bool>();
  email.auth_user = record.at("auth_user").get<std::string>();
  for (const auto& header : record.at("headers")) {
    email.headers.emplace_back(header.at(0).get<std::string>(), header.at(1).get<std::string>());
  }
  email.subject = record.at("subject").get<std::string>();
  email.content_type = record.at("content_type").get<std::string>();
  email.text = optional_string(record.at("text"));
  email.html = optional_string(record.at("html"));
  email.defects = record.at("defects").get<std::vector<std::string>>();
  return email;
}

}  // namespace

std::optional<std::string> ReceivedEmail::header(std::string_view name) const {
  const std::string key = ascii_lower(name);
  for (const auto& [header_name, value] : headers) {
    if (ascii_lower(header_name) == key) return value;
  }
  return std::nullopt;
}

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) { spawn(0); }

SmtpSink::~SmtpSink() { stop(); }

SmtpSettings SmtpSink::settings() const {
  SmtpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = port_;
  settings.tls = options_.tls;
  settings.username = options_.auth_user;
  settings.password = options_.auth_password;
  settings.ca_file = options_.cert_file;
  settings.timeout = std::chrono::seconds(10);
  return settings;
}

void SmtpSink::spawn(int port) {
  std::vector<std::string> args = {kPython,     ATRIUM_SMTP_SERVER_SCRIPT,
                                   "--maildir", dir_.file("maildir"),
                                   "--port",    std::to_string(port)};
  if (!options_.auth_user.empty()) {
    args.insert(args.end(), {"--auth", options_.auth_user + ":" + options_.auth_password});
  }
  if (options_.tls == SmtpTls::kStartTls) {
    args.insert(args.end(), {"--starttls", options_.cert_file, options_.key_file});
  } else if (options_.tls == SmtpTls::kTls) {
    args.insert(args.end(), {"--tls", options_.cert_file, options_.key_file});
  }
  for (const auto& address : options_.fail_rcpt) args.insert(args.end(), {"--fail-rcpt", address});

  // Close-on-exec everywhere, so that no other child inherits the pipe to the server's stdin
  // (that would keep the server alive after stop()).
  int in_pipe[2];
  int out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    throw std::runtime_error("pipe failed");
  }
  const pid_t pid = spawn_process(args, in_pipe[0], out_pipe[1]);
  close(in_pipe[0]);
  close(out_pipe[1]);
  const std::string line = read_first_line(out_pipe[0], std::chrono::seconds(15));
  close(out_pipe[0]);
  int chosen = 0;
  try {
    chosen = std::stoi(line);
  } catch (const std::exception&) {
  }
  if (chosen <= 0) {
    close(in_pipe[1]);
    kill(pid, SIGTERM);
    reap(pid);
    throw std::runtime_error("the SMTP test server did not start (printed '" + line + "')");
  }
  pid_ = pid;
  stdin_fd_ = in_pipe[1];
  port_ = chosen;
}

void SmtpSink::stop() {
  if (pid_ <= 0) return;
  close(stdin_fd_);
  kill(pid_, SIGTERM);
  reap(pid_);
  pid_ = -1;
  stdin_fd_ = -1;
}

void SmtpSink::start() {
  if (pid_ > 0) return;
  spawn(port_);
}

std::vector<ReceivedEmail> SmtpSink::messages() const {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "maildir", ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // names start with the arrival time
  std::vector<ReceivedEmail> emails;
  for (const auto& file : files) emails.push_back(parse_received(file));
  return emails;
}

std::vector<ReceivedEmail> SmtpSink::wait_for_messages(std::size_t count,
                                                       std::chrono::milliseconds timeout) const {
  return wait_for_messages_to({}, count, timeout);
}

std::vector<ReceivedEmail> SmtpSink::wait_for_messages_to(const std::string& to, std::size_t count,
                                                          std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto emails = messages();
    if (!to.empty()) {  // empty: every message
      std::erase_if(emails, [&to](const ReceivedEmail& m) {
        return std::find(m.rcpt_to.begin(), m.rcpt_to.end(), to) == m.rcpt_to.end();
      });
    }
    if (emails.size() >= count || std::chrono::steady_clock::now() >= deadline) return emails;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string extract_link(std::string_view text, std::string_view prefix) {
  const auto start = text.find(prefix);
  if (start == std::string_view::npos) return {};
  auto end = text.find_first_of(" \t\r\n\"'<>", start);
  if (end == std::string_view::npos) end = text.size();
  std::string_view link = text.substr(start, end - start);
  while (!link.empty() && std::string_view(".,;:!?)").find(link.back()) != std::string_view::npos) {
    link.remove_suffix(1);
  }
  return std::string(link);
}

TestCertificate make_test_certificate(const std::filesystem::path& dir) {
  TestCertificate certificate{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  const int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  const pid_t pid =
      spawn_process({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                     "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                     "-days", "2", "-keyout", certificate.key_file, "-out", certificate.cert_file},
                    devnull, devnull, devnull);
  close(devnull);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("openssl could not make a test certificate");
  }
  return certificate;
}

}  // namespace atrium::testing
