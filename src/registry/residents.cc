#include "registry/residents.h"

#include <algorithm>
#include <limits>
#include <span>

#include "core/id_number.h"
#include "registry/resident_rules.h"
#include "registry/units.h"
#include "registry/vocabulary.h"

namespace alley::registry {
namespace {

// The oldest age a filter may ask for, in whole years.
constexpr int kMaxAge = 150;

Status ParameterError(std::string_view name, std::string_view reason) {
  return InvalidArgumentError("parameter " + std::string(name) + ": " + std::string(reason));
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

StatusOr<store::ResidentOrder> ParseSort(std::string_view sort) {
  static constexpr std::pair<std::string_view, store::ResidentOrder> kSorts[] = {
      {"household", store::ResidentOrder::kHousehold},
      {"name", store::ResidentOrder::kName},
      {"-name", store::ResidentOrder::kNameDesc},
      {"birth_date", store::ResidentOrder::kBirthDate},
      {"-birth_date", store::ResidentOrder::kBirthDateDesc},
      {"id", store::ResidentOrder::kId},
      {"-id", store::ResidentOrder::kIdDesc},
      {"unit", store::ResidentOrder::kUnit},
  };
  if (sort.empty()) return store::ResidentOrder::kHousehold;
  for (const auto& [name, order] : kSorts) {
    if (name == sort) return order;
  }
  return ParameterError("sort", "unknown order " + Quoted(sort) +
                                    " (expected name, -name, birth_date, -birth_date, id, -id, "
                                    "unit or household)");
}

// Narrows `q` to ages [min_age, max_age] on `as_of` (either may be open).
void ApplyAges(std::optional<int> min_age, std::optional<int> max_age, core::Date as_of,
               store::ResidentQuery& q) {
  if (min_age && *min_age > 0) {
    std::optional<core::Date> latest = internal::LatestBirthForAge(as_of, *min_age);
    // Nobody can be that old: an impossible bound selects no one.
    core::Date bound = latest ? *latest : core::Date::FromDays(core::Date::kMinDays);
    if (!q.born_to || bound < *q.born_to) q.born_to = bound;
  }
  if (max_age) {
    std::optional<core::Date> too_old = internal::LatestBirthForAge(as_of, *max_age + 1);
    if (too_old) {
      core::Date bound = too_old->AddDays(1);
      if (!q.born_from || *q.born_from < bound) q.born_from = bound;
    }
  }
}

StatusOr<store::ResidentQuery> StoreQuery(const ResidentListQuery& in) {
  ALLEY_RETURN_IF_ERROR(ValidatePage(in.page, in.page_size));
  store::ResidentQuery q;
  q.subtree_code = in.unit_code;
  q.as_of = in.as_of;
  q.include_inactive = in.include_inactive;
  for (const std::string& tag : in.tags) {
    std::optional<ResidentTag> t = ParseResidentTag(tag);
    if (!t) {
      std::string expected;
      for (const Term& term : ResidentTagTerms()) {
        if (!expected.empty()) expected += ", ";
        expected += term.id;
      }
      return ParameterError("tag",
                            "unknown tag " + Quoted(tag) + " (expected one of " + expected + ")");
    }
    q.all_tags |= TagBit(*t);
  }
  std::optional<int> min_age = in.min_age;
  std::optional<int> max_age = in.max_age;
  for (const auto& [name, age] :
       {std::pair<std::string_view, std::optional<int>>{"min_age", min_age},
        {"max_age", max_age}}) {
    if (age && (*age < 0 || *age > kMaxAge)) {
      return ParameterError(
          name, "must be 0.." + std::to_string(kMaxAge) + ", got " + std::to_string(*age));
    }
  }
  if (min_age && max_age && *min_age > *max_age) {
    return ParameterError("min_age", "greater than max_age");
  }
  ApplyAges(min_age, max_age, in.as_of, q);
  if (!in.age_band.empty()) {
    std::span<const AgeBand> bands = AgeBands();
    auto it = std::find_if(bands.begin(), bands.end(),
                           [&](const AgeBand& b) { return b.label == in.age_band; });
    if (it == bands.end()) {
      std::string expected;
      for (const AgeBand& b : bands) {
        if (!expected.empty()) expected += ", ";
        expected += b.label;
      }
      return ParameterError("age_band", "unknown band " + Quoted(in.age_band) +
                                            " (expected one of " + expected + ")");
    }
    std::optional<int> band_max;
    if (it + 1 != bands.end()) band_max = (it + 1)->min_age - 1;
    ApplyAges(it->min_age, band_max, in.as_of, q);
  }
  if (!in.sex.empty()) {
    std::optional<core::Sex> sex = core::ParseSex(in.sex);
    if (!sex) return ParameterError("sex", "expected male or female, got " + Quoted(in.sex));
    q.sex = std::string(core::SexName(*sex));
  }
  if (in.employment == "platform") {
    for (const Term& t : EmploymentFormTerms()) {
      std::optional<EmploymentForm> form = ParseEmploymentForm(t.id);
      if (form && IsPlatformWork(*form)) q.employment.emplace_back(t.id);
    }
  } else if (!in.employment.empty()) {
    std::optional<EmploymentForm> form = ParseEmploymentForm(in.employment);
    if (!form) {
      std::string expected;
      for (const Term& t : EmploymentFormTerms()) {
        if (!expected.empty()) expected += ", ";
        expected += t.id;
      }
      return ParameterError("employment", "unknown form " + Quoted(in.employment) +
                                              " (expected one of " + expected + ", or platform)");
    }
    q.employment.emplace_back(EmploymentFormId(*form));
  }
  if (in.household_id && *in.household_id <= 0) {
    return ParameterError("household", "must be a positive id");
  }
  q.household_id = in.household_id;
  ALLEY_ASSIGN_OR_RETURN(q.order, ParseSort(in.sort));
  q.limit = in.page_size;
  q.offset = PageOffset(in.page, in.page_size);
  return q;
}

bool Within(std::string_view within, std::string_view code) {
  return core::IsCodePrefixAncestor(within, code);
}

Status NoSuchResident(int64_t id) {
  return NotFoundError("no resident has the id " + std::to_string(id));
}

// The resident `id` as a list item on `as_of`, whatever its status, or
// nullopt when no version is in force then.
StatusOr<std::optional<ResidentItem>> ItemOn(store::Reader& r, int64_t id, core::Date as_of,
                                             std::string_view within) {
  store::ResidentQuery q;
  q.subtree_code = std::string(within);
  q.as_of = as_of;
  q.include_inactive = true;
  q.include_removed = true;
  q.resident_id = id;
  q.limit = 1;
  ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, r.ListResidents(q));
  if (page.rows.empty()) return std::optional<ResidentItem>();
  return std::optional<ResidentItem>(ToResidentItem(page.rows.front(), as_of));
}

// What a write to one resident starts from: the identity and the newest
// version, once the resident is known to exist, to be within scope, not to
// be removed and to be at `expected_version`.
struct Current {
  store::ResidentIdentity identity;
  store::ResidentVersion latest;
};

StatusOr<Current> CurrentForWrite(store::Writer& w, int64_t id, int64_t expected_version,
                                  std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> identity, w.ResidentById(id));
  if (!identity) return NoSuchResident(id);
  // The newest version alone: a write never needs the whole history.
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> newest, w.NewestResidentVersion(id));
  if (!newest) return DataLossError("resident " + std::to_string(id) + " has no record");
  const store::ResidentVersion& latest = *newest;
  if (latest.status == "removed" || !Within(within, latest.unit_code)) return NoSuchResident(id);
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> version, w.LatestResidentVersionId(id));
  if (!version || *version != expected_version) {
    return AbortedError("resident " + std::to_string(id) +
                        " has changed since it was read: read it again and repeat the change");
  }
  return Current{*std::move(identity), latest};
}

}  // namespace

