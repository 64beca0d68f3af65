// TemplateEmailComposer: every kind renders with its values, escaping only in HTML, theme
// overrides file by file, and broken overrides stop construction naming the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mail/email_templates.hpp"
#include "support/temp_dir.hpp"

namespace atrium::mail {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::ThrowsMessage;

// The values each kind documents in domain/mail/email.hpp, besides the common ones.
std::vector<std::string> own_values(EmailKind kind) {
  switch (kind) {
    case EmailKind::kInvitation:
      return {"link", "inviter"};
    case EmailKind::kRegistrationConfirm:
    case EmailKind::kPasswordReset:
      return {"link"};
    case EmailKind::kAlreadyRegistered:
      return {"login_link", "reset_link"};
    case EmailKind::kAwaitingApproval:
      return {"user_email", "user_name", "link"};
    case EmailKind::kRegistrationApproved:
    case EmailKind::kAccountActivated:
      return {"login_link"};
    case EmailKind::kAccessRequested:
      return {"app_name", "products", "plan", "user_email", "link"};
    case EmailKind::kAccessApproved:
      return {"app_name", "products", "plan", "link"};
    case EmailKind::kAccessRejected:
      return {"app_name", "products", "plan", "link", "reason"};
    case EmailKind::kRegistrationRejected:
    case EmailKind::kAccountDeactivated:
    case EmailKind::kTest:
      return {};
  }
  return {};
}

EmailValues values_for(EmailKind kind) {
  EmailValues values = {{"portal_name", "Acme Developer Portal"},
                        {"portal_url", "https://portal.acme.example"},
                        {"first", "Ada"},
                        {"last", "Lovelace"},
                        {"email", "ada@example.org"}};
  for (const auto& name : own_values(kind)) {
    if (name.ends_with("link")) {
      values[name] = "https://portal.acme.example/" + name + "/tok3n";
    } else if (name == "user_email") {
      values[name] = "grace@example.org";
    } else {
      values[name] = "Grace Hopper";
    }
  }
  return values;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(MailTemplates, EveryKindRendersWithItsValues) {
  const TemplateEmailComposer composer;
  for (EmailKind kind : kEmailKinds) {
    SCOPED_TRACE(std::string(to_string(kind)));
    const EmailValues values = values_for(kind);
    const auto email = composer.compose(kind, values);
    ASSERT_TRUE(email) << email.error().message;
    EXPECT_FALSE(email->subject.empty());
    EXPECT_EQ(email->subject.find_first_of("\r\n"), std::string::npos);
    EXPECT_EQ(email->subject.find("{{"), std::string::npos);
    EXPECT_NE(email->text.find("Hello Ada,"), std::string::npos) << email->text;
    EXPECT_NE(email->html.find("Hello Ada,"), std::string::npos) << email->html;
    EXPECT_TRUE(email->html.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(email->html.find("Acme Developer Portal"), std::string::npos);
    EXPECT_NE(email->text.find("Acme Developer Portal"), std::string::npos);
    // Every value of the kind, links included, appears in both parts.
    for (const auto& name : own_values(kind)) {
      EXPECT_NE(email->text.find(values.at(name)), std::string::npos) << name << "\n"
                                                                      << email->text;
      EXPECT_NE(email->html.find(values.at(name)), std::string::npos) << name << "\n"
                                                                      << email->html;
    }
    for (const auto& name : own_values(kind)) {
      if (name.ends_with("link")) {
        EXPECT_NE(email->html.find("href=\"" + values.at(name) + "\""), std::string::npos) << name;
      }
    }
  }
}

TEST(MailTemplates, SubjectsNameWhatHappened) {
  const TemplateEmailComposer composer;
  const auto subject = [&](EmailKind kind) {
    return composer.compose(kind, values_for(kind)).value().subject;
  };
  EXPECT_EQ(subject(EmailKind::kInvitation), "Grace Hopper invited you to Acme Developer Portal");
  EXPECT_EQ(subject(EmailKind::kPasswordReset), "Reset your Acme Developer Portal password");
  EXPECT_EQ(subject(EmailKind::kAwaitingApproval),
            "New registration awaiting approval: grace@example.org");
  EXPECT_EQ(subject(EmailKind::kTest), "Test email from Acme Developer Portal");
}

TEST(MailTemplates, OptionalValuesMayBeEmptyOrAbsent) {
  const TemplateEmailComposer composer;
  EmailValues values = values_for(EmailKind::kInvitation);
  values.erase("inviter");
  values["first"] = "";
  const auto email = composer.compose(EmailKind::kInvitation, values);
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject, "You are invited to Acme Developer Portal");
  EXPECT_NE(email->text.find("Hello,\n"), std::string::npos) << email->text;
  EXPECT_NE(email->text.find("You have been invited"), std::string::npos);
  EXPECT_NE(email->html.find("You have been invited"), std::string::npos);
}

TEST(MailTemplates, HtmlPartEscapesValuesTextAndSubjectDoNot) {
  const TemplateEmailComposer composer;
  EmailValues values = values_for(EmailKind::kInvitation);
  values["first"] = "<b>&\"";
  values["inviter"] = "Tom & <Jerry>";
  values["link"] = "https://portal.acme.example/invite?token=a&next=/x";
  const auto email = composer.compose(EmailKind::kInvitation, values);
  ASSERT_TRUE(email);
  EXPECT_NE(email->html.find("Hello &lt;b&gt;&amp;&quot;,"), std::string::npos) << email->html;
  EXPECT_EQ(email->html.find("<b>&\""), std::string::npos);
  EXPECT_NE(email->html.find("href=\"https://portal.acme.example/invite?token=a&amp;next=/x\""),
            std::string::npos);
  EXPECT_NE(email->text.find("Hello <b>&\","), std::string::npos) << email->text;
  EXPECT_NE(email->text.find("https://portal.acme.example/invite?token=a&next=/x"),
            std::string::npos);
  EXPECT_EQ(email->text.find("&amp;"), std::string::npos);
  EXPECT_EQ(email->subject, "Tom & <Jerry> invited you to Acme Developer Portal");
}

TEST(MailTemplates, SubjectIsOneLineWhateverTheValues) {
  const TemplateEmailComposer composer;
  EmailValues values = values_for(EmailKind::kInvitation);
  values["inviter"] = "Eve\r\nBcc: victim@example.com\t ";
  const auto email = composer.compose(EmailKind::kInvitation, values);
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject, "Eve Bcc: victim@example.com invited you to Acme Developer Portal");
}

TEST(MailTemplates, MissingValuesAreAnError) {
  const TemplateEmailComposer composer;
  EmailValues values = values_for(EmailKind::kAlreadyRegistered);
  values.erase("reset_link");
  values.erase("portal_url");
  const auto email = composer.compose(EmailKind::kAlreadyRegistered, values);
  ASSERT_FALSE(email);
  EXPECT_EQ(email.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(email.error().id, "email.values_missing");
  EXPECT_NE(email.error().message.find("reset_link"), std::string::npos);
  EXPECT_NE(email.error().message.find("portal_url"), std::string::npos);
}

TEST(MailTemplates, ThemeOverrideWinsFileByFile) {
  testing::TempDir theme;
  write(theme.path() / "email" / "invitation.subject.mustache", "Join {{portal_name}} now\n");
  write(theme.path() / "email" / "layout.html.mustache",
        "<html><body class=\"branded\">{{{content}}}</body></html>");
  write(theme.path() / "email" / "notes.txt", "not a template: ignored");
  const TemplateEmailComposer composer(theme.path());
  EXPECT_EQ(composer.overridden(), (std::vector<std::string>{"invitation.subject", "layout.html"}));
  const auto email = composer.compose(EmailKind::kInvitation, values_for(EmailKind::kInvitation));
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject, "Join Acme Developer Portal now");
  EXPECT_NE(email->text.find("Choose a password"), std::string::npos);  // built-in text
  EXPECT_TRUE(email->html.starts_with("<html><body class=\"branded\"><p>Hello Ada,</p>"))
      << email->html;
}

TEST(MailTemplates, ThemeWithoutEmailFolderChangesNothing) {
  testing::TempDir theme;
  const TemplateEmailComposer composer(theme.path());
  EXPECT_TRUE(composer.overridden().empty());
  const auto missing = theme.path() / "missing";
  EXPECT_THAT([&] { TemplateEmailComposer broken(missing); },
              ThrowsMessage<std::runtime_error>("theme directory " + missing.string() +
                                                " does not exist or is not a directory"));
}

TEST(MailTemplates, BrokenOverridesStopConstructionNamingTheFile) {
  const struct {
    std::string file;
    std::string text;
    std::string problem;
  } cases[] = {
      {"password_reset.txt.mustache", "{{#link}}unclosed", ""},
      {"password_reset.html.mustache", "<a href=\"{{{link}}}\">x</a>", "unescaped variable 'link'"},
      {"password_reset.html.mustache", "<a href=\"{{& link}}\">x</a>", "unescaped variable 'link'"},
      {"password_reset.txt.mustache", "{{> link}}", "partials"},
      {"password_reset.txt.mustache", "{{=<% %>=}}", "delimiters"},
      {"password_reset.txt.mustache", "bad \xFF byte", "UTF-8"},
      {"layout.html.mustache", "<html>{{content}}</html>", "{{{content}}}"},
      {"pasword_reset.txt.mustache", "typo in the name", "no such email template"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file + ": " + c.text);
    testing::TempDir theme;
    const auto path = theme.path() / "email" / c.file;
    write(path, c.text);
    EXPECT_THAT([&] { TemplateEmailComposer broken(theme.path()); },
                ThrowsMessage<std::runtime_error>(
                    AllOf(StartsWith("template " + path.string() + ": "), HasSubstr(c.problem))));
  }
}

TEST(MailTemplates, TextTemplatesMayUseUnescapedTags) {
  testing::TempDir theme;
  write(theme.path() / "email" / "test.txt.mustache", "raw {{{portal_name}}} {{& portal_url}}");
  const TemplateEmailComposer composer(theme.path());
  const auto email = composer.compose(EmailKind::kTest, values_for(EmailKind::kTest));
  ASSERT_TRUE(email);
  EXPECT_EQ(email->text, "raw Acme Developer Portal https://portal.acme.example");
}

TEST(MailTemplates, ComposeIsSafeFromManyThreads) {
  const TemplateEmailComposer composer;
  const auto expected =
      composer.compose(EmailKind::kInvitation, values_for(EmailKind::kInvitation));
  ASSERT_TRUE(expected);
  std::vector<std::thread> threads;
  std::vector<char> same(4, 0);
  for (std::size_t t = 0; t < same.size(); ++t) {
    threads.emplace_back([&, t] {
      bool all = true;
      for (int i = 0; i < 50; ++i) {
        const auto email =
            composer.compose(EmailKind::kInvitation, values_for(EmailKind::kInvitation));
        all = all && email && email->html == expected->html && email->text == expected->text;
      }
      same[t] = all ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  for (char s : same) EXPECT_EQ(s, 1);
}

}  // namespace
}  // namespace atrium::mail
