#include "store/care_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/status_matchers.h"
#include "store/store.h"
#include "store/store_test_util.h"
#include "store/timebank_store.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

class CareStoreTest : public StoreTest {
 protected:
  int64_t Resident(const std::string& community, const std::string& name, bool synthetic = false) {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ResidentIdentity identity;
      identity.id_number = "32070619450101" + std::to_string(1000 + next_++).substr(1) + "X";
      identity.sex = "female";
      identity.birth_date = D(1945, 1, 1);
      identity.synthetic = synthetic;
      ALLEY_ASSIGN_OR_RETURN(id, w.InsertResident(identity));
      ResidentVersion v;
      v.resident_id = id;
      v.valid_from = D(2020, 1, 1);
      v.change = "register";
      v.status = "active";
      v.name = name;
      v.community_code = community;
      v.unit_code = community;
      v.registration = "registered";
      v.employment = "retired";
      v.insurance = "resident";
      return w.AddResidentVersion(v);
    }));
    return id;
  }

  static CareProviderRow Caregiver(const std::string& community, const std::string& name) {
    CareProviderRow p;
    p.type = "caregiver";
    p.community_code = community;
    p.unit_code = community;
    p.name = name;
    p.occupation = "elder_care_worker";
    p.lat = 34.6;
    p.lon = 119.17;
    p.location_source = "given";
    p.skills = {"bathing", "cleaning"};
    p.availability = {{1, 8 * 60, 12 * 60}, {3, 13 * 60, 17 * 60}};
    p.certifications = {{"elder_care_worker", 4, "NO.1", D(2024, 1, 1), D(2028, 12, 31)}};
    p.registered_on = D(2025, 1, 1);
    return p;
  }

  int64_t Insert(CareProviderRow p) {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, InsertCareProvider(w, p));
      return OkStatus();
    }));
    return id;
  }

  HomeServiceOrderRow Order(const std::string& community, int64_t resident, core::Date date) {
    HomeServiceOrderRow o;
    o.community_code = community;
    o.unit_code = community;
    o.resident_id = resident;
    o.kind = "cleaning";
    o.service_date = date;
    o.start_min = 9 * 60;
    o.end_min = 10 * 60 + 30;
    o.lat = 34.6;
    o.lon = 119.17;
    o.state = "requested";
    o.requested_at = 1'780'000'000;
    o.updated_at = o.requested_at;
    o.requested_by = "cli:test";
    return o;
  }

  int next_ = 0;
};

TEST_F(CareStoreTest, ProviderRoundTripsWithItsDetails) {
  const int64_t id = Insert(Caregiver(kHailian, "李护理"));
  std::optional<CareProviderRow> p;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(p, CareProviderById(r, id));
    return OkStatus();
  }));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "李护理");
  EXPECT_EQ(p->occupation, "elder_care_worker");
  EXPECT_THAT(p->skills, ElementsAre("bathing", "cleaning"));
  EXPECT_THAT(p->availability,
              ElementsAre(WeeklyWindowRow{1, 480, 720}, WeeklyWindowRow{3, 780, 1020}));
  ASSERT_EQ(p->certifications.size(), 1u);
  EXPECT_EQ(p->certifications[0].expires, D(2028, 12, 31));
  EXPECT_EQ(p->version, 1);
  EXPECT_EQ(p->worked_minutes, 0);
}

TEST_F(CareStoreTest, UpdateReplacesDetailsAndChecksTheVersion) {
  const int64_t id = Insert(Caregiver(kHailian, "李护理"));
  CareProviderRow p = Caregiver(kHailian, "李护理");
  p.id = id;
  p.skills = {"meal_delivery"};
  p.availability = {{7, 0, 1440}};
  p.certifications.clear();
  ASSERT_OK(store_->Write([&](Writer& w) { return UpdateCareProvider(w, p); }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateCareProvider(w, p); }),
              StatusIs(StatusCode::kAborted, HasSubstr("version 2")));
  p.id = 999;
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateCareProvider(w, p); }),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<CareProviderRow> now, CareProviderById(r, id));
    EXPECT_EQ(now->version, 2);
    EXPECT_THAT(now->skills, ElementsAre("meal_delivery"));
    EXPECT_THAT(now->availability, ElementsAre(WeeklyWindowRow{7, 0, 1440}));
    EXPECT_TRUE(now->certifications.empty());
    return OkStatus();
  }));
}