namespace internal {

// The latest birth date of someone at least `age` whole years old on `on`
// (core::AgeOn), or nullopt when that would be before the year 1.
std::optional<core::Date> LatestBirthForAge(core::Date on, int age) {
  if (on.year() - age < 1) return std::nullopt;
  core::Date birth = on.AddYears(-age);
  // AddYears turns 29 February into the 28th; AgeOn falls as the birth date
  // rises, so the exact bound is a step or two away.
  while (core::AgeOn(birth.AddDays(1), on) >= age) birth = birth.AddDays(1);
  while (core::AgeOn(birth, on) < age) birth = birth.AddDays(-1);
  return birth;
}

}  // namespace internal

ResidentItem ToResidentItem(const store::ResidentListRow& row, core::Date as_of) {
  const store::ResidentIdentity& who = row.identity;
  const store::ResidentVersion& v = row.version;
  ResidentItem item;
  item.id = who.id;
  item.name = v.name;
  item.id_number_masked = who.id_number_masked;
  item.phone_masked = v.phone_masked;
  item.sex = who.sex;
  item.birth_date = who.birth_date;
  item.age = core::AgeOn(who.birth_date, as_of);
  item.unit_code = v.unit_code;
  item.unit_name = row.unit_name;
  item.community_code = v.community_code;
  item.household_id = v.household_id;
  item.household_number = row.household_number;
  item.relation = v.relation;
  item.building = v.building;
  item.entrance = v.entrance;
  item.room = v.room;
  item.registration = v.registration;
  std::span<const Term> tags = ResidentTagTerms();
  for (size_t i = 0; i < tags.size(); ++i) {
    if (v.tags & (1u << i)) item.tags.emplace_back(tags[i].id);
  }
  item.employment = v.employment;
  item.insurance = v.insurance;
  item.status = v.status;
  item.note = v.note;
  item.synthetic = who.synthetic;
  item.valid_from = v.valid_from;
  item.version = row.latest_version_id;
  return item;
}

