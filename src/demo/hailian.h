// The Hailian demo: a realistic, entirely SYNTHETIC community to try Alley on.
//
// The Hailian community (海连社区居委会, official code 320706006010) of Xinhai
// Street (新海街道), Haizhou District, Lianyungang, Jiangsu, has 7,266
// residents in five residential compounds. Residents are private, so the demo
// invents them: five compounds with buildings on a grid, households of
// realistic sizes and composition (couples, children, grandparents, elderly
// couples, elderly people living alone), ages and sexes drawn from the 2020
// census structure of Jiangsu, valid GB 11643 ID numbers, names, phones,
// employment (platform workers among them), insurance, care tags, and the
// community's facilities (senior canteen, day care, nursery, health station,
// rider rest station, service centre). Every record is marked synthetic.
//
//   demo::DemoOptions options;
//   options.as_of = today;  // ages are counted on this date
//   ALLEY_ASSIGN_OR_RETURN(demo::DemoReport report, demo::BuildHailianDemo(store, options));
//
// The result is a pure function of (seed, as_of, residents) and of what the
// store already holds (only to avoid its ID numbers and unit codes): the same
// options on the same store give the same ledger, byte for byte.
//
// Thread safety: BuildHailianDemo uses only its arguments; calls on distinct
// stores may run concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/date.h"
#include "core/geo.h"
#include "core/status.h"
#include "demo/activity.h"
#include "demo/network.h"
#include "registry/audit.h"
#include "store/store.h"

namespace alley::demo {

// The community the demo fills, and its published population.
inline constexpr std::string_view kHailianCode = "320706006010";
inline constexpr std::string_view kHailianName = "海连社区居委会";
inline constexpr int kHailianResidents = 7266;

// The approximate centre of the demo (WGS-84): downtown Haizhou (the former
// Xinpu district) where Xinhai Street lies, read off public maps and rounded to
// 0.01 degree (about 1 km). The community's boundary is not published; the
// demo places its compounds within about 500 m of this point.
inline constexpr core::LatLon kHailianCentre{34.60, 119.17};

// Persons per family household in Jiangsu, 2020 census: 77,644,026 people in
// 29,910,849 family households (Jiangsu Provincial Bureau of Statistics,
// Seventh National Population Census Communiqué No. 1, 2021-05-18,
// tj.jiangsu.gov.cn). The demo's household composition is tuned to it.
inline constexpr double kJiangsuPersonsPerHousehold = 2.60;

// The most residents the demo generates (a few times a large community).
inline constexpr int kMaxDemoResidents = 100000;

struct DemoOptions {
  uint64_t seed = 1;
  // The reference date: ages are whole years on this date, every record is in
  // force on it. Must lie in [2005-01-01, 2100-12-31] (an ID number encodes a
  // birth date, and the oldest resident is 104).
  core::Date as_of;
  int residents = kHailianResidents;  // exactly this many, 1..kMaxDemoResidents
  // Who makes the demo, as the audit records of its activity name them.
  registry::audit::Actor actor{.username = "demo", .role = "", .scope_unit = ""};
};

// What one run created.
struct DemoReport {
  int64_t residents = 0;
  int64_t households = 0;
  int64_t compounds = 0;
  int64_t buildings = 0;
  int64_t facilities = 0;
  uint64_t seed = 0;
  ActivityReport activity;    // the year of services activity (activity.h)
  DemoNetworkReport network;  // the street grid and candidate sites (network.h)
};

// Creates, or refreshes in place, the synthetic Hailian community: in ONE
// transaction, deletes every synthetic record under kHailianCode (units,
// buildings, households, residents with their history, facilities) and
// generates everything again, so that running it twice leaves one copy and a
// failure leaves the store as it was. Records that are not synthetic (the
// official unit itself, residents entered by hand) are kept; the demo avoids
// their ID numbers and compound codes.
//
// Compounds get the first five free child codes of the community (…001 to …005
// on a fresh store). Households are numbered "HL-0001", "HL-0002", ... in
// address order. Residents are registered ("register", "active") from their
// birth date or their household's move-in date, whichever is later (never
// after options.as_of).
//
// Errors: kInvalidArgument (residents or as_of out of range);
// kFailedPrecondition when unit 320706006010 does not exist ("unit
// 320706006010 not found: run `alley import divisions` first"); kAlreadyExists
// when a non-synthetic household of the community already uses a demo
// household number; the store's errors as they come.
StatusOr<DemoReport> BuildHailianDemo(store::Store& store, const DemoOptions& options);

// One five-year age group of the 2020 census, by sex.
struct CensusAgeGroup {
  std::string_view label;  // as published: "0-4岁" ... "100岁及以上"
  int min_age = 0;
  int max_age = 0;  // inclusive; the open group 100+ is generated as 100..104
  int64_t male = 0;
  int64_t female = 0;
};

// Jiangsu's resident population by five-year age group and sex, 2020 census
// (NBS, China Population Census Yearbook 2020, table 1-5; the shared data file
// census/census2020_5yr_age_sex_national_jiangsu.csv), youngest first. The
// demo draws ages and sexes from these shares.
std::span<const CensusAgeGroup> JiangsuCensus2020();

}  // namespace alley::demo
