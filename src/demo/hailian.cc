#include "demo/hailian.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/division.h"
#include "core/id_number.h"
#include "core/random.h"
#include "demo/activity.h"
#include "demo/activity_internal.h"
#include "registry/vocabulary.h"

namespace alley::demo {
namespace {

using core::Sex;
using registry::EmploymentForm;
using registry::Insurance;
using registry::ResidentTag;

// ---------------------------------------------------------------------------
// Population structure: official statistics.

// NBS, China Population Census Yearbook 2020, table 1-5, Jiangsu (shared data
// file census/census2020_5yr_age_sex_national_jiangsu.csv; a test checks these
// numbers against it). Jiangsu total 84,748,016: 43,031,586 male, 41,716,430
// female.
constexpr std::array<CensusAgeGroup, 21> kJiangsu2020 = {{
    {"0-4岁", 0, 4, 1995956, 1822671},
    {"5-9岁", 5, 9, 2518917, 2193839},
    {"10-14岁", 10, 14, 2360131, 2000434},
    {"15-19岁", 15, 19, 1941316, 1606142},
    {"20-24岁", 20, 24, 2156767, 1803740},
    {"25-29岁", 25, 29, 2996605, 2654913},
    {"30-34岁", 30, 34, 4114085, 3942163},
    {"35-39岁", 35, 39, 2917712, 2864346},
    {"40-44岁", 40, 44, 2764099, 2751398},
    {"45-49岁", 45, 49, 3195796, 3218422},
    {"50-54岁", 50, 54, 3926760, 4033204},
    {"55-59岁", 55, 59, 3207812, 3255443},
    {"60-64岁", 60, 64, 2412689, 2366125},
    {"65-69岁", 65, 69, 2537937, 2571942},
    {"70-74岁", 70, 74, 1739491, 1807185},
    {"75-79岁", 75, 79, 1102639, 1214600},
    {"80-84岁", 80, 84, 680452, 839548},
    {"85-89岁", 85, 89, 338292, 517798},
    {"90-94岁", 90, 94, 102465, 198959},
    {"95-99岁", 95, 99, 19516, 47615},
    // The open group "100 and over" is generated as 100..104.
    {"100岁及以上", 100, 104, 2149, 5943},
}};
constexpr int kMaxAge = 104;
constexpr int kAdultAge = 18;
// Elderly (老年人): 60 and over (Law on the Protection of the Rights and
// Interests of the Elderly, art. 2).
constexpr int kElderlyAge = 60;

// ---------------------------------------------------------------------------
// Household composition: assumptions, tuned so that the demo reproduces
// Jiangsu's 2.60 persons per family household (kJiangsuPersonsPerHousehold)
// and a plausible share of elderly people living alone. None of these is an
// official statistic.

// Families with children under 18.
constexpr double kSkipGenerationShare = 0.025;  // children with grandparents only (留守)
constexpr double kSingleParentShare = 0.08;     // one parent at home
constexpr double kSingleFatherShare = 0.2;      // of single parents
constexpr double kSecondChildShare = 0.45;      // two-child policy since 2016
constexpr double kThirdChildShare = 0.06;       // of two-child families
constexpr double kThreeGenerationShare = 0.34;  // grandparents living in
constexpr double kSecondGrandparentShare = 0.7;
constexpr double kGrandparentHeadShare = 0.3;  // a grandparent is the 户主
// Mother's age at a child's birth: mean 29, sd 4.5, within [20, 45] years.
constexpr double kMotherAgeAtBirthMean = 29;
constexpr double kMotherAgeAtBirthSd = 4.5;
constexpr int kMinParentGap = 20;
constexpr int kMaxParentGap = 45;
// Husband older than wife: mean 2, sd 3, within [-6, +12] years.
constexpr double kSpouseGapMean = 2;
constexpr double kSpouseGapSd = 3;
constexpr int kMinSpouseGap = -6;
constexpr int kMaxSpouseGap = 12;
// The legal minimum ages of marriage (Civil Code, art. 1047).
constexpr int kMinMarriedAgeMale = 22;
constexpr int kMinMarriedAgeFemale = 20;
constexpr size_t kMaxHouseholdSize = 6;
constexpr int kMinSiblingGap = 2;  // years between brothers and sisters, when drawn
constexpr int kMaxSiblingGap = 8;

// Young adults (18–34) who live with their parents, by age.
constexpr int kYoungAdultMaxAge = 34;
constexpr double kWithParents18to24 = 0.45;
constexpr double kWithParents25to29 = 0.22;
constexpr double kWithParents30to34 = 0.10;
constexpr double kYoungSiblingShare = 0.12;

// People 60+: married (spouse alive) by sex and age 60-69, 70-79, 80+,
// shaped like the census' marital status (widowhood rises with age, faster
// for women).
constexpr std::array<double, 3> kElderlyMarriedMale = {0.88, 0.80, 0.62};
constexpr std::array<double, 3> kElderlyMarriedFemale = {0.80, 0.60, 0.30};
constexpr double kEmptyNestCoupleShare = 0.70;    // an elderly couple on its own
constexpr double kSingleElderlyAloneShare = 0.9;  // else with an adult child
constexpr double kAdultChildPartneredShare = 0.7;
constexpr double kAdultGrandchildShare = 0.3;
constexpr double kElderlyHeadShare = 0.5;  // when living with an adult child

// Other adults 18–59: married by age 18-24, 25-29, 30-39, 40-59.
constexpr std::array<double, 4> kAdultMarried = {0.10, 0.45, 0.72, 0.85};
constexpr double kWifeHeadShare = 0.2;
constexpr double kLivesWithSiblingShare = 0.04;

// ---------------------------------------------------------------------------
// Registration and origin.

// Households registered elsewhere (常住, resident only), by the head's age;
// tuned to 15-25% of residents. Renters are younger.
constexpr double kResidentOnlyHeadUnder45 = 0.30;
constexpr double kResidentOnlyHead45to59 = 0.15;
constexpr double kResidentOnlyHead60Plus = 0.05;
// Registered spouses and in-laws who kept their registration elsewhere.
constexpr double kResidentOnlyInLawShare = 0.08;
// Registered adults born outside Haizhou (their ID numbers keep their birth
// place; registration moved here later).
constexpr double kRegisteredBornElsewhere = 0.2;
constexpr double kBornElsewhereInLianyungang = 0.7;  // the rest elsewhere in Jiangsu
// How long ago a household may have moved in: renters (resident-only
// households) move often, owners stay (assumption).
constexpr int kRenterMaxTenureYears = 6;
constexpr int kOwnerMaxTenureYears = 40;

constexpr std::string_view kHaizhouRegion = "320706";
// Real GB/T 2260 county codes: elsewhere in Lianyungang, elsewhere in
// Jiangsu, and the neighbouring provinces where most migrants come from.
constexpr std::array<std::string_view, 5> kLianyungangRegions = {
    "320703",  // 连云区
    "320707",  // 赣榆区
    "320722",  // 东海县
    "320723",  // 灌云县
    "320724",  // 灌南县
};
constexpr std::array<std::string_view, 5> kJiangsuRegions = {
    "320382",  // 徐州 邳州市
    "320826",  // 淮安 涟水县
    "321322",  // 宿迁 沭阳县
    "320106",  // 南京 鼓楼区
    "320282",  // 无锡 宜兴市
};
constexpr std::array<std::string_view, 5> kOtherProvinceRegions = {
    "371302",  // 山东 临沂 兰山区
    "371324",  // 山东 临沂 兰陵县
    "341302",  // 安徽 宿州 埇桥区
    "341321",  // 安徽 宿州 砀山县
    "411526",  // 河南 信阳 潢川县
};
// Where people registered elsewhere were born: Lianyungang, Jiangsu, other.
constexpr std::array<double, 3> kOriginWeights = {0.5, 0.25, 0.25};

// ---------------------------------------------------------------------------
// Employment and insurance.

// Tertiary education: gross enrolment ratio ≈ 60% (Ministry of Education,
// 2023 statistical bulletin: 60.2%).
constexpr double kTertiaryStudentShare = 0.6;
constexpr double kPostgraduateShare = 0.08;  // of 23-25 year olds (assumption)
// Retirement (statutory ages before the 2025 reform, which raises them by
// months from 2025: men 60, women 50 as workers, 55 as cadres).
constexpr double kRetiredMen60Plus = 0.92;
constexpr double kRetiredWomen55Plus = 0.88;
constexpr double kRetiredWomen50to54 = 0.45;
constexpr double kWorkingElderlySelfEmployed = 0.4;  // of the not retired 60+
// Outside the labour force (homemakers, carers): assumption.
constexpr double kNotInLabourForceMen = 0.06;
constexpr double kNotInLabourForceWomen = 0.14;
// Urban surveyed unemployment rate, 2023 average 5.2% (NBS).
constexpr double kUnemploymentRate = 0.052;
// New forms of employment: 84 million of the 402 million workers of the
// ACFTU's 9th national survey of the workforce (2023), 21% (shared data file
// stats/social_services_and_employment_stats.csv). The demo gives the same
// share of its employed people aged 18-59 a platform job.
constexpr double kPlatformShareOfEmployed = 8400.0 / 40200.0;
// How platform workers split over the four forms, by sex (assumption; the
// survey names delivery riders, ride-hailing and truck drivers and couriers
// as the main groups, overwhelmingly men). Order: delivery rider, ride-hailing
// driver, e-commerce/live-streaming, other platform (couriers, truck drivers,
// domestic services, freelancers).
constexpr std::array<double, 4> kPlatformFormsMale = {0.38, 0.32, 0.08, 0.22};
constexpr std::array<double, 4> kPlatformFormsFemale = {0.10, 0.04, 0.46, 0.40};
constexpr double kSelfEmployedShare = 0.17;  // of other employed (个体工商户)

// Insurance by employment (assumption): employee, resident, flexible, none.
constexpr std::array<double, 4> kInsuranceEmployee = {0.93, 0.05, 0.0, 0.02};
constexpr std::array<double, 4> kInsuranceSelfEmployed = {0.0, 0.40, 0.45, 0.15};
// Platform workers are often without insurance or insured individually.
constexpr std::array<double, 4> kInsurancePlatform = {0.05, 0.25, 0.35, 0.35};
constexpr std::array<double, 4> kInsuranceUnemployed = {0.0, 0.75, 0.10, 0.15};
constexpr std::array<double, 4> kInsuranceNotWorking = {0.0, 0.85, 0.0, 0.15};
constexpr std::array<double, 4> kInsuranceRetired = {0.70, 0.30, 0.0, 0.0};
constexpr std::array<double, 4> kInsuranceChild = {0.0, 0.95, 0.0, 0.05};
constexpr std::array<double, 4> kInsuranceInfant = {0.0, 0.85, 0.0, 0.15};

// ---------------------------------------------------------------------------
// Care tags (small rates; assumptions near the published orders of
// magnitude).

// Disability: the 2006 national sample survey found 6.34% of people with a
// disability; the ledger tags certified disability, rarer and rising with age.
constexpr double kDisabledUnder18 = 0.006;
constexpr double kDisabled18to59 = 0.015;
constexpr double kDisabled60to79 = 0.045;
constexpr double kDisabled80Plus = 0.11;
// Urban minimum subsistence allowance (低保): about 0.7% of urban residents
// nationally (MCA statistical bulletins); per household, with all members.
constexpr double kSubsistenceHouseholdShare = 0.008;
// Extreme-poverty support (特困): elderly people alone without support.
constexpr double kSpecialHardshipOfLivingAlone = 0.03;
// Veterans: about 57 million nationally (Ministry of Veterans Affairs, 2018),
// nearly all men.
constexpr double kVeteranMen25Plus = 0.08;
constexpr double kVeteranWomen25Plus = 0.004;
constexpr int kLeftBehindMaxAge = 15;  // 留守儿童: under 16

// Phones: who has a mobile number on file, by age.
constexpr double kPhone14to17 = 0.85;
constexpr double kPhone18to69 = 0.98;
constexpr double kPhone70to79 = 0.85;
constexpr double kPhone80Plus = 0.6;

// ---------------------------------------------------------------------------
// Places.

struct CompoundSpec {
  std::string_view name;
  int built_year;
  double east_m;  // centre, relative to kHailianCentre
  double north_m;
  int floors;  // 6: walk-up without lift; 18 or 26: towers
  int entrances;
  int flats_per_floor;  // per entrance
  double share;         // of households, before the preferences below
};

// Invented names: the real compounds of the Hailian community are not
// published with their sizes.
constexpr std::array<CompoundSpec, 5> kCompounds = {{
    {"海连新村", 1993, -330, 180, 6, 3, 2, 0.28},
    {"盐河小区", 1998, -300, -200, 6, 4, 2, 0.24},
    {"新海花园", 2006, 150, 250, 18, 2, 2, 0.20},
    {"朝阳苑", 2013, 360, -40, 18, 2, 3, 0.16},
    {"蔷薇华庭", 2019, 60, -290, 26, 2, 2, 0.12},
}};
constexpr size_t kNurseryCompound = 3;  // 朝阳苑
constexpr size_t kDayCareCompound = 0;  // 海连新村
// Households per flat: about one flat in ten stands empty (assumption).
constexpr double kOccupancy = 0.9;
// Households headed by people 65+ prefer walk-ups and low floors.
constexpr int kElderlyHeadAge = 65;
constexpr double kElderlyWalkUpPreference = 1.6;
constexpr double kElderlyTowerPreference = 0.7;
constexpr double kRenterWalkUpPreference = 1.3;
constexpr double kElderlyLowFloorShare = 0.8;
constexpr int kLowFloors = 3;
// Grid spacing: along a row (east) a building plus a lane; between rows
// (north) the sunlight spacing grows with height.
constexpr double kWalkUpSpacingEastM = 55;
constexpr double kWalkUpSpacingNorthM = 36;
constexpr double kTowerSpacingEastM = 50;
constexpr double kTowerSpacingNorthPerFloorM = 3.2;
constexpr double kGridColumnsPerRow = 1.5;  // compounds wider (east-west) than deep

struct FacilitySpec {
  registry::FacilityType type;
  std::string_view name;
  std::optional<size_t> compound;  // inside this compound, else the community's
  double east_m;                   // relative to kHailianCentre
  double north_m;
  int capacity;  // places (seats, day places, nursery places); 0 where none
  int staff;
};

constexpr std::array<FacilitySpec, 6> kFacilities = {{
    {registry::FacilityType::kServiceCentre, "海连社区党群服务中心", std::nullopt, 0, 0, 0, 12},
    {registry::FacilityType::kSeniorCanteen, "海连社区老年食堂", std::nullopt, 40, -30, 80, 6},
    {registry::FacilityType::kElderlyDayCare, "海连社区日间照料中心", kDayCareCompound, -250, 140,
     30, 6},
    // Nursery staff: the 13 caregivers its four classes need at the national
    // ratios (activity_childcare.cc), a director, a health worker and a cook.
    {registry::FacilityType::kNursery, "海连社区托育园", kNurseryCompound, 330, -110, 60, 16},
    {registry::FacilityType::kHealthStation, "海连社区卫生服务站", std::nullopt, -40, -60, 0, 8},
    {registry::FacilityType::kRiderRestStation, "海连社区骑手驿站", std::nullopt, 210, 20, 20, 1},
}};

// ---------------------------------------------------------------------------
// Names. Surnames weighted roughly by national frequency (王, 李, 张, 刘, 陈
// each about 5-7%); the weights only need to look plausible.
struct WeightedText {
  std::string_view text;
  double weight;
};
constexpr std::array<WeightedText, 40> kSurnames = {{
    {"王", 7.1}, {"李", 7.0}, {"张", 6.8}, {"刘", 5.3}, {"陈", 4.6}, {"杨", 3.1}, {"赵", 2.3},
    {"黄", 2.2}, {"周", 2.1}, {"吴", 2.0}, {"徐", 1.9}, {"孙", 1.8}, {"马", 1.2}, {"朱", 1.4},
    {"胡", 1.3}, {"郭", 1.1}, {"何", 0.9}, {"高", 1.0}, {"林", 0.9}, {"罗", 0.6}, {"郑", 0.8},
    {"梁", 0.7}, {"谢", 0.6}, {"宋", 0.7}, {"唐", 0.6}, {"许", 0.8}, {"韩", 0.6}, {"冯", 0.5},
    {"邓", 0.5}, {"曹", 0.6}, {"彭", 0.4}, {"曾", 0.3}, {"肖", 0.4}, {"田", 0.4}, {"董", 0.5},
    {"袁", 0.4}, {"潘", 0.4}, {"蒋", 0.5}, {"蔡", 0.5}, {"葛", 0.3},
}};

// Characters of given names by sex and the era of birth (before 1965,
// 1965-1994, from 1995): fashions change.
constexpr std::array<std::string_view, 3> kMaleChars = {
    "建国军华明强伟平志德文福林春海荣斌勇东生宝成庆",
    "磊涛鹏杰超浩宇俊峰辉波刚亮飞凯斌军伟勇明华龙",
    "子轩浩宇梓睿博泽辰奕铭晨皓俊逸宸航一诺嘉豪天佑",
};
constexpr std::array<std::string_view, 3> kFemaleChars = {
    "秀英兰桂芳珍玉凤华梅琴霞淑敏荣翠云彩娥素香",
    "丽静燕敏娟艳婷雪琳倩丹红霞玲莉颖慧芳晶洁",
    "梓涵欣怡诗雨可馨语萱若佳悦彤一诺子琪思",
};
constexpr double kOneCharGivenNameShare = 0.2;
// Children who take their mother's surname (legal since 1950; a minority).
constexpr double kMotherSurnameShare = 0.08;

// Mobile number prefixes by second digit: 13x, 15x, 17x, 18x, 19x and a few
// 14x and 16x.
constexpr std::array<char, 7> kPhoneSecondDigits = {'3', '5', '8', '7', '9', '6', '4'};
constexpr std::array<double, 7> kPhoneSecondDigitWeights = {0.3,  0.25, 0.25, 0.08,
                                                            0.08, 0.02, 0.02};

// Streams of the random generator: each aspect draws from its own, so that a
// change to one does not reshuffle the others.
constexpr uint64_t kStreamAges = 1;
constexpr uint64_t kStreamHouseholds = 2;
constexpr uint64_t kStreamPlaces = 3;
constexpr uint64_t kStreamAttributes = 4;
constexpr uint64_t kStreamIds = 5;
constexpr uint64_t kStreamNames = 6;

// ---------------------------------------------------------------------------
// Small helpers.

int UniformInt(core::Rng& rng, int lo, int hi) {  // inclusive
  return lo + static_cast<int>(rng.Uniform(static_cast<uint64_t>(hi - lo) + 1));
}

int RoundedNormal(core::Rng& rng, double mean, double sd) {
  return static_cast<int>(std::lround(rng.Normal(mean, sd)));
}

template <size_t N>
size_t Pick(core::Rng& rng, const std::array<double, N>& weights) {
  return rng.Weighted(std::span<const double>(weights));
}

// The UTF-8 characters of `text` (all 3-byte CJK here).
std::vector<std::string_view> Characters(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

// A date known to exist.
core::Date Ymd(int year, int month, int day) {
  std::optional<core::Date> date = core::Date::FromYmd(year, month, day);
  ALLEY_CHECK(date.has_value(), "a valid constant date");
  return *date;
}

Sex Other(Sex sex) { return sex == Sex::kMale ? Sex::kFemale : Sex::kMale; }

// ---------------------------------------------------------------------------
// The people still to be placed in households: counts by sex and age.
class AgePool {
 public:
  void Add(Sex sex, int age) { ++count_[Index(sex)][static_cast<size_t>(age)]; }

  int64_t Count(int lo, int hi) const {
    int64_t n = 0;
    for (const auto& by_age : count_) {
      for (int a = std::max(lo, 0); a <= std::min(hi, kMaxAge); ++a) {
        n += by_age[static_cast<size_t>(a)];
      }
    }
    return n;
  }

  bool Has(Sex sex, int age) const { return count_[Index(sex)][static_cast<size_t>(age)] > 0; }

  // A person aged lo..hi of either sex, drawn in proportion to the counts,
  // and removed; nullopt when there is none.
  std::optional<std::pair<Sex, int>> TakeAny(int lo, int hi, core::Rng& rng) {
    int64_t n = Count(lo, hi);
    if (n == 0) return std::nullopt;
    auto k = static_cast<int64_t>(rng.Uniform(static_cast<uint64_t>(n)));
    for (Sex sex : {Sex::kMale, Sex::kFemale}) {
      for (int a = std::max(lo, 0); a <= std::min(hi, kMaxAge); ++a) {
        int64_t& c = count_[Index(sex)][static_cast<size_t>(a)];
        if (k < c) {
          --c;
          return std::make_pair(sex, a);
        }
        k -= c;
      }
    }
    return std::nullopt;  // unreachable: k < n
  }

  // The person of `sex` whose age is nearest `target` within lo..hi, removed.
  std::optional<int> TakeNearest(Sex sex, int target, int lo, int hi) {
    lo = std::max(lo, 0);
    hi = std::min(hi, kMaxAge);
    if (lo > hi) return std::nullopt;
    target = std::clamp(target, lo, hi);
    for (int d = 0; d <= hi - lo; ++d) {
      for (int a : {target + d, target - d}) {
        if (a < lo || a > hi || !Has(sex, a)) continue;
        --count_[Index(sex)][static_cast<size_t>(a)];
        return a;
      }
    }
    return std::nullopt;
  }

  bool Take(Sex sex, int age) {
    if (!Has(sex, age)) return false;
    --count_[Index(sex)][static_cast<size_t>(age)];
    return true;
  }

 private:
  static size_t Index(Sex sex) { return sex == Sex::kMale ? 0 : 1; }
  std::array<std::array<int64_t, kMaxAge + 1>, 2> count_{};
};

// Exactly `total` people with the census' age and sex shares: the expected
// count of each (group, sex) cell rounded down, the remainder given to the
// largest fractions (Hamilton's method), then an age uniform within the group.
AgePool DrawPopulation(int total, core::Rng& rng) {
  int64_t census = 0;
  for (const CensusAgeGroup& g : kJiangsu2020) census += g.male + g.female;
  struct Cell {
    size_t group;
    Sex sex;
    int64_t count;
    double fraction;
  };
  std::vector<Cell> cells;
  int64_t assigned = 0;
  for (size_t i = 0; i < kJiangsu2020.size(); ++i) {
    for (Sex sex : {Sex::kMale, Sex::kFemale}) {
      int64_t people = sex == Sex::kMale ? kJiangsu2020[i].male : kJiangsu2020[i].female;
      // Exact in integers: total * people < 2^63 for any total <= kMaxDemoResidents.
      int64_t scaled = static_cast<int64_t>(total) * people;
      cells.push_back({i, sex, scaled / census,
                       static_cast<double>(scaled % census) / static_cast<double>(census)});
      assigned += cells.back().count;
    }
  }
  std::vector<size_t> order(cells.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return cells[a].fraction > cells[b].fraction; });
  for (size_t i = 0; assigned < total; ++i, ++assigned) ++cells[order[i]].count;

  AgePool pool;
  for (const Cell& c : cells) {
    const CensusAgeGroup& g = kJiangsu2020[c.group];
    for (int64_t k = 0; k < c.count; ++k) pool.Add(c.sex, UniformInt(rng, g.min_age, g.max_age));
  }
  return pool;
}

// ---------------------------------------------------------------------------
// Households, as generations before relations are named.

struct Person {
  int age = 0;
  Sex sex = Sex::kMale;
  bool in_law = false;  // married into the family line (generation 1)
};

// A household by generation: 0 the oldest, 1 the middle, 2 the youngest. In
// generation 1 the people of the family line come first, then in-laws;
// generation 0 are the parents of generation 1's line; generation 2 its
// children. `head_generation` says whose first member is the household head.
struct Family {
  std::array<std::vector<Person>, 3> generations;
  size_t head_generation = 1;

