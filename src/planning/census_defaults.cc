#include "planning/census_defaults.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/csv.h"

namespace alley::planning {
namespace {

constexpr char kPopulationFile[] = "census_2010_2020_population_by_province_age_sex.csv";
constexpr char kWomenFile[] = "census_2010_2020_women_15_49_by_age_education_births.csv";
constexpr char kBirthsFile[] = "census_2010_2020_births_by_province_sex_parity.csv";
constexpr char kStatsFile[] = "social_services_and_employment_stats.csv";
constexpr char kNation[] = "全国";
// The 2020 census's year of births (2019-11-01 to 2020-10-31) and the
// tabulations that cover every area and education level.
constexpr char kBirthYear2020[] = "2019.11.1-2020.10.31";
constexpr char kAllAreas[] = "不分城乡";
constexpr char kAllEducation[] = "不区分";

// A CSV file read whole, its columns found by name; messages say FILE:LINE.
class CsvFile {
 public:
  static StatusOr<CsvFile> Read(const std::filesystem::path& dir, const std::string& name) {
    const std::filesystem::path path = dir / name;
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFoundError(path.string() + ": cannot be read");
    std::stringstream buffer;
    buffer << in.rdbuf();
    CsvFile file;
    file.name_ = name;
    file.text_ = buffer.str();
    core::CsvReader reader(file.text_);
    core::CsvRecord record;
    bool first = true;
    while (true) {
      StatusOr<bool> more = reader.Next(&record);
      if (!more.ok()) return file.Wrap(more.status());
      if (!*more) break;
      if (first) {
        file.columns_ = record.fields;
        first = false;
        continue;
      }
      if (record.fields.size() != file.columns_.size()) {
        return InvalidArgumentError(file.At(record) + ": expected " +
                                    std::to_string(file.columns_.size()) + " fields, got " +
                                    std::to_string(record.fields.size()));
      }
      file.records_.push_back(record);
    }
    if (first) return DataLossError(name + ": the file is empty");
    return file;
  }

  StatusOr<size_t> Column(std::string_view column) const {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == column) return i;
    }
    return DataLossError(name_ + ":1: no column \"" + std::string(column) + "\"");
  }

  StatusOr<int64_t> Count(const core::CsvRecord& r, size_t column) const {
    const std::string& text = r.fields[column];
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || v < 0) {
      return InvalidArgumentError(At(r) + ": " + columns_[column] + " \"" + text +
                                  "\" is not a whole count");
    }
    return v;
  }

  StatusOr<double> Number(const core::CsvRecord& r, size_t column) const {
    const std::string& text = r.fields[column];
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() ||
        !std::isfinite(v)) {
      return InvalidArgumentError(At(r) + ": " + columns_[column] + " \"" + text +
                                  "\" is not a number");
    }
    return v;
  }

  std::string At(const core::CsvRecord& r) const { return name_ + ":" + std::to_string(r.line); }
  const std::string& name() const { return name_; }
  const std::vector<core::CsvRecord>& records() const { return records_; }

 private:
  // "line 4: ..." from the reader becomes "FILE:4: ...".
  Status Wrap(const Status& s) const {
    std::string message = s.message();
    if (message.rfind("line ", 0) == 0) message = message.substr(5);
    return Status(s.code(), name_ + ":" + message);
  }

  std::string name_;
  std::string text_;
  std::vector<std::string> columns_;
  std::vector<core::CsvRecord> records_;
};

// The nation's men and women by census year and age group ("0岁", "1-4岁",
// "5-9岁", …, "100岁及以上"), with the line each came from.
struct GroupCount {
  int64_t male = 0;
  int64_t female = 0;
  std::string at;
};
using NationalGroups = std::map<std::pair<std::string, std::string>, GroupCount>;

StatusOr<NationalGroups> ReadNationalGroups(const CsvFile& file) {
  ALLEY_ASSIGN_OR_RETURN(size_t year, file.Column("census_year"));
  ALLEY_ASSIGN_OR_RETURN(size_t area, file.Column("area"));
  ALLEY_ASSIGN_OR_RETURN(size_t group, file.Column("age_group"));
  ALLEY_ASSIGN_OR_RETURN(size_t male, file.Column("male"));
  ALLEY_ASSIGN_OR_RETURN(size_t female, file.Column("female"));
  NationalGroups groups;
  for (const core::CsvRecord& r : file.records()) {
    if (r.fields[area] != kNation) continue;
    GroupCount c;
    ALLEY_ASSIGN_OR_RETURN(c.male, file.Count(r, male));
    ALLEY_ASSIGN_OR_RETURN(c.female, file.Count(r, female));
    c.at = file.At(r);
    groups[{r.fields[year], r.fields[group]}] = c;
  }
  return groups;
}

std::string GroupName(size_t from) {
  if (from >= kOpenAge) return "100岁及以上";
  return std::to_string(from) + "-" + std::to_string(from + 4) + "岁";
}

