#include "indicators/economy_import.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/csv.h"
#include "core/text.h"
#include "indicators/period.h"

namespace alley::indicators {
namespace {

// Longest first, so that 广西壮族自治区 loses 壮族自治区 and not 自治区.
constexpr std::string_view kProvinceSuffixes[] = {
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"};

constexpr std::string_view kNationAliases[] = {"全国",     "全国(national)", "全国（national）",
                                               "national", "China",          "中国"};

bool IsSeriesName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string ProvinceShortName(std::string_view full_name) {
  for (std::string_view suffix : kProvinceSuffixes) {
    if (full_name.size() > suffix.size() && full_name.ends_with(suffix)) {
      return std::string(full_name.substr(0, full_name.size() - suffix.size()));
    }
  }
  return std::string(full_name);
}

ResolvedRegion ResolveRegion(std::string_view given,
                             const std::vector<store::ProvinceNameRow>& provinces) {
  for (std::string_view alias : kNationAliases) {
    if (given == alias) return ResolvedRegion{std::string(kNationRegion), ""};
  }
  for (const store::ProvinceNameRow& p : provinces) {
    if (given == p.code || given == p.name) return ResolvedRegion{std::string(given), p.code};
  }
  for (const store::ProvinceNameRow& p : provinces) {
    if (given == ProvinceShortName(p.name)) return ResolvedRegion{std::string(given), p.code};
  }
  return ResolvedRegion{std::string(given), ""};
}

StatusOr<std::vector<store::EconomyValueRow>> ParseEconomyCsv(
    std::string_view text, std::string_view file,
    const std::vector<store::ProvinceNameRow>& provinces, int64_t imported_at) {
  core::CsvReader reader(text);
  core::CsvRecord record;
  auto file_error = [&](const Status& s) {
    return InvalidArgumentError(fmt::format("{}:{}", file, s.message().substr(5)));
  };
  StatusOr<bool> has_header = reader.Next(&record);
  if (!has_header.ok()) return file_error(has_header.status());
  if (!*has_header) return InvalidArgumentError(fmt::format("{}: the file is empty", file));
  static constexpr std::string_view kRequired[] = {"region", "period", "series", "value"};
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, kRequired, {});
  if (!header.ok()) return file_error(header.status());

  std::vector<store::EconomyValueRow> rows;
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> seen;
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return file_error(more.status());
    if (!*more) break;
    Status width = header->CheckWidth(record);
    if (!width.ok()) return file_error(width);
    auto bad = [&](std::string_view column, std::string_view why) {
      return InvalidArgumentError(
          fmt::format("{}:{}: column {}: {}", file, record.line, column, why));
    };
    std::string_view region = core::TrimBlanks(header->Get(record, "region"));
    if (region.empty()) return bad("region", "empty");
    std::string_view period_text = core::TrimBlanks(header->Get(record, "period"));
    if (period_text.empty()) return bad("period", "empty");
    StatusOr<Period> period = ParsePeriod(period_text);
    if (!period.ok()) return bad("period", period.status().message());
    std::string_view series = core::TrimBlanks(header->Get(record, "series"));
    if (series.empty()) return bad("series", "empty");
    if (!IsSeriesName(series)) {
      return bad("series", fmt::format("\"{}\" is not a series name (letters, digits, _ - ., "
                                       "at most 64)",
                                       series));
    }
    std::string_view value_text = core::TrimBlanks(header->Get(record, "value"));
    std::optional<double> value;
    if (!value_text.empty()) {
      value = core::ParseFiniteNumber(value_text);
      if (!value) return bad("value", fmt::format("\"{}\" is not a number", value_text));
    }
    ResolvedRegion resolved = ResolveRegion(region, provinces);
    store::EconomyValueRow row;
    row.region = std::move(resolved.name);
    row.region_code = std::move(resolved.code);
    row.period = FormatPeriod(*period);
    row.series = std::string(series);
    row.value = value;
    row.source = std::string(file);
    row.imported_at = imported_at;
    auto [it, inserted] = seen.emplace(
        std::make_tuple(store::EconomyRegionKey(row), row.period, row.series), record.line);
    if (!inserted) {
      return bad("region", fmt::format("{} {} {} is also on line {}", region, row.period,
                                       row.series, it->second));
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return InvalidArgumentError(fmt::format("{}: the file has no rows", file));
  return rows;
}

StatusOr<EconomyImportResult> ImportEconomyCsv(store::Store& store, std::string_view text,
                                               std::string_view file, int64_t imported_at) {
  EconomyImportResult result;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ProvinceNameRow> provinces,
                           store::ListProvinceNames(w));
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::EconomyValueRow> rows,
                           ParseEconomyCsv(text, file, provinces, imported_at));
    std::set<std::string> series;
    std::set<std::string> regions;
    std::set<std::string> unresolved;
    for (const store::EconomyValueRow& row : rows) {
      series.insert(row.series);
      regions.insert(row.region);
      if (row.region_code.empty() && row.region != kNationRegion) unresolved.insert(row.region);
      if (!row.value) ++result.missing;
    }
    result.rows = static_cast<int64_t>(rows.size());
    result.series.assign(series.begin(), series.end());
    result.regions.assign(regions.begin(), regions.end());
    result.unresolved.assign(unresolved.begin(), unresolved.end());
    return store::UpsertEconomyValues(w, rows);
  }));
  return result;
}

}  // namespace alley::indicators
