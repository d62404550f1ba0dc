#include "services/enrolments.h"

#include <limits>
#include <string>
#include <utility>

#include "core/csv.h"
#include "registry/vocabulary.h"

namespace alley::services {

namespace audit = registry::audit;

namespace {

std::string ProgrammeChoices() {
  std::string choices;
  for (const Programme& p : Programmes()) {
    if (!choices.empty()) choices += ", ";
    choices += std::string(p.id);
  }
  return choices;
}

StatusOr<const Programme*> ProgrammeOf(std::string_view text, std::string_view what) {
  const Programme* p = FindProgramme(text);
  if (p == nullptr) {
    return InvalidArgumentError(std::string(what) + ": unknown programme \"" + std::string(text) +
                                "\" (" + ProgrammeChoices() + ")");
  }
  return p;
}

Status CheckText(std::string_view text, std::string_view field) {
  if (!core::IsValidUtf8(text)) {
    return InvalidArgumentError("field " + std::string(field) + ": not valid UTF-8");
  }
  if (text.size() > kMaxEnrolmentNoteBytes) {
    return InvalidArgumentError("field " + std::string(field) + ": at most " +
                                std::to_string(kMaxEnrolmentNoteBytes) + " bytes, got " +
                                std::to_string(text.size()));
  }
  return OkStatus();
}

std::string PlatformForms() {
  std::string forms;
  for (const registry::Term& t : registry::EmploymentFormTerms()) {
    std::optional<registry::EmploymentForm> f = registry::ParseEmploymentForm(t.id);
    if (!f || !registry::IsPlatformWork(*f)) continue;
    if (!forms.empty()) forms += ", ";
    forms += std::string(t.id);
  }
  return forms;
}

std::string Id(int64_t id) { return std::to_string(id); }

// The enrolment `id` inside `within`, read in `r`.
StatusOr<store::EnrolmentListRow> FindInScope(store::Reader& r, int64_t id,
                                              std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::EnrolmentListRow> row,
                         store::EnrolmentListRowById(r, id));
  if (!row || !core::IsCodePrefixAncestor(within, row->enrolment.unit_code)) {
    return NotFoundError("no enrolment " + Id(id));
  }
  return *std::move(row);
}

StatusOr<store::EnrolmentState> StateOf(std::string_view status) {
  if (status == "open" || status.empty()) return store::EnrolmentState::kOpen;
  if (status == "ended") return store::EnrolmentState::kEnded;
  if (status == "all") return store::EnrolmentState::kAll;
  return InvalidArgumentError("parameter status: \"" + std::string(status) +
                              "\" is not one of open, ended, all");
}

// The store query of a list, checked; `unit_exists` is looked up by the caller.
StatusOr<store::EnrolmentQuery> StoreQueryOf(const EnrolmentListQuery& q, std::string_view within) {
  store::EnrolmentQuery sq;
  if (q.unit_code.empty()) return InvalidArgumentError("parameter unit: is required");
  if (!core::IsCodePrefixAncestor(within, q.unit_code)) {
    return PermissionDeniedError("unit " + q.unit_code + " is outside your unit " +
                                 std::string(within));
  }
  sq.subtree_code = q.unit_code;
  if (!q.programme.empty()) {
    ALLEY_ASSIGN_OR_RETURN(const Programme* p, ProgrammeOf(q.programme, "parameter programme"));
    sq.programme = std::string(p->id);
  }
  sq.resident_id = q.resident_id;
  ALLEY_ASSIGN_OR_RETURN(sq.state, StateOf(q.status));
  sq.in_force_on = q.in_force_on;
  ALLEY_RETURN_IF_ERROR(registry::ValidatePage(q.page, q.page_size));
  sq.offset = registry::PageOffset(q.page, q.page_size);
  sq.limit = q.page_size;
  return sq;
}

Status CheckUnitExists(store::Reader& r, std::string_view code) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
  if (!unit) return NotFoundError("unit " + std::string(code) + " does not exist");
  return OkStatus();
}

}  // namespace

