#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/mail/email.hpp"
#include "domain/mail/mailer.hpp"
#include "domain/storage.hpp"

namespace atrium {

// Queues an email for the API Owners: to `email_admin` (the settings' notification address) when
// set, else to every active API Owner.
Status queue_to_owners(Transaction& tx, const Mailer& mailer, EmailKind kind,
                       const std::string& email_admin, const EmailValues& values, TimePoint now);

}  // namespace atrium
