// Request metrics in the Prometheus text format (exposition format 0.0.4):
//
//   alley_http_requests_total{route="GET /api/v1/residents",status="200"} 12
//   alley_http_request_duration_seconds_bucket{route="GET /api/v1/residents",le="0.005"} 11
//   alley_http_in_flight 1
//
// `route` is the route's pattern, never the raw path, so that ids in paths do
// not explode the number of series; requests that match no route count under
// "unmatched".
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace alley::api {

class Metrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds.
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  void Record(std::string_view route, int status, double seconds);
  void Enter() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void Leave() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  // The whole exposition, series sorted by name and labels.
  std::string Render() const;

 private:
  struct Series {
    std::map<int, int64_t> by_status;
    std::array<int64_t, kBucketsSeconds.size()> buckets{};  // not cumulative
    int64_t count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Series, std::less<>> routes_;
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace alley::api