StatusOr<GroupCount> Group(const NationalGroups& groups, const std::string& file,
                           const std::string& year, const std::string& name) {
  auto it = groups.find({year, name});
  if (it == groups.end()) {
    return DataLossError(file + ": no row for " + year + " " + kNation + " " + name);
  }
  return it->second;
}

// The nation's persons in a census year aged from..from+4, or from.. and
// over when open (from 0: the rows 0岁 and 1-4岁).
StatusOr<GroupCount> Persons(const NationalGroups& groups, const std::string& file,
                             const std::string& year, size_t from, bool open) {
  GroupCount sum;
  std::vector<std::string> names;
  if (from == 0) {
    names = {"0岁", "1-4岁"};
  } else {
    names.push_back(GroupName(from));
  }
  if (open) {
    for (size_t g = from + 5; g <= kOpenAge; g += 5) names.push_back(GroupName(g));
  }
  for (const std::string& name : names) {
    ALLEY_ASSIGN_OR_RETURN(GroupCount c, Group(groups, file, year, name));
    sum.male += c.male;
    sum.female += c.female;
    sum.at = c.at;
  }
  return sum;
}

}  // namespace

StatusOr<CensusDefaults> LoadCensusDefaults(const std::filesystem::path& dir) {
  ALLEY_ASSIGN_OR_RETURN(CsvFile population, CsvFile::Read(dir, kPopulationFile));
  ALLEY_ASSIGN_OR_RETURN(CsvFile women, CsvFile::Read(dir, kWomenFile));
  ALLEY_ASSIGN_OR_RETURN(CsvFile births, CsvFile::Read(dir, kBirthsFile));
  ALLEY_ASSIGN_OR_RETURN(NationalGroups groups, ReadNationalGroups(population));
  CensusDefaults out;
  ProjectionParameters& p = out.parameters;

  // Fertility.
  {
    ALLEY_ASSIGN_OR_RETURN(size_t type, women.Column("type"));
    ALLEY_ASSIGN_OR_RETURN(size_t year, women.Column("year"));
    ALLEY_ASSIGN_OR_RETURN(size_t education, women.Column("education"));
    ALLEY_ASSIGN_OR_RETURN(size_t age, women.Column("age"));
    ALLEY_ASSIGN_OR_RETURN(size_t count, women.Column("合计"));
    std::array<std::optional<int64_t>, kFertileAges> by_age;
    int64_t sample_births = 0;
    for (const core::CsvRecord& r : women.records()) {
      if (r.fields[type] != kAllAreas || r.fields[year] != kBirthYear2020 ||
          r.fields[education] != kAllEducation) {
        continue;
      }
      const std::string& a = r.fields[age];
      size_t x = 0;
      auto [ptr, ec] = std::from_chars(a.data(), a.data() + a.size(), x);
      if (ec != std::errc() || ptr != a.data() + a.size()) continue;  // 总计, 15-19岁, ...
      if (x < kFirstFertileAge || x > kLastFertileAge) {
        return InvalidArgumentError(women.At(r) + ": age " + a + " is outside 15..49");
      }
      ALLEY_ASSIGN_OR_RETURN(int64_t b, women.Count(r, count));
      by_age[x - kFirstFertileAge] = b;
      sample_births += b;
    }
    ALLEY_ASSIGN_OR_RETURN(GroupCount infants, Group(groups, population.name(), "2020", "0岁"));
    if (infants.male + infants.female == 0) {
      return DataLossError(infants.at + ": no persons aged 0 to scale the sample's births by");
    }
    out.sample_fraction =
        static_cast<double>(sample_births) / static_cast<double>(infants.male + infants.female);
    for (size_t x = kFirstFertileAge; x <= kLastFertileAge; ++x) {
      if (!by_age[x - kFirstFertileAge]) {
        return DataLossError(women.name() + ": no row for " + kAllAreas + " " + kBirthYear2020 +
                             " " + kAllEducation + " age " + std::to_string(x));
      }
    }
    for (size_t x = kFirstFertileAge; x <= kLastFertileAge; ++x) {
      const size_t i = x - kFirstFertileAge;
      ALLEY_ASSIGN_OR_RETURN(GroupCount w,
                             Group(groups, population.name(), "2020", GroupName(x / 5 * 5)));
      if (w.female == 0) return DataLossError(w.at + ": no women to divide births by");
      p.fertility[i] = static_cast<double>(*by_age[i]) / out.sample_fraction /
                       (static_cast<double>(w.female) / 5.0);
    }
    out.total_fertility_rate = TotalFertilityRate(p);
  }

  // Sex ratio at birth.
  {
    ALLEY_ASSIGN_OR_RETURN(size_t year, births.Column("year"));
    ALLEY_ASSIGN_OR_RETURN(size_t type, births.Column("type"));
    ALLEY_ASSIGN_OR_RETURN(size_t area, births.Column("area"));
    ALLEY_ASSIGN_OR_RETURN(size_t boys, births.Column("出生人数-男"));
    ALLEY_ASSIGN_OR_RETURN(size_t girls, births.Column("出生人数-女"));
    bool found = false;
    for (const core::CsvRecord& r : births.records()) {
      if (r.fields[year] != kBirthYear2020 || r.fields[type] != kAllAreas ||
          r.fields[area] != kNation) {
        continue;
      }
      ALLEY_ASSIGN_OR_RETURN(int64_t b, births.Count(r, boys));
      ALLEY_ASSIGN_OR_RETURN(int64_t g, births.Count(r, girls));
      if (g == 0) return DataLossError(births.At(r) + ": no girls born");
      p.sex_ratio_at_birth = 100.0 * static_cast<double>(b) / static_cast<double>(g);
      found = true;
      break;
    }
    if (!found) {
      return DataLossError(births.name() + ": no row for " + kBirthYear2020 + " " + kAllAreas +
                           " " + kNation);
    }
  }

  // Survival from the cohorts of 2010 and 2020.
  {
    for (size_t g = 0; g <= 90; g += 5) {
      const bool open = g == 90;
      ALLEY_ASSIGN_OR_RETURN(GroupCount before,
                             Persons(groups, population.name(), "2010", g, open));
      ALLEY_ASSIGN_OR_RETURN(GroupCount after,
                             Persons(groups, population.name(), "2020", g + 10, open));
      if (before.male == 0 || before.female == 0) {
        return DataLossError(before.at + ": no persons in 2010's cohort " + GroupName(g));
      }
      const double male =
          std::pow(static_cast<double>(after.male) / static_cast<double>(before.male), 0.1);
      const double female =
          std::pow(static_cast<double>(after.female) / static_cast<double>(before.female), 0.1);
      out.raw_survival_male[g / 5] = male;
      out.raw_survival_female[g / 5] = female;
      // The middle of the ages the cohort lived through; the open group too.
      const size_t first = g == 0 ? 0 : g + 5;
      const size_t last = open ? kOpenAge : g + 9;
      for (size_t x = first; x <= last; ++x) {
        p.survival_male[x] = std::min(1.0, male);
        p.survival_female[x] = std::min(1.0, female);
      }
    }
    p.birth_survival_male = std::sqrt(p.survival_male[0]);
    p.birth_survival_female = std::sqrt(p.survival_female[0]);
  }
  ALLEY_RETURN_IF_ERROR(CheckParameters(p));
  return out;
}

