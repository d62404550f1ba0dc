#include "registry/ledger.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/csv.h"
#include "core/id_number.h"
#include "registry/files.h"
#include "registry/resident_rules.h"
#include "registry/vocabulary.h"

namespace alley::registry {
namespace internal {

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Status FieldError(std::string_view label, std::string_view name, std::string_view reason) {
  return InvalidArgumentError(std::string(label) + " " + std::string(name) + ": " +
                              std::string(reason));
}

Status ValidatePhone(std::string_view phone, std::string_view label) {
  if (phone.empty()) return OkStatus();
  size_t digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '+' && c != ' ') {
      return FieldError(
          label, "phone",
          "\"" + std::string(phone) + "\" has a character that is not a digit, '-', '+' or space");
    }
  }
  if (digits < 7 || digits > 15) {
    return FieldError(label, "phone", "\"" + std::string(phone) + "\" must have 7 to 15 digits");
  }
  if (digits == 11 && phone.size() == 11 && phone.front() != '1') {
    return FieldError(label, "phone", "an 11-digit mobile number starts with 1");
  }
  return OkStatus();
}

namespace {

StatusOr<std::string> VocabularyField(std::span<const Term> terms, std::string_view label,
                                      std::string_view name, std::string_view value,
                                      std::string_view fallback) {
  if (value.empty()) return std::string(fallback);
  std::optional<size_t> i = FindTerm(terms, value);
  if (!i) {
    std::string expected;
    for (const Term& t : terms) {
      if (!expected.empty()) expected += ", ";
      expected += t.id;
    }
    return FieldError(
        label, name,
        "unknown value \"" + std::string(value) + "\" (expected one of " + expected + ")");
  }
  return std::string(terms[*i].id);
}

StatusOr<bool> ParseYesNo(std::string_view label, std::string_view name, std::string_view value) {
  if (value.empty() || value == "0" || value == "no" || value == "false" || value == "否") {
    return false;
  }
  if (value == "1" || value == "yes" || value == "true" || value == "是") return true;
  return FieldError(label, name, "expected yes or no, got \"" + std::string(value) + "\"");
}

// A free-text field's length.
Status CheckLength(std::string_view label, std::string_view name, std::string_view value) {
  if (value.size() <= kMaxFieldBytes) return OkStatus();
  return FieldError(label, name, "longer than " + std::to_string(kMaxFieldBytes) + " bytes");
}

Status CheckName(std::string_view label, std::string_view name) {
  if (name.empty()) return FieldError(label, "name", "empty");
  if (name.size() > kMaxNameBytes) return FieldError(label, "name", "too long");
  return OkStatus();
}

}  // namespace

