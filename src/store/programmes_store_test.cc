#include "store/programmes_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

class ProgrammesStoreTest : public StoreTest {
 protected:
  // A resident of `community` registered on 2020-01-01.
  int64_t Resident(const std::string& community, const std::string& name, bool synthetic = false) {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ResidentIdentity who;
      ALLEY_ASSIGN_OR_RETURN(
          who.id_number, core::MakeIdNumber("320706", D(1990, 1, 1), next_++, core::Sex::kMale));
      who.sex = "male";
      who.birth_date = D(1990, 1, 1);
      who.synthetic = synthetic;
      ALLEY_ASSIGN_OR_RETURN(id, w.InsertResident(who));
      ResidentVersion v;
      v.resident_id = id;
      v.valid_from = D(2020, 1, 1);
      v.change = "register";
      v.status = "active";
      v.name = name;
      v.community_code = community;
      v.unit_code = community;
      v.registration = "registered";
      v.employment = "delivery_rider";
      v.insurance = "flexible";
      return w.AddResidentVersion(v);
    }));
    return id;
  }

  static EnrolmentRow Enrolment(int64_t resident, std::string programme, std::string unit,
                                core::Date from) {
    EnrolmentRow e;
    e.resident_id = resident;
    e.programme = std::move(programme);
    e.community_code = unit;
    e.unit_code = std::move(unit);
    e.enrolled_from = from;
    e.note = "备注";
    e.created_at = 1'780'000'000;
    e.created_by = "cli:test";
    return e;
  }

  StatusOr<int64_t> Insert(const EnrolmentRow& row) {
    int64_t id = 0;
    ALLEY_RETURN_IF_ERROR(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, InsertEnrolment(w, row));
      return OkStatus();
    }));
    return id;
  }

  StatusOr<EnrolmentPage> List(const EnrolmentQuery& q) {
    EnrolmentPage page;
    ALLEY_RETURN_IF_ERROR(store_->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(page, ListEnrolments(r, q));
      return OkStatus();
    }));
    return page;
  }

  int next_ = 1;
};

