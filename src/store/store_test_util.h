// The store's tests' common ground: a fresh database per test, in a temporary
// folder named after the test, holding the border this project's scope rules
// are tested on — the two neighbouring communities Hailian and Xinghua of one
// street, from the nation down, and a compound of Hailian.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "store/store.h"

namespace alley::store {

inline constexpr char kHailian[] = "320706006010";
inline constexpr char kXinghua[] = "320706006009";
inline constexpr char kCompound[] = "320706006010001";

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("alley_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_suite()->name() + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
    ASSERT_OK_AND_ASSIGN(store_, OpenStore(path_));
    ASSERT_OK(store_->Write([&](Writer& w) { return w.UpsertUnits(BorderUnits()); }));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Nation, province, city, county, street, the two communities and the
  // compound (marked synthetic when synthetic_compound_ is set).
  std::vector<UnitRow> BorderUnits() const {
    std::vector<UnitRow> units;
    auto unit = [&](std::string code, std::string parent, core::UnitLevel level) {
      UnitRow u;
      u.code = std::move(code);
      u.parent_code = std::move(parent);
      u.level = level;
      u.name = "单位" + u.code;
      u.source = "test";
      u.synthetic = level == core::UnitLevel::kCompound && synthetic_compound_;
      units.push_back(std::move(u));
    };
    unit("0", "", core::UnitLevel::kNation);
    unit("32", "0", core::UnitLevel::kProvince);
    unit("3207", "32", core::UnitLevel::kCity);
    unit("320706", "3207", core::UnitLevel::kCounty);
    unit("320706006", "320706", core::UnitLevel::kStreet);
    unit(kXinghua, "320706006", core::UnitLevel::kCommunity);
    unit(kHailian, "320706006", core::UnitLevel::kCommunity);
    unit(kCompound, kHailian, core::UnitLevel::kCompound);
    return units;
  }

  bool synthetic_compound_ = false;  // set in a derived fixture's constructor
  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

}  // namespace alley::store