  size_t size() const {
    return generations[0].size() + generations[1].size() + generations[2].size();
  }
};

// A member of a finished household.
struct Member {
  int age = 0;
  Sex sex = Sex::kMale;
  std::string_view relation;  // registry relation identifier
  size_t generation = 0;
  size_t surname = 0;  // index into kSurnames
};

struct Household {
  std::vector<Member> members;   // the head first
  bool skip_generation = false;  // children with grandparents only
  // Places, filled later.
  size_t compound = 0;
  int building = 0;  // 1-based
  int entrance = 0;
  int floor = 0;
  int flat = 0;
  core::Date move_in;
  bool resident_only = false;
  std::string_view origin;  // ID region of a resident-only household
  bool subsistence = false;
};

int HeadAge(const Household& h) { return h.members.front().age; }

// Names the relations of `f` from its head's point of view and draws
// surnames: the family line shares one, children take their father's.
Household Flatten(const Family& f, core::Rng& rng, const std::vector<double>& surname_weights) {
  auto draw_surname = [&] { return rng.Weighted(std::span<const double>(surname_weights)); };
  const auto& g0 = f.generations[0];
  const auto& g1 = f.generations[1];
  const auto& g2 = f.generations[2];
  // Surnames: generation 0's man carries the line's; generation 1's line
  // inherits it; generation 2 takes the father's (the man of generation 1).
  std::vector<size_t> s0(g0.size()), s1(g1.size()), s2(g2.size());
  for (size_t& s : s0) s = draw_surname();
  std::optional<size_t> line;
  for (size_t i = 0; i < g0.size(); ++i) {
    if (!line || g0[i].sex == Sex::kMale) line = s0[i];
  }
  for (size_t i = 0; i < g1.size(); ++i) {
    if (g1[i].in_law) {
      s1[i] = draw_surname();
    } else {
      if (!line) line = draw_surname();  // brothers and sisters share it
      s1[i] = *line;
    }
  }
  std::optional<size_t> father, mother;
  for (size_t i = 0; i < g1.size(); ++i) {
    if (g1[i].sex == Sex::kMale && !father) father = s1[i];
    if (g1[i].sex == Sex::kFemale && !mother) mother = s1[i];
  }
  std::optional<size_t> children_surname = father ? father : mother ? mother : line;
  // Some parents give a child the mother's surname.
  for (size_t& s : s2) {
    s = children_surname ? *children_surname : draw_surname();
    if (father && mother && rng.Bernoulli(kMotherSurnameShare)) s = *mother;
  }

  Household h;
  auto add = [&](const Person& p, std::string_view relation, size_t generation, size_t surname) {
    h.members.push_back({p.age, p.sex, relation, generation, surname});
  };
  switch (f.head_generation) {
    case 0:
      for (size_t i = 0; i < g0.size(); ++i) add(g0[i], i == 0 ? "head" : "spouse", 0, s0[i]);
      for (size_t i = 0; i < g1.size(); ++i) {
        add(g1[i], g1[i].in_law ? "child_in_law" : "child", 1, s1[i]);
      }
      for (size_t i = 0; i < g2.size(); ++i) add(g2[i], "grandchild", 2, s2[i]);
      break;
    case 1:
      for (size_t i = 0; i < g1.size(); ++i) {
        add(g1[i], i == 0 ? "head" : g1[i].in_law ? "spouse" : "sibling", 1, s1[i]);
      }
      for (size_t i = 0; i < g0.size(); ++i) add(g0[i], "parent", 0, s0[i]);
      for (size_t i = 0; i < g2.size(); ++i) add(g2[i], "child", 2, s2[i]);
      break;
    default:
      for (size_t i = 0; i < g2.size(); ++i) add(g2[i], i == 0 ? "head" : "sibling", 2, s2[i]);
      for (size_t i = 0; i < g1.size(); ++i) add(g1[i], "parent", 1, s1[i]);
      for (size_t i = 0; i < g0.size(); ++i) add(g0[i], "grandparent", 0, s0[i]);
      break;
  }
  h.skip_generation = g1.empty() && !g0.empty() && !g2.empty();
  return h;
}

// An inclusive range of ages.
struct Ages {
  int lo = 0;
  int hi = kMaxAge;
};

// The ages a child of all of `parents` may have: 20..45 years younger than
// each, within `within`.
Ages ChildAges(const std::vector<Person>& parents, Ages within) {
  for (const Person& p : parents) {
    within.lo = std::max(within.lo, p.age - kMaxParentGap);
    within.hi = std::min(within.hi, p.age - kMinParentGap);
  }
  return within;
}

int MinMarriedAge(Sex sex) { return sex == Sex::kMale ? kMinMarriedAgeMale : kMinMarriedAgeFemale; }

Sex RandomSex(core::Rng& rng) { return rng.Bernoulli(0.5) ? Sex::kMale : Sex::kFemale; }

// The man of a couple first: he is the likelier head (户主).
void ManFirst(std::vector<Person>& couple) {
  if (couple.size() == 2 && couple[0].sex == Sex::kFemale && couple[1].sex == Sex::kMale) {
    std::swap(couple[0], couple[1]);
  }
}

// Builds households from the pool until it is empty: first the families of
// the children (every child lives with a parent or a grandparent), then the
// young adults who still live with their parents, then the elderly (couples,
// people alone, or with an adult child's family), then everyone else.
class HouseholdBuilder {
 public:
  HouseholdBuilder(AgePool& pool, core::Rng& rng) : pool_(pool), rng_(rng) {
    for (const WeightedText& w : kSurnames) surname_weights_.push_back(w.weight);
  }

