#include "core/status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

StatusOr<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgumentError(std::to_string(n) + " is odd");
  return n / 2;
}

StatusOr<int> Quarter(int n) {
  ALLEY_ASSIGN_OR_RETURN(int half, Half(n));
  ALLEY_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  ALLEY_RETURN_IF_ERROR(Half(n).status());
  return OkStatus();
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, CarriesCodeAndMessage) {
  Status s = NotFoundError("unit 3207 not found");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not found: unit 3207 not found");
}

TEST(StatusTest, ContextIsPrepended) {
  Status s = InvalidArgumentError("bad date").WithContext("roster.csv:7");
  EXPECT_EQ(s.message(), "roster.csv:7: bad date");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(OkStatus().WithContext("ignored").ok());
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6), StatusIs(StatusCode::kInvalidArgument, HasSubstr("3 is odd")));
  EXPECT_THAT(CheckEven(3), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_TRUE(CheckEven(4).ok());
}

TEST(StatusTest, EveryCodeHasAName) {
  for (StatusCode code :
       {StatusCode::kInvalidArgument, StatusCode::kNotFound, StatusCode::kAlreadyExists,
        StatusCode::kFailedPrecondition, StatusCode::kPermissionDenied, StatusCode::kOutOfRange,
        StatusCode::kUnavailable, StatusCode::kDataLoss, StatusCode::kInternal,
        StatusCode::kUnauthenticated, StatusCode::kResourceExhausted, StatusCode::kAborted}) {
    EXPECT_NE(StatusCodeName(code), "unknown");
  }
}

TEST(StatusDeathTest, ValueOfErrorAborts) {
  StatusOr<int> s = NotFoundError("nothing");
  EXPECT_DEATH((void)s.value(), "nothing");
}

}  // namespace
}  // namespace alley
