// Catchments: travel-time-bounded shortest paths on a Graph.
//
// A BoundedSearch is one thread's workspace for Dijkstra's algorithm with a
// time limit: it settles every vertex within the limit of its seeds and
// touches nothing else, so a search costs what it reaches, not the size of
// the graph (the distance array is reset through the list of vertices the
// last search touched). One search may start from several seeds at once, each
// with a time already spent (a place snapped part-way along a street starts
// from both ends), and then answers, for every vertex, the nearest seed.
//
//   BoundedSearch search(graph);
//   for (const Reached& r : search.Run({{source, 0}}, MinutesToDeciseconds(15)))
//     use(r.vertex, r.time);
//
// A BoundedSearch is not thread-safe; give each thread its own. The graph
// must outlive it. ReachAll runs many sources on several threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "planning/graph.h"

namespace alley::planning {

// Where a search starts: a vertex and the time already spent reaching it.
struct Seed {
  VertexId vertex = 0;
  Deciseconds time = 0;
  std::uint32_t label = 0;  // whose seed this is (NearestSeed answers it)
};

// A vertex a search settled, and its shortest time from the seeds.
struct Reached {
  VertexId vertex = 0;
  Deciseconds time = 0;
};

class BoundedSearch {
 public:
  explicit BoundedSearch(const Graph& graph);

  // Settles every vertex whose shortest time from the seeds is ≤ `limit`, and
  // answers them in the order settled (ascending time). The answer is valid
  // until the next Run. Seeds past the limit or naming no vertex of the graph
  // are ignored (ALLEY_DCHECK in debug builds for the latter).
  std::span<const Reached> Run(std::span<const Seed> seeds, Deciseconds limit);

  // After Run: a vertex's time (kUnreachable when it was not settled) and the
  // label of the seed it is nearest (meaningful only when settled; ties go to
  // the seed listed first among equals of the same time, deterministically).
  Deciseconds TimeTo(VertexId v) const { return time_[v]; }
  std::uint32_t NearestSeed(VertexId v) const { return label_[v]; }

  // Heap pops of the last Run, settled or stale (for benchmarks).
  std::uint64_t relaxations() const { return relaxations_; }

 private:
  void Reset();

  const Graph& graph_;
  std::vector<Deciseconds> time_;
  std::vector<std::uint32_t> label_;
  std::vector<VertexId> touched_;
  std::vector<std::uint64_t> heap_;  // (time << 32 | vertex), a 4-ary min-heap
  std::vector<Reached> settled_;
  std::uint64_t relaxations_ = 0;
};

// The catchments of many sources: for each source its reached vertices
// (ascending vertex), as compressed rows: source i's are
// vertex[first[i] .. first[i + 1]) with time[...].
struct Catchments {
  std::vector<std::uint64_t> first{0};
  std::vector<VertexId> vertex;
  std::vector<Deciseconds> time;
  std::uint64_t relaxations = 0;
};

// Runs one bounded search per source (each source's seeds: one or more) on
// `threads` threads (0: the machine's hardware threads). The answer does not
// depend on the number of threads. kInvalidArgument when a seed names a
// vertex past the graph's last.
StatusOr<Catchments> ReachAll(const Graph& graph, std::span<const std::vector<Seed>> sources,
                              Deciseconds limit, unsigned threads);

}  // namespace alley::planning
