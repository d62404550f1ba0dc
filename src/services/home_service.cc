#include "services/home_service.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

namespace alley::services {

namespace {

constexpr std::array kServiceKinds = {
    ServiceKindInfo{ServiceKind::kMealDelivery, "meal_delivery", "送餐", false},
    ServiceKindInfo{ServiceKind::kCleaning, "cleaning", "保洁", false},
    ServiceKindInfo{ServiceKind::kBathing, "bathing", "助浴", true},
    ServiceKindInfo{ServiceKind::kHospitalEscort, "hospital_escort", "陪同就医", false},
    ServiceKindInfo{ServiceKind::kHealthCheck, "health_check", "健康监测", true},
    ServiceKindInfo{ServiceKind::kCompanionship, "companionship", "精神慰藉", false},
};

constexpr std::array kCareOccupations = {
    CareOccupation{"elder_care_worker", "养老护理员"},
    CareOccupation{"health_caregiver", "健康照护师"},
    CareOccupation{"medical_caregiver", "医疗护理员"},
};

constexpr int kDaysPerWeek = 7;

bool IsKnownKind(ServiceKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kServiceKinds.size();
}

Status FieldError(std::string_view field, std::string_view reason) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(reason));
}

std::string Indexed(std::string_view list, size_t i, std::string_view member) {
  std::string out = std::string(list) + "[" + std::to_string(i) + "]";
  if (!member.empty()) out += "." + std::string(member);
  return out;
}

// The bounds shared by TimeSlot and WeeklyWindow.
Status ValidateMinutes(int start_min, int end_min, std::string_view field) {
  if (start_min < 0 || start_min >= kMinutesPerDay) {
    return FieldError(
        std::string(field) + ".start_min",
        std::to_string(start_min) + " is outside 0.." + std::to_string(kMinutesPerDay - 1));
  }
  if (end_min > kMinutesPerDay) {
    return FieldError(std::string(field) + ".end_min",
                      std::to_string(end_min) + " is after " + std::to_string(kMinutesPerDay));
  }
  if (end_min <= start_min) {
    return FieldError(
        std::string(field) + ".end_min",
        std::to_string(end_min) + " is not after start_min " + std::to_string(start_min));
  }
  return OkStatus();
}

std::string SlotText(const TimeSlot& slot) {
  return FormatMinutes(slot.start_min) + "-" + FormatMinutes(slot.end_min);
}

bool Overlaps(const TimeSlot& a, const TimeSlot& b) {
  return a.date == b.date && a.start_min < b.end_min && b.start_min < a.end_min;
}

// Whether the provider's windows on the slot's weekday, joined where they
// overlap or touch, cover the whole slot.
bool IsAvailable(const Provider& p, const TimeSlot& slot) {
  const Weekday day = WeekdayOf(slot.date);
  std::vector<std::pair<int, int>> windows;
  for (const WeeklyWindow& w : p.availability) {
    if (w.day == day) windows.emplace_back(w.start_min, w.end_min);
  }
  std::sort(windows.begin(), windows.end());
  int covered_to = slot.start_min;  // the slot is covered up to here
  for (const auto& [start, end] : windows) {
    if (start > covered_to) break;  // a gap before the rest of the slot
    covered_to = std::max(covered_to, end);
    if (covered_to >= slot.end_min) return true;
  }
  return false;
}

// Why the provider's certificates do not qualify them on `date`; empty when
// one does.
std::string CertificationLack(const Provider& p, core::Date date) {
  if (p.type != ProviderType::kCaregiver) return "not a certified caregiver";
  if (p.certifications.empty()) return "no certificate";
  std::optional<core::Date> latest_expired;
  std::optional<core::Date> earliest_future;
  for (const Certification& c : p.certifications) {
    if (c.issued <= date && date <= c.expires) return "";
    if (c.expires < date) {
      if (!latest_expired || *latest_expired < c.expires) latest_expired = c.expires;
    } else if (!earliest_future || c.issued < *earliest_future) {
      earliest_future = c.issued;
    }
  }
  if (latest_expired) return "certificate expired " + latest_expired->ToString();
  return "certificate valid only from " + earliest_future->ToString();
}