TEST_F(CareStoreTest, AResidentIsOneVolunteerOnly) {
  const int64_t resident = Resident(kHailian, "王志愿");
  CareProviderRow v = Caregiver(kHailian, "王志愿");
  v.type = "volunteer";
  v.occupation = "";
  v.certifications.clear();
  v.resident_id = resident;
  Insert(v);
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertCareProvider(w, v).status(); }),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("already registered")));
}

TEST_F(CareStoreTest, ListsFilterBySubtreeTypeSkillAndDate) {
  Insert(Caregiver(kHailian, "甲"));
  CareProviderRow left = Caregiver(kHailian, "乙");
  left.skills = {"meal_delivery"};
  left.left_on = D(2026, 1, 1);
  Insert(left);
  Insert(Caregiver(kXinghua, "丙"));
  auto list = [&](CareProviderQuery q) {
    CareProviderPage page;
    EXPECT_OK(store_->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(page, ListCareProviders(r, q));
      return OkStatus();
    }));
    std::vector<std::string> names;
    for (const CareProviderRow& p : page.items) names.push_back(p.name);
    if (q.offset == 0) {
      EXPECT_EQ(page.total, static_cast<int64_t>(names.size()));
    }
    return names;
  };
  EXPECT_THAT(list({.subtree_code = kHailian}), ElementsAre("乙", "甲"));
  EXPECT_THAT(list({.subtree_code = "320706006"}), ElementsAre("丙", "乙", "甲"));
  EXPECT_THAT(list({.subtree_code = kHailian, .skill = "bathing"}), ElementsAre("甲"));
  EXPECT_THAT(list({.subtree_code = kHailian, .active_on = D(2026, 3, 1)}), ElementsAre("甲"));
  EXPECT_THAT(list({.subtree_code = kHailian, .type = "volunteer"}), ElementsAre());
  EXPECT_THAT(list({.subtree_code = kHailian, .text = "乙"}), ElementsAre("乙"));
  EXPECT_THAT(list({.subtree_code = "320706006", .limit = 1, .offset = 1}), ElementsAre("乙"));
}

TEST_F(CareStoreTest, OrdersKeepTheirStateEventsAndWorkedMinutes) {
  const int64_t resident = Resident(kHailian, "赵奶奶");
  const int64_t provider = Insert(Caregiver(kHailian, "甲"));
  HomeServiceOrderRow o = Order(kHailian, resident, D(2026, 7, 6));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(o.id, InsertHomeServiceOrder(w, o));
    return AppendHomeServiceOrderEvent(w, {.order_id = o.id,
                                           .at = o.requested_at,
                                           .event = "request",
                                           .from_state = "",
                                           .to_state = "requested",
                                           .actor = "cli:test"})
        .status();
  }));
  o.state = "assigned";
  o.provider_id = provider;
  ASSERT_OK(store_->Write([&](Writer& w) { return UpdateHomeServiceOrder(w, o); }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateHomeServiceOrder(w, o); }),
              StatusIs(StatusCode::kAborted));

  std::vector<ProviderSlotRow> slots;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(slots, ProviderSlots(r, kHailian, D(2026, 7, 6), D(2026, 7, 12)));
    return OkStatus();
  }));
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].provider_id, provider);
  EXPECT_EQ(slots[0].start_min, 540);

  o.version = 2;
  o.state = "done";
  ASSERT_OK(store_->Write([&](Writer& w) { return UpdateHomeServiceOrder(w, o); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<HomeServiceOrderRow> got, HomeServiceOrderById(r, o.id));
    EXPECT_EQ(got->state, "done");
    EXPECT_EQ(got->resident_name, "赵奶奶");
    EXPECT_EQ(got->provider_name, "甲");
    EXPECT_EQ(got->provider_type, "caregiver");
    ALLEY_ASSIGN_OR_RETURN(std::optional<CareProviderRow> p, CareProviderById(r, provider));
    EXPECT_EQ(p->worked_minutes, 90) << "done orders count as hours worked";
    ALLEY_ASSIGN_OR_RETURN(slots, ProviderSlots(r, kHailian, D(2026, 7, 6), D(2026, 7, 12)));
    EXPECT_TRUE(slots.empty()) << "a done order holds no slot";
    ALLEY_ASSIGN_OR_RETURN(std::vector<HomeServiceOrderEventRow> events,
                           HomeServiceOrderEvents(r, o.id));
    EXPECT_EQ(events.size(), 1u);
    return OkStatus();
  }));
  // Events are append-only.
  EXPECT_THAT(store_->Write([&](Writer& w) {
    return sql::RunnerOf(w).Exec("DELETE FROM home_service_order_event", {}).status();
  }),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("append-only")));
}

