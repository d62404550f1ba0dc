#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/id_number.h"
#include "core/random.h"
#include "core/workdays.h"
#include "demo/activity_internal.h"
#include "services/concern_categories.h"
#include "services/concern_workflow.h"
#include "store/concerns_store.h"

namespace alley::demo::internal {
namespace {

using services::ConcernEvent;
using services::ConcernRating;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kActor = "demo";

// A resident who may report a concern.
struct Reporter {
  int64_t id = 0;
  std::string name;
  std::string phone;
  std::string unit;
};

// The weight of each category in `month` (1..12): the everyday mix, with
// heating and water in winter and noise and power in summer.
std::vector<double> CategoryWeights(int month) {
  std::vector<double> w;
  const bool summer = month >= 6 && month <= 8;
  const bool winter = month == 12 || month <= 2;
  for (const services::ConcernCategory& c : services::ConcernCategories()) {
    double base = 4;
    const std::string_view id = c.id;
    if (id == "property_management") base = 25;
    if (id == "environment_sanitation") base = 15;
    if (id == "noise") base = (month >= 5 && month <= 9) ? 18 : 11;
    if (id == "road_traffic") base = 6;
    if (id == "utilities") base = summer || winter ? 14 : 6;
    if (id == "housing_demolition") base = 4;
    if (id == "public_security_disputes") base = 6;
    if (id == "elderly_care") base = 5;
    if (id == "market_consumer") base = 6;
    if (id == "childcare" || id == "education" || id == "platform_workers") base = 2;
    if (id == "employment_social_insurance") base = 3;
    w.push_back(base);
  }
  return w;
}

// One concern's life, applied through the state machine so that the stored
// state and events are what the workflow would have produced.
class Life {
 public:
  Life(store::ConcernRow& row, std::vector<store::ConcernEventRow>& events, Instant end)
      : row_(row), events_(events), end_(end) {}

  // False when `at` is past the end of the demo's year: nothing more happens.
  bool Do(const ConcernEvent& e, Instant at) {
    if (at > end_) return false;
    StatusOr<services::ConcernProgress> next = services::Apply(progress_, e);
    if (!next.ok()) return false;
    store::ConcernEventRow ev;
    ev.at = Secs(at);
    ev.event = std::string(services::ConcernEventKindId(e.kind));
    ev.from_state = std::string(services::ConcernStateId(progress_.state));
    ev.to_state = std::string(services::ConcernStateId(next->state));
    ev.actor = std::string(kActor);
    ev.target =
        e.kind == services::ConcernEventKind::kEscalate ? std::to_string(e.escalation_level) : e.to;
    ev.reason = e.reason;
    ev.note = e.note;
    if (e.rating) ev.rating = std::string(services::ConcernRatingId(*e.rating));
    events_.push_back(ev);
    progress_ = *next;
    row_.state = ev.to_state;
    row_.assignee = progress_.body;
    row_.escalation = progress_.escalation_level;
    switch (e.kind) {
      case services::ConcernEventKind::kAccept:
        if (!row_.responded_at) row_.responded_at = Secs(at);
        break;
      case services::ConcernEventKind::kResolve:
        row_.resolved_at = Secs(at);
        break;
      case services::ConcernEventKind::kReopen:
        row_.resolved_at.reset();
        row_.rating.reset();
        break;
      case services::ConcernEventKind::kRate:
        row_.rating = ev.rating;
        break;
      default:
        break;
    }
    return true;
  }

  // Escalates when `deadline` passed before `at` with the concern open.
  void EscalateIfLate(Instant deadline, Instant at, int level) {
    if (at > deadline && services::IsOpen(progress_.state) && progress_.escalation_level < level) {
      Do(ConcernEvent::Escalate(level), deadline + minutes(1));
    }
  }

