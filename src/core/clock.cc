#include "core/clock.h"

#include <chrono>

namespace alley::core {
namespace {

// China Standard Time is UTC+8 with no daylight saving (see clock.h).
constexpr int64_t kChinaUtcOffsetS = int64_t{8} * 3600;
constexpr int64_t kSecondsPerDay = 86400;

}  // namespace

Clock::~Clock() = default;

Date ChinaStandardDate(std::chrono::system_clock::time_point t) {
  // system_clock counts seconds since 1970-01-01 00:00 UTC (guaranteed since
  // C++20) and ignores leap seconds, so every day has 86400 of them.
  const int64_t utc_s = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  const int64_t local_s = utc_s + kChinaUtcOffsetS;
  // Floor division: an instant before 1970 still yields the right day.
  const int64_t days = (local_s >= 0 ? local_s : local_s - (kSecondsPerDay - 1)) / kSecondsPerDay;
  return Date::FromDays(days);
}

Date SystemClock::Today() const { return ChinaStandardDate(std::chrono::system_clock::now()); }

const Clock& DefaultClock() {
  static const SystemClock clock{};
  return clock;
}

}  // namespace alley::core
