#include "services/platform_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "registry/residents.h"
#include "services/programmes.h"
#include "store/programmes_store.h"

namespace alley::services {

namespace audit = registry::audit;

namespace {

constexpr std::string_view kRestStationType = "rider_rest_station";
constexpr int64_t kAll = std::numeric_limits<int64_t>::max();

std::string Id(int64_t id) { return std::to_string(id); }

core::Date PilotStart() {
  return *core::Date::FromYmd(kInjuryPilotYear, kInjuryPilotMonth, kInjuryPilotDay);
}

// The four platform forms' identifiers, vocabulary order.
std::vector<std::string> PlatformFormIds() {
  std::vector<std::string> ids;
  for (const registry::Term& t : registry::EmploymentFormTerms()) {
    std::optional<registry::EmploymentForm> f = registry::ParseEmploymentForm(t.id);
    if (f && registry::IsPlatformWork(*f)) ids.emplace_back(t.id);
  }
  return ids;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Status CheckScope(std::string_view unit_code, std::string_view within) {
  if (unit_code.empty()) return InvalidArgumentError("parameter unit: is required");
  if (!core::IsCodePrefixAncestor(within, unit_code)) {
    return PermissionDeniedError("unit " + std::string(unit_code) + " is outside your unit " +
                                 std::string(within));
  }
  return OkStatus();
}

StatusOr<store::UnitRow> FindUnit(store::Reader& r, std::string_view code) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
  if (!unit) return NotFoundError("unit " + std::string(code) + " does not exist");
  return *std::move(unit);
}

// The platform-worker programmes of `enrolments` (one resident's), in
// programmes.h order.
std::vector<std::string> PlatformProgrammes(std::span<const store::EnrolmentRow> enrolments) {
  std::set<std::string_view> held;
  for (const store::EnrolmentRow& e : enrolments) held.insert(e.programme);
  std::vector<std::string> out;
  for (const Programme& p : Programmes()) {
    if (p.group == ProgrammeGroup::kPlatformWorker && held.contains(p.id)) {
      out.emplace_back(p.id);
    }
  }
  return out;
}

// A worker from the ledger's row and what is stored beside it.
StatusOr<PlatformWorkerItem> ToItem(const store::ResidentListRow& row,
                                    const store::PlatformWorkerRow* stored,
                                    std::span<const store::EnrolmentRow> enrolments,
                                    core::Date as_of) {
  const registry::ResidentItem r = registry::ToResidentItem(row, as_of);
  PlatformWorkerItem item;
  item.resident_id = r.id;
  item.name = r.name;
  item.id_number_masked = r.id_number_masked;
  item.phone_masked = r.phone_masked;
  item.sex = r.sex;
  item.age = r.age;
  item.unit_code = r.unit_code;
  item.unit_name = r.unit_name;
  item.community_code = r.community_code;
  item.synthetic = r.synthetic;
  std::optional<registry::EmploymentForm> form = registry::ParseEmploymentForm(r.employment);
  if (!form) {
    return DataLossError("resident " + Id(r.id) + ": stored employment \"" + r.employment +
                         "\" is not in the vocabulary");
  }
  item.form = *form;
  std::optional<registry::Insurance> insurance = registry::ParseInsurance(r.insurance);
  if (!insurance) {
    return DataLossError("resident " + Id(r.id) + ": stored insurance \"" + r.insurance +
                         "\" is not in the vocabulary");
  }
  item.insurance = *insurance;
  if (stored != nullptr) {
    for (const store::PlatformEntry& p : stored->platforms)
      item.platforms.push_back({p.key, p.name});
    std::optional<InjuryProtection> injury = ParseInjuryProtection(stored->injury_protection);
    if (!injury) {
      return DataLossError("resident " + Id(r.id) + ": stored injury protection \"" +
                           stored->injury_protection + "\" is unknown");
    }
    item.injury_protection = *injury;
    item.injury_protection_since = stored->injury_protection_since;
    item.version = stored->version;
    item.synthetic = item.synthetic || stored->synthetic;
  }
  item.programmes = PlatformProgrammes(enrolments);
  return item;
}

// The workers of a ledger page with their stored records and enrolments.
StatusOr<std::vector<PlatformWorkerItem>> ItemsOf(store::Reader& r,
                                                  const std::vector<store::ResidentListRow>& rows,
                                                  core::Date as_of) {
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const store::ResidentListRow& row : rows) ids.push_back(row.identity.id);
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::PlatformWorkerRow> stored,
                         store::PlatformWorkersOf(r, ids));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::EnrolmentRow> enrolments,
                         store::EnrolmentsInForce(r, ids, as_of));
  std::map<int64_t, const store::PlatformWorkerRow*> by_resident;
  for (const store::PlatformWorkerRow& s : stored) by_resident[s.resident_id] = &s;
  std::vector<PlatformWorkerItem> items;
  items.reserve(rows.size());
  for (const store::ResidentListRow& row : rows) {
    const int64_t id = row.identity.id;
    auto first = std::lower_bound(
        enrolments.begin(), enrolments.end(), id,
        [](const store::EnrolmentRow& e, int64_t resident) { return e.resident_id < resident; });
    auto last = first;
    while (last != enrolments.end() && last->resident_id == id) ++last;
    auto s = by_resident.find(id);
    ALLEY_ASSIGN_OR_RETURN(PlatformWorkerItem item,
                           ToItem(row, s == by_resident.end() ? nullptr : s->second,
                                  std::span<const store::EnrolmentRow>(enrolments)
                                      .subspan(static_cast<size_t>(first - enrolments.begin()),
                                               static_cast<size_t>(last - first)),
                                  as_of));
    items.push_back(std::move(item));
  }
  return items;
}

