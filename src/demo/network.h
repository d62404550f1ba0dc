// The Hailian demo's walking network and candidate sites, so that planning
// works out of the box (issue 5): a SYNTHETIC street grid around the demo's
// compounds, stored as the walk network marked synthetic, and a few synthetic
// places where new facilities could open.
//
// The grid: lanes every 100 m over 2.4 km × 2.4 km centred on kHailianCentre,
// each crossing moved a few metres at random (seeded) so that paths are not
// all ties, with a canal (modelled on the 盐河, the Yanhe) running east–west
// 470 m south of the centre that only three bridges cross. Nothing in it is a
// real street.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "planning/graph.h"
#include "store/store.h"

namespace alley::demo {

// What WriteDemoNetwork did.
struct DemoNetworkReport {
  bool network_written = false;  // false when a real (imported) network was kept
  int64_t vertices = 0;
  int64_t edges = 0;
  int64_t candidates = 0;
};

// The synthetic grid, a pure function of `seed`.
planning::RawNetwork HailianStreetGrid(uint64_t seed);

// Stores the grid as the walk network unless a network that is not synthetic
// is stored (an import is never overwritten by the demo), and the candidate
// sites in the community (the caller has removed the old synthetic ones with
// the community's synthetic records). `now` stamps the network.
StatusOr<DemoNetworkReport> WriteDemoNetwork(store::Writer& w, uint64_t seed, int64_t now);

}  // namespace alley::demo
