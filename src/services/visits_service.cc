#include "services/visits_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/division.h"
#include "registry/accounts.h"
#include "registry/residents.h"
#include "registry/vocabulary.h"
#include "services/programmes.h"
#include "store/care_store.h"

namespace alley::services {

namespace {

namespace audit = registry::audit;

// Audit records name up to this many residents, else count them.
constexpr size_t kMaxAuditedIds = 1000;

std::string RecordsOf(const std::vector<int64_t>& ids) {
  if (ids.size() > kMaxAuditedIds) return audit::RecordCount(static_cast<int64_t>(ids.size()));
  return audit::RecordIds(ids);
}

Status FieldError(std::string_view field, std::string_view reason) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(reason));
}

// kPermissionDenied outside `within`, kNotFound for an unknown unit.
Status CheckUnit(store::Reader& r, std::string_view unit_code, std::string_view within) {
  if (unit_code.empty()) return InvalidArgumentError("parameter unit: is required");
  if (!core::IsCodePrefixAncestor(within, unit_code)) {
    return PermissionDeniedError("unit " + std::string(unit_code) + " is outside your scope (" +
                                 std::string(within) + ")");
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
  if (!unit) return NotFoundError("unit " + std::string(unit_code) + " not found");
  return OkStatus();
}

// The latest birth date of someone `age` or older on `on`.
core::Date LatestBirthForAge(core::Date on, int age) {
  // A year is 365 or 366 days: start a little after the answer, step back.
  core::Date d = on.AddDays(-(int64_t{365} * age + age / 4 - 2));
  while (core::AgeOn(d, on) < age) d = d.AddDays(-1);
  while (core::AgeOn(d.AddDays(1), on) >= age) d = d.AddDays(1);
  return d;
}

// The first day someone born on `birth` is `age` years old.
core::Date BirthdayAt(core::Date birth, int age) {
  core::Date d = birth.AddDays(int64_t{365} * age + age / 4 - 2);
  while (core::AgeOn(birth, d) >= age) d = d.AddDays(-1);
  while (core::AgeOn(birth, d) < age) d = d.AddDays(1);
  return d;
}

// The first day of the unbroken run of active, living-alone versions in
// force up to `on` (history oldest first).
core::Date LivingAloneSince(const std::vector<store::ResidentVersion>& history, core::Date on) {
  const uint32_t bit = registry::TagBit(registry::ResidentTag::kLivingAlone);
  std::optional<core::Date> since;
  for (const store::ResidentVersion& v : history) {
    if (v.valid_from > on) break;
    if ((v.tags & bit) != 0 && v.status == "active") {
      if (!since) since = v.valid_from;
    } else {
      since.reset();
    }
  }
  return since.value_or(on);
}

struct Worker {
  int64_t id = 0;
  std::string username;
  std::string name;
  std::string unit_code;
};

// The grid workers of the deepest unit at or above `unit_code` that has any.
std::vector<const Worker*> Responsible(const std::vector<Worker>& workers,
                                       std::string_view unit_code) {
  std::vector<const Worker*> best;
  size_t depth = 0;
  for (const Worker& w : workers) {
    if (!core::IsCodePrefixAncestor(w.unit_code, unit_code)) continue;
    // Codes nest by prefix: a deeper unit has a longer code (the nation's "0" is shortest).
    const size_t d = w.unit_code == core::kNationCode ? 0 : w.unit_code.size();
    if (best.empty() || d > depth) {
      best = {&w};
      depth = d;
    } else if (d == depth) {
      best.push_back(&w);
    }
  }
  return best;
}

// A person on the schedule, as read for it.
struct Person {
  store::ResidentListRow row;
  core::Date enrolled_on;
  VisitHistory history;
};

// Everyone on the schedule of `unit_code`'s subtree on `on`, with their
// enrolment and visit history (the module comment's rules).
Status LoadSchedule(store::Reader& r, std::string_view unit_code, core::Date on,
                    std::map<int64_t, Person>& people) {
  store::ResidentQuery rq;
  rq.subtree_code = unit_code;
  rq.as_of = on;
  rq.all_tags = registry::TagBit(registry::ResidentTag::kLivingAlone);
  rq.born_to = LatestBirthForAge(on, kElderlyAge);
  rq.limit = 500;
  for (rq.offset = 0;; rq.offset += rq.limit) {
    ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, r.ListResidents(rq));
    for (store::ResidentListRow& row : page.rows) {
      const int64_t id = row.identity.id;
      people.emplace(id, Person{std::move(row), on, {}});
    }
    if (rq.offset + rq.limit >= page.total) break;
  }
  std::vector<int64_t> ids;
  ids.reserve(people.size());
  for (auto& [id, person] : people) {
    ids.push_back(id);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history, r.ResidentHistory(id));
    person.enrolled_on = std::max(LivingAloneSince(history, on),
                                  BirthdayAt(person.row.identity.birth_date, kElderlyAge));
  }
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::VisitRow> visits, store::VisitsOf(r, ids, on));
  std::map<int64_t, std::vector<VisitRecord>> by_resident;
  for (const store::VisitRow& v : visits) {
    std::optional<VisitOutcome> outcome = ParseVisitOutcome(v.outcome);
    if (!outcome)
      return DataLossError("visit " + std::to_string(v.id) + " has outcome " + v.outcome);
    // Visits before the enrolment (an earlier stretch of living alone)
    // say nothing about this one.
    if (v.date < people.at(v.resident_id).enrolled_on) continue;
    by_resident[v.resident_id].push_back(
        {.resident_id = v.resident_id, .date = v.date, .outcome = *outcome});
  }
  for (auto& [id, records] : by_resident) {
    people.at(id).history = SummarizeVisits(records, on);
  }
  return OkStatus();
}

}  // namespace

