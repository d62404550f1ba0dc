#include "api/http.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::api {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

TEST(HttpTest, EveryStatusCodeHasAnHttpStatusAndAName) {
  const std::pair<StatusCode, int> expected[] = {
      {StatusCode::kInvalidArgument, 400},   {StatusCode::kOutOfRange, 400},
      {StatusCode::kUnauthenticated, 401},   {StatusCode::kPermissionDenied, 403},
      {StatusCode::kNotFound, 404},          {StatusCode::kAlreadyExists, 409},
      {StatusCode::kAborted, 409},           {StatusCode::kFailedPrecondition, 409},
      {StatusCode::kResourceExhausted, 429}, {StatusCode::kUnavailable, 503},
      {StatusCode::kDataLoss, 500},          {StatusCode::kInternal, 500},
  };
  for (const auto& [code, http] : expected) {
    EXPECT_EQ(HttpStatusOf(code), http) << StatusCodeName(code);
    EXPECT_NE(ErrorCodeOf(code), "ok");
  }
  EXPECT_EQ(ErrorCodeOf(StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrorCodeOf(StatusCode::kAborted), "aborted");
}

TEST(HttpTest, ErrorResponseIsCodeAndMessage) {
  HttpResponse res = ErrorResponse(NotFoundError("no resident has the id 9"));
  EXPECT_EQ(res.status, 404);
  nlohmann::json body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["code"], "not_found");
  EXPECT_EQ(body["message"], "no resident has the id 9");
  EXPECT_THAT(res.content_type, HasSubstr("application/json"));
}

TEST(HttpTest, InvalidUtf8InAMessageIsReplacedNotThrown) {
  HttpResponse res = ErrorResponse(InvalidArgumentError("bad \xff byte"));
  EXPECT_EQ(res.status, 400);
  EXPECT_FALSE(nlohmann::json::parse(res.body, nullptr, false).is_discarded());
}

TEST(HttpTest, ParseJsonObject) {
  ASSERT_OK_AND_ASSIGN(nlohmann::json doc, ParseJsonObject(R"({"name": "王秀英"})"));
  EXPECT_EQ(doc["name"], "王秀英");
  EXPECT_THAT(ParseJsonObject(""), StatusIs(StatusCode::kInvalidArgument, HasSubstr("nothing")));
  EXPECT_THAT(ParseJsonObject("  \n"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJsonObject("[1, 2]"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected a JSON object")));
  EXPECT_THAT(ParseJsonObject(R"({"name": )"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("malformed JSON at byte")));
}

TEST(HttpTest, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(ParseJsonObject(deep),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("nested deeper")));
  // Brackets inside strings do not count.
  const std::string quoted = R"({"a": ")" + std::string(1000, '[') + R"("})";
  EXPECT_OK(ParseJsonObject(quoted).status());
}

TEST(HttpTest, HeadersQueryAndCookies) {
  HttpRequest req;
  req.headers["cookie"] = "theme=dark; alley_session=abc123; other=1";
  req.query = {{"tag", "veteran"}, {"tag", "disability"}, {"page", "2"}};
  EXPECT_EQ(req.Cookie("alley_session"), "abc123");
  EXPECT_EQ(req.Cookie("theme"), "dark");
  EXPECT_FALSE(req.Cookie("missing"));
  EXPECT_EQ(req.Query("page"), "2");
  EXPECT_EQ(req.Query("tag"), "veteran");
  EXPECT_THAT(req.QueryAll("tag"), ::testing::ElementsAre("veteran", "disability"));
  EXPECT_FALSE(req.Header("authorization"));
}

}  // namespace
}  // namespace alley::api