  std::vector<Household> Build() {
    FamiliesWithChildren();
    YoungAdultsWithParents();
    Elderly();
    OtherAdults();
    return std::move(households_);
  }

 private:
  // Someone of `sex` aged within `ages`, nearest `target`, taken from the pool.
  std::optional<Person> Take(Sex sex, int target, Ages ages) {
    std::optional<int> age = pool_.TakeNearest(sex, target, ages.lo, ages.hi);
    if (!age) return std::nullopt;
    return Person{*age, sex, false};
  }

  // The spouse of `p` (husband 2 ± 3 years older, within -6..+12), aged
  // within `within`, marked as married into the line.
  std::optional<Person> Spouse(const Person& p, Ages within = {}) {
    if (p.age < MinMarriedAge(p.sex)) return std::nullopt;
    int husband_older =
        std::clamp(RoundedNormal(rng_, kSpouseGapMean, kSpouseGapSd), kMinSpouseGap, kMaxSpouseGap);
    Ages ages = p.sex == Sex::kMale ? Ages{p.age - kMaxSpouseGap, p.age - kMinSpouseGap}
                                    : Ages{p.age + kMinSpouseGap, p.age + kMaxSpouseGap};
    ages.lo = std::max({ages.lo, within.lo, MinMarriedAge(Other(p.sex))});
    ages.hi = std::min(ages.hi, within.hi);
    int target = p.sex == Sex::kMale ? p.age - husband_older : p.age + husband_older;
    std::optional<Person> s = Take(Other(p.sex), target, ages);
    if (s) s->in_law = true;
    return s;
  }

