#include "domain/apps/app_service.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "domain/apps/access_request_repository.hpp"
#include "domain/apps/app_repository.hpp"
#include "domain/apps/app_support.hpp"
#include "domain/apps/credential_repository.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/catalogue/content_checks.hpp"
#include "domain/directory/directory_support.hpp"
#include "domain/directory/user_repository.hpp"

namespace atrium {

namespace {

using policy::AppAction;

constexpr std::size_t kMaxRedirectUrls = 20;

// Tyk's RedirectURLs is one string: comma-separated absolute http(s) URLs, kept normalised.
std::string redirect_urls(std::string_view value, ContentChecks& checks) {
  std::string out;
  std::size_t count = 0;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view piece = trim(value.substr(start, comma - start));
    start = comma + 1;
    if (piece.empty()) continue;
    const std::string url = checks.url(piece, "RedirectURLs");
    out += (out.empty() ? "" : ",") + url;
    ++count;
  }
  if (count > kMaxRedirectUrls) checks.add("RedirectURLs", "at most 20 URLs");
  return out;
}

// The owner of the app after the change: consumers keep their own apps.
Result<UserId> owner_after(const Actor& actor, const AppInput& input, const App* current) {
  const bool owner_actor = is_api_owner(actor.role);
  const UserId before = current != nullptr ? current->fields.user_id : actor.user_id;
  if (!input.user_id) {
    if (current == nullptr && owner_actor) {
      return fail(
          invalid_argument("app.invalid", "the app needs an owner", {{"UserID", "is required"}}));
    }
    return before;
  }
  if (!owner_actor && *input.user_id != before) {
    return fail(invalid_argument("app.invalid", "only API Owners give an app to another user",
                                 {{"UserID", "only API Owners change an app's owner"}}));
  }
  return *input.user_id;
}

Result<AppFields> merged_fields(Transaction& tx, const Actor& actor, const AppInput& input,
                                const App* current) {
  ContentChecks checks;
  AppFields fields = current != nullptr ? current->fields : AppFields{};
  if (input.name || current == nullptr) fields.name = checks.name(input.name.value_or(""), "Name");
  if (input.description) {
    fields.description = checks.text(*input.description, kMaxDescriptionLength, "Description");
  }
  if (input.redirect_urls) fields.redirect_urls = redirect_urls(*input.redirect_urls, checks);
  std::optional<AppVisibility> requested;
  if (input.visibility) {
    requested = parse_app_visibility(*input.visibility);
    if (!requested) checks.add("Visibility", "must be personal, team or organisation");
  }
  ATRIUM_TRY(checks.finish("app.invalid"));
  ATRIUM_ASSIGN_OR_RETURN(fields.user_id, owner_after(actor, input, current));
  ATRIUM_ASSIGN_OR_RETURN(auto owner, load_app_owner(tx, fields.user_id));
  const bool owner_changed = current != nullptr && current->fields.user_id != fields.user_id;
  if (current != nullptr && !requested && !owner_changed) return fields;
  // An app given to another user without a Visibility becomes personal (docs/apps.md).
  if (owner_changed && !requested) requested = AppVisibility::kPersonal;
  ATRIUM_ASSIGN_OR_RETURN(fields.visibility, allowed_visibility(tx, owner, requested));
  return fields;
}

nlohmann::json changes_of(const AppInput& input, const AppFields& fields, bool creating) {
  nlohmann::json changes = nlohmann::json::object();
  if (input.name || creating) changes["Name"] = fields.name;
  if (input.description) changes["Description"] = fields.description;
  if (input.redirect_urls) changes["RedirectURLs"] = fields.redirect_urls;
  if (input.user_id || creating) changes["UserID"] = fields.user_id;
  if (input.visibility || creating) changes["Visibility"] = to_string(fields.visibility);
  return changes;
}

Result<AppView> load_view(Transaction& tx, const Actor& actor, App app) {
  AppView view;
  ATRIUM_ASSIGN_OR_RETURN(auto requests, tx.get<AccessRequestRepository>().list(
                                             AccessRequestFilter::of_app(app.id), {1, 1000}));
  view.access_requests = std::move(requests.items);
  ATRIUM_ASSIGN_OR_RETURN(view.credentials, tx.get<CredentialRepository>().list_for_app(app.id));
  ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
  ATRIUM_ASSIGN_OR_RETURN(auto facts, app_facts(tx, app));
  view.may_manage =
      policy::decide(principal, AppAction::kManage, facts) == policy::Decision::kAllow;
  view.app = std::move(app);
  return view;
}

}  // namespace

