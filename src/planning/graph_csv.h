// A walking network as two CSV files, the form other engines read (pgRouting,
// scipy, igraph, QGIS): nodes.csv `id,lon,lat` and edges.csv `u,v,w`, ids
// 0-based, each street once with u < v, w in whole deciseconds.
//
//   std::string nodes = NodesCsv(graph), edges = EdgesCsv(graph);
//   ALLEY_ASSIGN_OR_RETURN(Graph back, ParseGraphCsv(nodes, edges, {"nodes.csv", "edges.csv"}));
//
// Reading takes what writing gives and what a user's generator or another
// tool gives: columns in any order (extra columns refused), ids in any order
// but each of 0..n-1 exactly once, an edge listed once in either direction
// (both directions may be listed if their weights agree), no renumbering, so
// a graph read back is exported unchanged. Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "planning/graph.h"

namespace alley::planning {

// Coordinates with 7 decimals (about 1 cm); LF line ends, no BOM.
std::string NodesCsv(const Graph& graph);
std::string EdgesCsv(const Graph& graph);

struct GraphCsvNames {
  std::string_view nodes = "nodes.csv";  // for error messages
  std::string_view edges = "edges.csv";
};

// The symmetric graph of the two files. kInvalidArgument naming the file and
// line: a malformed row, an id that is not a whole number, a missing or
// repeated node id, a coordinate out of range, an edge naming a missing node,
// a negative or non-integer or too large weight, one street listed with two
// different weights; kFailedPrecondition when there is no node.
StatusOr<Graph> ParseGraphCsv(std::string_view nodes, std::string_view edges,
                              const GraphCsvNames& names);

}  // namespace alley::planning
