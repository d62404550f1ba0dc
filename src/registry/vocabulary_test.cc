#include "registry/vocabulary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

TEST(VocabularyTest, ParsesIdentifiersAndChineseNames) {
  EXPECT_EQ(ParseEmploymentForm("delivery_rider"), EmploymentForm::kDeliveryRider);
  EXPECT_EQ(ParseEmploymentForm("外卖骑手"), EmploymentForm::kDeliveryRider);
  EXPECT_EQ(ParseEmploymentForm(" retired "), EmploymentForm::kRetired);
  EXPECT_FALSE(ParseEmploymentForm("astronaut").has_value());
  EXPECT_EQ(ParseFacilityType("老年食堂"), FacilityType::kSeniorCanteen);
  EXPECT_EQ(ParseRegistration("常住"), Registration::kResidentOnly);
  EXPECT_EQ(ParseRelation("户主"), "head");
}

TEST(VocabularyTest, PlatformWork) {
  EXPECT_TRUE(IsPlatformWork(EmploymentForm::kRideHailingDriver));
  EXPECT_TRUE(IsPlatformWork(EmploymentForm::kEcommerceLivestreaming));
  EXPECT_FALSE(IsPlatformWork(EmploymentForm::kEmployee));
}

TEST(VocabularyTest, TagListsRoundTrip) {
  ASSERT_OK_AND_ASSIGN(uint32_t tags, ParseTagList("独居老人、veteran;残疾"));
  EXPECT_EQ(tags, TagBit(ResidentTag::kLivingAlone) | TagBit(ResidentTag::kVeteran) |
                      TagBit(ResidentTag::kDisability));
  EXPECT_EQ(FormatTagList(tags), "living_alone;disability;veteran");
  ASSERT_OK_AND_ASSIGN(uint32_t back, ParseTagList(FormatTagList(tags)));
  EXPECT_EQ(back, tags);
  ASSERT_OK_AND_ASSIGN(uint32_t none, ParseTagList(" ; "));
  EXPECT_EQ(none, 0u);
  EXPECT_THAT(ParseTagList("veteran;rich"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown tag \"rich\"")));
}

TEST(VocabularyTest, TagBitsAreStable) {
  // Stored records depend on these positions: they must never change.
  EXPECT_EQ(TagBit(ResidentTag::kLivingAlone), 1u);
  EXPECT_EQ(TagBit(ResidentTag::kLeftBehindChild), 32u);
  EXPECT_EQ(ResidentTagTerms()[5].id, "left_behind_child");
}

}  // namespace
}  // namespace alley::registry