// Resident `id` as a platform worker on `as_of`, read in `r`.
StatusOr<PlatformWorkerItem> WorkerIn(store::Reader& r, int64_t id, core::Date as_of,
                                      std::string_view within) {
  store::ResidentQuery q;
  q.subtree_code = std::string(within);
  q.as_of = as_of;
  q.resident_id = id;
  q.limit = 1;
  ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, r.ListResidents(q));
  if (page.rows.empty()) return NotFoundError("no resident " + Id(id) + " on " + as_of.ToString());
  const store::ResidentListRow& row = page.rows.front();
  std::optional<registry::EmploymentForm> form =
      registry::ParseEmploymentForm(row.version.employment);
  if (!form || !registry::IsPlatformWork(*form)) {
    return FailedPreconditionError(
        "resident " + Id(id) + " is not a platform worker on " + as_of.ToString() +
        ": the ledger gives the employment \"" + row.version.employment + "\" (platform work is " +
        Joined(PlatformFormIds()) + "); record the employment form in the ledger first");
  }
  ALLEY_ASSIGN_OR_RETURN(std::vector<PlatformWorkerItem> items, ItemsOf(r, page.rows, as_of));
  return std::move(items.front());
}

StatusOr<std::vector<store::PlatformEntry>> NormalisedPlatforms(
    const std::vector<std::string>& platforms) {
  std::vector<store::PlatformEntry> out;
  std::set<std::string> keys;
  for (const std::string& text : platforms) {
    StatusOr<PlatformName> p = NormalisePlatform(text);
    if (!p.ok()) {
      return InvalidArgumentError("field platforms: \"" + text.substr(0, kMaxPlatformBytes) +
                                  "\": " + p.status().message());
    }
    if (keys.insert(p->key).second) out.push_back({p->key, p->name});
  }
  if (out.size() > kMaxPlatformsPerWorker) {
    return InvalidArgumentError("field platforms: at most " +
                                std::to_string(kMaxPlatformsPerWorker) + " platforms, got " +
                                std::to_string(out.size()));
  }
  return out;
}

std::string InjuryChoices() {
  std::string out;
  for (const registry::Term& t : InjuryProtectionTerms()) {
    out += (out.empty() ? "" : ", ") + std::string(t.id);
  }
  return out;
}

