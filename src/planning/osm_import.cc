#include "planning/osm_import.h"

#include <cerrno>
#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>
#include <new>
#include <optional>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/index/map/sparse_mem_array.hpp>
#include <osmium/io/bzip2_compression.hpp>
#include <osmium/io/error.hpp>
#include <osmium/io/file.hpp>
#include <osmium/io/gzip_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/reader.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/entity_bits.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>
#include <protozero/exception.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace alley::planning {
namespace {

// Which modes a rule applies to.
enum Modes : unsigned { kWalkOnly = 1, kDriveOnly = 2, kBothModes = 3 };

enum class Verdict { kKeep, kSkip };

// One filter rule: when the way's `key` has one of `values` ("a|b|c"), the
// way is kept or skipped. The rules are tried in order, the first match
// decides; a way no rule matches is skipped. Documented in osm_import.h.
struct Rule {
  Modes modes;
  std::string_view key;
  std::string_view values;
  Verdict verdict;
};

constexpr Rule kRules[] = {
    // A street being planned, built or long gone cannot be walked today, even
    // when it says foot=yes.
    {kBothModes, "highway", "proposed|construction|abandoned|disused|razed", Verdict::kSkip},
    // A plaza or a parking lot drawn as a polygon: its outline is not a path
    // (its inside is crossed along the footways mapped through it).
    {kBothModes, "area", "yes", Verdict::kSkip},
    // use_sidepath: pedestrians must use the sidewalk, mapped as its own way.
    {kWalkOnly, "foot", "no|use_sidepath", Verdict::kSkip},
    // An explicit permission beats the highway's class (a trunk road with a
    // sidewalk is tagged foot=yes) and a general access=no.
    {kWalkOnly, "foot", "yes|designated|permissive", Verdict::kKeep},
    {kDriveOnly, "motor_vehicle", "no|private", Verdict::kSkip},
    {kDriveOnly, "motorcar", "no|private", Verdict::kSkip},
    {kBothModes, "access", "no|private", Verdict::kSkip},
    // Walkable by default. Not here, so skipped unless foot=yes: motorway and
    // trunk (and their _link), platform (a sliver beside a mapped sidewalk,
    // often a polygon), elevator, raceway, bus_guideway and unknown values.
    {kWalkOnly, "highway",
     "footway|path|pedestrian|steps|living_street|residential|service|unclassified|road|track|"
     "cycleway|corridor|bridleway|tertiary|tertiary_link|secondary|secondary_link|primary|"
     "primary_link",
     Verdict::kKeep},
    // Drivable by default (road: a road whose class is not yet known).
    {kDriveOnly, "highway",
     "motorway|motorway_link|trunk|trunk_link|primary|primary_link|secondary|secondary_link|"
     "tertiary|tertiary_link|unclassified|residential|living_street|service|road",
     Verdict::kKeep},
};

// Whether `value` is one of the '|'-separated `values`.
bool OneOf(std::string_view value, std::string_view values) {
  while (true) {
    const std::size_t bar = values.find('|');
    if (values.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) return false;
    values.remove_prefix(bar + 1);
  }
}

Modes ModeBit(OsmMode mode) { return mode == OsmMode::kWalk ? kWalkOnly : kDriveOnly; }

Verdict Classify(const osmium::TagList& tags, OsmMode mode) {
  const Modes bit = ModeBit(mode);
  for (const Rule& rule : kRules) {
    if ((rule.modes & bit) == 0) continue;
    const char* value = tags.get_value_by_key(rule.key.data());
    if (value != nullptr && OneOf(value, rule.values)) return rule.verdict;
  }
  return Verdict::kSkip;
}

enum class Direction { kBoth, kForward, kBackward };

// The driving direction of a way (osm_import.h).
Direction DriveDirection(const osmium::TagList& tags) {
  const char* oneway = tags.get_value_by_key("oneway");
  if (oneway == nullptr) {
    const char* highway = tags.get_value_by_key("highway");
    const char* junction = tags.get_value_by_key("junction");
    const bool implied = (highway != nullptr && std::string_view(highway) == "motorway") ||
                         (junction != nullptr && OneOf(junction, "roundabout|circular"));
    return implied ? Direction::kForward : Direction::kBoth;
  }
  if (OneOf(oneway, "yes|true|1")) return Direction::kForward;
  if (OneOf(oneway, "-1|reverse")) return Direction::kBackward;
  return Direction::kBoth;
}

bool Inside(core::LatLon p, const LatLonBox& box) {
  return p.lat >= box.min.lat && p.lat <= box.max.lat && p.lon >= box.min.lon &&
         p.lon <= box.max.lon;
}

// Builds the network from the ways, whose node locations NodeLocationsForWays
// has filled in before (invalid where the extract lacks the node).
class NetworkHandler : public osmium::handler::Handler {
 public:
  explicit NetworkHandler(const OsmOptions& options) : options_(options) {}

