// `alley plan network`, `alley plan export-graph` and `alley plan reach`:
// the stored walking network and bounded searches on it (planning/graph.h,
// planning/catchments.h).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/output.h"
#include "cli/plan_commands.h"
#include "planning/catchments.h"
#include "planning/graph_csv.h"
#include "planning/network_store.h"
#include "planning/osm_import.h"
#include "planning/plan_geojson.h"
#include "store/planning_store.h"

namespace alley::cli {
namespace {

// The vertex ids of a sources file: one non-negative integer a line; blank
// lines and lines starting with # are skipped; a header line "source" or
// "vertex" is allowed first. Each vertex once, in the order first listed.
StatusOr<std::vector<planning::VertexId>> ReadSources(const std::string& path,
                                                      const planning::Graph& graph) {
  std::ifstream in(path);
  if (!in) return NotFoundError(path + ": cannot open the sources file");
  std::vector<planning::VertexId> sources;
  std::vector<bool> seen(graph.vertex_count(), false);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    const std::string text = line.substr(start);
    if (sources.empty() && (text == "source" || text == "vertex" || text == "id")) continue;
    std::uint64_t id = 0;
    bool digits = !text.empty() && text.size() <= 10;
    for (char c : text) {
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      id = id * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (!digits) {
      return InvalidArgumentError(
          fmt::format("{}:{}: \"{}\" is not a vertex id (a whole number)", path, number, text));
    }
    if (id >= graph.vertex_count()) {
      return InvalidArgumentError(
          fmt::format("{}:{}: vertex {} is not in the network ({} vertices, "
                      "ids 0 to {})",
                      path, number, id, graph.vertex_count(), graph.vertex_count() - 1));
    }
    if (seen[id]) continue;
    seen[id] = true;
    sources.push_back(static_cast<planning::VertexId>(id));
  }
  if (in.bad()) return UnavailableError(path + ": cannot read the sources file");
  return sources;
}

void RegisterNetwork(CLI::App* plan, Context& context) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = plan->add_subcommand("network", "The stored networks: source, size, fingerprint");
  cmd->add_flag("--json", *json, "print them as JSON");
  cmd->callback([&context, json] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      std::vector<store::NetworkRow> rows;
      ALLEY_RETURN_IF_ERROR(store->Read([&](store::Reader& r) -> Status {
        ALLEY_ASSIGN_OR_RETURN(rows, store::ListNetworks(r));
        return OkStatus();
      }));
      if (*json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::NetworkRow& n : rows) {
          items.push_back({{"kind", n.kind},
                           {"source", n.source},
                           {"vertices", n.vertices},
                           {"edges", n.edges},
                           {"fingerprint", n.fingerprint},
                           {"imported_at", n.imported_at},
                           {"imported_by", n.imported_by},
                           {"synthetic", n.synthetic}});
        }
        PrintJson({{"networks", items}});
        return OkStatus();
      }
      if (rows.empty())
        std::cout << "no network stored (alley plan import-osm FILE, or alley demo)\n";
      for (const store::NetworkRow& n : rows) {
        std::cout << n.kind << ": " << Thousands(n.vertices) << " vertices, " << Thousands(n.edges)
                  << " edges, from " << n.source << (n.synthetic ? " (synthetic)" : "")
                  << "\n  fingerprint " << n.fingerprint << "\n";
      }
      return OkStatus();
    });
  });
}

void RegisterExportGraph(CLI::App* plan, Context& context) {
  struct Args {
    std::string dir;
    bool geojson = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "export-graph",
      "Write the walking network as DIR/nodes.csv (id,lon,lat) and DIR/edges.csv (u,v,w):\n"
      "0-based vertex ids, each street once (u < v), w in whole deciseconds of walking");
  cmd->add_option("DIR", args->dir, "the folder to write into (created when missing)")->required();
  cmd->add_flag(
      "--geojson", args->geojson,
      "also write DIR/edges.geojson: the streets as LineStrings (u, v, minutes), for QGIS");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(planning::StoredNetwork net,
                             planning::LoadNetwork(*store, planning::kWalkNetwork));
      const planning::Graph& g = net.graph;
      std::error_code error;
      std::filesystem::create_directories(args->dir, error);
      if (error) return UnavailableError("cannot create " + args->dir + ": " + error.message());
      const std::string nodes = planning::NodesCsv(g);
      const std::string text = planning::EdgesCsv(g);
      const std::filesystem::path dir(args->dir);
      ALLEY_RETURN_IF_ERROR(WriteFileWhole(dir / "nodes.csv", nodes));
      ALLEY_RETURN_IF_ERROR(WriteFileWhole(dir / "edges.csv", text));
      if (args->geojson) {
        ALLEY_ASSIGN_OR_RETURN(nlohmann::json edges,
                               planning::NetworkGeoJson(g, std::nullopt, SIZE_MAX));
        ALLEY_RETURN_IF_ERROR(WriteFileWhole(dir / "edges.geojson", edges.dump() + "\n"));
      }
      std::cerr << "wrote " << Thousands(g.vertex_count()) << " nodes and "
                << Thousands(static_cast<int64_t>(g.arc_count() / 2)) << " edges to " << args->dir
                << "\n";
      return OkStatus();
    });
  });
}