StatusOr<VisitItem> RecordVisit(store::Store& store, const NewVisit& in, core::Date today,
                                std::string_view within, const audit::Actor& actor,
                                store::Timestamp now) {
  std::optional<VisitOutcome> outcome = ParseVisitOutcome(in.outcome);
  if (!outcome) {
    return FieldError("outcome", "\"" + in.outcome +
                                     "\" is not one of well, needs_help, not_at_home, "
                                     "hospitalised (安好, 需要帮助, 不在家, 住院)");
  }
  VisitRecord record{.resident_id = in.resident_id,
                     .date = in.date,
                     .visitor_id = in.visitor_user_id.value_or(0),
                     .visitor_name = in.visitor_name,
                     .outcome = *outcome,
                     .follow_up_needed = in.follow_up_needed,
                     .notes = in.notes};
  if (in.visitor_user_id) {
    if (*in.visitor_user_id <= 0) return FieldError("visitor", "not a user id");
    std::optional<store::UserRow> user;
    ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(user, r.UserById(*in.visitor_user_id));
      return OkStatus();
    }));
    if (!user) return FieldError("visitor", "no user " + std::to_string(*in.visitor_user_id));
    if (record.visitor_name.empty()) {
      record.visitor_name = user->display_name.empty() ? user->username : user->display_name;
    }
  } else if (in.visitor_name.empty()) {
    return FieldError("visitor", "name who went (a user or a volunteer)");
  }
  ALLEY_RETURN_IF_ERROR(ValidateVisitRecord(record, today));
  ALLEY_ASSIGN_OR_RETURN(registry::ResidentDetail resident,
                         registry::GetResidentById(store, in.resident_id, in.date, within));
  const registry::ResidentItem& who = resident.resident;
  if (who.status != "active") {
    return FailedPreconditionError("resident " + std::to_string(who.id) + " is " + who.status +
                                   " on " + in.date.ToString());
  }
  const int age = core::AgeOn(who.birth_date, in.date);
  if (age < kElderlyAge) {
    return FailedPreconditionError("visits are for residents aged " + std::to_string(kElderlyAge) +
                                   " or more; resident " + std::to_string(who.id) + " is " +
                                   std::to_string(age) + " on " + in.date.ToString());
  }
  VisitItem item;
  item.resident_name = who.name;
  store::VisitRow& row = item.visit;
  row.resident_id = who.id;
  row.community_code = who.community_code;
  row.unit_code = who.unit_code;
  row.date = in.date;
  row.visitor_user_id = in.visitor_user_id;
  row.visitor_name = record.visitor_name;
  row.outcome = std::string(VisitOutcomeId(*outcome));
  row.follow_up_needed = in.follow_up_needed;
  row.notes = in.notes;
  row.recorded_at = now.time_since_epoch().count();
  row.recorded_by = actor.username;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(row.id, store::InsertVisit(w, row));
    audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
    a.object = "visit";
    a.records = audit::RecordIds(std::vector<int64_t>{row.id});
    a.detail = "resident=" + std::to_string(row.resident_id);
    return audit::Append(w, a, now).status();
  }));
  return item;
}

