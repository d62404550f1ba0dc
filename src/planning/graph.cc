#include "planning/graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <utility>

namespace alley::planning {
namespace {

// Union–find over point indices, for the connected components.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void Union(std::uint32_t a, std::uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }
  std::uint32_t Size(std::uint32_t root) const { return size_[root]; }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
};

// The Hilbert curve's order: 2^16 cells a side, so a position fits 32 bits.
constexpr std::uint32_t kHilbertOrder = 16;
constexpr std::uint32_t kHilbertSide = 1u << kHilbertOrder;

std::uint32_t Cell(double value, double min, double max) {
  if (!(max > min)) return 0;
  const double t = (value - min) / (max - min);
  const double cell = std::floor(t * kHilbertSide);
  if (cell < 0) return 0;
  if (cell >= kHilbertSide - 1) return kHilbertSide - 1;
  return static_cast<std::uint32_t>(cell);
}

}  // namespace

StatusOr<Graph> Graph::FromArcs(std::vector<core::LatLon> points, std::span<const Arc> arcs,
                                bool symmetric) {
  const auto n = points.size();
  if (n >= kUnreachable) {
    return InvalidArgumentError(fmt::format("a graph holds fewer than {} vertices", kUnreachable));
  }
  std::vector<Arc> all;
  all.reserve(symmetric ? 2 * arcs.size() : arcs.size());
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    const Arc& a = arcs[i];
    if (a.u >= n || a.v >= n) {
      return InvalidArgumentError(fmt::format("arc {}: vertex {} past the last vertex {}", i,
                                              std::max(a.u, a.v), n == 0 ? 0 : n - 1));
    }
    if (a.w == kUnreachable) {
      return InvalidArgumentError(fmt::format("arc {}: weight {} is not finite", i, a.w));
    }
    if (a.u == a.v) continue;
    all.push_back(a);
    if (symmetric) all.push_back({a.v, a.u, a.w});
  }
  std::sort(all.begin(), all.end(), [](const Arc& x, const Arc& y) {
    return std::tie(x.u, x.v, x.w) < std::tie(y.u, y.v, y.w);
  });
  // The shortest of parallel arcs comes first; keep it alone.
  all.erase(std::unique(all.begin(), all.end(),
                        [](const Arc& x, const Arc& y) { return x.u == y.u && x.v == y.v; }),
            all.end());

  Graph g;
  g.points_ = std::move(points);
  g.symmetric_ = symmetric;
  g.first_.assign(n + 1, 0);
  g.target_.reserve(all.size());
  g.weight_.reserve(all.size());
  for (const Arc& a : all) {
    ++g.first_[a.u + 1];
    g.target_.push_back(a.v);
    g.weight_.push_back(a.w);
  }
  std::partial_sum(g.first_.begin(), g.first_.end(), g.first_.begin());
  return g;
}

StatusOr<Graph> Graph::FromCsr(std::vector<core::LatLon> points, std::vector<std::uint64_t> first,
                               std::vector<VertexId> target, std::vector<Deciseconds> weight,
                               bool symmetric) {
  const std::size_t n = points.size();
  if (n >= kUnreachable) return DataLossError("too many vertices");
  if (first.size() != n + 1 || first.front() != 0 || first.back() != target.size() ||
      weight.size() != target.size()) {
    return DataLossError("the arrays' sizes do not match");
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (first[v] > first[v + 1])
      return DataLossError(fmt::format("vertex {}: arcs out of order", v));
    if (!core::IsValidLatLon(points[v])) {
      return DataLossError(fmt::format("vertex {}: not a valid coordinate", v));
    }
  }
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] >= n)
      return DataLossError(fmt::format("arc {}: vertex {} past the end", i, target[i]));
    if (weight[i] == kUnreachable)
      return DataLossError(fmt::format("arc {}: weight not finite", i));
  }
  for (std::size_t v = 0; v < n; ++v) {
    for (std::uint64_t i = first[v] + 1; i < first[v + 1]; ++i) {
      if (target[i - 1] >= target[i]) {
        return DataLossError(fmt::format("vertex {}: targets not strictly ascending", v));
      }
    }
  }
  Graph g;
  g.points_ = std::move(points);
  g.first_ = std::move(first);
  g.target_ = std::move(target);
  g.weight_ = std::move(weight);
  g.symmetric_ = symmetric;
  if (symmetric) {
    // Every u → v has v → u of the same weight: look each up in v's sorted row.
    for (VertexId u = 0; u < g.vertex_count(); ++u) {
      const auto targets = g.Targets(u);
      const auto weights = g.Weights(u);
      for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto back = g.Targets(targets[i]);
        const auto it = std::lower_bound(back.begin(), back.end(), u);
        if (it == back.end() || *it != u ||
            g.Weights(targets[i])[static_cast<std::size_t>(it - back.begin())] != weights[i]) {
          return DataLossError(
              fmt::format("arc {} → {} has no reverse of the same weight", u, targets[i]));
        }
      }
    }
  }
  return g;
}

