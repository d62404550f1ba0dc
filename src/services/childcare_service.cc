#include "services/childcare_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <utility>

#include "core/division.h"
#include "registry/paging.h"

namespace alley::services {
namespace {

namespace audit = registry::audit;

constexpr std::string_view kNurseryType = "nursery";
constexpr std::string_view kClassObject = "nursery_class";
constexpr std::string_view kEnrolmentObject = "nursery_enrolment";
constexpr std::string_view kInspectionObject = "nursery_inspection";
// Balance dates: AddYears(-3) must stay inside the calendar, and nothing in
// the ledger is older.
constexpr int kEarliestYear = 1900;
constexpr int kMaxIntervalMonths = 120;

Status FieldError(std::string_view field, std::string_view rule) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(rule));
}

std::string Trimmed(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  return std::string(text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1));
}

Status CheckLength(std::string_view field, std::string_view text, size_t max) {
  if (text.size() > max) return FieldError(field, "at most " + std::to_string(max) + " bytes");
  return OkStatus();
}

bool InScope(std::string_view within, std::string_view code) {
  return core::IsCodePrefixAncestor(within, code);
}

// The date of an event: `on`, or today; never after today.
StatusOr<core::Date> EventDate(const std::optional<core::Date>& on, core::Date today,
                               std::string_view field) {
  const core::Date d = on.value_or(today);
  if (today < d) {
    return FieldError(field, d.ToString() + " is after today (" + today.ToString() + ")");
  }
  return d;
}

std::string ExpectedClassTypes() {
  std::string out;
  for (const ClassNorm& n : ClassNorms()) {
    if (!out.empty()) out += ", ";
    out += std::string(n.id) + " (" + std::string(n.name_zh) + ")";
  }
  return out;
}

StatusOr<ClassType> ClassTypeField(std::string_view text) {
  std::optional<ClassType> type = ParseClassType(Trimmed(text));
  if (!type) {
    return FieldError("type", "unknown class type \"" + std::string(text) + "\" (expected " +
                                  ExpectedClassTypes() + ")");
  }
  return *type;
}

// The stored type of a class, which Alley wrote itself.
StatusOr<ClassType> StoredClassType(const store::NurseryClassRow& c) {
  std::optional<ClassType> type = ParseClassType(c.type);
  if (!type) return DataLossError("class " + std::to_string(c.id) + " has the type " + c.type);
  return *type;
}

Status CheckCapacity(ClassType type, int capacity) {
  const ClassNorm& norm = NormFor(type);
  if (capacity < 1 || capacity > norm.max_children) {
    return FieldError("capacity", "must be 1 to " + std::to_string(norm.max_children) + " for " +
                                      std::string(norm.name_zh) + " (" + std::string(norm.source) +
                                      "), got " + std::to_string(capacity));
  }
  return OkStatus();
}

Status CheckCaregivers(int caregivers) {
  if (caregivers < 0 || caregivers > kMaxCaregivers) {
    return FieldError("caregivers", "must be 0 to " + std::to_string(kMaxCaregivers) + ", got " +
                                        std::to_string(caregivers));
  }
  return OkStatus();
}

StatusOr<std::string> ClassName(std::string_view name) {
  std::string trimmed = Trimmed(name);
  if (trimmed.empty()) return FieldError("name", "is required");
  ALLEY_RETURN_IF_ERROR(CheckLength("name", trimmed, kMaxNurseryText));
  return trimmed;
}

Status NoSuchNursery(int64_t id) {
  return NotFoundError("no nursery has the id " + std::to_string(id));
}

// The open nursery `id` inside `within`.
StatusOr<store::FacilityRow> NurseryInScope(store::Reader& r, int64_t id, std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> f, r.FacilityById(id));
  if (!f || f->closed_on || f->type != kNurseryType || !InScope(within, f->unit_code)) {
    return NoSuchNursery(id);
  }
  return *std::move(f);
}

// Class `class_id` of nursery `facility_id`.
StatusOr<store::NurseryClassRow> ClassOf(store::Reader& r, int64_t facility_id, int64_t class_id) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::NurseryClassRow> c,
                         store::NurseryClassById(r, class_id));
  if (!c || c->facility_id != facility_id) {
    return NotFoundError("nursery " + std::to_string(facility_id) + " has no class " +
                         std::to_string(class_id));
  }
  return *std::move(c);
}

bool OpenOn(const store::NurseryClassRow& c, core::Date on) {
  return !(on < c.opened_on) && (!c.closed_on || on < *c.closed_on);
}

// Whole months on `on`; 0 for a date before the birth.
int MonthsOld(core::Date birth, core::Date on) {
  StatusOr<int> months = AgeInMonths(birth, on);
  return months.ok() ? *months : 0;
}

std::string ChildId(int64_t resident_id) { return std::to_string(resident_id); }

// A class as its stored applications leave it, ready for the next event.
struct ClassState {
  store::NurseryClassRow row;
  std::vector<store::NurseryEnrolmentRow> enrolments;  // in order of application
  NurseryClass cls;
};

StatusOr<ClassState> LoadClass(store::Reader& r, store::NurseryClassRow row,
                               std::optional<int> capacity = std::nullopt) {
  ALLEY_ASSIGN_OR_RETURN(ClassType type, StoredClassType(row));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryEnrolmentRow> rows,
                         store::NurseryEnrolmentsOfClass(r, row.id));
  std::vector<const store::NurseryEnrolmentRow*> enrolled;
  std::vector<NurseryChild> waiting;
  std::optional<core::Date> last;
  auto later = [&](const std::optional<core::Date>& d) {
    if (d && (!last || *last < *d)) last = d;
  };
  for (const store::NurseryEnrolmentRow& e : rows) {
    later(e.applied_on);
    later(e.enrolled_on);
    later(e.left_on);
    if (e.state == "enrolled") enrolled.push_back(&e);
    if (e.state == "waiting") waiting.push_back({ChildId(e.resident_id), e.birth_date});
  }
  // In order of admission.
  std::stable_sort(enrolled.begin(), enrolled.end(),
                   [](const auto* a, const auto* b) { return *a->enrolled_on < *b->enrolled_on; });
  std::vector<NurseryChild> children;
  children.reserve(enrolled.size());
  for (const store::NurseryEnrolmentRow* e : enrolled) {
    children.push_back({ChildId(e->resident_id), e->birth_date});
  }
  StatusOr<NurseryClass> cls =
      NurseryClass::Restore(row.name, type, capacity.value_or(row.capacity), std::move(children),
                            std::move(waiting), last);
  if (!cls.ok()) return cls.status().WithContext("nursery class " + std::to_string(row.id));
  return ClassState{std::move(row), std::move(rows), std::move(cls).value()};
}

