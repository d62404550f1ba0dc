// The networks planning runs on, in the store: saved whole with their
// description and fingerprint, read back and checked (network_file.h).
//
//   ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) {
//     return SaveNetwork(w, kWalkNetwork, graph, {.source = "monaco.osm.pbf"}, now);
//   }));
//   ALLEY_ASSIGN_OR_RETURN(StoredNetwork walk, LoadNetwork(store, kWalkNetwork));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "planning/graph.h"
#include "store/store.h"

namespace alley::planning {

inline constexpr std::string_view kWalkNetwork = "walk";
inline constexpr std::string_view kDriveNetwork = "drive";

struct NetworkOrigin {
  std::string source;  // the file it came from, or what generated it
  std::string by;      // who imported it (a username, "demo")
  bool synthetic = false;
};

struct StoredNetwork {
  Graph graph;
  std::string kind;
  std::string source;
  std::string fingerprint;
  int64_t imported_at = 0;  // seconds since the epoch
  bool synthetic = false;
};

// Stores `graph` as the network of `kind` ("walk" or "drive"), replacing the
// one before it in the caller's transaction; answers its fingerprint.
StatusOr<std::string> SaveNetwork(store::Writer& w, std::string_view kind, const Graph& graph,
                                  const NetworkOrigin& origin, int64_t now);

// The stored network of `kind`. kFailedPrecondition when there is none
// (naming the commands that make one) or it is of another format version;
// kDataLoss when its bytes are damaged or do not match the fingerprint the
// store recorded.
StatusOr<StoredNetwork> LoadNetwork(store::Store& store, std::string_view kind);

}  // namespace alley::planning
