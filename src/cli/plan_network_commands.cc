// `alley plan network`, `alley plan export-graph` and `alley plan reach`:
// the stored walking network and bounded searches on it (planning/graph.h,
// planning/catchments.h).
#include <fmt/format.h>

#include <cstdio>
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
#include "store/planning_store.h"

namespace alley::cli {
namespace {

// Writes `text` to `path` whole: into a temporary file beside it, renamed
// over it only once complete, so a failure never leaves half a file.
Status WriteFileWhole(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError("cannot write " + partial.string());
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return UnavailableError("cannot write " + partial.string());
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) return UnavailableError("cannot write " + path.string() + ": " + error.message());
  return OkStatus();
}

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
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "export-graph",
      "Write the walking network as DIR/nodes.csv (id,lon,lat) and DIR/edges.csv (u,v,w):\n"
      "0-based vertex ids, each street once (u < v), w in whole deciseconds of walking");
  cmd->add_option("DIR", args->dir, "the folder to write into (created when missing)")->required();
  cmd->callback([&context, args] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(planning::StoredNetwork net,
                             planning::LoadNetwork(*store, planning::kWalk));
      const planning::Graph& g = net.graph;
      std::error_code error;
      std::filesystem::create_directories(args->dir, error);
      if (error) return UnavailableError("cannot create " + args->dir + ": " + error.message());
      const std::string nodes = planning::NodesCsv(g);
      const std::string text = planning::EdgesCsv(g);
      const std::filesystem::path dir(args->dir);
      ALLEY_RETURN_IF_ERROR(WriteFileWhole(dir / "nodes.csv", nodes));
      ALLEY_RETURN_IF_ERROR(WriteFileWhole(dir / "edges.csv", text));
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
        ALLEY_ASSIGN_OR_RETURN(
            fingerprint,
            planning::SaveNetwork(w, planning::kWalk, g, origin, Now().time_since_epoch().count()));
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
                             planning::LoadNetwork(*store, planning::kWalk));
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
  RegisterExportGraph(plan, context);
  RegisterImportGraph(plan, context);
  RegisterReach(plan, context);
}

}  // namespace alley::cli