StatusOr<ValidResident> ValidateResident(const ResidentFields& f, core::Date today,
                                         std::string_view label) {
  ValidResident r;
  ALLEY_RETURN_IF_ERROR(CheckName(label, f.name));
  r.name = f.name;
  StatusOr<core::IdNumber> id = core::ParseIdNumber(f.id_number, today);
  if (!id.ok()) return FieldError(label, "id_number", id.status().message());
  r.id = *std::move(id);
  if (!f.sex.empty()) {
    std::optional<core::Sex> parsed = core::ParseSex(f.sex);
    if (!parsed) return FieldError(label, "sex", "expected male or female, got \"" + f.sex + "\"");
    if (*parsed != r.id.sex) {
      return FieldError(label, "sex",
                        "\"" + f.sex + "\" disagrees with the ID number (" +
                            std::string(core::SexName(r.id.sex)) + ")");
    }
  }
  if (!f.birth_date.empty()) {
    StatusOr<core::Date> parsed = core::Date::Parse(f.birth_date);
    if (!parsed.ok()) return FieldError(label, "birth_date", parsed.status().message());
    if (*parsed != r.id.birth_date) {
      return FieldError(
          label, "birth_date",
          f.birth_date + " disagrees with the ID number (" + r.id.birth_date.ToString() + ")");
    }
  }
  r.phone = f.phone;
  ALLEY_RETURN_IF_ERROR(ValidatePhone(r.phone, label));
  ALLEY_RETURN_IF_ERROR(CheckLength(label, "household", f.household));
  r.household = f.household;
  ALLEY_ASSIGN_OR_RETURN(r.relation,
                         VocabularyField(RelationTerms(), label, "relation", f.relation, ""));
  if (!r.relation.empty() && r.household.empty()) {
    return FieldError(label, "relation", "a relation needs a household");
  }
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::string&>{"compound", f.compound},
        {"building", f.building},
        {"entrance", f.entrance},
        {"room", f.room},
        {"note", f.note}}) {
    ALLEY_RETURN_IF_ERROR(CheckLength(label, name, value));
  }
  r.compound = f.compound;
  r.building = f.building;
  r.entrance = f.entrance;
  r.room = f.room;
  ALLEY_ASSIGN_OR_RETURN(r.registration, VocabularyField(RegistrationTerms(), label, "registration",
                                                         f.registration, "registered"));
  StatusOr<uint32_t> tags = ParseTagList(f.tags);
  if (!tags.ok()) return FieldError(label, "tags", tags.status().message());
  r.tags = *tags;
  ALLEY_ASSIGN_OR_RETURN(r.employment, VocabularyField(EmploymentFormTerms(), label, "employment",
                                                       f.employment, "none"));
  ALLEY_ASSIGN_OR_RETURN(
      r.insurance, VocabularyField(InsuranceTerms(), label, "insurance", f.insurance, "unknown"));
  r.note = f.note;
  ALLEY_ASSIGN_OR_RETURN(r.synthetic, ParseYesNo(label, "synthetic", f.synthetic));
  return r;
}

StatusOr<store::UnitRow> CommunityOf(store::Reader& r, const store::UnitRow& unit) {
  store::UnitRow at = unit;
  while (at.level > core::UnitLevel::kCommunity) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> parent, r.FindUnit(at.parent_code));
    if (!parent) return DataLossError("unit " + at.code + " has no parent");
    at = *std::move(parent);
  }
  if (at.level != core::UnitLevel::kCommunity) {
    return FailedPreconditionError("unit " + unit.code + " (" + unit.name + ") is a " +
                                   std::string(core::UnitLevelName(unit.level)) +
                                   "; residents are kept by a community or a unit below it");
  }
  return at;
}

}  // namespace internal

namespace {

using internal::FieldError;
using internal::kMaxFieldBytes;
using internal::Trimmed;

Status ColumnError(std::string_view column, std::string_view reason) {
  return FieldError("column", column, reason);
}

// One validated CSV row.
struct ParsedRow : internal::ValidResident {
  int64_t line = 0;
  std::vector<std::string> fields;
};

Status ParseRow(const core::CsvHeader& header, const core::CsvRecord& record, core::Date today,
                ParsedRow* row) {
  if (Status width = header.CheckWidth(record); !width.ok()) {
    // The caller names the file and line; keep only the reason.
    std::string_view reason = width.message();
    if (size_t colon = reason.find(": ");
        reason.starts_with("line ") && colon != std::string_view::npos) {
      reason.remove_prefix(colon + 2);
    }
    return InvalidArgumentError(std::string(reason));
  }
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (record.fields[i].size() > kMaxFieldBytes) {
      return InvalidArgumentError("field " + std::to_string(i + 1) + " is longer than " +
                                  std::to_string(kMaxFieldBytes) + " bytes");
    }
  }
  auto get = [&](std::string_view column) { return Trimmed(header.Get(record, column)); };
  internal::ResidentFields f;
  f.name = get("name");
  f.id_number = get("id_number");
  f.sex = get("sex");
  f.birth_date = get("birth_date");
  f.phone = get("phone");
  f.household = get("household");
  f.relation = get("relation");
  f.compound = get("compound");
  f.building = get("building");
  f.entrance = get("entrance");
  f.room = get("room");
  f.registration = get("registration");
  f.tags = get("tags");
  f.employment = get("employment");
  f.insurance = get("insurance");
  f.note = get("note");
  f.synthetic = get("synthetic");
  ALLEY_ASSIGN_OR_RETURN(internal::ValidResident valid,
                         internal::ValidateResident(f, today, "column"));
  static_cast<internal::ValidResident&>(*row) = std::move(valid);
  row->line = record.line;
  row->fields = record.fields;
  return OkStatus();
}