TEST_F(ProgrammesStoreTest, EnrolmentRoundTripsAndEnds) {
  const int64_t r = Resident(kHailian, "王五");
  ASSERT_OK_AND_ASSIGN(int64_t id, Insert(Enrolment(r, "legal_aid", kHailian, D(2026, 3, 1))));
  ASSERT_OK(store_->Write([&](Writer& w) {
    return EndEnrolment(w, id, D(2026, 6, 1), "已结案", 1'790'000'000, "cli:test");
  }));
  ASSERT_OK(store_->Read([&](Reader& r_) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<EnrolmentRow> e, EnrolmentById(r_, id));
    EXPECT_TRUE(e.has_value());
    if (!e) return OkStatus();
    EXPECT_EQ(e->resident_id, r);
    EXPECT_EQ(e->programme, "legal_aid");
    EXPECT_EQ(e->enrolled_from, D(2026, 3, 1));
    EXPECT_EQ(e->ended_on, D(2026, 6, 1));
    EXPECT_EQ(e->note, "备注");
    EXPECT_EQ(e->end_reason, "已结案");
    EXPECT_EQ(e->ended_at, 1'790'000'000);
    EXPECT_EQ(e->ended_by, "cli:test");
    ALLEY_ASSIGN_OR_RETURN(std::optional<EnrolmentRow> none, EnrolmentById(r_, id + 100));
    EXPECT_FALSE(none.has_value());
    return OkStatus();
  }));
  // Ending twice: the first end stays.
  EXPECT_THAT(
      store_->Write([&](Writer& w) { return EndEnrolment(w, id, D(2026, 7, 1), "", 1, "x"); }),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already ended on 2026-06-01")));
  EXPECT_THAT(store_->Write(
                  [&](Writer& w) { return EndEnrolment(w, id + 100, D(2026, 7, 1), "", 1, "x"); }),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(ProgrammesStoreTest, OneOpenEnrolmentPerResidentAndProgramme) {
  const int64_t r = Resident(kHailian, "王五");
  ASSERT_OK_AND_ASSIGN(int64_t first, Insert(Enrolment(r, "legal_aid", kHailian, D(2026, 1, 1))));
  EXPECT_THAT(Insert(Enrolment(r, "legal_aid", kHailian, D(2026, 2, 1))),
              StatusIs(StatusCode::kAlreadyExists));
  // Another programme is another enrolment.
  EXPECT_OK(Insert(Enrolment(r, "skills_training", kHailian, D(2026, 2, 1))));
  // Once ended, the programme is open to a new enrolment.
  ASSERT_OK(store_->Write(
      [&](Writer& w) { return EndEnrolment(w, first, D(2026, 3, 1), "", 1, "cli:test"); }));
  EXPECT_OK(Insert(Enrolment(r, "legal_aid", kHailian, D(2026, 4, 1))));
  ASSERT_OK(store_->Read([&](Reader& r_) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<EnrolmentRow> all, EnrolmentsOfResident(r_, r));
    EXPECT_EQ(all.size(), 3u);
    ALLEY_ASSIGN_OR_RETURN(std::vector<EnrolmentRow> legal,
                           EnrolmentsOfResident(r_, r, "legal_aid"));
    EXPECT_EQ(legal.size(), 2u);
    if (legal.size() == 2) {
      EXPECT_EQ(legal[0].id, first) << "oldest first";
    }
    return OkStatus();
  }));
}

TEST_F(ProgrammesStoreTest, RefusesAnEndBeforeTheStartAndAnUnknownResident) {
  const int64_t r = Resident(kHailian, "王五");
  ASSERT_OK_AND_ASSIGN(int64_t id, Insert(Enrolment(r, "legal_aid", kHailian, D(2026, 3, 1))));
  EXPECT_THAT(
      store_->Write([&](Writer& w) { return EndEnrolment(w, id, D(2026, 2, 1), "", 1, "x"); }),
      StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Insert(Enrolment(r + 1000, "legal_aid", kHailian, D(2026, 3, 1))),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(ProgrammesStoreTest, ListsBySubtreeProgrammeStateAndDate) {
  const int64_t a = Resident(kHailian, "甲");
  const int64_t b = Resident(kHailian, "乙");
  const int64_t c = Resident(kXinghua, "丙");
  ASSERT_OK_AND_ASSIGN(int64_t a1, Insert(Enrolment(a, "legal_aid", kHailian, D(2026, 1, 1))));
  ASSERT_OK_AND_ASSIGN(int64_t b1,
                       Insert(Enrolment(b, "skills_training", kHailian, D(2026, 2, 1))));
  ASSERT_OK_AND_ASSIGN(int64_t c1, Insert(Enrolment(c, "legal_aid", kXinghua, D(2026, 3, 1))));
  ASSERT_OK(store_->Write(
      [&](Writer& w) { return EndEnrolment(w, a1, D(2026, 5, 1), "", 1, "cli:test"); }));

  EnrolmentQuery q;
  q.subtree_code = kHailian;
  q.state = EnrolmentState::kAll;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage all, List(q));
  EXPECT_EQ(all.total, 2);
  ASSERT_EQ(all.items.size(), 2u);
  EXPECT_EQ(all.items[0].enrolment.id, b1) << "newest start first";
  EXPECT_EQ(all.items[0].resident_name, "乙");
  EXPECT_THAT(all.items[0].id_number_masked, HasSubstr("********"));
  EXPECT_EQ(all.items[0].unit_name, std::string("单位") + kHailian);

  q.state = EnrolmentState::kOpen;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage open, List(q));
  EXPECT_EQ(open.total, 1);
  q.state = EnrolmentState::kEnded;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage ended, List(q));
  ASSERT_EQ(ended.total, 1);
  EXPECT_EQ(ended.items[0].enrolment.id, a1);

  q.state = EnrolmentState::kAll;
  q.in_force_on = D(2026, 4, 30);
  ASSERT_OK_AND_ASSIGN(EnrolmentPage april, List(q));
  EXPECT_EQ(april.total, 2);
  q.in_force_on = D(2026, 5, 1);  // the end date is the first day no longer enrolled
  ASSERT_OK_AND_ASSIGN(EnrolmentPage may, List(q));
  ASSERT_EQ(may.total, 1);
  EXPECT_EQ(may.items[0].enrolment.id, b1);
  q.in_force_on = D(2026, 1, 31);
  ASSERT_OK_AND_ASSIGN(EnrolmentPage january, List(q));
  ASSERT_EQ(january.total, 1);
  EXPECT_EQ(january.items[0].enrolment.id, a1);

  q.in_force_on.reset();
  q.programme = "legal_aid";
  ASSERT_OK_AND_ASSIGN(EnrolmentPage legal, List(q));
  EXPECT_EQ(legal.total, 1);
  q.programme.reset();
  q.resident_id = b;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage of_b, List(q));
  EXPECT_EQ(of_b.total, 1);

  EnrolmentQuery street;
  street.subtree_code = "320706006";
  street.state = EnrolmentState::kAll;
  street.limit = 1;
  street.offset = 1;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage page2, List(street));
  EXPECT_EQ(page2.total, 3);
  ASSERT_EQ(page2.items.size(), 1u);
  EXPECT_EQ(page2.items[0].enrolment.id, b1);
  street.offset = 5;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage past, List(street));
  EXPECT_EQ(past.total, 3);
  EXPECT_THAT(past.items, IsEmpty());

  EnrolmentQuery xinghua;
  xinghua.subtree_code = kXinghua;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage x, List(xinghua));
  ASSERT_EQ(x.total, 1);
  EXPECT_EQ(x.items[0].enrolment.id, c1);
}