StatusOr<ServiceNorms> LoadServiceNorms(const std::filesystem::path& dir) {
  ALLEY_ASSIGN_OR_RETURN(CsvFile stats, CsvFile::Read(dir, kStatsFile));
  ALLEY_ASSIGN_OR_RETURN(size_t topic, stats.Column("topic"));
  ALLEY_ASSIGN_OR_RETURN(size_t geography, stats.Column("geography"));
  ALLEY_ASSIGN_OR_RETURN(size_t period, stats.Column("period"));
  ALLEY_ASSIGN_OR_RETURN(size_t indicator, stats.Column("indicator"));
  ALLEY_ASSIGN_OR_RETURN(size_t value, stats.Column("value"));
  auto find = [&](std::string_view t, std::string_view per,
                  std::string_view ind) -> StatusOr<std::pair<double, std::string>> {
    for (const core::CsvRecord& r : stats.records()) {
      if (r.fields[topic] == t && r.fields[geography] == "China" && r.fields[period] == per &&
          r.fields[indicator] == ind) {
        ALLEY_ASSIGN_OR_RETURN(double v, stats.Number(r, value));
        return std::pair{v, stats.At(r)};
      }
    }
    return DataLossError(stats.name() + ": no row for " + std::string(t) + " China " +
                         std::string(per) + " \"" + std::string(ind) + "\"");
  };
  ServiceNorms n;
  ALLEY_ASSIGN_OR_RETURN(
      auto target,
      find("childcare", "2025 target", "childcare places per 1000 population (14th FYP target)"));
  n.childcare_places_per_1000 = target.first;
  n.childcare_places_per_1000_source = target.second;
  ALLEY_ASSIGN_OR_RETURN(auto enrolment,
                         find("childcare", "2025", "enrolment rate among under-3s"));
  n.nursery_take_up = enrolment.first / 100.0;
  n.nursery_take_up_source = enrolment.second;
  ALLEY_ASSIGN_OR_RETURN(auto beds,
                         find("elderly_care", "end-2024", "elderly care beds (all types)"));
  ALLEY_ASSIGN_OR_RETURN(auto elderly, find("ageing", "end-2024", "population aged 60+"));
  if (elderly.first <= 0) return DataLossError(elderly.second + ": no persons aged 60+");
  // Both in units of 10,000.
  n.elderly_beds_per_1000_elderly = 1000.0 * beds.first / elderly.first;
  n.elderly_beds_source = beds.second + " / " + elderly.second;
  return n;
}

}  // namespace alley::planning
