// Timestamps as text: FormatTimestamp and ParseTimestamp (store.h).
#include <cstdio>
#include <string>

#include "store/store.h"

namespace alley::store {

std::string FormatTimestamp(Timestamp t) {
  std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss<std::chrono::seconds> hms(t - day);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return text;
}

StatusOr<Timestamp> ParseTimestamp(std::string_view text) {
  auto refuse = [&] {
    return InvalidArgumentError("time must be YYYY-MM-DDTHH:MM:SSZ (UTC), got \"" +
                                std::string(text.substr(0, 40)) + "\"");
  };
  // Exactly "YYYY-MM-DDTHH:MM:SSZ": digits where digits go, the separators in place.
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return refuse();
  for (size_t i = 0; i < kShape.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return refuse();
  }
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  std::chrono::year_month_day ymd{std::chrono::year(num(0, 4)),
                                  std::chrono::month(static_cast<unsigned>(num(5, 2))),
                                  std::chrono::day(static_cast<unsigned>(num(8, 2)))};
  int h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return refuse();
  return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}

}  // namespace alley::store
