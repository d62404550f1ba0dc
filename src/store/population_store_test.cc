#include "store/population_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

class PopulationStoreTest : public StoreTest {
 protected:
  // A resident of `unit` in force from `from`; from `until` on, a version
  // with the status `then` (AddResidentVersion closes the first).
  void Resident(const std::string& unit, core::Date birth, core::Sex sex,
                core::Date from = D(2020, 1, 1), std::optional<core::Date> until = std::nullopt,
                std::string then = "") {
    ResidentIdentity identity;
    StatusOr<std::string> number = core::MakeIdNumber("320706", birth, next_++, sex);
    ASSERT_OK(number);
    identity.id_number = *number;
    identity.sex = sex == core::Sex::kMale ? "male" : "female";
    identity.birth_date = birth;
    ASSERT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(int64_t id, w.InsertResident(identity));
      ResidentVersion v;
      v.resident_id = id;
      v.valid_from = from;
      v.change = "register";
      v.status = "active";
      v.name = "居民" + std::to_string(id);
      v.community_code = unit.substr(0, 12);
      v.unit_code = unit;
      v.registration = "registered";
      v.employment = "none";
      v.insurance = "unknown";
      ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
      if (until && !then.empty()) {
        v.valid_from = *until;
        v.change = then;
        v.status = then;
        ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
      }
      return OkStatus();
    }));
  }
  int next_ = 1;
};

TEST_F(PopulationStoreTest, CountsTheResidentsInForceBySexAndBirthDate) {
  Resident(kHailian, D(1950, 3, 1), core::Sex::kFemale);
  Resident(kCompound, D(1950, 3, 1), core::Sex::kFemale);
  Resident(kCompound, D(1950, 3, 1), core::Sex::kMale);
  Resident(kCompound, D(2024, 5, 6), core::Sex::kMale);
  // Not in force on 2025-06-01: arrived later, died before, or elsewhere.
  Resident(kCompound, D(1990, 1, 1), core::Sex::kMale, D(2025, 7, 1));
  Resident(kCompound, D(1930, 1, 1), core::Sex::kMale, D(2020, 1, 1), D(2025, 1, 1), "deceased");
  Resident(kXinghua, D(1980, 1, 1), core::Sex::kFemale);
  const core::Date on = D(2025, 6, 1);
  std::vector<ResidentsBySexAndBirthRow> rows;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, CountResidentsBySexAndBirth(r, kHailian, on));
    return OkStatus();
  }));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].unit_code, kHailian);
  EXPECT_EQ(rows[0].sex, "female");
  EXPECT_EQ(rows[0].birth_date, D(1950, 3, 1));
  EXPECT_EQ(rows[0].residents, 2);
  EXPECT_EQ(rows[1].sex, "male");
  EXPECT_EQ(rows[1].birth_date, D(1950, 3, 1));
  EXPECT_EQ(rows[1].residents, 1);
  EXPECT_EQ(rows[2].birth_date, D(2024, 5, 6));

  // By the children of the community: the compound's code length.
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, CountResidentsBySexAndBirth(r, kHailian, on, 15));
    return OkStatus();
  }));
  int64_t in_compound = 0;
  for (const ResidentsBySexAndBirthRow& row : rows) {
    if (row.unit_code == kCompound) in_compound += row.residents;
  }
  EXPECT_EQ(in_compound, 3);
  // The community's own resident groups under its 12-digit code.
  EXPECT_EQ(rows.front().unit_code, kHailian);

  // The street holds both communities; the compound alone its three.
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, CountResidentsBySexAndBirth(r, "320706006", on));
    return OkStatus();
  }));
  int64_t street = 0;
  for (const ResidentsBySexAndBirthRow& row : rows) street += row.residents;
  EXPECT_EQ(street, 5);
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, CountResidentsBySexAndBirth(r, kCompound, on));
    return OkStatus();
  }));
  int64_t compound = 0;
  for (const ResidentsBySexAndBirthRow& row : rows) compound += row.residents;
  EXPECT_EQ(compound, 3);
  // The day before the death: the resident who died is counted too.
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, CountResidentsBySexAndBirth(r, kCompound, D(2024, 12, 31)));
    return OkStatus();
  }));
  compound = 0;
  for (const ResidentsBySexAndBirthRow& row : rows) compound += row.residents;
  EXPECT_EQ(compound, 4);
}

}  // namespace
}  // namespace alley::store