using internal::CommunityOf;

// Resolves compounds by name (or code) below a community, creating the missing.
class CompoundResolver {
 public:
  CompoundResolver(store::Writer& w, store::UnitRow community)
      : w_(w), community_(std::move(community)) {}

  Status Load() {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children, w_.ChildUnits(community_.code));
    for (store::UnitRow& u : children) {
      int sequence = std::stoi(u.code.substr(community_.code.size()));
      next_sequence_ = std::max(next_sequence_, sequence + 1);
      if (u.level != core::UnitLevel::kCompound) continue;
      by_code_[u.code] = u.code;
      by_name_[u.name] = u.code;
    }
    return OkStatus();
  }

  StatusOr<std::string> Resolve(const std::string& compound, bool synthetic, int64_t* created) {
    if (auto it = by_name_.find(compound); it != by_name_.end()) return it->second;
    if (auto it = by_code_.find(compound); it != by_code_.end()) return it->second;
    if (next_sequence_ > 999) {
      return OutOfRangeError("column compound: community " + community_.code +
                             " has used all 999 child codes");
    }
    store::UnitRow row;
    row.code = core::ChildCode(community_.code, next_sequence_++);
    row.parent_code = community_.code;
    row.level = core::UnitLevel::kCompound;
    row.name = compound;
    row.source = synthetic ? "demo" : "user";
    row.synthetic = synthetic;
    ALLEY_RETURN_IF_ERROR(w_.UpsertUnits({row}));
    ++*created;
    by_name_[compound] = row.code;
    by_code_[row.code] = row.code;
    return row.code;
  }

 private:
  store::Writer& w_;
  store::UnitRow community_;
  int next_sequence_ = 1;
  std::map<std::string, std::string> by_name_;
  std::map<std::string, std::string> by_code_;
};

bool SameRecord(const store::ResidentVersion& a, const store::ResidentVersion& b) {
  return a.status == b.status && a.name == b.name && a.phone == b.phone &&
         a.community_code == b.community_code && a.unit_code == b.unit_code &&
         a.household_id == b.household_id && a.relation == b.relation && a.building == b.building &&
         a.entrance == b.entrance && a.room == b.room && a.registration == b.registration &&
         a.tags == b.tags && a.employment == b.employment && a.insurance == b.insurance &&
         a.note == b.note;
}

