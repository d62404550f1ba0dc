// Planning's stage 1: an OpenStreetMap extract (.osm.pbf or .osm XML) becomes
// the points and edges of a street network (RawNetwork), for walking or for
// driving, with libosmium.
//
//   ALLEY_ASSIGN_OR_RETURN(OsmImport import, ReadOsmNetwork("monaco.osm.pbf", {}));
//   ALLEY_ASSIGN_OR_RETURN(Graph g, BuildWalkingGraph(import.network, {}));
//
// Every node of a kept way becomes a point (no simplification) and every
// consecutive pair of its nodes an edge whose length is the haversine distance
// between them (core::HaversineMeters). A node several ways share is one
// point; so are distinct nodes at the very same location (OSM's 1e-7°), which
// joins ways drawn through one spot without a shared node, and no edge has
// length 0. Points are numbered in the order they are first met, edges in the
// order of the file.
//
// Which ways are kept. Only ways with a highway=* tag are considered (a way
// without one, a building or a river, is not a street: counted in
// ways_not_highway). The rules below are tried in order and the first that
// matches decides; a highway way no rule keeps is skipped (ways_skipped):
//
//   both   highway=proposed|construction|abandoned|disused|razed  skip: not passable today
//   both   area=yes                                   skip: a plaza's outline is not a path
//   walk   foot=no|use_sidepath                       skip (use_sidepath: the sidewalk is mapped
//                                                     as a way of its own)
//   walk   foot=yes|designated|permissive             keep, whatever the highway (trunk too)
//   drive  motor_vehicle=no|private, motorcar=no|private  skip
//   both   access=no|private                          skip
//   walk   highway=footway|path|pedestrian|steps|living_street|residential|service|
//                  unclassified|road|track|cycleway|corridor|bridleway|
//                  tertiary|secondary|primary (and their _link)        keep
//   drive  highway=motorway|trunk|primary|secondary|tertiary (and their _link)|
//                  unclassified|residential|living_street|service|road  keep
//
// So for walking motorway(_link) and trunk(_link) are skipped unless foot=yes
// (or designated, permissive); so are highway=platform (a bus or rail
// platform, mostly a sliver beside a sidewalk already mapped, often a
// polygon), elevator, raceway, bus_guideway and every other value. One-way
// rules do not bind pedestrians: every walking edge has oneway = false.
//
// Driving: an edge is one-way (RawNetwork::Edge::oneway, a → b only) when its
// way has oneway=yes|true|1, or has no oneway tag and is highway=motorway or
// junction=roundabout|circular; oneway=-1|reverse stores the edge reversed
// (a is the way's later node) with oneway = true; any other oneway value
// (no, reversible, alternating) leaves it two-way.
//
// A bounding box keeps a segment when both of its nodes lie inside it (the
// box's edges included); a way crossing the box's edge loses the segments
// outside. A segment whose node the extract does not hold (a way cut at an
// extract's border) or holds without a valid location is dropped and counted;
// so is one whose two ends are one point (a node repeated, A A), which is no
// edge. Nodes must come before the ways that use them, as in every extract
// (osmium sort puts a file in that order).
//
// Errors: kNotFound when the file does not exist (the message names it);
// kPermissionDenied when it may not be read; kInvalidArgument when the path is
// a directory, the format cannot be told from the file's name, the format name
// is not "pbf" or "xml", or the bounding box is not valid (min ≤ max,
// coordinates in range); kDataLoss when the bytes are empty or not a readable
// OSM file of that format (malformed, truncated: "FILE: <libosmium's
// reason>"); kFailedPrecondition when no way passes the rules or no segment
// survives the box and the missing nodes; kResourceExhausted when memory runs
// out. libosmium's exceptions are caught here and never leave.
//
// Thread safety: independent calls may run on different threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/geo.h"
#include "core/status.h"
#include "planning/graph.h"

namespace alley::planning {

enum class OsmMode {
  kWalk,   // pedestrians: every street both ways
  kDrive,  // motor vehicles: one-way streets marked
};

// A box in degrees: min is the south-west corner, max the north-east one.
struct LatLonBox {
  core::LatLon min;
  core::LatLon max;
};

struct OsmOptions {
  OsmMode mode = OsmMode::kWalk;
  std::optional<LatLonBox> bbox;  // unset: the whole extract
};

// What the reader saw and what it kept.
struct OsmImportStats {
  std::uint64_t nodes_read = 0;
  std::uint64_t ways_read = 0;
  std::uint64_t ways_not_highway = 0;       // no highway=* tag: not considered
  std::uint64_t ways_kept = 0;              // highway ways a rule kept
  std::uint64_t ways_skipped = 0;           // highway ways the rules skipped
  std::uint64_t segments_kept = 0;          // = network.edges.size()
  std::uint64_t segments_missing_node = 0;  // a node absent or without a valid location
  std::uint64_t segments_outside_bbox = 0;  // a node outside the bounding box
  std::uint64_t segments_same_point = 0;    // both ends at one location: no edge
};

struct OsmImport {
  RawNetwork network;
  OsmImportStats stats;
};

// The network of the extract at `path`, its format told by libosmium from the
// name (.osm.pbf, .pbf, .osm, .osm.gz, .osm.bz2, ...). Errors as above.
StatusOr<OsmImport> ReadOsmNetwork(const std::string& path, const OsmOptions& options);

// The same from bytes in memory: `format` is "pbf" or "xml" (uncompressed
// .osm). For tests and fuzzing; messages name the input "<format> buffer".
StatusOr<OsmImport> ReadOsmNetworkFromBuffer(std::string_view data, std::string_view format,
                                             const OsmOptions& options);

}  // namespace alley::planning