Result<PageOf<App>> AppService::list(const Actor& actor, const AppFilter& filter,
                                     const PageRequest& page) {
  return db_.read_result([&](Transaction& tx) -> Result<PageOf<App>> {
    ATRIUM_ASSIGN_OR_RETURN(auto scope, app_scope(tx, actor));
    if (scope.everything) return tx.get<AppRepository>().list(filter, page);
    return tx.get<AppRepository>().list_visible(scope, page);
  });
}

Result<AppView> AppService::create(const Actor& actor, const AppInput& input) {
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<AppView> {
    ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(tx, actor, input, nullptr));
    ATRIUM_ASSIGN_OR_RETURN(auto app,
                            tx.get<AppRepository>().create(new_uuid(random_), fields, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "app.create", "app", std::to_string(app.id),
                            app.organisation_id, changes_of(input, fields, true)));
    return load_view(tx, actor, std::move(app));
  });
}

Result<AppView> AppService::get(const Actor& actor, AppId id) {
  return db_.read_result([&](Transaction& tx) -> Result<AppView> {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, id, AppAction::kView));
    return load_view(tx, actor, std::move(app));
  });
}

Result<AppView> AppService::update(const Actor& actor, AppId id, const AppInput& input) {
  const TimePoint now = clock_.now();
  return db_.write_result([&](Transaction& tx) -> Result<AppView> {
    ATRIUM_ASSIGN_OR_RETURN(auto current, load_app_for(tx, actor, id, AppAction::kManage));
    ATRIUM_ASSIGN_OR_RETURN(auto fields, merged_fields(tx, actor, input, &current));
    ATRIUM_ASSIGN_OR_RETURN(auto app, tx.get<AppRepository>().update(id, fields, now));
    ATRIUM_TRY(record_audit(tx, actor, now, "app.update", "app", std::to_string(id),
                            app.organisation_id, changes_of(input, fields, false)));
    return load_view(tx, actor, std::move(app));
  });
}

Status AppService::remove(const Actor& actor, AppId id) {
  const TimePoint now = clock_.now();
  return db_.write([&](Transaction& tx) -> Status {
    ATRIUM_ASSIGN_OR_RETURN(auto app, load_app_for(tx, actor, id, AppAction::kManage));
    ATRIUM_TRY(tx.get<AppRepository>().remove(id));
    return record_audit(tx, actor, now, "app.delete", "app", std::to_string(id),
                        app.organisation_id, {{"Name", app.fields.name}});
  });
}

Result<std::vector<App>> AppService::manageable(const Actor& actor) {
  return db_.read_result([&](Transaction& tx) -> Result<std::vector<App>> {
    ATRIUM_ASSIGN_OR_RETURN(auto scope, app_scope(tx, actor));
    ATRIUM_ASSIGN_OR_RETURN(auto visible,
                            tx.get<AppRepository>().list_visible(scope, {1, kMaxPerPage}));
    ATRIUM_ASSIGN_OR_RETURN(auto principal, principal_of(tx, actor));
    std::vector<App> out;
    for (App& app : visible.items) {
      ATRIUM_ASSIGN_OR_RETURN(auto facts, app_facts(tx, app));
      if (policy::decide(principal, AppAction::kManage, facts) == policy::Decision::kAllow) {
        out.push_back(std::move(app));
      }
    }
    return out;
  });
}

}  // namespace atrium
