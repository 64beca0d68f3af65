#pragma once

namespace atrium::crypto {

// Initialises libsodium once; throws at start-up if it cannot.
void ensure_sodium();

}  // namespace atrium::crypto
