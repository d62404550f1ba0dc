// Home-service orders (居家养老服务工单): an elderly resident asks for a service
// at home — meal delivery, cleaning, help with bathing, an escort to hospital,
// a health check, company — and the order is matched to a caregiver or a
// volunteer whose skills and weekly availability fit, whose certification
// (where the service needs one) is valid on the day, who is free then, and
// who is nearest; it then goes through to done and rated.
//
//   ServiceRequest req{.kind = ServiceKind::kBathing, .location = {34.600, 119.170},
//                      .slot = {.date = day, .start_min = 9 * 60, .end_min = 10 * 60}};
//   ALLEY_ASSIGN_OR_RETURN(std::vector<Candidate> ranked, MatchProviders(req, providers));
//   HomeServiceOrder order{.request = req};
//   ALLEY_RETURN_IF_ERROR(AssignOrder(order, ranked.front().provider_id));
//   ALLEY_RETURN_IF_ERROR(StartOrder(order));   // in_service
//   ALLEY_RETURN_IF_ERROR(FinishOrder(order));  // done
//   ALLEY_RETURN_IF_ERROR(RateOrder(order, 5)); // rated, 5 stars
//
// Times are local civil time (China Standard Time) in minutes after midnight;
// a slot lies within one day. Identifiers (service kinds, occupations, order
// states and events) never change once released: files, the API and the
// database use them.
//
// Pure functions of their input: safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/geo.h"
#include "core/status.h"

