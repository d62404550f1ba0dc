// The network every planning stage runs on: a graph in compressed sparse rows
// (CSR) with integer travel times, built from the points and edges an
// OpenStreetMap reader or a generator produces.
//
//   RawNetwork raw = ...;                       // points + edges with lengths
//   ALLEY_ASSIGN_OR_RETURN(Graph g, BuildWalkingGraph(raw, {}));
//   for (VertexId v : g.Targets(0)) ...         // arcs out of vertex 0
//
// A walking graph is symmetric: every street is an arc each way (one-way
// rules do not bind pedestrians). BuildWalkingGraph keeps the largest
// connected component only (a home snapped to an island could reach nothing)
// and numbers vertices along a Hilbert curve so that vertices near each other
// on the ground are near each other in memory.
//
// A Graph is immutable once built; share it between threads freely.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/status.h"
#include "planning/travel.h"

namespace alley::planning {

// A vertex's index in a Graph, 0-based.
using VertexId = std::uint32_t;

// Points and edges (undirected unless `oneway`) as read from a map, before
// they become a graph.
// An edge joins two distinct points; its length is along the way's geometry.
struct RawNetwork {
  struct Edge {
    std::uint32_t a = 0;  // index into points
    std::uint32_t b = 0;
    double length_m = 0;  // >= 0, finite
    // A driving network's one-way street: a → b only. A walking network
    // leaves it false (one-way rules do not bind pedestrians).
    bool oneway = false;
  };
  std::vector<core::LatLon> points;
  std::vector<Edge> edges;
};

// One arc of a graph given by hand (tests) or read from a file: u → v in w.
struct Arc {
  VertexId u = 0;
  VertexId v = 0;
  Deciseconds w = 0;
};

class Graph {
 public:
  Graph() = default;

  // A graph of `points.size()` vertices with the given arcs, as they are (no
  // component is dropped, no vertex renumbered). `symmetric` adds v → u for
  // every u → v. Parallel arcs keep the shortest; self-loops are dropped.
  // kInvalidArgument when an arc names a vertex past the end or has weight
  // kUnreachable.
  static StatusOr<Graph> FromArcs(std::vector<core::LatLon> points, std::span<const Arc> arcs,
                                  bool symmetric);

  // A graph from its raw arrays as first()/target()/weight()/points() give
  // them (network_file.h reads them back). kDataLoss when they do not make a
  // graph: a point not a valid coordinate, first not starting at 0, not ascending or not ending at
  // the arc count, a vertex's targets not strictly ascending, a target past the last vertex, a
  // weight of kUnreachable, or (when `symmetric`) an arc without its reverse of the same weight.
  static StatusOr<Graph> FromCsr(std::vector<core::LatLon> points, std::vector<std::uint64_t> first,
                                 std::vector<VertexId> target, std::vector<Deciseconds> weight,
                                 bool symmetric);

  std::uint32_t vertex_count() const { return static_cast<std::uint32_t>(points_.size()); }
  // Directed arcs (a symmetric graph has two per street).
  std::uint64_t arc_count() const { return target_.size(); }
  bool symmetric() const { return symmetric_; }

  // The arcs out of `v`, by ascending target: Targets(v)[i] is reached in
  // Weights(v)[i].
  std::span<const VertexId> Targets(VertexId v) const {
    return {target_.data() + first_[v], target_.data() + first_[v + 1]};
  }
  std::span<const Deciseconds> Weights(VertexId v) const {
    return {weight_.data() + first_[v], weight_.data() + first_[v + 1]};
  }
  core::LatLon Point(VertexId v) const { return points_[v]; }

  // The raw arrays, for serialisation and benchmarks: first() has
  // vertex_count() + 1 entries; target() and weight() arc_count().
  std::span<const std::uint64_t> first() const { return first_; }
  std::span<const VertexId> target() const { return target_; }
  std::span<const Deciseconds> weight() const { return weight_; }
  std::span<const core::LatLon> points() const { return points_; }

  // Every undirected edge once, u < v, in order of u then v (a symmetric
  // graph only: the form of edges.csv).
  std::vector<Arc> UndirectedEdges() const;

 private:
  std::vector<std::uint64_t> first_{0};
  std::vector<VertexId> target_;
  std::vector<Deciseconds> weight_;
  std::vector<core::LatLon> points_;
  bool symmetric_ = false;
};

struct WalkingOptions {
  double speed_mps = kDefaultWalkingSpeedMps;
};

// The walking graph of `raw`: symmetric, weights WalkDeciseconds(length,
// speed), the largest connected component only, vertices in Hilbert order.
// kInvalidArgument when an edge names a point past the end, a length is
// negative or not finite, or the speed is not positive; kFailedPrecondition
// when there is no edge at all.
StatusOr<Graph> BuildWalkingGraph(const RawNetwork& raw, const WalkingOptions& options);

struct DrivingOptions {
  // One speed for every street: 30 km/h, the urban limit where no other is
  // signed (道路交通安全法实施条例 第四十六条: 30 km/h on roads without a centre line).
  double speed_mps = 30.0 / 3.6;
};

// The driving graph of `raw`: directed (an edge with `oneway` only a → b,
// others both ways), weights WalkDeciseconds(length, speed) — the same
// conversion at a driving speed — the largest weakly connected component,
// Hilbert order. Errors as BuildWalkingGraph.
StatusOr<Graph> BuildDrivingGraph(const RawNetwork& raw, const DrivingOptions& options);

// The position of `p` along a Hilbert curve of order 16 over the bounding box
// [min, max] (both corners included): points near each other mostly get near
// positions. Exposed for tests.
std::uint32_t HilbertIndex(core::LatLon p, core::LatLon min, core::LatLon max);

}  // namespace alley::planning
