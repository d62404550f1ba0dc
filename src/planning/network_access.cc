#include "planning/network_access.h"

#include <fmt/format.h>

#include <limits>

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

  std::vector<std::vector<Seed>> seeds;
  seeds.reserve(facility_vertex.size());
  for (std::size_t j = 0; j < facility_vertex.size(); ++j) {
    if (facility_vertex[j] >= n) {
      return InvalidArgumentError(fmt::format(
          "facility {}: vertex {} is not in the graph ({} vertices)", j, facility_vertex[j], n));
    }
    seeds.push_back({{facility_vertex[j], 0, 0}});
  }
  ALLEY_ASSIGN_OR_RETURN(Catchments reached, ReachAll(graph, seeds, limit, threads));

  NetworkPairs out;
  out.reached_vertices = reached.vertex.size();
  out.relaxations = reached.relaxations;
  std::size_t total = 0;
  for (VertexId v : reached.vertex) total += first[v + 1] - first[v];
  out.home.reserve(total);
  out.facility.reserve(total);
  out.time_ds.reserve(total);
  for (std::size_t j = 0; j < facility_vertex.size(); ++j) {
    for (std::uint64_t k = reached.first[j]; k < reached.first[j + 1]; ++k) {
      const VertexId v = reached.vertex[k];
      for (std::uint32_t h = first[v]; h < first[v + 1]; ++h) {
        out.home.push_back(at[h]);
        out.facility.push_back(static_cast<std::uint32_t>(j));
        out.time_ds.push_back(reached.time[k]);
      }
    }
  }
  return out;
}

}  // namespace alley::planning