TEST_F(CareStoreTest, OrderListsFollowTheSubtreeAndFilters) {
  const int64_t a = Resident(kHailian, "甲");
  const int64_t b = Resident(kXinghua, "乙");
  std::vector<HomeServiceOrderRow> rows = {Order(kHailian, a, D(2026, 7, 1)),
                                           Order(kHailian, a, D(2026, 7, 3)),
                                           Order(kXinghua, b, D(2026, 7, 2))};
  rows[1].kind = "bathing";
  rows[1].unit_code = std::string(kHailian) + "001";
  ASSERT_OK(store_->Write([&](Writer& w) {
    return InsertHomeServiceOrders(w, rows, {{}, {}, {}});
  }));
  auto ids = [&](HomeServiceOrderQuery q) {
    HomeServiceOrderPage page;
    EXPECT_OK(store_->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(page, ListHomeServiceOrders(r, q));
      return OkStatus();
    }));
    std::vector<int64_t> out;
    for (const HomeServiceOrderRow& o : page.items) out.push_back(o.id);
    return out;
  };
  EXPECT_THAT(ids({.subtree_code = kHailian}), ElementsAre(rows[1].id, rows[0].id));
  EXPECT_THAT(ids({.subtree_code = "320706006"}), ElementsAre(rows[1].id, rows[2].id, rows[0].id));
  EXPECT_THAT(ids({.subtree_code = std::string(kHailian) + "001"}), ElementsAre(rows[1].id));
  EXPECT_THAT(ids({.subtree_code = kHailian, .kind = "cleaning"}), ElementsAre(rows[0].id));
  EXPECT_THAT(ids({.subtree_code = kHailian, .from = D(2026, 7, 2)}), ElementsAre(rows[1].id));
  EXPECT_THAT(ids({.subtree_code = "0", .resident_id = b}), ElementsAre(rows[2].id));
}

TEST_F(CareStoreTest, TimeBankKeepsTransactionsWithPostingsAppendOnly) {
  const int64_t resident = Resident(kHailian, "王志愿");
  int64_t issuance = 0, member = 0;
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    TimeBankRow bank;
    bank.community_code = kHailian;
    bank.opened_on = D(2026, 1, 1);
    bank.max_minutes_per_service = 480;
    bank.max_transfer_minutes_per_year = 2400;
    bank.receiver_min_age = 60;
    ALLEY_RETURN_IF_ERROR(InsertTimeBank(w, bank).status());
    EXPECT_THAT(InsertTimeBank(w, bank), StatusIs(StatusCode::kAlreadyExists));
    ALLEY_ASSIGN_OR_RETURN(issuance, InsertTimeBankAccount(w, {.community_code = kHailian,
                                                               .kind = "issuance",
                                                               .opened_on = D(2026, 1, 1)}));
    ALLEY_ASSIGN_OR_RETURN(member, InsertTimeBankAccount(w, {.community_code = kHailian,
                                                             .kind = "member",
                                                             .resident_id = resident,
                                                             .opened_on = D(2026, 2, 1)}));
    EXPECT_THAT(InsertTimeBankAccount(w, {.community_code = kHailian,
                                          .kind = "member",
                                          .resident_id = resident,
                                          .opened_on = D(2026, 2, 1)}),
                StatusIs(StatusCode::kAlreadyExists));
    std::vector<TimeBankTransactionRow> txns(1);
    txns[0].community_code = kHailian;
    txns[0].number = 1;
    txns[0].kind = "earn";
    txns[0].date = D(2026, 2, 3);
    txns[0].reference = "order:1";
    txns[0].recorded_by = "cli:test";
    txns[0].postings = {{issuance, -90}, {member, 90}};
    ALLEY_RETURN_IF_ERROR(InsertTimeBankTransactions(w, txns));
    EXPECT_THAT(InsertTimeBankTransactions(w, txns), StatusIs(StatusCode::kAlreadyExists));
    return MoveTimeBankAccountOpening(w, issuance, D(2025, 6, 1));
  }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<TimeBankTransactionRow> txns,
                           TimeBankTransactions(r, kHailian));
    EXPECT_EQ(txns.size(), 1u);
    EXPECT_EQ(txns[0].postings.size(), 2u);
    ALLEY_ASSIGN_OR_RETURN(PostingTotal total, StoredPostingTotal(r, "320706006"));
    EXPECT_EQ(total.minutes, 0);
    EXPECT_EQ(total.postings, 2);
    ALLEY_ASSIGN_OR_RETURN(std::vector<TimeBankAccountRow> accounts, TimeBankAccounts(r, kHailian));
    EXPECT_EQ(accounts[0].opened_on, D(2025, 6, 1));
    EXPECT_EQ(accounts[1].holder_name, "王志愿");
    ALLEY_ASSIGN_OR_RETURN(std::optional<TimeBankRow> bank, FindTimeBank(r, kHailian));
    EXPECT_EQ(bank->opened_on, D(2025, 6, 1));
    ALLEY_ASSIGN_OR_RETURN(int64_t last, LastTimeBankNumber(r, kHailian));
    EXPECT_EQ(last, 1);
    return OkStatus();
  }));
  for (const char* sql :
       {"UPDATE timebank_posting SET minutes = 60", "DELETE FROM timebank_posting",
        "UPDATE timebank_transaction SET memo = 'x'", "DELETE FROM timebank_transaction"}) {
    EXPECT_THAT(store_->Write([&](Writer& w) { return sql::RunnerOf(w).Exec(sql, {}).status(); }),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("append-only")))
        << sql;
  }
}