namespace alley::services {

// ---- Service kinds ---------------------------------------------------------

enum class ServiceKind {
  kMealDelivery,    // meal_delivery 送餐
  kCleaning,        // cleaning 保洁
  kBathing,         // bathing 助浴
  kHospitalEscort,  // hospital_escort 陪同就医
  kHealthCheck,     // health_check 健康监测
  // companionship 精神慰藉: company and conversation for people living alone.
  // Beyond the five the issue names because it is what volunteers give most
  // and what a visit (探访关爱) that finds someone lonely leads to.
  kCompanionship,
};

struct ServiceKindInfo {
  ServiceKind kind;
  std::string_view id;
  std::string_view name_zh;
  // Only a caregiver with a certificate valid on the day may give it: help
  // with bathing (the risk of falls and scalds) and health checks (readings
  // that someone must interpret).
  bool needs_certified_caregiver;
};

// Every service kind, in the order of the enum.
std::span<const ServiceKindInfo> ServiceKinds();

// The kind with this identifier or Chinese name; nullptr if none.
const ServiceKindInfo* FindServiceKind(std::string_view id_or_name);

// The entry of `kind` in ServiceKinds().
const ServiceKindInfo& ServiceKindOf(ServiceKind kind);

// ---- Caregivers' occupations ----------------------------------------------

// An elderly-care occupation of the national occupational classification
// (中华人民共和国职业分类大典): its skill-level certificate is
// "<name_zh>职业技能等级证书", e.g. 养老护理员职业技能等级证书.
struct CareOccupation {
  std::string_view id;
  std::string_view name_zh;
};

// elder_care_worker 养老护理员, health_caregiver 健康照护师,
// medical_caregiver 医疗护理员.
std::span<const CareOccupation> CareOccupations();

// The occupation with this identifier or Chinese name; nullptr if none.
const CareOccupation* FindCareOccupation(std::string_view id_or_name);

// The five skill levels of a 职业技能等级证书: 5 is 五级/初级工 (the lowest), 4
// 四级/中级工, 3 三级/高级工, 2 二级/技师, 1 一级/高级技师 (the highest).
inline constexpr int kHighestSkillLevel = 1;
inline constexpr int kLowestSkillLevel = 5;

// A skill-level certificate, valid from `issued` to `expires`, both included.
struct Certification {
  std::string occupation;  // a CareOccupation id
  int level = kLowestSkillLevel;
  core::Date issued;
  core::Date expires;
};

// ---- Time ------------------------------------------------------------------

enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

// The day of the week of `date` (1970-01-01 was a Thursday).
Weekday WeekdayOf(core::Date date);

// The Monday of the ISO week (Monday to Sunday) that holds `date`.
core::Date WeekStart(core::Date date);

inline constexpr int kMinutesPerDay = 24 * 60;

// [start_min, end_min) on one date: 0 ≤ start_min < end_min ≤ kMinutesPerDay.
struct TimeSlot {
  core::Date date;
  int start_min = 0;
  int end_min = 0;
};

// [start_min, end_min) every week on `day`, same bounds as TimeSlot. Windows
// of one day that overlap or touch join up: 08:00–10:00 and 10:00–12:00 cover
// a slot 09:00–11:00.
struct WeeklyWindow {
  Weekday day = Weekday::kMonday;
  int start_min = 0;
  int end_min = 0;
};

// "09:05" for 545; "24:00" for kMinutesPerDay.
std::string FormatMinutes(int minutes);

// ---- Providers and matching ------------------------------------------------

enum class ProviderType {
  kCaregiver,  // 护理员: paid staff of an elderly-care occupation
  kVolunteer,  // 志愿者
};

struct Provider {
  std::string id;  // unique among the providers matched together
  ProviderType type = ProviderType::kVolunteer;
  std::string occupation;                     // caregivers: a CareOccupation id; volunteers: empty
  std::vector<Certification> certifications;  // caregivers only
  std::vector<ServiceKind> skills;
  std::vector<WeeklyWindow> availability;
  core::LatLon location;  // WGS-84: where the provider starts from
  // Slots of orders already assigned to the provider (assigned or in
  // service): a new order may not overlap them, and they count as the
  // provider's assigned hours.
  std::vector<TimeSlot> assignments;
};

// What a resident asks for, where and when.
struct ServiceRequest {
  ServiceKind kind = ServiceKind::kMealDelivery;
  core::LatLon location;  // the resident's home, WGS-84
  TimeSlot slot;
};

// A provider who fits a request.
struct Candidate {
  std::string provider_id;
  double distance_m = 0;  // straight line (haversine) from the provider to the resident
  // Minutes of the provider's assignments in the ISO week (Monday to Sunday)
  // of the requested date.
  int64_t week_assigned_min = 0;
};

// Errors: kInvalidArgument "field NAME: reason" (slot bounds, location).
Status ValidateTimeSlot(const TimeSlot& slot, std::string_view field);
Status ValidateServiceRequest(const ServiceRequest& request);

// Errors: kInvalidArgument "provider ID: field NAME: reason": an empty id; a
// caregiver without a known occupation, or a volunteer with an occupation or
// a certificate; a certificate of an unknown occupation, a level outside 1..5,
// or that expires before it is issued; a duplicate skill; a window or an
// assignment outside its bounds; a location outside WGS-84.
Status ValidateProvider(const Provider& provider);

// The providers who fit `request`, best first. A provider fits when
//   1. `request.kind` is among their skills;
//   2. one of their windows on the slot's weekday (joined where they touch)
//      covers the whole slot;
//   3. if the kind needs a certified caregiver: they are a caregiver with a
//      certificate valid (issued ≤ date ≤ expires) on the slot's date;
//   4. none of their assignments overlaps the slot (slots that only touch,
//      09:00–10:00 and 10:00–11:00, do not overlap).
// Order: nearest first (distances compared to the whole metre, finer than a
// GPS fix); then fewer assigned minutes in the slot's week; then provider id.
//
// Errors: ValidateServiceRequest's and ValidateProvider's (the first bad
// provider); kInvalidArgument for a duplicate provider id; kNotFound when no
// provider fits, with a message that lists, provider by provider, what each
// lacked, e.g. "no provider fits bathing (助浴) on 2026-03-02 09:00-10:00:
// v-2: no skill bathing, not a certified caregiver; cg-1: certificate expired
// 2026-01-31; cg-2: busy 09:30-10:30" (the other lacks: "not available then",
// "no certificate", "certificate valid only from DATE"; "no providers" when
// the list is empty).
StatusOr<std::vector<Candidate>> MatchProviders(const ServiceRequest& request,
                                                std::span<const Provider> providers);

// ---- Order lifecycle -------------------------------------------------------

// requested → assigned → in_service → done → rated; cancelled from requested
// or assigned. done, rated and cancelled take no other event (rated and
// cancelled are final; done takes only a rating).
enum class OrderState { kRequested, kAssigned, kInService, kDone, kRated, kCancelled };
enum class OrderEvent { kAssign, kStart, kFinish, kRate, kCancel };

// "requested", "assigned", "in_service", "done", "rated", "cancelled".
std::string_view OrderStateId(OrderState state);
std::optional<OrderState> ParseOrderState(std::string_view id);
// "assign", "start", "finish", "rate", "cancel".
std::string_view OrderEventId(OrderEvent event);
std::optional<OrderEvent> ParseOrderEvent(std::string_view id);

// The state after `event`, or kFailedPrecondition naming both:
// "order is done: cannot cancel (allowed: rate)".
StatusOr<OrderState> NextOrderState(OrderState state, OrderEvent event);

inline constexpr int kMinStars = 1;
inline constexpr int kMaxStars = 5;

struct HomeServiceOrder {
  ServiceRequest request;
  OrderState state = OrderState::kRequested;
  std::string provider_id;   // set by AssignOrder
  std::optional<int> stars;  // set by RateOrder, kMinStars..kMaxStars
};

// Each applies one event. On error the order is left unchanged. Errors:
// NextOrderState's kFailedPrecondition, checked first; then kInvalidArgument
// for an empty provider id (AssignOrder) or stars outside 1..5 (RateOrder).
// AssignOrder records the provider only: the caller picks one that
// MatchProviders ranked, and records the slot among the provider's
// assignments.
Status AssignOrder(HomeServiceOrder& order, std::string_view provider_id);
Status StartOrder(HomeServiceOrder& order);
Status FinishOrder(HomeServiceOrder& order);
Status RateOrder(HomeServiceOrder& order, int stars);
Status CancelOrder(HomeServiceOrder& order);

}  // namespace alley::services
