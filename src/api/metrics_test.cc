#include "api/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace alley::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CountsAndCumulativeBuckets) {
  Metrics m;
  m.Record("GET /api/v1/residents", 200, 0.0004);
  m.Record("GET /api/v1/residents", 200, 0.003);
  m.Record("GET /api/v1/residents", 404, 3.0);
  const std::string text = m.Render();
  EXPECT_THAT(
      text,
      HasSubstr(R"(alley_http_requests_total{route="GET /api/v1/residents",status="200"} 2)"));
  EXPECT_THAT(
      text,
      HasSubstr(R"(alley_http_requests_total{route="GET /api/v1/residents",status="404"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(alley_http_request_duration_seconds_bucket{route="GET /api/v1/residents",le="0.0005"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(alley_http_request_duration_seconds_bucket{route="GET /api/v1/residents",le="0.005"} 2)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(alley_http_request_duration_seconds_bucket{route="GET /api/v1/residents",le="2.5"} 2)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(alley_http_request_duration_seconds_bucket{route="GET /api/v1/residents",le="+Inf"} 3)"));
  EXPECT_THAT(
      text,
      HasSubstr(R"(alley_http_request_duration_seconds_count{route="GET /api/v1/residents"} 3)"));
  EXPECT_THAT(text, HasSubstr("# TYPE alley_http_request_duration_seconds histogram"));
}

TEST(MetricsTest, InFlightGaugeAndEscapedLabels) {
  Metrics m;
  m.Enter();
  m.Enter();
  m.Leave();
  m.Record("odd \"route\"\n", 200, 0.01);
  const std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("alley_http_in_flight 1\n"));
  EXPECT_THAT(text, HasSubstr(R"(route="odd \"route\"\n")"));
  EXPECT_THAT(text, Not(HasSubstr("\"\n\"")));
}

}  // namespace
}  // namespace alley::api