// What the provider lacks for the request (empty: they fit).
std::vector<std::string> Lacks(const Provider& p, const ServiceRequest& request,
                               const ServiceKindInfo& kind) {
  std::vector<std::string> lacks;
  if (std::find(p.skills.begin(), p.skills.end(), request.kind) == p.skills.end()) {
    lacks.push_back("no skill " + std::string(kind.id));
  }
  if (!IsAvailable(p, request.slot)) lacks.emplace_back("not available then");
  if (kind.needs_certified_caregiver) {
    std::string lack = CertificationLack(p, request.slot.date);
    if (!lack.empty()) lacks.push_back(std::move(lack));
  }
  for (const TimeSlot& a : p.assignments) {
    if (Overlaps(a, request.slot)) {
      lacks.push_back("busy " + SlotText(a));
      break;
    }
  }
  return lacks;
}

int64_t WeekAssignedMinutes(const Provider& p, core::Date date) {
  // Day numbers, not Dates, so that a week reaching past the supported range
  // of Date (year 0 or 9999) needs no Date outside it.
  const int64_t week_start = date.days() - (static_cast<int64_t>(WeekdayOf(date)) - 1);
  int64_t total = 0;
  for (const TimeSlot& a : p.assignments) {
    const int64_t d = a.date.days();
    if (d >= week_start && d < week_start + kDaysPerWeek) total += a.end_min - a.start_min;
  }
  return total;
}

struct TransitionRule {
  OrderState from;
  OrderEvent event;
  OrderState to;
};

constexpr std::array kTransitions = {
    TransitionRule{OrderState::kRequested, OrderEvent::kAssign, OrderState::kAssigned},
    TransitionRule{OrderState::kRequested, OrderEvent::kCancel, OrderState::kCancelled},
    TransitionRule{OrderState::kAssigned, OrderEvent::kStart, OrderState::kInService},
    TransitionRule{OrderState::kAssigned, OrderEvent::kCancel, OrderState::kCancelled},
    TransitionRule{OrderState::kInService, OrderEvent::kFinish, OrderState::kDone},
    TransitionRule{OrderState::kDone, OrderEvent::kRate, OrderState::kRated},
};

constexpr std::array kStateIds = {
    std::pair{OrderState::kRequested, std::string_view("requested")},
    std::pair{OrderState::kAssigned, std::string_view("assigned")},
    std::pair{OrderState::kInService, std::string_view("in_service")},
    std::pair{OrderState::kDone, std::string_view("done")},
    std::pair{OrderState::kRated, std::string_view("rated")},
    std::pair{OrderState::kCancelled, std::string_view("cancelled")},
};

constexpr std::array kEventIds = {
    std::pair{OrderEvent::kAssign, std::string_view("assign")},
    std::pair{OrderEvent::kStart, std::string_view("start")},
    std::pair{OrderEvent::kFinish, std::string_view("finish")},
    std::pair{OrderEvent::kRate, std::string_view("rate")},
    std::pair{OrderEvent::kCancel, std::string_view("cancel")},
};

}  // namespace

std::span<const ServiceKindInfo> ServiceKinds() { return kServiceKinds; }

const ServiceKindInfo* FindServiceKind(std::string_view id_or_name) {
  for (const ServiceKindInfo& k : kServiceKinds) {
    if (k.id == id_or_name || k.name_zh == id_or_name) return &k;
  }
  return nullptr;
}

const ServiceKindInfo& ServiceKindOf(ServiceKind kind) {
  ALLEY_CHECK(IsKnownKind(kind), "ServiceKind out of range");
  return kServiceKinds[static_cast<size_t>(kind)];
}

std::span<const CareOccupation> CareOccupations() { return kCareOccupations; }

const CareOccupation* FindCareOccupation(std::string_view id_or_name) {
  for (const CareOccupation& o : kCareOccupations) {
    if (o.id == id_or_name || o.name_zh == id_or_name) return &o;
  }
  return nullptr;
}

Weekday WeekdayOf(core::Date date) {
  // 1970-01-01 (day 0) was a Thursday, 3 days after a Monday; the modulo is
  // floored so that days before 1970 work too.
  const int64_t from_monday = ((date.days() + 3) % kDaysPerWeek + kDaysPerWeek) % kDaysPerWeek;
  return static_cast<Weekday>(from_monday + 1);
}

