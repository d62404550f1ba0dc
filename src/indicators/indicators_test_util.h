// The indicators' tests' common ground: the services' fixture (a temporary
// store with the small real hierarchy, services/care_test_util.h) with Alley's
// catalogue seeded, the hierarchy loaded, and definitions and values written
// straight to the store.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <string>

#include "core/hierarchy.h"
#include "core/status_matchers.h"
#include "indicators/elements.h"
#include "registry/units.h"
#include "services/care_test_util.h"
#include "store/indicator_store.h"

namespace alley::indicators::testing {

class IndicatorsTest : public services::testing::CareTest {
 protected:
  void SetUp() override {
    CareTest::SetUp();
    ASSERT_OK(store_->Write([](store::Writer& w) { return SeedCatalogue(w).status(); }));
    ASSERT_OK_AND_ASSIGN(hierarchy_, registry::LoadHierarchy(*store_));
  }

  // An entered data element.
  void Element(const std::string& code, const std::string& aggregation,
               const std::string& weight = "") {
    store::IndicatorElementRow e;
    e.code = code;
    e.name = code;
    e.aggregation = aggregation;
    e.weight = weight;
    e.source = "entered";
    ASSERT_OK(store_->Write([&](store::Writer& w) { return store::PutIndicatorElement(w, e); }));
  }

  void Indicator(const std::string& code, const std::string& formula, const std::string& op = "",
                 std::optional<double> target = std::nullopt) {
    store::IndicatorRow i;
    i.code = code;
    i.name = code;
    i.formula = formula;
    i.target_op = op;
    i.target = target;
    ASSERT_OK(store_->Write([&](store::Writer& w) { return store::PutIndicator(w, i); }));
  }

  // One value (nullopt: entered as missing).
  void Enter(const std::string& element, const std::string& unit, const std::string& period,
             std::optional<double> value) {
    store::IndicatorValueRow v;
    v.element = element;
    v.unit_code = unit;
    v.period = period;
    v.value = value;
    ASSERT_OK(store_->Write([&](store::Writer& w) {
      return store::PutIndicatorValues(w, std::span<const store::IndicatorValueRow>(&v, 1));
    }));
  }

  std::optional<core::Hierarchy> hierarchy_;
};

}  // namespace alley::indicators::testing