StatusOr<VisitList> ListVisits(store::Store& store, const VisitListQuery& q,
                               std::string_view within, const audit::Actor& actor,
                               store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(registry::ValidatePage(q.page, q.page_size));
  if (q.from && q.to && *q.to < *q.from) {
    return InvalidArgumentError("parameter to: " + q.to->ToString() + " is before from " +
                                q.from->ToString());
  }
  VisitList list;
  std::vector<int64_t> residents;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(CheckUnit(r, q.unit_code, within));
    if (q.resident_id) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> v,
                             r.NewestResidentVersion(*q.resident_id));
      if (!v || v->status == "removed" || !core::IsCodePrefixAncestor(within, v->unit_code)) {
        return NotFoundError("no resident " + std::to_string(*q.resident_id));
      }
    }
    store::VisitQuery sq{.subtree_code = q.unit_code,
                         .resident_id = q.resident_id,
                         .from = q.from,
                         .to = q.to,
                         .limit = q.page_size,
                         .offset = registry::PageOffset(q.page, q.page_size)};
    ALLEY_ASSIGN_OR_RETURN(store::VisitPage page, store::ListVisits(r, sq));
    list.total = page.total;
    std::map<int64_t, std::string> names;
    for (store::VisitRow& v : page.items) {
      auto it = names.find(v.resident_id);
      if (it == names.end()) {
        ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> newest,
                               r.NewestResidentVersion(v.resident_id));
        it = names.emplace(v.resident_id, newest ? newest->name : "").first;
        residents.push_back(v.resident_id);
      }
      list.items.push_back({std::move(v), it->second});
    }
    return OkStatus();
  }));
  audit::AuditRecord a = audit::RecordBy(actor, audit::kBulkRead);
  a.object = "visit";
  a.records = RecordsOf(residents);
  a.detail = "unit=" + q.unit_code + " page=" + std::to_string(q.page);
  ALLEY_RETURN_IF_ERROR(audit::Append(store, a, now).status());
  return list;
}