TEST_F(ProgrammesStoreTest, EnrolmentsInForceForManyResidents) {
  std::vector<int64_t> ids;
  std::vector<EnrolmentRow> rows;
  for (int i = 0; i < 250; ++i) {  // more than one chunk of ids
    ids.push_back(Resident(kHailian, "工" + std::to_string(i), /*synthetic=*/true));
    rows.push_back(Enrolment(ids.back(), i % 2 == 0 ? "legal_aid" : "rest_station", kHailian,
                             D(2026, 1, 1).AddDays(i)));
    rows.back().synthetic = true;
  }
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertEnrolments(w, rows); }));
  for (const EnrolmentRow& r : rows) EXPECT_GT(r.id, 0);
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<EnrolmentRow> in_force,
                           EnrolmentsInForce(r, ids, D(2026, 1, 1).AddDays(199)));
    EXPECT_EQ(in_force.size(), 200u);
    for (size_t i = 1; i < in_force.size(); ++i) {
      EXPECT_LT(in_force[i - 1].resident_id, in_force[i].resident_id);
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<EnrolmentRow> none, EnrolmentsInForce(r, {}, D(2026, 1, 1)));
    EXPECT_THAT(none, IsEmpty());
    return OkStatus();
  }));
  // A bulk insert that breaks a rule lands nothing and names the row.
  std::vector<EnrolmentRow> again = {Enrolment(ids[0], "skills_training", kHailian, D(2026, 1, 1)),
                                     Enrolment(ids[0], "legal_aid", kHailian, D(2026, 1, 1))};
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertEnrolments(w, again); }),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("enrolment 2")));
  EnrolmentQuery q;
  q.subtree_code = kHailian;
  q.programme = "skills_training";
  ASSERT_OK_AND_ASSIGN(EnrolmentPage page, List(q));
  EXPECT_EQ(page.total, 0);
}

