#include "services/programmes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alley::services {
namespace {

TEST(ProgrammesTest, FoundByIdentifierOrChineseName) {
  const Programme* by_id = FindProgramme("canteen_meals");
  ASSERT_NE(by_id, nullptr);
  EXPECT_EQ(by_id->name_zh, "助餐");
  EXPECT_EQ(by_id->group, ProgrammeGroup::kElderly);
  EXPECT_EQ(FindProgramme("助餐"), by_id);
  const Programme* legal = FindProgramme("legal_aid");
  ASSERT_NE(legal, nullptr);
  EXPECT_EQ(legal->group, ProgrammeGroup::kPlatformWorker);
  EXPECT_EQ(FindProgramme("Canteen_Meals"), nullptr);
  EXPECT_EQ(FindProgramme(""), nullptr);
}

TEST(ProgrammesTest, IdentifiersAndNamesAreUnique) {
  std::set<std::string_view> ids;
  std::set<std::string_view> names;
  for (const Programme& p : Programmes()) {
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    EXPECT_TRUE(names.insert(p.name_zh).second) << p.name_zh;
  }
  EXPECT_EQ(ids.size(), 7u);
}

}  // namespace
}  // namespace alley::services