  // A parent of `sex` for a child aged `child` (mother 29 ± 4.5 years older).
  std::optional<Person> Parent(Sex sex, int child) {
    int gap = RoundedNormal(rng_, kMotherAgeAtBirthMean + (sex == Sex::kMale ? kSpouseGapMean : 0),
                            kMotherAgeAtBirthSd);
    return Take(sex, child + gap, {child + kMinParentGap, child + kMaxParentGap});
  }

  // Both parents (or one) of a child aged `child`: the line's first, then the
  // one who married into it.
  std::vector<Person> Parents(int child, bool single) {
    std::vector<Person> out;
    Sex first_sex = !single || rng_.Bernoulli(kSingleFatherShare) ? Sex::kMale : Sex::kFemale;
    std::optional<Person> first = Parent(first_sex, child);
    if (!first) first = Parent(Other(first_sex), child);
    if (!first) return out;
    out.push_back(*first);
    if (!single) {
      if (std::optional<Person> other =
              Spouse(*first, {child + kMinParentGap, child + kMaxParentGap})) {
        out.push_back(*other);
      }
    }
    return out;
  }

  // A child of all of `parents` (their mean age minus 29 ± 4.5), aged within
  // `within`; either sex when the one drawn has nobody left.
  std::optional<Person> ChildOf(const std::vector<Person>& parents, Ages within) {
    Ages ages = ChildAges(parents, within);
    int youngest = kMaxAge;
    for (const Person& p : parents) youngest = std::min(youngest, p.age);
    int target = youngest - RoundedNormal(rng_, kMotherAgeAtBirthMean, kMotherAgeAtBirthSd);
    Sex sex = RandomSex(rng_);
    for (Sex s : {sex, Other(sex)}) {
      if (std::optional<Person> c = Take(s, target, ages)) return c;
    }
    return std::nullopt;
  }

