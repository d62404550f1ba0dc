// Regional economics' questions as the CLI (`alley economy ...`) and the API
// (/api/v1/economy/...) ask them: read the store, compute (economy.h,
// distribution.h), answer one JSON document. The text forms of the CLI are
// printed from the same documents.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/store.h"

namespace alley::indicators {

// {"series":[{"series","regions":[names],"periods":[...],"values","missing"}]}:
// what is stored, series by name.
StatusOr<nlohmann::json> EconomySeries(store::Store& store);

// ContributionJson (economy.h) of `series` at `period` (ParsePeriod text),
// with the published growth rates of `growth_series` ("" = nominal from the
// levels). kInvalidArgument naming the parameter for a bad period or top,
// kNotFound for a series with no rows.
StatusOr<nlohmann::json> EconomyContribution(store::Store& store, std::string_view series,
                                             std::string_view growth_series,
                                             std::string_view period, int top);

// RankingJson (economy.h): `series` at `period` ranked, with the top N's share.
StatusOr<nlohmann::json> EconomyRanking(store::Store& store, std::string_view series,
                                        std::string_view period, int top);

// How evenly `series` at `period` is spread over the regions (全国 left out),
// weighted by `weights_series` at the same period ("" = each region weighs 1):
// {"series","period","weights","regions","missing":[names],"mean",
//  "bottom20_mean","top20_mean","quintile_ratio","gini","theil_t"}; regions
// with a missing value or weight are left out and named in "missing".
// With `urban_series` and `rural_series` (both or neither) also
// "urban_rural":[{"region","urban","rural","ratio","difference"}] per region,
// 全国 included.
StatusOr<nlohmann::json> EconomyDistribution(store::Store& store, std::string_view series,
                                             std::string_view period,
                                             std::string_view weights_series,
                                             std::string_view urban_series,
                                             std::string_view rural_series);

}  // namespace alley::indicators