TEST_F(CareStoreTest, SyntheticRowsGoAndRealOnesStay) {
  const int64_t real = Resident(kHailian, "真");
  const int64_t fake = Resident(kHailian, "假", /*synthetic=*/true);
  CareProviderRow real_p = Caregiver(kHailian, "真护理");
  const int64_t real_id = Insert(real_p);
  CareProviderRow fake_p = Caregiver(kHailian, "假护理");
  fake_p.synthetic = true;
  Insert(fake_p);
  HomeServiceOrderRow fake_o = Order(kHailian, fake, D(2026, 7, 1));
  fake_o.synthetic = true;
  std::vector<HomeServiceOrderRow> orders = {fake_o, Order(kHailian, real, D(2026, 7, 1))};
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    HomeServiceOrderEventRow e{.at = 1, .event = "request", .to_state = "requested", .actor = "x"};
    return InsertHomeServiceOrders(w, orders, {{e}, {e}});
  }));
  ASSERT_OK(store_->Write([&](Writer& w) { return DeleteSyntheticCareUnder(w, kHailian); }));
  ASSERT_OK(store_->Write([&](Writer& w) { return w.DeleteSyntheticUnder(kHailian); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(CareProviderPage page, ListCareProviders(r, {.subtree_code = kHailian}));
    EXPECT_EQ(page.total, 1);
    EXPECT_EQ(page.items[0].id, real_id);
    ALLEY_ASSIGN_OR_RETURN(HomeServiceOrderPage o,
                           ListHomeServiceOrders(r, {.subtree_code = kHailian}));
    EXPECT_EQ(o.total, 1);
    EXPECT_EQ(o.items[0].resident_id, real);
    return OkStatus();
  }));
  // Real events stay append-only.
  EXPECT_THAT(store_->Write([&](Writer& w) {
    return sql::RunnerOf(w).Exec("DELETE FROM home_service_order_event", {}).status();
  }),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(CareStoreTest, BuildingLocationAndBirthDate) {
  ASSERT_OK(store_->Write([&](Writer& w) {
    return w
        .InsertBuilding(
            {.unit_code = std::string(kHailian) + "001", .name = "3", .lat = 34.61, .lon = 119.18})
        .status();
  }));
  const int64_t resident = Resident(kHailian, "甲");
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<StoredPoint> p,
                           BuildingLocation(r, std::string(kHailian) + "001", "3"));
    EXPECT_TRUE(p.has_value() && p->lat == 34.61);
    ALLEY_ASSIGN_OR_RETURN(p, BuildingLocation(r, kHailian, "3"));
    EXPECT_FALSE(p.has_value());
    ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> birth, ResidentBirthDate(r, resident));
    EXPECT_EQ(birth, D(1945, 1, 1));
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store
