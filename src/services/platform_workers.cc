#include "services/platform_workers.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <set>

#include "core/csv.h"
#include "services/programmes.h"

namespace alley::services {

namespace {

constexpr std::array<registry::Term, 3> kInjuryProtection = {{
    {"enrolled", "已参加"},
    {"not_enrolled", "未参加"},
    {"unknown", "不详"},
}};

// Known platforms: the key, the name shown, and the spellings (in key form:
// half-width, lower case, no spaces) that mean it.
struct KnownPlatform {
  std::string_view key;
  std::string_view name;
  std::array<std::string_view, 7> spellings;  // unused slots empty
};

constexpr std::array<KnownPlatform, 19> kKnownPlatforms = {{
    {"meituan", "美团", {"美团", "美团外卖", "美团众包", "美团专送", "美团配送", "meituan"}},
    {"eleme", "饿了么", {"饿了么", "饿了吗", "蜂鸟", "蜂鸟众包", "蜂鸟即配", "eleme", "ele.me"}},
    {"didi", "滴滴出行", {"滴滴", "滴滴出行", "滴滴快车", "滴滴打车", "didi"}},
    {"didi_freight", "滴滴货运", {"滴滴货运"}},
    {"huolala", "货拉拉", {"货拉拉", "huolala", "lalamove"}},
    {"douyin", "抖音", {"抖音", "抖音直播", "douyin"}},
    {"kuaishou", "快手", {"快手", "快手直播", "kuaishou"}},
    {"taobao", "淘宝", {"淘宝", "淘宝直播", "点淘", "taobao"}},
    {"jd", "京东", {"京东", "京东到家", "京东秒送", "京东外卖", "jd", "jd.com"}},
    {"dada", "达达", {"达达", "达达快送", "dada"}},
    {"shansong", "闪送", {"闪送", "shansong"}},
    {"sf_intracity", "顺丰同城", {"顺丰同城", "顺丰同城急送", "sf同城"}},
    {"caocao", "曹操出行", {"曹操出行", "曹操", "曹操专车"}},
    {"t3", "T3出行", {"t3出行", "t3", "t3打车"}},
    {"amap", "高德", {"高德", "高德打车", "高德地图", "amap"}},
    {"manbang", "满帮", {"满帮", "运满满", "货车帮", "满帮省省"}},
    {"kuaigou", "快狗打车", {"快狗打车", "快狗", "58速运"}},
    {"pinduoduo", "拼多多", {"拼多多", "pinduoduo", "pdd"}},
    {"xiaohongshu", "小红书", {"小红书", "xiaohongshu"}},
}};

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// `text` without leading and trailing ASCII and ideographic spaces.
std::string_view Trim(std::string_view text) {
  while (true) {
    if (!text.empty() && IsAsciiSpace(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  while (true) {
    if (!text.empty() && IsAsciiSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return text;
}

// The key form of valid UTF-8 `text`: full-width ASCII (U+FF01..U+FF5E) to
// half-width, ASCII letters to lower case, spaces dropped.
std::string KeyForm(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (text.substr(i).starts_with(kIdeographicSpace)) {
      i += kIdeographicSpace.size();
      continue;
    }
    if (b0 == 0xEF && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      // U+FF01..U+FF3F is EF BC 81..BF; U+FF40..U+FF5E is EF BD 80..9E. The
      // half-width character is the code point minus 0xFEE0.
      int ascii = -1;
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) ascii = 0x20 + (b2 - 0x80);
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) ascii = 0x60 + (b2 - 0x80);
      if (ascii >= 0) {
        char c = static_cast<char>(ascii);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        key.push_back(c);
        i += 3;
        continue;
      }
    }
    char c = text[i];
    ++i;
    if (IsAsciiSpace(c)) continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    key.push_back(c);
  }
  return key;
}

// ---------------------------------------------------------------------------
// Opening hours

constexpr int kMinutesPerDay = 24 * 60;
constexpr int64_t kChinaUtcOffsetS = int64_t{8} * 3600;
constexpr int64_t kSecondsPerDay = 86400;

// "H:MM" or "HH:MM" → minutes since midnight; "24:00" only when `allow_24`.
StatusOr<int> ParseClock(std::string_view text, bool allow_24) {
  const auto bad = [&] {
    return InvalidArgumentError("time \"" + std::string(text) + "\": expected HH:MM");
  };
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon < 1 || colon > 2 || text.size() != colon + 3) {
    return bad();
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != colon && (text[i] < '0' || text[i] > '9')) return bad();
  }
  int hour = 0;
  for (size_t i = 0; i < colon; ++i) hour = hour * 10 + (text[i] - '0');
  const int minute = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (allow_24 && hour == 24 && minute == 0) return kMinutesPerDay;
  if (hour > 23) {
    return InvalidArgumentError("time \"" + std::string(text) + "\": hour " + std::to_string(hour) +
                                " out of range 0..23" +
                                (allow_24 ? " (or 24:00 to close at midnight)" : ""));
  }
  if (minute > 59) {
    return InvalidArgumentError("time \"" + std::string(text) + "\": minute " +
                                std::to_string(minute) + " out of range 0..59");
  }
  return hour * 60 + minute;
}

std::string FormatClock(int minutes) {
  const int h = minutes / 60;
  const int m = minutes % 60;
  std::string out;
  out.push_back(static_cast<char>('0' + h / 10));
  out.push_back(static_cast<char>('0' + h % 10));
  out.push_back(':');
  out.push_back(static_cast<char>('0' + m / 10));
  out.push_back(static_cast<char>('0' + m % 10));
  return out;
}

struct Segment {
  int begin;  // inclusive, 0..1439
  int end;    // exclusive, 1..1440
};

// The parts of the day a valid-ranged period covers: one segment, or two when
// it crosses midnight. A close at 00:00 means midnight (24:00).
std::vector<Segment> Segments(const OpeningInterval& interval) {
  const int open = interval.open_minute;
  const int close = interval.close_minute == 0 ? kMinutesPerDay : interval.close_minute;
  if (open < close) return {{open, close}};
  return {{open, kMinutesPerDay}, {0, close}};
}

std::string IntervalText(const OpeningInterval& interval) {
  return FormatClock(interval.open_minute) + "-" + FormatClock(interval.close_minute);
}

// Splits `text` at any of `separators` (each a UTF-8 string).
std::vector<std::string_view> Split(std::string_view text,
                                    std::initializer_list<std::string_view> separators) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    for (std::string_view sep : separators) {
      if (text.substr(i).starts_with(sep)) {
        parts.push_back(text.substr(start, i - start));
        i += sep.size();
        start = i;
        matched = true;
        break;
      }
    }
    if (!matched) ++i;
  }
  parts.push_back(text.substr(start));
  return parts;
}

