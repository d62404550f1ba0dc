// libFuzzer target: ReadOsmNetworkFromBuffer over arbitrary bytes, read as
// XML when they start with '<' and as PBF otherwise (the seeds in
// corpus/osm_import hold both), for walking and for driving.
//
// Beyond "no crash, no sanitizer report, no exception out" it checks what the
// reader promises: a failure has one of the documented codes; a network's
// edges name points that exist, join two distinct points and have a positive,
// finite length; every point is a valid coordinate; a walking edge is never
// one-way; the counts add up.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/geo.h"
#include "core/status.h"
#include "planning/osm_import.h"

namespace {

namespace planning = ::alley::planning;
using ::alley::StatusCode;
using ::alley::StatusOr;

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "osm_import_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

void Check(std::string_view data, std::string_view format, planning::OsmMode mode) {
  const StatusOr<planning::OsmImport> got =
      planning::ReadOsmNetworkFromBuffer(data, format, planning::OsmOptions{.mode = mode});
  if (!got.ok()) {
    switch (got.status().code()) {
      case StatusCode::kDataLoss:
      case StatusCode::kFailedPrecondition:
      case StatusCode::kResourceExhausted:
        return;
      default:
        Fail("undocumented error", got.status().ToString());
    }
  }
  const planning::RawNetwork& net = got->network;
  const planning::OsmImportStats& stats = got->stats;
  if (net.edges.empty()) Fail("success without an edge", "");
  if (stats.segments_kept != net.edges.size()) Fail("segments_kept", "differs from edges");
  if (stats.ways_kept + stats.ways_skipped + stats.ways_not_highway != stats.ways_read) {
    Fail("way counts", "kept + skipped + not highway != read");
  }
  for (const alley::core::LatLon& p : net.points) {
    if (!alley::core::IsValidLatLon(p)) {
      Fail("invalid point", std::to_string(p.lat) + "," + std::to_string(p.lon));
    }
  }
  for (const planning::RawNetwork::Edge& e : net.edges) {
    if (e.a >= net.points.size() || e.b >= net.points.size()) Fail("edge", "point past the end");
    if (e.a == e.b) Fail("edge", "a loop");
    if (!std::isfinite(e.length_m) || e.length_m <= 0) {
      Fail("edge length", std::to_string(e.length_m));
    }
    if (mode == planning::OsmMode::kWalk && e.oneway) Fail("edge", "one-way for walking");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string_view format = !bytes.empty() && bytes[0] == '<' ? "xml" : "pbf";
  Check(bytes, format, planning::OsmMode::kWalk);
  Check(bytes, format, planning::OsmMode::kDrive);
  return 0;
}