  // A brother or sister of someone aged `age` (2..8 years apart when there
  // is one), a child of all of `parents`, aged within `within`.
  std::optional<Person> Sibling(int age, const std::vector<Person>& parents, Ages within) {
    Ages ages = ChildAges(parents, within);
    int target =
        age + UniformInt(rng_, kMinSiblingGap, kMaxSiblingGap) * (rng_.Bernoulli(0.5) ? 1 : -1);
    Sex sex = RandomSex(rng_);
    for (Sex s : {sex, Other(sex)}) {
      if (std::optional<Person> c = Take(s, target, ages)) return c;
    }
    return std::nullopt;
  }

  void Add(const Family& f) { households_.push_back(Flatten(f, rng_, surname_weights_)); }

  // Someone nobody could be found to live with (tiny demos only): joins the
  // last household when it has room, else lives alone.
  void JoinOrAlone(const Person& p) {
    if (!households_.empty() && households_.back().members.size() < kMaxHouseholdSize) {
      households_.back().members.push_back(
          {p.age, p.sex, "other", 2, rng_.Weighted(std::span<const double>(surname_weights_))});
      return;
    }
    Family f;
    size_t g = p.age < kAdultAge ? 2 : 1;
    f.generations[g].push_back(p);
    f.head_generation = g;
    Add(f);
  }

  void FamiliesWithChildren() {
    while (auto first = pool_.TakeAny(0, kAdultAge - 1, rng_)) {
      Family f;
      auto& [grandparents, parents, children] = f.generations;
      const int child = first->second;
      children.push_back({child, first->first, false});
      bool skip = rng_.Bernoulli(kSkipGenerationShare);
      if (!skip) {
        parents = Parents(child, rng_.Bernoulli(kSingleParentShare));
        skip = parents.empty();
      }
      // Brothers and sisters under 18.
      if (rng_.Bernoulli(kSecondChildShare)) {
        if (auto s = Sibling(child, parents, {0, kAdultAge - 1})) {
          children.push_back(*s);
          if (rng_.Bernoulli(kThirdChildShare)) {
            if (auto t = Sibling(child, parents, {0, kAdultAge - 1})) children.push_back(*t);
          }
        }
      }
      // Grandparents: the parents of the line (or, skipping a generation, of
      // an absent parent).
      if ((skip || rng_.Bernoulli(kThreeGenerationShare)) && f.size() < kMaxHouseholdSize) {
        int middle =
            parents.empty() ? child + static_cast<int>(kMotherAgeAtBirthMean) : parents[0].age;
        Sex sex = RandomSex(rng_);
        std::optional<Person> g = Parent(sex, middle);
        if (!g) g = Parent(Other(sex), middle);
        if (g) {
          grandparents.push_back(*g);
          if (f.size() < kMaxHouseholdSize && rng_.Bernoulli(kSecondGrandparentShare)) {
            if (auto other = Spouse(*g, {middle + kMinParentGap, middle + kMaxParentGap})) {
              grandparents.push_back(*other);
            }
          }
          for (Person& p : grandparents) p.in_law = false;
          ManFirst(grandparents);
        }
      }
      if (parents.empty() && grandparents.empty()) {
        for (const Person& p : children) JoinOrAlone(p);
        continue;
      }
      bool grandparent_head =
          parents.empty() || (!grandparents.empty() && rng_.Bernoulli(kGrandparentHeadShare));
      f.head_generation = grandparent_head ? 0 : 1;
      Add(f);
    }
  }

  double WithParentsShare(int age) const {
    if (age <= 24) return kWithParents18to24;
    if (age <= 29) return kWithParents25to29;
    return kWithParents30to34;
  }

  void YoungAdultsWithParents() {
    // Everyone aged 18..34 still in the pool, in a random order.
    std::vector<std::pair<Sex, int>> young;
    AgePool copy = pool_;
    while (auto p = copy.TakeAny(kAdultAge, kYoungAdultMaxAge, rng_)) young.push_back(*p);
    for (const auto& [sex, age] : young) {
      if (!rng_.Bernoulli(WithParentsShare(age))) continue;
      if (!pool_.Take(sex, age)) continue;  // already placed as someone's sibling
      Family f;
      std::vector<Person>& parents = f.generations[0];
      std::vector<Person>& children = f.generations[1];
      children.push_back({age, sex, false});
      parents = Parents(age, rng_.Bernoulli(kSingleParentShare));
      if (parents.empty()) {
        pool_.Add(sex, age);  // stays for the later rounds
        continue;
      }
      for (Person& p : parents) p.in_law = false;
      ManFirst(parents);
      if (rng_.Bernoulli(kYoungSiblingShare)) {
        if (auto s = Sibling(age, parents, {kAdultAge, kYoungAdultMaxAge + kMaxSiblingGap}))
          children.push_back(*s);
      }
      f.head_generation = 0;
      Add(f);
    }
  }

  bool Married(const Person& p) {
    size_t band = p.age < 70 ? 0 : p.age < 80 ? 1 : 2;
    return rng_.Bernoulli(p.sex == Sex::kMale ? kElderlyMarriedMale[band]
                                              : kElderlyMarriedFemale[band]);
  }

  void Elderly() {
    while (auto first = pool_.TakeAny(kElderlyAge, kMaxAge, rng_)) {
      Family f;
      auto& [elders, children, grandchildren] = f.generations;
      elders.push_back({first->second, first->first, false});
      if (Married(elders[0])) {
        if (std::optional<Person> s = Spouse(elders[0])) elders.push_back(*s);
      }
      for (Person& p : elders) p.in_law = false;
      ManFirst(elders);
      bool alone =
          rng_.Bernoulli(elders.size() == 2 ? kEmptyNestCoupleShare : kSingleElderlyAloneShare);
      if (!alone) {
        if (std::optional<Person> child = ChildOf(elders, {kAdultAge, kMaxAge})) {
          children.push_back(*child);
          if (rng_.Bernoulli(kAdultChildPartneredShare)) {
            if (std::optional<Person> s = Spouse(*child)) {
              children.push_back(*s);
              if (rng_.Bernoulli(kAdultGrandchildShare)) {
                if (auto g = ChildOf(children, {kAdultAge, kMaxAge})) grandchildren.push_back(*g);
              }
            }
          }
        }
      }
      f.head_generation = children.empty() || rng_.Bernoulli(kElderlyHeadShare) ? 0 : 1;
      Add(f);
    }
  }

  void OtherAdults() {
    while (auto first = pool_.TakeAny(kAdultAge, kElderlyAge - 1, rng_)) {
      Family f;
      auto& adults = f.generations[1];
      adults.push_back({first->second, first->first, false});
      const int age = adults[0].age;
      size_t band = age < 25 ? 0 : age < 30 ? 1 : age < 40 ? 2 : 3;
      if (rng_.Bernoulli(kAdultMarried[band])) {
        if (std::optional<Person> s = Spouse(adults[0])) {
          adults.push_back(*s);
          // The husband is usually the head.
          bool wife_head = rng_.Bernoulli(kWifeHeadShare);
          if ((adults[0].sex == Sex::kFemale) != wife_head) {
            std::swap(adults[0], adults[1]);
            adults[0].in_law = false;
            adults[1].in_law = true;
          }
        }
      } else if (rng_.Bernoulli(kLivesWithSiblingShare)) {
        if (auto s = Sibling(age, {}, {kAdultAge, kElderlyAge - 1})) adults.push_back(*s);
      }
      f.head_generation = 1;
      Add(f);
    }
    // Only a pool without adults leaves anyone: the children of tiny demos.
    while (auto rest = pool_.TakeAny(0, kMaxAge, rng_)) {
      JoinOrAlone({rest->second, rest->first, false});
    }
  }