std::vector<Arc> Graph::UndirectedEdges() const {
  std::vector<Arc> edges;
  edges.reserve(target_.size() / 2);
  for (VertexId u = 0; u < vertex_count(); ++u) {
    const auto targets = Targets(u);
    const auto weights = Weights(u);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (u < targets[i]) edges.push_back({u, targets[i], weights[i]});
    }
  }
  return edges;
}

std::uint32_t HilbertIndex(core::LatLon p, core::LatLon min, core::LatLon max) {
  std::uint32_t x = Cell(p.lon, min.lon, max.lon);
  std::uint32_t y = Cell(p.lat, min.lat, max.lat);
  // The classic iterative xy → d of a Hilbert curve (Hamilton, "Compact
  // Hilbert indices", 2006, §2): at each scale take the quadrant, then
  // rotate/flip the rest so the curve stays continuous.
  std::uint32_t d = 0;
  for (std::uint32_t s = kHilbertSide / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (x & s) > 0 ? 1 : 0;
    const std::uint32_t ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = kHilbertSide - 1 - x;
        y = kHilbertSide - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

namespace {

// The graph of `raw` at `speed_mps`: both ways (walking), or respecting
// one-way edges (driving); the largest (weakly) connected component in
// Hilbert order.
StatusOr<Graph> BuildGraph(const RawNetwork& raw, double speed_mps, bool directed,
                           std::string_view mode) {
  if (!(speed_mps > 0) || !std::isfinite(speed_mps)) {
    return InvalidArgumentError(
        fmt::format("{} speed {} m/s: must be a positive number", mode, speed_mps));
  }
  const std::size_t n = raw.points.size();
  if (n >= kUnreachable) {
    return InvalidArgumentError(fmt::format("a network holds fewer than {} points", kUnreachable));
  }
  for (std::size_t i = 0; i < raw.edges.size(); ++i) {
    const RawNetwork::Edge& e = raw.edges[i];
    if (e.a >= n || e.b >= n) {
      return InvalidArgumentError(fmt::format("edge {}: point {} past the last point {}", i,
                                              std::max(e.a, e.b), n == 0 ? 0 : n - 1));
    }
    if (!(e.length_m >= 0) || !std::isfinite(e.length_m)) {
      return InvalidArgumentError(
          fmt::format("edge {}: length {} m: must be a finite number ≥ 0", i, e.length_m));
    }
  }
  if (raw.edges.empty())
    return FailedPreconditionError(fmt::format("the network has no street ({})", mode));

  // The largest connected component: the root with the most points that
  // some edge touches (ties: the smaller root, so the result is deterministic).
  DisjointSets sets(n);
  for (const RawNetwork::Edge& e : raw.edges) sets.Union(e.a, e.b);
  std::uint32_t best_root = sets.Find(raw.edges.front().a);
  for (const RawNetwork::Edge& e : raw.edges) {
    const std::uint32_t r = sets.Find(e.a);
    if (sets.Size(r) > sets.Size(best_root) ||
        (sets.Size(r) == sets.Size(best_root) && r < best_root)) {
      best_root = r;
    }
  }

  std::vector<std::uint32_t> kept;  // point indices in the component
  core::LatLon min{90, 180};
  core::LatLon max{-90, -180};
  for (std::uint32_t i = 0; i < n; ++i) {
    if (sets.Find(i) != best_root) continue;
    kept.push_back(i);
    const core::LatLon p = raw.points[i];
    min = {std::min(min.lat, p.lat), std::min(min.lon, p.lon)};
    max = {std::max(max.lat, p.lat), std::max(max.lon, p.lon)};
  }

  // Hilbert order, then the original order among points in the same cell.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order;  // (hilbert, point)
  order.reserve(kept.size());
  for (std::uint32_t i : kept) order.emplace_back(HilbertIndex(raw.points[i], min, max), i);
  std::sort(order.begin(), order.end());

  std::vector<VertexId> vertex_of(n, kUnreachable);
  std::vector<core::LatLon> points;
  points.reserve(order.size());
  for (const auto& [hilbert, point] : order) {
    vertex_of[point] = static_cast<VertexId>(points.size());
    points.push_back(raw.points[point]);
  }

  std::vector<Arc> arcs;
  arcs.reserve(directed ? 2 * raw.edges.size() : raw.edges.size());
  for (const RawNetwork::Edge& e : raw.edges) {
    if (vertex_of[e.a] == kUnreachable) continue;
    const Deciseconds w = WalkDeciseconds(e.length_m, speed_mps);
    arcs.push_back({vertex_of[e.a], vertex_of[e.b], w});
    if (directed && !e.oneway) arcs.push_back({vertex_of[e.b], vertex_of[e.a], w});
  }
  return Graph::FromArcs(std::move(points), arcs, /*symmetric=*/!directed);
}

}  // namespace

StatusOr<Graph> BuildWalkingGraph(const RawNetwork& raw, const WalkingOptions& options) {
  return BuildGraph(raw, options.speed_mps, /*directed=*/false, "walking");
}

StatusOr<Graph> BuildDrivingGraph(const RawNetwork& raw, const DrivingOptions& options) {
  return BuildGraph(raw, options.speed_mps, /*directed=*/true, "driving");
}

}  // namespace alley::planning
