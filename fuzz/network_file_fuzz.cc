// libFuzzer target: ParseNetwork over arbitrary bytes, twice: as they are,
// and with the digest in the header replaced by the right one for the bytes
// after it (the BLAKE2b-256 that SerializeNetwork writes), so that the
// fuzzer reaches the checks behind the digest instead of stopping at it.
//
// Beyond "no crash, no sanitizer report, no exception out" it checks what
// network_file.h promises: a failure is kDataLoss or kFailedPrecondition; an
// accepted network serialises back to exactly the bytes it was read from.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/status.h"
#include "planning/graph.h"
#include "planning/network_file.h"

namespace {

namespace planning = ::alley::planning;
using ::alley::StatusCode;
using ::alley::StatusOr;

// network_file.h's layout: magic, version, flags, n, m, then the digest.
constexpr std::size_t kDigestAt = 8 + 4 + 4 + 8 + 8;
constexpr std::size_t kHeaderBytes = kDigestAt + crypto_generichash_BYTES;

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "network_file_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

void Check(std::string_view bytes) {
  const StatusOr<planning::Graph> got = planning::ParseNetwork(bytes);
  if (!got.ok()) {
    if (got.status().code() != StatusCode::kDataLoss &&
        got.status().code() != StatusCode::kFailedPrecondition) {
      Fail("undocumented error", got.status().ToString());
    }
    return;
  }
  if (planning::SerializeNetwork(*got) != bytes) Fail("round trip", "the bytes differ");
  if (planning::NetworkFingerprint(bytes).size() != 64) Fail("fingerprint", "not 64 digits");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check(bytes);
  if (size >= kHeaderBytes) {
    std::string fixed(bytes);
    const std::string_view payload = std::string_view(fixed).substr(kHeaderBytes);
    crypto_generichash(
        reinterpret_cast<unsigned char*>(fixed.data() + kDigestAt), crypto_generichash_BYTES,
        reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), nullptr, 0);
    if (fixed != bytes) Check(fixed);
  }
  return 0;
}
