#include "planning/network_access.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

#include "planning/catchments.h"

namespace alley::planning {

StatusOr<NetworkPairs> PairsOnNetwork(const Graph& graph, std::span<const VertexId> home_vertex,
                                      std::span<const VertexId> facility_vertex, Deciseconds limit,
                                      unsigned threads) {
  constexpr std::size_t kMaxIndex = std::numeric_limits<std::uint32_t>::max();
  if (home_vertex.size() >= kMaxIndex || facility_vertex.size() >= kMaxIndex) {
    return InvalidArgumentError("PairsOnNetwork: 2^32 homes or facilities or more");
  }
  const std::uint32_t n = graph.vertex_count();
  // The homes at each vertex, as compressed rows (a counting sort: homes at a
  // vertex stay in their order).
  std::vector<std::uint32_t> first(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t i = 0; i < home_vertex.size(); ++i) {
    if (home_vertex[i] >= n) {
      return InvalidArgumentError(fmt::format(
          "home {}: vertex {} is not in the graph ({} vertices)", i, home_vertex[i], n));
    }
    ++first[home_vertex[i] + 1];
  }
  for (std::uint32_t v = 0; v < n; ++v) first[v + 1] += first[v];
  std::vector<std::uint32_t> at(home_vertex.size());
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < home_vertex.size(); ++i) {
      at[fill[home_vertex[i]]++] = static_cast<std::uint32_t>(i);
    }
  }

  for (std::size_t j = 0; j < facility_vertex.size(); ++j) {
    if (facility_vertex[j] >= n) {
      return InvalidArgumentError(fmt::format(
          "facility {}: vertex {} is not in the graph ({} vertices)", j, facility_vertex[j], n));
    }
  }
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(
      std::min<std::size_t>(threads, std::max<std::size_t>(1, facility_vertex.size())));

  // One search per facility, as ReachAll, but only the reached vertices that
  // hold a home are kept and sorted (by vertex, as (vertex << 32 | time)
  // keys), and their pairs written straight into the facility's row.
  struct Row {
    std::vector<std::uint32_t> home;
    std::vector<Deciseconds> time;
  };
  std::vector<Row> rows(facility_vertex.size());
  std::vector<std::uint64_t> reached(threads, 0);
  std::vector<std::uint64_t> relaxations(threads, 0);
  std::atomic<std::size_t> next{0};
  auto work = [&](unsigned worker) {
    BoundedSearch search(graph);
    std::vector<std::uint64_t> keys;
    for (std::size_t j = next++; j < facility_vertex.size(); j = next++) {
      const Seed seed[] = {{facility_vertex[j], 0, 0}};
      const std::span<const Reached> settled = search.Run(seed, limit);
      reached[worker] += settled.size();
      relaxations[worker] += search.relaxations();
      keys.clear();
      std::size_t count = 0;
      for (const Reached& r : settled) {
        const std::uint32_t homes_here = first[r.vertex + 1] - first[r.vertex];
        if (homes_here == 0) continue;
        count += homes_here;
        keys.push_back(static_cast<std::uint64_t>(r.vertex) << 32 |
                       static_cast<std::uint32_t>(r.time));
      }
      std::sort(keys.begin(), keys.end());
      Row& row = rows[j];
      row.home.resize(count);
      row.time.resize(count);
      std::size_t p = 0;
      for (std::uint64_t key : keys) {
        const auto v = static_cast<VertexId>(key >> 32);
        const auto t = static_cast<Deciseconds>(key & 0xffffffffu);
        for (std::uint32_t h = first[v]; h < first[v + 1]; ++h, ++p) {
          row.home[p] = at[h];
          row.time[p] = t;
        }
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();

  NetworkPairs out;
  for (unsigned t = 0; t < threads; ++t) {
    out.reached_vertices += reached[t];
    out.relaxations += relaxations[t];
  }
  std::size_t total = 0;
  for (const Row& row : rows) total += row.home.size();
  out.home.reserve(total);
  out.facility.reserve(total);
  out.time_ds.reserve(total);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    out.home.insert(out.home.end(), rows[j].home.begin(), rows[j].home.end());
    out.time_ds.insert(out.time_ds.end(), rows[j].time.begin(), rows[j].time.end());
    out.facility.insert(out.facility.end(), rows[j].home.size(), static_cast<std::uint32_t>(j));
    std::vector<std::uint32_t>().swap(rows[j].home);
    std::vector<Deciseconds>().swap(rows[j].time);
  }
  return out;
}

}  // namespace alley::planning