StatusOr<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path.string() + ": cannot open");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return UnavailableError(path.string() + ": cannot read");
  return text;
}

// "minlon,minlat,maxlon,maxlat" (the order of osmium and OSM's own API).
StatusOr<planning::LatLonBox> ParseBbox(const std::string& text) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size()) {
      return InvalidArgumentError("--bbox " + text + ": \"" + part + "\" is not a number");
    }
    values.push_back(v);
    start = comma + 1;
  }
  if (values.size() != 4) {
    return InvalidArgumentError("--bbox " + text + ": four numbers, minlon,minlat,maxlon,maxlat");
  }
  planning::LatLonBox box{{values[1], values[0]}, {values[3], values[2]}};
  if (!core::IsValidLatLon(box.min) || !core::IsValidLatLon(box.max) ||
      box.min.lat >= box.max.lat || box.min.lon >= box.max.lon) {
    return InvalidArgumentError("--bbox " + text +
                                ": not a box (minlon < maxlon, minlat < maxlat, in degrees)");
  }
  return box;
}

void RegisterImportOsm(CLI::App* plan, Context& context) {
  struct Args {
    std::string file, bbox, network = "walk";
    double speed = 0;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "import-osm",
      "Read an OpenStreetMap extract (.osm.pbf, .osm, .osm.gz, .osm.bz2) into the walking\n"
      "network (footways, paths, steps, residential and service streets, crossings; no\n"
      "motorways; one-way rules do not bind pedestrians), or with --network drive the\n"
      "driving one; keep the largest connected component, order it along a Hilbert curve\n"
      "and store it (replacing the one before only once the whole file has been read)");
  cmd->add_option("FILE", args->file, "the extract")->required();
  cmd->add_option("--bbox", args->bbox, "only this box: minlon,minlat,maxlon,maxlat (WGS-84)");
  cmd->add_option("--network", args->network, "walk (default) or drive")
      ->check(CLI::IsMember({"walk", "drive"}));
  cmd->add_option("--speed", args->speed,
                  "m/s (default 1.0 walking, as GB 50180-2018's circles; 8.33 driving)");
  cmd->add_flag("--json", args->json, "print what was read and kept as JSON");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      planning::OsmOptions options;
      const bool drive = args->network == "drive";
      options.mode = drive ? planning::OsmMode::kDrive : planning::OsmMode::kWalk;
      if (!args->bbox.empty()) {
        ALLEY_ASSIGN_OR_RETURN(options.bbox, ParseBbox(args->bbox));
      }
      ALLEY_ASSIGN_OR_RETURN(planning::OsmImport read,
                             planning::ReadOsmNetwork(args->file, options));
      planning::Graph g;
      if (drive) {
        planning::DrivingOptions o;
        if (args->speed != 0) o.speed_mps = args->speed;
        ALLEY_ASSIGN_OR_RETURN(g, planning::BuildDrivingGraph(read.network, o));
      } else {
        planning::WalkingOptions o;
        if (args->speed != 0) o.speed_mps = args->speed;
        ALLEY_ASSIGN_OR_RETURN(g, planning::BuildWalkingGraph(read.network, o));
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      planning::NetworkOrigin origin;
      origin.source = std::filesystem::path(args->file).filename().string();
      if (!args->bbox.empty()) origin.source += " (bbox " + args->bbox + ")";
      origin.by = CliActor().username;
      std::string fingerprint;
      ALLEY_RETURN_IF_ERROR(store->Write([&](store::Writer& w) -> Status {
        ALLEY_ASSIGN_OR_RETURN(
            fingerprint,
            planning::SaveNetwork(w, args->network, g, origin, Now().time_since_epoch().count()));
        return OkStatus();
      }));
      const planning::OsmImportStats& st = read.stats;
      const auto edges = static_cast<int64_t>(g.symmetric() ? g.arc_count() / 2 : g.arc_count());
      const auto dropped = static_cast<int64_t>(read.network.points.size()) - g.vertex_count();
      if (args->json) {
        PrintJson({{"network", args->network},
                   {"source", origin.source},
                   {"fingerprint", fingerprint},
                   {"vertices", g.vertex_count()},
                   {"edges", edges},
                   {"points_read", read.network.points.size()},
                   {"points_outside_largest_component", dropped},
                   {"ways_read", st.ways_read},
                   {"ways_kept", st.ways_kept},
                   {"ways_skipped", st.ways_skipped},
                   {"segments_missing_node", st.segments_missing_node},
                   {"segments_outside_bbox", st.segments_outside_bbox}});
        return OkStatus();
      }
      std::cout << args->network << " network from " << origin.source << ": "
                << Thousands(g.vertex_count()) << " vertices, " << Thousands(edges) << " "
                << (drive ? "arcs" : "edges") << "\n  "
                << Thousands(static_cast<int64_t>(st.ways_kept)) << " ways kept of "
                << Thousands(static_cast<int64_t>(st.ways_read)) << "; " << Thousands(dropped)
                << " points outside the largest connected component left out\n"
                << "  fingerprint " << fingerprint << "\n";
      return OkStatus();
    });
  });
}

