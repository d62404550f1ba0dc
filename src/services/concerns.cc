#include "services/concerns.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/division.h"
#include "core/id_number.h"
#include "registry/resident_rules.h"  // the ledger's phone and community rules
#include "registry/unmask_reason.h"

namespace alley::services {
namespace {

namespace audit = registry::audit;

constexpr std::string_view kObject = "concern";
constexpr std::chrono::hours kChinaOffset{8};
// The length of a community's official code (core/division.h); the codes of
// the compounds and grids below it extend it.
constexpr size_t kCommunityCodeDigits = 12;

int64_t Seconds(Instant t) { return t.time_since_epoch().count(); }
Instant FromSeconds(int64_t s) { return Instant(std::chrono::seconds(s)); }

Status FieldError(std::string_view field, std::string_view rule) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(rule));
}

Status CheckText(std::string_view field, std::string_view text, size_t max, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return FieldError(field, "is required");
  }
  if (text.size() > max) {
    return FieldError(field, "at most " + std::to_string(max) + " bytes");
  }
  return OkStatus();
}

bool InScope(std::string_view within, std::string_view unit_code) {
  return within.empty() || within == core::kNationCode ||
         core::IsCodePrefixAncestor(within, unit_code);
}

Status NoSuchConcern(int64_t id) { return NotFoundError("no concern " + std::to_string(id)); }

// The concern, if it is in scope.
StatusOr<store::ConcernRow> ConcernInScope(store::Reader& r, int64_t id, std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ConcernRow> row, store::ConcernById(r, id));
  if (!row || !InScope(within, row->unit_code)) return NoSuchConcern(id);
  return *std::move(row);
}

Status AppendAudit(store::Writer& w, const audit::Actor& actor, std::string_view action, int64_t id,
                   std::string detail, Instant now, std::string reason = "") {
  audit::AuditRecord a = audit::RecordBy(actor, action);
  a.object = std::string(kObject);
  const int64_t ids[] = {id};
  a.records = audit::RecordIds(ids);
  a.detail = std::move(detail);
  a.reason = std::move(reason);
  return audit::Append(w, a, now).status();
}

// The progress the state machine works on, from the stored row.
StatusOr<ConcernProgress> ProgressOf(const store::ConcernRow& row) {
  ConcernProgress p;
  ALLEY_ASSIGN_OR_RETURN(p.state, ParseConcernState(row.state));
  p.body = row.assignee;
  p.escalation_level = static_cast<int>(row.escalation);
  if (row.rating) {
    ALLEY_ASSIGN_OR_RETURN(ConcernRating rating, ParseConcernRating(*row.rating));
    p.rating = rating;
  }
  return p;
}

// A target of a dispatch or transfer: a responsible body's identifier or a
// unit in scope.
Status CheckTarget(store::Reader& r, std::string_view to, std::string_view within) {
  for (const ConcernCategory& c : ConcernCategories()) {
    if (ResponsibleBodyId(c.body) == to) return OkStatus();
  }
  if (!to.empty() &&
      std::all_of(to.begin(), to.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(to));
    if (!unit) return FieldError("to", "unit " + std::string(to) + " does not exist");
    if (!InScope(within, to)) {
      return PermissionDeniedError("field to: unit " + std::string(to) + " is outside your scope");
    }
    return OkStatus();
  }
  std::string bodies;
  for (const ConcernCategory& c : ConcernCategories()) {
    std::string_view id = ResponsibleBodyId(c.body);
    if (bodies.find(std::string(id) + ",") == std::string::npos) bodies += std::string(id) + ", ";
  }
  if (bodies.size() >= 2) bodies.resize(bodies.size() - 2);
  return FieldError("to", "\"" + std::string(to.substr(0, 40)) +
                              "\" is neither a unit code nor a responsible body (" + bodies + ")");
}

}  // namespace

const core::WorkCalendar& OfficialCalendar() { return core::OfficialWorkCalendar(); }

Instant PeriodStart(const ReportPeriod& period) {
  return Instant(std::chrono::sys_days(std::chrono::days(period.from.days()))) - kChinaOffset;
}