Status CheckEligibility(const Programme& programme, core::Date birth_date,
                        std::string_view employment, core::Date on) {
  const std::string head =
      "programme " + std::string(programme.id) + " (" + std::string(programme.name_zh) + ")";
  switch (programme.group) {
    case ProgrammeGroup::kElderly: {
      const int age = core::AgeOn(birth_date, on);
      if (age < kElderlyAge) {
        return FailedPreconditionError(head + " is for residents aged " +
                                       std::to_string(kElderlyAge) + " or more: the resident is " +
                                       std::to_string(age) + " on " + on.ToString());
      }
      return OkStatus();
    }
    case ProgrammeGroup::kPlatformWorker: {
      std::optional<registry::EmploymentForm> form = registry::ParseEmploymentForm(employment);
      if (!form || !registry::IsPlatformWork(*form)) {
        return FailedPreconditionError(head + " is for platform workers (employment " +
                                       PlatformForms() +
                                       "): the ledger gives the resident's employment on " +
                                       on.ToString() + " as \"" + std::string(employment) + "\"");
      }
      return OkStatus();
    }
  }
  return InternalError("unknown programme group");
}

Enrolment ToEnrolment(const store::EnrolmentListRow& row) {
  const store::EnrolmentRow& e = row.enrolment;
  Enrolment out;
  out.id = e.id;
  out.resident_id = e.resident_id;
  out.resident_name = row.resident_name;
  out.id_number_masked = row.id_number_masked;
  out.programme = e.programme;
  if (const Programme* p = FindProgramme(e.programme)) {
    out.programme_name = std::string(p->name_zh);
    out.group = p->group;
  }
  out.unit_code = e.unit_code;
  out.unit_name = row.unit_name;
  out.community_code = e.community_code;
  out.from = e.enrolled_from;
  out.ended_on = e.ended_on;
  out.note = e.note;
  out.end_reason = e.end_reason;
  out.synthetic = e.synthetic;
  return out;
}

namespace {

// The row of a valid enrolment of `in` in `programme` (Enrol's rules), read
// in `w`; the caller inserts it.
StatusOr<store::EnrolmentRow> PrepareEnrolment(store::Writer& w, const Programme& programme,
                                               const NewEnrolment& in, std::string_view within,
                                               const audit::Actor& by, store::Timestamp now) {
  const std::string who = "resident " + Id(in.resident_id);
  // The resident as they are now decides whether the caller may see them.
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> newest,
                         w.NewestResidentVersion(in.resident_id));
  if (!newest || newest->status == "removed" ||
      !core::IsCodePrefixAncestor(within, newest->unit_code)) {
    return NotFoundError("no " + who);
  }
  // The record in force on the first day decides the rest.
  store::ResidentQuery rq;
  rq.subtree_code = core::kNationCode;
  rq.as_of = in.from;
  rq.resident_id = in.resident_id;
  rq.limit = 1;
  ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, w.ListResidents(rq));
  if (page.rows.empty()) {
    return FailedPreconditionError(who + " is not an active resident in the ledger on " +
                                   in.from.ToString());
  }
  const store::ResidentListRow& r = page.rows.front();
  if (!core::IsCodePrefixAncestor(within, r.version.unit_code)) {
    return FailedPreconditionError(who + " lived outside " + std::string(within) + " on " +
                                   in.from.ToString() +
                                   ": enrol them from a date since they live here");
  }
  ALLEY_RETURN_IF_ERROR(
      CheckEligibility(programme, r.identity.birth_date, r.version.employment, in.from)
          .WithContext(who));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::EnrolmentRow> earlier,
                         store::EnrolmentsOfResident(w, in.resident_id, programme.id));
  for (const store::EnrolmentRow& e : earlier) {
    if (!e.ended_on) {
      return AlreadyExistsError(who + " is already enrolled in " + std::string(programme.id) +
                                " since " + e.enrolled_from.ToString() + " (enrolment " + Id(e.id) +
                                ")");
    }
    if (*e.ended_on > in.from) {
      return FailedPreconditionError(who + " was enrolled in " + std::string(programme.id) +
                                     " until " + e.ended_on->ToString() + " (enrolment " +
                                     Id(e.id) + "): a new enrolment starts on or after that day");
    }
  }
  store::EnrolmentRow row;
  row.resident_id = in.resident_id;
  row.programme = std::string(programme.id);
  row.unit_code = r.version.unit_code;
  row.community_code = r.version.community_code;
  row.enrolled_from = in.from;
  row.note = in.note;
  row.created_at = now.time_since_epoch().count();
  row.created_by = by.username;
  return row;
}

}  // namespace

