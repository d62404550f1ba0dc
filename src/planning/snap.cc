#include "planning/snap.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numbers>
#include <thread>
#include <utility>

namespace alley::planning {
namespace {

// Cells are twice the median edge on a side, within these bounds, and at
// most kCellsPerEdge of them an edge (bigger cells past that).
constexpr double kMinCellMetres = 10;
constexpr double kMaxCellMetres = 100;
constexpr double kCellsPerEdge = 8;
constexpr double kDegree = std::numbers::pi / 180;
// A squared distance this much over the best squared distance so far cannot
// give a std::hypot at or under the best (both are within a few ulps of the
// true distance): such an edge is skipped without computing its hypot.
constexpr double kSquaredSlack = 1 + 1e-9;

}  // namespace

Snapper::Snapper(const Graph& graph, double speed_mps) : graph_(graph), speed_mps_(speed_mps) {
  ALLEY_CHECK(graph.symmetric(), "snapping needs a symmetric (walking) graph");
  ALLEY_CHECK(speed_mps > 0, "the walking speed must be positive");
  edges_ = graph.UndirectedEdges();
  core::LatLon min{90, 180};
  core::LatLon max{-90, -180};
  for (const core::LatLon& p : graph.points()) {
    min = {std::min(min.lat, p.lat), std::min(min.lon, p.lon)};
    max = {std::max(max.lat, p.lat), std::max(max.lon, p.lon)};
  }
  if (graph.vertex_count() == 0) min = max = {0, 0};
  origin_ = {(min.lat + max.lat) / 2, (min.lon + max.lon) / 2};
  metres_per_degree_lat_ = core::kEarthRadiusMeters * kDegree;
  metres_per_degree_lon_ = metres_per_degree_lat_ * std::cos(origin_.lat * kDegree);

  segments_.reserve(edges_.size());
  std::vector<double> lengths;
  lengths.reserve(edges_.size());
  for (const Arc& e : edges_) {
    const XY a = Project(graph.Point(e.u));
    const XY b = Project(graph.Point(e.v));
    segments_.push_back({a.x, a.y, b.x - a.x, b.y - a.y});
    lengths.push_back(std::hypot(b.x - a.x, b.y - a.y));
  }
  double cell = kMaxCellMetres;
  if (!lengths.empty()) {
    const auto mid = lengths.begin() + static_cast<std::ptrdiff_t>(lengths.size() / 2);
    std::nth_element(lengths.begin(), mid, lengths.end());
    cell = std::clamp(2 * *mid, kMinCellMetres, kMaxCellMetres);
  }
  const XY lo = Project(min);
  const XY hi = Project(max);
  const double area_cap =
      kCellsPerEdge * static_cast<double>(std::max<std::size_t>(edges_.size(), 1));
  while (cell < kMaxCellMetres &&
         (std::floor((hi.x - lo.x) / cell) + 2) * (std::floor((hi.y - lo.y) / cell) + 2) >
             area_cap) {
    cell = std::min(kMaxCellMetres, cell * 2);
  }
  cell_m_ = cell;
  min_cx_ = CellOf(lo.x);
  min_cy_ = CellOf(lo.y);
  columns_ = CellOf(hi.x) - min_cx_ + 1;
  rows_ = CellOf(hi.y) - min_cy_ + 1;

  // Each edge goes in every cell its bounding box touches: count, then fill.
  auto for_cells = [&](const Arc& e, auto&& fn) {
    const XY p = Project(graph.Point(e.u));
    const XY q = Project(graph.Point(e.v));
    for (std::int64_t cy = CellOf(std::min(p.y, q.y)); cy <= CellOf(std::max(p.y, q.y)); ++cy) {
      for (std::int64_t cx = CellOf(std::min(p.x, q.x)); cx <= CellOf(std::max(p.x, q.x)); ++cx) {
        fn(static_cast<std::size_t>((cy - min_cy_) * columns_ + (cx - min_cx_)));
      }
    }
  };
  cell_first_.assign(static_cast<std::size_t>(columns_ * rows_) + 1, 0);
  for (const Arc& e : edges_) for_cells(e, [&](std::size_t c) { ++cell_first_[c + 1]; });
  for (std::size_t c = 1; c < cell_first_.size(); ++c) cell_first_[c] += cell_first_[c - 1];
  cell_edges_.resize(cell_first_.back());
  std::vector<std::uint32_t> fill(cell_first_.begin(), cell_first_.end() - 1);
  for (std::uint32_t i = 0; i < edges_.size(); ++i) {
    for_cells(edges_[i], [&](std::size_t c) { cell_edges_[fill[c]++] = i; });
  }
}

Snapper::XY Snapper::Project(core::LatLon p) const {
  return {(p.lon - origin_.lon) * metres_per_degree_lon_,
          (p.lat - origin_.lat) * metres_per_degree_lat_};
}

std::int64_t Snapper::CellOf(double metres) const {
  return static_cast<std::int64_t>(std::floor(metres / cell_m_));
}

StatusOr<Snapped> Snapper::Snap(core::LatLon p, double max_m) const {
  if (!core::IsValidLatLon(p)) {
    return InvalidArgumentError(fmt::format("({}, {}) is not a valid coordinate", p.lat, p.lon));
  }
  const XY at = Project(p);
  const std::int64_t cx = CellOf(at.x);
  const std::int64_t cy = CellOf(at.y);
  double best = std::numeric_limits<double>::infinity();
  double best_bound = best;  // best² with slack: past it, no hypot can tie
  std::uint32_t best_edge = 0;
  double best_t = 0;
  auto visit = [&](std::int64_t x, std::int64_t y) {
    if (x < min_cx_ || y < min_cy_ || x >= min_cx_ + columns_ || y >= min_cy_ + rows_) return;
    const auto c = static_cast<std::size_t>((y - min_cy_) * columns_ + (x - min_cx_));
    for (std::uint32_t k = cell_first_[c]; k < cell_first_[c + 1]; ++k) {
      const Segment& g = segments_[cell_edges_[k]];
      const double len2 = g.dx * g.dx + g.dy * g.dy;
      double t = len2 > 0 ? ((at.x - g.ax) * g.dx + (at.y - g.ay) * g.dy) / len2 : 0;
      t = std::clamp(t, 0.0, 1.0);
      const double ex = at.x - (g.ax + t * g.dx);
      const double ey = at.y - (g.ay + t * g.dy);
      if (ex * ex + ey * ey > best_bound) continue;
      const double d = std::hypot(ex, ey);
      // Ties: the lower edge index, so the answer does not depend on the cell order.
      if (d < best || (d == best && cell_edges_[k] < best_edge)) {
        best = d;
        best_bound = d * d * kSquaredSlack;
        best_edge = cell_edges_[k];
        best_t = t;
      }
    }
  };
  // Rings of cells outward; after ring r every edge not yet seen lies at
  // least r cells away, so stop once the best is nearer than that.
  const auto max_ring = static_cast<std::int64_t>(std::ceil(max_m / cell_m_)) + 1;
  const std::int64_t span =
      std::max(columns_, rows_) + std::abs(cx - min_cx_) + std::abs(cy - min_cy_);
  for (std::int64_t r = 0; r <= std::min(max_ring, span); ++r) {
    if (r == 0) {
      visit(cx, cy);
    } else {
      for (std::int64_t x = cx - r; x <= cx + r; ++x) {
        visit(x, cy - r);
        visit(x, cy + r);
      }
      for (std::int64_t y = cy - r + 1; y <= cy + r - 1; ++y) {
        visit(cx - r, y);
        visit(cx + r, y);
      }
    }
    if (best <= static_cast<double>(r) * cell_m_) break;
  }
  if (!(best <= max_m)) {
    return NotFoundError(
        fmt::format("no street within {} m of ({:.6f}, {:.6f})", max_m, p.lat, p.lon));
  }
  const Arc& e = edges_[best_edge];
  const Deciseconds to_edge = WalkDeciseconds(best, speed_mps_);
  // Along the edge by the share of its own weight (the graph's time, not the
  // straight line's).
  const auto along_a = static_cast<Deciseconds>(std::lround(best_t * e.w));
  Snapped s;
  s.a = e.u;
  s.b = e.v;
  s.to_a = to_edge + along_a;
  s.to_b = to_edge + (e.w - along_a);
  s.offset_m = best;
  return s;
}

std::vector<StatusOr<Snapped>> Snapper::SnapAll(std::span<const core::LatLon> points, double max_m,
                                                unsigned threads) const {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // The points are snapped in the order of their cells (row by row), not as
  // given: consecutive snaps then read the same cells and edges, from the
  // cache rather than from memory. Each answer goes back to its point's place.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::uint64_t key = std::numeric_limits<std::uint64_t>::max();
    if (core::IsValidLatLon(points[i])) {
      const XY at = Project(points[i]);
      const std::int64_t cx = std::clamp<std::int64_t>(CellOf(at.x) - min_cx_, 0, columns_);
      const std::int64_t cy = std::clamp<std::int64_t>(CellOf(at.y) - min_cy_, 0, rows_);
      key = static_cast<std::uint64_t>(cy * (columns_ + 1) + cx);
    }
    order[i] = {key, static_cast<std::uint32_t>(i)};
  }
  std::sort(order.begin(), order.end());
  constexpr std::size_t kBlock = 4096;
  threads = static_cast<unsigned>(
      std::min<std::size_t>(threads, std::max<std::size_t>(1, points.size() / kBlock)));
  std::vector<StatusOr<Snapped>> out(points.size(), Snapped{});
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t b = next.fetch_add(kBlock); b < order.size(); b = next.fetch_add(kBlock)) {
      const std::size_t e = std::min(order.size(), b + kBlock);
      for (std::size_t k = b; k < e; ++k) {
        const std::uint32_t i = order[k].second;
        out[i] = Snap(points[i], max_m);
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return out;
}

std::array<Seed, 2> SeedsOf(const Snapped& s, std::uint32_t label) {
  return {Seed{s.a, s.to_a, label}, Seed{s.b, s.to_b, label}};
}

Deciseconds TimeFrom(const BoundedSearch& search, const Snapped& s) {
  const auto via = [](Deciseconds end, Deciseconds walk) -> std::uint64_t {
    return end == kUnreachable ? std::numeric_limits<std::uint64_t>::max()
                               : std::uint64_t{end} + walk;
  };
  const std::uint64_t t =
      std::min(via(search.TimeTo(s.a), s.to_a), via(search.TimeTo(s.b), s.to_b));
  return t >= kUnreachable ? kUnreachable : static_cast<Deciseconds>(t);
}

}  // namespace alley::planning