core::Date WeekStart(core::Date date) {
  return date.AddDays(-(static_cast<int64_t>(WeekdayOf(date)) - 1));
}

std::string FormatMinutes(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Status ValidateTimeSlot(const TimeSlot& slot, std::string_view field) {
  return ValidateMinutes(slot.start_min, slot.end_min, field);
}

Status ValidateServiceRequest(const ServiceRequest& request) {
  if (!IsKnownKind(request.kind)) return FieldError("kind", "not a service kind");
  if (!core::IsValidLatLon(request.location)) {
    return FieldError("location", "not a WGS-84 point (lat -90..90, lon -180..180)");
  }
  return ValidateTimeSlot(request.slot, "slot");
}

Status ValidateProvider(const Provider& p) {
  if (p.id.empty()) return FieldError("id", "empty").WithContext("provider");
  auto error = [&p](std::string_view field, std::string_view reason) {
    return FieldError(field, reason).WithContext("provider " + p.id);
  };
  if (p.type == ProviderType::kCaregiver) {
    if (FindCareOccupation(p.occupation) == nullptr) {
      return error("occupation", "unknown care occupation \"" + p.occupation + "\"");
    }
  } else if (p.type == ProviderType::kVolunteer) {
    if (!p.occupation.empty()) return error("occupation", "a volunteer has none");
    if (!p.certifications.empty()) {
      return error("certifications", "a volunteer has none (register as a caregiver)");
    }
  } else {
    return error("type", "neither caregiver nor volunteer");
  }
  for (size_t i = 0; i < p.certifications.size(); ++i) {
    const Certification& c = p.certifications[i];
    if (FindCareOccupation(c.occupation) == nullptr) {
      return error(Indexed("certifications", i, "occupation"),
                   "unknown care occupation \"" + c.occupation + "\"");
    }
    if (c.level < kHighestSkillLevel || c.level > kLowestSkillLevel) {
      return error(Indexed("certifications", i, "level"),
                   std::to_string(c.level) + " is outside 1..5");
    }
    if (c.expires < c.issued) {
      return error(Indexed("certifications", i, "expires"),
                   c.expires.ToString() + " is before issued " + c.issued.ToString());
    }
  }
  std::set<ServiceKind> skills;
  for (size_t i = 0; i < p.skills.size(); ++i) {
    if (!IsKnownKind(p.skills[i])) return error(Indexed("skills", i, ""), "not a service kind");
    if (!skills.insert(p.skills[i]).second) {
      return error(Indexed("skills", i, ""),
                   "duplicate skill " + std::string(ServiceKindOf(p.skills[i]).id));
    }
  }
  for (size_t i = 0; i < p.availability.size(); ++i) {
    const WeeklyWindow& w = p.availability[i];
    const auto day = static_cast<int>(w.day);
    if (day < 1 || day > kDaysPerWeek) {
      return error(Indexed("availability", i, "day"), std::to_string(day) + " is outside 1..7");
    }
    Status s = ValidateMinutes(w.start_min, w.end_min, Indexed("availability", i, ""));
    if (!s.ok()) return s.WithContext("provider " + p.id);
  }
  for (size_t i = 0; i < p.assignments.size(); ++i) {
    Status s = ValidateTimeSlot(p.assignments[i], Indexed("assignments", i, ""));
    if (!s.ok()) return s.WithContext("provider " + p.id);
  }
  if (!core::IsValidLatLon(p.location)) {
    return error("location", "not a WGS-84 point (lat -90..90, lon -180..180)");
  }
  return OkStatus();
}

StatusOr<std::vector<Candidate>> MatchProviders(const ServiceRequest& request,
                                                std::span<const Provider> providers) {
  ALLEY_RETURN_IF_ERROR(ValidateServiceRequest(request));
  std::set<std::string_view> ids;
  for (const Provider& p : providers) {
    ALLEY_RETURN_IF_ERROR(ValidateProvider(p));
    if (!ids.insert(p.id).second) {
      return InvalidArgumentError("duplicate provider id \"" + p.id + "\"");
    }
  }

  const ServiceKindInfo& kind = ServiceKindOf(request.kind);
  std::vector<Candidate> fits;
  std::string why;
  for (const Provider& p : providers) {
    std::vector<std::string> lacks = Lacks(p, request, kind);
    if (lacks.empty()) {
      fits.push_back({.provider_id = p.id,
                      .distance_m = core::HaversineMeters(p.location, request.location),
                      .week_assigned_min = WeekAssignedMinutes(p, request.slot.date)});
      continue;
    }
    why += why.empty() ? "" : "; ";
    why += p.id + ":";
    for (size_t i = 0; i < lacks.size(); ++i) why += (i == 0 ? " " : ", ") + lacks[i];
  }
  if (fits.empty()) {
    return NotFoundError("no provider fits " + std::string(kind.id) + " (" +
                         std::string(kind.name_zh) + ") on " + request.slot.date.ToString() + " " +
                         SlotText(request.slot) + ": " + (why.empty() ? "no providers" : why));
  }
  std::sort(fits.begin(), fits.end(), [](const Candidate& a, const Candidate& b) {
    const auto a_m = static_cast<int64_t>(std::llround(a.distance_m));
    const auto b_m = static_cast<int64_t>(std::llround(b.distance_m));
    if (a_m != b_m) return a_m < b_m;
    if (a.week_assigned_min != b.week_assigned_min) {
      return a.week_assigned_min < b.week_assigned_min;
    }
    return a.provider_id < b.provider_id;
  });
  return fits;
}

std::string_view OrderStateId(OrderState state) {
  for (const auto& [s, id] : kStateIds) {
    if (s == state) return id;
  }
  return "unknown";
}

std::optional<OrderState> ParseOrderState(std::string_view id) {
  for (const auto& [s, name] : kStateIds) {
    if (name == id) return s;
  }
  return std::nullopt;
}

std::string_view OrderEventId(OrderEvent event) {
  for (const auto& [e, id] : kEventIds) {
    if (e == event) return id;
  }
  return "unknown";
}

std::optional<OrderEvent> ParseOrderEvent(std::string_view id) {
  for (const auto& [e, name] : kEventIds) {
    if (name == id) return e;
  }
  return std::nullopt;
}

StatusOr<OrderState> NextOrderState(OrderState state, OrderEvent event) {
  std::string allowed;
  for (const TransitionRule& t : kTransitions) {
    if (t.from != state) continue;
    if (t.event == event) return t.to;
    allowed += (allowed.empty() ? "" : ", ") + std::string(OrderEventId(t.event));
  }
  return FailedPreconditionError(
      "order is " + std::string(OrderStateId(state)) + ": cannot " +
      std::string(OrderEventId(event)) +
      (allowed.empty() ? " (no event is allowed)" : " (allowed: " + allowed + ")"));
}

Status AssignOrder(HomeServiceOrder& order, std::string_view provider_id) {
  ALLEY_ASSIGN_OR_RETURN(OrderState next, NextOrderState(order.state, OrderEvent::kAssign));
  if (provider_id.empty()) return FieldError("provider_id", "empty");
  order.state = next;
  order.provider_id = std::string(provider_id);
  return OkStatus();
}

Status StartOrder(HomeServiceOrder& order) {
  ALLEY_ASSIGN_OR_RETURN(order.state, NextOrderState(order.state, OrderEvent::kStart));
  return OkStatus();
}

Status FinishOrder(HomeServiceOrder& order) {
  ALLEY_ASSIGN_OR_RETURN(order.state, NextOrderState(order.state, OrderEvent::kFinish));
  return OkStatus();
}

Status RateOrder(HomeServiceOrder& order, int stars) {
  ALLEY_ASSIGN_OR_RETURN(OrderState next, NextOrderState(order.state, OrderEvent::kRate));
  if (stars < kMinStars || stars > kMaxStars) {
    return FieldError("stars", std::to_string(stars) + " is outside 1..5");
  }
  order.state = next;
  order.stars = stars;
  return OkStatus();
}

Status CancelOrder(HomeServiceOrder& order) {
  ALLEY_ASSIGN_OR_RETURN(order.state, NextOrderState(order.state, OrderEvent::kCancel));
  return OkStatus();
}

}  // namespace alley::services
