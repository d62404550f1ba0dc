// Accessibility on the network for places already on its vertices: one
// bounded search per facility (catchments.h), the (home, facility, time)
// pairs of the homes at the vertices each search reached, ready for
// ComputeAccessibility (accessibility.h). The setting of the peers' E2SFCA
// (scipy, igraph, pgRouting: places given as vertices, no snapping), and
// `alley plan access-network`.
//
//   ALLEY_ASSIGN_OR_RETURN(NetworkPairs p,
//                          PairsOnNetwork(graph, home_vertex, facility_vertex, limit, 0));
//   ALLEY_ASSIGN_OR_RETURN(AccessResult r,
//                          ComputeAccessibility(demand, supply, p.View(), options));
//
// Pure functions of their arguments (threads only change the speed): safe
// from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "planning/accessibility.h"
#include "planning/graph.h"
#include "planning/travel.h"

namespace alley::planning {

// The pairs within reach as three columns, in facility order, then vertex
// ascending, then home order: home[p] reaches facility[p] in time_ds[p].
struct NetworkPairs {
  std::vector<std::uint32_t> home;
  std::vector<std::uint32_t> facility;
  std::vector<Deciseconds> time_ds;
  std::uint64_t reached_vertices = 0;  // Σ over facilities of the vertices reached
  std::uint64_t relaxations = 0;       // the searches' heap pops

  ReachPairs View() const { return {home, facility, time_ds}; }
};

// Every (home i, facility j, t) with t the shortest walking time from
// facility_vertex[j] to home_vertex[i], t ≤ `limit`; homes and facilities may
// share vertices. `threads` as ReachAll (0: all). kInvalidArgument naming
// the index when a vertex is not in the graph, or when there are 2^32 or
// more homes or facilities.
StatusOr<NetworkPairs> PairsOnNetwork(const Graph& graph, std::span<const VertexId> home_vertex,
                                      std::span<const VertexId> facility_vertex, Deciseconds limit,
                                      unsigned threads);

}  // namespace alley::planning