// Writes one validated row. Errors are the row's own (the caller adds FILE:LINE).
Status ApplyRow(store::Writer& w, const ParsedRow& row, const store::UnitRow& unit,
                const store::UnitRow& community, CompoundResolver& compounds,
                std::map<std::string, int64_t>& households, core::Date effective,
                ImportReport& report) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> existing,
                         w.FindResidentByIdNumber(row.id.text));
  std::optional<store::ResidentVersion> latest;
  if (existing) {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history,
                           w.ResidentHistory(existing->id));
    if (!history.empty()) latest = history.back();
    if (latest && latest->valid_from > effective) {
      return ColumnError("id_number", "the record already has a change dated " +
                                          latest->valid_from.ToString() + ", after " +
                                          effective.ToString());
    }
    if (latest && latest->status == "deceased") {
      return ColumnError("id_number", "the resident is recorded as deceased since " +
                                          latest->valid_from.ToString());
    }
  }
  std::string unit_code = unit.code;
  if (!row.compound.empty()) {
    ALLEY_ASSIGN_OR_RETURN(
        unit_code, compounds.Resolve(row.compound, row.synthetic, &report.compounds_created));
  }
  std::optional<int64_t> household_id;
  if (!row.household.empty()) {
    auto it = households.find(row.household);
    if (it == households.end()) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> found,
                             w.FindHousehold(community.code, row.household));
      store::HouseholdRow h;
      h.community_code = community.code;
      h.number = row.household;
      h.unit_code = unit_code;
      h.building = row.building;
      h.entrance = row.entrance;
      h.room = row.room;
      h.synthetic = row.synthetic;
      if (found) {
        h.id = found->id;
        // A dissolved household gets a member again: it is revived.
        bool changed = found->unit_code != h.unit_code || found->building != h.building ||
                       found->entrance != h.entrance || found->room != h.room ||
                       found->dissolved_on.has_value();
        if (changed) ALLEY_RETURN_IF_ERROR(w.UpdateHousehold(h));
      } else {
        ALLEY_ASSIGN_OR_RETURN(h.id, w.InsertHousehold(h));
        ++report.households_created;
      }
      it = households.emplace(row.household, h.id).first;
    }
    household_id = it->second;
  }
  store::ResidentVersion v;
  v.valid_from = effective;
  v.status = "active";
  v.name = row.name;
  v.phone = row.phone;
  v.community_code = community.code;
  v.unit_code = unit_code;
  v.household_id = household_id;
  v.relation = row.relation;
  v.building = row.building;
  v.entrance = row.entrance;
  v.room = row.room;
  v.registration = row.registration;
  v.tags = row.tags;
  v.employment = row.employment;
  v.insurance = row.insurance;
  v.note = row.note;
  if (!existing) {
    store::ResidentIdentity identity;
    identity.id_number = row.id.text;
    identity.sex = std::string(core::SexName(row.id.sex));
    identity.birth_date = row.id.birth_date;
    identity.synthetic = row.synthetic;
    ALLEY_ASSIGN_OR_RETURN(v.resident_id, w.InsertResident(identity));
    v.change = "register";
    ++report.registered;
    return w.AddResidentVersion(v);
  }
  v.resident_id = existing->id;
  if (latest) {
    v.change = "update";
    if (SameRecord(*latest, v)) {
      ++report.unchanged;
      return OkStatus();
    }
    if (latest->unit_code != v.unit_code || latest->household_id != v.household_id ||
        latest->status != "active") {
      v.change = "move";
    }
  } else {
    v.change = "register";
  }
  ++report.updated;
  return w.AddResidentVersion(v);
}

}  // namespace

