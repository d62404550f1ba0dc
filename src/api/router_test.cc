#include "api/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace alley::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

Router Routes() {
  Router r;
  r.Add("GET", "/api/v1/units", 0);
  r.Add("GET", "/api/v1/units/{code}", 1);
  r.Add("GET", "/api/v1/units/{code}/children", 2);
  r.Add("GET", "/api/v1/residents/{id}", 3);
  r.Add("PATCH", "/api/v1/residents/{id}", 4);
  r.Add("POST", "/api/v1/residents/{id}/unmask", 5);
  r.Add("GET", "/api/v1/residents/search", 6);
  return r;
}

TEST(RouterTest, LiteralAndParameterSegments) {
  Router r = Routes();
  Router::Match m = r.Find("GET", "/api/v1/units/320706006010");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(*m.route, 1u);
  EXPECT_EQ(m.params.at("code"), "320706006010");
  m = r.Find("GET", "/api/v1/units/32/children");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(*m.route, 2u);
  EXPECT_EQ(m.params.at("code"), "32");
  m = r.Find("GET", "/api/v1/units");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(*m.route, 0u);
  EXPECT_THAT(m.params, IsEmpty());
}

TEST(RouterTest, LiteralBeatsParameter) {
  Router r = Routes();
  Router::Match m = r.Find("GET", "/api/v1/residents/search");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(*m.route, 6u);
  m = r.Find("GET", "/api/v1/residents/17");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(*m.route, 3u);
  // A PATCH to the literal path is not the parameter route's: the literal
  // path is known with GET only.
  m = r.Find("PATCH", "/api/v1/residents/search");
  EXPECT_FALSE(m.route);
  EXPECT_THAT(m.allowed, ElementsAre("GET"));
}

TEST(RouterTest, UnknownPathAndWrongMethod) {
  Router r = Routes();
  Router::Match m = r.Find("GET", "/api/v1/nothing");
  EXPECT_FALSE(m.route);
  EXPECT_THAT(m.allowed, IsEmpty());
  m = r.Find("DELETE", "/api/v1/residents/17");
  EXPECT_FALSE(m.route);
  EXPECT_THAT(m.allowed, UnorderedElementsAre("GET", "PATCH"));
}

TEST(RouterTest, EmptySegmentsMatchNoParameter) {
  Router r = Routes();
  EXPECT_FALSE(r.Find("GET", "/api/v1/units/").route);
  EXPECT_FALSE(r.Find("GET", "/api/v1//children").route);
  EXPECT_FALSE(r.Find("GET", "/api/v1/units//children").route);
  EXPECT_FALSE(r.Find("GET", "api/v1/units").route);
  EXPECT_FALSE(r.Find("GET", "").route);
}

TEST(RouterTest, SplitPath) {
  EXPECT_THAT(SplitPath("/a/b"), ElementsAre("a", "b"));
  EXPECT_THAT(SplitPath("/a/"), ElementsAre("a", ""));
  EXPECT_THAT(SplitPath("/"), ElementsAre(""));
  EXPECT_THAT(SplitPath("a"), IsEmpty());
}

TEST(RouterDeathTest, SameRouteTwiceIsAProgrammerError) {
  Router r;
  r.Add("GET", "/x", 0);
  EXPECT_DEATH(r.Add("GET", "/x", 1), "twice");
}

}  // namespace
}  // namespace alley::api