  void node(const osmium::Node& /*node*/) { ++stats_.nodes_read; }

  void way(const osmium::Way& way) {
    ++stats_.ways_read;
    const osmium::TagList& tags = way.tags();
    if (tags.get_value_by_key("highway") == nullptr) {
      ++stats_.ways_not_highway;
      return;
    }
    if (Classify(tags, options_.mode) == Verdict::kSkip) {
      ++stats_.ways_skipped;
      return;
    }
    ++stats_.ways_kept;
    const Direction direction =
        options_.mode == OsmMode::kDrive ? DriveDirection(tags) : Direction::kBoth;
    const osmium::WayNodeList& nodes = way.nodes();
    for (std::size_t i = 1; i < nodes.size(); ++i) {
      AddSegment(nodes[i - 1], nodes[i], direction);
    }
  }

  OsmImport Take() && {
    stats_.segments_kept = network_.edges.size();
    return OsmImport{std::move(network_), stats_};
  }

 private:
  void AddSegment(const osmium::NodeRef& from, const osmium::NodeRef& to, Direction direction) {
    if (!from.location().valid() || !to.location().valid()) {
      ++stats_.segments_missing_node;
      return;
    }
    if (from.location() == to.location()) {
      ++stats_.segments_same_point;
      return;
    }
    const core::LatLon p{from.location().lat(), from.location().lon()};
    const core::LatLon q{to.location().lat(), to.location().lon()};
    if (options_.bbox.has_value() && (!Inside(p, *options_.bbox) || !Inside(q, *options_.bbox))) {
      ++stats_.segments_outside_bbox;
      return;
    }
    RawNetwork::Edge edge{.a = PointOf(from.location(), p),
                          .b = PointOf(to.location(), q),
                          .length_m = core::HaversineMeters(p, q),
                          .oneway = direction != Direction::kBoth};
    if (direction == Direction::kBackward) std::swap(edge.a, edge.b);
    network_.edges.push_back(edge);
  }

  // The point at `location`: nodes are keyed by where they are, in OSM's
  // fixed 1e-7° units, so a node shared by ways and two nodes drawn on the
  // very same spot are one point.
  std::uint32_t PointOf(osmium::Location location, core::LatLon p) {
    const std::uint64_t key = (std::uint64_t{static_cast<std::uint32_t>(location.x())} << 32) |
                              static_cast<std::uint32_t>(location.y());
    auto [it, inserted] =
        point_of_location_.try_emplace(key, static_cast<std::uint32_t>(network_.points.size()));
    if (inserted) {
      // 2^32 points would be a network of continents, far beyond what a
      // planner reads; fail rather than wrap.
      if (network_.points.size() >= std::numeric_limits<std::uint32_t>::max()) {
        throw std::length_error("more than 2^32 - 1 points");
      }
      network_.points.push_back(p);
    }
    return it->second;
  }