// Marks the children `admitted` (child ids) of a class enrolled from `on`;
// answers their enrolment ids.
StatusOr<std::vector<int64_t>> Admit(store::Writer& w, ClassState& state,
                                     const std::vector<std::string>& admitted, core::Date on) {
  std::vector<int64_t> ids;
  for (const std::string& child : admitted) {
    auto it = std::find_if(state.enrolments.begin(), state.enrolments.end(),
                           [&](const store::NurseryEnrolmentRow& e) {
                             return e.state == "waiting" && ChildId(e.resident_id) == child;
                           });
    if (it == state.enrolments.end()) {
      return InternalError("admitted child " + child + " is not on the stored waiting list");
    }
    it->state = "enrolled";
    it->enrolled_on = on;
    ALLEY_RETURN_IF_ERROR(store::UpdateNurseryEnrolment(w, *it));
    ids.push_back(it->id);
  }
  return ids;
}

Status AppendAudit(store::Writer& w, const audit::Actor& actor, std::string_view action,
                   std::string_view object, std::span<const int64_t> ids, std::string detail,
                   store::Timestamp now) {
  audit::AuditRecord a = audit::RecordBy(actor, action);
  a.object = std::string(object);
  a.records = audit::RecordIds(ids);
  a.detail = std::move(detail);
  return audit::Append(w, a, now).status();
}

Status AuditAdmitted(store::Writer& w, const audit::Actor& actor, const std::vector<int64_t>& ids,
                     core::Date on, store::Timestamp now) {
  if (ids.empty()) return OkStatus();
  return AppendAudit(w, actor, audit::kUpdate, kEnrolmentObject, ids,
                     "admitted from the waiting list on " + on.ToString(), now);
}

// The children enrolled in each class of a nursery (or subtree) on `on`.
StatusOr<std::map<int64_t, std::vector<NurseryChild>>> RostersOn(
    store::Reader& r, const store::NurseryClassQuery& where, core::Date on) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryRosterRow> rows,
                         store::NurseryEnrolledOn(r, where, on));
  std::map<int64_t, std::vector<NurseryChild>> rosters;
  for (const store::NurseryRosterRow& row : rows) {
    rosters[row.class_id].push_back({ChildId(row.resident_id), row.birth_date});
  }
  return rosters;
}

StatusOr<NurseryClassView> ViewOf(store::Reader& r, store::NurseryClassRow row, core::Date on,
                                  std::vector<NurseryChild> roster) {
  ALLEY_ASSIGN_OR_RETURN(ClassType type, StoredClassType(row));
  NurseryClassView v;
  v.norm = &NormFor(type);
  v.on = on;
  v.enrolled = static_cast<int>(roster.size());
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryEnrolmentRow> rows,
                         store::NurseryEnrolmentsOfClass(r, row.id));
  int enrolled_now = 0;
  for (const store::NurseryEnrolmentRow& e : rows) {
    if (e.state == "waiting") ++v.waiting;
    if (e.state == "enrolled") ++enrolled_now;
  }
  v.free_places = std::max(0, row.capacity - enrolled_now);
  v.caregivers_needed = CaregiversNeeded(type, v.enrolled);
  ClassRoster roster_of{row.name, type, std::move(roster), row.caregivers};
  StatusOr<std::vector<ClassFinding>> findings = CheckClass(roster_of, on);
  if (!findings.ok())
    return findings.status().WithContext("nursery class " + std::to_string(row.id));
  v.findings = std::move(findings).value();
  v.row = std::move(row);
  return v;
}

// The view of one class on `on` (its caregivers on that day).
StatusOr<NurseryClassView> ViewOfClass(store::Reader& r, int64_t facility_id, int64_t class_id,
                                       core::Date on) {
  ALLEY_ASSIGN_OR_RETURN(store::NurseryClassRow row, ClassOf(r, facility_id, class_id));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryStaffingRow> staffing,
                         store::NurseryStaffing(r, class_id));
  row.caregivers = 0;
  for (const store::NurseryStaffingRow& s : staffing) {
    if (!(on < s.valid_from)) row.caregivers = s.caregivers;
  }
  ALLEY_ASSIGN_OR_RETURN(auto rosters, RostersOn(r, {.facility_id = facility_id}, on));
  return ViewOf(r, std::move(row), on, std::move(rosters[class_id]));
}

StatusOr<NurseryEnrolmentItem> EnrolmentItem(store::Reader& r, int64_t facility_id,
                                             int64_t enrolment_id, core::Date on) {
  store::NurseryEnrolmentQuery q;
  q.facility_id = facility_id;
  q.enrolment_id = enrolment_id;
  q.limit = 1;
  ALLEY_ASSIGN_OR_RETURN(store::NurseryEnrolmentPage page, store::ListNurseryEnrolments(r, q));
  if (page.items.empty()) {
    return NotFoundError("nursery " + std::to_string(facility_id) + " has no enrolment " +
                         std::to_string(enrolment_id));
  }
  NurseryEnrolmentItem item;
  item.row = std::move(page.items.front());
  item.age_months = MonthsOld(item.row.birth_date, on);
  return item;
}

NurseryInspectionView InspectionViewOf(store::NurseryInspectionRow row) {
  NurseryInspection pure;
  for (const store::NurseryChecklistItemRow& i : row.items) pure.items.push_back({i.item, i.score});
  NurseryInspectionView v;
  v.mean_score = InspectionMeanScore(pure);
  v.failed_items = FailedChecklistItems(pure);
  v.remedy_open = !row.findings.empty() && !row.follow_up;
  v.row = std::move(row);
  return v;
}