StatusOr<ImportReport> ImportResidents(store::Store& store, std::string_view file_name,
                                       std::string_view csv_text, const ImportOptions& options) {
  ImportReport report;
  const std::string file(file_name);
  core::CsvReader reader(csv_text);
  core::CsvRecord record;
  StatusOr<bool> has_header = reader.Next(&record);
  if (!has_header.ok()) return AtFile(file, has_header.status());
  if (!*has_header) return InvalidArgumentError(file + ": the file is empty");
  static constexpr std::string_view kRequired[] = {"name", "id_number"};
  std::vector<std::string_view> optional;
  for (std::string_view c : kResidentColumns) {
    if (c != "name" && c != "id_number") optional.push_back(c);
  }
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, kRequired, optional);
  if (!header.ok()) return AtFile(file, header.status());
  report.header = record.fields;

  // Pass 1: every row on its own, then the rules across rows.
  std::vector<ParsedRow> rows;
  std::unordered_map<std::string, int64_t> line_of_id;
  std::unordered_map<std::string, int64_t> head_of_household;
  auto reject = [&](int64_t line, std::vector<std::string> fields, const Status& why) -> Status {
    if (!options.skip_invalid) {
      return Status(why.code(), file + ":" + std::to_string(line) + ": " + why.message());
    }
    report.rejected.push_back({line, std::move(fields), why.message()});
    return OkStatus();
  };
  while (true) {
    StatusOr<bool> next = reader.Next(&record);
    if (!next.ok()) return AtFile(file, next.status());  // the file itself is broken
    if (!*next) break;
    ++report.rows;
    ParsedRow row;
    Status status = ParseRow(*header, record, options.today, &row);
    if (status.ok()) {
      auto [it, fresh] = line_of_id.emplace(row.id.text, row.line);
      if (!fresh) {
        status = ColumnError("id_number",
                             "the same person is already on line " + std::to_string(it->second));
      }
    }
    if (status.ok() && row.relation == "head") {
      auto [it, fresh] = head_of_household.emplace(row.household, row.line);
      if (!fresh) {
        line_of_id.erase(row.id.text);
        status =
            ColumnError("relation", "household " + row.household + " already has a head on line " +
                                        std::to_string(it->second));
      }
    }
    if (!status.ok()) {
      ALLEY_RETURN_IF_ERROR(reject(record.line, record.fields, status));
      continue;
    }
    rows.push_back(std::move(row));
  }

  // Pass 2: one transaction for everything.
  Status written = store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(options.unit_code));
    if (!unit) return NotFoundError("unit " + options.unit_code + " not found");
    ALLEY_ASSIGN_OR_RETURN(store::UnitRow community, CommunityOf(w, *unit));
    CompoundResolver compounds(w, community);
    ALLEY_RETURN_IF_ERROR(compounds.Load());
    std::map<std::string, int64_t> households;
    // Heads first, so that a household takes its head's address.
    std::stable_sort(rows.begin(), rows.end(), [](const ParsedRow& a, const ParsedRow& b) {
      return (a.relation == "head") > (b.relation == "head");
    });
    for (const ParsedRow& row : rows) {
      Status status =
          ApplyRow(w, row, *unit, community, compounds, households, options.effective, report);
      if (status.ok()) continue;
      if (status.code() != StatusCode::kInvalidArgument &&
          status.code() != StatusCode::kOutOfRange) {
        return status.WithContext(file + ":" + std::to_string(row.line));
      }
      ALLEY_RETURN_IF_ERROR(reject(row.line, row.fields, status));
    }
    return OkStatus();
  });
  ALLEY_RETURN_IF_ERROR(written);
  std::sort(report.rejected.begin(), report.rejected.end(),
            [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
  return report;
}

std::string FormatRejects(const ImportReport& report) {
  std::string out(core::kUtf8Bom);
  std::vector<std::string> header = report.header;
  header.emplace_back("line");
  header.emplace_back("reason");
  core::AppendCsvRow(&out, header);
  for (const RejectedRow& r : report.rejected) {
    std::vector<std::string> fields = r.fields;
    fields.resize(report.header.size());
    fields.push_back(std::to_string(r.line));
    fields.push_back(r.reason);
    core::AppendCsvRow(&out, fields);
  }
  return out;
}

StatusOr<std::string> ExportResidents(store::Store& store, std::string_view unit_code,
                                      core::Date as_of) {
  std::string out(core::kUtf8Bom);
  std::vector<std::string> fields(std::begin(kResidentColumns), std::end(kResidentColumns));
  core::AppendCsvRow(&out, fields);
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
    if (!unit) return NotFoundError("unit " + std::string(unit_code) + " not found");
    std::map<int64_t, std::string> household_numbers;
    std::map<std::string, std::string> compound_names;
    store::ResidentFilter filter{std::string(unit_code), as_of, false};
    return r.ScanResidents(filter, [&](const store::ResidentRow& row) -> Status {
      const store::ResidentVersion& v = row.version;
      std::string household;
      if (v.household_id) {
        auto it = household_numbers.find(*v.household_id);
        if (it == household_numbers.end()) {
          ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> h,
                                 r.HouseholdById(*v.household_id));
          it = household_numbers.emplace(*v.household_id, h ? h->number : "").first;
        }
        household = it->second;
      }
      std::string compound;
      if (v.unit_code != v.community_code) {
        auto it = compound_names.find(v.unit_code);
        if (it == compound_names.end()) {
          ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> u, r.FindUnit(v.unit_code));
          it = compound_names.emplace(v.unit_code, u ? u->name : v.unit_code).first;
        }
        compound = it->second;
      }
      fields = {household,
                v.relation,
                v.name,
                row.identity.id_number,
                row.identity.sex,
                row.identity.birth_date.ToString(),
                v.phone,
                compound,
                v.building,
                v.entrance,
                v.room,
                v.registration,
                FormatTagList(v.tags),
                v.employment,
                v.insurance,
                v.note,
                row.identity.synthetic ? "yes" : "no"};
      core::AppendCsvRow(&out, fields);
      return OkStatus();
    });
  }));
  return out;
}

