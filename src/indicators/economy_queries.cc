#include "indicators/economy_queries.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "indicators/distribution.h"
#include "indicators/economy.h"
#include "indicators/period.h"
#include "store/economy_store.h"

namespace alley::indicators {
namespace {

nlohmann::json Opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

StatusOr<Period> PeriodParameter(std::string_view text) {
  if (text.empty()) return InvalidArgumentError("period: required (2024, 2024Q3, ...)");
  StatusOr<Period> p = ParsePeriod(text);
  if (!p.ok()) return p.status().WithContext("period");
  return p;
}

StatusOr<EconomyTable> LoadTable(store::Store& store) {
  std::vector<store::EconomyValueRow> rows;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, store::ListEconomyValues(r, ""));
    return OkStatus();
  }));
  return EconomyTable(rows);
}

Status CheckSeriesName(std::string_view series, std::string_view what) {
  if (series.empty()) return InvalidArgumentError(fmt::format("{}: required", what));
  return OkStatus();
}

}  // namespace

StatusOr<nlohmann::json> EconomySeries(store::Store& store) {
  std::vector<store::EconomySeriesSummary> summary;
  std::vector<store::EconomyValueRow> rows;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(summary, store::SummariseEconomy(r));
    ALLEY_ASSIGN_OR_RETURN(rows, store::ListEconomyValues(r, ""));
    return OkStatus();
  }));
  EconomyTable table(rows);
  nlohmann::json list = nlohmann::json::array();
  for (const store::EconomySeriesSummary& s : summary) {
    nlohmann::json regions = nlohmann::json::array();
    for (const EconomyRegion& region : table.Regions(s.series)) regions.push_back(region.name);
    list.push_back({{"series", s.series},
                    {"regions", std::move(regions)},
                    {"periods", s.periods},
                    {"values", s.values},
                    {"missing", s.missing}});
  }
  return nlohmann::json{{"series", std::move(list)}};
}

StatusOr<nlohmann::json> EconomyContribution(store::Store& store, std::string_view series,
                                             std::string_view growth_series,
                                             std::string_view period, int top) {
  ALLEY_RETURN_IF_ERROR(CheckSeriesName(series, "series"));
  ALLEY_ASSIGN_OR_RETURN(Period p, PeriodParameter(period));
  ALLEY_ASSIGN_OR_RETURN(EconomyTable table, LoadTable(store));
  ContributionQuery q;
  q.series = std::string(series);
  q.growth_series = std::string(growth_series);
  q.period = p;
  q.top = top;
  ALLEY_ASSIGN_OR_RETURN(ContributionResult c, Contribution(table, q));
  return ContributionJson(c);
}

StatusOr<nlohmann::json> EconomyRanking(store::Store& store, std::string_view series,
                                        std::string_view period, int top) {
  ALLEY_RETURN_IF_ERROR(CheckSeriesName(series, "series"));
  ALLEY_ASSIGN_OR_RETURN(Period p, PeriodParameter(period));
  ALLEY_ASSIGN_OR_RETURN(EconomyTable table, LoadTable(store));
  ALLEY_ASSIGN_OR_RETURN(RankingResult r, Ranking(table, series, p, top));
  return RankingJson(r);
}

StatusOr<nlohmann::json> EconomyDistribution(store::Store& store, std::string_view series,
                                             std::string_view period,
                                             std::string_view weights_series,
                                             std::string_view urban_series,
                                             std::string_view rural_series) {
  ALLEY_RETURN_IF_ERROR(CheckSeriesName(series, "series"));
  ALLEY_ASSIGN_OR_RETURN(Period p, PeriodParameter(period));
  if (urban_series.empty() != rural_series.empty()) {
    return InvalidArgumentError("urban, rural: give both series or neither");
  }
  ALLEY_ASSIGN_OR_RETURN(EconomyTable table, LoadTable(store));
  for (std::string_view s : {series, weights_series, urban_series, rural_series}) {
    if (!s.empty() && !table.HasSeries(s)) {
      return NotFoundError(fmt::format("series {}: nothing stored", s));
    }
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  DistributionInput in;
  nlohmann::json missing = nlohmann::json::array();
  for (const EconomyRegion& region : table.Regions(series)) {
    if (region.national) continue;
    std::optional<double> v = table.Get(series, region.key, p);
    std::optional<double> w;
    if (!weights_series.empty()) w = table.Get(weights_series, region.key, p);
    if (!v || (!weights_series.empty() && !w)) missing.push_back(region.name);
    in.values.push_back(v ? *v : kNaN);
    if (!weights_series.empty()) in.weights.push_back(w ? *w : kNaN);
  }
  ALLEY_ASSIGN_OR_RETURN(DistributionResult d, Distribution(in));
  nlohmann::json out = {{"series", std::string(series)},
                        {"period", FormatPeriod(p)},
                        {"weights", weights_series.empty() ? nlohmann::json(nullptr)
                                                           : nlohmann::json(weights_series)},
                        {"regions", d.units},
                        {"missing", std::move(missing)},
                        {"mean", Opt(d.mean)},
                        {"bottom20_mean", Opt(d.bottom20_mean)},
                        {"top20_mean", Opt(d.top20_mean)},
                        {"quintile_ratio", Opt(d.quintile_ratio)},
                        {"gini", Opt(d.gini)},
                        {"theil_t", Opt(d.theil_t)}};
  if (!urban_series.empty()) {
    std::map<std::string, EconomyRegion> regions;
    for (std::string_view s : {urban_series, rural_series}) {
      for (const EconomyRegion& region : table.Regions(s)) regions.emplace(region.key, region);
    }
    nlohmann::json gaps = nlohmann::json::array();
    nlohmann::json nation;
    for (const auto& [key, region] : regions) {
      std::optional<double> urban = table.Get(urban_series, key, p);
      std::optional<double> rural = table.Get(rural_series, key, p);
      UrbanRuralGap gap = UrbanRural(urban, rural);
      nlohmann::json row = {{"region", region.name},
                            {"urban", Opt(urban)},
                            {"rural", Opt(rural)},
                            {"ratio", Opt(gap.ratio)},
                            {"difference", Opt(gap.difference)}};
      if (region.national) {
        nation = std::move(row);
      } else {
        gaps.push_back(std::move(row));
      }
    }
    if (!nation.is_null()) gaps.push_back(std::move(nation));
    out["urban_rural"] = std::move(gaps);
  }
  return out;
}

}  // namespace alley::indicators