TEST_F(ProgrammesStoreTest, PlatformWorkerSavesWithVersions) {
  const int64_t r = Resident(kHailian, "骑手");
  PlatformWorkerRow row;
  row.resident_id = r;
  row.community_code = kHailian;
  row.platforms = {{"meituan", "美团"}, {"eleme", "饿了么"}};
  row.injury_protection = "enrolled";
  row.injury_protection_since = D(2025, 7, 1);
  row.updated_at = 100;
  row.updated_by = "cli:test";
  ASSERT_OK(store_->Write([&](Writer& w) { return SavePlatformWorker(w, row); }));
  // A second creation is a stale change.
  EXPECT_THAT(store_->Write([&](Writer& w) { return SavePlatformWorker(w, row); }),
              StatusIs(StatusCode::kAborted));
  PlatformWorkerRow stored;
  ASSERT_OK(store_->Read([&](Reader& reader) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<PlatformWorkerRow> p, PlatformWorkerById(reader, r));
    EXPECT_TRUE(p.has_value());
    if (p) stored = *p;
    return OkStatus();
  }));
  EXPECT_EQ(stored.version, 1);
  ASSERT_EQ(stored.platforms.size(), 2u);
  EXPECT_EQ(stored.platforms[0].key, "meituan") << "in the order given";
  EXPECT_EQ(stored.platforms[1].name, "饿了么");
  EXPECT_EQ(stored.injury_protection, "enrolled");
  EXPECT_EQ(stored.injury_protection_since, D(2025, 7, 1));

  stored.platforms = {{"didi", "滴滴"}};
  stored.injury_protection = "not_enrolled";
  stored.injury_protection_since.reset();
  ASSERT_OK(store_->Write([&](Writer& w) { return SavePlatformWorker(w, stored); }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return SavePlatformWorker(w, stored); }),
              StatusIs(StatusCode::kAborted, HasSubstr("now at version 2")));
  ASSERT_OK(store_->Read([&](Reader& reader) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<PlatformWorkerRow> p, PlatformWorkerById(reader, r));
    EXPECT_TRUE(p.has_value());
    if (!p) return OkStatus();
    EXPECT_EQ(p->version, 2);
    EXPECT_EQ(p->platforms.size(), 1u);
    if (!p->platforms.empty()) {
      EXPECT_EQ(p->platforms[0].key, "didi");
    }
    EXPECT_FALSE(p->injury_protection_since.has_value());
    return OkStatus();
  }));
  // Two platforms with one key land nothing.
  PlatformWorkerRow twice;
  twice.resident_id = Resident(kHailian, "司机");
  twice.community_code = kHailian;
  twice.platforms = {{"didi", "滴滴"}, {"didi", "滴滴出行"}};
  twice.updated_by = "x";
  EXPECT_THAT(store_->Write([&](Writer& w) { return SavePlatformWorker(w, twice); }),
              StatusIs(StatusCode::kAlreadyExists));
  PlatformWorkerRow unknown = twice;
  unknown.resident_id = r + 1000;
  unknown.platforms.clear();
  EXPECT_THAT(store_->Write([&](Writer& w) { return SavePlatformWorker(w, unknown); }),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK(store_->Read([&](Reader& reader) -> Status {
    const int64_t ids[] = {r, twice.resident_id, unknown.resident_id};
    ALLEY_ASSIGN_OR_RETURN(std::vector<PlatformWorkerRow> rows, PlatformWorkersOf(reader, ids));
    EXPECT_EQ(rows.size(), 1u);
    return OkStatus();
  }));
}