namespace internal {

StatusOr<store::ResidentVersion> PrepareResidentChange(store::Writer& w,
                                                       const store::ResidentIdentity& identity,
                                                       const ResidentChange& change,
                                                       const ChangeStyle& style) {
  const std::string_view label = style.label;
  static constexpr std::string_view kChanges[] = {"update", "move", "death", "departure"};
  if (std::find(std::begin(kChanges), std::end(kChanges), change.change) == std::end(kChanges)) {
    return FieldError(
        label, "change",
        "unknown change \"" + change.change + "\" (expected update, move, death or departure)");
  }
  // A unit or household that the change names but that is not there.
  auto bad_reference = [&](std::string_view field, const std::string& message) {
    return Status(style.api ? StatusCode::kInvalidArgument : StatusCode::kNotFound,
                  std::string(label) + " " + std::string(field) + ": " + message);
  };
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history,
                         w.ResidentHistory(identity.id));
  if (history.empty()) return DataLossError("resident has no record versions");
  store::ResidentVersion v = history.back();
  if (v.status != "active") {
    return FailedPreconditionError("the resident is recorded as " + v.status + " since " +
                                   v.valid_from.ToString());
  }
  if (change.effective < v.valid_from) {
    return FailedPreconditionError("the record already has a change dated " +
                                   v.valid_from.ToString() + ", after " +
                                   change.effective.ToString());
  }
  if (change.effective < identity.birth_date) {
    return FieldError(label, "effective", "the change is dated before the resident's birth");
  }
  v.valid_from = change.effective;
  v.change = change.change;
  if (change.change == "death") v.status = "deceased";
  if (change.change == "departure") v.status = "departed";
  if (change.name) {
    ALLEY_RETURN_IF_ERROR(CheckName(label, *change.name));
    v.name = *change.name;
  }
  if (change.phone) {
    ALLEY_RETURN_IF_ERROR(ValidatePhone(*change.phone, label));
    v.phone = *change.phone;
  }
  for (const auto& [name, value] : {std::pair<std::string_view, const std::optional<std::string>&>{
                                        "household", change.household},
                                    {"building", change.building},
                                    {"entrance", change.entrance},
                                    {"room", change.room},
                                    {"note", change.note}}) {
    if (value) ALLEY_RETURN_IF_ERROR(CheckLength(label, name, *value));
  }
  if (change.unit_code) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(*change.unit_code));
    if (!unit) return bad_reference("unit", "unit " + *change.unit_code + " not found");
    StatusOr<store::UnitRow> community = CommunityOf(w, *unit);
    if (!community.ok()) {
      if (style.api && community.status().code() == StatusCode::kFailedPrecondition) {
        return FieldError(label, "unit", community.status().message());
      }
      return community.status();
    }
    if (community->code != v.community_code) {
      v.household_id.reset();
      v.relation.clear();
    }
    v.unit_code = unit->code;
    v.community_code = community->code;
  }
  if (change.household) {
    if (change.household->empty()) {
      v.household_id.reset();
      v.relation.clear();
    } else {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> h,
                             w.FindHousehold(v.community_code, *change.household));
      if (!h && !style.api) {
        return bad_reference(
            "household", "household " + *change.household + " not found in " + v.community_code);
      }
      if (!h) {
        // The API registers a household number new to the community.
        store::HouseholdRow created;
        created.community_code = v.community_code;
        created.number = *change.household;
        created.unit_code = v.unit_code;
        created.building = change.building.value_or(v.building);
        created.entrance = change.entrance.value_or(v.entrance);
        created.room = change.room.value_or(v.room);
        created.synthetic = identity.synthetic;
        ALLEY_ASSIGN_OR_RETURN(created.id, w.InsertHousehold(created));
        h = std::move(created);
      } else if (h->dissolved_on) {
        h->dissolved_on.reset();
        ALLEY_RETURN_IF_ERROR(w.UpdateHousehold(*h));
      }
      v.household_id = h->id;
      v.unit_code = h->unit_code;
      v.building = h->building;
      v.entrance = h->entrance;
      v.room = h->room;
    }
  }
  if (change.relation) {
    ALLEY_ASSIGN_OR_RETURN(
        v.relation, VocabularyField(RelationTerms(), label, "relation", *change.relation, ""));
  }
  if (!v.relation.empty() && !v.household_id) {
    return FieldError(label, "relation", "a relation needs a household");
  }
  if (change.building) v.building = *change.building;
  if (change.entrance) v.entrance = *change.entrance;
  if (change.room) v.room = *change.room;
  if (change.employment) {
    ALLEY_ASSIGN_OR_RETURN(v.employment, VocabularyField(EmploymentFormTerms(), label, "employment",
                                                         *change.employment, v.employment));
  }
  if (change.insurance) {
    ALLEY_ASSIGN_OR_RETURN(v.insurance, VocabularyField(InsuranceTerms(), label, "insurance",
                                                        *change.insurance, v.insurance));
  }
  if (change.registration) {
    ALLEY_ASSIGN_OR_RETURN(v.registration,
                           VocabularyField(RegistrationTerms(), label, "registration",
                                           *change.registration, v.registration));
  }
  auto tag_bit = [&](const std::string& tag) -> StatusOr<uint32_t> {
    std::optional<ResidentTag> t = ParseResidentTag(tag);
    if (!t) return FieldError(label, "tags", "unknown tag \"" + tag + "\"");
    return TagBit(*t);
  };
  if (change.tags) {
    v.tags = 0;
    for (const std::string& tag : *change.tags) {
      ALLEY_ASSIGN_OR_RETURN(uint32_t bit, tag_bit(tag));
      v.tags |= bit;
    }
  }
  for (const std::string& tag : change.add_tags) {
    ALLEY_ASSIGN_OR_RETURN(uint32_t bit, tag_bit(tag));
    v.tags |= bit;
  }
  for (const std::string& tag : change.remove_tags) {
    ALLEY_ASSIGN_OR_RETURN(uint32_t bit, tag_bit(tag));
    v.tags &= ~bit;
  }
  if (change.note) v.note = *change.note;
  return v;
}

}  // namespace internal

Status RecordChange(store::Store& store, const ResidentChange& change) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> identity,
                           w.FindResidentByIdNumber(change.id_number));
    if (!identity) return NotFoundError("no resident with ID number " + change.id_number);
    ALLEY_ASSIGN_OR_RETURN(
        store::ResidentVersion v,
        internal::PrepareResidentChange(w, *identity, change, {.label = "field", .api = false}));
    return w.AddResidentVersion(v);
  });
}

StatusOr<ResidentRecord> GetResident(store::Store& store, std::string_view id_number,
                                     core::Date as_of) {
  ResidentRecord record;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> identity,
                           r.FindResidentByIdNumber(id_number));
    if (!identity) return NotFoundError("no resident with ID number " + std::string(id_number));
    record.identity = *identity;
    ALLEY_ASSIGN_OR_RETURN(record.current, r.ResidentVersionOn(identity->id, as_of));
    ALLEY_ASSIGN_OR_RETURN(record.history, r.ResidentHistory(identity->id));
    if (record.current && record.current->household_id) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> h,
                             r.HouseholdById(*record.current->household_id));
      if (h) record.household_number = h->number;
    }
    return OkStatus();
  }));
  return record;
}

}  // namespace alley::registry