// The station of facility `id`, read in `r`.
StatusOr<RestStationItem> StationIn(store::Reader& r, int64_t id, std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> f, r.FacilityById(id));
  if (!f || f->closed_on || !core::IsCodePrefixAncestor(within, f->unit_code)) {
    return NotFoundError("no facility " + Id(id));
  }
  if (f->type != kRestStationType) {
    return FailedPreconditionError("facility " + Id(id) + " is a " + f->type + ", not a " +
                                   std::string(kRestStationType));
  }
  RestStationItem item;
  item.facility = *f;
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(f->unit_code));
  if (unit) item.unit_name = unit->name;
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::RestStationRow> s, store::RestStationById(r, id));
  if (s) {
    StatusOr<OpeningHours> hours = ParseOpeningHours(s->hours);
    if (!hours.ok()) {
      return DataLossError("rest station " + Id(id) + ": stored hours \"" + s->hours +
                           "\": " + hours.status().message());
    }
    item.hours = *std::move(hours);
  }
  return item;
}

}  // namespace

// ---------------------------------------------------------------------------
// Workers

StatusOr<PlatformWorkerList> ListPlatformWorkers(store::Store& store,
                                                 const PlatformWorkerListQuery& query,
                                                 std::string_view within) {
  ALLEY_RETURN_IF_ERROR(CheckScope(query.unit_code, within));
  store::ResidentQuery q;
  q.subtree_code = query.unit_code;
  q.as_of = query.as_of;
  if (query.form.empty()) {
    q.employment = PlatformFormIds();
  } else {
    std::optional<registry::EmploymentForm> f = registry::ParseEmploymentForm(query.form);
    if (!f || !registry::IsPlatformWork(*f)) {
      return InvalidArgumentError("parameter form: \"" + query.form + "\" is not one of " +
                                  Joined(PlatformFormIds()));
    }
    q.employment = {std::string(registry::EmploymentFormId(*f))};
  }
  ALLEY_RETURN_IF_ERROR(registry::ValidatePage(query.page, query.page_size));
  q.offset = registry::PageOffset(query.page, query.page_size);
  q.limit = query.page_size;
  PlatformWorkerList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(FindUnit(r, query.unit_code).status());
    ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, r.ListResidents(q));
    list.total = page.total;
    ALLEY_ASSIGN_OR_RETURN(list.items, ItemsOf(r, page.rows, query.as_of));
    return OkStatus();
  }));
  return list;
}

StatusOr<PlatformWorkerItem> GetPlatformWorker(store::Store& store, int64_t resident_id,
                                               core::Date as_of, std::string_view within) {
  std::optional<PlatformWorkerItem> item;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(item, WorkerIn(r, resident_id, as_of, within));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<PlatformWorkerItem> UpdatePlatformWorker(store::Store& store, int64_t resident_id,
                                                  std::optional<int64_t> expected_version,
                                                  const PlatformWorkerChange& change,
                                                  core::Date today, std::string_view within,
                                                  const audit::Actor& by, store::Timestamp now) {
  // Validate first, write second.
  std::optional<std::vector<store::PlatformEntry>> platforms;
  if (change.platforms) {
    ALLEY_ASSIGN_OR_RETURN(platforms, NormalisedPlatforms(*change.platforms));
  }
  std::optional<InjuryProtection> injury;
  if (change.injury_protection) {
    injury = ParseInjuryProtection(*change.injury_protection);
    if (!injury) {
      return InvalidArgumentError("field injury_protection: unknown status \"" +
                                  change.injury_protection->substr(0, 40) + "\" (" +
                                  InjuryChoices() + ")");
    }
  }
  if (change.injury_protection_since && *change.injury_protection_since > today) {
    return InvalidArgumentError(
        "field injury_protection_since: " + change.injury_protection_since->ToString() +
        " is after today (" + today.ToString() + ")");
  }
  std::optional<PlatformWorkerItem> result;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(PlatformWorkerItem current, WorkerIn(w, resident_id, today, within));
    if (expected_version && *expected_version != current.version) {
      return AbortedError("the platform worker record of resident " + Id(resident_id) +
                          " was changed by someone else (now at version " + Id(current.version) +
                          ", the change was made against version " + Id(*expected_version) +
                          "): reload and apply the change again");
    }
    store::PlatformWorkerRow row;
    row.resident_id = resident_id;
    row.community_code = current.community_code;
    row.version = current.version;
    row.updated_at = now.time_since_epoch().count();
    row.updated_by = by.username;
    row.synthetic = false;
    if (platforms) {
      row.platforms = *platforms;
    } else {
      for (const PlatformName& p : current.platforms) row.platforms.push_back({p.key, p.name});
    }
    const InjuryProtection status = injury.value_or(current.injury_protection);
    std::optional<core::Date> since = current.injury_protection_since;
    if (change.injury_protection_since) {
      since = change.injury_protection_since;
    } else if (injury && *injury != current.injury_protection) {
      since = today;
    }
    if (status == InjuryProtection::kUnknown) {
      if (change.injury_protection_since) {
        return InvalidArgumentError(
            "field injury_protection_since: an unknown injury protection has no date");
      }
      since.reset();
    }
    if (status == InjuryProtection::kEnrolled && since && *since < PilotStart()) {
      return InvalidArgumentError(
          "field injury_protection_since: " + since->ToString() +
          " is before the national pilot of occupational injury protection began (" +
          PilotStart().ToString() + ")");
    }
    row.injury_protection = std::string(InjuryProtectionId(status));
    row.injury_protection_since = since;
    ALLEY_RETURN_IF_ERROR(store::SavePlatformWorker(w, row));
    audit::AuditRecord a =
        audit::RecordBy(by, current.version == 0 ? audit::kCreate : audit::kUpdate);
    a.object = "platform_worker";
    const int64_t ids[] = {resident_id};
    a.records = audit::RecordIds(ids);
    a.detail = "injury_protection=" + row.injury_protection +
               " platforms=" + std::to_string(row.platforms.size());
    ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
    ALLEY_ASSIGN_OR_RETURN(result, WorkerIn(w, resident_id, today, within));
    return OkStatus();
  }));
  return *std::move(result);
}

