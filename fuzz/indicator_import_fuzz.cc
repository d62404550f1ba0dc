// libFuzzer target: the files and texts offices hand to indicators — a values
// CSV (element,unit,period,value), an economy CSV (region,period,series,value)
// and period texts — over arbitrary bytes. Beyond "no crash, no sanitizer
// report": an error is kInvalidArgument and names the file; every period
// accepted prints to a text that parses back to the same period; every row
// accepted has a finite value or none.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "indicators/economy_import.h"
#include "indicators/indicator_queries.h"
#include "indicators/period.h"

namespace {

namespace ind = ::alley::indicators;

void Require(bool ok) {
  if (!ok) std::abort();
}

void CheckPeriod(std::string_view text) {
  alley::StatusOr<ind::Period> p = ind::ParsePeriod(text);
  if (!p.ok()) {
    Require(p.status().code() == alley::StatusCode::kInvalidArgument);
    return;
  }
  alley::StatusOr<ind::Period> again = ind::ParsePeriod(ind::FormatPeriod(*p));
  Require(again.ok() && *again == *p);
  Require(ind::FirstDay(*p) <= ind::LastDay(*p));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size <= 64) CheckPeriod(text);
  alley::StatusOr<std::vector<ind::Period>> range = ind::ParsePeriodRange(text.substr(0, 64));
  if (range.ok()) Require(!range->empty());

  alley::StatusOr<ind::ParsedValues> values = ind::ParseValuesCsv(text, "v.csv");
  if (!values.ok()) {
    Require(values.status().code() == alley::StatusCode::kInvalidArgument);
    Require(values.status().message().starts_with("v.csv"));
  } else {
    Require(values->values.size() == values->lines.size());
    for (const ind::ValueInput& v : values->values) {
      Require(!v.value || std::isfinite(*v.value));
      CheckPeriod(v.period);
    }
  }

  const std::vector<alley::store::ProvinceNameRow> provinces = {{"32", "江苏省"}, {"11", "北京市"}};
  alley::StatusOr<std::vector<alley::store::EconomyValueRow>> economy =
      ind::ParseEconomyCsv(text, "e.csv", provinces, 0);
  if (!economy.ok()) {
    Require(economy.status().code() == alley::StatusCode::kInvalidArgument);
    Require(economy.status().message().starts_with("e.csv"));
  } else {
    for (const alley::store::EconomyValueRow& row : *economy) {
      Require(!row.value || std::isfinite(*row.value));
      CheckPeriod(row.period);
    }
  }
  return 0;
}
