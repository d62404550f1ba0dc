// A network's bytes: how a Graph is stored (in the database, store/
// planning_store.h) and read back, with a format version and a fingerprint so
// that a stale, foreign or damaged copy is refused instead of misread.
//
//   std::string bytes = SerializeNetwork(graph);
//   std::string fp = NetworkFingerprint(bytes);      // 64 hex digits
//   ALLEY_ASSIGN_OR_RETURN(Graph back, ParseNetwork(bytes));
//
// Layout (little-endian): the magic "ALLEYNET", u32 format version
// (kNetworkFormatVersion), u32 flags (bit 0: symmetric), u64 vertex count n,
// u64 arc count m, the 32-byte BLAKE2b-256 digest of what follows, then the
// arrays first (n + 1 × u64), target (m × u32), weight (m × u32, deciseconds)
// and points (n × (lat, lon) as IEEE doubles). Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "planning/graph.h"

namespace alley::planning {

// Raised whenever the layout changes; an older copy is refused ("re-import").
inline constexpr std::uint32_t kNetworkFormatVersion = 1;

std::string SerializeNetwork(const Graph& graph);

// The graph in `bytes`. kDataLoss when they are not a network (wrong magic),
// are truncated or padded, fail the digest, or do not make a graph (FromCsr);
// kFailedPrecondition when they are of another format version, naming both.
StatusOr<Graph> ParseNetwork(std::string_view bytes);

// The digest of serialised bytes as 64 lowercase hex digits: it identifies a
// network (two imports of the same extract with the same options match).
// Empty when `bytes` is shorter than the header.
std::string NetworkFingerprint(std::string_view bytes);

}  // namespace alley::planning
