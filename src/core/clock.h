// Where "today" comes from. Code that needs the current date takes a
// `const Clock&` (or a Date chosen by its caller), so that tests and replays can
// pin the date with a FakeClock instead of depending on when they run.
//
//   const Clock& clock = DefaultClock();       // production: China Standard Time
//   Date today = clock.Today();
//
//   FakeClock fake(*Date::FromYmd(2026, 6, 30));  // tests
//   fake.Set(fake.Today().AddDays(1));
//
// Thread safety: every Clock here may be used from several threads at once;
// FakeClock::Set may race with Today() and each call sees either date.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/date.h"

namespace alley::core {

class Clock {
 public:
  virtual ~Clock();
  // The current civil date.
  virtual Date Today() const = 0;
};

// The system clock's date in China Standard Time. Alley serves Chinese
// communities whose legal dates (births, moves, effective dates) are Beijing
// dates; the server's own time zone is an accident of deployment (containers
// run in UTC), and a resident registered at 07:00 in Beijing must not be
// dated the previous day. China has used UTC+8 all year since 1991, without
// daylight saving, so a fixed offset is exact and needs no time zone database.
class SystemClock final : public Clock {
 public:
  Date Today() const override;
};

// A clock that says whatever date it was last given.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Date today) : days_(today.days()) {}
  Date Today() const override { return Date::FromDays(days_.load(std::memory_order_relaxed)); }
  void Set(Date today) { days_.store(today.days(), std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> days_;
};

// The date in China Standard Time at the instant `t`: what SystemClock::Today
// returns at `t`. Exposed so that tests can check the day boundary (16:00 UTC).
Date ChinaStandardDate(std::chrono::system_clock::time_point t);

// The process-wide SystemClock. Stateless, so sharing it is safe.
const Clock& DefaultClock();

}  // namespace alley::core