// ---------------------------------------------------------------------------
// Coverage

StatusOr<PlatformCoverage> PlatformCoverageOf(store::Store& store, std::string_view unit_code,
                                              core::Date as_of, std::string_view within) {
  ALLEY_RETURN_IF_ERROR(CheckScope(unit_code, within));
  PlatformCoverage coverage;
  coverage.unit_code = std::string(unit_code);
  coverage.as_of = as_of;
  std::vector<PlatformWorker> workers;
  std::map<std::string, std::string> names;  // of the unit and its children
  std::vector<std::string> children;         // by code
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::UnitRow unit, FindUnit(r, unit_code));
    coverage.unit_name = unit.name;
    names[unit.code] = unit.name;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> child_units, r.ChildUnits(unit_code));
    for (const store::UnitRow& c : child_units) {
      names[c.code] = c.name;
      children.push_back(c.code);
    }
    std::sort(children.begin(), children.end());

    store::ResidentQuery q;
    q.subtree_code = std::string(unit_code);
    q.as_of = as_of;
    q.employment = PlatformFormIds();
    q.limit = kAll;
    ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, r.ListResidents(q));
    ALLEY_ASSIGN_OR_RETURN(std::vector<PlatformWorkerItem> items, ItemsOf(r, page.rows, as_of));
    workers.reserve(items.size());
    for (PlatformWorkerItem& item : items) {
      PlatformWorker w;
      w.resident_id = Id(item.resident_id);
      // The child of the unit that holds the worker, or the unit itself.
      w.unit_code = std::string(unit_code);
      auto after = std::upper_bound(children.begin(), children.end(), item.unit_code);
      if (after != children.begin() &&
          core::IsCodePrefixAncestor(*std::prev(after), item.unit_code)) {
        w.unit_code = *std::prev(after);
      }
      w.form = item.form;
      for (PlatformName& p : item.platforms) w.platforms.push_back(std::move(p.name));
      w.insurance = item.insurance;
      w.injury_protection = item.injury_protection;
      w.programmes = std::move(item.programmes);
      workers.push_back(std::move(w));
    }

    store::FacilityQuery fq;
    fq.subtree_code = std::string(unit_code);
    fq.type = std::string(kRestStationType);
    fq.limit = kAll;
    ALLEY_ASSIGN_OR_RETURN(store::FacilityPage stations, r.ListFacilityPage(fq));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::RestStationRow> details,
                           store::RestStationsUnder(r, unit_code));
    std::set<int64_t> open;
    for (const store::FacilityListRow& f : stations.rows) {
      ++coverage.rest_stations;
      coverage.rest_station_capacity += f.facility.capacity;
      open.insert(f.facility.id);
    }
    for (const store::RestStationRow& s : details) {
      if (open.contains(s.facility_id)) ++coverage.rest_stations_with_hours;
    }
    return OkStatus();
  }));
  StatusOr<PlatformWorkerSummary> total = SummarisePlatformWorkers(workers);
  if (!total.ok()) return DataLossError("stored platform workers: " + total.status().message());
  coverage.total = *std::move(total);
  StatusOr<std::vector<std::pair<std::string, PlatformWorkerSummary>>> by_unit =
      SummarisePlatformWorkersByUnit(workers);
  if (!by_unit.ok()) {
    return DataLossError("stored platform workers: " + by_unit.status().message());
  }
  for (auto& [code, summary] : *by_unit) {
    coverage.units.push_back({code, names[code], std::move(summary)});
  }
  return coverage;
}

