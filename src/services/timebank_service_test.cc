#include "services/timebank_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "core/status_matchers.h"
#include "services/care_test_util.h"
#include "store/timebank_store.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using testing::D;
using testing::HailianStaff;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kStreet;
using testing::kXinghua;
using testing::T0;
using testing::XinghuaStaff;

class TimeBankServiceTest : public testing::CareTest {
 protected:
  // A volunteer of `unit` (registered 2025-01-01): their account id.
  int64_t VolunteerAccount(int64_t resident, const std::string& unit = kHailian) {
    ProviderInput in = VolunteerIn(resident);
    in.unit_code = unit;
    StatusOr<ProviderItem> v = RegisterProvider(*store_, ProviderType::kVolunteer, in,
                                                core::kNationCode, HailianStaff(), T0());
    EXPECT_OK(v);
    return v.ok() && v->timebank_account_id ? *v->timebank_account_id : 0;
  }

  StatusOr<PostedTransaction> Earn(int64_t account, int64_t minutes, const std::string& reference,
                                   core::Date date = D(2026, 3, 2)) {
    return EarnHours(*store_, account, minutes, date, reference, "", kHailian, HailianStaff(),
                     T0());
  }

  int64_t StoredTotal(std::string_view subtree = core::kNationCode) {
    store::PostingTotal total;
    EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(total, store::StoredPostingTotal(r, subtree));
      return OkStatus();
    }));
    return total.minutes;
  }
};

TEST_F(TimeBankServiceTest, BalancesListTheIssuanceAccountAndSumToZero) {
  const int64_t a = VolunteerAccount(Adult());
  const int64_t b = VolunteerAccount(Adult());
  ASSERT_OK(Earn(a, 90, "event:1"));
  ASSERT_OK(Earn(b, 30, "event:2"));
  ASSERT_OK_AND_ASSIGN(TimeBankBalances bal, GetTimeBankBalances(*store_, kHailian, std::nullopt));
  ASSERT_EQ(bal.banks.size(), 1u);
  const BankBalances& bank = bal.banks[0];
  ASSERT_EQ(bank.accounts.size(), 3u);
  EXPECT_EQ(bank.accounts[0].account.kind, "issuance");
  EXPECT_EQ(bank.accounts[0].minutes, -120);
  EXPECT_EQ(bank.accounts[1].minutes, 90);
  EXPECT_THAT(bank.accounts[1].account.holder_name, HasSubstr("居民"));
  EXPECT_EQ(bal.total_minutes, 0);
  EXPECT_EQ(bal.outstanding_minutes, 120);
  EXPECT_EQ(bank.transactions, 2);
  EXPECT_EQ(bank.policy.max_minutes_per_service, TimeBankPolicy{}.max_minutes_per_service);
  // As of a date before both: nothing moved yet.
  ASSERT_OK_AND_ASSIGN(bal, GetTimeBankBalances(*store_, kHailian, D(2026, 3, 1)));
  EXPECT_EQ(bal.banks[0].accounts[1].minutes, 0);
  EXPECT_EQ(StoredTotal(), 0);
}