NurseryInspection PureInspection(const store::NurseryInspectionRow& row) {
  NurseryInspection i;
  i.date = row.date;
  i.inspector = row.inspector;
  for (const store::NurseryChecklistItemRow& item : row.items) {
    i.items.push_back({item.item, item.score});
  }
  i.findings = row.findings;
  i.remedy_deadline = row.remedy_deadline;
  i.follow_up = row.follow_up;
  return i;
}

Status CheckUnit(store::Reader& r, std::string_view unit_code, std::string_view within,
                 store::UnitRow* unit = nullptr) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> found, r.FindUnit(unit_code));
  if (!found) return NotFoundError("unit " + std::string(unit_code) + " not found");
  if (!InScope(within, unit_code)) {
    return PermissionDeniedError("unit " + std::string(unit_code) + " is outside your scope");
  }
  if (unit != nullptr) *unit = *std::move(found);
  return OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------
// Classes

StatusOr<std::vector<NurseryClassView>> ListNurseryClasses(store::Store& store, int64_t facility_id,
                                                           core::Date on, std::string_view within) {
  std::vector<NurseryClassView> views;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(NurseryInScope(r, facility_id, within).status());
    ALLEY_ASSIGN_OR_RETURN(
        std::vector<store::NurseryClassRow> rows,
        store::ListNurseryClasses(r, {.facility_id = facility_id, .open_on = on}));
    ALLEY_ASSIGN_OR_RETURN(auto rosters, RostersOn(r, {.facility_id = facility_id}, on));
    for (store::NurseryClassRow& row : rows) {
      const int64_t id = row.id;
      ALLEY_ASSIGN_OR_RETURN(NurseryClassView v,
                             ViewOf(r, std::move(row), on, std::move(rosters[id])));
      views.push_back(std::move(v));
    }
    return OkStatus();
  }));
  return views;
}

StatusOr<NurseryClassView> GetNurseryClass(store::Store& store, int64_t facility_id,
                                           int64_t class_id, core::Date on,
                                           std::string_view within) {
  NurseryClassView view;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(NurseryInScope(r, facility_id, within).status());
    ALLEY_ASSIGN_OR_RETURN(view, ViewOfClass(r, facility_id, class_id, on));
    return OkStatus();
  }));
  return view;
}

StatusOr<NurseryClassView> AddNurseryClass(store::Store& store, const NewNurseryClass& in,
                                           core::Date today, std::string_view within,
                                           const audit::Actor& actor, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(std::string name, ClassName(in.name));
  ALLEY_ASSIGN_OR_RETURN(ClassType type, ClassTypeField(in.type));
  ALLEY_RETURN_IF_ERROR(CheckCapacity(type, in.capacity));
  ALLEY_RETURN_IF_ERROR(CheckCaregivers(in.caregivers));
  ALLEY_ASSIGN_OR_RETURN(core::Date opened, EventDate(in.opened_on, today, "opened_on"));
  NurseryClassView view;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, NurseryInScope(w, in.facility_id, within));
    store::NurseryClassRow row;
    row.facility_id = f.id;
    row.unit_code = f.unit_code;
    row.community_code = store::NurseryCommunityOf(f.unit_code);
    row.name = name;
    row.type = std::string(NormFor(type).id);
    row.capacity = in.capacity;
    row.caregivers = in.caregivers;
    row.opened_on = opened;
    StatusOr<int64_t> id = store::InsertNurseryClass(w, row);
    if (id.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("field name: nursery " + f.name + " already has a class \"" + name +
                                "\"");
    }
    ALLEY_RETURN_IF_ERROR(id.status());
    const int64_t ids[] = {*id};
    ALLEY_RETURN_IF_ERROR(AppendAudit(w, actor, audit::kCreate, kClassObject, ids,
                                      "nursery=" + std::to_string(f.id) + " type=" + row.type +
                                          " capacity=" + std::to_string(row.capacity) +
                                          " caregivers=" + std::to_string(row.caregivers),
                                      now));
    ALLEY_ASSIGN_OR_RETURN(view, ViewOfClass(w, f.id, *id, today));
    return OkStatus();
  }));
  return view;
}