Instant PeriodEnd(const ReportPeriod& period) {
  return Instant(std::chrono::sys_days(std::chrono::days(period.to.days() + 1))) - kChinaOffset;
}

StatusOr<store::ConcernRow> TakeConcern(store::Store& store, const NewConcern& c,
                                        std::string_view within,
                                        const registry::audit::Actor& actor, Instant now,
                                        const core::WorkCalendar& calendar) {
  const ConcernCategory* category = FindConcernCategory(c.category);
  if (category == nullptr) {
    std::string ids;
    for (const ConcernCategory& k : ConcernCategories()) ids += std::string(k.id) + ", ";
    if (ids.size() >= 2) ids.resize(ids.size() - 2);
    return FieldError("category",
                      "\"" + c.category.substr(0, 40) + "\" is not a category (" + ids + ")");
  }
  StatusOr<Urgency> urgency = ParseUrgency(c.urgency);
  if (!urgency.ok()) return FieldError("urgency", urgency.status().message());
  if (std::find(kConcernChannels.begin(), kConcernChannels.end(), c.channel) ==
      kConcernChannels.end()) {
    return FieldError("channel", "\"" + c.channel.substr(0, 40) +
                                     "\" is not one of hotline, app, walk_in, patrol, open311");
  }
  ALLEY_RETURN_IF_ERROR(CheckText("description", c.description, kMaxConcernDescription, true));
  ALLEY_RETURN_IF_ERROR(CheckText("address", c.address, kMaxConcernShortText, false));
  ALLEY_RETURN_IF_ERROR(CheckText("reporter_name", c.reporter_name, kMaxConcernShortText, false));
  if (Status phone = registry::ValidatePhone(c.reporter_phone, "field"); !phone.ok()) {
    std::string message(phone.message());
    if (message.starts_with("field phone")) message.replace(0, 11, "field reporter_phone");
    return InvalidArgumentError(message);
  }
  if (c.lat.has_value() != c.lon.has_value()) return FieldError("lat", "lat and lon go together");
  if (c.lat && (!(*c.lat >= -90 && *c.lat <= 90) || !(*c.lon >= -180 && *c.lon <= 180))) {
    return FieldError("lat", "lat must be in [-90, 90] and lon in [-180, 180]");
  }
  const Instant received = c.received_at.value_or(now);
  if (received > now) return FieldError("received_at", "is in the future");
  if (c.unit_code.empty()) return FieldError("unit", "is required");
  if (!InScope(within, c.unit_code)) {
    return PermissionDeniedError("field unit: unit " + c.unit_code + " is outside your scope");
  }
  const ConcernDeadlines deadlines = DeadlinesFor(*category, *urgency, received, calendar);

  store::ConcernRow row;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(c.unit_code));
    if (!unit) return FieldError("unit", "unit " + c.unit_code + " does not exist");
    StatusOr<store::UnitRow> community = registry::CommunityOf(w, *unit);
    if (!community.ok()) {
      return FieldError("unit", "a concern is placed in a community or below it, not in " +
                                    unit->name + " (" + unit->code + ")");
    }
    if (c.resident_id) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> v,
                             w.NewestResidentVersion(*c.resident_id));
      if (!v || !InScope(within, v->unit_code)) {
        return FieldError("resident", "no resident " + std::to_string(*c.resident_id));
      }
    }
    row.unit_code = c.unit_code;
    row.community_code = community->code;
    row.category = std::string(category->id);
    row.urgency = std::string(UrgencyId(*urgency));
    row.channel = c.channel;
    row.description = c.description;
    row.address = c.address;
    row.lat = c.lat;
    row.lon = c.lon;
    row.reporter_name = c.reporter_name;
    row.reporter_phone_masked = c.reporter_phone.empty() ? "" : core::MaskPhone(c.reporter_phone);
    row.resident_id = c.resident_id;
    row.state = std::string(ConcernStateId(ConcernState::kReceived));
    row.responsible = std::string(ResponsibleBodyId(category->body));
    row.received_at = Seconds(received);
    row.response_due = Seconds(deadlines.respond_by);
    row.resolution_due = Seconds(deadlines.resolve_by);
    row.synthetic = c.synthetic;
    ALLEY_ASSIGN_OR_RETURN(row.id, store::InsertConcern(w, row, c.reporter_phone));
    store::ConcernEventRow e;
    e.concern_id = row.id;
    e.at = row.received_at;
    e.event = "receive";
    e.from_state = "";
    e.to_state = row.state;
    e.actor = actor.username;
    e.note = c.channel;
    ALLEY_RETURN_IF_ERROR(store::AppendConcernEvent(w, e).status());
    return AppendAudit(w, actor, audit::kCreate, row.id,
                       "unit=" + row.unit_code + " category=" + row.category, now);
  }));
  return row;
}

