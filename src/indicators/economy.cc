#include "indicators/economy.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "indicators/economy_import.h"

namespace alley::indicators {
namespace {

constexpr std::string_view kSourceNation = "全国";
constexpr std::string_view kSourceSum = "sum_of_regions";
constexpr double kPercent = 100.0;

nlohmann::json Opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::optional<double> Div(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b == 0) return std::nullopt;
  return *a / *b;
}

std::optional<double> Mul(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a * *b;
}

std::optional<double> Sub(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

// The sum of every region's value, nullopt when one is missing or none.
std::optional<double> SumOrMissing(const std::vector<std::optional<double>>& values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (const std::optional<double>& v : values) {
    if (!v) return std::nullopt;
    sum += *v;
  }
  return sum;
}

// Orders by value descending, missing values last by name; answers the ranks.
template <typename Row, typename ValueOf>
void RankRows(std::vector<Row>& rows, ValueOf value_of) {
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    std::optional<double> va = value_of(a);
    std::optional<double> vb = value_of(b);
    if (va.has_value() != vb.has_value()) return va.has_value();
    if (va && *va != *vb) return *va > *vb;
    return a.region < b.region;
  });
  int rank = 0;
  for (Row& row : rows) {
    if (value_of(row)) row.rank = ++rank;
  }
}

}  // namespace

EconomyTable::EconomyTable(const std::vector<store::EconomyValueRow>& rows) {
  for (const store::EconomyValueRow& row : rows) {
    std::string key = store::EconomyRegionKey(row);
    EconomyRegion& region = regions_[row.series][key];
    region.key = key;
    region.name = row.region;
    region.code = row.region_code;
    region.national = row.region == kNationRegion && row.region_code.empty();
    values_[row.series][key][row.period] = row.value;
  }
}

bool EconomyTable::HasSeries(std::string_view series) const {
  return values_.find(series) != values_.end();
}

std::vector<EconomyRegion> EconomyTable::Regions(std::string_view series) const {
  std::vector<EconomyRegion> out;
  auto it = regions_.find(series);
  if (it == regions_.end()) return out;
  const EconomyRegion* nation = nullptr;
  for (const auto& [key, region] : it->second) {
    if (region.national) {
      nation = &region;
    } else {
      out.push_back(region);
    }
  }
  if (nation != nullptr) out.push_back(*nation);
  return out;
}

std::optional<double> EconomyTable::Get(std::string_view series, std::string_view region_key,
                                        const Period& period) const {
  auto s = values_.find(series);
  if (s == values_.end()) return std::nullopt;
  auto r = s->second.find(std::string(region_key));
  if (r == s->second.end()) return std::nullopt;
  auto p = r->second.find(FormatPeriod(period));
  if (p == r->second.end()) return std::nullopt;
  return p->second;
}

bool EconomyTable::Has(std::string_view series, std::string_view region_key,
                       const Period& period) const {
  auto s = values_.find(series);
  if (s == values_.end()) return false;
  auto r = s->second.find(std::string(region_key));
  if (r == s->second.end()) return false;
  return r->second.find(FormatPeriod(period)) != r->second.end();
}

std::optional<double> GrowthPct(std::optional<double> level, std::optional<double> previous) {
  // (L - L_prev) / L_prev rather than L / L_prev - 1: the same number, without
  // the rounding of the ratio near 1.
  std::optional<double> ratio = Div(Sub(level, previous), previous);
  if (!ratio) return std::nullopt;
  return *ratio * kPercent;
}

StatusOr<ContributionResult> Contribution(const EconomyTable& table, const ContributionQuery& q) {
  if (q.top < 1) return InvalidArgumentError(fmt::format("top {}: must be at least 1", q.top));
  if (!table.HasSeries(q.series)) {
    return NotFoundError(fmt::format("series {}: nothing stored", q.series));
  }
  const bool real = !q.growth_series.empty();
  if (real && !table.HasSeries(q.growth_series)) {
    return NotFoundError(fmt::format("growth series {}: nothing stored", q.growth_series));
  }
  ContributionResult c;
  c.series = q.series;
  c.period = q.period;
  c.previous_period = SameLastYear(q.period);
  c.growth = real ? q.growth_series : "nominal";

  std::optional<EconomyRegion> nation;
  for (const EconomyRegion& region : table.Regions(q.series)) {
    if (region.national) {
      nation = region;
      continue;
    }
    RegionContribution row;
    row.region = region.name;
    row.code = region.code;
    row.level = table.Get(q.series, region.key, c.period);
    row.previous_level = table.Get(q.series, region.key, c.previous_period);
    row.growth_pct = real ? table.Get(q.growth_series, region.key, c.period)
                          : GrowthPct(row.level, row.previous_level);
    c.regions.push_back(std::move(row));
  }

  // The nation: 全国 when it has the levels the formulas need, else the sum.
  std::optional<double> nation_level;
  std::optional<double> nation_prev;
  if (nation) {
    nation_level = table.Get(q.series, nation->key, c.period);
    nation_prev = table.Get(q.series, nation->key, c.previous_period);
  }
  const bool use_nation = nation && nation_prev && (real || nation_level);
  if (use_nation) {
    c.national_source = kSourceNation;
    c.national_level = nation_level;
    c.national_previous_level = nation_prev;
    c.national_growth_pct = real ? table.Get(q.growth_series, nation->key, c.period)
                                 : GrowthPct(nation_level, nation_prev);
  } else {
    c.national_source = kSourceSum;
    std::vector<std::optional<double>> levels;
    std::vector<std::optional<double>> prevs;
    std::vector<std::optional<double>> weighted;
    for (const RegionContribution& row : c.regions) {
      levels.push_back(row.level);
      prevs.push_back(row.previous_level);
      weighted.push_back(Mul(row.previous_level, row.growth_pct));
    }
    c.national_level = SumOrMissing(levels);
    c.national_previous_level = SumOrMissing(prevs);
    c.national_growth_pct = real ? Div(SumOrMissing(weighted), c.national_previous_level)
                                 : GrowthPct(c.national_level, c.national_previous_level);
  }

  std::optional<double> national_increase = Sub(c.national_level, c.national_previous_level);
  for (RegionContribution& row : c.regions) {
    row.pull_pp = Div(Mul(row.previous_level, row.growth_pct), c.national_previous_level);
    if (real) {
      std::optional<double> share = Div(row.pull_pp, c.national_growth_pct);
      row.contribution_pct = share ? std::optional<double>(*share * kPercent) : std::nullopt;
    } else {
      std::optional<double> share = Div(Sub(row.level, row.previous_level), national_increase);
      row.contribution_pct = share ? std::optional<double>(*share * kPercent) : std::nullopt;
    }
  }

  RankRows(c.regions, [](const RegionContribution& r) { return r.level; });

  c.top_n = q.top;
  double contribution = 0;
  double pull = 0;
  bool any_contribution = false;
  bool any_pull = false;
  const size_t n = std::min(c.regions.size(), static_cast<size_t>(q.top));
  for (size_t i = 0; i < n; ++i) {
    const RegionContribution& row = c.regions[i];
    if (row.contribution_pct) {
      contribution += *row.contribution_pct;
      any_contribution = true;
    }
    if (row.pull_pp) {
      pull += *row.pull_pp;
      any_pull = true;
    }
    if (!row.contribution_pct || !row.pull_pp) c.top_missing.push_back(row.region);
  }
  if (any_contribution) c.top_contribution_pct = contribution;
  if (any_pull) c.top_pull_pp = pull;
  return c;
}

