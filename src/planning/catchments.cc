#include "planning/catchments.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace alley::planning {
namespace {

constexpr std::uint64_t kVertexMask = 0xffff'ffffu;
// A 4-ary heap is shallower than a binary one and its four children share a
// cache line: fewer misses per pop on graphs larger than the cache.
constexpr std::size_t kArity = 4;

std::uint64_t Key(Deciseconds time, VertexId v) {
  return (static_cast<std::uint64_t>(time) << 32) | v;
}

void HeapPush(std::vector<std::uint64_t>& heap, std::uint64_t key) {
  std::size_t i = heap.size();
  heap.push_back(key);
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (heap[parent] <= key) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = key;
}

std::uint64_t HeapPop(std::vector<std::uint64_t>& heap) {
  const std::uint64_t top = heap.front();
  const std::uint64_t last = heap.back();
  heap.pop_back();
  const std::size_t n = heap.size();
  if (n == 0) return top;
  std::size_t i = 0;
  while (true) {
    const std::size_t child = kArity * i + 1;
    if (child >= n) break;
    std::size_t best = child;
    const std::size_t end = std::min(child + kArity, n);
    for (std::size_t c = child + 1; c < end; ++c) {
      if (heap[c] < heap[best]) best = c;
    }
    if (heap[best] >= last) break;
    heap[i] = heap[best];
    i = best;
  }
  heap[i] = last;
  return top;
}

}  // namespace

BoundedSearch::BoundedSearch(const Graph& graph)
    : graph_(graph), time_(graph.vertex_count(), kUnreachable), label_(graph.vertex_count(), 0) {}

void BoundedSearch::Reset() {
  for (VertexId v : touched_) time_[v] = kUnreachable;
  touched_.clear();
  settled_.clear();
  heap_.clear();
  relaxations_ = 0;
}

std::span<const Reached> BoundedSearch::Run(std::span<const Seed> seeds, Deciseconds limit) {
  Reset();
  const VertexId n = graph_.vertex_count();
  for (const Seed& seed : seeds) {
    ALLEY_DCHECK(seed.vertex < n, "a seed names a vertex past the graph's last");
    if (seed.vertex >= n || seed.time > limit || seed.time >= time_[seed.vertex]) continue;
    if (time_[seed.vertex] == kUnreachable) touched_.push_back(seed.vertex);
    time_[seed.vertex] = seed.time;
    label_[seed.vertex] = seed.label;
    HeapPush(heap_, Key(seed.time, seed.vertex));
  }
  const std::span<const std::uint64_t> first = graph_.first();
  const std::span<const VertexId> target = graph_.target();
  const std::span<const Deciseconds> weight = graph_.weight();
  while (!heap_.empty()) {
    const std::uint64_t key = HeapPop(heap_);
    ++relaxations_;
    const auto v = static_cast<VertexId>(key & kVertexMask);
    const auto t = static_cast<Deciseconds>(key >> 32);
    if (t != time_[v]) continue;  // a stale entry: v was reached faster since
    settled_.push_back({v, t});
    const std::uint32_t label = label_[v];
    for (std::uint64_t a = first[v]; a < first[v + 1]; ++a) {
      const std::uint64_t through = std::uint64_t{t} + weight[a];
      const VertexId u = target[a];
      if (through > limit || through >= time_[u]) continue;
      if (time_[u] == kUnreachable) touched_.push_back(u);
      time_[u] = static_cast<Deciseconds>(through);
      label_[u] = label;
      HeapPush(heap_, Key(time_[u], u));
    }
  }
  return settled_;
}

StatusOr<Catchments> ReachAll(const Graph& graph, std::span<const std::vector<Seed>> sources,
                              Deciseconds limit, unsigned threads) {
  for (std::size_t i = 0; i < sources.size(); ++i) {
    for (const Seed& seed : sources[i]) {
      if (seed.vertex >= graph.vertex_count()) {
        return InvalidArgumentError(
            fmt::format("source {}: vertex {} is not in the graph ({} vertices)", i, seed.vertex,
                        graph.vertex_count()));
      }
    }
  }
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(
      std::min<std::size_t>(threads, std::max<std::size_t>(1, sources.size())));

  std::vector<std::vector<Reached>> rows(sources.size());
  std::vector<std::uint64_t> relaxations(threads, 0);
  std::atomic<std::size_t> next{0};
  auto work = [&](unsigned worker) {
    BoundedSearch search(graph);
    for (std::size_t i = next++; i < sources.size(); i = next++) {
      std::span<const Reached> reached = search.Run(sources[i], limit);
      relaxations[worker] += search.relaxations();
      std::vector<Reached>& row = rows[i];
      row.assign(reached.begin(), reached.end());
      std::sort(row.begin(), row.end(),
                [](const Reached& a, const Reached& b) { return a.vertex < b.vertex; });
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();

  Catchments out;
  std::uint64_t total = 0;
  for (const auto& row : rows) total += row.size();
  out.first.reserve(rows.size() + 1);
  out.vertex.reserve(total);
  out.time.reserve(total);
  for (auto& row : rows) {
    for (const Reached& r : row) {
      out.vertex.push_back(r.vertex);
      out.time.push_back(r.time);
    }
    out.first.push_back(out.vertex.size());
    std::vector<Reached>().swap(row);
  }
  for (std::uint64_t r : relaxations) out.relaxations += r;
  return out;
}

}  // namespace alley::planning