StatusOr<ConcernDetail> GetConcern(store::Store& store, int64_t id, std::string_view within) {
  ConcernDetail detail;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(detail.concern, ConcernInScope(r, id, within));
    ALLEY_ASSIGN_OR_RETURN(detail.events, store::ConcernEvents(r, id));
    return OkStatus();
  }));
  return detail;
}

StatusOr<store::ConcernRow> MoveConcern(store::Store& store, int64_t id,
                                        std::optional<int64_t> expected_version,
                                        const ConcernEvent& given, std::string_view within,
                                        const registry::audit::Actor& actor, Instant now) {
  store::ConcernRow row;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(row, ConcernInScope(w, id, within));
    if (expected_version && *expected_version != row.version) {
      return AbortedError("concern " + std::to_string(id) + " was changed by someone else (now " +
                          "at version " + std::to_string(row.version) + "): reload it");
    }
    ConcernEvent event = given;
    if (event.kind == ConcernEventKind::kDispatch && event.to.empty()) event.to = row.responsible;
    for (std::string_view text : {std::string_view(event.to), std::string_view(event.reason)}) {
      ALLEY_RETURN_IF_ERROR(
          CheckText(text == event.to ? "to" : "reason", text, kMaxConcernShortText, false));
    }
    ALLEY_RETURN_IF_ERROR(CheckText("note", event.note, kMaxConcernDescription, false));
    if (!event.to.empty()) ALLEY_RETURN_IF_ERROR(CheckTarget(w, event.to, within));
    ALLEY_ASSIGN_OR_RETURN(ConcernProgress before, ProgressOf(row));
    ALLEY_ASSIGN_OR_RETURN(ConcernProgress after, Apply(before, event));
    const int64_t at = Seconds(now);
    store::ConcernEventRow e;
    e.concern_id = id;
    e.at = at;
    e.event = std::string(ConcernEventKindId(event.kind));
    e.from_state = row.state;
    e.to_state = std::string(ConcernStateId(after.state));
    e.actor = actor.username;
    e.target = event.kind == ConcernEventKind::kEscalate ? std::to_string(event.escalation_level)
                                                         : event.to;
    e.reason = event.reason;
    e.note = event.note;
    if (event.rating) e.rating = std::string(ConcernRatingId(*event.rating));

    row.state = e.to_state;
    row.assignee = after.body;
    row.escalation = after.escalation_level;
    switch (event.kind) {
      case ConcernEventKind::kAccept:
        if (!row.responded_at) row.responded_at = at;
        break;
      case ConcernEventKind::kResolve:
        row.resolved_at = at;
        break;
      case ConcernEventKind::kReopen:
        row.resolved_at.reset();
        row.rating.reset();
        break;
      case ConcernEventKind::kRate:
        row.rating = e.rating;
        break;
      default:
        break;
    }
    ALLEY_RETURN_IF_ERROR(store::UpdateConcern(w, row));
    ++row.version;
    ALLEY_RETURN_IF_ERROR(store::AppendConcernEvent(w, e).status());
    return AppendAudit(w, actor, audit::kUpdate, id, "event=" + e.event, now, event.reason);
  }));
  return row;
}

