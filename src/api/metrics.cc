#include "api/metrics.h"

#include <fmt/format.h>

namespace alley::api {

void Metrics::Record(std::string_view route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), Series{}).first;
  Series& s = it->second;
  ++s.by_status[status];
  ++s.count;
  s.sum_seconds += seconds;
  for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      ++s.buckets[i];
      break;
    }
  }
}

namespace {

// A label value as the exposition format wants it: backslash, quote and
// newline escaped.
std::string Escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string Metrics::Render() const {
  std::string out;
  std::lock_guard<std::mutex> lock(mutex_);
  out += "# HELP alley_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE alley_http_requests_total counter\n";
  for (const auto& [route, s] : routes_) {
    for (const auto& [status, n] : s.by_status) {
      out += fmt::format("alley_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         Escape(route), status, n);
    }
  }
  out += "# HELP alley_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE alley_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : routes_) {
    const std::string label = Escape(route);
    int64_t cumulative = 0;
    for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      cumulative += s.buckets[i];
      out +=
          fmt::format("alley_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                      label, kBucketsSeconds[i], cumulative);
    }
    out +=
        fmt::format("alley_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                    label, s.count);
    out += fmt::format("alley_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label,
                       s.sum_seconds);
    out += fmt::format("alley_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label,
                       s.count);
  }
  out += "# HELP alley_http_in_flight Requests being answered now.\n";
  out += "# TYPE alley_http_in_flight gauge\n";
  out += fmt::format("alley_http_in_flight {}\n", in_flight_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace alley::api
