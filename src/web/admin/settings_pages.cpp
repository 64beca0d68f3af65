// The Admin Portal's settings (DESIGN §3, §4): registration, approval, consumer-admin
// invitations, link lifetimes and email, and "Send test email", through SettingsService as
// /portal-api/settings. The stored SMTP password is never shown or put back into the form.
#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/field_errors.hpp"
#include "web/admin/admin_frame.hpp"
#include "web/admin/admin_pages.hpp"
#include "web/common/html.hpp"
#include "web/common/page_support.hpp"
#include "web/common/view_helpers.hpp"

namespace atrium::web {

namespace {

constexpr std::string_view kSettingsPath = "/admin/settings";

struct Ctx {
  const AuthPages& pages;
  SettingsService& settings;
};

bool fixed(const SettingsView& v, std::string_view field) {
  return std::find(v.from_environment.begin(), v.from_environment.end(), field) !=
         v.from_environment.end();
}

struct FieldSpec {
  std::string_view name;  // the API's field name, the form's too
  std::string_view label;
  std::string_view hint;
  std::string_view type;  // "number", "text", "email"
};

constexpr auto kLifetimeFields = std::to_array<FieldSpec>({
    {"InvitationLifetimeHours", "Invitation links (hours)", "1 to 720; 168 is a week.", "number"},
    {"ConfirmationLifetimeHours", "Email confirmation links (hours)", "1 to 720.", "number"},
    {"PasswordResetLifetimeMinutes", "Password reset links (minutes)", "5 to 1440.", "number"},
});
// The relay (then its encryption), its sign-in (then the password), the addresses.
constexpr auto kRelayFields = std::to_array<FieldSpec>({
    {"EmailSMTPHost", "SMTP host", "For example smtp.example.com. Empty: no relay.", "text"},
    {"EmailSMTPPort", "SMTP port", "25, 587 (STARTTLS) or 465 (TLS).", "number"},
});
constexpr auto kSignInFields = std::to_array<FieldSpec>({
    {"EmailSMTPUser", "SMTP user name", "Empty: the relay is used without signing in.", "text"},
});
constexpr auto kAddressFields = std::to_array<FieldSpec>({
    {"EmailDefaultFrom", "From address", "The sender of every email.", "email"},
    {"EmailAdmin", "Admin address",
     "Where notices for API Owners go (new registrations). Empty: every active API Owner.",
     "email"},
});

// The summary's names of the fields (the labels beside them).
constexpr auto kLabels = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"InvitationLifetimeHours", "Invitation links (hours)"},
    {"ConfirmationLifetimeHours", "Email confirmation links (hours)"},
    {"PasswordResetLifetimeMinutes", "Password reset links (minutes)"},
    {"EmailSMTPHost", "SMTP host"},
    {"EmailSMTPPort", "SMTP port"},
    {"EmailSMTPUser", "SMTP user name"},
    {"EmailDefaultFrom", "From address"},
    {"EmailAdmin", "Admin address"},
    {"EmailSMTPTLS", "Encryption"},
    {"EmailSMTPPass", "SMTP password"},
    {"To", "Send it to"},
});

// The stored value of a field, as text.
std::string stored_value(const PortalSettings& s, std::string_view name) {
  if (name == "InvitationLifetimeHours") return std::to_string(s.invitation_lifetime_hours);
  if (name == "ConfirmationLifetimeHours") return std::to_string(s.confirmation_lifetime_hours);
  if (name == "PasswordResetLifetimeMinutes") return std::to_string(s.reset_lifetime_minutes);
  if (name == "EmailSMTPHost") return s.smtp.host;
  if (name == "EmailSMTPPort") return std::to_string(s.smtp.port);
  if (name == "EmailSMTPUser") return s.smtp.username;
  if (name == "EmailDefaultFrom") return s.email_from;
  if (name == "EmailAdmin") return s.email_admin;
  return std::string(to_string(s.smtp.tls));  // EmailSMTPTLS
}

