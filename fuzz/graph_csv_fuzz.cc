// libFuzzer target: ParseGraphCsv over arbitrary bytes, split at the first
// NUL byte into nodes.csv (before) and edges.csv (after; empty when there is
// no NUL). A CSV field may not hold a NUL, so the split loses nothing the
// parser could accept.
//
// Beyond "no crash, no sanitizer report, no exception out" it checks what
// graph_csv.h promises: a failure is kInvalidArgument or kFailedPrecondition;
// an accepted graph is symmetric, and written out with NodesCsv/EdgesCsv and
// read back it is the same graph (the same vertices and streets, each point
// within the 7 decimals written), and writing that again gives the same bytes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/status.h"
#include "planning/graph.h"
#include "planning/graph_csv.h"

namespace {

namespace planning = ::alley::planning;
using ::alley::StatusCode;
using ::alley::StatusOr;

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "graph_csv_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = bytes.find('\0');
  const std::string_view nodes = bytes.substr(0, split);
  const std::string_view edges =
      split == std::string_view::npos ? std::string_view() : bytes.substr(split + 1);
  const StatusOr<planning::Graph> got = planning::ParseGraphCsv(nodes, edges, {});
  if (!got.ok()) {
    if (got.status().code() != StatusCode::kInvalidArgument &&
        got.status().code() != StatusCode::kFailedPrecondition) {
      Fail("undocumented error", got.status().ToString());
    }
    return 0;
  }
  const planning::Graph& g = *got;
  if (!g.symmetric()) Fail("graph", "not symmetric");
  const std::string nodes_out = planning::NodesCsv(g);
  const std::string edges_out = planning::EdgesCsv(g);
  const StatusOr<planning::Graph> back = planning::ParseGraphCsv(nodes_out, edges_out, {});
  if (!back.ok()) Fail("its own CSV refused", back.status().ToString());
  if (back->vertex_count() != g.vertex_count()) Fail("round trip", "vertex count differs");
  if (back->arc_count() != g.arc_count()) Fail("round trip", "arc count differs");
  for (planning::VertexId v = 0; v < g.vertex_count(); ++v) {
    if (std::abs(back->Point(v).lat - g.Point(v).lat) > 0.6e-7 ||
        std::abs(back->Point(v).lon - g.Point(v).lon) > 0.6e-7) {
      Fail("round trip", "vertex " + std::to_string(v) + " moved");
    }
  }
  if (planning::EdgesCsv(*back) != edges_out) Fail("round trip", "edges.csv differs");
  if (planning::NodesCsv(*back) != nodes_out) Fail("round trip", "nodes.csv differs");
  return 0;
}
