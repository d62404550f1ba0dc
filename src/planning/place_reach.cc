#include "planning/place_reach.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "planning/catchments.h"

namespace alley::planning {
namespace {

// The homes at each vertex (both ends of a home's edge list it), as CSR.
struct HomesAtVertex {
  std::vector<std::uint32_t> first;  // vertex_count + 1
  std::vector<std::uint32_t> home;
  std::vector<Deciseconds> walk;  // from the vertex to the home
};

HomesAtVertex IndexHomes(const Graph& graph, std::span<const Snapped> homes) {
  HomesAtVertex index;
  index.first.assign(std::size_t{graph.vertex_count()} + 1, 0);
  for (const Snapped& h : homes) {
    ALLEY_CHECK(h.a < graph.vertex_count() && h.b < graph.vertex_count(),
                "a home snapped to another graph");
    ++index.first[h.a + 1];
    if (h.b != h.a) ++index.first[h.b + 1];
  }
  for (std::size_t v = 1; v < index.first.size(); ++v) index.first[v] += index.first[v - 1];
  index.home.resize(index.first.back());
  index.walk.resize(index.first.back());
  std::vector<std::uint32_t> fill(index.first.begin(), index.first.end() - 1);
  for (std::uint32_t i = 0; i < homes.size(); ++i) {
    const Snapped& h = homes[i];
    index.home[fill[h.a]] = i;
    index.walk[fill[h.a]++] = h.to_a;
    if (h.b != h.a) {
      index.home[fill[h.b]] = i;
      index.walk[fill[h.b]++] = h.to_b;
    }
  }
  return index;
}

struct Found {
  std::uint32_t home = 0;
  Deciseconds time = 0;
};

}  // namespace

StatusOr<PlacePairs> ReachHomes(const Graph& graph, std::span<const Snapped> homes,
                                std::span<const Snapped> facilities, Deciseconds limit,
                                unsigned threads) {
  const HomesAtVertex index = IndexHomes(graph, homes);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(
      std::min<std::size_t>(threads, std::max<std::size_t>(1, facilities.size())));
  std::vector<std::vector<Found>> rows(facilities.size());
  std::vector<std::uint64_t> relaxations(threads, 0);
  std::atomic<std::size_t> next{0};
  auto work = [&](unsigned worker) {
    BoundedSearch search(graph);
    // The best time per home in this search, reset through `found`.
    std::vector<Deciseconds> best(homes.size(), kUnreachable);
    std::vector<std::uint32_t> found;
    for (std::size_t f = next++; f < facilities.size(); f = next++) {
      const auto seeds = SeedsOf(facilities[f], static_cast<std::uint32_t>(f));
      for (const Reached& r : search.Run(seeds, limit)) {
        for (std::uint32_t k = index.first[r.vertex]; k < index.first[r.vertex + 1]; ++k) {
          const std::uint64_t t = std::uint64_t{r.time} + index.walk[k];
          const std::uint32_t h = index.home[k];
          if (t > limit || t >= best[h]) continue;
          if (best[h] == kUnreachable) found.push_back(h);
          best[h] = static_cast<Deciseconds>(t);
        }
      }
      relaxations[worker] += search.relaxations();
      std::sort(found.begin(), found.end());
      std::vector<Found>& row = rows[f];
      row.reserve(found.size());
      for (std::uint32_t h : found) {
        row.push_back({h, best[h]});
        best[h] = kUnreachable;
      }
      found.clear();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();

  PlacePairs pairs;
  std::size_t total = 0;
  for (const auto& row : rows) total += row.size();
  pairs.home.reserve(total);
  pairs.facility.reserve(total);
  pairs.time.reserve(total);
  for (std::uint32_t f = 0; f < rows.size(); ++f) {
    for (const Found& x : rows[f]) {
      pairs.home.push_back(x.home);
      pairs.facility.push_back(f);
      pairs.time.push_back(x.time);
    }
  }
  for (std::uint64_t r : relaxations) pairs.relaxations += r;
  return pairs;
}

NearestFacilities FindNearestFacilities(const Graph& graph, std::span<const Snapped> homes,
                                        std::span<const Snapped> facilities, Deciseconds limit) {
  std::vector<Seed> seeds;
  seeds.reserve(2 * facilities.size());
  for (std::uint32_t f = 0; f < facilities.size(); ++f) {
    for (const Seed& s : SeedsOf(facilities[f], f)) seeds.push_back(s);
  }
  BoundedSearch search(graph);
  search.Run(seeds, limit);
  NearestFacilities out;
  out.time.resize(homes.size(), kUnreachable);
  out.facility.resize(homes.size(), kNoFacility);
  for (std::size_t i = 0; i < homes.size(); ++i) {
    const Snapped& h = homes[i];
    const Deciseconds ta = search.TimeTo(h.a);
    const Deciseconds tb = search.TimeTo(h.b);
    const std::uint64_t via_a = ta == kUnreachable ? UINT64_MAX : std::uint64_t{ta} + h.to_a;
    const std::uint64_t via_b = tb == kUnreachable ? UINT64_MAX : std::uint64_t{tb} + h.to_b;
    const std::uint64_t t = std::min(via_a, via_b);
    if (t > limit) continue;
    out.time[i] = static_cast<Deciseconds>(t);
    out.facility[i] = search.NearestSeed(via_a <= via_b ? h.a : h.b);
  }
  return out;
}

}  // namespace alley::planning