StatusOr<OverdueList> OverdueVisits(store::Store& store, const OverdueQuery& q,
                                    std::string_view within, const audit::Actor& actor,
                                    store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(ValidateVisitPolicy(q.policy));
  OverdueList out;
  out.unit_code = q.unit_code;
  out.on = q.on;
  std::map<int64_t, Person> people;
  std::vector<Worker> workers;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(CheckUnit(r, q.unit_code, within));
    ALLEY_RETURN_IF_ERROR(LoadSchedule(r, q.unit_code, q.on, people));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UserRow> users, r.ListUsers());
    for (const store::UserRow& u : users) {
      if (u.disabled || u.role != registry::RoleId(registry::Role::kGridWorker)) continue;
      workers.push_back(
          {u.id, u.username, u.display_name.empty() ? u.username : u.display_name, u.unit_code});
    }
    return OkStatus();
  }));

  std::vector<VisitSubject> subjects;
  for (const auto& [id, person] : people) {
    VisitSubject s{.resident_id = id,
                   .birth_date = person.row.identity.birth_date,
                   .tags = person.row.version.tags,
                   .enrolled_on = person.enrolled_on,
                   .last_visit = person.history.last_visit,
                   .unanswered_attempts = person.history.unanswered_attempts};
    std::vector<const Worker*> responsible = Responsible(workers, person.row.version.unit_code);
    if (responsible.empty()) {
      subjects.push_back(s);
      continue;
    }
    for (const Worker* w : responsible) {
      s.grid_worker_id = w->id;
      subjects.push_back(s);
    }
  }
  out.on_schedule = static_cast<int64_t>(people.size());
  ALLEY_ASSIGN_OR_RETURN(std::vector<WorkerOverdue> groups,
                         OverdueByWorker(q.policy, subjects, q.on));
  std::map<int64_t, const Worker*> worker_by_id;
  for (const Worker& w : workers) worker_by_id[w.id] = &w;
  std::set<int64_t> overdue_ids;
  for (WorkerOverdue& g : groups) {
    OverdueGroup group;
    group.grid_worker_id = g.grid_worker_id;
    group.max_days_overdue = g.max_days_overdue;
    if (g.grid_worker_id) {
      const Worker* w = worker_by_id.at(*g.grid_worker_id);
      group.grid_worker_username = w->username;
      group.grid_worker_name = w->name;
      group.grid_worker_unit = w->unit_code;
    }
    for (VisitDue& due : g.overdue) {
      const Person& p = people.at(due.resident_id);
      OverduePerson o;
      o.name = p.row.version.name;
      o.unit_code = p.row.version.unit_code;
      o.unit_name = p.row.unit_name;
      o.sex = p.row.identity.sex;
      o.age = core::AgeOn(p.row.identity.birth_date, q.on);
      o.enrolled_on = p.enrolled_on;
      o.last_visit = p.history.last_visit;
      o.last_attempt = p.history.last_attempt;
      o.due = due;
      overdue_ids.insert(o.due.resident_id);
      group.people.push_back(std::move(o));
    }
    out.groups.push_back(std::move(group));
  }
  out.overdue = static_cast<int64_t>(overdue_ids.size());
  audit::AuditRecord a = audit::RecordBy(actor, audit::kBulkRead);
  a.object = "visit_overdue";
  a.records = RecordsOf(std::vector<int64_t>(overdue_ids.begin(), overdue_ids.end()));
  a.detail = "unit=" + q.unit_code + " on=" + q.on.ToString();
  ALLEY_RETURN_IF_ERROR(audit::Append(store, a, now).status());
  return out;
}