// The fields for the `settings_field` partial: the value (what was typed, after a refusal), the
// error `view` holds for it, and whether the configuration fixes it (shown disabled, not sent).
template <std::size_t N>
nlohmann::json fields_view(const std::array<FieldSpec, N>& specs, const SettingsView& v,
                           const Form* form, const nlohmann::json& view) {
  nlohmann::json out = nlohmann::json::array();
  for (const FieldSpec& f : specs) {
    const bool from_config = fixed(v, f.name);
    const std::string error_key = std::string(f.name) + "_error";
    out.push_back({{"name", f.name},
                   {"label", f.label},
                   {"hint", f.hint},
                   {"type", f.type},
                   {"value", form && !from_config ? form_value(*form, f.name)
                                                  : stored_value(v.settings, f.name)},
                   {"fixed", from_config},
                   {"error", view.value(error_key, nlohmann::json(false))}});
  }
  return out;
}

// The page's `s`: the three flags, the fields, the TLS choice and whether a password is stored
// (never the password).
nlohmann::json settings_view(const SettingsView& v, const Form* form, const nlohmann::json& view) {
  const PortalSettings& s = v.settings;
  auto flag = [&](std::string_view name, bool stored) {
    return form ? form_value(*form, name) == "on" : stored;
  };
  const bool tls_fixed = fixed(v, "EmailSMTPTLS");
  const std::string tls =
      form && !tls_fixed ? form_value(*form, "EmailSMTPTLS") : stored_value(s, "EmailSMTPTLS");
  nlohmann::json tls_options = nlohmann::json::array();
  for (const auto& [value, label] :
       {std::pair{"none", "None (plain SMTP)"}, std::pair{"starttls", "STARTTLS"},
        std::pair{"tls", "TLS (smtps)"}}) {
    tls_options.push_back({{"value", value}, {"label", label}, {"selected", tls == value}});
  }
  return {{"RegistrationAllow", flag("RegistrationAllow", s.registration_allow)},
          {"RegistrationAutoApprove", flag("RegistrationAutoApprove", s.registration_auto_approve)},
          {"ConsumerAdminInvitesAllow",
           flag("ConsumerAdminInvitesAllow", s.consumer_admin_invites_allow)},
          {"lifetime_fields", fields_view(kLifetimeFields, v, form, view)},
          {"relay_fields", fields_view(kRelayFields, v, form, view)},
          {"sign_in_fields", fields_view(kSignInFields, v, form, view)},
          {"address_fields", fields_view(kAddressFields, v, form, view)},
          {"tls_options", tls_options},
          {"tls_fixed", tls_fixed},
          {"password_set", v.smtp_password_set},
          {"password_fixed", fixed(v, "EmailSMTPPass")},
          {"can_send", s.can_send()}};
}

// The page; `form` refills the settings form after a refusal, `to` the test email's address.
http::Response settings_page(const Ctx& c, http::Request& request, const ActiveSession& session,
                             int status, const Form* form, const std::string& to,
                             const Error* error) {
  auto current = c.settings.get(actor_of(session, request));
  if (!current) return error_page(c.pages, request, current.error(), &session);
  nlohmann::json view = admin_view(c.pages, session, "Settings", "settings");
  if (error != nullptr) add_error_to_form(view, *error, kLabels);
  view["s"] = settings_view(*current, form, view);
  view["To_value"] = to;
  return html_page(status, c.pages.renderer.render("admin_settings", view));
}

http::Response show_settings(const Ctx& c, http::Request& request, const ActiveSession& session) {
  return settings_page(c, request, session, 200, nullptr, session.user.email, nullptr);
}

bool has_field(const Form& form, std::string_view name) {
  return std::any_of(form.begin(), form.end(), [&](const auto& f) { return f.first == name; });
}

// A text field: absent (a field the environment fixes is shown disabled, so not sent) stays as it
// is.
std::optional<std::string> read_text(const Form& form, std::string_view name) {
  return has_field(form, name) ? std::optional<std::string>(form_value(form, name)) : std::nullopt;
}

