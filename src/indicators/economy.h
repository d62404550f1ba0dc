// Regional economics over loaded series: growth, each region's contribution to
// the national increase and its pull on national growth, rankings, and the
// share the largest regions carry. Pure functions over an EconomyTable (the
// rows of store/economy_store.h); docs/indicators.md gives the formulas with a
// worked example from the published 2023–2024 provincial GDP.
//
//   ALLEY_ASSIGN_OR_RETURN(auto rows, store::ListEconomyValues(reader, ""));
//   EconomyTable table(rows);
//   ContributionQuery q{.series = "gdp", .growth_series = "real_growth",
//                       .period = *ParsePeriod("2024"), .top = 10};
//   ALLEY_ASSIGN_OR_RETURN(ContributionResult c, Contribution(table, q));
//   nlohmann::json j = ContributionJson(c);
//
// Year on year: the base of period P is SameLastYear(P) (2024 -> 2023,
// 2024Q3 -> 2023Q3), as NBS publishes growth.
//
// Missing is never 0: a missing input, or a division by zero, gives nullopt
// for that region's figure; the region is still listed.
//
// Thread safety: an EconomyTable is immutable after construction.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "indicators/period.h"
#include "store/economy_store.h"

namespace alley::indicators {

// One region as the table knows it.
struct EconomyRegion {
  std::string key;        // the code when known, else the name
  std::string name;       // as last imported
  std::string code;       // "" when not a known unit
  bool national = false;  // the region 全国
};

// The loaded figures, by series, region and period.
class EconomyTable {
 public:
  explicit EconomyTable(const std::vector<store::EconomyValueRow>& rows);

  // Whether a row (with or without a value) is stored for the series.
  bool HasSeries(std::string_view series) const;
  // Every region that has a row of `series`, national last, others by key.
  std::vector<EconomyRegion> Regions(std::string_view series) const;
  // The value, or nullopt when no row or an empty one is stored.
  std::optional<double> Get(std::string_view series, std::string_view region_key,
                            const Period& period) const;
  // Whether a row (even an empty one) is stored.
  bool Has(std::string_view series, std::string_view region_key, const Period& period) const;

 private:
  struct Cell {
    bool stored = false;
    std::optional<double> value;
  };
  std::map<std::string, std::map<std::string, EconomyRegion>, std::less<>> regions_;
  std::map<std::string, std::map<std::string, std::map<std::string, std::optional<double>>>,
           std::less<>>
      values_;  // series -> region key -> period text -> value
};

// Nominal growth in percent: (level / previous - 1) x 100; nullopt when either
// is missing or previous is 0.
std::optional<double> GrowthPct(std::optional<double> level, std::optional<double> previous);

inline constexpr int kDefaultTop = 10;

struct ContributionQuery {
  std::string series;         // the levels ("gdp")
  std::string growth_series;  // published real growth in percent; "" = nominal from levels
  Period period;
  int top = kDefaultTop;  // >= 1
};

struct RegionContribution {
  std::optional<int> rank;  // 1 = the largest level; nullopt when the level is missing
  std::string region;
  std::string code;
  std::optional<double> level;
  std::optional<double> previous_level;
  std::optional<double> growth_pct;
  std::optional<double> contribution_pct;
  std::optional<double> pull_pp;
};

struct ContributionResult {
  std::string series;
  Period period;
  Period previous_period;
  std::string growth;  // the growth series, or "nominal"
  std::optional<double> national_level;
  std::optional<double> national_previous_level;
  std::optional<double> national_growth_pct;
  std::string national_source;              // "全国" or "sum_of_regions"
  std::vector<RegionContribution> regions;  // ranked by level, missing levels last by name
  int top_n = 0;
  std::optional<double> top_contribution_pct;  // over those of the first N present
  std::optional<double> top_pull_pp;
  std::vector<std::string> top_missing;  // first-N regions lacking a contribution or pull
};

// With a growth series g (percent):
//   pull_pp          = L_prev(region) x g(region) / L_prev(nation)
//   contribution_pct = pull_pp / g(nation) x 100
// Without one (nominal, g from the levels):
//   contribution_pct = (L - L_prev)(region) / (L - L_prev)(nation) x 100
//   pull_pp          = L_prev(region) x g(region) / L_prev(nation)
// The nation is the region 全国 when it has a level for P and for the base
// period; else the sum of the other regions' levels (nullopt when one is
// missing), and g(nation) is then the prev-level-weighted mean of their growth
// (nominal: from the summed levels).
//
// kNotFound when `series` (or `growth_series`) has no rows; kInvalidArgument
// when top < 1.
StatusOr<ContributionResult> Contribution(const EconomyTable& table, const ContributionQuery& q);

// The answer's JSON, the contract of `alley economy contribution --json` and
// GET /api/v1/economy/contribution:
// {"series","period","previous_period","growth","national_growth_pct",
//  "national_source","regions":[{"rank","region","code","level","previous_level",
//  "growth_pct","contribution_pct","pull_pp"}],"top":{"n","contribution_pct",
//  "pull_pp","missing":[...]}}; missing figures are null.
nlohmann::json ContributionJson(const ContributionResult& c);

// A ranking of any series at one period (regions other than 全国).
struct RankedRegion {
  std::optional<int> rank;  // nullopt when the value is missing
  std::string region;
  std::string code;
  std::optional<double> value;
  std::optional<double> share_pct;  // value / national total x 100
};
struct RankingResult {
  std::string series;
  Period period;
  std::optional<double> national;     // 全国's value, else the sum of the regions
  std::string national_source;        // "全国" or "sum_of_regions"
  std::vector<RankedRegion> regions;  // by value, descending; missing last by name
  int top_n = 0;
  std::optional<double> top_sum;        // the first N's values present
  std::optional<double> top_share_pct;  // top_sum / national x 100
  std::vector<std::string> top_missing;
};
// kNotFound when the series has no rows; kInvalidArgument when top < 1.
StatusOr<RankingResult> Ranking(const EconomyTable& table, std::string_view series,
                                const Period& period, int top);
nlohmann::json RankingJson(const RankingResult& r);

}  // namespace alley::indicators