StatusOr<ResidentList> ListResidents(store::Store& store, const ResidentListQuery& query) {
  ALLEY_ASSIGN_OR_RETURN(store::ResidentQuery q, StoreQuery(query));
  const std::string text = internal::Trimmed(query.text);
  ResidentList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(query.unit_code));
    if (!unit) return NotFoundError("unit " + query.unit_code + " not found");
    if (!text.empty()) {
      if (core::ParseIdNumber(text).ok()) {
        ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> who, r.ResidentIdByIdNumber(text));
        if (!who) return OkStatus();  // nobody has it: an empty list
        q.resident_id = *who;
      } else {
        q.name_contains = text;
      }
    }
    ALLEY_ASSIGN_OR_RETURN(store::ResidentPage page, r.ListResidents(q));
    list.total = page.total;
    list.items.reserve(page.rows.size());
    for (const store::ResidentListRow& row : page.rows) {
      list.items.push_back(ToResidentItem(row, query.as_of));
    }
    return OkStatus();
  }));
  return list;
}

StatusOr<ResidentDetail> GetResidentById(store::Store& store, int64_t id, core::Date as_of,
                                         std::string_view within) {
  ResidentDetail detail;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ResidentItem> item, ItemOn(r, id, as_of, within));
    if (!item) return NoSuchResident(id);
    ALLEY_ASSIGN_OR_RETURN(detail.history, r.ResidentHistory(id));
    if (detail.history.empty() || detail.history.back().status == "removed") {
      return NoSuchResident(id);
    }
    for (store::ResidentVersion& v : detail.history) v.phone.clear();  // masked only
    detail.resident = *std::move(item);
    return OkStatus();
  }));
  return detail;
}