TEST_F(TimeBankServiceTest, RedeemingNeverOverdrawsAndStatementsRunTheBalance) {
  const int64_t a = VolunteerAccount(Adult());
  ASSERT_OK(Earn(a, 120, "event:1", D(2026, 3, 2)));
  EXPECT_THAT(RedeemHours(*store_, a, 121, D(2026, 3, 5), "home_service_order:9", "", kHailian,
                          HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(RedeemHours(*store_, a, 60, D(2026, 3, 5), "", "", kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field reference")));
  ASSERT_OK_AND_ASSIGN(PostedTransaction r,
                       RedeemHours(*store_, a, 45, D(2026, 3, 5), "home_service_order:9", "助浴",
                                   kHailian, HailianStaff(), T0()));
  EXPECT_EQ(r.transaction.number, 2);
  EXPECT_EQ(r.balance_minutes, 75);
  ASSERT_OK_AND_ASSIGN(AccountStatement s,
                       GetAccountStatement(*store_, a, D(2026, 3, 3), D(2026, 12, 31), kHailian));
  EXPECT_EQ(s.statement.opening_minutes, 120);
  ASSERT_EQ(s.statement.entries.size(), 1u);
  EXPECT_EQ(s.statement.entries[0].minutes, -45);
  EXPECT_EQ(s.statement.closing_minutes, 75);
  EXPECT_THAT(GetAccountStatement(*store_, a, D(2026, 3, 3), D(2026, 3, 1), kHailian),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Earn(a, int64_t{9} * 60, "event:long"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("480")))
      << "the policy's most for one service";
  EXPECT_EQ(StoredTotal(), 0);
}

TEST_F(TimeBankServiceTest, TransfersFollowThePolicyWithTheLedgersEvidence) {
  const int64_t giver = Resident(kHailian, D(1985, 3, 1), "0007", "child");
  const int64_t mother = Resident(kHailian, D(1955, 3, 1), "0007", "head");
  const int64_t youngster = Resident(kHailian, D(2005, 3, 1), "0007", "grandchild");
  const int64_t neighbour = Elder();
  const int64_t a = VolunteerAccount(giver);
  ASSERT_OK(Earn(a, 480, "event:1"));
  ASSERT_OK(Earn(a, 480, "event:2", D(2026, 3, 3)));
  TransferInput t{
      .from_account_id = a, .to_resident_id = mother, .minutes = 60, .date = D(2026, 4, 1)};
  ASSERT_OK_AND_ASSIGN(PostedTransaction to_mother,
                       TransferHours(*store_, t, kHailian, HailianStaff(), T0()));
  EXPECT_EQ(to_mother.transaction.kind, "transfer");
  EXPECT_EQ(to_mother.transaction.family_relative, true);
  EXPECT_EQ(to_mother.transaction.family_same_household, true);
  EXPECT_EQ(to_mother.transaction.family_receiver_age, 71);
  EXPECT_EQ(to_mother.balance_minutes, 900);

  t.to_resident_id = youngster;
  EXPECT_THAT(TransferHours(*store_, t, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("60")))
      << "the receiver must be elderly";
  t.to_resident_id = neighbour;
  EXPECT_THAT(TransferHours(*store_, t, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("relative")));
  t.relation = "parent";  // declared: a relative outside the household
  ASSERT_OK(TransferHours(*store_, t, kHailian, HailianStaff(), T0()));
  t.relation = "head";
  EXPECT_THAT(TransferHours(*store_, t, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field relation")));
  t.relation = "";
  t.to_resident_id = mother;
  t.minutes = int64_t{40} * 60;  // over the yearly cap with the 120 already given
  EXPECT_THAT(TransferHours(*store_, t, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition));
  t.to_account_id = a;
  EXPECT_THAT(TransferHours(*store_, t, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("one of them")));
  EXPECT_EQ(StoredTotal(), 0);
}

TEST_F(TimeBankServiceTest, AReversalIsANewTransactionAndHappensOnce) {
  const int64_t a = VolunteerAccount(Adult());
  ASSERT_OK_AND_ASSIGN(PostedTransaction earned, Earn(a, 60, "event:1"));
  EXPECT_THAT(ReverseTransaction(*store_, kHailian, earned.transaction.number, D(2026, 3, 3), "",
                                 kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field reason")));
  ASSERT_OK_AND_ASSIGN(PostedTransaction reversal,
                       ReverseTransaction(*store_, kHailian, earned.transaction.number,
                                          D(2026, 3, 3), "记错了", kHailian, HailianStaff(), T0()));
  EXPECT_EQ(reversal.transaction.kind, "reversal");
  EXPECT_EQ(reversal.transaction.reverses, earned.transaction.number);
  EXPECT_EQ(reversal.balance_minutes, 0);
  EXPECT_THAT(ReverseTransaction(*store_, kHailian, earned.transaction.number, D(2026, 3, 3),
                                 "again", kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(ReverseTransaction(*store_, kHailian, 99, D(2026, 3, 3), "none", kHailian,
                                 HailianStaff(), T0()),
              StatusIs(StatusCode::kNotFound));
  // The reference is free again for a corrected entry.
  ASSERT_OK(Earn(a, 45, "event:1"));
}

TEST_F(TimeBankServiceTest, ABrokenStoredHistoryIsRefusedWholeAndNothingIsWritten) {
  const int64_t a = VolunteerAccount(Adult());
  ASSERT_OK(Earn(a, 60, "event:1"));
  // An unbalanced transaction slipped into the store behind the domain's back.
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    std::vector<store::TimeBankTransactionRow> rows(1);
    rows[0].community_code = kHailian;
    rows[0].number = 2;
    rows[0].kind = "earn";
    rows[0].date = D(2026, 3, 4);
    rows[0].reference = "forged";
    rows[0].recorded_by = "mallory";
    rows[0].postings = {{a, 600}};
    return store::InsertTimeBankTransactions(w, rows);
  }));
  EXPECT_THAT(Earn(a, 30, "event:2"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("stored transaction 2")));
  EXPECT_THAT(GetTimeBankBalances(*store_, kHailian, std::nullopt),
              StatusIs(StatusCode::kDataLoss));
  EXPECT_EQ(StoredTotal(), 600) << "only the forgery is off; the refused earn added nothing";
}

TEST_F(TimeBankServiceTest, AXinghuaUserNeverSeesOrWritesHailiansBank) {
  const int64_t a = VolunteerAccount(Adult());
  ASSERT_OK(Earn(a, 60, "event:1"));
  EXPECT_THAT(GetTimeBankBalances(*store_, kHailian, std::nullopt, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(GetAccountStatement(*store_, a, D(2026, 1, 1), D(2026, 12, 31), kXinghua),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RedeemHours(*store_, a, 30, D(2026, 3, 5), "x", "", kXinghua, XinghuaStaff(), T0()),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(EarnHours(*store_, a, 30, D(2026, 3, 5), "x", "", kXinghua, XinghuaStaff(), T0()),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(
      TransferHours(
          *store_,
          {.from_account_id = a, .to_resident_id = Elder(), .minutes = 10, .date = D(2026, 3, 5)},
          kXinghua, XinghuaStaff(), T0()),
      StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(
      ReverseTransaction(*store_, kHailian, 1, D(2026, 3, 5), "x", kXinghua, XinghuaStaff(), T0()),
      StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(TimeBankBalances own,
                       GetTimeBankBalances(*store_, kXinghua, std::nullopt, kXinghua));
  EXPECT_TRUE(own.banks.empty());
  ASSERT_OK_AND_ASSIGN(TimeBankBalances hailian,
                       GetTimeBankBalances(*store_, kHailian, std::nullopt, kHailian));
  EXPECT_EQ(hailian.banks[0].accounts[1].minutes, 60) << "the refused writes changed nothing";
}

TEST_F(TimeBankServiceTest, AStreetSeesEveryBankBelowEachSummingToZero) {
  ASSERT_OK(Earn(VolunteerAccount(Adult()), 60, "event:1"));
  const int64_t x = VolunteerAccount(Adult(kXinghua), kXinghua);
  ASSERT_OK(
      EarnHours(*store_, x, 30, D(2026, 3, 2), "event:x", "", kXinghua, XinghuaStaff(), T0()));
  ASSERT_OK_AND_ASSIGN(TimeBankBalances street,
                       GetTimeBankBalances(*store_, kStreet, std::nullopt));
  ASSERT_EQ(street.banks.size(), 2u);
  EXPECT_EQ(street.banks[0].bank.community_code, kXinghua);
  EXPECT_EQ(street.banks[0].total_minutes, 0);
  EXPECT_EQ(street.banks[1].total_minutes, 0);
  EXPECT_EQ(street.outstanding_minutes, 90);
  EXPECT_EQ(street.total_minutes, 0);
}

TEST_F(TimeBankServiceTest, ABatchOfExchangesIsAllOrNothing) {
  const int64_t v = Resident(kHailian, D(1980, 1, 1), "0009", "child");
  const int64_t parent = Resident(kHailian, D(1950, 1, 1), "0009", "head");
  std::vector<TimeBankExchange> batch = {
      {.kind = TransactionKind::kEarn,
       .resident_id = v,
       .minutes = 120,
       .date = D(2026, 1, 5),
       .reference = "event:a"},
      {.kind = TransactionKind::kTransfer,
       .resident_id = v,
       .to_resident_id = parent,
       .minutes = 60,
       .date = D(2026, 1, 6)},
      {.kind = TransactionKind::kRedeem,
       .resident_id = parent,
       .minutes = 30,
       .date = D(2026, 1, 7),
       .reference = "home_service_order:1"},
      {.kind = TransactionKind::kReversal,
       .date = D(2026, 1, 8),
       .reverses_index = 2,
       .memo = "重复记录"},
  };
  ASSERT_OK_AND_ASSIGN(std::vector<store::TimeBankTransactionRow> rows,
                       RecordTimeBankExchanges(*store_, kHailian, batch, /*synthetic=*/true,
                                               kHailian, HailianStaff(), T0()));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[0].synthetic);
  EXPECT_EQ(rows[3].reverses, rows[2].number);
  batch[0].reference = "event:b";
  batch[2].reference = "home_service_order:2";
  batch[2].minutes = 600;  // more than the parent holds
  EXPECT_THAT(
      RecordTimeBankExchanges(*store_, kHailian, batch, true, kHailian, HailianStaff(), T0()),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("exchange 2")));
  ASSERT_OK_AND_ASSIGN(TimeBankBalances b, GetTimeBankBalances(*store_, kHailian, std::nullopt));
  EXPECT_EQ(b.banks[0].transactions, 4) << "the refused batch wrote nothing";
  EXPECT_EQ(StoredTotal(), 0);
}

// THE PROPERTY: whatever mix of earns, redemptions, transfers and reversals
// the domain is asked for — accepted or refused — the stored postings sum to
// exactly 0, and each member's balance is the model's.
TEST_F(TimeBankServiceTest, RandomExchangesKeepTheStoredTotalAtExactlyZero) {
  std::vector<int64_t> residents;
  std::vector<int64_t> accounts;
  for (int i = 0; i < 4; ++i) {
    residents.push_back(
        Resident(kHailian, D(1950 + 10 * i, 1, 1), "0100", i == 0 ? "head" : "child"));
    accounts.push_back(VolunteerAccount(residents.back()));
  }
  std::mt19937_64 rng(20260701);
  std::map<int64_t, int64_t> model;  // account → minutes, from the answers
  std::vector<std::pair<int64_t, PostedTransaction>> reversible;  // number, the posted
  int accepted = 0;
  int refused = 0;
  core::Date day = D(2026, 1, 1);
  for (int step = 0; step < 120; ++step) {
    day = day.AddDays(static_cast<int64_t>(rng() % 2));
    const int64_t a = accounts[rng() % accounts.size()];
    const int64_t b = accounts[rng() % accounts.size()];
    const int64_t minutes = static_cast<int64_t>(rng() % 200) - 10;  // some are not positive
    StatusOr<PostedTransaction> posted = InternalError("none");
    switch (rng() % 4) {
      case 0:
        posted = Earn(a, minutes, "event:" + std::to_string(step), day);
        break;
      case 1:
        posted = RedeemHours(*store_, a, minutes, day, "order:" + std::to_string(step), "",
                             kHailian, HailianStaff(), T0());
        break;
      case 2:
        posted = TransferHours(
            *store_, {.from_account_id = a, .to_account_id = b, .minutes = minutes, .date = day},
            kHailian, HailianStaff(), T0());
        break;
      case 3:
        if (reversible.empty()) continue;
        posted = ReverseTransaction(*store_, kHailian, reversible[rng() % reversible.size()].first,
                                    day, "random", kHailian, HailianStaff(), T0());
        break;
    }
    if (posted.ok()) {
      ++accepted;
      for (const store::TimeBankPostingRow& p : posted->transaction.postings) {
        model[p.account_id] += p.minutes;
      }
      reversible.emplace_back(posted->transaction.number, *posted);
    } else {
      ++refused;
      EXPECT_NE(posted.status().code(), StatusCode::kDataLoss) << posted.status().ToString();
      EXPECT_NE(posted.status().code(), StatusCode::kInternal) << posted.status().ToString();
    }
    ASSERT_EQ(StoredTotal(), 0) << "after step " << step;
  }
  EXPECT_GT(accepted, 20);
  EXPECT_GT(refused, 5) << "the mix should try some refused ones too";
  ASSERT_OK_AND_ASSIGN(TimeBankBalances bal, GetTimeBankBalances(*store_, kHailian, std::nullopt));
  EXPECT_EQ(bal.total_minutes, 0);
  for (const AccountView& v : bal.banks[0].accounts) {
    EXPECT_EQ(v.minutes, model[v.account.id]) << "account " << v.account.id;
    if (v.account.kind == "member") {
      EXPECT_GE(v.minutes, 0);
    }
  }
}

}  // namespace
}  // namespace alley::services
