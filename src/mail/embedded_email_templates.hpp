#pragma once

#include <span>

#include "core/embedded_file.hpp"

namespace atrium::mail {

// templates/email/*.mustache, named without the extension ("invitation.txt"), sorted by name.
std::span<const EmbeddedFile> embedded_email_templates();

}  // namespace atrium::mail