StatusOr<ResidentItem> CreateResident(store::Store& store, const NewResident& in, core::Date today,
                                      std::string_view within) {
  using internal::FieldError;
  using internal::Trimmed;
  internal::ResidentFields f;
  f.name = Trimmed(in.name);
  f.id_number = Trimmed(in.id_number);
  f.phone = Trimmed(in.phone);
  f.household = Trimmed(in.household);
  f.relation = Trimmed(in.relation);
  f.building = Trimmed(in.building);
  f.entrance = Trimmed(in.entrance);
  f.room = Trimmed(in.room);
  f.registration = Trimmed(in.registration);
  for (const std::string& tag : in.tags) {
    if (!f.tags.empty()) f.tags += ';';
    f.tags += Trimmed(tag);
  }
  f.employment = Trimmed(in.employment);
  f.insurance = Trimmed(in.insurance);
  f.note = Trimmed(in.note);
  ALLEY_ASSIGN_OR_RETURN(internal::ValidResident valid,
                         internal::ValidateResident(f, today, "field"));
  valid.synthetic = in.synthetic;
  if (in.effective < valid.id.birth_date) {
    return FieldError("field", "effective", "the registration is dated before the birth");
  }
  const std::string unit_code = Trimmed(in.unit_code);
  if (unit_code.empty()) return FieldError("field", "unit", "empty");
  std::optional<ResidentItem> created;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(unit_code));
    if (!unit) return FieldError("field", "unit", "unit " + unit_code + " not found");
    if (!Within(within, unit->code)) {
      return PermissionDeniedError("field unit: unit " + unit->code + " is outside your scope");
    }
    StatusOr<store::UnitRow> community = internal::CommunityOf(w, *unit);
    if (community.status().code() == StatusCode::kFailedPrecondition) {
      return FieldError("field", "unit", community.status().message());
    }
    ALLEY_RETURN_IF_ERROR(community.status());
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> existing,
                           w.FindResidentByIdNumber(valid.id.text));
    std::optional<int64_t> household_id;
    if (!valid.household.empty()) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> h,
                             w.FindHousehold(community->code, valid.household));
      if (!h) {
        store::HouseholdRow row;
        row.community_code = community->code;
        row.number = valid.household;
        row.unit_code = unit->code;
        row.building = valid.building;
        row.entrance = valid.entrance;
        row.room = valid.room;
        row.synthetic = valid.synthetic;
        ALLEY_ASSIGN_OR_RETURN(row.id, w.InsertHousehold(row));
        h = std::move(row);
      } else if (h->dissolved_on) {
        h->dissolved_on.reset();
        ALLEY_RETURN_IF_ERROR(w.UpdateHousehold(*h));
      }
      household_id = h->id;
    }
    store::ResidentVersion v;
    v.valid_from = in.effective;
    v.change = "register";
    v.status = "active";
    v.name = valid.name;
    v.phone = valid.phone;
    v.community_code = community->code;
    v.unit_code = unit->code;
    v.household_id = household_id;
    v.relation = valid.relation;
    v.building = valid.building;
    v.entrance = valid.entrance;
    v.room = valid.room;
    v.registration = valid.registration;
    v.tags = valid.tags;
    v.employment = valid.employment;
    v.insurance = valid.insurance;
    v.note = valid.note;
    if (existing) {
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history,
                             w.ResidentHistory(existing->id));
      if (history.empty() || history.back().status != "removed") {
        return AlreadyExistsError(
            "field id_number: a resident with this ID number is already in the ledger");
      }
      v.resident_id = existing->id;
    } else {
      store::ResidentIdentity identity;
      identity.id_number = valid.id.text;
      identity.sex = std::string(core::SexName(valid.id.sex));
      identity.birth_date = valid.id.birth_date;
      identity.synthetic = valid.synthetic;
      ALLEY_ASSIGN_OR_RETURN(v.resident_id, w.InsertResident(identity));
    }
    ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
    ALLEY_ASSIGN_OR_RETURN(created, ItemOn(w, v.resident_id, in.effective, core::kNationCode));
    if (!created) return InternalError("the new resident cannot be read back");
    return OkStatus();
  }));
  return *std::move(created);
}

StatusOr<ResidentItem> UpdateResident(store::Store& store, int64_t id, int64_t expected_version,
                                      const ResidentChange& change, std::string_view within,
                                      const AlsoInTransaction& also) {
  std::optional<ResidentItem> updated;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Current current, CurrentForWrite(w, id, expected_version, within));
    ALLEY_ASSIGN_OR_RETURN(store::ResidentVersion v,
                           internal::PrepareResidentChange(w, current.identity, change,
                                                           {.label = "field", .api = true}));
    if (!Within(within, v.unit_code)) {
      return PermissionDeniedError("field unit: unit " + v.unit_code + " is outside your scope");
    }
    ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
    ALLEY_ASSIGN_OR_RETURN(updated, ItemOn(w, id, change.effective, core::kNationCode));
    if (!updated) return InternalError("the changed resident cannot be read back");
    if (also) return also(w, *updated);
    return OkStatus();
  }));
  return *std::move(updated);
}

Status RemoveResident(store::Store& store, int64_t id, int64_t expected_version,
                      core::Date effective, std::string_view within) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Current current, CurrentForWrite(w, id, expected_version, within));
    if (effective < current.latest.valid_from) {
      return FailedPreconditionError("the record already has a change dated " +
                                     current.latest.valid_from.ToString() + ", after " +
                                     effective.ToString());
    }
    store::ResidentVersion v = current.latest;
    v.valid_from = effective;
    v.change = "delete";
    v.status = "removed";
    return w.AddResidentVersion(v);
  });
}

StatusOr<PersonalData> RevealPersonalData(store::Store& store, int64_t id,
                                          std::string_view within) {
  PersonalData data;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> identity, r.ResidentById(id));
    if (!identity) return NoSuchResident(id);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history, r.ResidentHistory(id));
    if (history.empty() || history.back().status == "removed" ||
        !Within(within, history.back().unit_code)) {
      return NoSuchResident(id);
    }
    data.id_number = identity->id_number;
    data.phone = history.back().phone;
    return OkStatus();
  }));
  return data;
}

}  // namespace alley::registry