StatusOr<Enrolment> Enrol(store::Store& store, const NewEnrolment& in, std::string_view within,
                          const audit::Actor& by, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(const Programme* programme, ProgrammeOf(in.programme, "field programme"));
  ALLEY_RETURN_IF_ERROR(CheckText(in.note, "note"));
  std::optional<store::EnrolmentListRow> made;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::EnrolmentRow row,
                           PrepareEnrolment(w, *programme, in, within, by, now));
    ALLEY_ASSIGN_OR_RETURN(int64_t id, store::InsertEnrolment(w, row));
    audit::AuditRecord a = audit::RecordBy(by, audit::kCreate);
    a.object = "enrolment";
    const int64_t ids[] = {id};
    a.records = audit::RecordIds(ids);
    a.detail = "resident=" + Id(in.resident_id) + " programme=" + row.programme +
               " from=" + in.from.ToString();
    ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
    ALLEY_ASSIGN_OR_RETURN(made, store::EnrolmentListRowById(w, id));
    if (!made) return InternalError("enrolment " + Id(id) + " vanished");
    return OkStatus();
  }));
  return ToEnrolment(*made);
}

StatusOr<int64_t> RecordEnrolments(store::Writer& w, std::span<const EnrolmentHistory> enrolments,
                                   bool synthetic, std::string_view within, const audit::Actor& by,
                                   store::Timestamp now) {
  if (enrolments.empty()) return 0;
  for (size_t i = 0; i < enrolments.size(); ++i) {
    const EnrolmentHistory& h = enrolments[i];
    Status s = [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(const Programme* programme,
                             ProgrammeOf(h.enrolment.programme, "field programme"));
      ALLEY_RETURN_IF_ERROR(CheckText(h.enrolment.note, "note"));
      ALLEY_RETURN_IF_ERROR(CheckText(h.end_reason, "reason"));
      if (h.ended_on && *h.ended_on < h.enrolment.from) {
        return InvalidArgumentError("field ended_on: " + h.ended_on->ToString() +
                                    " is before the enrolment's start " +
                                    h.enrolment.from.ToString());
      }
      if (!h.ended_on && !h.end_reason.empty()) {
        return InvalidArgumentError("field reason: an enrolment still open has no end reason");
      }
      ALLEY_ASSIGN_OR_RETURN(store::EnrolmentRow row,
                             PrepareEnrolment(w, *programme, h.enrolment, within, by, now));
      row.synthetic = synthetic;
      if (h.ended_on) {
        row.ended_on = h.ended_on;
        row.end_reason = h.end_reason;
        row.ended_at = now.time_since_epoch().count();
        row.ended_by = by.username;
      }
      // One by one: the next enrolment of the same person is checked against this one.
      return store::InsertEnrolment(w, row).status();
    }();
    if (!s.ok()) return s.WithContext("enrolment " + std::to_string(i));
  }
  audit::AuditRecord a = audit::RecordBy(by, audit::kCreate);
  a.object = "enrolment";
  a.records = audit::RecordCount(static_cast<int64_t>(enrolments.size()));
  a.detail = std::string("batch") + (synthetic ? " synthetic" : "");
  ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  return static_cast<int64_t>(enrolments.size());
}

