#include "services/concern_categories.h"

#include <algorithm>
#include <array>
#include <string>

#include "core/clock.h"

namespace alley::services {
namespace {

using Body = ResponsibleBody;

// The rule set: one row per category. Normal-urgency deadlines; urgency only
// tightens them (kUrgentCaps, kEmergencyCaps). Most concerns get the hotline's
// usual first contact within 24 hours; disturbances that are happening now
// (noise, disputes) 12 hours; an outage of water, power, gas or heating 4
// hours. Resolution: simple on-the-spot work (cleaning, noise) a few working
// days, coordination between bodies about a week, cases that need files,
// hearings or funds (housing, employment and social insurance, education) two
// to three weeks.
constexpr std::array kCategories = {
    ConcernCategory{"property_management", "物业管理",
                    "物业服务质量、电梯与公共设施维修、物业收费、业主委员会",
                    Body::kCommunityCommittee, 24, 7},
    ConcernCategory{"environment_sanitation", "环境卫生",
                    "垃圾清运与分类、楼道堆物、公共区域保洁、违规焚烧", Body::kUrbanManagement, 24,
                    5},
    ConcernCategory{"noise", "噪声扰民", "夜间施工、商业经营噪声、娱乐活动噪声",
                    Body::kUrbanManagement, 12, 3},
    ConcernCategory{"road_traffic", "道路交通",
                    "道路破损、井盖缺失、路灯、停车秩序、公交线路与站点", Body::kTransport, 24, 7},
    ConcernCategory{"utilities", "水电气热", "停水、停电、燃气、供暖不热、管线漏损",
                    Body::kPublicUtility, 4, 2},
    ConcernCategory{"housing_demolition", "房屋与拆迁",
                    "房屋安全、老旧小区改造、违法建设、征收拆迁与补偿", Body::kHousing, 24, 15},
    ConcernCategory{"public_security_disputes", "治安与矛盾纠纷",
                    "治安隐患、邻里纠纷、群租、消防通道占用", Body::kPublicSecurity, 12, 5},
    ConcernCategory{"elderly_care", "养老服务", "居家养老、老年助餐、独居老人探访、养老机构服务",
                    Body::kCivilAffairs, 24, 5},
    ConcernCategory{"childcare", "托育服务", "托育机构服务与安全、托位与收费", Body::kHealth, 24,
                    5},
    ConcernCategory{"education", "教育", "入学入园、学位、校园周边安全、课外培训", Body::kEducation,
                    24, 10},
    ConcernCategory{"employment_social_insurance", "就业与社会保险",
                    "欠薪、劳动合同、社会保险参保与待遇、就业服务", Body::kHumanResources, 24, 10},
    ConcernCategory{"platform_workers", "新就业形态劳动者权益",
                    "外卖骑手、网约车司机、快递员等的劳动报酬、职业伤害保障、休息权益",
                    Body::kHumanResources, 24, 7},
    ConcernCategory{"market_consumer", "市场监管与消费维权",
                    "消费纠纷、食品安全、价格、预付卡、无照经营", Body::kMarketRegulation, 24, 7},
    ConcernCategory{"other", "其他", "其他诉求，由街道统筹派单", Body::kStreetOffice, 24, 10},
};

// The tightest limits at each raised urgency. An emergency is handed at once
// to 110/119/120 where it must be; the responsible body still contacts the
// resident within 2 hours and closes the matter the next working day.
constexpr ConcernTimeLimits kUrgentCaps{4, 2};
constexpr ConcernTimeLimits kEmergencyCaps{2, 1};

// China Standard Time is UTC+8 all year (core/clock.h).
constexpr std::chrono::hours kChinaUtcOffset{8};

}  // namespace

std::string_view ResponsibleBodyId(ResponsibleBody body) {
  switch (body) {
    case Body::kCommunityCommittee:
      return "community_committee";
    case Body::kStreetOffice:
      return "street_office";
    case Body::kUrbanManagement:
      return "urban_management";
    case Body::kHousing:
      return "housing";
    case Body::kTransport:
      return "transport";
    case Body::kPublicUtility:
      return "public_utility";
    case Body::kPublicSecurity:
      return "public_security";
    case Body::kCivilAffairs:
      return "civil_affairs";
    case Body::kHealth:
      return "health";
    case Body::kEducation:
      return "education";
    case Body::kHumanResources:
      return "human_resources";
    case Body::kMarketRegulation:
      return "market_regulation";
  }
  return "unknown";
}

std::string_view ResponsibleBodyName(ResponsibleBody body) {
  switch (body) {
    case Body::kCommunityCommittee:
      return "社区居委会";
    case Body::kStreetOffice:
      return "街道办事处";
    case Body::kUrbanManagement:
      return "城市管理部门";
    case Body::kHousing:
      return "住房和城乡建设部门";
    case Body::kTransport:
      return "交通部门";
    case Body::kPublicUtility:
      return "水电气热供应企业";
    case Body::kPublicSecurity:
      return "公安派出所";
    case Body::kCivilAffairs:
      return "民政部门";
    case Body::kHealth:
      return "卫生健康部门";
    case Body::kEducation:
      return "教育部门";
    case Body::kHumanResources:
      return "人力资源和社会保障部门";
    case Body::kMarketRegulation:
      return "市场监督管理部门";
  }
  return "未知";
}

std::string_view UrgencyId(Urgency urgency) {
  switch (urgency) {
    case Urgency::kNormal:
      return "normal";
    case Urgency::kUrgent:
      return "urgent";
    case Urgency::kEmergency:
      return "emergency";
  }
  return "unknown";
}

std::string_view UrgencyName(Urgency urgency) {
  switch (urgency) {
    case Urgency::kNormal:
      return "一般";
    case Urgency::kUrgent:
      return "紧急";
    case Urgency::kEmergency:
      return "特急";
  }
  return "未知";
}

StatusOr<Urgency> ParseUrgency(std::string_view id_or_name) {
  for (Urgency u : {Urgency::kNormal, Urgency::kUrgent, Urgency::kEmergency}) {
    if (id_or_name == UrgencyId(u) || id_or_name == UrgencyName(u)) return u;
  }
  constexpr size_t kMaxEcho = 40;
  std::string echo = id_or_name.size() <= kMaxEcho ? std::string(id_or_name) : "(too long)";
  return InvalidArgumentError("urgency \"" + echo +
                              "\" is not one of normal (一般), urgent (紧急), emergency (特急)");
}

std::span<const ConcernCategory> ConcernCategories() { return kCategories; }

const ConcernCategory* FindConcernCategory(std::string_view id_or_name) {
  for (const ConcernCategory& c : kCategories) {
    if (c.id == id_or_name || c.name_zh == id_or_name) return &c;
  }
  return nullptr;
}

ConcernTimeLimits TimeLimitsFor(const ConcernCategory& category, Urgency urgency) {
  ConcernTimeLimits limits{category.respond_within_h, category.resolve_within_working_days};
  const ConcernTimeLimits* caps = nullptr;
  if (urgency == Urgency::kUrgent) caps = &kUrgentCaps;
  if (urgency == Urgency::kEmergency) caps = &kEmergencyCaps;
  if (caps != nullptr) {
    limits.respond_within_h = std::min(limits.respond_within_h, caps->respond_within_h);
    limits.resolve_within_working_days =
        std::min(limits.resolve_within_working_days, caps->resolve_within_working_days);
  }
  return limits;
}

ConcernDeadlines DeadlinesFor(const ConcernCategory& category, Urgency urgency,
                              std::chrono::sys_seconds received_at,
                              const core::WorkCalendar& calendar) {
  const ConcernTimeLimits limits = TimeLimitsFor(category, urgency);
  const core::Date received_on = core::ChinaStandardDate(received_at);
  const core::Date last_day =
      calendar.AddWorkingDays(received_on, limits.resolve_within_working_days);
  // 24:00 CST of last_day is 00:00 CST of the day after, 8 hours earlier in
  // UTC.
  const std::chrono::sys_days next_day{std::chrono::days{last_day.days() + 1}};
  bool covered = true;
  for (int year = received_on.year(); year <= last_day.year(); ++year) {
    covered = covered && calendar.Covers(year);
  }
  return ConcernDeadlines{
      .limits = limits,
      .respond_by = received_at + std::chrono::hours{limits.respond_within_h},
      .resolve_by_date = last_day,
      .resolve_by = std::chrono::sys_seconds{next_day} - kChinaUtcOffset,
      .calendar_covered = covered,
  };
}

}  // namespace alley::services