StatusOr<NurseryClassChanged> ChangeNurseryClass(store::Store& store, int64_t facility_id,
                                                 int64_t class_id, int64_t expected_version,
                                                 const NurseryClassChange& change, core::Date today,
                                                 std::string_view within, const audit::Actor& actor,
                                                 store::Timestamp now) {
  std::optional<std::string> name;
  if (change.name) {
    ALLEY_ASSIGN_OR_RETURN(name, ClassName(*change.name));
  }
  if (change.caregivers) ALLEY_RETURN_IF_ERROR(CheckCaregivers(*change.caregivers));
  ALLEY_ASSIGN_OR_RETURN(core::Date effective, EventDate(change.effective, today, "effective"));
  NurseryClassChanged out;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, NurseryInScope(w, facility_id, within));
    ALLEY_ASSIGN_OR_RETURN(store::NurseryClassRow row, ClassOf(w, facility_id, class_id));
    if (row.version != expected_version) {
      return AbortedError("class " + row.name +
                          " has changed since it was read: read it again and repeat the change");
    }
    if (row.closed_on) {
      return FailedPreconditionError("class " + row.name + " closed on " +
                                     row.closed_on->ToString() + ": it cannot be changed");
    }
    if (effective < row.opened_on) {
      return FieldError("effective", effective.ToString() + " is before the class opened, " +
                                         row.opened_on.ToString());
    }
    ALLEY_ASSIGN_OR_RETURN(ClassType type, StoredClassType(row));
    const int capacity = change.capacity.value_or(row.capacity);
    ALLEY_RETURN_IF_ERROR(CheckCapacity(type, capacity));
    ALLEY_ASSIGN_OR_RETURN(ClassState state, LoadClass(w, row));
    const int enrolled = static_cast<int>(state.cls.enrolled().size());
    if (capacity < enrolled) {
      return FailedPreconditionError("field capacity: class " + row.name + " has " +
                                     std::to_string(enrolled) + " children enrolled; " +
                                     std::to_string(capacity) + " places cannot hold them");
    }
    std::string detail;
    if (name && *name != row.name) detail += " name=" + *name;
    if (capacity != row.capacity) detail += " capacity=" + std::to_string(capacity);
    if (change.close) {
      if (!state.cls.enrolled().empty() || !state.cls.waiting().empty()) {
        return FailedPreconditionError(
            "class " + row.name + " still has " + std::to_string(state.cls.enrolled().size()) +
            " children enrolled and " + std::to_string(state.cls.waiting().size()) +
            " waiting: withdraw them first");
      }
      if (state.cls.last_event() && effective < *state.cls.last_event()) {
        return FailedPreconditionError("field effective: " + effective.ToString() +
                                       " is before the class's last event, " +
                                       state.cls.last_event()->ToString());
      }
      row.closed_on = effective;
      detail += " closed_on=" + effective.ToString();
    }
    if (change.caregivers) {
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryStaffingRow> staffing,
                             store::NurseryStaffing(w, class_id));
      if (!staffing.empty() && effective < staffing.back().valid_from) {
        return FailedPreconditionError(
            "field effective: " + effective.ToString() + " is before the latest staffing figure, " +
            staffing.back().valid_from.ToString() + " (the history is kept in date order)");
      }
      ALLEY_RETURN_IF_ERROR(
          store::SetNurseryCaregivers(w, class_id, effective, *change.caregivers));
      detail +=
          " caregivers=" + std::to_string(*change.caregivers) + " from " + effective.ToString();
    }
    if (capacity > row.capacity && !state.cls.waiting().empty()) {
      ALLEY_ASSIGN_OR_RETURN(ClassState larger, LoadClass(w, row, capacity));
      ALLEY_ASSIGN_OR_RETURN(std::vector<std::string> admitted, larger.cls.FillPlaces(effective));
      ALLEY_ASSIGN_OR_RETURN(out.admitted, Admit(w, larger, admitted, effective));
    }
    if (name) row.name = *name;
    row.capacity = capacity;
    Status updated = store::UpdateNurseryClass(w, row);
    if (updated.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("field name: nursery " + f.name + " already has a class \"" +
                                row.name + "\"");
    }
    ALLEY_RETURN_IF_ERROR(updated);
    const int64_t ids[] = {class_id};
    ALLEY_RETURN_IF_ERROR(AppendAudit(w, actor, audit::kUpdate, kClassObject, ids,
                                      detail.empty() ? "" : detail.substr(1), now));
    ALLEY_RETURN_IF_ERROR(AuditAdmitted(w, actor, out.admitted, effective, now));
    ALLEY_ASSIGN_OR_RETURN(out.view, ViewOfClass(w, facility_id, class_id, today));
    return OkStatus();
  }));
  return out;
}

// ---------------------------------------------------------------------------
// Enrolments

StatusOr<NurseryApplyResult> ApplyForNurseryPlace(store::Store& store,
                                                  const NurseryApplication& application,
                                                  core::Date today, std::string_view within,
                                                  const audit::Actor& actor, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(core::Date on, EventDate(application.on, today, "date"));
  NurseryApplyResult result;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f,
                           NurseryInScope(w, application.facility_id, within));
    ALLEY_ASSIGN_OR_RETURN(store::NurseryClassRow row, ClassOf(w, f.id, application.class_id));
    if (!OpenOn(row, on)) {
      return FailedPreconditionError(
          "class " + row.name + " is not open on " + on.ToString() + " (opened " +
          row.opened_on.ToString() +
          (row.closed_on ? ", closed " + row.closed_on->ToString() : "") + ")");
    }
    Status no_child = NotFoundError("no resident " + std::to_string(application.resident_id) +
                                    " is active in the ledger on " + on.ToString());
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> version,
                           w.ResidentVersionOn(application.resident_id, on));
    if (!version || version->status != "active" || !InScope(within, version->unit_code)) {
      return no_child;
    }
    ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> birth,
                           store::NurseryChildBirthDate(w, application.resident_id));
    if (!birth) return no_child;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryEnrolmentRow> open,
                           store::OpenNurseryEnrolmentsOf(w, application.resident_id));
    if (!open.empty()) {
      const store::NurseryEnrolmentRow& e = open.front();
      const std::string where =
          InScope(within, e.unit_code)
              ? "nursery " + std::to_string(e.facility_id) + ", class " + std::to_string(e.class_id)
              : "another nursery";
      return AlreadyExistsError("resident " + std::to_string(application.resident_id) +
                                " is already " + e.state + " at " + where + " (enrolment " +
                                std::to_string(e.id) + "): withdraw that application first");
    }
    ALLEY_ASSIGN_OR_RETURN(ClassState state, LoadClass(w, row));
    ALLEY_ASSIGN_OR_RETURN(EnrolmentResult applied,
                           state.cls.Apply({ChildId(application.resident_id), *birth}, on));
    ALLEY_ASSIGN_OR_RETURN(result.admitted_from_list,
                           Admit(w, state, applied.admitted_from_list, on));
    store::NurseryEnrolmentRow e;
    e.class_id = row.id;
    e.facility_id = f.id;
    e.unit_code = f.unit_code;
    e.community_code = store::NurseryCommunityOf(f.unit_code);
    e.resident_id = application.resident_id;
    e.applied_on = on;
    if (applied.outcome == EnrolmentOutcome::kEnrolled) {
      e.state = "enrolled";
      e.enrolled_on = on;
    } else {
      e.state = "waiting";
    }
    ALLEY_ASSIGN_OR_RETURN(e.id, store::InsertNurseryEnrolment(w, e));
    const int64_t ids[] = {e.id};
    ALLEY_RETURN_IF_ERROR(
        AppendAudit(w, actor, audit::kCreate, kEnrolmentObject, ids,
                    "nursery=" + std::to_string(f.id) + " class=" + std::to_string(row.id) +
                        " resident=" + std::to_string(e.resident_id) + " state=" + e.state,
                    now));
    ALLEY_RETURN_IF_ERROR(AuditAdmitted(w, actor, result.admitted_from_list, on, now));
    ALLEY_ASSIGN_OR_RETURN(result.enrolment, EnrolmentItem(w, f.id, e.id, on));
    return OkStatus();
  }));
  return result;
}