  const OsmOptions& options_;
  RawNetwork network_;
  OsmImportStats stats_;
  std::unordered_map<std::uint64_t, std::uint32_t> point_of_location_;
};

Status ValidateBox(const LatLonBox& box) {
  if (!core::IsValidLatLon(box.min) || !core::IsValidLatLon(box.max)) {
    return InvalidArgumentError("bbox: corners must be finite, lat in -90..90, lon in -180..180");
  }
  if (box.min.lat > box.max.lat || box.min.lon > box.max.lon) {
    return InvalidArgumentError(
        "bbox: min must be south-west of max (min.lat <= max.lat, "
        "min.lon <= max.lon)");
  }
  return OkStatus();
}

std::string ModeName(OsmMode mode) { return mode == OsmMode::kWalk ? "walkable" : "drivable"; }

// Reads `file` and builds the network; `name` is the file's path or a
// buffer's description, for messages. Every exception libosmium (or
// protozero under it) throws becomes a Status here.
StatusOr<OsmImport> Read(const osmium::io::File& file, const std::string& name,
                         const OsmOptions& options) {
  if (options.bbox.has_value()) ALLEY_RETURN_IF_ERROR(ValidateBox(*options.bbox));
  const std::string prefix = name + ": ";
  try {
    // Node ids are positive in extracts of the OSM database, negative in
    // files drawn by hand in an editor (JOSM): both are indexed.
    using PositiveIndex =
        osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    using NegativeIndex =
        osmium::index::map::SparseMemArray<osmium::unsigned_object_id_type, osmium::Location>;
    PositiveIndex positive;
    NegativeIndex negative;
    osmium::handler::NodeLocationsForWays<PositiveIndex, NegativeIndex> locations(positive,
                                                                                  negative);
    locations.ignore_errors();  // a node outside the extract: that segment is dropped, counted
    NetworkHandler network(options);
    osmium::io::Reader reader(file, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way,
                              osmium::io::read_meta::no);
    osmium::apply(reader, locations, network);
    reader.close();
    OsmImport result = std::move(network).Take();
    if (result.stats.ways_kept == 0) {
      return FailedPreconditionError(prefix + "no " + ModeName(options.mode) + " way (" +
                                     std::to_string(result.stats.ways_read) + " ways read)");
    }
    if (result.network.edges.empty()) {
      return FailedPreconditionError(
          prefix + "no " + ModeName(options.mode) + " segment left: " +
          std::to_string(result.stats.segments_missing_node) + " lack a node, " +
          std::to_string(result.stats.segments_outside_bbox) + " lie outside the bbox");
    }
    return result;
  } catch (const osmium::unsupported_file_format_error& e) {
    return InvalidArgumentError(prefix + e.what());
  } catch (const std::system_error& e) {
    if (e.code() == std::errc::no_such_file_or_directory) return NotFoundError(prefix + e.what());
    if (e.code() == std::errc::permission_denied) return PermissionDeniedError(prefix + e.what());
    return DataLossError(prefix + e.what());
  } catch (const std::bad_alloc&) {
    return ResourceExhaustedError(prefix + "out of memory");
  } catch (const std::length_error& e) {
    return ResourceExhaustedError(prefix + e.what());
  } catch (const protozero::exception& e) {
    return DataLossError(prefix + "malformed PBF: " + e.what());
  } catch (const std::exception& e) {
    // osmium::io_error and its kin (pbf_error, xml_error, gzip_error,
    // bzip2_error, format_version_error) and the parsers' std::range_error
    // and std::invalid_argument: all say the bytes are not a readable file.
    return DataLossError(prefix + e.what());
  }
}

}  // namespace

StatusOr<OsmImport> ReadOsmNetwork(const std::string& path, const OsmOptions& options) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) return NotFoundError(path + ": no such file");
  if (std::filesystem::is_directory(status)) {
    return InvalidArgumentError(path + ": is a directory, not an OSM file");
  }
  // libosmium fetches a name that looks like a URL ("http:...") with curl and
  // reads "-" as standard input: an absolute path is always a local file.
  const std::string absolute = std::filesystem::absolute(path, error).string();
  if (error) return InvalidArgumentError(path + ": " + error.message());
  std::optional<osmium::io::File> file;
  try {
    file.emplace(absolute);
  } catch (const std::exception& e) {
    return InvalidArgumentError(path + ": " + e.what());
  }
  if (file->format() == osmium::io::file_format::unknown) {
    return InvalidArgumentError(path +
                                ": the OSM format cannot be told from the name (.osm.pbf, .pbf, "
                                ".osm, .osm.gz, .osm.bz2, ...)");
  }
  return Read(*file, path, options);
}

StatusOr<OsmImport> ReadOsmNetworkFromBuffer(std::string_view data, std::string_view format,
                                             const OsmOptions& options) {
  if (format != "pbf" && format != "xml") {
    return InvalidArgumentError("format: \"" + std::string(format) +
                                "\" is not an OSM format Alley reads (pbf, xml)");
  }
  const std::string name = std::string(format) + " buffer";
  // (libosmium reads standard input when a File has no bytes: never here.)
  if (data.empty()) return DataLossError(name + ": empty, not an OSM file");
  try {
    const osmium::io::File file(data.data(), data.size(), std::string(format));
    return Read(file, name, options);
  } catch (const std::exception& e) {
    return InvalidArgumentError(name + ": " + e.what());
  }
}

}  // namespace alley::planning
