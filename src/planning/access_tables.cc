#include "planning/access_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/csv.h"

namespace alley::planning {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "demand.csv line 4: ..." from the reader's "line 4: ...".
Status InFile(const Status& status, std::string_view file) { return status.WithContext(file); }

Status RowError(std::string_view file, std::int64_t line, const std::string& message) {
  return InvalidArgumentError(fmt::format("{} line {}: {}", file, line, message));
}

StatusOr<double> NonNegative(std::string_view file, const core::CsvRecord& record,
                             std::string_view column, std::string_view text) {
  text = Trim(text);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
      !std::isfinite(value) || value < 0) {
    return RowError(file, record.line, fmt::format("{} \"{}\" is not a number >= 0", column, text));
  }
  return value;
}

StatusOr<Deciseconds> Time(std::string_view file, const core::CsvRecord& record,
                           std::string_view text) {
  text = Trim(text);
  Deciseconds value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
      value == kUnreachable) {
    return RowError(file, record.line,
                    fmt::format("time_ds \"{}\" is not a whole number of deciseconds below {}",
                                text, kUnreachable));
  }
  return value;
}

// Reads `text` row by row: `row(header, record)` for each record after the header.
template <typename Row>
Status ReadTable(std::string_view file, std::string_view text,
                 std::span<const std::string_view> required,
                 std::span<const std::string_view> optional, Row row) {
  core::CsvReader reader(text);
  core::CsvRecord record;
  StatusOr<bool> first = reader.Next(&record);
  if (!first.ok()) return InFile(first.status(), file);
  if (!*first) return InvalidArgumentError(fmt::format("{}: the file is empty", file));
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, required, optional);
  if (!header.ok()) return InFile(header.status(), file);
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return InFile(more.status(), file);
    if (!*more) break;
    if (Status width = header->CheckWidth(record); !width.ok()) return InFile(width, file);
    ALLEY_RETURN_IF_ERROR(row(*header, record));
  }
  return OkStatus();
}

}  // namespace

std::vector<Deciseconds> AccessTables::NearestDeciseconds() const {
  std::vector<Deciseconds> nearest(demand.size(), kUnreachable);
  for (std::size_t p = 0; p < pair_home.size(); ++p) {
    nearest[pair_home[p]] = std::min(nearest[pair_home[p]], pair_time_ds[p]);
  }
  return nearest;
}

StatusOr<AccessTables> ParseAccessTables(std::string_view demand_csv, std::string_view supply_csv,
                                         std::string_view pairs_csv) {
  AccessTables t;
  std::unordered_map<std::string, std::uint32_t> homes;
  std::unordered_map<std::string, std::uint32_t> facilities;
  std::unordered_map<std::string, std::uint32_t> units;

  static constexpr std::string_view kDemandRequired[] = {"home", "demand"};
  static constexpr std::string_view kDemandOptional[] = {"target", "unit"};
  bool has_target = false;
  bool has_unit = false;
  ALLEY_RETURN_IF_ERROR(ReadTable(
      "demand.csv", demand_csv, kDemandRequired, kDemandOptional,
      [&](const core::CsvHeader& h, const core::CsvRecord& r) -> Status {
        has_target = h.Has("target");
        has_unit = h.Has("unit");
        std::string name(Trim(h.Get(r, "home")));
        const auto index = static_cast<std::uint32_t>(t.home_names.size());
        if (!homes.emplace(name, index).second) {
          return RowError("demand.csv", r.line, fmt::format("home \"{}\" is given twice", name));
        }
        ALLEY_ASSIGN_OR_RETURN(double demand,
                               NonNegative("demand.csv", r, "demand", h.Get(r, "demand")));
        t.home_names.push_back(std::move(name));
        t.demand.push_back(demand);
        if (has_target) {
          ALLEY_ASSIGN_OR_RETURN(double target,
                                 NonNegative("demand.csv", r, "target", h.Get(r, "target")));
          t.target.push_back(target);
        }
        if (has_unit) {
          std::string unit(Trim(h.Get(r, "unit")));
          const auto next = static_cast<std::uint32_t>(t.unit_names.size());
          const auto [it, added] = units.emplace(unit, next);
          if (added) t.unit_names.push_back(std::move(unit));
          t.unit_of_home.push_back(it->second);
        }
        return OkStatus();
      }));

  static constexpr std::string_view kSupplyRequired[] = {"facility", "supply"};
  ALLEY_RETURN_IF_ERROR(
      ReadTable("supply.csv", supply_csv, kSupplyRequired, {},
                [&](const core::CsvHeader& h, const core::CsvRecord& r) -> Status {
                  std::string name(Trim(h.Get(r, "facility")));
                  const auto index = static_cast<std::uint32_t>(t.facility_names.size());
                  if (!facilities.emplace(name, index).second) {
                    return RowError("supply.csv", r.line,
                                    fmt::format("facility \"{}\" is given twice", name));
                  }
                  ALLEY_ASSIGN_OR_RETURN(
                      double supply, NonNegative("supply.csv", r, "supply", h.Get(r, "supply")));
                  t.facility_names.push_back(std::move(name));
                  t.supply.push_back(supply);
                  return OkStatus();
                }));

  static constexpr std::string_view kPairsRequired[] = {"home", "facility", "time_ds"};
  std::unordered_set<std::uint64_t> seen;
  ALLEY_RETURN_IF_ERROR(ReadTable(
      "pairs.csv", pairs_csv, kPairsRequired, {},
      [&](const core::CsvHeader& h, const core::CsvRecord& r) -> Status {
        const std::string home(Trim(h.Get(r, "home")));
        const std::string facility(Trim(h.Get(r, "facility")));
        const auto hi = homes.find(home);
        if (hi == homes.end()) {
          return RowError("pairs.csv", r.line,
                          fmt::format("home \"{}\" is not in demand.csv", home));
        }
        const auto fi = facilities.find(facility);
        if (fi == facilities.end()) {
          return RowError("pairs.csv", r.line,
                          fmt::format("facility \"{}\" is not in supply.csv", facility));
        }
        if (!seen.insert((std::uint64_t{hi->second} << 32) | fi->second).second) {
          return RowError("pairs.csv", r.line,
                          fmt::format("the pair (\"{}\", \"{}\") is given twice", home, facility));
        }
        ALLEY_ASSIGN_OR_RETURN(Deciseconds time, Time("pairs.csv", r, h.Get(r, "time_ds")));
        t.pair_home.push_back(hi->second);
        t.pair_facility.push_back(fi->second);
        t.pair_time_ds.push_back(time);
        return OkStatus();
      }));
  return t;
}

}  // namespace alley::planning