StatusOr<NurseryWithdrawResult> WithdrawFromNursery(
    store::Store& store, int64_t facility_id, int64_t enrolment_id,
    std::optional<core::Date> on_date, std::string_view reason, core::Date today,
    std::string_view within, const audit::Actor& actor, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(core::Date on, EventDate(on_date, today, "date"));
  const std::string why = Trimmed(reason);
  ALLEY_RETURN_IF_ERROR(CheckLength("reason", why, kMaxNurseryText));
  NurseryWithdrawResult result;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, NurseryInScope(w, facility_id, within));
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::NurseryEnrolmentRow> found,
                           store::NurseryEnrolmentById(w, enrolment_id));
    if (!found || found->facility_id != f.id) {
      return NotFoundError("nursery " + std::to_string(facility_id) + " has no enrolment " +
                           std::to_string(enrolment_id));
    }
    if (found->state != "enrolled" && found->state != "waiting") {
      return FailedPreconditionError("enrolment " + std::to_string(enrolment_id) + " is already " +
                                     found->state + " (on " +
                                     (found->left_on ? found->left_on->ToString() : "?") + ")");
    }
    ALLEY_ASSIGN_OR_RETURN(store::NurseryClassRow row, ClassOf(w, f.id, found->class_id));
    ALLEY_ASSIGN_OR_RETURN(ClassState state, LoadClass(w, row));
    const std::string child = ChildId(found->resident_id);
    std::vector<std::string> admitted;
    if (found->state == "enrolled") {
      ALLEY_ASSIGN_OR_RETURN(admitted, state.cls.Withdraw(child, on));
      found->state = "withdrawn";
    } else {
      ALLEY_RETURN_IF_ERROR(state.cls.CancelApplication(child, on));
      found->state = "cancelled";
    }
    found->left_on = on;
    found->reason = why;
    ALLEY_RETURN_IF_ERROR(store::UpdateNurseryEnrolment(w, *found));
    // The stored list no longer holds the child: Admit looks among the others.
    for (store::NurseryEnrolmentRow& e : state.enrolments) {
      if (e.id == found->id) e = *found;
    }
    ALLEY_ASSIGN_OR_RETURN(result.admitted, Admit(w, state, admitted, on));
    const int64_t ids[] = {found->id};
    ALLEY_RETURN_IF_ERROR(
        AppendAudit(w, actor, audit::kUpdate, kEnrolmentObject, ids,
                    found->state + " on " + on.ToString() + (why.empty() ? "" : ": " + why), now));
    ALLEY_RETURN_IF_ERROR(AuditAdmitted(w, actor, result.admitted, on, now));
    ALLEY_ASSIGN_OR_RETURN(result.enrolment, EnrolmentItem(w, f.id, found->id, on));
    return OkStatus();
  }));
  return result;
}

StatusOr<std::vector<int64_t>> FillNurseryPlaces(store::Store& store, int64_t facility_id,
                                                 std::optional<core::Date> on_date,
                                                 core::Date today, std::string_view within,
                                                 const audit::Actor& actor, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(core::Date on, EventDate(on_date, today, "date"));
  std::vector<int64_t> admitted_ids;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, NurseryInScope(w, facility_id, within));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryClassRow> rows,
                           store::ListNurseryClasses(w, {.facility_id = f.id, .open_on = on}));
    for (store::NurseryClassRow& row : rows) {
      ALLEY_ASSIGN_OR_RETURN(ClassState state, LoadClass(w, std::move(row)));
      if (state.cls.waiting().empty() || state.cls.free_places() == 0) continue;
      ALLEY_ASSIGN_OR_RETURN(std::vector<std::string> admitted, state.cls.FillPlaces(on));
      ALLEY_ASSIGN_OR_RETURN(std::vector<int64_t> ids, Admit(w, state, admitted, on));
      admitted_ids.insert(admitted_ids.end(), ids.begin(), ids.end());
    }
    return AuditAdmitted(w, actor, admitted_ids, on, now);
  }));
  return admitted_ids;
}

StatusOr<NurseryEnrolmentList> ListNurseryEnrolments(store::Store& store,
                                                     const NurseryEnrolmentListQuery& query,
                                                     std::string_view within,
                                                     const audit::Actor& actor,
                                                     store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(registry::ValidatePage(query.page, query.page_size));
  if (!query.state.empty() &&
      std::find(kNurseryEnrolmentStates.begin(), kNurseryEnrolmentStates.end(), query.state) ==
          kNurseryEnrolmentStates.end()) {
    return InvalidArgumentError(
        "parameter state: must be waiting, enrolled, withdrawn or "
        "cancelled, got \"" +
        query.state + "\"");
  }
  store::NurseryEnrolmentQuery q;
  q.facility_id = query.facility_id;
  q.class_id = query.class_id;
  if (!query.state.empty()) q.state = query.state;
  q.offset = registry::PageOffset(query.page, query.page_size);
  q.limit = query.page_size;
  NurseryEnrolmentList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(NurseryInScope(r, query.facility_id, within).status());
    if (query.class_id)
      ALLEY_RETURN_IF_ERROR(ClassOf(r, query.facility_id, *query.class_id).status());
    ALLEY_ASSIGN_OR_RETURN(store::NurseryEnrolmentPage page, store::ListNurseryEnrolments(r, q));
    list.total = page.total;
    for (store::NurseryEnrolmentListRow& row : page.items) {
      NurseryEnrolmentItem item;
      item.age_months = MonthsOld(row.birth_date, query.as_of);
      item.row = std::move(row);
      list.items.push_back(std::move(item));
    }
    return OkStatus();
  }));
  // No record, no data: the children's names and birth dates are personal data.
  std::vector<int64_t> children;
  for (const NurseryEnrolmentItem& item : list.items) {
    children.push_back(item.row.enrolment.resident_id);
  }
  audit::AuditRecord a = audit::RecordBy(actor, audit::kBulkRead);
  a.object = "resident";
  a.records = audit::RecordIds(children);
  a.detail = "nursery enrolments: nursery=" + std::to_string(query.facility_id) +
             " page=" + std::to_string(query.page);
  ALLEY_RETURN_IF_ERROR(audit::Append(store, a, now).status());
  return list;
}