nlohmann::json ContributionJson(const ContributionResult& c) {
  nlohmann::json regions = nlohmann::json::array();
  for (const RegionContribution& r : c.regions) {
    regions.push_back({{"rank", r.rank ? nlohmann::json(*r.rank) : nlohmann::json(nullptr)},
                       {"region", r.region},
                       {"code", r.code},
                       {"level", Opt(r.level)},
                       {"previous_level", Opt(r.previous_level)},
                       {"growth_pct", Opt(r.growth_pct)},
                       {"contribution_pct", Opt(r.contribution_pct)},
                       {"pull_pp", Opt(r.pull_pp)}});
  }
  return {{"series", c.series},
          {"period", FormatPeriod(c.period)},
          {"previous_period", FormatPeriod(c.previous_period)},
          {"growth", c.growth},
          {"national_growth_pct", Opt(c.national_growth_pct)},
          {"national_source", c.national_source},
          {"regions", std::move(regions)},
          {"top",
           {{"n", c.top_n},
            {"contribution_pct", Opt(c.top_contribution_pct)},
            {"pull_pp", Opt(c.top_pull_pp)},
            {"missing", c.top_missing}}}};
}

StatusOr<RankingResult> Ranking(const EconomyTable& table, std::string_view series,
                                const Period& period, int top) {
  if (top < 1) return InvalidArgumentError(fmt::format("top {}: must be at least 1", top));
  if (!table.HasSeries(series)) {
    return NotFoundError(fmt::format("series {}: nothing stored", series));
  }
  RankingResult r;
  r.series = std::string(series);
  r.period = period;
  std::optional<double> nation_value;
  std::vector<std::optional<double>> values;
  for (const EconomyRegion& region : table.Regions(series)) {
    std::optional<double> v = table.Get(series, region.key, period);
    if (region.national) {
      nation_value = v;
      continue;
    }
    values.push_back(v);
    r.regions.push_back(RankedRegion{std::nullopt, region.name, region.code, v, std::nullopt});
  }
  if (nation_value) {
    r.national = nation_value;
    r.national_source = kSourceNation;
  } else {
    r.national = SumOrMissing(values);
    r.national_source = kSourceSum;
  }
  for (RankedRegion& row : r.regions) {
    std::optional<double> share = Div(row.value, r.national);
    if (share) row.share_pct = *share * kPercent;
  }
  RankRows(r.regions, [](const RankedRegion& row) { return row.value; });
  r.top_n = top;
  const size_t n = std::min(r.regions.size(), static_cast<size_t>(top));
  double sum = 0;
  bool any = false;
  for (size_t i = 0; i < n; ++i) {
    if (r.regions[i].value) {
      sum += *r.regions[i].value;
      any = true;
    } else {
      r.top_missing.push_back(r.regions[i].region);
    }
  }
  if (any) {
    r.top_sum = sum;
    std::optional<double> share = Div(sum, r.national);
    if (share) r.top_share_pct = *share * kPercent;
  }
  return r;
}

nlohmann::json RankingJson(const RankingResult& r) {
  nlohmann::json regions = nlohmann::json::array();
  for (const RankedRegion& row : r.regions) {
    regions.push_back({{"rank", row.rank ? nlohmann::json(*row.rank) : nlohmann::json(nullptr)},
                       {"region", row.region},
                       {"code", row.code},
                       {"value", Opt(row.value)},
                       {"share_pct", Opt(row.share_pct)}});
  }
  return {{"series", r.series},
          {"period", FormatPeriod(r.period)},
          {"national", Opt(r.national)},
          {"national_source", r.national_source},
          {"regions", std::move(regions)},
          {"top",
           {{"n", r.top_n},
            {"sum", Opt(r.top_sum)},
            {"share_pct", Opt(r.top_share_pct)},
            {"missing", r.top_missing}}}};
}

}  // namespace alley::indicators