  AgePool& pool_;
  core::Rng& rng_;
  std::vector<double> surname_weights_;
  std::vector<Household> households_;
};

// ---------------------------------------------------------------------------
// Places: compounds, buildings, flats.

struct BuildingPlan {
  size_t compound = 0;
  int number = 0;  // 1-based within the compound
  core::LatLon location;
};

core::LatLon CompoundCentre(size_t c) {
  return core::OffsetMeters(kHailianCentre, kCompounds[c].east_m, kCompounds[c].north_m);
}

bool IsWalkUp(const CompoundSpec& c) { return c.floors <= 6; }

// Chooses each household's compound, then its flat, and the buildings needed.
std::vector<BuildingPlan> PlaceHouseholds(std::vector<Household>& households, core::Rng& rng) {
  std::vector<std::vector<size_t>> in_compound(kCompounds.size());
  for (size_t i = 0; i < households.size(); ++i) {
    Household& h = households[i];
    std::array<double, kCompounds.size()> weights{};
    for (size_t c = 0; c < kCompounds.size(); ++c) {
      double w = kCompounds[c].share;
      if (HeadAge(h) >= kElderlyHeadAge) {
        w *= IsWalkUp(kCompounds[c]) ? kElderlyWalkUpPreference : kElderlyTowerPreference;
      }
      if (h.resident_only && IsWalkUp(kCompounds[c])) w *= kRenterWalkUpPreference;
      weights[c] = w;
    }
    h.compound = Pick(rng, weights);
    in_compound[h.compound].push_back(i);
  }

  std::vector<BuildingPlan> buildings;
  for (size_t c = 0; c < kCompounds.size(); ++c) {
    const CompoundSpec& spec = kCompounds[c];
    const std::vector<size_t>& members = in_compound[c];
    const int flats_per_building = spec.floors * spec.entrances * spec.flats_per_floor;
    const int count = std::max(
        1, static_cast<int>(std::ceil(static_cast<double>(members.size()) /
                                      (kOccupancy * static_cast<double>(flats_per_building)))));
    // The grid: rows of buildings facing south, centred on the compound.
    const int columns = std::max(
        1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count) * kGridColumnsPerRow))));
    const int rows = (count + columns - 1) / columns;
    const double east_step = IsWalkUp(spec) ? kWalkUpSpacingEastM : kTowerSpacingEastM;
    const double north_step =
        IsWalkUp(spec) ? kWalkUpSpacingNorthM : kTowerSpacingNorthPerFloorM * spec.floors;
    const core::LatLon centre = CompoundCentre(c);
    for (int b = 0; b < count; ++b) {
      const int column = b % columns;
      const int row = b / columns;
      const double east = (column - (columns - 1) / 2.0) * east_step;
      const double north = ((rows - 1) / 2.0 - row) * north_step;
      buildings.push_back({c, b + 1, core::OffsetMeters(centre, east, north)});
    }

    // Every flat, shuffled; low floors apart for the elderly of walk-ups.
    struct Flat {
      int building, entrance, floor, flat;
    };
    std::vector<Flat> low, high;
    for (int b = 1; b <= count; ++b) {
      for (int e = 1; e <= spec.entrances; ++e) {
        for (int f = 1; f <= spec.floors; ++f) {
          for (int k = 1; k <= spec.flats_per_floor; ++k) {
            (f <= kLowFloors ? low : high).push_back({b, e, f, k});
          }
        }
      }
    }
    auto shuffle = [&](std::vector<Flat>& v) {
      for (size_t i = v.size(); i > 1; --i) {
        std::swap(v[i - 1], v[rng.Uniform(i)]);
      }
    };
    shuffle(low);
    shuffle(high);
    const double natural_low =
        static_cast<double>(low.size()) / static_cast<double>(low.size() + high.size());
    for (size_t i : members) {
      Household& h = households[i];
      bool elderly = IsWalkUp(spec) && HeadAge(h) >= kElderlyHeadAge;
      bool want_low = rng.Bernoulli(elderly ? kElderlyLowFloorShare : natural_low);
      std::vector<Flat>& from = (want_low && !low.empty()) || high.empty() ? low : high;
      ALLEY_CHECK(!from.empty(), "the compound has a flat for every household");
      Flat flat = from.back();
      from.pop_back();
      h.building = flat.building;
      h.entrance = flat.entrance;
      h.floor = flat.floor;
      h.flat = flat.flat;
    }
  }
  return buildings;
}

// ---------------------------------------------------------------------------
// People: the records written to the ledger.

struct Resident {
  store::ResidentIdentity identity;
  store::ResidentVersion version;
  std::string_view region;
};

std::string_view DrawOrigin(core::Rng& rng) {
  switch (Pick(rng, kOriginWeights)) {
    case 0:
      return kLianyungangRegions[rng.Uniform(kLianyungangRegions.size())];
    case 1:
      return kJiangsuRegions[rng.Uniform(kJiangsuRegions.size())];
    default:
      return kOtherProvinceRegions[rng.Uniform(kOtherProvinceRegions.size())];
  }
}

// A birth date on which someone is `age` on `as_of`, uniform over that year.
core::Date BirthDate(int age, core::Date as_of, core::Rng& rng) {
  core::Date latest = as_of.AddYears(-age);
  core::Date earliest = as_of.AddYears(-(age + 1)).AddDays(1);
  auto span = static_cast<uint64_t>(latest.days() - earliest.days());
  return earliest.AddDays(static_cast<int64_t>(rng.Uniform(span + 1)));
}

std::string GivenName(Sex sex, int birth_year, core::Rng& rng) {
  size_t era = birth_year < 1965 ? 0 : birth_year < 1995 ? 1 : 2;
  std::vector<std::string_view> chars =
      Characters(sex == Sex::kMale ? kMaleChars[era] : kFemaleChars[era]);
  std::string name(chars[rng.Uniform(chars.size())]);
  if (!rng.Bernoulli(kOneCharGivenNameShare)) name += chars[rng.Uniform(chars.size())];
  return name;
}

std::string DrawPhone(core::Rng& rng, std::unordered_set<std::string>& used) {
  while (true) {
    std::string phone = "1";
    phone += kPhoneSecondDigits[Pick(rng, kPhoneSecondDigitWeights)];
    for (int i = 0; i < 9; ++i) phone += static_cast<char>('0' + rng.Uniform(10));
    if (used.insert(phone).second) return phone;
  }
}

bool HasPhone(int age, core::Rng& rng) {
  if (age < 14) return false;
  if (age < kAdultAge) return rng.Bernoulli(kPhone14to17);
  if (age < 70) return rng.Bernoulli(kPhone18to69);
  if (age < 80) return rng.Bernoulli(kPhone70to79);
  return rng.Bernoulli(kPhone80Plus);
}

double RetiredShare(int age, Sex sex) {
  if (sex == Sex::kMale) return age >= 60 ? kRetiredMen60Plus : 0;
  if (age >= 55) return kRetiredWomen55Plus;
  return age >= 50 ? kRetiredWomen50to54 : 0;
}

EmploymentForm DrawEmployment(int age, Sex sex, core::Rng& rng) {
  if (age < 3) return EmploymentForm::kNone;
  if (age < kAdultAge) return EmploymentForm::kStudent;
  if (age <= 22 && rng.Bernoulli(kTertiaryStudentShare)) return EmploymentForm::kStudent;
  if (age >= 23 && age <= 25 && rng.Bernoulli(kPostgraduateShare)) return EmploymentForm::kStudent;
  bool male = sex == Sex::kMale;
  double retired = RetiredShare(age, sex);
  if (retired > 0 && rng.Bernoulli(retired)) return EmploymentForm::kRetired;
  if (age >= kElderlyAge) {
    return rng.Bernoulli(kWorkingElderlySelfEmployed) ? EmploymentForm::kSelfEmployed
                                                      : EmploymentForm::kNone;
  }
  if (rng.Bernoulli(male ? kNotInLabourForceMen : kNotInLabourForceWomen)) {
    return EmploymentForm::kNone;
  }
  if (rng.Bernoulli(kUnemploymentRate)) return EmploymentForm::kUnemployed;
  if (rng.Bernoulli(kPlatformShareOfEmployed)) {
    constexpr std::array<EmploymentForm, 4> kForms = {
        EmploymentForm::kDeliveryRider, EmploymentForm::kRideHailingDriver,
        EmploymentForm::kEcommerceLivestreaming, EmploymentForm::kOtherPlatform};
    return kForms[Pick(rng, male ? kPlatformFormsMale : kPlatformFormsFemale)];
  }
  return rng.Bernoulli(kSelfEmployedShare) ? EmploymentForm::kSelfEmployed
                                           : EmploymentForm::kEmployee;
}