StatusOr<int64_t> EscalateOverdue(store::Store& store, std::string_view within,
                                  const registry::audit::Actor& actor, Instant now) {
  // The candidates first (one read), then each escalation in its own write:
  // one that meets a concurrent change is skipped and found again next time.
  std::vector<std::pair<int64_t, int>> due;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    store::ConcernQuery q;
    q.subtree_code = std::string(within.empty() ? core::kNationCode : within);
    q.overdue_at = Seconds(now);
    q.limit = 1000;
    for (q.offset = 0;; q.offset += q.limit) {
      ALLEY_ASSIGN_OR_RETURN(store::ConcernPage page, store::ListConcerns(r, q));
      for (const store::ConcernRow& c : page.items) {
        int level = 0;
        if (!c.responded_at && c.response_due < Seconds(now)) level = 1;
        if (!c.resolved_at && c.resolution_due < Seconds(now)) level = 2;
        StatusOr<ConcernState> state = ParseConcernState(c.state);
        if (level > c.escalation && state.ok() && Allows(*state, ConcernEventKind::kEscalate)) {
          due.emplace_back(c.id, level);
        }
      }
      if (static_cast<int64_t>(page.items.size()) < q.limit) break;
    }
    return OkStatus();
  }));
  int64_t escalated = 0;
  for (const auto& [id, level] : due) {
    StatusOr<store::ConcernRow> moved =
        MoveConcern(store, id, std::nullopt, ConcernEvent::Escalate(level), within, actor, now);
    if (moved.ok()) {
      ++escalated;
    } else if (moved.status().code() != StatusCode::kFailedPrecondition &&
               moved.status().code() != StatusCode::kInvalidArgument) {
      return moved.status();
    }
  }
  return escalated;
}

StatusOr<store::ConcernPage> ListConcerns(store::Store& store, store::ConcernQuery query,
                                          std::string_view within,
                                          const registry::audit::Actor& actor, Instant now) {
  if (query.subtree_code.empty()) {
    query.subtree_code = std::string(within.empty() ? core::kNationCode : within);
  }
  if (!InScope(within, query.subtree_code)) {
    return PermissionDeniedError("unit " + query.subtree_code + " is outside your scope");
  }
  store::ConcernPage page;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(query.subtree_code));
    if (!unit) return NotFoundError("unit " + query.subtree_code + " does not exist");
    ALLEY_ASSIGN_OR_RETURN(page, store::ListConcerns(r, query));
    return OkStatus();
  }));
  std::vector<int64_t> ids;
  for (const store::ConcernRow& c : page.items) ids.push_back(c.id);
  audit::AuditRecord a = audit::RecordBy(actor, audit::kBulkRead);
  a.object = std::string(kObject);
  a.records = audit::RecordIds(ids);
  a.detail = "unit=" + query.subtree_code + " offset=" + std::to_string(query.offset);
  ALLEY_RETURN_IF_ERROR(audit::Append(store, a, now).status());
  return page;
}

StatusOr<std::string> RevealReporterPhone(store::Store& store, int64_t id, std::string_view within,
                                          std::string_view reason,
                                          const registry::audit::Actor& actor, Instant now) {
  ALLEY_ASSIGN_OR_RETURN(const std::string why, registry::UnmaskReason(reason));
  std::string phone;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(ConcernInScope(w, id, within).status());
    ALLEY_ASSIGN_OR_RETURN(phone, store::ConcernReporterPhone(w, id));
    return AppendAudit(w, actor, audit::kUnmask, id, "field=reporter_phone", now, why);
  }));
  return phone;
}

namespace {

StatusOr<core::UnitIndex> UnitIn(const core::Hierarchy& hierarchy, std::string_view unit) {
  std::optional<core::UnitIndex> index = hierarchy.Find(unit);
  if (!index) return NotFoundError("unit " + std::string(unit) + " does not exist");
  return *index;
}

}  // namespace

