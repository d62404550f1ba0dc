// Catchments: bounded Dijkstra from many sources (planning::ReachAll), in
// process, on a graph in nodes.csv/edges.csv form.
//
//   export ALLEY_BENCH_GRAPH=DIR ALLEY_BENCH_SOURCES=FILE ALLEY_BENCH_LIMIT=9000
//   build/bench/alley_bench --benchmark_filter=Catchments
//   bench/catchments.sh   # the same beside scipy, igraph and pgRouting
//
// ALLEY_BENCH_GRAPH: a folder with nodes.csv and edges.csv (planning/graph_csv.h);
// unset, a synthetic 300 x 300 street lattice (90,000 vertices, blocks of 40 to
// 119 m, seeded) is built in process. ALLEY_BENCH_SOURCES: a file of vertex ids,
// one a line (header "source" allowed); unset, 1,000 vertices spread evenly over
// the ids. ALLEY_BENCH_LIMIT: W in deciseconds (default 9,000: 15 minutes).
//
//   BM_CatchmentsReachAll/threads:T  planning::ReachAll of every source on T
//                                    threads, as `alley plan reach` runs it
//                                    (without reading the store and writing CSV)
//   BM_CatchmentsSearch              one BoundedSearch on one thread, source after
//                                    source: the machine's rate for this search
//                                    (relaxations = heap pops per second)
//   BM_CatchmentsScan                the same reached vertices' arcs read in
//                                    vertex order, no heap: the memory-bound
//                                    floor a bounded Dijkstra cannot beat
// Counters: sources, pairs (source, vertex) reached, relaxations (heap pops)
// and sources per second: of real time for ReachAll (UseRealTime: it runs
// threads), of CPU time for the others.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "planning/catchments.h"
#include "planning/graph.h"
#include "planning/graph_csv.h"

