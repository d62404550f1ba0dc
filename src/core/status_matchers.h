// GoogleTest matchers that name the exact error a test expects (STYLE.md):
//
//   EXPECT_THAT(ParseIdNumber("123"), StatusIs(StatusCode::kInvalidArgument));
//   EXPECT_THAT(store.Open(path), StatusIs(StatusCode::kFailedPrecondition,
//                                          HasSubstr("newer")));
//   ASSERT_OK(status);  ASSERT_OK_AND_ASSIGN(auto unit, registry.FindUnit(code));
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status.h"

namespace alley::testing {

inline const Status& GetStatus(const Status& s) { return s; }
template <typename T>
Status GetStatus(const StatusOr<T>& s) {
  return s.status();
}

MATCHER_P(StatusIs, code, std::string("has status code ") + std::string(StatusCodeName(code))) {
  Status s = GetStatus(arg);
  *result_listener << "whose status is " << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           std::string("has status code ") + std::string(StatusCodeName(code))) {
  Status s = GetStatus(arg);
  *result_listener << "whose status is " << s.ToString();
  return s.code() == code && ::testing::Matches(message_matcher)(s.message());
}

MATCHER(IsOk, "is OK") {
  Status s = GetStatus(arg);
  *result_listener << "whose status is " << s.ToString();
  return s.ok();
}

}  // namespace alley::testing

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::alley::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::alley::testing::IsOk())
#define ALLEY_TEST_CONCAT_INNER(a, b) a##b
#define ALLEY_TEST_CONCAT(a, b) ALLEY_TEST_CONCAT_INNER(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(ALLEY_TEST_CONCAT(statusor_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  ASSERT_OK(tmp);                                 \
  lhs = std::move(tmp).value()