Insurance DrawInsurance(EmploymentForm form, int age, core::Rng& rng) {
  const std::array<double, 4>* weights = &kInsuranceNotWorking;
  switch (form) {
    case EmploymentForm::kEmployee:
      weights = &kInsuranceEmployee;
      break;
    case EmploymentForm::kSelfEmployed:
      weights = &kInsuranceSelfEmployed;
      break;
    case EmploymentForm::kUnemployed:
      weights = &kInsuranceUnemployed;
      break;
    case EmploymentForm::kRetired:
      weights = &kInsuranceRetired;
      break;
    case EmploymentForm::kStudent:
      weights = &kInsuranceChild;
      break;
    case EmploymentForm::kNone:
      weights = age < 3 ? &kInsuranceInfant : &kInsuranceNotWorking;
      break;
    default:  // the platform forms
      weights = &kInsurancePlatform;
      break;
  }
  constexpr std::array<Insurance, 4> kOrder = {Insurance::kEmployee, Insurance::kResident,
                                               Insurance::kFlexible, Insurance::kNone};
  return kOrder[Pick(rng, *weights)];
}

double DisabilityRate(int age) {
  if (age < kAdultAge) return kDisabledUnder18;
  if (age < kElderlyAge) return kDisabled18to59;
  if (age < 80) return kDisabled60to79;
  return kDisabled80Plus;
}

std::string_view InsuranceId(Insurance insurance) {
  return registry::InsuranceTerms()[static_cast<size_t>(insurance)].id;
}

// Everything the demo writes, generated in memory first.
struct Plan {
  std::vector<Household> households;
  std::vector<BuildingPlan> buildings;
  std::vector<std::vector<Resident>> residents;  // per household
  std::unordered_set<std::string> id_numbers;
};

std::string HouseholdNumber(size_t index, size_t count) {
  std::string digits = std::to_string(index + 1);
  size_t width = std::max<size_t>(4, std::to_string(count).size());
  return "HL-" + std::string(width - digits.size(), '0') + digits;
}

StatusOr<std::string> DrawIdNumber(std::string_view region, core::Date birth, Sex sex,
                                   core::Rng& rng, std::unordered_set<std::string>& used) {
  constexpr int kSequences = 500;  // per region, birth date and sex (GB 11643)
  int start = UniformInt(rng, 0, kSequences - 1);
  for (int i = 0; i < kSequences; ++i) {
    ALLEY_ASSIGN_OR_RETURN(std::string id,
                           core::MakeIdNumber(region, birth, (start + i) % kSequences, sex));
    if (used.insert(id).second) return id;
  }
  return InternalError("no free ID number sequence for " + std::string(region) + " " +
                       birth.ToString());
}

double ResidentOnlyShare(int head_age) {
  if (head_age < 45) return kResidentOnlyHeadUnder45;
  if (head_age < kElderlyAge) return kResidentOnlyHead45to59;
  return kResidentOnlyHead60Plus;
}

StatusOr<Plan> Generate(const DemoOptions& options) {
  core::Rng root(options.seed);
  core::Rng ages = root.Fork(kStreamAges);
  core::Rng family_rng = root.Fork(kStreamHouseholds);
  core::Rng places = root.Fork(kStreamPlaces);
  core::Rng attributes = root.Fork(kStreamAttributes);
  core::Rng ids = root.Fork(kStreamIds);
  core::Rng names = root.Fork(kStreamNames);

  Plan plan;
  AgePool pool = DrawPopulation(options.residents, ages);
  plan.households = HouseholdBuilder(pool, family_rng).Build();

  // Registration and subsistence per household; they steer the compound.
  for (Household& h : plan.households) {
    int head = HeadAge(h);
    h.resident_only = attributes.Bernoulli(ResidentOnlyShare(head));
    if (h.resident_only) h.origin = DrawOrigin(attributes);
    h.subsistence = attributes.Bernoulli(kSubsistenceHouseholdShare);
  }
  plan.buildings = PlaceHouseholds(plan.households, places);

  // Address order: compound, building, entrance, floor, flat.
  std::stable_sort(plan.households.begin(), plan.households.end(),
                   [](const Household& a, const Household& b) {
                     return std::tie(a.compound, a.building, a.entrance, a.floor, a.flat) <
                            std::tie(b.compound, b.building, b.entrance, b.floor, b.flat);
                   });

  const core::Date as_of = options.as_of;
  const core::Date yesterday = as_of.AddDays(-1);
  std::unordered_set<std::string> phones;
  plan.residents.resize(plan.households.size());
  for (size_t hi = 0; hi < plan.households.size(); ++hi) {
    Household& h = plan.households[hi];
    const CompoundSpec& spec = kCompounds[h.compound];
    // Move-in: after the compound was finished (mid-year) and the head came of
    // age, within the tenure window of owners or renters.
    const core::Date built = Ymd(spec.built_year, 7, 1);
    const int tenure_years = h.resident_only ? kRenterMaxTenureYears : kOwnerMaxTenureYears;
    core::Date earliest =
        std::max({built, as_of.AddYears(-(HeadAge(h) - kAdultAge)), as_of.AddYears(-tenure_years)});
    earliest = std::min(earliest, yesterday);
    h.move_in = earliest.AddDays(static_cast<int64_t>(
        places.Uniform(static_cast<uint64_t>(yesterday.days() - earliest.days()) + 1)));

    for (const Member& m : h.members) {
      Resident r;
      r.identity.sex = std::string(core::SexName(m.sex));
      r.identity.birth_date = BirthDate(m.age, as_of, ages);
      r.identity.synthetic = true;
      // Registration: the household's, but some in-laws kept theirs elsewhere.
      bool in_law = m.relation == "spouse" || m.relation == "child_in_law";
      bool resident_only =
          h.resident_only || (in_law && attributes.Bernoulli(kResidentOnlyInLawShare));
      if (h.resident_only) {
        r.region = h.origin;
      } else if (resident_only) {
        r.region = DrawOrigin(attributes);
      } else if (m.age >= kAdultAge && attributes.Bernoulli(kRegisteredBornElsewhere)) {
        r.region = attributes.Bernoulli(kBornElsewhereInLianyungang)
                       ? kLianyungangRegions[attributes.Uniform(kLianyungangRegions.size())]
                       : kJiangsuRegions[attributes.Uniform(kJiangsuRegions.size())];
      } else {
        r.region = kHaizhouRegion;
      }
      ALLEY_ASSIGN_OR_RETURN(r.identity.id_number, DrawIdNumber(r.region, r.identity.birth_date,
                                                                m.sex, ids, plan.id_numbers));

      store::ResidentVersion& v = r.version;
      v.valid_from = std::max(h.move_in, r.identity.birth_date);
      v.change = "register";
      v.status = "active";
      v.name = std::string(kSurnames[m.surname].text) +
               GivenName(m.sex, r.identity.birth_date.year(), names);
      if (HasPhone(m.age, attributes)) v.phone = DrawPhone(attributes, phones);
      v.community_code = std::string(kHailianCode);
      v.relation = std::string(m.relation);
      v.building = std::to_string(h.building) + "号楼";
      v.entrance = std::to_string(h.entrance) + "单元";
      v.room = std::to_string(h.floor * 100 + h.flat);
      v.registration = std::string(
          registry::RegistrationTerms()[static_cast<size_t>(
                                            resident_only ? registry::Registration::kResidentOnly
                                                          : registry::Registration::kRegistered)]
              .id);
      EmploymentForm form = DrawEmployment(m.age, m.sex, attributes);
      v.employment = std::string(registry::EmploymentFormId(form));
      v.insurance = std::string(InsuranceId(DrawInsurance(form, m.age, attributes)));

      uint32_t tags = 0;
      bool living_alone = m.age >= kElderlyAge && h.members.size() == 1;
      if (living_alone) tags |= registry::TagBit(ResidentTag::kLivingAlone);
      if (attributes.Bernoulli(DisabilityRate(m.age))) {
        tags |= registry::TagBit(ResidentTag::kDisability);
      }
      if (h.subsistence) {
        tags |= registry::TagBit(ResidentTag::kSubsistence);
      } else if (living_alone && attributes.Bernoulli(kSpecialHardshipOfLivingAlone)) {
        tags |= registry::TagBit(ResidentTag::kSpecialHardship);
      }
      if (m.age >= 25 &&
          attributes.Bernoulli(m.sex == Sex::kMale ? kVeteranMen25Plus : kVeteranWomen25Plus)) {
        tags |= registry::TagBit(ResidentTag::kVeteran);
      }
      if (h.skip_generation && m.generation == 2 && m.age <= kLeftBehindMaxAge) {
        tags |= registry::TagBit(ResidentTag::kLeftBehindChild);
      }
      v.tags = tags;
      plan.residents[hi].push_back(std::move(r));
    }
  }
  return plan;
}