// ---------------------------------------------------------------------------
// Rest stations

StatusOr<RestStationItem> GetRestStation(store::Store& store, int64_t facility_id,
                                         std::string_view within) {
  std::optional<RestStationItem> item;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(item, StationIn(r, facility_id, within));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<RestStationItem> UpdateRestStation(store::Writer& w, int64_t facility_id,
                                            std::optional<int64_t> expected_version,
                                            const RestStationChange& change,
                                            std::string_view within, const audit::Actor& by,
                                            store::Timestamp now, bool synthetic) {
  if (change.capacity && (*change.capacity < 1 || *change.capacity > kMaxRestStationCapacity)) {
    return InvalidArgumentError("field capacity: must be 1.." +
                                std::to_string(kMaxRestStationCapacity) + " people, got " +
                                std::to_string(*change.capacity));
  }
  std::optional<OpeningHours> hours;
  if (change.hours) {
    StatusOr<OpeningHours> parsed = ParseOpeningHours(*change.hours);
    if (!parsed.ok()) return parsed.status().WithContext("field hours");
    hours = *std::move(parsed);
  }
  ALLEY_ASSIGN_OR_RETURN(RestStationItem current, StationIn(w, facility_id, within));
  if (expected_version && *expected_version != current.facility.version) {
    return AbortedError("rest station " + Id(facility_id) +
                        " was changed by someone else (now at version " +
                        Id(current.facility.version) + ", the change was made against version " +
                        Id(*expected_version) + "): reload and apply the change again");
  }
  store::FacilityRow f = current.facility;
  if (change.capacity) f.capacity = *change.capacity;
  // Always: the station's version is its facility's.
  ALLEY_RETURN_IF_ERROR(w.UpdateFacility(f));
  std::string detail = "capacity=" + std::to_string(f.capacity);
  if (hours) {
    store::RestStationRow s;
    s.facility_id = facility_id;
    s.hours = FormatOpeningHours(*hours);
    s.updated_at = now.time_since_epoch().count();
    s.updated_by = by.username;
    s.synthetic = synthetic;
    ALLEY_RETURN_IF_ERROR(store::SaveRestStation(w, s));
    detail += " hours=" + s.hours;
  }
  audit::AuditRecord a = audit::RecordBy(by, audit::kUpdate);
  a.object = "rest_station";
  const int64_t ids[] = {facility_id};
  a.records = audit::RecordIds(ids);
  a.detail = std::move(detail);
  ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  return StationIn(w, facility_id, within);
}

StatusOr<RestStationItem> UpdateRestStation(store::Store& store, int64_t facility_id,
                                            std::optional<int64_t> expected_version,
                                            const RestStationChange& change,
                                            std::string_view within, const audit::Actor& by,
                                            store::Timestamp now) {
  std::optional<RestStationItem> result;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(
        result, UpdateRestStation(w, facility_id, expected_version, change, within, by, now));
    return OkStatus();
  }));
  return *std::move(result);
}

// ---------------------------------------------------------------------------
// Many workers at once