namespace alley::planning {
namespace {

struct Setup {
  Graph graph;
  std::vector<std::vector<Seed>> sources;
  Deciseconds limit = 9000;
};

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A lattice of side x side street corners, blocks of 40 to 119 m walked at
// 1 m/s (a fixed linear congruential sequence).
Graph Lattice(std::uint32_t side) {
  std::vector<core::LatLon> points;
  std::vector<Arc> arcs;
  std::uint64_t state = 12345;
  auto next_w = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<Deciseconds>(400 + (state >> 33) % 800);
  };
  for (std::uint32_t y = 0; y < side; ++y) {
    for (std::uint32_t x = 0; x < side; ++x) {
      points.push_back({31.0 + y * 0.0007, 121.0 + x * 0.0008});
      const VertexId v = y * side + x;
      if (x + 1 < side) arcs.push_back({v, v + 1, next_w()});
      if (y + 1 < side) arcs.push_back({v, v + side, next_w()});
    }
  }
  StatusOr<Graph> g = Graph::FromArcs(std::move(points), arcs, /*symmetric=*/true);
  if (!g.ok()) throw std::runtime_error(g.status().ToString());
  return *std::move(g);
}

const Setup& TheSetup() {
  static const Setup* setup = [] {
    auto s = std::make_unique<Setup>();
    if (const char* dir = std::getenv("ALLEY_BENCH_GRAPH"); dir != nullptr && *dir != '\0') {
      const std::filesystem::path d(dir);
      StatusOr<Graph> g = ParseGraphCsv(ReadAll(d / "nodes.csv"), ReadAll(d / "edges.csv"), {});
      if (!g.ok()) throw std::runtime_error(g.status().ToString());
      s->graph = *std::move(g);
    } else {
      s->graph = Lattice(300);
    }
    if (const char* limit = std::getenv("ALLEY_BENCH_LIMIT"); limit != nullptr && *limit != '\0')
      s->limit = static_cast<Deciseconds>(std::stoul(limit));
    const std::uint32_t n = s->graph.vertex_count();
    if (const char* file = std::getenv("ALLEY_BENCH_SOURCES"); file != nullptr && *file != '\0') {
      std::ifstream in(file);
      if (!in) throw std::runtime_error(std::string("cannot open ") + file);
      std::string line;
      while (std::getline(in, line)) {
        if (line.empty() || line[0] < '0' || line[0] > '9') continue;
        const std::uint64_t v = std::stoull(line);
        if (v >= n) throw std::runtime_error("source " + line + " is past the graph's last vertex");
        s->sources.push_back({{static_cast<VertexId>(v), 0, 0}});
      }
    } else {
      for (std::uint32_t i = 0; i < 1000; ++i)
        s->sources.push_back({{static_cast<VertexId>(std::uint64_t{i} * n / 1000), 0, 0}});
    }
    return s.release();
  }();
  return *setup;
}

void Count(benchmark::State& state, std::uint64_t pairs, std::uint64_t relaxations) {
  const double sources = static_cast<double>(TheSetup().sources.size());
  state.counters["sources"] = sources;
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["vertices"] = TheSetup().graph.vertex_count();
  if (relaxations > 0) {
    state.counters["relaxations_per_s"] =
        benchmark::Counter(static_cast<double>(relaxations), benchmark::Counter::kIsRate);
  }
  state.counters["sources_per_s"] =
      benchmark::Counter(sources, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_CatchmentsReachAll(benchmark::State& state) {
  const Setup& s = TheSetup();
  std::uint64_t pairs = 0, relaxations = 0;
  for (auto _ : state) {
    StatusOr<Catchments> c =
        ReachAll(s.graph, s.sources, s.limit, static_cast<unsigned>(state.range(0)));
    if (!c.ok()) {
      state.SkipWithError(c.status().ToString().c_str());
      return;
    }
    pairs = c->vertex.size();
    relaxations += c->relaxations;
    benchmark::DoNotOptimize(c->time.data());
  }
  Count(state, pairs, relaxations);
}
BENCHMARK(BM_CatchmentsReachAll)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

void BM_CatchmentsSearch(benchmark::State& state) {
  const Setup& s = TheSetup();
  BoundedSearch search(s.graph);
  std::uint64_t pairs = 0, relaxations = 0;
  for (auto _ : state) {
    pairs = 0;
    for (const std::vector<Seed>& seeds : s.sources) {
      pairs += search.Run(seeds, s.limit).size();
      relaxations += search.relaxations();
    }
  }
  Count(state, pairs, relaxations);
}
BENCHMARK(BM_CatchmentsSearch)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The reached sets first (untimed), then each set's arcs read in vertex order
// with a sum of the weights of arcs that stay inside the limit: the memory
// traffic of a search's relaxations without its heap.
void BM_CatchmentsScan(benchmark::State& state) {
  const Setup& s = TheSetup();
  BoundedSearch search(s.graph);
  std::vector<std::vector<VertexId>> sets;
  std::uint64_t arcs = 0;
  for (const std::vector<Seed>& seeds : s.sources) {
    std::vector<VertexId> set;
    for (const Reached& r : search.Run(seeds, s.limit)) set.push_back(r.vertex);
    for (VertexId v : set) arcs += s.graph.Targets(v).size();
    sets.push_back(std::move(set));
  }
  std::uint64_t pairs = 0;
  for (const auto& set : sets) pairs += set.size();
  std::uint64_t total = 0;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto& set : sets) {
      for (VertexId v : set) {
        for (Deciseconds w : s.graph.Weights(v)) sum += w <= s.limit ? w : 0;
        for (VertexId t : s.graph.Targets(v)) sum += t & 1U;
      }
    }
    benchmark::DoNotOptimize(sum);
    total += arcs;
  }
  state.counters["arcs_per_s"] =
      benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  Count(state, pairs, 0);
}
BENCHMARK(BM_CatchmentsScan)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace alley::planning