// ---------------------------------------------------------------------------
// Inspections

StatusOr<NurseryInspectionView> RecordNurseryInspection(store::Store& store,
                                                        const NewNurseryInspection& in,
                                                        core::Date today, std::string_view within,
                                                        const audit::Actor& actor,
                                                        store::Timestamp now) {
  NurseryInspection inspection = in.inspection;
  inspection.inspector = Trimmed(inspection.inspector);
  ALLEY_RETURN_IF_ERROR(EventDate(inspection.date, today, "date").status());
  if (inspection.follow_up) {
    ALLEY_RETURN_IF_ERROR(EventDate(inspection.follow_up, today, "follow_up").status());
  }
  ALLEY_RETURN_IF_ERROR(CheckLength("inspector", inspection.inspector, kMaxNurseryText));
  if (inspection.items.size() > kMaxChecklistItems) {
    return FieldError("items", "at most " + std::to_string(kMaxChecklistItems) + " items");
  }
  for (ChecklistScore& item : inspection.items) {
    item.item = Trimmed(item.item);
    ALLEY_RETURN_IF_ERROR(CheckLength("items", item.item, kMaxNurseryText));
  }
  if (inspection.findings.size() > kMaxInspectionFindings) {
    return FieldError("findings",
                      "at most " + std::to_string(kMaxInspectionFindings) + " findings");
  }
  for (std::string& finding : inspection.findings) {
    finding = Trimmed(finding);
    ALLEY_RETURN_IF_ERROR(CheckLength("findings", finding, kMaxNurseryNote));
  }
  const std::string note = Trimmed(in.note);
  ALLEY_RETURN_IF_ERROR(CheckLength("note", note, kMaxNurseryNote));
  ALLEY_RETURN_IF_ERROR(ValidateInspection(inspection));
  NurseryInspectionView view;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, NurseryInScope(w, in.facility_id, within));
    store::NurseryInspectionRow row;
    row.facility_id = f.id;
    row.unit_code = f.unit_code;
    row.community_code = store::NurseryCommunityOf(f.unit_code);
    row.date = inspection.date;
    row.inspector = inspection.inspector;
    for (const ChecklistScore& item : inspection.items)
      row.items.push_back({item.item, item.score});
    row.findings = inspection.findings;
    row.remedy_deadline = inspection.remedy_deadline;
    row.follow_up = inspection.follow_up;
    row.note = note;
    row.recorded_by = actor.username;
    ALLEY_ASSIGN_OR_RETURN(row.id, store::InsertNurseryInspection(w, row));
    const int64_t ids[] = {row.id};
    ALLEY_RETURN_IF_ERROR(AppendAudit(w, actor, audit::kCreate, kInspectionObject, ids,
                                      "nursery=" + std::to_string(f.id) +
                                          " date=" + row.date.ToString() +
                                          " findings=" + std::to_string(row.findings.size()),
                                      now));
    view = InspectionViewOf(std::move(row));
    return OkStatus();
  }));
  return view;
}

StatusOr<NurseryInspectionView> RecordNurseryFollowUp(store::Store& store, int64_t facility_id,
                                                      int64_t inspection_id, core::Date on,
                                                      std::string_view note, core::Date today,
                                                      std::string_view within,
                                                      const audit::Actor& actor,
                                                      store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(EventDate(on, today, "date").status());
  const std::string text = Trimmed(note);
  ALLEY_RETURN_IF_ERROR(CheckLength("note", text, kMaxNurseryNote));
  NurseryInspectionView view;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, NurseryInScope(w, facility_id, within));
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::NurseryInspectionRow> row,
                           store::NurseryInspectionById(w, inspection_id));
    if (!row || row->facility_id != f.id) {
      return NotFoundError("nursery " + std::to_string(facility_id) + " has no inspection " +
                           std::to_string(inspection_id));
    }
    if (row->findings.empty()) {
      return FailedPreconditionError("the inspection of " + row->date.ToString() +
                                     " found nothing to remedy: there is nothing to follow up");
    }
    if (row->follow_up) {
      return FailedPreconditionError("the inspection of " + row->date.ToString() +
                                     " was followed up on " + row->follow_up->ToString());
    }
    if (on < row->date) {
      return FieldError("date",
                        on.ToString() + " is before the inspection, " + row->date.ToString());
    }
    ALLEY_RETURN_IF_ERROR(store::SetNurseryInspectionFollowUp(w, inspection_id, on, text));
    row->follow_up = on;
    row->follow_up_note = text;
    const int64_t ids[] = {inspection_id};
    ALLEY_RETURN_IF_ERROR(AppendAudit(w, actor, audit::kUpdate, kInspectionObject, ids,
                                      "follow-up on " + on.ToString(), now));
    view = InspectionViewOf(*std::move(row));
    return OkStatus();
  }));
  return view;
}

StatusOr<std::vector<NurseryInspectionView>> ListNurseryInspections(store::Store& store,
                                                                    int64_t facility_id,
                                                                    std::string_view within) {
  std::vector<NurseryInspectionView> views;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(NurseryInScope(r, facility_id, within).status());
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryInspectionRow> rows,
                           store::ListNurseryInspections(r, {.facility_id = facility_id}));
    std::reverse(rows.begin(), rows.end());  // newest first
    views.reserve(rows.size());
    for (store::NurseryInspectionRow& row : rows) views.push_back(InspectionViewOf(std::move(row)));
    return OkStatus();
  }));
  return views;
}

// ---------------------------------------------------------------------------
// Flags

