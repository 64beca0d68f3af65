#include "core/ids.hpp"

#include <array>
#include <vector>

#include "core/encoding.hpp"

namespace atrium {

std::string new_uuid(Random& random) {
  std::array<std::byte, 16> b{};
  random.fill(b);
  b[6] = (b[6] & std::byte{0x0F}) | std::byte{0x40};  // version 4
  b[8] = (b[8] & std::byte{0x3F}) | std::byte{0x80};  // RFC 4122 variant
  const std::string hex = hex_encode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string random_hex(Random& random, std::size_t bytes) {
  std::vector<std::byte> b(bytes);
  random.fill(b);
  return hex_encode(b);
}

std::string random_base64url(Random& random, std::size_t bytes) {
  std::vector<std::byte> b(bytes);
  random.fill(b);
  return base64url_encode(b);
}

}  // namespace atrium