StatusOr<ConcernFacts> LoadConcernFacts(store::Store& store, const core::Hierarchy& hierarchy,
                                        std::string_view unit, Instant from, Instant to) {
  ConcernFacts facts;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    return store::ScanConcernFacts(
        r, unit, Seconds(from), Seconds(to), [&](const store::ConcernFact& f) -> Status {
          std::optional<core::UnitIndex> index = hierarchy.Find(f.unit_code);
          // A compound or grid added since the hierarchy was loaded counts for
          // its community, whose code its own extends (core/division.h).
          if (!index && f.unit_code.size() > kCommunityCodeDigits) {
            index = hierarchy.Find(f.unit_code.substr(0, kCommunityCodeDigits));
          }
          if (!index) return OkStatus();  // a community added since, too
          ConcernFact fact;
          fact.unit = *index;
          fact.received_at = FromSeconds(f.received_at);
          if (f.responded_at) fact.responded_at = FromSeconds(*f.responded_at);
          if (f.resolved_at) fact.resolved_at = FromSeconds(*f.resolved_at);
          fact.response_deadline = FromSeconds(f.response_due);
          fact.resolution_deadline = FromSeconds(f.resolution_due);
          if (!f.rating.empty()) {
            ALLEY_ASSIGN_OR_RETURN(ConcernRating rating, ParseConcernRating(f.rating));
            fact.rating = rating;
          }
          facts.Append(fact);
          return OkStatus();
        });
  }));
  return facts;
}

StatusOr<ConcernRates> RatesFor(store::Store& store, const core::Hierarchy& hierarchy,
                                std::string_view unit, ReportPeriod period, Instant as_of) {
  if (period.to < period.from) return FieldError("to", "is before from");
  ALLEY_ASSIGN_OR_RETURN(core::UnitIndex index, UnitIn(hierarchy, unit));
  ALLEY_ASSIGN_OR_RETURN(
      ConcernFacts facts,
      LoadConcernFacts(store, hierarchy, unit, PeriodStart(period), PeriodEnd(period)));
  return ComputeConcernRates(facts, hierarchy, index, period, as_of);
}

StatusOr<MonthlyConcernCounts> MonthlyRatesFor(store::Store& store,
                                               const core::Hierarchy& hierarchy,
                                               std::string_view unit, core::UnitLevel level,
                                               YearMonth first, YearMonth last, Instant as_of) {
  if (last < first) return FieldError("to", "is before from");
  ALLEY_ASSIGN_OR_RETURN(core::UnitIndex index, UnitIn(hierarchy, unit));
  const ReportPeriod span{
      *core::Date::FromYmd(first.year, first.month, 1),
      *core::Date::FromYmd(last.year, last.month, core::DaysInMonth(last.year, last.month))};
  ALLEY_ASSIGN_OR_RETURN(ConcernFacts facts, LoadConcernFacts(store, hierarchy, unit,
                                                              PeriodStart(span), PeriodEnd(span)));
  return CountConcernsByMonthAtLevel(facts, hierarchy, index, level, first, last, as_of);
}

StatusOr<std::vector<HotSpot>> HotSpots(store::Store& store, std::string_view unit,
                                        ReportPeriod period, size_t top) {
  if (period.to < period.from) return FieldError("to", "is before from");
  std::map<std::pair<std::string, std::string>, HotSpot> spots;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    return store::ScanConcernFacts(
        r, unit, Seconds(PeriodStart(period)), Seconds(PeriodEnd(period)),
        [&](const store::ConcernFact& f) -> Status {
          HotSpot& h = spots[{std::string(f.unit_code), std::string(f.category)}];
          h.unit_code = f.unit_code;
          h.category = f.category;
          ++h.count;
          if (!f.resolved_at) ++h.open;
          return OkStatus();
        });
  }));
  std::vector<HotSpot> list;
  list.reserve(spots.size());
  for (auto& [key, spot] : spots) list.push_back(std::move(spot));
  std::sort(list.begin(), list.end(), [](const HotSpot& a, const HotSpot& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.unit_code != b.unit_code) return a.unit_code < b.unit_code;
    return a.category < b.category;
  });
  if (list.size() > top) list.resize(top);
  return list;
}

}  // namespace alley::services