StatusOr<Enrolment> EndEnrolment(store::Store& store, int64_t id, core::Date on,
                                 std::string_view reason, std::string_view within,
                                 const audit::Actor& by, store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(CheckText(reason, "reason"));
  std::optional<store::EnrolmentListRow> ended;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::EnrolmentListRow row, FindInScope(w, id, within));
    const store::EnrolmentRow& e = row.enrolment;
    if (e.ended_on) {
      return FailedPreconditionError("enrolment " + Id(id) + " already ended on " +
                                     e.ended_on->ToString());
    }
    if (on < e.enrolled_from) {
      return InvalidArgumentError("field on: " + on.ToString() +
                                  " is before the enrolment's start " + e.enrolled_from.ToString());
    }
    ALLEY_RETURN_IF_ERROR(
        store::EndEnrolment(w, id, on, reason, now.time_since_epoch().count(), by.username));
    audit::AuditRecord a = audit::RecordBy(by, audit::kUpdate);
    a.object = "enrolment";
    const int64_t ids[] = {id};
    a.records = audit::RecordIds(ids);
    a.detail = "ended_on=" + on.ToString();
    ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
    ALLEY_ASSIGN_OR_RETURN(ended, store::EnrolmentListRowById(w, id));
    if (!ended) return InternalError("enrolment " + Id(id) + " vanished");
    return OkStatus();
  }));
  return ToEnrolment(*ended);
}

StatusOr<Enrolment> GetEnrolment(store::Store& store, int64_t id, std::string_view within) {
  std::optional<store::EnrolmentListRow> found;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(found, FindInScope(r, id, within));
    return OkStatus();
  }));
  return ToEnrolment(*found);
}

StatusOr<EnrolmentList> ListEnrolments(store::Store& store, const EnrolmentListQuery& query,
                                       std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(store::EnrolmentQuery sq, StoreQueryOf(query, within));
  EnrolmentList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(CheckUnitExists(r, query.unit_code));
    ALLEY_ASSIGN_OR_RETURN(store::EnrolmentPage page, store::ListEnrolments(r, sq));
    list.total = page.total;
    for (const store::EnrolmentListRow& row : page.items) list.items.push_back(ToEnrolment(row));
    return OkStatus();
  }));
  return list;
}

StatusOr<bool> IsEnrolledOn(store::Store& store, int64_t resident_id, std::string_view programme,
                            core::Date on) {
  ALLEY_ASSIGN_OR_RETURN(const Programme* p, ProgrammeOf(programme, "programme"));
  bool enrolled = false;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::EnrolmentRow> rows,
                           store::EnrolmentsOfResident(r, resident_id, p->id));
    for (const store::EnrolmentRow& e : rows) {
      enrolled =
          enrolled || (e.enrolled_from <= on && (!e.ended_on.has_value() || on < *e.ended_on));
    }
    return OkStatus();
  }));
  return enrolled;
}

StatusOr<std::vector<Enrolment>> EnrolmentsInForceUnder(store::Store& store,
                                                        std::string_view unit_code,
                                                        std::string_view programme, core::Date on,
                                                        std::string_view within) {
  EnrolmentListQuery q;
  q.unit_code = std::string(unit_code);
  q.programme = std::string(programme);
  q.status = "all";
  q.in_force_on = on;
  ALLEY_ASSIGN_OR_RETURN(store::EnrolmentQuery sq, StoreQueryOf(q, within));
  sq.offset = 0;
  sq.limit = std::numeric_limits<int64_t>::max();
  std::vector<Enrolment> out;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(CheckUnitExists(r, unit_code));
    ALLEY_ASSIGN_OR_RETURN(store::EnrolmentPage page, store::ListEnrolments(r, sq));
    for (const store::EnrolmentListRow& row : page.items) out.push_back(ToEnrolment(row));
    return OkStatus();
  }));
  return out;
}

}  // namespace alley::services