StatusOr<int64_t> RecordPlatformWorkers(store::Writer& w,
                                        std::span<const PlatformWorkerRecord> workers,
                                        core::Date today, bool synthetic, std::string_view within,
                                        const audit::Actor& by, store::Timestamp now) {
  if (workers.empty()) return 0;
  std::vector<store::PlatformWorkerRow> rows;
  rows.reserve(workers.size());
  std::set<int64_t> seen;
  // The records already stored, read at once.
  std::vector<int64_t> ids;
  ids.reserve(workers.size());
  for (const PlatformWorkerRecord& in : workers) ids.push_back(in.resident_id);
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::PlatformWorkerRow> stored,
                         store::PlatformWorkersOf(w, ids));
  std::map<int64_t, int64_t> versions;
  for (const store::PlatformWorkerRow& r : stored) versions[r.resident_id] = r.version;
  for (size_t i = 0; i < workers.size(); ++i) {
    const PlatformWorkerRecord& in = workers[i];
    Status s = [&]() -> Status {
      if (!seen.insert(in.resident_id).second) {
        return InvalidArgumentError("resident " + Id(in.resident_id) + " is listed twice");
      }
      store::PlatformWorkerRow row;
      ALLEY_ASSIGN_OR_RETURN(row.platforms, NormalisedPlatforms(in.platforms));
      std::optional<InjuryProtection> injury = ParseInjuryProtection(in.injury_protection);
      if (!injury) {
        return InvalidArgumentError("field injury_protection: unknown status \"" +
                                    in.injury_protection.substr(0, 40) + "\" (" + InjuryChoices() +
                                    ")");
      }
      std::optional<core::Date> since = in.injury_protection_since;
      if (since && *since > today) {
        return InvalidArgumentError("field injury_protection_since: " + since->ToString() +
                                    " is after today (" + today.ToString() + ")");
      }
      if (*injury == InjuryProtection::kUnknown) {
        if (since) {
          return InvalidArgumentError(
              "field injury_protection_since: an unknown injury protection has no date");
        }
      } else if (!since) {
        since = today;
      }
      if (*injury == InjuryProtection::kEnrolled && *since < PilotStart()) {
        return InvalidArgumentError(
            "field injury_protection_since: " + since->ToString() +
            " is before the national pilot of occupational injury protection began (" +
            PilotStart().ToString() + ")");
      }
      // The ledger on `today`, as WorkerIn reads it (an active resident inside
      // `within` whose employment is platform work), one version at a time.
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> resident,
                             w.ResidentVersionOn(in.resident_id, today));
      if (!resident || resident->status != "active" ||
          !core::IsCodePrefixAncestor(within, resident->unit_code)) {
        return NotFoundError("no resident " + Id(in.resident_id) + " on " + today.ToString());
      }
      std::optional<registry::EmploymentForm> form =
          registry::ParseEmploymentForm(resident->employment);
      if (!form || !registry::IsPlatformWork(*form)) {
        return FailedPreconditionError(
            "resident " + Id(in.resident_id) + " is not a platform worker on " + today.ToString() +
            ": the ledger gives the employment \"" + resident->employment +
            "\" (platform work is " + Joined(PlatformFormIds()) + ")");
      }
      if (auto v = versions.find(in.resident_id); v != versions.end()) {
        return AlreadyExistsError("resident " + Id(in.resident_id) +
                                  " already has a platform worker record (version " +
                                  Id(v->second) + "): change it with UpdatePlatformWorker");
      }
      row.resident_id = in.resident_id;
      row.community_code = resident->community_code;
      row.injury_protection = std::string(InjuryProtectionId(*injury));
      row.injury_protection_since = since;
      row.updated_at = now.time_since_epoch().count();
      row.updated_by = by.username;
      row.synthetic = synthetic;
      rows.push_back(std::move(row));
      return OkStatus();
    }();
    if (!s.ok()) return s.WithContext("worker " + std::to_string(i));
  }
  ALLEY_RETURN_IF_ERROR(store::InsertPlatformWorkers(w, rows));
  audit::AuditRecord a = audit::RecordBy(by, audit::kCreate);
  a.object = "platform_worker";
  a.records = audit::RecordCount(static_cast<int64_t>(rows.size()));
  a.detail = std::string("batch") + (synthetic ? " synthetic" : "");
  ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  return static_cast<int64_t>(rows.size());
}

}  // namespace alley::services
