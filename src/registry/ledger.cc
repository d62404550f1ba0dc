#include "registry/ledger.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/csv.h"
#include "core/id_number.h"
#include "registry/files.h"
#include "registry/vocabulary.h"

namespace alley::registry {
namespace {

// Longest name accepted, in bytes (about 21 Chinese characters; the longest
// names of minority nationalities written in Chinese stay well under this).
constexpr size_t kMaxNameBytes = 64;
constexpr size_t kMaxFieldBytes = 200;

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Status ColumnError(std::string_view column, std::string_view reason) {
  return InvalidArgumentError("column " + std::string(column) + ": " + std::string(reason));
}

// One validated CSV row.
struct ParsedRow {
  int64_t line = 0;
  std::vector<std::string> fields;
  core::IdNumber id;
  std::string name;
  std::string phone;
  std::string household;
  std::string relation;
  std::string compound;
  std::string building;
  std::string entrance;
  std::string room;
  std::string registration = "registered";
  uint32_t tags = 0;
  std::string employment = "none";
  std::string insurance = "unknown";
  std::string note;
  bool synthetic = false;
};

Status ValidatePhone(std::string_view phone) {
  if (phone.empty()) return OkStatus();
  size_t digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '+' && c != ' ') {
      return ColumnError("phone", "\"" + std::string(phone) +
                                      "\" has a character that is not a "
                                      "digit, '-', '+' or space");
    }
  }
  if (digits < 7 || digits > 15) {
    return ColumnError("phone", "\"" + std::string(phone) + "\" must have 7 to 15 digits");
  }
  if (digits == 11 && phone.size() == 11 && phone.front() != '1') {
    return ColumnError("phone", "an 11-digit mobile number starts with 1");
  }
  return OkStatus();
}

StatusOr<std::string> VocabularyField(std::span<const Term> terms, std::string_view column,
                                      std::string_view value, std::string_view fallback) {
  if (value.empty()) return std::string(fallback);
  std::optional<size_t> i = FindTerm(terms, value);
  if (!i) {
    std::string expected;
    for (const Term& t : terms) {
      if (!expected.empty()) expected += ", ";
      expected += t.id;
    }
    return ColumnError(
        column, "unknown value \"" + std::string(value) + "\" (expected one of " + expected + ")");
  }
  return std::string(terms[*i].id);
}

StatusOr<bool> ParseYesNo(std::string_view column, std::string_view value) {
  if (value.empty() || value == "0" || value == "no" || value == "false" || value == "否") {
    return false;
  }
  if (value == "1" || value == "yes" || value == "true" || value == "是") return true;
  return ColumnError(column, "expected yes or no, got \"" + std::string(value) + "\"");
}

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
  row->line = record.line;
  row->fields = record.fields;
  row->name = get("name");
  if (row->name.empty()) return ColumnError("name", "empty");
  if (row->name.size() > kMaxNameBytes) return ColumnError("name", "too long");
  StatusOr<core::IdNumber> id = core::ParseIdNumber(get("id_number"), today);
  if (!id.ok()) return ColumnError("id_number", id.status().message());
  row->id = *std::move(id);
  if (std::string sex = get("sex"); !sex.empty()) {
    std::optional<core::Sex> parsed = core::ParseSex(sex);
    if (!parsed) return ColumnError("sex", "expected male or female, got \"" + sex + "\"");
    if (*parsed != row->id.sex) {
      return ColumnError("sex", "\"" + sex + "\" disagrees with the ID number (" +
                                    std::string(core::SexName(row->id.sex)) + ")");
    }
  }
  if (std::string birth = get("birth_date"); !birth.empty()) {
    StatusOr<core::Date> parsed = core::Date::Parse(birth);
    if (!parsed.ok()) return ColumnError("birth_date", parsed.status().message());
    if (*parsed != row->id.birth_date) {
      return ColumnError("birth_date", birth + " disagrees with the ID number (" +
                                           row->id.birth_date.ToString() + ")");
    }
  }
  row->phone = get("phone");
  ALLEY_RETURN_IF_ERROR(ValidatePhone(row->phone));
  row->household = get("household");
  ALLEY_ASSIGN_OR_RETURN(row->relation,
                         VocabularyField(RelationTerms(), "relation", get("relation"), ""));
  if (!row->relation.empty() && row->household.empty()) {
    return ColumnError("relation", "a relation needs a household");
  }
  row->compound = get("compound");
  row->building = get("building");
  row->entrance = get("entrance");
  row->room = get("room");
  ALLEY_ASSIGN_OR_RETURN(row->registration, VocabularyField(RegistrationTerms(), "registration",
                                                            get("registration"), "registered"));
  StatusOr<uint32_t> tags = ParseTagList(get("tags"));
  if (!tags.ok()) return ColumnError("tags", tags.status().message());
  row->tags = *tags;
  ALLEY_ASSIGN_OR_RETURN(row->employment, VocabularyField(EmploymentFormTerms(), "employment",
                                                          get("employment"), "none"));
  ALLEY_ASSIGN_OR_RETURN(
      row->insurance, VocabularyField(InsuranceTerms(), "insurance", get("insurance"), "unknown"));
  row->note = get("note");
  ALLEY_ASSIGN_OR_RETURN(row->synthetic, ParseYesNo("synthetic", get("synthetic")));
  return OkStatus();
}

