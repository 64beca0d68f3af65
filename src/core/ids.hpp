#pragma once

#include <string>

#include "core/random.hpp"

namespace atrium {

// A random (version 4) UUID in its canonical text form; used for the string `CID` of records.
std::string new_uuid(Random& random);

// `bytes` random bytes, hex-encoded (lower case).
std::string random_hex(Random& random, std::size_t bytes);

// `bytes` random bytes, base64url-encoded without padding.
std::string random_base64url(Random& random, std::size_t bytes);

}  // namespace atrium
