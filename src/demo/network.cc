#include "demo/network.h"

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/random.h"
#include "demo/hailian.h"
#include "planning/network_store.h"
#include "store/planning_store.h"

namespace alley::demo {
namespace {

constexpr int kHalfLanes = 12;         // lanes from the centre each way: ±1,200 m
constexpr double kLaneSpacingM = 100;  // a lane every 100 m
constexpr double kJitterM = 8;         // crossings moved up to this far each way
// The canal lies between the lane rows at -500 m and -400 m; bridges carry
// the north–south lanes at these eastings across it.
constexpr int kCanalSouthRow = -5;
constexpr std::array<int, 3> kBridgeColumns = {-6, 0, 6};

// The candidate sites: vacant or under-used plots a planner might weigh
// (invented), metres from the centre.
struct CandidateSpec {
  const char* name;
  double east_m;
  double north_m;
  int capacity;
};
constexpr std::array<CandidateSpec, 6> kCandidates = {{
    {"盐河南岸空地", 120, -620, 60},
    {"朝阳苑东侧商铺", 520, -60, 40},
    {"海连新村北门车棚", -380, 330, 30},
    {"新海花园会所", 180, 360, 50},
    {"蔷薇华庭底商", -20, -360, 40},
    {"西侧旧厂房", -720, -150, 80},
}};

int Index(int column, int row) {
  return (row + kHalfLanes) * (2 * kHalfLanes + 1) + (column + kHalfLanes);
}

bool IsBridge(int column) {
  for (int c : kBridgeColumns) {
    if (c == column) return true;
  }
  return false;
}

}  // namespace

planning::RawNetwork HailianStreetGrid(uint64_t seed) {
  planning::RawNetwork raw;
  core::Rng random(seed ^ 0x6e6574776f726bULL);  // "network": its own stream
  for (int row = -kHalfLanes; row <= kHalfLanes; ++row) {
    for (int column = -kHalfLanes; column <= kHalfLanes; ++column) {
      const double east = column * kLaneSpacingM + (2 * random.UniformReal() - 1) * kJitterM;
      const double north = row * kLaneSpacingM + (2 * random.UniformReal() - 1) * kJitterM;
      raw.points.push_back(core::OffsetMeters(kHailianCentre, east, north));
    }
  }
  auto edge = [&](int a, int b) {
    const auto ua = static_cast<std::uint32_t>(a);
    const auto ub = static_cast<std::uint32_t>(b);
    raw.edges.push_back({ua, ub, core::HaversineMeters(raw.points[ua], raw.points[ub])});
  };
  for (int row = -kHalfLanes; row <= kHalfLanes; ++row) {
    for (int column = -kHalfLanes; column <= kHalfLanes; ++column) {
      if (column < kHalfLanes) edge(Index(column, row), Index(column + 1, row));
      const bool crosses_canal = row == kCanalSouthRow;
      if (row < kHalfLanes && (!crosses_canal || IsBridge(column))) {
        edge(Index(column, row), Index(column, row + 1));
      }
    }
  }
  return raw;
}

StatusOr<DemoNetworkReport> WriteDemoNetwork(store::Writer& w, uint64_t seed, int64_t now) {
  DemoNetworkReport report;
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::NetworkRow> stored, store::ListNetworks(w));
  bool real_walk_network = false;
  for (const store::NetworkRow& n : stored) {
    if (n.kind == "walk" && !n.synthetic) real_walk_network = true;
  }
  if (!real_walk_network) {
    ALLEY_ASSIGN_OR_RETURN(planning::Graph graph,
                           planning::BuildWalkingGraph(HailianStreetGrid(seed), {}));
    planning::NetworkOrigin origin;
    origin.source = "synthetic street grid of the Hailian demo (seed " + std::to_string(seed) + ")";
    origin.by = "demo";
    origin.synthetic = true;
    ALLEY_RETURN_IF_ERROR(SaveNetwork(w, planning::kWalkNetwork, graph, origin, now).status());
    report.network_written = true;
    report.vertices = graph.vertex_count();
    report.edges = static_cast<int64_t>(graph.arc_count() / 2);
  }
  ALLEY_RETURN_IF_ERROR(
      store::DeleteSyntheticCandidateSites(w, std::string(kHailianCode)).status());
  for (const CandidateSpec& c : kCandidates) {
    store::CandidateSiteRow row;
    row.unit_code = std::string(kHailianCode);
    row.name = c.name;
    const core::LatLon at = core::OffsetMeters(kHailianCentre, c.east_m, c.north_m);
    row.lat = at.lat;
    row.lon = at.lon;
    row.capacity = c.capacity;
    row.note = "synthetic candidate site of the demo";
    row.synthetic = true;
    ALLEY_RETURN_IF_ERROR(store::InsertCandidateSite(w, row).status());
    ++report.candidates;
  }
  return report;
}

}  // namespace alley::demo