void RegisterImportGraph(CLI::App* plan, Context& context) {
  struct Args {
    std::string dir;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "import-graph",
      "Store DIR/nodes.csv (id,lon,lat) and DIR/edges.csv (u,v,w deciseconds) as the walking\n"
      "network, as they are (ids kept): the inverse of export-graph, for a network made by\n"
      "another tool or a generator. Every row is checked first; nothing is replaced on error");
  cmd->add_option("DIR", args->dir, "the folder holding nodes.csv and edges.csv")->required();
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      const std::filesystem::path dir(args->dir);
      ALLEY_ASSIGN_OR_RETURN(std::string nodes, ReadWholeFile(dir / "nodes.csv"));
      ALLEY_ASSIGN_OR_RETURN(std::string edges, ReadWholeFile(dir / "edges.csv"));
      const std::string nodes_name = (dir / "nodes.csv").string();
      const std::string edges_name = (dir / "edges.csv").string();
      ALLEY_ASSIGN_OR_RETURN(planning::Graph g,
                             planning::ParseGraphCsv(nodes, edges, {nodes_name, edges_name}));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      planning::NetworkOrigin origin;
      origin.source = std::filesystem::absolute(dir).lexically_normal().string();
      origin.by = CliActor().username;
      std::string fingerprint;
      ALLEY_RETURN_IF_ERROR(store->Write([&](store::Writer& w) -> Status {
        ALLEY_ASSIGN_OR_RETURN(fingerprint,
                               planning::SaveNetwork(w, planning::kWalkNetwork, g, origin,
                                                     Now().time_since_epoch().count()));
        return OkStatus();
      }));
      std::cout << "walk network: " << Thousands(g.vertex_count()) << " vertices, "
                << Thousands(static_cast<int64_t>(g.arc_count() / 2)) << " edges\n  fingerprint "
                << fingerprint << "\n";
      return OkStatus();
    });
  });
}

void RegisterReach(CLI::App* plan, Context& context) {
  struct Args {
    std::string sources, out;
    int64_t limit = -1;
    unsigned threads = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "reach",
      "Every vertex within W deciseconds of each source on the walking network, as\n"
      "source,vertex,w (w <= W; the source itself at 0), as pgRouting's pgr_drivingDistance\n"
      "on the undirected graph of export-graph; by source as listed, then vertex");
  cmd->add_option("--sources", args->sources, "a file of vertex ids, one a line")->required();
  cmd->add_option("--limit", args->limit, "W, the bound in deciseconds (0 or more)")->required();
  cmd->add_option("--out", args->out, "write the CSV to this file (default: stdout)");
  cmd->add_option("--threads", args->threads, "threads to search on (default: all)");
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      if (args->limit < 0 || args->limit >= planning::kUnreachable) {
        return InvalidArgumentError(
            fmt::format("--limit {}: must be a whole number of deciseconds "
                        "from 0 to {}",
                        args->limit, planning::kUnreachable - 1));
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(planning::StoredNetwork net,
                             planning::LoadNetwork(*store, planning::kWalkNetwork));
      ALLEY_ASSIGN_OR_RETURN(std::vector<planning::VertexId> sources,
                             ReadSources(args->sources, net.graph));
      std::vector<std::vector<planning::Seed>> seeds;
      seeds.reserve(sources.size());
      for (planning::VertexId s : sources) seeds.push_back({{s, 0, 0}});
      ALLEY_ASSIGN_OR_RETURN(
          planning::Catchments reached,
          planning::ReachAll(net.graph, seeds, static_cast<planning::Deciseconds>(args->limit),
                             args->threads));
      std::string text = "source,vertex,w\n";
      text.reserve(text.size() + reached.vertex.size() * 20);
      for (std::size_t i = 0; i < sources.size(); ++i) {
        for (std::uint64_t k = reached.first[i]; k < reached.first[i + 1]; ++k) {
          fmt::format_to(std::back_inserter(text), "{},{},{}\n", sources[i], reached.vertex[k],
                         reached.time[k]);
        }
      }
      if (args->out.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0 ? OkStatus() : UnavailableError("cannot write to stdout");
      }
      return WriteFileWhole(args->out, text);
    });
  });
}

}  // namespace

void RegisterPlanNetwork(CLI::App* plan, Context& context) {
  RegisterNetwork(plan, context);
  RegisterImportOsm(plan, context);
  RegisterExportGraph(plan, context);
  RegisterImportGraph(plan, context);
  RegisterReach(plan, context);
}

}  // namespace alley::cli
