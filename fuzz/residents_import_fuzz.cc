// libFuzzer target: a resident roster (CSV bytes) imported into a fresh ledger.
//
// Beyond "no crash, no sanitizer report" it checks the import's promises:
// a failed import leaves the ledger exactly as it was (here: empty), and a
// successful one exports to a CSV that imports back with every row unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "registry/ledger.h"
#include "store/store.h"

namespace {

using ::alley::Status;
using ::alley::StatusOr;
namespace registry = ::alley::registry;
namespace store = ::alley::store;
namespace core = ::alley::core;

constexpr std::string_view kCommunity = "320706006010";

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "residents_import_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

std::unique_ptr<store::Store> FreshLedger() {
  StatusOr<std::unique_ptr<store::Store>> opened = store::OpenStore(":memory:");
  if (!opened.ok()) Fail("open", opened.status().ToString());
  std::unique_ptr<store::Store> ledger = std::move(opened).value();
  std::vector<store::UnitRow> units;
  const char* chain[][4] = {{"0", "", "0", "中华人民共和国"},
                            {"32", "0", "1", "江苏省"},
                            {"3207", "32", "2", "连云港市"},
                            {"320706", "3207", "3", "海州区"},
                            {"320706006", "320706", "4", "新海街道"},
                            {"320706006010", "320706006", "5", "海连社区居委会"}};
  for (const auto& c : chain) {
    store::UnitRow u;
    u.code = c[0];
    u.parent_code = c[1];
    u.level = static_cast<core::UnitLevel>(c[2][0] - '0');
    u.name = c[3];
    u.source = "fuzz";
    units.push_back(u);
  }
  Status s = ledger->Write([&](store::Writer& w) { return w.UpsertUnits(units); });
  if (!s.ok()) Fail("units", s.ToString());
  return ledger;
}

std::string Export(store::Store& ledger, core::Date on) {
  StatusOr<std::string> csv = registry::ExportResidents(ledger, kCommunity, on);
  if (!csv.ok()) Fail("export", csv.status().ToString());
  return *csv;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::unique_ptr<store::Store> ledger = FreshLedger();
  const core::Date today = *core::Date::FromYmd(2026, 6, 30);
  const std::string empty = Export(*ledger, today);

  registry::ImportOptions options;
  options.unit_code = std::string(kCommunity);
  options.today = today;
  options.effective = *core::Date::FromYmd(2026, 1, 1);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  StatusOr<registry::ImportReport> report =
      registry::ImportResidents(*ledger, "fuzz.csv", text, options);
  if (!report.ok()) {
    if (Export(*ledger, today) != empty) Fail("a failed import wrote", report.status().ToString());
    return 0;
  }
  // What was written exports and imports back unchanged.
  const std::string exported = Export(*ledger, today);
  StatusOr<registry::ImportReport> again =
      registry::ImportResidents(*ledger, "export.csv", exported, options);
  if (!again.ok()) Fail("re-import of the export", again.status().ToString());
  if (again->registered != 0 || again->updated != 0) {
    Fail("re-import changed the ledger", exported);
  }
  if (Export(*ledger, today) != exported) Fail("export after re-import differs", exported);
  return 0;
}
