// Snapping places to the network: a home, a facility or a candidate site is
// put on the nearest street (the nearest point of the nearest edge), and the
// walk to it counted.
//
//   Snapper snapper(graph);
//   ALLEY_ASSIGN_OR_RETURN(Snapped s, snapper.Snap(place, /*max_m=*/500));
//   std::array<Seed, 2> seeds = SeedsOf(s, /*label=*/facility_index);
//   Deciseconds t = TimeFrom(search, s);    // after a search: place's time
//
// A snapped place joins the graph at both ends of its edge: reaching vertex a
// costs the straight walk from the place to the edge plus the walk along the
// edge to a (to_a), likewise b. Distances are measured on a local
// equirectangular plane around the network's centre, which is right within a
// city (errors of a few centimetres a kilometre at China's latitudes).
//
// A Snapper indexes the edges of a symmetric (walking) graph in a uniform
// grid of square cells, twice the median edge's length on a side (at least
// 10 m, at most 100 m; larger while that would make more than 8 cells an
// edge): a few edges a cell whatever the network's density, so that a snap
// reads tens of edges, not hundreds. The cell size changes how much is read,
// never the answer. It is immutable once built and may be shared between
// threads.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/geo.h"
#include "core/status.h"
#include "planning/catchments.h"
#include "planning/graph.h"

namespace alley::planning {

struct Snapped {
  VertexId a = 0;  // the edge's ends
  VertexId b = 0;
  Deciseconds to_a = 0;  // from the place to a: to the edge, then along it
  Deciseconds to_b = 0;
  double offset_m = 0;  // the straight distance from the place to the edge
};

class Snapper {
 public:
  // Indexes `graph`'s edges. `speed_mps` turns the walk to the edge into
  // time (the graph's own weights are used along the edge). ALLEY_CHECK: the
  // graph is symmetric, the speed positive.
  explicit Snapper(const Graph& graph, double speed_mps = kDefaultWalkingSpeedMps);

  // The nearest edge to `p` within `max_m` metres. kNotFound when there is
  // none so near; kInvalidArgument when `p` is not a valid coordinate.
  StatusOr<Snapped> Snap(core::LatLon p, double max_m) const;

  // Snap of every point, in order, on `threads` threads (0: the machine's
  // hardware threads): the same answers as Snap one by one.
  std::vector<StatusOr<Snapped>> SnapAll(std::span<const core::LatLon> points, double max_m,
                                         unsigned threads) const;

 private:
  struct XY {
    double x = 0;  // metres east of the origin
    double y = 0;  // metres north
  };
  XY Project(core::LatLon p) const;
  std::int64_t CellOf(double metres) const;

  // An edge on the plane: from a = (ax, ay) along (dx, dy) to b.
  struct Segment {
    double ax = 0, ay = 0, dx = 0, dy = 0;
  };

  const Graph& graph_;
  double speed_mps_;
  core::LatLon origin_;
  double metres_per_degree_lon_ = 0;
  double metres_per_degree_lat_ = 0;
  double cell_m_ = 0;
  std::int64_t min_cx_ = 0, min_cy_ = 0, columns_ = 0, rows_ = 0;
  std::vector<Arc> edges_;                 // each undirected edge once
  std::vector<Segment> segments_;          // edges_[i] projected
  std::vector<std::uint32_t> cell_first_;  // CSR over cells: edge indices
  std::vector<std::uint32_t> cell_edges_;
};

// The seeds of a search from a snapped place.
std::array<Seed, 2> SeedsOf(const Snapped& s, std::uint32_t label);

// A snapped place's time from the seeds of `search`'s last run: the nearer
// of its two ends plus the walk from there; kUnreachable when neither end was
// settled. (A place and a seed on the same edge are joined through an end,
// never along the edge between them: at most one edge's length too long.)
Deciseconds TimeFrom(const BoundedSearch& search, const Snapped& s);

}  // namespace alley::planning