 private:
  store::ConcernRow& row_;
  std::vector<store::ConcernEventRow>& events_;
  Instant end_;
  services::ConcernProgress progress_;
};

const std::array<std::string_view, 4> kChannels = {"hotline", "app", "walk_in", "patrol"};
constexpr std::array<double, 4> kChannelWeights = {55, 20, 10, 15};

const std::array<std::string_view, 6> kResolutionNotes = {
    "已现场处置，问题解决",   "已协调物业整改完毕",   "已联系责任单位维修",
    "已约谈当事人，达成一致", "已清理完毕并加强巡查", "已答复政策并协助办理"};

const std::array<std::string_view, 6> kDescriptions = {
    "楼道堆放杂物，影响通行", "夜间施工噪声扰民", "小区路灯不亮",
    "单元门禁损坏",           "垃圾清运不及时",   "楼上漏水影响楼下"};

}  // namespace

Status WriteConcerns(store::Writer& w, const Community& c, core::Rng& rng, ActivityReport& report) {
  // Where and who: the compounds of the community, its adult residents.
  const std::string_view community = c.code;
  const core::Date as_of = c.as_of;
  std::vector<std::string> places;
  places.reserve(c.compounds.size());
  for (const store::UnitRow& u : c.compounds) places.push_back(u.code);
  if (places.empty()) places.emplace_back(community);
  std::vector<Reporter> reporters;
  for (const Person& p : c.people) {
    if (p.age >= 18) reporters.push_back({p.id, p.name, p.phone, p.unit});
  }
  if (reporters.empty()) return OkStatus();

  const core::WorkCalendar& calendar = core::OfficialWorkCalendar();
  const Instant end = c.end;
  const double per_day = 1400.0 / 365.0 * static_cast<double>(reporters.size()) / 5600.0;
  std::array<double, 14> hour_weights = {2, 6, 9, 9, 7, 5, 7, 8, 8, 7, 6, 5, 4, 2};  // 08..21h
  std::vector<store::ConcernEventRow> events;
  for (core::Date day = as_of.AddDays(-364); day <= as_of; day = day.AddDays(1)) {
    const bool weekend = !calendar.IsWorkingDay(day);
    const double mean = per_day * (weekend ? 0.7 : 1.1);
    const int n = std::max(0, static_cast<int>(std::lround(rng.Normal(mean, std::sqrt(mean)))));
    const std::vector<double> weights = CategoryWeights(day.month());
    for (int k = 0; k < n; ++k) {
      const services::ConcernCategory& category =
          services::ConcernCategories()[rng.Weighted(weights)];
      const double u = rng.UniformReal();
      const services::Urgency urgency = u < 0.02   ? services::Urgency::kEmergency
                                        : u < 0.10 ? services::Urgency::kUrgent
                                                   : services::Urgency::kNormal;
      const Reporter& who = reporters[rng.Uniform(reporters.size())];
      const std::string_view channel = kChannels[rng.Weighted(kChannelWeights)];
      const Instant received = BeijingMidnight(day) +
                               hours(8 + static_cast<int64_t>(rng.Weighted(hour_weights))) +
                               minutes(static_cast<int64_t>(rng.Uniform(60)));
      if (received > end) continue;
      const services::ConcernDeadlines d =
          services::DeadlinesFor(category, urgency, received, calendar);

      store::ConcernRow row;
      row.unit_code =
          who.unit.size() > community.size() ? who.unit : places[rng.Uniform(places.size())];
      row.community_code = std::string(community);
      row.category = std::string(category.id);
      row.urgency = std::string(services::UrgencyId(urgency));
      row.channel = std::string(channel);
      row.description = std::string(category.name_zh) + "：" +
                        std::string(kDescriptions[rng.Uniform(kDescriptions.size())]);
      row.reporter_name = channel == "patrol" ? "" : who.name;
      row.resident_id = channel == "patrol" ? std::nullopt : std::optional<int64_t>(who.id);
      const std::string phone = channel == "patrol" ? "" : who.phone;
      row.reporter_phone_masked = phone.empty() ? "" : core::MaskPhone(phone);
      row.state = "received";
      row.responsible = std::string(services::ResponsibleBodyId(category.body));
      row.received_at = Secs(received);
      row.response_due = Secs(d.respond_by);
      row.resolution_due = Secs(d.resolve_by);
      row.synthetic = true;

      events.clear();
      store::ConcernEventRow first;
      first.at = row.received_at;
      first.event = "receive";
      first.to_state = "received";
      first.actor = std::string(kActor);
      first.note = row.channel;
      events.push_back(first);
      Life life(row, events, end);
      const auto respond_window = seconds(d.limits.respond_within_h * 3600);
      Instant t = received + minutes(5 + static_cast<int64_t>(rng.Uniform(55)));
      bool alive = life.Do(ConcernEvent::Dispatch(row.responsible), t);
      if (alive && rng.Bernoulli(0.05)) {
        t += hours(1 + static_cast<int64_t>(rng.Uniform(4)));
        const std::string to =
            row.responsible == "street_office" ? "community_committee" : "street_office";
        alive = life.Do(ConcernEvent::Transfer(to, "不属本部门职责，转街道协调"), t);
      }
      // The response: mostly in time, some late.
      const bool on_time = rng.Bernoulli(0.93);
      Instant accept =
          on_time ? received +
                        seconds(static_cast<int64_t>(static_cast<double>(respond_window.count()) *
                                                     (0.1 + 0.7 * rng.UniformReal())))
                  : d.respond_by + hours(1 + static_cast<int64_t>(rng.Uniform(24)));
      accept = std::max(accept, t + minutes(1));
      life.EscalateIfLate(d.respond_by, std::min(accept, end), 1);
      alive = alive && life.Do(ConcernEvent::Accept(), accept);
      t = accept + minutes(30 + static_cast<int64_t>(rng.Uniform(uint64_t{24} * 60)));
      alive = alive && life.Do(ConcernEvent::Start(), t);
      // The resolution: mostly by the deadline, some late, a few not yet.
      const double r = rng.UniformReal();
      Instant resolved =
          r < 0.86 ? t + seconds(static_cast<int64_t>(static_cast<double>(std::max<int64_t>(
                                                          Secs(d.resolve_by) - Secs(t), 3600)) *
                                                      rng.UniformReal()))
                   : d.resolve_by + hours(2 + static_cast<int64_t>(rng.Uniform(uint64_t{24} * 5)));
      if (r > 0.97) resolved = end + hours(1);  // still being worked on
      resolved = std::max(resolved, t + minutes(10));
      life.EscalateIfLate(d.resolve_by, std::min(resolved, end), 2);
      alive = alive && life.Do(ConcernEvent::Resolve(std::string(
                                   kResolutionNotes[rng.Uniform(kResolutionNotes.size())])),
                               resolved);
      if (alive && rng.Bernoulli(0.8)) {
        const double s = rng.UniformReal();
        const ConcernRating rating = s < 0.72   ? ConcernRating::kSatisfied
                                     : s < 0.91 ? ConcernRating::kBasicallySatisfied
                                                : ConcernRating::kNotSatisfied;
        t = resolved + hours(4 + static_cast<int64_t>(rng.Uniform(68)));
        if (life.Do(ConcernEvent::Rate(rating), t) && rating == ConcernRating::kNotSatisfied) {
          t += hours(2 + static_cast<int64_t>(rng.Uniform(24)));
          if (rng.Bernoulli(0.5)) {
            if (life.Do(ConcernEvent::Reopen("居民反映问题仍未解决"), t) &&
                life.Do(ConcernEvent::Accept(), t + hours(2)) &&
                life.Do(ConcernEvent::Start(), t + hours(6))) {
              life.Do(ConcernEvent::Resolve("二次处置，问题解决"), t + hours(30));
            }
          } else {
            life.Do(ConcernEvent::Close("已解释政策，诉求超出办理范围"), t);
          }
        }
      }
      ALLEY_ASSIGN_OR_RETURN(row.id, store::InsertConcern(w, row, phone));
      for (store::ConcernEventRow& e : events) {
        e.concern_id = row.id;
        ALLEY_RETURN_IF_ERROR(store::AppendConcernEvent(w, e).status());
      }
      ++report.concerns;
      report.concern_events += static_cast<int64_t>(events.size());
    }
  }
  return OkStatus();
}

}  // namespace alley::demo::internal