Status RecordVisits(store::Writer& w, std::span<const NewVisit> visits, core::Date today,
                    bool synthetic, std::string_view within, const audit::Actor& actor,
                    store::Timestamp now) {
  if (visits.empty()) return OkStatus();
  // What the rules read, once per person and user: a year of visits names
  // the same people every week.
  struct Person {
    std::vector<store::ResidentVersion> history;  // oldest first
    core::Date birth;
  };
  std::map<int64_t, Person> people;
  std::map<int64_t, std::string> users;  // id -> the name a visit keeps
  std::vector<store::VisitRow> rows;
  rows.reserve(visits.size());
  for (size_t i = 0; i < visits.size(); ++i) {
    const NewVisit& in = visits[i];
    Status s = [&]() -> Status {
      std::optional<VisitOutcome> outcome = ParseVisitOutcome(in.outcome);
      if (!outcome) {
        return FieldError("outcome", "\"" + in.outcome +
                                         "\" is not one of well, needs_help, not_at_home, "
                                         "hospitalised (安好, 需要帮助, 不在家, 住院)");
      }
      VisitRecord record{.resident_id = in.resident_id,
                         .date = in.date,
                         .visitor_id = in.visitor_user_id.value_or(0),
                         .visitor_name = in.visitor_name,
                         .outcome = *outcome,
                         .follow_up_needed = in.follow_up_needed,
                         .notes = in.notes};
      if (in.visitor_user_id) {
        if (*in.visitor_user_id <= 0) return FieldError("visitor", "not a user id");
        auto user = users.find(*in.visitor_user_id);
        if (user == users.end()) {
          ALLEY_ASSIGN_OR_RETURN(std::optional<store::UserRow> found,
                                 w.UserById(*in.visitor_user_id));
          if (!found)
            return FieldError("visitor", "no user " + std::to_string(*in.visitor_user_id));
          user = users
                     .emplace(*in.visitor_user_id,
                              found->display_name.empty() ? found->username : found->display_name)
                     .first;
        }
        if (record.visitor_name.empty()) record.visitor_name = user->second;
      } else if (in.visitor_name.empty()) {
        return FieldError("visitor", "name who went (a user or a volunteer)");
      }
      ALLEY_RETURN_IF_ERROR(ValidateVisitRecord(record, today));
      auto person = people.find(in.resident_id);
      if (person == people.end()) {
        Person p;
        ALLEY_ASSIGN_OR_RETURN(p.history, w.ResidentHistory(in.resident_id));
        ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> birth,
                               store::ResidentBirthDate(w, in.resident_id));
        if (p.history.empty() || !birth || p.history.back().status == "removed") {
          return NotFoundError("no resident " + std::to_string(in.resident_id));
        }
        p.birth = *birth;
        person = people.emplace(in.resident_id, std::move(p)).first;
      }
      const store::ResidentVersion* on = nullptr;
      for (const store::ResidentVersion& v : person->second.history) {
        if (v.valid_from > in.date) break;
        on = &v;
      }
      if (on == nullptr || !core::IsCodePrefixAncestor(within, on->unit_code)) {
        return NotFoundError("no resident " + std::to_string(in.resident_id) + " on " +
                             in.date.ToString());
      }
      if (on->status != "active") {
        return FailedPreconditionError("resident " + std::to_string(in.resident_id) + " is " +
                                       on->status + " on " + in.date.ToString());
      }
      const int age = core::AgeOn(person->second.birth, in.date);
      if (age < kElderlyAge) {
        return FailedPreconditionError("visits are for residents aged " +
                                       std::to_string(kElderlyAge) + " or more; resident " +
                                       std::to_string(in.resident_id) + " is " +
                                       std::to_string(age) + " on " + in.date.ToString());
      }
      store::VisitRow row;
      row.resident_id = in.resident_id;
      row.community_code = on->community_code;
      row.unit_code = on->unit_code;
      row.date = in.date;
      row.visitor_user_id = in.visitor_user_id;
      row.visitor_name = record.visitor_name;
      row.outcome = std::string(VisitOutcomeId(*outcome));
      row.follow_up_needed = in.follow_up_needed;
      row.notes = in.notes;
      row.recorded_at = now.time_since_epoch().count();
      row.recorded_by = actor.username;
      row.synthetic = synthetic;
      rows.push_back(std::move(row));
      return OkStatus();
    }();
    if (!s.ok()) return s.WithContext("visit " + std::to_string(i));
  }
  ALLEY_RETURN_IF_ERROR(store::InsertVisits(w, rows));
  audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
  a.object = "visit";
  a.records = audit::RecordCount(static_cast<int64_t>(rows.size()));
  a.detail = std::string("batch") + (synthetic ? " synthetic" : "");
  return audit::Append(w, a, now).status();
}

StatusOr<std::vector<ScheduledPerson>> VisitScheduleOn(store::Store& store,
                                                       std::string_view unit_code, core::Date on,
                                                       const VisitPolicy& policy) {
  ALLEY_RETURN_IF_ERROR(ValidateVisitPolicy(policy));
  std::map<int64_t, Person> people;
  ALLEY_RETURN_IF_ERROR(store.Read(
      [&](store::Reader& r) -> Status { return LoadSchedule(r, unit_code, on, people); }));
  std::vector<ScheduledPerson> out;
  out.reserve(people.size());
  for (const auto& [id, person] : people) {
    VisitSubject s{.resident_id = id,
                   .birth_date = person.row.identity.birth_date,
                   .tags = person.row.version.tags,
                   .enrolled_on = person.enrolled_on,
                   .last_visit = person.history.last_visit,
                   .unanswered_attempts = person.history.unanswered_attempts};
    StatusOr<VisitDue> due = ComputeVisitDue(policy, s, on);
    if (!due.ok()) {
      return Status(due.status().code(),
                    "resident " + std::to_string(id) + ": " + std::string(due.status().message()));
    }
    out.push_back({id, person.row.version.unit_code, *std::move(due)});
  }
  return out;
}

}  // namespace alley::services
