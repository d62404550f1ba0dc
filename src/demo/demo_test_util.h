// What the demo's tests share: a fresh SQLite store in a temporary folder,
// and the real hierarchy from the nation down to the Hailian community.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/division.h"
#include "core/status.h"
#include "demo/hailian.h"
#include "store/store.h"

namespace alley::demo::testing {

// A fresh SQLite store in its own temporary folder, removed on destruction.
class TempStore {
 public:
  explicit TempStore(const std::string& tag) {
    dir_ = std::filesystem::temp_directory_path() /
           ("alley_demo_test_" + std::to_string(::getpid()) + "_" + tag);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenStore((dir_ / "test.db").string());
    ALLEY_CHECK(opened.ok(), opened.status().ToString());
    store_ = std::move(opened).value();
  }
  ~TempStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;

  store::Store& operator*() { return *store_; }
  store::Store* get() { return store_.get(); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

inline store::UnitRow Unit(std::string code, std::string parent, core::UnitLevel level,
                           std::string name) {
  store::UnitRow u;
  u.code = std::move(code);
  u.parent_code = std::move(parent);
  u.level = level;
  u.name = std::move(name);
  u.source = "test";
  if (level == core::UnitLevel::kCommunity) u.settlement = "urban";
  return u;
}

// The real hierarchy from the nation down to the Hailian community (or only
// down to its street).
inline Status AddHierarchy(store::Store& store, bool with_community = true) {
  std::vector<store::UnitRow> units = {
      Unit(std::string(core::kNationCode), "", core::UnitLevel::kNation, "中华人民共和国"),
      Unit("32", std::string(core::kNationCode), core::UnitLevel::kProvince, "江苏省"),
      Unit("3207", "32", core::UnitLevel::kCity, "连云港市"),
      Unit("320706", "3207", core::UnitLevel::kCounty, "海州区"),
      Unit("320706006", "320706", core::UnitLevel::kStreet, "新海街道"),
  };
  if (with_community) {
    units.push_back(Unit(std::string(kHailianCode), "320706006", core::UnitLevel::kCommunity,
                         std::string(kHailianName)));
  }
  return store.Write([&](store::Writer& w) { return w.UpsertUnits(units); });
}

}  // namespace alley::demo::testing
