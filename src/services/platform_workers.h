// Platform workers (新就业形态劳动者): delivery riders, ride-hailing drivers,
// e-commerce and live-streaming workers and other platform work
// (registry::IsPlatformWork), their platforms, their social-insurance and
// occupational-injury-protection status, the programmes that serve them
// (programmes.h: rest stations, help to enrol in insurance, legal aid,
// training), the rest stations (户外劳动者服务站点) with capacity and hours, and
// per-unit counts and coverage rates. Pure logic: the caller loads the records.
//
//   ALLEY_ASSIGN_OR_RETURN(PlatformName p, NormalisePlatform(" 美团外卖 "));  // key "meituan"
//   ALLEY_ASSIGN_OR_RETURN(OpeningHours h, ParseOpeningHours("07:00-11:00,17:00-23:30"));
//   bool open = IsOpenAt(h, ChinaTimeOfDay(std::chrono::system_clock::now()));
//   ALLEY_ASSIGN_OR_RETURN(PlatformWorkerSummary s, SummarisePlatformWorkers(workers));
//   s.insured_share  // 0..1, or nullopt when there are no workers
//
// Occupational injury protection (职业伤害保障) is the national pilot for
// platform workers led by 人力资源社会保障部: from 1 July 2022 in seven
// provinces (北京, 上海, 江苏, 广东, 海南, 重庆, 四川), four trades (ride-hailing,
// take-away, instant delivery, intra-city freight) and seven platforms (曹操出行,
// 美团, 饿了么, 达达, 闪送, 货拉拉, 快狗打车); from 1 July 2025 ten more provinces
// and more platforms (滴滴出行, 顺丰同城, 滴滴货运, 满帮 ...), all provinces
// planned for 2026. The platform pays per order; it is separate from the
// social insurance a worker holds (registry::Insurance).
//
// Thread safety: every function is pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "registry/vocabulary.h"

namespace alley::services {

// ---------------------------------------------------------------------------
// Occupational injury protection

enum class InjuryProtection : uint8_t {
  kEnrolled,     // 已参加职业伤害保障
  kNotEnrolled,  // 未参加
  kUnknown,      // 不详
};
// Identifiers "enrolled", "not_enrolled", "unknown" with their Chinese names,
// in enum order.
std::span<const registry::Term> InjuryProtectionTerms();
std::optional<InjuryProtection> ParseInjuryProtection(std::string_view id_or_name);
std::string_view InjuryProtectionId(InjuryProtection protection);

// ---------------------------------------------------------------------------
// Platforms

// A platform as counted: a stable key and a name to show.
struct PlatformName {
  std::string key;   // "meituan" for a known platform; else the normalised text
  std::string name;  // "美团" for a known platform; else the text as given, trimmed
};

// The longest platform text accepted, in bytes.
inline constexpr size_t kMaxPlatformBytes = 100;

// Normalises a platform's free text. Spaces (ASCII and the ideographic U+3000)
// are trimmed; for the key, full-width ASCII (Ｍｅｉｔｕａｎ) becomes half-width,
// ASCII letters lower case, and every space is dropped. Known platforms and
// their common spellings — 美团 (美团外卖, 美团众包), 饿了么 (蜂鸟), 滴滴
// (滴滴出行), 货拉拉, 抖音, 快手, 淘宝, 京东, 达达, 闪送, 顺丰同城, 曹操出行, T3出行,
// 高德, 满帮 (运满满, 货车帮), 快狗打车, 拼多多, 小红书 — map to one key and name; any other
// text is its own platform. kInvalidArgument for text that is empty after
// trimming, longer than kMaxPlatformBytes, or not valid UTF-8.
StatusOr<PlatformName> NormalisePlatform(std::string_view text);

// ---------------------------------------------------------------------------
// Workers

struct PlatformWorker {
  std::string resident_id;  // the resident (opaque, non-empty, unique in a summary)
  std::string unit_code;    // the unit the worker lives in (non-empty)
  registry::EmploymentForm form = registry::EmploymentForm::kDeliveryRider;
  // The platforms worked for (a rider often works for two), as typed; empty
  // when not known. Two spellings of one platform count once.
  std::vector<std::string> platforms;
  registry::Insurance insurance = registry::Insurance::kUnknown;
  InjuryProtection injury_protection = InjuryProtection::kUnknown;
  // The programmes used (identifiers or Chinese names, programmes.h), each once.
  std::vector<std::string> programmes;
};

// OK, or the first problem: kInvalidArgument for an empty resident id or unit
// code, a form that is not platform work, a bad platform (NormalisePlatform),
// an unknown or repeated programme; kFailedPrecondition for a programme of
// another group (an elderly-care programme), as programmes.h requires.
Status ValidatePlatformWorker(const PlatformWorker& worker);

// Whether a social-insurance status counts as insured: enrolled as an
// employee, an urban-rural resident or a flexible worker.
bool IsInsured(registry::Insurance insurance);

// ---------------------------------------------------------------------------
// Rest stations

// A time of day, to the minute, in China Standard Time.
class TimeOfDay {
 public:
  // 00:00.
  constexpr TimeOfDay() = default;
  // nullopt unless 0 <= hour <= 23 and 0 <= minute <= 59.
  static std::optional<TimeOfDay> FromHm(int hour, int minute);
  // "HH:MM" or "H:MM" (07:30, 7:30). kInvalidArgument otherwise, naming the text.
  static StatusOr<TimeOfDay> Parse(std::string_view text);

