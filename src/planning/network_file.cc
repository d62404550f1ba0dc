#include "planning/network_file.h"

#include <fmt/format.h>
#include <sodium.h>

#include <bit>
#include <cstring>
#include <vector>

namespace alley::planning {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the network layout is little-endian; a big-endian host needs byte swaps");

constexpr std::string_view kMagic = "ALLEYNET";
constexpr std::size_t kDigestBytes = crypto_generichash_BYTES;  // 32: BLAKE2b-256
// magic, version, flags, n, m, digest
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + kDigestBytes;
constexpr std::size_t kDigestAt = kHeaderBytes - kDigestBytes;
constexpr std::uint32_t kSymmetricFlag = 1;

template <typename T>
void Append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
void AppendArray(std::string& out, std::span<const T> values) {
  out.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

template <typename T>
T Load(std::string_view bytes, std::size_t at) {
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof(T));
  return value;
}

template <typename T>
std::vector<T> LoadArray(std::string_view bytes, std::size_t at, std::size_t count) {
  std::vector<T> values(count);
  // An empty vector's data() may be null, and memcpy's pointers must not be.
  if (count > 0) std::memcpy(values.data(), bytes.data() + at, count * sizeof(T));
  return values;
}

void Digest(std::string_view payload, unsigned char* out) {
  crypto_generichash(out, kDigestBytes, reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size(), nullptr, 0);
}

}  // namespace

std::string SerializeNetwork(const Graph& graph) {
  std::string out;
  const std::uint64_t n = graph.vertex_count();
  const std::uint64_t m = graph.arc_count();
  out.reserve(kHeaderBytes + (n + 1) * 8 + m * 8 + n * 16);
  out.append(kMagic);
  Append(out, kNetworkFormatVersion);
  Append(out, graph.symmetric() ? kSymmetricFlag : 0u);
  Append(out, n);
  Append(out, m);
  out.append(kDigestBytes, '\0');
  AppendArray(out, graph.first());
  AppendArray(out, graph.target());
  AppendArray(out, graph.weight());
  for (const core::LatLon& p : graph.points()) {
    Append(out, p.lat);
    Append(out, p.lon);
  }
  Digest(std::string_view(out).substr(kHeaderBytes),
         reinterpret_cast<unsigned char*>(out.data() + kDigestAt));
  return out;
}

StatusOr<Graph> ParseNetwork(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, kMagic.size()) != kMagic) {
    return DataLossError("not an Alley network (no ALLEYNET header)");
  }
  const auto version = Load<std::uint32_t>(bytes, 8);
  if (version != kNetworkFormatVersion) {
    return FailedPreconditionError(
        fmt::format("the network is in format {}, this Alley reads format {}: import it again",
                    version, kNetworkFormatVersion));
  }
  const auto flags = Load<std::uint32_t>(bytes, 12);
  const auto n = Load<std::uint64_t>(bytes, 16);
  const auto m = Load<std::uint64_t>(bytes, 24);
  if ((flags & ~kSymmetricFlag) != 0) return DataLossError("the network's flags are unknown");
  // Sizes first, without overflow: each count is bounded by the bytes there are.
  const std::size_t payload = bytes.size() - kHeaderBytes;
  if (n >= kUnreachable || m > payload / 8 || n > payload / 24) {
    return DataLossError("the network is truncated or its counts are damaged");
  }
  const std::uint64_t expected = (n + 1) * 8 + m * 8 + n * 16;
  if (payload != expected) {
    return DataLossError(
        fmt::format("the network holds {} bytes where its counts need {}", payload, expected));
  }
  unsigned char digest[kDigestBytes];
  Digest(bytes.substr(kHeaderBytes), digest);
  if (std::memcmp(digest, bytes.data() + kDigestAt, kDigestBytes) != 0) {
    return DataLossError("the network's fingerprint does not match its contents (damaged)");
  }
  std::size_t at = kHeaderBytes;
  auto first = LoadArray<std::uint64_t>(bytes, at, n + 1);
  at += (n + 1) * 8;
  auto target = LoadArray<VertexId>(bytes, at, m);
  at += m * 4;
  auto weight = LoadArray<Deciseconds>(bytes, at, m);
  at += m * 4;
  std::vector<core::LatLon> points(n);
  for (auto& p : points) {
    p.lat = Load<double>(bytes, at);
    p.lon = Load<double>(bytes, at + 8);
    at += 16;
  }
  StatusOr<Graph> graph = Graph::FromCsr(std::move(points), std::move(first), std::move(target),
                                         std::move(weight), (flags & kSymmetricFlag) != 0);
  if (!graph.ok()) return graph.status().WithContext("the network is damaged");
  return graph;
}

std::string NetworkFingerprint(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes) return "";
  std::string hex;
  hex.reserve(2 * kDigestBytes);
  for (std::size_t i = kDigestAt; i < kHeaderBytes; ++i) {
    hex += fmt::format("{:02x}", static_cast<unsigned char>(bytes[i]));
  }
  return hex;
}

}  // namespace alley::planning
