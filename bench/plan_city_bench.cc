// Planning at city scale, end to end: a nodes.csv/edges.csv network of a
// million vertices or more, homes and facilities placed on it at random
// (seeded), and the pipeline's stages in the order `alley plan run`
// (planning/plan_run.cc) runs them, each timed (wall and CPU), then siting on
// the catchment pairs. A plain timed executable, not Google Benchmark: one
// run of a few seconds whose stages are the figures.
//
//   build/bench/alley_plan_city_bench --graph DIR [--homes N] [--existing F]
//       [--candidates C] [--choose P] [--threads T] [--seed S] [--no-limit]
//   bench/plan_city.sh                     # builds, makes the graph, sweeps
//
// DIR holds nodes.csv and edges.csv (planning/graph_csv.h). Without --graph
// (or ALLEY_BENCH_GRAPH): Monaco (ALLEY_SHARED_DATA/osm/monaco.osm.pbf) as
// `alley plan import-osm` + `alley plan export-graph` give it, tiled to a
// million vertices by scripts/stretch_network.py, made once in
// $TMPDIR/alley-plan-city. The places (seed S, default 2026):
//   homes       N (default: one per vertex), each a building at a vertex
//               chosen uniformly, moved up to 25 m east and north; 1 to 120
//               residents, of whom children aged 3 to 5 about 3 % (binomial)
//   existing    F kindergartens (default 3,000) placed the same way, 30 to
//               240 places each
//   candidates  C candidate sites (default 2,000), the same way
//   units       the homes' 8 × 8 grid cells of the network's bounding box
//               (the groups of Theil's decomposition and of coverage by unit)
// The stages:
//   load        read the two files, ParseGraphCsv (build the CSR graph)
//   snap        Snapper over the graph, SnapAll of every home, facility and
//               candidate (1,000 m at most, as plan run)
//   nearest     FindNearestFacilities: each home's nearest existing one
//   reach       ReachHomes: every (home, site) pair within 15 minutes from
//               existing facilities and candidates (one search each)
//   access      ComputeAccessibility, E2SFCA (5/10/15-minute zones), demand
//               the target group, supply the places, existing facilities
//   coverage    ComputeCoverage against the kindergarten norm (300 m: 5 min)
//               overall and per unit
//   equity      WeightedGini (residents, target group), TheilT by unit,
//               WorstServedShare (the worst-served decile)
//   siting      MCLP heuristic: the existing ones fixed, P (default 100) of the
//               candidates chosen to cover the most children within the norm,
//               on the reach pairs (SitingProblem built from them, then Solve)
// Then, unless --no-limit, the machine's own limits measured in the same
// process on the same graph and sites: one BoundedSearch on one thread, site
// after site (relaxations per second of CPU: the rate of this search on one
// core), and the reached vertices' arcs read in order without a heap (arcs
// per second: the memory floor, bench/catchments_bench.cc's BM_CatchmentsScan).
//
// Output: a table of stages (wall ms, CPU ms of the whole process, so both
// threads count), then one line `summary key=value ...` for scripts.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/geo.h"
#include "planning/accessibility.h"
#include "planning/catchments.h"
#include "planning/equity.h"
#include "planning/graph.h"
#include "planning/graph_csv.h"
#include "planning/norms.h"
#include "planning/place_reach.h"
#include "planning/siting.h"
#include "planning/snap.h"

namespace alley::planning {
namespace {

struct Args {
  std::string graph;
  std::optional<std::uint64_t> homes;
  std::uint32_t existing = 3000;
  std::uint32_t candidates = 2000;
  std::uint32_t choose = 100;
  unsigned threads = 0;
  std::uint64_t seed = 2026;
  bool limit = true;
};

[[noreturn]] void Fail(const std::string& why) {
  std::fprintf(stderr, "alley_plan_city_bench: %s\n", why.c_str());
  std::exit(1);
}

template <typename T>
T Check(StatusOr<T> v, std::string_view what) {
  if (!v.ok()) Fail(fmt::format("{}: {}", what, v.status().ToString()));
  return *std::move(v);
}

Args Parse(int argc, char** argv) {
  Args a;
  auto number = [&](int& i) -> std::uint64_t {
    if (i + 1 >= argc) Fail(fmt::format("{} needs a value", argv[i]));
    const std::string v = argv[++i];
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) {
      Fail(fmt::format("{} {}: not a whole number", argv[i - 1], v));
    }
    return std::stoull(v);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--graph") {
      if (i + 1 >= argc) Fail("--graph needs a folder");
      a.graph = argv[++i];
    } else if (arg == "--homes") {
      a.homes = number(i);
    } else if (arg == "--existing") {
      a.existing = static_cast<std::uint32_t>(number(i));
    } else if (arg == "--candidates") {
      a.candidates = static_cast<std::uint32_t>(number(i));
    } else if (arg == "--choose") {
      a.choose = static_cast<std::uint32_t>(number(i));
    } else if (arg == "--threads") {
      a.threads = static_cast<unsigned>(number(i));
    } else if (arg == "--seed") {
      a.seed = number(i);
    } else if (arg == "--no-limit") {
      a.limit = false;
    } else if (arg == "-h" || arg == "--help") {
      std::printf(
          "usage: alley_plan_city_bench --graph DIR [--homes N] [--existing F] [--candidates C]\n"
          "           [--choose P] [--threads T] [--seed S] [--no-limit]\n"
          "(bench/plan_city_bench.cc's header says what each stage does)\n");
      std::exit(0);
    } else {
      Fail(fmt::format("unknown argument {} (see --help)", arg));
    }
  }
  if (a.graph.empty()) {
    if (const char* dir = std::getenv("ALLEY_BENCH_GRAPH"); dir != nullptr) a.graph = dir;
  }