  int minutes() const { return minutes_; }  // since midnight, 0..1439
  std::string ToString() const;             // "HH:MM"

  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;  // NOLINT
  friend bool operator==(const TimeOfDay&, const TimeOfDay&) = default;

 private:
  explicit constexpr TimeOfDay(int minutes) : minutes_(minutes) {}
  int minutes_ = 0;
};

// The time of day in China Standard Time (UTC+8, no daylight saving) at `t`,
// as core::ChinaStandardDate gives the date.
TimeOfDay ChinaTimeOfDay(std::chrono::system_clock::time_point t);

// One opening period, in minutes since midnight: open at `open_minute`, closed
// from `close_minute`. 0 <= open_minute <= 1439 and 0 <= close_minute <= 1440;
// a close of 0 (00:00) or 1440 (24:00) is midnight. A close before the open
// crosses midnight ("22:00-06:00"); "00:00-24:00" is open all day.
struct OpeningInterval {
  int open_minute = 0;
  int close_minute = 0;
};

// A station's daily opening hours: one or more periods that do not overlap.
struct OpeningHours {
  std::vector<OpeningInterval> intervals;  // in the order given
};

// The most periods in one day.
inline constexpr size_t kMaxOpeningIntervals = 8;

// OK, or kInvalidArgument: no period, more than kMaxOpeningIntervals, a minute
// out of range, a period that opens and closes at the same minute (write
// 00:00-24:00 for all day), or two periods that overlap.
Status ValidateOpeningHours(const OpeningHours& hours);

// Parses "HH:MM-HH:MM[,HH:MM-HH:MM...]" as community staff write it: hours of
// one or two digits, '-', '~', '～' or '–' between open and close, ',' or '，'
// between periods, spaces around them; 24:00 (or 00:00) as a close means
// midnight; "24小时" and "全天" mean 00:00-24:00. Validates the result
// (ValidateOpeningHours); kInvalidArgument naming the part that is wrong.
StatusOr<OpeningHours> ParseOpeningHours(std::string_view text);

// "07:00-11:00,17:00-23:30": the form ParseOpeningHours reads, periods in the
// order given.
std::string FormatOpeningHours(const OpeningHours& hours);

// Whether valid `hours` are open at `time`: inside a period, its open minute
// included and its close minute excluded (open 08:00-20:00 at 08:00, closed at
// 20:00; 22:00-06:00 is open at 23:00 and at 05:59).
bool IsOpenAt(const OpeningHours& hours, TimeOfDay time);

// Minutes open per day (1440 for all day).
int MinutesOpenPerDay(const OpeningHours& hours);

// The largest capacity accepted (people at once).
inline constexpr int kMaxRestStationCapacity = 10000;

// A rest station (户外劳动者服务站点, the 驿站 where riders, couriers and
// drivers rest, charge, drink and warm food).
struct RestStation {
  std::string station_id;
  std::string name;
  std::string unit_code;
  int capacity = 0;  // people at once, 1..kMaxRestStationCapacity
  OpeningHours hours;
};

// OK, or kInvalidArgument naming the field (empty id, name or unit; capacity
// out of range; hours as ValidateOpeningHours).
Status ValidateRestStation(const RestStation& station);

// ---------------------------------------------------------------------------
// Counts and coverage

struct FormCount {
  registry::EmploymentForm form;
  int64_t workers = 0;
};

struct PlatformCount {
  std::string key;
  std::string name;  // the known name, or the first spelling met
  int64_t workers = 0;
};

struct InsuranceCount {
  registry::Insurance insurance;
  int64_t workers = 0;
};

struct ProgrammeCount {
  std::string_view programme_id;  // programmes.h, platform-worker group
  int64_t workers = 0;
};

struct PlatformWorkerSummary {
  int64_t workers = 0;
  std::vector<FormCount> by_form;  // the four platform forms, vocabulary order, zeros kept
  // Workers per platform (a worker counts under each of its platforms), most
  // workers first, then by key.
  std::vector<PlatformCount> by_platform;
  int64_t platform_unknown = 0;              // workers with no platform recorded
  std::vector<InsuranceCount> by_insurance;  // every status, vocabulary order, zeros kept
  // Each programme of the platform-worker group, programmes.h order, zeros kept.
  std::vector<ProgrammeCount> by_programme;

  int64_t insured = 0;           // IsInsured
  int64_t injury_protected = 0;  // InjuryProtection::kEnrolled
  int64_t injury_unknown = 0;    // InjuryProtection::kUnknown
  int64_t reached = 0;           // using at least one programme

  // Shares of all workers, 0..1; nullopt (never 0) when there are no workers.
  // A worker whose status is unknown counts as not covered: the share is what
  // the office knows to be covered (the unknown counts say how much is not known).
  std::optional<double> insured_share;
  std::optional<double> injury_protection_share;
  std::optional<double> programme_reach_share;
};

// Counts and coverage of `workers`. Errors: the first invalid worker
// (ValidatePlatformWorker's codes, the message prefixed with "worker N
// (resident ID)", N from 1), or kInvalidArgument for a resident listed twice.
StatusOr<PlatformWorkerSummary> SummarisePlatformWorkers(std::span<const PlatformWorker> workers);

// The summary of each unit that has workers, by unit code. Errors as
// SummarisePlatformWorkers (a resident listed twice across units too).
StatusOr<std::vector<std::pair<std::string, PlatformWorkerSummary>>> SummarisePlatformWorkersByUnit(
    std::span<const PlatformWorker> workers);

}  // namespace alley::services