// A number field: absent stays as it is; not a whole number is the field's error.
std::optional<long long> read_number(const Form& form, std::string_view name, FieldErrors& errors) {
  if (!has_field(form, name)) return std::nullopt;
  const std::string text = form_value(form, name);
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return value;
  errors.add(std::string(name), "must be a whole number");
  return std::nullopt;
}

// What the form asks for. Unticked boxes are false; the password only when one was typed (or
// "remove" ticked). A crafted form naming a field the environment fixes is the service's 400.
Result<SettingsInput> settings_input(const Form& form) {
  SettingsInput in;
  FieldErrors errors;
  in.registration_allow = form_value(form, "RegistrationAllow") == "on";
  in.registration_auto_approve = form_value(form, "RegistrationAutoApprove") == "on";
  in.consumer_admin_invites_allow = form_value(form, "ConsumerAdminInvitesAllow") == "on";
  in.invitation_lifetime_hours = read_number(form, "InvitationLifetimeHours", errors);
  in.confirmation_lifetime_hours = read_number(form, "ConfirmationLifetimeHours", errors);
  in.reset_lifetime_minutes = read_number(form, "PasswordResetLifetimeMinutes", errors);
  in.smtp_host = read_text(form, "EmailSMTPHost");
  in.smtp_port = read_number(form, "EmailSMTPPort", errors);
  in.smtp_tls = read_text(form, "EmailSMTPTLS");
  in.smtp_user = read_text(form, "EmailSMTPUser");
  in.email_from = read_text(form, "EmailDefaultFrom");
  in.email_admin = read_text(form, "EmailAdmin");
  if (!form_value(form, "EmailSMTPPass").empty()) {
    in.smtp_password = form_value(form, "EmailSMTPPass");
  } else if (form_value(form, "EmailSMTPPassClear") == "on") {
    in.smtp_password = std::string();
  }
  ATRIUM_TRY(errors.finish("settings.invalid"));
  return in;
}

http::Response save_settings(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  auto input = settings_input(form);
  auto saved = input ? c.settings.update(actor_of(session, request), *input)
                     : Result<SettingsView>(fail(input.error()));
  if (!saved) {
    return form_refused(c.pages, request, session, saved.error(), [&](int status, auto* e) {
      return settings_page(c, request, session, status, &form, session.user.email, e);
    });
  }
  return redirect_with_flash(c.pages, session, std::string(kSettingsPath), "Settings saved.");
}

// Sends the test message now and says what happened: sent, not sent for want of a relay, or the
// relay's error (its id and message; never the credentials).
http::Response send_test(const Ctx& c, http::Request& request, const ActiveSession& session) {
  const Form form = http::parse_query(request.body);
  const std::string to = form_value(form, "To");
  auto result = c.settings.send_test(actor_of(session, request),
                                     to.empty() ? std::nullopt : std::optional<std::string>(to));
  if (!result) {
    return form_refused(c.pages, request, session, result.error(), [&](int status, auto* e) {
      return settings_page(c, request, session, status, nullptr, to, e);
    });
  }
  const std::string path(kSettingsPath);
  if (result->sent) {
    return redirect_with_flash(c.pages, session, path,
                               "A test email was sent to " + result->recipient + ".");
  }
  if (result->error_id == "smtp.not_configured") {
    return redirect_with_flash(c.pages, session, path,
                               "No test email was sent: no mail relay is configured (an SMTP "
                               "host and a From address). Until one is, emails wait in the "
                               "outbox.",
                               "info");
  }
  return redirect_with_flash(c.pages, session, path,
                             "The test email to " + result->recipient + " could not be sent: " +
                                 result->error + " (" + result->error_id + ").",
                             "error");
}

}  // namespace

void add_settings_pages(http::Router& router, const AuthPages& pages, SettingsService& settings) {
  const Ctx c{pages, settings};
  const std::string path(kSettingsPath);
  add_owner_page(router, c, "GET", path, show_settings);
  add_owner_page(router, c, "POST", path, save_settings);
  add_owner_page(router, c, "POST", path + "/test-email", send_test);
}

}  // namespace atrium::web