// ---------------------------------------------------------------------------
// Summaries

std::vector<registry::EmploymentForm> PlatformForms() {
  std::vector<registry::EmploymentForm> forms;
  for (size_t i = 0; i < registry::EmploymentFormTerms().size(); ++i) {
    const auto form = static_cast<registry::EmploymentForm>(i);
    if (registry::IsPlatformWork(form)) forms.push_back(form);
  }
  return forms;
}

std::optional<double> Share(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

PlatformWorkerSummary Summarise(const std::vector<const PlatformWorker*>& workers) {
  PlatformWorkerSummary s;
  s.workers = static_cast<int64_t>(workers.size());
  for (registry::EmploymentForm form : PlatformForms()) s.by_form.push_back({form, 0});
  for (size_t i = 0; i < registry::InsuranceTerms().size(); ++i) {
    s.by_insurance.push_back({static_cast<registry::Insurance>(i), 0});
  }
  for (const Programme& p : Programmes()) {
    if (p.group == ProgrammeGroup::kPlatformWorker) s.by_programme.push_back({p.id, 0});
  }

  std::map<std::string, PlatformCount> platforms;
  for (const PlatformWorker* w : workers) {
    for (FormCount& c : s.by_form) {
      if (c.form == w->form) ++c.workers;
    }
    s.by_insurance[static_cast<size_t>(w->insurance)].workers++;
    if (IsInsured(w->insurance)) ++s.insured;
    if (w->injury_protection == InjuryProtection::kEnrolled) ++s.injury_protected;
    if (w->injury_protection == InjuryProtection::kUnknown) ++s.injury_unknown;

    std::set<std::string> keys;
    for (const std::string& text : w->platforms) {
      PlatformName p = *NormalisePlatform(text);  // validated by the caller
      if (!keys.insert(p.key).second) continue;
      auto [it, inserted] = platforms.try_emplace(p.key, PlatformCount{p.key, p.name, 0});
      ++it->second.workers;
    }
    if (keys.empty()) ++s.platform_unknown;

    std::set<std::string_view> used;
    for (const std::string& id : w->programmes) used.insert(FindProgramme(id)->id);
    for (ProgrammeCount& c : s.by_programme) {
      if (used.contains(c.programme_id)) ++c.workers;
    }
    if (!used.empty()) ++s.reached;
  }
  for (auto& [key, count] : platforms) s.by_platform.push_back(std::move(count));
  std::stable_sort(s.by_platform.begin(), s.by_platform.end(),
                   [](const PlatformCount& a, const PlatformCount& b) {
                     return a.workers > b.workers;  // ties stay in key order
                   });
  s.insured_share = Share(s.insured, s.workers);
  s.injury_protection_share = Share(s.injury_protected, s.workers);
  s.programme_reach_share = Share(s.reached, s.workers);
  return s;
}

// Validates every worker and refuses a resident listed twice.
Status ValidateAll(std::span<const PlatformWorker> workers) {
  std::set<std::string_view> residents;
  for (size_t i = 0; i < workers.size(); ++i) {
    const PlatformWorker& w = workers[i];
    const std::string where =
        "worker " + std::to_string(i + 1) + " (resident " + w.resident_id + ")";
    Status valid = ValidatePlatformWorker(w);
    if (!valid.ok()) return valid.WithContext(where);
    if (!residents.insert(w.resident_id).second) {
      return InvalidArgumentError(where + ": the resident is listed twice");
    }
  }
  return OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------
// Injury protection

std::span<const registry::Term> InjuryProtectionTerms() { return kInjuryProtection; }

std::optional<InjuryProtection> ParseInjuryProtection(std::string_view id_or_name) {
  std::optional<size_t> i = registry::FindTerm(kInjuryProtection, id_or_name);
  if (!i) return std::nullopt;
  return static_cast<InjuryProtection>(*i);
}

std::string_view InjuryProtectionId(InjuryProtection protection) {
  return kInjuryProtection[static_cast<size_t>(protection)].id;
}

// ---------------------------------------------------------------------------
// Platforms

StatusOr<PlatformName> NormalisePlatform(std::string_view text) {
  if (!core::IsValidUtf8(text)) {
    return InvalidArgumentError("field platform: not valid UTF-8");
  }
  if (text.size() > kMaxPlatformBytes) {
    return InvalidArgumentError("field platform: at most " + std::to_string(kMaxPlatformBytes) +
                                " bytes, got " + std::to_string(text.size()));
  }
  for (char c : text) {
    if ((static_cast<unsigned char>(c) < 0x20 && !IsAsciiSpace(c)) || c == 0x7F) {
      return InvalidArgumentError("field platform: contains a control character");
    }
  }
  const std::string_view trimmed = Trim(text);
  const std::string key = KeyForm(trimmed);
  if (key.empty()) return InvalidArgumentError("field platform: must not be empty");
  for (const KnownPlatform& known : kKnownPlatforms) {
    for (std::string_view spelling : known.spellings) {
      if (!spelling.empty() && spelling == key) {
        return PlatformName{std::string(known.key), std::string(known.name)};
      }
    }
  }
  return PlatformName{key, std::string(trimmed)};
}

// ---------------------------------------------------------------------------
// Workers

bool IsInsured(registry::Insurance insurance) {
  return insurance == registry::Insurance::kEmployee ||
         insurance == registry::Insurance::kResident || insurance == registry::Insurance::kFlexible;
}

Status ValidatePlatformWorker(const PlatformWorker& worker) {
  if (worker.resident_id.empty()) {
    return InvalidArgumentError("field resident_id: must not be empty");
  }
  if (worker.unit_code.empty()) return InvalidArgumentError("field unit_code: must not be empty");
  if (static_cast<size_t>(worker.form) >= registry::EmploymentFormTerms().size() ||
      !registry::IsPlatformWork(worker.form)) {
    return InvalidArgumentError(
        "field form: \"" +
        std::string(static_cast<size_t>(worker.form) < registry::EmploymentFormTerms().size()
                        ? registry::EmploymentFormId(worker.form)
                        : "?") +
        "\" is not platform work (delivery_rider, ride_hailing_driver, "
        "ecommerce_livestreaming, other_platform)");
  }
  if (static_cast<size_t>(worker.insurance) >= registry::InsuranceTerms().size()) {
    return InvalidArgumentError("field insurance: unknown status");
  }
  if (static_cast<size_t>(worker.injury_protection) >= kInjuryProtection.size()) {
    return InvalidArgumentError("field injury_protection: unknown status");
  }
  for (const std::string& platform : worker.platforms) {
    StatusOr<PlatformName> p = NormalisePlatform(platform);
    if (!p.ok()) return p.status();
  }
  std::set<std::string_view> seen;
  for (const std::string& id : worker.programmes) {
    const Programme* p = FindProgramme(id);
    if (p == nullptr) {
      return InvalidArgumentError("field programmes: unknown programme \"" + id + "\"");
    }
    if (p->group != ProgrammeGroup::kPlatformWorker) {
      return FailedPreconditionError("field programmes: \"" + std::string(p->id) +
                                     "\" is not a programme for platform workers");
    }
    if (!seen.insert(p->id).second) {
      return InvalidArgumentError("field programmes: \"" + std::string(p->id) +
                                  "\" is listed twice");
    }
  }
  return OkStatus();
}

// ---------------------------------------------------------------------------
// Time of day and opening hours

std::optional<TimeOfDay> TimeOfDay::FromHm(int hour, int minute) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  return TimeOfDay(hour * 60 + minute);
}

StatusOr<TimeOfDay> TimeOfDay::Parse(std::string_view text) {
  ALLEY_ASSIGN_OR_RETURN(int minutes, ParseClock(text, /*allow_24=*/false));
  return TimeOfDay(minutes);
}

std::string TimeOfDay::ToString() const { return FormatClock(minutes_); }

TimeOfDay ChinaTimeOfDay(std::chrono::system_clock::time_point t) {
  const int64_t utc_s = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  // Seconds into the China Standard Time day, floored so that instants before
  // 1970 work too.
  int64_t s = (utc_s + kChinaUtcOffsetS) % kSecondsPerDay;
  if (s < 0) s += kSecondsPerDay;
  const auto minutes = static_cast<int>(s / 60);
  return *TimeOfDay::FromHm(minutes / 60, minutes % 60);
}

Status ValidateOpeningHours(const OpeningHours& hours) {
  if (hours.intervals.empty()) {
    return InvalidArgumentError("opening hours: at least one period is needed");
  }
  if (hours.intervals.size() > kMaxOpeningIntervals) {
    return InvalidArgumentError("opening hours: at most " + std::to_string(kMaxOpeningIntervals) +
                                " periods, got " + std::to_string(hours.intervals.size()));
  }
  std::vector<std::pair<Segment, size_t>> segments;
  for (size_t i = 0; i < hours.intervals.size(); ++i) {
    const OpeningInterval& in = hours.intervals[i];
    if (in.open_minute < 0 || in.open_minute >= kMinutesPerDay) {
      return InvalidArgumentError("opening hours: period " + std::to_string(i + 1) +
                                  ": open minute " + std::to_string(in.open_minute) +
                                  " out of range 0..1439");
    }
    if (in.close_minute < 0 || in.close_minute > kMinutesPerDay) {
      return InvalidArgumentError("opening hours: period " + std::to_string(i + 1) +
                                  ": close minute " + std::to_string(in.close_minute) +
                                  " out of range 0..1440");
    }
    if (in.open_minute == in.close_minute) {
      return InvalidArgumentError("opening hours: period " + IntervalText(in) +
                                  " opens and closes at the same time (write 00:00-24:00 for "
                                  "all day)");
    }
    for (const Segment& seg : Segments(in)) segments.emplace_back(seg, i);
  }
  std::sort(segments.begin(), segments.end(),
            [](const auto& a, const auto& b) { return a.first.begin < b.first.begin; });
  for (size_t i = 1; i < segments.size(); ++i) {
    if (segments[i].first.begin < segments[i - 1].first.end) {
      return InvalidArgumentError("opening hours: periods " +
                                  IntervalText(hours.intervals[segments[i - 1].second]) + " and " +
                                  IntervalText(hours.intervals[segments[i].second]) + " overlap");
    }
  }
  return OkStatus();
}

StatusOr<OpeningHours> ParseOpeningHours(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  OpeningHours hours;
  if (trimmed == "24小时" || trimmed == "全天") {
    hours.intervals.push_back({0, kMinutesPerDay});
    return hours;
  }
  if (trimmed.empty()) return InvalidArgumentError("opening hours: empty");
  for (std::string_view part : Split(trimmed, {",", "，"})) {
    const std::string_view p = Trim(part);
    const std::vector<std::string_view> ends = Split(p, {"-", "~", "～", "–"});
    if (ends.size() != 2) {
      return InvalidArgumentError("opening hours: \"" + std::string(p) +
                                  "\" is not a period HH:MM-HH:MM");
    }
    StatusOr<int> open = ParseClock(Trim(ends[0]), /*allow_24=*/false);
    if (!open.ok()) return open.status().WithContext("opening hours");
    StatusOr<int> close = ParseClock(Trim(ends[1]), /*allow_24=*/true);
    if (!close.ok()) return close.status().WithContext("opening hours");
    hours.intervals.push_back({*open, *close});
  }
  ALLEY_RETURN_IF_ERROR(ValidateOpeningHours(hours));
  return hours;
}

std::string FormatOpeningHours(const OpeningHours& hours) {
  std::string out;
  for (const OpeningInterval& in : hours.intervals) {
    if (!out.empty()) out += ",";
    out += IntervalText(in);
  }
  return out;
}

bool IsOpenAt(const OpeningHours& hours, TimeOfDay time) {
  const int m = time.minutes();
  for (const OpeningInterval& in : hours.intervals) {
    for (const Segment& seg : Segments(in)) {
      if (m >= seg.begin && m < seg.end) return true;
    }
  }
  return false;
}

int MinutesOpenPerDay(const OpeningHours& hours) {
  int total = 0;
  for (const OpeningInterval& in : hours.intervals) {
    for (const Segment& seg : Segments(in)) total += seg.end - seg.begin;
  }
  return total;
}

Status ValidateRestStation(const RestStation& station) {
  if (station.station_id.empty()) {
    return InvalidArgumentError("field station_id: must not be empty");
  }
  const std::string where = "rest station " + station.station_id;
  if (station.name.empty()) return InvalidArgumentError(where + ": field name: must not be empty");
  if (station.unit_code.empty()) {
    return InvalidArgumentError(where + ": field unit_code: must not be empty");
  }
  if (station.capacity < 1 || station.capacity > kMaxRestStationCapacity) {
    return InvalidArgumentError(where + ": field capacity: must be 1 to " +
                                std::to_string(kMaxRestStationCapacity) + ", got " +
                                std::to_string(station.capacity));
  }
  Status hours = ValidateOpeningHours(station.hours);
  if (!hours.ok()) return hours.WithContext(where + ": field hours");
  return OkStatus();
}

// ---------------------------------------------------------------------------
// Summaries

StatusOr<PlatformWorkerSummary> SummarisePlatformWorkers(std::span<const PlatformWorker> workers) {
  ALLEY_RETURN_IF_ERROR(ValidateAll(workers));
  std::vector<const PlatformWorker*> all;
  all.reserve(workers.size());
  for (const PlatformWorker& w : workers) all.push_back(&w);
  return Summarise(all);
}

StatusOr<std::vector<std::pair<std::string, PlatformWorkerSummary>>> SummarisePlatformWorkersByUnit(
    std::span<const PlatformWorker> workers) {
  ALLEY_RETURN_IF_ERROR(ValidateAll(workers));
  std::map<std::string_view, std::vector<const PlatformWorker*>> by_unit;
  for (const PlatformWorker& w : workers) by_unit[w.unit_code].push_back(&w);
  std::vector<std::pair<std::string, PlatformWorkerSummary>> out;
  out.reserve(by_unit.size());
  for (const auto& [unit, members] : by_unit)
    out.emplace_back(std::string(unit), Summarise(members));
  return out;
}

}  // namespace alley::services
