// The categories of residents' concerns (接诉即办) and the deadlines each
// carries: who is responsible, how soon the resident must hear back, and how
// many working days the responsible body has to resolve it.
//
// The rule set follows Beijing's 接诉即办 practice (北京市接诉即办工作条例,
// 2021, and the 12345 hotline's dispatch rules): every concern is dispatched
// to the body responsible for its category, which must contact the resident
// quickly (the "response", in clock hours, nights and holidays included) and
// resolve it within a fixed number of working days (counted on the official
// holiday calendar with its 调休 days, core/workdays.h); units are judged on
// the response, resolution and satisfaction rates. An urgent or emergency
// concern tightens both deadlines (never loosens them): Beijing's hotline
// answers an emergency that threatens life, safety or property within hours
// and a time-critical outage of water, power, gas or heating within a day.
// The figures in the table (concern_categories.cc) are Alley's defaults in
// that spirit, not quotations of a statute; they are data, in one table.
//
//   const ConcernCategory* c = FindConcernCategory("noise");   // or "噪声扰民"
//   ConcernDeadlines d = DeadlinesFor(*c, Urgency::kNormal, received_at,
//                                     core::OfficialWorkCalendar());
//   d.respond_by, d.resolve_by         // instants (UTC-based sys_seconds)
//   d.resolve_by_date                  // the last working day, a Beijing date
//   d.calendar_covered                 // false: counted Monday–Friday somewhere
//
// Category identifiers never change once released (files, the API, Open311
// service codes, the database).
#pragma once

#include <chrono>
#include <span>
#include <string_view>

#include "core/date.h"
#include "core/status.h"
#include "core/workdays.h"

namespace alley::services {

// The kind of body a concern is dispatched to.
enum class ResponsibleBody {
  kCommunityCommittee,  // 社区居委会
  kStreetOffice,        // 街道办事处 (the hub that coordinates "街乡吹哨、部门报到")
  kUrbanManagement,     // 城市管理 (城管委 and 城管执法)
  kHousing,             // 住房和城乡建设
  kTransport,           // 交通
  kPublicUtility,       // 水电气热供应企业 (the water, power, gas and heating suppliers)
  kPublicSecurity,      // 公安 (the local police station)
  kCivilAffairs,        // 民政
  kHealth,              // 卫生健康 (which oversees nurseries, 托育)
  kEducation,           // 教育
  kHumanResources,      // 人力资源和社会保障
  kMarketRegulation,    // 市场监督管理
};

// A stable identifier ("street_office") and the Chinese name ("街道办事处").
std::string_view ResponsibleBodyId(ResponsibleBody body);
std::string_view ResponsibleBodyName(ResponsibleBody body);

enum class Urgency {
  kNormal,     // 一般
  kUrgent,     // 紧急: time-critical, e.g. no water, power, gas or heating
  kEmergency,  // 特急: a threat to life, safety or property
};

// "normal" / "urgent" / "emergency" and 一般 / 紧急 / 特急.
std::string_view UrgencyId(Urgency urgency);
std::string_view UrgencyName(Urgency urgency);

// The urgency with this identifier or Chinese name. kInvalidArgument naming
// the accepted values otherwise.
StatusOr<Urgency> ParseUrgency(std::string_view id_or_name);

struct ConcernCategory {
  std::string_view id;
  std::string_view name_zh;
  // What the category covers, for intake staff and Open311 clients.
  std::string_view description_zh;
  ResponsibleBody body;
  // Deadlines at normal urgency: contact the resident within this many clock
  // hours; resolve within this many working days after the day of receipt.
  int respond_within_h;
  int resolve_within_working_days;
};

// Every category, "other" last.
std::span<const ConcernCategory> ConcernCategories();

// The category with this identifier or Chinese name; nullptr if none.
const ConcernCategory* FindConcernCategory(std::string_view id_or_name);

// The time limits of `category` at `urgency`: the category's own for
// kNormal; at most 4 hours and 2 working days for kUrgent; at most 2 hours and
// 1 working day for kEmergency.
struct ConcernTimeLimits {
  int respond_within_h;
  int resolve_within_working_days;
};
ConcernTimeLimits TimeLimitsFor(const ConcernCategory& category, Urgency urgency);

struct ConcernDeadlines {
  ConcernTimeLimits limits;
  // received_at + limits.respond_within_h hours.
  std::chrono::sys_seconds respond_by;
  // The Nth working day after the day of receipt (N =
  // limits.resolve_within_working_days; the day of receipt itself is never
  // counted), as a China Standard Time date.
  core::Date resolve_by_date;
  // The end of resolve_by_date: 24:00 China Standard Time (UTC+8), i.e. 16:00
  // UTC that day. A concern resolved at or before this instant is on time.
  std::chrono::sys_seconds resolve_by;
  // Whether the calendar covers every year from the day of receipt to
  // resolve_by_date; when false some days were counted Monday to Friday and
  // callers should say so.
  bool calendar_covered;
};

// The deadlines of a concern of `category` and `urgency` received at
// `received_at`, on `calendar`. `received_at` must lie within core::Date's
// range (ALLEY_CHECK); callers validate timestamps from user input first.
ConcernDeadlines DeadlinesFor(const ConcernCategory& category, Urgency urgency,
                              std::chrono::sys_seconds received_at,
                              const core::WorkCalendar& calendar);

}  // namespace alley::services