// The first `n` child sequence numbers of `parent` that no unit uses.
StatusOr<std::vector<int>> FreeSequences(store::Writer& w, std::string_view parent, size_t n) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children, w.ChildUnits(parent));
  std::vector<bool> used(1000, false);
  for (const store::UnitRow& u : children) {
    std::string_view suffix = std::string_view(u.code).substr(parent.size());
    int sequence = 0;
    for (char c : suffix) sequence = sequence * 10 + (c - '0');
    if (sequence >= 0 && sequence < 1000) used[static_cast<size_t>(sequence)] = true;
  }
  std::vector<int> out;
  for (int s = 1; s < 1000 && out.size() < n; ++s) {
    if (!used[static_cast<size_t>(s)]) out.push_back(s);
  }
  if (out.size() < n) {
    return OutOfRangeError("community " + std::string(parent) + " has no free compound codes");
  }
  return out;
}

Status WritePlan(store::Writer& w, Plan& plan, const DemoOptions& options, DemoReport& report) {
  const std::string community(kHailianCode);
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(community));
  if (!unit) {
    return FailedPreconditionError("unit " + community +
                                   " not found: run `alley import divisions` first");
  }
  // The activity refers to the residents and facilities: it goes first.
  ALLEY_RETURN_IF_ERROR(DeleteActivity(w, community));
  ALLEY_RETURN_IF_ERROR(w.DeleteSyntheticUnder(community));

  ALLEY_ASSIGN_OR_RETURN(std::vector<int> sequences,
                         FreeSequences(w, community, kCompounds.size()));
  std::vector<std::string> codes;
  std::vector<store::UnitRow> units;
  for (size_t c = 0; c < kCompounds.size(); ++c) {
    store::UnitRow u;
    u.code = core::ChildCode(community, sequences[c]);
    u.parent_code = community;
    u.level = core::UnitLevel::kCompound;
    u.name = std::string(kCompounds[c].name);
    u.source = "demo";
    u.synthetic = true;
    core::LatLon centre = CompoundCentre(c);
    u.lat = centre.lat;
    u.lon = centre.lon;
    codes.push_back(u.code);
    units.push_back(std::move(u));
  }
  ALLEY_RETURN_IF_ERROR(w.UpsertUnits(units));
  report.compounds = static_cast<int64_t>(units.size());

  for (const BuildingPlan& b : plan.buildings) {
    store::BuildingRow row;
    row.unit_code = codes[b.compound];
    row.name = std::to_string(b.number) + "号楼";
    row.lat = b.location.lat;
    row.lon = b.location.lon;
    row.floors = kCompounds[b.compound].floors;
    row.synthetic = true;
    ALLEY_RETURN_IF_ERROR(w.InsertBuilding(row).status());
  }
  report.buildings = static_cast<int64_t>(plan.buildings.size());

  for (const FacilitySpec& f : kFacilities) {
    store::FacilityRow row;
    row.unit_code = f.compound ? codes[*f.compound] : community;
    row.type = std::string(registry::FacilityTypeId(f.type));
    row.name = std::string(f.name);
    core::LatLon at = core::OffsetMeters(kHailianCentre, f.east_m, f.north_m);
    row.lat = at.lat;
    row.lon = at.lon;
    row.capacity = f.capacity;
    row.staff = f.staff;
    row.synthetic = true;
    ALLEY_RETURN_IF_ERROR(w.UpsertFacility(row).status());
  }
  report.facilities = static_cast<int64_t>(kFacilities.size());

  for (size_t i = 0; i < plan.households.size(); ++i) {
    const Household& h = plan.households[i];
    store::HouseholdRow row;
    row.community_code = community;
    row.number = HouseholdNumber(i, plan.households.size());
    row.unit_code = codes[h.compound];
    row.building = std::to_string(h.building) + "号楼";
    row.entrance = std::to_string(h.entrance) + "单元";
    row.room = std::to_string(h.floor * 100 + h.flat);
    row.synthetic = true;
    ALLEY_ASSIGN_OR_RETURN(int64_t household_id, w.InsertHousehold(row));
    for (Resident& r : plan.residents[i]) {
      // A resident already in the store (entered by hand) keeps the number:
      // the demo person takes the next free sequence.
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentIdentity> taken,
                             w.FindResidentByIdNumber(r.identity.id_number));
      for (int attempt = 0; taken; ++attempt) {
        if (attempt > 100) return InternalError("no free ID number for a demo resident");
        core::Rng retry(options.seed ^ static_cast<uint64_t>(attempt + 1));
        ALLEY_ASSIGN_OR_RETURN(r.identity.id_number,
                               DrawIdNumber(r.region, r.identity.birth_date,
                                            r.identity.sex == "male" ? Sex::kMale : Sex::kFemale,
                                            retry, plan.id_numbers));
        ALLEY_ASSIGN_OR_RETURN(taken, w.FindResidentByIdNumber(r.identity.id_number));
      }
      ALLEY_ASSIGN_OR_RETURN(int64_t id, w.InsertResident(r.identity));
      r.version.resident_id = id;
      r.version.unit_code = codes[h.compound];
      r.version.household_id = household_id;
      ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(r.version));
      ++report.residents;
    }
  }
  report.households = static_cast<int64_t>(plan.households.size());
  return OkStatus();
}

}  // namespace

std::span<const CensusAgeGroup> JiangsuCensus2020() { return kJiangsu2020; }

StatusOr<DemoReport> BuildHailianDemo(store::Store& store, const DemoOptions& options) {
  if (options.residents < 1 || options.residents > kMaxDemoResidents) {
    return InvalidArgumentError("the demo needs 1 to " + std::to_string(kMaxDemoResidents) +
                                " residents, not " + std::to_string(options.residents));
  }
  if (options.as_of < Ymd(2005, 1, 1) || options.as_of > Ymd(2100, 12, 31)) {
    return InvalidArgumentError("the demo's reference date must lie in 2005..2100, not " +
                                options.as_of.ToString());
  }
  ALLEY_ASSIGN_OR_RETURN(Plan plan, Generate(options));
  DemoReport report;
  report.seed = options.seed;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    report = DemoReport{};
    report.seed = options.seed;
    ALLEY_RETURN_IF_ERROR(WritePlan(w, plan, options, report));
    ALLEY_ASSIGN_OR_RETURN(report.activity, WriteActivity(w, kHailianCode, options.as_of,
                                                          options.seed, options.actor));
    ALLEY_ASSIGN_OR_RETURN(
        report.network,
        WriteDemoNetwork(w, options.seed,
                         internal::Secs(internal::BeijingMidnight(options.as_of.AddDays(1))) - 1));
    return OkStatus();
  }));
  return report;
}

}  // namespace alley::demo