StatusOr<ChildcareFlagReport> ChildcareFlagsOn(store::Store& store, std::string_view unit_code,
                                               core::Date on, std::string_view within,
                                               const OversightPolicy& policy) {
  if (policy.inspection_interval_months < 1 ||
      policy.inspection_interval_months > kMaxIntervalMonths) {
    return InvalidArgumentError("parameter interval_months: must be 1 to " +
                                std::to_string(kMaxIntervalMonths) + ", got " +
                                std::to_string(policy.inspection_interval_months));
  }
  ChildcareFlagReport report;
  report.unit_code = std::string(unit_code);
  report.on = on;
  report.policy = policy;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(CheckUnit(r, unit_code, within));
    const std::string subtree(unit_code);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryClassRow> all,
                           store::ListNurseryClasses(r, {.subtree_code = subtree}));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryClassRow> open,
                           store::ListNurseryClasses(r, {.subtree_code = subtree, .open_on = on}));
    ALLEY_ASSIGN_OR_RETURN(auto rosters, RostersOn(r, {.subtree_code = subtree}, on));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryInspectionRow> inspections,
                           store::ListNurseryInspections(r, {.subtree_code = subtree}));
    std::map<int64_t, core::Date> registered;
    for (const store::NurseryClassRow& c : all) {
      auto [it, inserted] = registered.emplace(c.facility_id, c.opened_on);
      if (!inserted && c.opened_on < it->second) it->second = c.opened_on;
    }
    std::map<int64_t, NurseryOversight> nurseries;
    std::map<int64_t, std::map<std::string, int64_t>> class_ids;  // by name, per nursery
    for (store::NurseryClassRow& c : open) {
      ALLEY_ASSIGN_OR_RETURN(ClassType type, StoredClassType(c));
      NurseryOversight& n = nurseries[c.facility_id];
      n.registered_on = registered.at(c.facility_id);
      class_ids[c.facility_id][c.name] = c.id;
      n.classes.push_back({c.name, type, std::move(rosters[c.id]), c.caregivers});
    }
    for (const store::NurseryInspectionRow& i : inspections) {
      auto it = nurseries.find(i.facility_id);
      if (it != nurseries.end()) it->second.inspections.push_back(PureInspection(i));
    }
    for (auto& [facility_id, n] : nurseries) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> f, r.FacilityById(facility_id));
      if (!f) continue;
      n.nursery_id = f->name;
      NurseryFlags flags;
      flags.facility_id = facility_id;
      flags.name = f->name;
      flags.unit_code = f->unit_code;
      flags.registered_on = n.registered_on;
      flags.class_ids = std::move(class_ids[facility_id]);
      for (const NurseryInspection& i : n.inspections) {
        if (on < i.date) continue;
        if (!flags.last_inspection || *flags.last_inspection < i.date)
          flags.last_inspection = i.date;
      }
      ALLEY_ASSIGN_OR_RETURN(flags.flags, OversightFlagsOn(n, on, policy));
      for (const OversightFlag& flag : flags.flags) ++report.counts[static_cast<size_t>(flag.kind)];
      if (!flags.flags.empty()) ++report.flagged_nurseries;
      report.nurseries.push_back(std::move(flags));
    }
    return OkStatus();
  }));
  std::sort(report.nurseries.begin(), report.nurseries.end(),
            [](const NurseryFlags& a, const NurseryFlags& b) {
              return std::tie(a.unit_code, a.name) < std::tie(b.unit_code, b.name);
            });
  return report;
}

// ---------------------------------------------------------------------------
// Balance

StatusOr<ChildcareBalanceReport> ComputeUnitChildcareBalance(store::Store& store,
                                                             std::string_view unit_code,
                                                             core::Date as_of,
                                                             std::string_view within,
                                                             double target_per_1000) {
  if (as_of.year() < kEarliestYear) {
    return InvalidArgumentError("parameter as_of: must be in " + std::to_string(kEarliestYear) +
                                " or later, got " + as_of.ToString());
  }
  // Under 3 on as_of (core::AgeOn): born after the day 3 years before it.
  const core::Date born_after = as_of.AddYears(-3);
  ChildcareBalanceReport report;
  report.as_of = as_of;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    store::UnitRow unit;
    ALLEY_RETURN_IF_ERROR(CheckUnit(r, unit_code, within, &unit));
    const std::string subtree(unit_code);
    ALLEY_ASSIGN_OR_RETURN(
        std::vector<store::NurseryClassRow> classes,
        store::ListNurseryClasses(r, {.subtree_code = subtree, .open_on = as_of}));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children, r.ChildUnits(unit_code));

    auto balance_of = [&](const store::UnitRow& u, int64_t residents,
                          int64_t under_3) -> StatusOr<UnitChildcareBalance> {
      UnitChildcareBalance b;
      b.unit_code = u.code;
      b.unit_name = u.name;
      int64_t places = 0;
      std::set<int64_t> nurseries;
      for (const store::NurseryClassRow& c : classes) {
        if (!core::IsCodePrefixAncestor(u.code, c.unit_code)) continue;
        places += c.capacity;
        ++b.classes;
        nurseries.insert(c.facility_id);
      }
      b.nurseries = static_cast<int64_t>(nurseries.size());
      ALLEY_ASSIGN_OR_RETURN(
          b.balance, ComputeChildcareBalance(
                         {.places = places, .children_under_3 = under_3, .residents = residents},
                         target_per_1000));
      return b;
    };

    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentsBornAfterRow> whole,
                           store::CountResidentsBornAfter(r, unit_code, as_of, born_after));
    const store::ResidentsBornAfterRow total =
        whole.empty() ? store::ResidentsBornAfterRow{} : whole.front();
    ALLEY_ASSIGN_OR_RETURN(report.unit, balance_of(unit, total.residents, total.born_after));

    // The children's counts, one grouped query per code length (all the
    // children of a unit share one).
    std::map<std::string, store::ResidentsBornAfterRow> counts;
    std::set<size_t> lengths;
    for (const store::UnitRow& child : children) lengths.insert(child.code.size());
    for (size_t length : lengths) {
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentsBornAfterRow> rows,
                             store::CountResidentsBornAfter(r, unit_code, as_of, born_after,
                                                            static_cast<int>(length)));
      for (store::ResidentsBornAfterRow& row : rows) counts[row.unit_code] = std::move(row);
    }
    for (const store::UnitRow& child : children) {
      auto it = counts.find(child.code);
      const int64_t residents = it == counts.end() ? 0 : it->second.residents;
      const int64_t under_3 = it == counts.end() ? 0 : it->second.born_after;
      ALLEY_ASSIGN_OR_RETURN(UnitChildcareBalance b, balance_of(child, residents, under_3));
      report.children.push_back(std::move(b));
    }
    return OkStatus();
  }));
  return report;
}