TEST_F(ProgrammesStoreTest, ManyPlatformWorkersAtOnce) {
  std::vector<PlatformWorkerRow> rows;
  std::vector<int64_t> ids;
  for (int i = 0; i < 130; ++i) {
    PlatformWorkerRow row;
    row.resident_id = Resident(kHailian, "骑手" + std::to_string(i), true);
    ids.push_back(row.resident_id);
    row.community_code = kHailian;
    if (i % 3 != 0) row.platforms = {{"meituan", "美团"}};
    if (i % 5 == 0) row.platforms.push_back({"dada", "达达"});
    row.updated_by = "demo";
    row.synthetic = true;
    rows.push_back(row);
  }
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertPlatformWorkers(w, rows); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<PlatformWorkerRow> read, PlatformWorkersOf(r, ids));
    EXPECT_EQ(read.size(), 130u);
    for (size_t i = 0; i < read.size() && i < rows.size(); ++i) {
      EXPECT_EQ(read[i].resident_id, rows[i].resident_id);
      EXPECT_EQ(read[i].platforms.size(), rows[i].platforms.size()) << i;
    }
    return OkStatus();
  }));
  rows[0].version = 3;
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertPlatformWorkers(w, {rows[0]}); }),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(ProgrammesStoreTest, RestStationIsReplacedAndFollowsItsFacility) {
  int64_t here = 0;
  int64_t there = 0;
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    FacilityRow f;
    f.unit_code = kHailian;
    f.type = "rider_rest_station";
    f.name = "骑手驿站";
    f.capacity = 12;
    ALLEY_ASSIGN_OR_RETURN(here, w.InsertFacility(f));
    f.unit_code = kXinghua;
    ALLEY_ASSIGN_OR_RETURN(there, w.InsertFacility(f));
    return OkStatus();
  }));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(SaveRestStation(w, {here, "08:00-22:00", 1, "a", false}));
    ALLEY_RETURN_IF_ERROR(SaveRestStation(w, {here, "00:00-24:00", 2, "b", false}));
    return SaveRestStation(w, {there, "07:00-09:00", 2, "b", false});
  }));
  EXPECT_THAT(store_->Write([&](Writer& w) {
    return SaveRestStation(w, {there + 100, "07:00-09:00", 2, "b", false});
  }),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<RestStationRow> s, RestStationById(r, here));
    EXPECT_TRUE(s.has_value());
    if (s) {
      EXPECT_EQ(s->hours, "00:00-24:00");
      EXPECT_EQ(s->updated_by, "b");
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<RestStationRow> in_hailian, RestStationsUnder(r, kHailian));
    EXPECT_EQ(in_hailian.size(), 1u);
    ALLEY_ASSIGN_OR_RETURN(std::vector<RestStationRow> street, RestStationsUnder(r, "320706006"));
    EXPECT_EQ(street.size(), 2u);
    return OkStatus();
  }));
}

TEST_F(ProgrammesStoreTest, SyntheticRecordsLeaveWithTheirResidentsOrAlone) {
  const int64_t real = Resident(kHailian, "真");
  const int64_t fake = Resident(kHailian, "假", /*synthetic=*/true);
  ASSERT_OK(Insert(Enrolment(real, "legal_aid", kHailian, D(2026, 1, 1))).status());
  EnrolmentRow synthetic_of_real = Enrolment(real, "skills_training", kHailian, D(2026, 1, 1));
  synthetic_of_real.synthetic = true;
  ASSERT_OK(Insert(synthetic_of_real).status());
  ASSERT_OK(Insert(Enrolment(fake, "legal_aid", kHailian, D(2026, 1, 1))).status());
  PlatformWorkerRow w;
  w.resident_id = fake;
  w.community_code = kHailian;
  w.platforms = {{"meituan", "美团"}};
  w.updated_by = "demo";
  w.synthetic = true;
  ASSERT_OK(store_->Write([&](Writer& writer) { return SavePlatformWorker(writer, w); }));

  // The activity alone.
  ASSERT_OK(store_->Write(
      [&](Writer& writer) { return DeleteSyntheticProgrammesUnder(writer, kHailian); }));
  EnrolmentQuery q;
  q.subtree_code = kHailian;
  q.state = EnrolmentState::kAll;
  ASSERT_OK_AND_ASSIGN(EnrolmentPage page, List(q));
  EXPECT_EQ(page.total, 2) << "the synthetic enrolment of a real resident left";

  // The demo's refresh: synthetic residents take their rows along.
  ASSERT_OK(store_->Write([&](Writer& writer) -> Status {
    w.synthetic = false;
    return SavePlatformWorker(writer, w);
  }));
  ASSERT_OK(store_->Write([&](Writer& writer) { return writer.DeleteSyntheticUnder(kHailian); }));
  ASSERT_OK_AND_ASSIGN(page, List(q));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].enrolment.resident_id, real);
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<PlatformWorkerRow> gone, PlatformWorkerById(r, fake));
    EXPECT_FALSE(gone.has_value());
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store