// Finds the community at or above `unit`.
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
        bool moved = found->unit_code != h.unit_code || found->building != h.building ||
                     found->entrance != h.entrance || found->room != h.room;
        if (moved) ALLEY_RETURN_IF_ERROR(w.UpdateHousehold(h));
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

Status RecordChange(store::Store& store, const ResidentChange& change) {
  static constexpr std::string_view kChanges[] = {"update", "move", "death", "departure"};
  if (std::find(std::begin(kChanges), std::end(kChanges), change.change) == std::end(kChanges)) {
    return InvalidArgumentError("unknown change \"" + change.change +
                                "\" (expected update, move, death or departure)");
  }
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> identity,
                           w.FindResidentByIdNumber(change.id_number));
    if (!identity) return NotFoundError("no resident with ID number " + change.id_number);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history,
                           w.ResidentHistory(identity->id));
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
    if (change.effective < identity->birth_date) {
      return InvalidArgumentError("the change is dated before the resident's birth");
    }
    v.valid_from = change.effective;
    v.change = change.change;
    if (change.change == "death") v.status = "deceased";
    if (change.change == "departure") v.status = "departed";
    if (change.name) {
      if (change.name->empty()) return InvalidArgumentError("name: empty");
      v.name = *change.name;
    }
    if (change.phone) {
      Status phone = ValidatePhone(*change.phone);
      if (!phone.ok()) return phone;
      v.phone = *change.phone;
    }
    if (change.unit_code) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(*change.unit_code));
      if (!unit) return NotFoundError("unit " + *change.unit_code + " not found");
      ALLEY_ASSIGN_OR_RETURN(store::UnitRow community, CommunityOf(w, *unit));
      if (community.code != v.community_code) v.household_id.reset();
      v.unit_code = unit->code;
      v.community_code = community.code;
    }
    if (change.household) {
      if (change.household->empty()) {
        v.household_id.reset();
        v.relation.clear();
      } else {
        ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> h,
                               w.FindHousehold(v.community_code, *change.household));
        if (!h) {
          return NotFoundError("household " + *change.household + " not found in " +
                               v.community_code);
        }
        v.household_id = h->id;
        v.unit_code = h->unit_code;
        v.building = h->building;
        v.entrance = h->entrance;
        v.room = h->room;
      }
    }
    if (change.relation) {
      ALLEY_ASSIGN_OR_RETURN(v.relation,
                             VocabularyField(RelationTerms(), "relation", *change.relation, ""));
    }
    if (change.building) v.building = *change.building;
    if (change.entrance) v.entrance = *change.entrance;
    if (change.room) v.room = *change.room;
    if (change.employment) {
      ALLEY_ASSIGN_OR_RETURN(v.employment, VocabularyField(EmploymentFormTerms(), "employment",
                                                           *change.employment, v.employment));
    }
    if (change.insurance) {
      ALLEY_ASSIGN_OR_RETURN(v.insurance, VocabularyField(InsuranceTerms(), "insurance",
                                                          *change.insurance, v.insurance));
    }
    if (change.registration) {
      ALLEY_ASSIGN_OR_RETURN(v.registration, VocabularyField(RegistrationTerms(), "registration",
                                                             *change.registration, v.registration));
    }
    for (const std::string& tag : change.add_tags) {
      std::optional<ResidentTag> t = ParseResidentTag(tag);
      if (!t) return ColumnError("tags", "unknown tag \"" + tag + "\"");
      v.tags |= TagBit(*t);
    }
    for (const std::string& tag : change.remove_tags) {
      std::optional<ResidentTag> t = ParseResidentTag(tag);
      if (!t) return ColumnError("tags", "unknown tag \"" + tag + "\"");
      v.tags &= ~TagBit(*t);
    }
    if (change.note) v.note = *change.note;
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