// ---------------------------------------------------------------------------
// Bulk rows

namespace {

// The nursery of a bulk row: a nursery facility whose unit and community the row repeats.
Status CheckBulkNursery(store::Reader& r, int64_t facility_id, std::string_view unit_code,
                        std::string_view community_code, const std::string& where) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> f, r.FacilityById(facility_id));
  if (!f || f->type != kNurseryType) {
    return InvalidArgumentError(where + ": facility " + std::to_string(facility_id) +
                                " is not a nursery");
  }
  if (f->unit_code != unit_code || store::NurseryCommunityOf(f->unit_code) != community_code) {
    return InvalidArgumentError(where + ": unit " + std::string(unit_code) + " and community " +
                                std::string(community_code) + " are not the nursery's (" +
                                f->unit_code + ")");
  }
  return OkStatus();
}

}  // namespace

Status BulkAddNurseryClasses(store::Writer& w, std::vector<store::NurseryClassRow>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string where = "class " + std::to_string(i);
    store::NurseryClassRow& row = rows[i];
    StatusOr<ClassType> type = ClassTypeField(row.type);
    if (!type.ok()) return type.status().WithContext(where);
    row.type = std::string(NormFor(*type).id);
    if (Status s = CheckCapacity(*type, row.capacity); !s.ok()) return s.WithContext(where);
    if (Status s = CheckCaregivers(row.caregivers); !s.ok()) return s.WithContext(where);
    if (Trimmed(row.name).empty()) return FieldError("name", "is required").WithContext(where);
    ALLEY_RETURN_IF_ERROR(
        CheckBulkNursery(w, row.facility_id, row.unit_code, row.community_code, where));
  }
  return store::InsertNurseryClasses(w, rows);
}

Status BulkAddNurseryEnrolments(store::Writer& w, std::vector<store::NurseryEnrolmentRow>& rows) {
  std::set<int64_t> classes;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string where = "enrolment " + std::to_string(i);
    const store::NurseryEnrolmentRow& e = rows[i];
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::NurseryClassRow> c,
                           store::NurseryClassById(w, e.class_id));
    if (!c || c->facility_id != e.facility_id || c->unit_code != e.unit_code ||
        c->community_code != e.community_code) {
      return InvalidArgumentError(where + ": class " + std::to_string(e.class_id) +
                                  " is not in nursery " + std::to_string(e.facility_id) +
                                  " at unit " + e.unit_code);
    }
    ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> birth,
                           store::NurseryChildBirthDate(w, e.resident_id));
    if (!birth) {
      return InvalidArgumentError(where + ": no resident " + std::to_string(e.resident_id));
    }
    if (e.applied_on < *birth) {
      return InvalidArgumentError(where + ": applied " + e.applied_on.ToString() +
                                  ", before the child was born");
    }
    const bool dates_agree =
        (e.state == "waiting" && !e.enrolled_on && !e.left_on) ||
        (e.state == "enrolled" && e.enrolled_on && !e.left_on) ||
        (e.state == "withdrawn" && e.enrolled_on && e.left_on && !(*e.left_on < *e.enrolled_on)) ||
        (e.state == "cancelled" && !e.enrolled_on && e.left_on);
    if (!dates_agree) {
      return InvalidArgumentError(where + ": state " + e.state +
                                  " does not agree with its dates (waiting: none; enrolled: "
                                  "enrolled_on; withdrawn: enrolled_on and left_on; cancelled: "
                                  "left_on)");
    }
    if ((e.enrolled_on && *e.enrolled_on < e.applied_on) ||
        (e.left_on && *e.left_on < e.applied_on)) {
      return InvalidArgumentError(where + ": a date before the application, " +
                                  e.applied_on.ToString());
    }
    classes.insert(e.class_id);
  }
  ALLEY_RETURN_IF_ERROR(store::InsertNurseryEnrolments(w, rows));
  // No class may ever hold more children than its places.
  for (int64_t class_id : classes) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::NurseryClassRow> c,
                           store::NurseryClassById(w, class_id));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::NurseryEnrolmentRow> all,
                           store::NurseryEnrolmentsOfClass(w, class_id));
    for (const store::NurseryEnrolmentRow& probe : all) {
      if (!probe.enrolled_on) continue;
      const core::Date day = *probe.enrolled_on;
      int64_t enrolled = 0;
      for (const store::NurseryEnrolmentRow& e : all) {
        if (e.enrolled_on && !(day < *e.enrolled_on) && (!e.left_on || day < *e.left_on)) {
          ++enrolled;
        }
      }
      if (enrolled > c->capacity) {
        return FailedPreconditionError("class " + c->name + " (" + std::to_string(class_id) +
                                       ") would hold " + std::to_string(enrolled) +
                                       " children on " + day.ToString() + " in " +
                                       std::to_string(c->capacity) + " places");
      }
    }
  }
  return OkStatus();
}

Status BulkAddNurseryInspections(store::Writer& w, std::vector<store::NurseryInspectionRow>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string where = "inspection " + std::to_string(i);
    const store::NurseryInspectionRow& row = rows[i];
    if (Status s = ValidateInspection(PureInspection(row)); !s.ok()) return s.WithContext(where);
    ALLEY_RETURN_IF_ERROR(
        CheckBulkNursery(w, row.facility_id, row.unit_code, row.community_code, where));
  }
  return store::InsertNurseryInspections(w, rows);
}

}  // namespace alley::services
