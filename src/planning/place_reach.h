// From facilities to homes on the network: the sparse (home, facility, time)
// pairs within a limit — the catchments that accessibility and siting read —
// and every home's nearest facility by one multi-source search.
//
//   ALLEY_ASSIGN_OR_RETURN(PlacePairs pairs,
//                          ReachHomes(graph, homes, facilities, MinutesToDeciseconds(15), 0));
//   NearestFacilities nearest = FindNearestFacilities(graph, homes, facilities, kUnreachable - 1);
//
// Homes and facilities are places snapped to the graph (snap.h). A home's
// time from a facility is the facility's search time at one end of the home's
// edge plus the walk from there (TimeFrom). Deterministic whatever the number
// of threads.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/status.h"
#include "planning/graph.h"
#include "planning/snap.h"

namespace alley::planning {

inline constexpr std::uint32_t kNoFacility = std::numeric_limits<std::uint32_t>::max();

// Columns of equal length, by facility then home: home[p] is reached from
// facility[p] in time[p] <= the limit.
struct PlacePairs {
  std::vector<std::uint32_t> home;
  std::vector<std::uint32_t> facility;
  std::vector<Deciseconds> time;
  std::uint64_t relaxations = 0;  // heap pops of all the searches
};

// One bounded search per facility on `threads` threads (0: all). Snapped
// places come from a Snapper of the same graph (ALLEY_CHECK on their vertex
// ids).
StatusOr<PlacePairs> ReachHomes(const Graph& graph, std::span<const Snapped> homes,
                                std::span<const Snapped> facilities, Deciseconds limit,
                                unsigned threads);

// Per home: the time to its nearest facility (kUnreachable when none within
// `limit`) and which facility (kNoFacility then).
struct NearestFacilities {
  std::vector<Deciseconds> time;
  std::vector<std::uint32_t> facility;
};
NearestFacilities FindNearestFacilities(const Graph& graph, std::span<const Snapped> homes,
                                        std::span<const Snapped> facilities, Deciseconds limit);

}  // namespace alley::planning