  if (a.existing == 0) Fail("--existing must be at least 1");
  if (a.choose > a.candidates) Fail("--choose must not exceed --candidates");
  return a;
}

// The default graph: Monaco as `alley plan import-osm` and `export-graph`
// give it, tiled to a million vertices by scripts/stretch_network.py, made
// once in $TMPDIR/alley-plan-city (kept for the next run).
std::string DefaultGraph() {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path dir =
      std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "alley-plan-city";
  const std::filesystem::path out = dir / "osm-1000000";
  if (std::filesystem::exists(out / "edges.csv")) return out.string();
  const std::filesystem::path osm =
      std::filesystem::path(ALLEY_SHARED_DATA) / "osm" / "monaco.osm.pbf";
  if (!std::filesystem::exists(osm)) {
    Fail(fmt::format("no --graph, and no {} to make the default one from", osm.string()));
  }
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "osm.db").string();
  std::filesystem::remove(db);
  const std::string commands = fmt::format(
      "'{0}' --db '{1}' plan import-osm '{2}' >/dev/null && '{0}' --db '{1}' plan export-graph "
      "'{3}/osm' >/dev/null && {6} '{4}/scripts/stretch_network.py' '{3}/osm' '{5}' "
      "--vertices 1000000 >/dev/null",
      ALLEY_BINARY, db, osm.string(), dir.string(), ALLEY_SOURCE_DIR, out.string(),
      // The system's python has numpy (bench/catchments.sh likewise).
      std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
  std::fprintf(stderr, "making the default graph (Monaco tiled to 1M vertices) in %s\n",
               out.string().c_str());
  if (std::system(commands.c_str()) != 0) Fail("could not make the default graph: " + commands);
  return out.string();
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot open " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall and process CPU time of stages, printed as they end.
class Stages {
 public:
  void Start() {
    wall_ = std::chrono::steady_clock::now();
    cpu_ = CpuSeconds();
  }
  // Ends the stage begun by the last Start (and starts the next).
  void End(std::string_view name, std::string_view what, bool counted = true) {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    const double cpu = CpuSeconds() - cpu_;
    std::printf("%-10s %9.1f %9.1f  %s\n", std::string(name).c_str(), wall * 1e3, cpu * 1e3,
                std::string(what).c_str());
    std::fflush(stdout);
    if (counted) {
      total_wall_ += wall;
      total_cpu_ += cpu;
    }
    summary_ += fmt::format(" {}_wall={:.4f} {}_cpu={:.4f}", name, wall, name, cpu);
    last_wall_ = wall;
    last_cpu_ = cpu;
    Start();
  }
  double last_wall() const { return last_wall_; }
  double last_cpu() const { return last_cpu_; }
  double total_wall() const { return total_wall_; }
  double total_cpu() const { return total_cpu_; }
  const std::string& summary() const { return summary_; }

 private:
  std::chrono::steady_clock::time_point wall_;
  double cpu_ = 0;
  double total_wall_ = 0, total_cpu_ = 0, last_wall_ = 0, last_cpu_ = 0;
  std::string summary_;
};

// A point up to 25 m east and north of a vertex chosen uniformly.
core::LatLon NearVertex(const Graph& g, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::uint32_t> vertex(0, g.vertex_count() - 1);
  std::uniform_real_distribution<double> metres(-25, 25);
  const core::LatLon p = g.Point(vertex(rng));
  constexpr double kMetresPerDegree = core::kEarthRadiusMeters * 3.141592653589793 / 180;
  const double lat = p.lat + metres(rng) / kMetresPerDegree;
  const double lon =
      p.lon + metres(rng) / (kMetresPerDegree * std::cos(p.lat * 3.141592653589793 / 180));
  return {lat, lon};
}

std::string Thousands(std::uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

int Main(int argc, char** argv) {
  Args args = Parse(argc, argv);
  if (args.graph.empty()) args.graph = DefaultGraph();
  const unsigned threads =
      args.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : args.threads;
  const FacilityNorm& norm = NormFor(registry::FacilityType::kKindergarten);
  const Deciseconds reach_ds = MinutesToDeciseconds(15);
  const Deciseconds norm_ds = norm.walk_ds;
  constexpr double kSnapMaxM = 1000;
  constexpr std::uint32_t kGrid = 8;

  std::printf("%-10s %9s %9s  %s\n", "stage", "wall ms", "CPU ms", "what");
  Stages st;
  st.Start();

  // Load.
  const std::filesystem::path dir(args.graph);
  const std::string nodes = ReadAll(dir / "nodes.csv");
  const std::string edges = ReadAll(dir / "edges.csv");
  const Graph graph = Check(ParseGraphCsv(nodes, edges, {}), args.graph);
  const std::uint32_t n_vertices = graph.vertex_count();
  st.End("load",
         fmt::format("{} vertices, {} arcs ({} MB of CSV)", Thousands(n_vertices),
                     Thousands(graph.arc_count()), (nodes.size() + edges.size()) / 1'000'000));

  // Places (the bench's input, not a pipeline stage: not in the total).
  std::mt19937_64 rng(args.seed);
  const std::uint64_t n_homes = args.homes.value_or(n_vertices);
  std::vector<core::LatLon> home_at(n_homes);
  std::vector<double> residents(n_homes), children(n_homes);
  std::uniform_int_distribution<int> people(1, 120);
  for (std::uint64_t i = 0; i < n_homes; ++i) {
    home_at[i] = NearVertex(graph, rng);
    const int r = people(rng);
    residents[i] = r;
    children[i] = std::binomial_distribution<int>(r, 0.03)(rng);
  }
  const std::uint32_t n_sites = args.existing + args.candidates;
  std::vector<core::LatLon> site_at(n_sites);
  std::vector<double> capacity(args.existing);
  std::uniform_int_distribution<int> places(30, 240);
  for (std::uint32_t j = 0; j < n_sites; ++j) {
    site_at[j] = NearVertex(graph, rng);
    if (j < args.existing) capacity[j] = places(rng);
  }
  core::LatLon lo{90, 180}, hi{-90, -180};
  for (const core::LatLon& p : graph.points()) {
    lo = {std::min(lo.lat, p.lat), std::min(lo.lon, p.lon)};
    hi = {std::max(hi.lat, p.lat), std::max(hi.lon, p.lon)};
  }
  std::vector<std::uint32_t> unit_of_home(n_homes);
  for (std::uint64_t i = 0; i < n_homes; ++i) {
    auto cell = [&](double v, double a, double b) {
      const double x = (v - a) / std::max(b - a, 1e-12) * kGrid;
      return static_cast<std::uint32_t>(std::clamp(x, 0.0, kGrid - 1.0));
    };
    unit_of_home[i] =
        cell(home_at[i].lat, lo.lat, hi.lat) * kGrid + cell(home_at[i].lon, lo.lon, hi.lon);
  }
  st.End("places",
         fmt::format("{} homes, {} existing, {} candidates (generated; not in the total)",
                     Thousands(n_homes), Thousands(args.existing), Thousands(args.candidates)),
         /*counted=*/false);

  // Snap.
  const Snapper snapper(graph);
  const std::vector<StatusOr<Snapped>> home_snaps = snapper.SnapAll(home_at, kSnapMaxM, threads);
  const std::vector<StatusOr<Snapped>> site_snaps = snapper.SnapAll(site_at, kSnapMaxM, threads);
  std::vector<Snapped> homes;
  std::vector<std::uint32_t> home_of;
  homes.reserve(n_homes);
  home_of.reserve(n_homes);
  double unsnapped = 0;
  for (std::uint64_t i = 0; i < n_homes; ++i) {
    if (home_snaps[i].ok()) {
      homes.push_back(*home_snaps[i]);
      home_of.push_back(static_cast<std::uint32_t>(i));
    } else {
      unsnapped += residents[i];
    }
  }
  std::vector<Snapped> sites;
  for (std::uint32_t j = 0; j < n_sites; ++j) {
    // Every site lies within 36 m of a vertex: it snaps.
    sites.push_back(Check(StatusOr<Snapped>(site_snaps[j]), fmt::format("site {}", j)));
  }
  st.End("snap", fmt::format("{} homes + {} sites snapped ({} threads; {} residents unsnapped)",
                             Thousands(homes.size()), Thousands(sites.size()), threads, unsnapped));

  // Nearest existing facility per home.
  const std::span<const Snapped> existing(sites.data(), args.existing);
  const NearestFacilities nearest_snapped =
      FindNearestFacilities(graph, homes, existing, kUnreachable - 1);
  std::vector<Deciseconds> nearest(n_homes, kUnreachable);
  for (std::size_t k = 0; k < homes.size(); ++k) nearest[home_of[k]] = nearest_snapped.time[k];
  st.End("nearest", "FindNearestFacilities: one search from every existing facility");

  // Catchment pairs within 15 minutes, existing facilities then candidates.
  PlacePairs pairs = Check(ReachHomes(graph, homes, sites, reach_ds, threads), "ReachHomes");
  for (std::uint32_t& h : pairs.home) h = home_of[h];
  const std::uint64_t relaxations = pairs.relaxations;
  // A fingerprint of the pairs (FNV-1a of home, site, time), to check that a
  // change to the code leaves the answer as it was.
  std::uint64_t fingerprint = 14695981039346656037ULL;
  for (std::size_t p = 0; p < pairs.home.size(); ++p) {
    for (const std::uint32_t x : {pairs.home[p], pairs.facility[p], pairs.time[p]}) {
      fingerprint = (fingerprint ^ x) * 1099511628211ULL;
    }
  }
  st.End("reach", fmt::format("ReachHomes, 15 min: {} pairs, {} relaxations (pairs {:016x})",
                              Thousands(pairs.home.size()), Thousands(relaxations), fingerprint));
  const double reach_s = st.last_wall();
  const double reach_cpu_s = st.last_cpu();
  // The pairs are by facility: the existing ones' are a prefix.
  const auto existing_pairs = static_cast<std::size_t>(
      std::lower_bound(pairs.facility.begin(), pairs.facility.end(), args.existing) -
      pairs.facility.begin());

  // Accessibility (E2SFCA) of the existing facilities.
  AccessOptions access_options;
  access_options.threshold_ds = reach_ds;
  access_options.zones = DecayZonesFor(reach_ds);
  const ReachPairs view{std::span(pairs.home).first(existing_pairs),
                        std::span(pairs.facility).first(existing_pairs),
                        std::span(pairs.time).first(existing_pairs)};
  const AccessResult access =
      Check(ComputeAccessibility(children, capacity, view, access_options), "accessibility");
  st.End("access",
         fmt::format("E2SFCA over {} pairs: {:.4f} places per child on average",
                     Thousands(existing_pairs), access.reached_supply / std::max(1.0, [&] {
                                                  double s = 0;
                                                  for (double c : children) s += c;
                                                  return s;
                                                }())));

  // Coverage against the norm.
  const CoverageInput in{nearest, residents, children, unit_of_home, kGrid * kGrid};
  const CoverageResult coverage = Check(ComputeCoverage(in, norm_ds), "coverage");
  st.End("coverage", fmt::format("within {} ds: {:.1f} % of residents, {} homes unserved", norm_ds,
                                 100 * coverage.overall.residents.share.value_or(0),
                                 Thousands(coverage.unserved.size())));

  // Equity.
  const std::optional<double> gini = Check(WeightedGini(access.home_access, residents), "gini");
  const std::optional<double> gini_target =
      Check(WeightedGini(access.home_access, children), "gini");
  const TheilResult theil =
      Check(TheilT(access.home_access, residents, unit_of_home, kGrid * kGrid), "theil");
  const WorstServed worst = Check(WorstServedShare(access.home_access, residents, 0.1), "decile");
  st.End("equity",
         fmt::format("Gini {:.4f} (children {:.4f}), Theil T {:.4f}, worst decile <= {:.4g}",
                     gini.value_or(-1), gini_target.value_or(-1), theil.total.value_or(-1),
                     worst.threshold.value_or(-1)));

  // Siting: MCLP, existing fixed, `choose` candidates opened.
  SitingProblem problem;
  problem.weights = children;
  problem.facility_count = static_cast<std::int32_t>(n_sites);
  problem.costs.reserve(pairs.home.size());
  for (std::size_t p = 0; p < pairs.home.size(); ++p) {
    problem.costs.push_back({static_cast<std::int32_t>(pairs.home[p]),
                             static_cast<std::int32_t>(pairs.facility[p]),
                             static_cast<double>(pairs.time[p])});
  }
  problem.fixed.resize(args.existing);
  for (std::uint32_t j = 0; j < args.existing; ++j) problem.fixed[j] = static_cast<std::int32_t>(j);
  SitingOptions siting_options;
  siting_options.model = SitingModel::kMclp;
  siting_options.p = static_cast<std::int32_t>(args.existing + args.choose);
  siting_options.radius = norm_ds;
  const SitingResult sited = Check(Solve(problem, siting_options), "siting");
  st.End("siting",
         fmt::format("MCLP, {} of {} candidates: children covered {:.1f} % -> {:.1f} % ({} in "
                     "Solve)",
                     args.choose, args.candidates, 100 * coverage.overall.target.share.value_or(0),
                     100 * sited.covered_weight / std::max(sited.total_weight, 1.0),
                     fmt::format("{:.0f} ms", sited.seconds * 1e3)));

  const double total_wall = st.total_wall();
  const double total_cpu = st.total_cpu();
  std::printf("%-10s %9.1f %9.1f  %s\n", "TOTAL", total_wall * 1e3, total_cpu * 1e3,
              "load + snap + nearest + reach + access + coverage + equity + siting");
  std::printf("reach: %.1f M relaxations/s of wall, %.1f M/s of CPU (%u threads)\n",
              static_cast<double>(relaxations) / reach_s / 1e6,
              static_cast<double>(relaxations) / reach_cpu_s / 1e6, threads);

  std::string limits;
  if (args.limit) {
    // One BoundedSearch on one thread, site after site: this search's rate
    // on one core of this machine, measured now.
    BoundedSearch search(graph);
    std::uint64_t one_relax = 0;
    std::vector<std::vector<VertexId>> sets;
    st.Start();
    for (const Snapped& s : sites) {
      const auto seeds = SeedsOf(s, 0);
      search.Run(seeds, reach_ds);
      one_relax += search.relaxations();
    }
    st.End("limit:dij", "one BoundedSearch per site, one thread (no homes)", false);
    const double one_rate = static_cast<double>(one_relax) / st.last_cpu();
    const double one_rate_wall = static_cast<double>(one_relax) / st.last_wall();
    std::uint64_t arcs = 0;
    for (const Snapped& s : sites) {
      std::vector<VertexId> set;
      for (const Reached& r : search.Run(SeedsOf(s, 0), reach_ds)) set.push_back(r.vertex);
      for (VertexId v : set) arcs += graph.Targets(v).size();
      sets.push_back(std::move(set));
    }
    st.Start();
    std::uint64_t sum = 0;
    constexpr int kScanRounds = 5;
    for (int round = 0; round < kScanRounds; ++round) {
      for (const auto& set : sets) {
        for (VertexId v : set) {
          for (Deciseconds w : graph.Weights(v)) sum += w <= reach_ds ? w : 0;
          for (VertexId t : graph.Targets(v)) sum += t & 1U;
        }
      }
    }
    st.End("limit:scan",
           fmt::format("the same vertices' arcs read in order, no heap, x{} ({})", kScanRounds,
                       sum % 10),
           false);
    const double scan_rate = static_cast<double>(arcs) * kScanRounds / st.last_cpu();
    std::printf(
        "limit: one bounded Dijkstra %.1f M relaxations/s of CPU (%.1f of wall) on one core; "
        "x%u cores = %.1f M/s; reach ran at %.0f %% of that (wall)\n"
        "limit: arc scan %.0f M arcs/s (the memory floor of a search's relaxations)\n",
        one_rate / 1e6, one_rate_wall / 1e6, threads, one_rate * threads / 1e6,
        100 * (static_cast<double>(relaxations) / reach_s) / (one_rate * threads), scan_rate / 1e6);
    limits = fmt::format(" limit_relax_per_s={:.0f} limit_arcs_per_s={:.0f}", one_rate, scan_rate);
  }
  std::printf(
      "summary vertices=%u arcs=%llu homes=%llu existing=%u candidates=%u threads=%u pairs=%zu "
      "relaxations=%llu total_wall=%.4f total_cpu=%.4f relax_per_s=%.0f%s%s\n",
      n_vertices, static_cast<unsigned long long>(graph.arc_count()),
      static_cast<unsigned long long>(n_homes), args.existing, args.candidates, threads,
      pairs.home.size(), static_cast<unsigned long long>(relaxations), total_wall, total_cpu,
      static_cast<double>(relaxations) / reach_s, st.summary().c_str(), limits.c_str());
  return 0;
}

}  // namespace
}  // namespace alley::planning

int main(int argc, char** argv) { return alley::planning::Main(argc, argv); }
