#include "services/timebank.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/random.h"
#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int64_t kHour = 60;  // minutes
constexpr int64_t kIssuance = 1;
constexpr int64_t kWang = 2;  // a volunteer
constexpr int64_t kLi = 3;    // another volunteer
constexpr int64_t kZhao = 4;  // Wang's mother

core::Date D(const char* text) { return *core::Date::Parse(text); }

FamilyFacts Mother() { return {.relative = true, .same_household = true, .receiver_age = 78}; }

class TimeBankTest : public ::testing::Test {
 protected:
  explicit TimeBankTest(TimeBankPolicy policy = {}) : bank_(policy) {
    EXPECT_OK(bank_.OpenAccount(
        {.id = kIssuance, .kind = AccountKind::kIssuance, .opened_on = D("2025-01-01")}));
    EXPECT_OK(bank_.OpenAccount({.id = kWang, .resident_id = 101, .opened_on = D("2025-01-01")}));
    EXPECT_OK(bank_.OpenAccount({.id = kLi, .resident_id = 102, .opened_on = D("2025-03-01")}));
    EXPECT_OK(bank_.OpenAccount({.id = kZhao, .resident_id = 103, .opened_on = D("2025-01-01")}));
  }

  int64_t Balance(int64_t id) { return *bank_.BalanceMinutes(id); }

  TimeBank bank_;
};

TEST_F(TimeBankTest, AnEarnMovesMinutesFromIssuanceToTheVolunteer) {
  ASSERT_OK_AND_ASSIGN(Transaction t, bank_.Earn(kWang, 90, D("2025-04-02"), "service:1"));
  EXPECT_EQ(t.id, 1);
  EXPECT_EQ(t.postings, (std::vector<Posting>{{kIssuance, -90}, {kWang, 90}}));
  Balances b = bank_.BalancesOn(std::nullopt);
  ASSERT_EQ(b.accounts.size(), 4u);
  EXPECT_EQ(b.accounts[0].account_id, kIssuance);
  EXPECT_EQ(b.accounts[0].minutes, -90);
  EXPECT_EQ(b.accounts[1].account_id, kWang);
  EXPECT_EQ(b.accounts[1].minutes, 90);
  EXPECT_DOUBLE_EQ(b.accounts[1].hours(), 1.5);
  EXPECT_EQ(b.total_minutes, 0);
  EXPECT_DOUBLE_EQ(b.total_hours(), 0.0);
  EXPECT_EQ(b.outstanding_minutes, 90);
}

TEST_F(TimeBankTest, RedeemReturnsMinutesToIssuance) {
  ASSERT_OK(bank_.Earn(kWang, 120, D("2025-04-02"), "service:1"));
  ASSERT_OK(bank_.Redeem(kWang, 45, D("2025-05-02"), "order:9"));
  EXPECT_EQ(Balance(kWang), 75);
  EXPECT_EQ(Balance(kIssuance), -75);
}

TEST_F(TimeBankTest, UnbalancedAndMisshapenTransactionsAreRefused) {
  Transaction t{.kind = TransactionKind::kEarn,
                .date = D("2025-04-02"),
                .postings = {{kIssuance, -60}, {kWang, 50}},
                .reference = "service:1"};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("unbalanced")));
  t.postings = {{kWang, 60}};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("two postings")));
  t.postings = {{kWang, 60}, {kWang, -60}};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("distinct")));
  t.postings = {{kIssuance, 0}, {kWang, 0}};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("not be 0")));
  // An "earn" that takes from the volunteer.
  t.postings = {{kIssuance, 60}, {kWang, -60}};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("an earn moves")));
  // An "earn" between two members mints nothing but is not an earn.
  t.postings = {{kLi, -60}, {kWang, 60}};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("an earn moves")));
  t.postings = {{kIssuance, -60}, {kWang, 60}};
  t.reference.clear();
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("reference")));
  t.reference = "service:1";
  t.reverses = 3;
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("only a reversal")));
  t.reverses = 0;
  t.postings = {{kIssuance, -kMaxPostingMinutes - 1}, {kWang, kMaxPostingMinutes + 1}};
  EXPECT_THAT(bank_.Post(t), StatusIs(StatusCode::kInvalidArgument, HasSubstr("at most")));
  // A transfer that would mint hours from issuance.
  EXPECT_THAT(bank_.Post({.kind = TransactionKind::kTransfer,
                          .date = D("2025-04-02"),
                          .postings = {{kIssuance, -60}, {kWang, 60}},
                          .family = Mother()}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("two member accounts")));
  EXPECT_THAT(bank_.Earn(kWang, 0, D("2025-04-02"), "s"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("positive")));
  EXPECT_TRUE(bank_.transactions().empty());
  EXPECT_EQ(Balance(kWang), 0);
}

TEST_F(TimeBankTest, PostingsMayComeInAnyOrder) {
  ASSERT_OK(bank_.Post({.kind = TransactionKind::kEarn,
                        .date = D("2025-04-02"),
                        .postings = {{kWang, 30}, {kIssuance, -30}},
                        .reference = "service:1"}));
  EXPECT_EQ(Balance(kWang), 30);
}

TEST_F(TimeBankTest, UnknownClosedAndNotYetOpenAccountsAreRefused) {
  EXPECT_THAT(bank_.Earn(99, 60, D("2025-04-02"), "s"),
              StatusIs(StatusCode::kNotFound, HasSubstr("account 99")));
  // Li's account opened on 2025-03-01.
  EXPECT_THAT(bank_.Earn(kLi, 60, D("2025-02-28"), "s"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("opened on 2025-03-01")));
  ASSERT_OK(bank_.CloseAccount(kLi, D("2025-06-01")));
  EXPECT_THAT(bank_.Earn(kLi, 60, D("2025-07-02"), "s"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_THAT(bank_.Earn(kLi, 60, D("2025-05-02"), "s"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_TRUE(bank_.transactions().empty());
}

TEST_F(TimeBankTest, AnEarnIsCappedPerService) {
  EXPECT_THAT(bank_.Earn(kWang, 8 * kHour + 1, D("2025-04-02"), "s"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("per service")));
  EXPECT_OK(bank_.Earn(kWang, 8 * kHour, D("2025-04-02"), "s"));
}

TEST_F(TimeBankTest, NoMemberIsOverdrawn) {
  ASSERT_OK(bank_.Earn(kWang, 60, D("2025-04-02"), "service:1"));
  EXPECT_THAT(bank_.Redeem(kWang, 61, D("2025-05-01"), "order:1"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("overdrawn")));
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 61, D("2025-05-01"), Mother()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("overdrawn")));
  EXPECT_OK(bank_.Redeem(kWang, 60, D("2025-05-01"), "order:1"));
  EXPECT_EQ(Balance(kWang), 0);
}

TEST_F(TimeBankTest, ABackDatedDebitMustNotOverdrawAnyLaterDate) {
  ASSERT_OK(bank_.Earn(kWang, 60, D("2025-03-10"), "service:1"));
  // A redeem dated before the earn would leave 5 to 9 March at -60.
  EXPECT_THAT(bank_.Redeem(kWang, 60, D("2025-03-05"), "order:1"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("overdrawn")));
  ASSERT_OK(bank_.Redeem(kWang, 60, D("2025-03-20"), "order:1"));
  ASSERT_OK(bank_.Earn(kWang, 30, D("2025-03-15"), "service:2"));
  // In date order: 03-10 +60 (60), 03-15 +30 (90), 03-20 -60 (30). A debit of
  // 31 on 03-12 would leave 03-20 at -1; 30 leaves it at 0.
  EXPECT_THAT(bank_.Redeem(kWang, 31, D("2025-03-12"), "order:2"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("-1 min on 2025-03-20")));
  ASSERT_OK(bank_.Redeem(kWang, 30, D("2025-03-12"), "order:2"));
  ASSERT_OK_AND_ASSIGN(Statement s, bank_.StatementFor(kWang, D("2025-01-01"), D("2025-12-31")));
  std::vector<int64_t> running;
  for (const StatementEntry& e : s.entries) running.push_back(e.balance_minutes);
  EXPECT_EQ(running, (std::vector<int64_t>{60, 30, 60, 0}));
}

TEST_F(TimeBankTest, AServiceRecordEarnsOnceUntilReversed) {
  ASSERT_OK(bank_.Earn(kWang, 60, D("2025-04-02"), "service:1"));
  EXPECT_THAT(bank_.Earn(kLi, 60, D("2025-04-02"), "service:1"),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("transaction 1")));
  ASSERT_OK(bank_.Earn(kWang, 100, D("2025-04-02"), "service:2"));
  ASSERT_OK(bank_.Redeem(kWang, 10, D("2025-04-03"), "order:1"));
  EXPECT_THAT(bank_.Redeem(kWang, 10, D("2025-04-03"), "order:1"),
              StatusIs(StatusCode::kAlreadyExists));
  // The same reference may be both an earn (the giver's) and a redeem.
  ASSERT_OK(bank_.Redeem(kWang, 10, D("2025-04-03"), "service:1"));
  ASSERT_OK(bank_.Reverse(1, D("2025-04-05"), "entered 60 instead of 40"));
  ASSERT_OK(bank_.Earn(kWang, 40, D("2025-04-02"), "service:1"));
}

TEST_F(TimeBankTest, AReversalIsTheExactOppositeAndStaysOnRecord) {
  ASSERT_OK(bank_.Earn(kWang, 90, D("2025-04-02"), "service:1"));
  ASSERT_OK_AND_ASSIGN(Transaction r, bank_.Reverse(1, D("2025-04-03"), "wrong volunteer"));
  EXPECT_EQ(r.kind, TransactionKind::kReversal);
  EXPECT_EQ(r.reverses, 1);
  EXPECT_EQ(r.postings, (std::vector<Posting>{{kIssuance, 90}, {kWang, -90}}));
  EXPECT_EQ(bank_.transactions().size(), 2u);
  EXPECT_EQ(bank_.transactions()[0].postings[1].minutes, 90);  // the original is unchanged
  EXPECT_EQ(Balance(kWang), 0);
  EXPECT_EQ(Balance(kIssuance), 0);

  EXPECT_THAT(bank_.Reverse(1, D("2025-04-03"), "again"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already reversed by")));
  EXPECT_THAT(bank_.Reverse(2, D("2025-04-03"), "undo the undo"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("cannot be reversed")));
  EXPECT_THAT(bank_.Reverse(7, D("2025-04-03"), "x"), StatusIs(StatusCode::kNotFound));
}

TEST_F(TimeBankTest, AReversalIsCheckedLikeAnyTransaction) {
  ASSERT_OK(bank_.Earn(kWang, 90, D("2025-04-02"), "service:1"));
  EXPECT_THAT(bank_.Reverse(1, D("2025-04-03"), ""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("reason")));
  EXPECT_THAT(bank_.Reverse(1, D("2025-04-01"), "too early"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("cannot precede")));
  EXPECT_THAT(bank_.Post({.kind = TransactionKind::kReversal,
                          .date = D("2025-04-03"),
                          .postings = {{kIssuance, 60}, {kWang, -60}},
                          .reverses = 1,
                          .memo = "partial"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("exact opposite")));
  // Hours already spent cannot be taken back.
  ASSERT_OK(bank_.Redeem(kWang, 60, D("2025-04-05"), "order:1"));
  EXPECT_THAT(bank_.Reverse(1, D("2025-04-06"), "wrong volunteer"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("overdrawn")));
  // Reversing the redeem first makes room.
  ASSERT_OK(bank_.Reverse(2, D("2025-04-06"), "order cancelled"));
  ASSERT_OK(bank_.Reverse(1, D("2025-04-06"), "wrong volunteer"));
  EXPECT_EQ(Balance(kWang), 0);
}

TEST_F(TimeBankTest, ATransferGoesToAnElderlyRelative) {
  ASSERT_OK(bank_.Earn(kWang, 480, D("2025-04-02"), "service:1"));
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 120, D("2025-04-10"), Mother()));
  EXPECT_EQ(Balance(kWang), 360);
  EXPECT_EQ(Balance(kZhao), 120);
  EXPECT_EQ(Balance(kIssuance), -480);

  FamilyFacts neighbour{.relative = false, .same_household = false, .receiver_age = 80};
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 10, D("2025-04-10"), neighbour),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("relative")));
  FamilyFacts son{.relative = true, .same_household = true, .receiver_age = 35};
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 10, D("2025-04-10"), son),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("aged 60 or more, got 35")));
  FamilyFacts bad_age{.relative = true, .same_household = true, .receiver_age = 151};
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 10, D("2025-04-10"), bad_age),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("receiver_age")));
  EXPECT_THAT(bank_.Post({.kind = TransactionKind::kTransfer,
                          .date = D("2025-04-10"),
                          .postings = {{kWang, -10}, {kZhao, 10}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("family")));
  EXPECT_EQ(bank_.transactions().size(), 2u);
}

TEST_F(TimeBankTest, TransfersAreCappedPerCalendarYearNetOfReversals) {
  for (int i = 0; i < 6; ++i) {
    ASSERT_OK(bank_.Earn(kWang, 480, D("2025-04-02"), "service:" + std::to_string(i)));
  }
  // The default cap is 40 hours a year.
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 30 * kHour, D("2025-05-01"), Mother()));  // id 7
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 10 * kHour + 1, D("2025-12-31"), Mother()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("a year")));
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 10 * kHour, D("2025-12-31"), Mother()));
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 1, D("2025-06-01"), Mother()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("has given 2400 min in 2025")));
  // A new year, a new allowance.
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 60, D("2026-01-01"), Mother()));
  // A reversed transfer no longer counts against the year it was dated in.
  EXPECT_THAT(bank_.Transfer(kWang, kZhao, 400, D("2025-12-31"), Mother()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("a year")));
  ASSERT_OK(bank_.Reverse(7, D("2026-01-02"), "sent to the wrong account"));
  // (Wang holds 420 minutes from 2025-12-31 until the reversal's credit on
  // 2026-01-02, so a transfer dated 2025-12-31 may give at most 420.)
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 400, D("2025-12-31"), Mother()));
}

TEST(TimeBankPolicyTest, EachRuleOfThePolicyIsApplied) {
  auto bank_with = [](TimeBankPolicy policy) {
    TimeBank bank(policy);
    EXPECT_OK(bank.OpenAccount(
        {.id = kIssuance, .kind = AccountKind::kIssuance, .opened_on = D("2025-01-01")}));
    EXPECT_OK(bank.OpenAccount({.id = kWang, .resident_id = 101, .opened_on = D("2025-01-01")}));
    EXPECT_OK(bank.OpenAccount({.id = kZhao, .resident_id = 103, .opened_on = D("2025-01-01")}));
    EXPECT_OK(bank.Earn(kWang, 300, D("2025-02-01"), "service:1"));
    return bank;
  };
  FamilyFacts sister_elsewhere{.relative = true, .same_household = false, .receiver_age = 66};

  TimeBank none = bank_with({.allow_family_transfer = false});
  EXPECT_THAT(none.Transfer(kWang, kZhao, 60, D("2025-03-01"), Mother()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("does not allow")));

  TimeBank household = bank_with({.receiver_must_share_household = true});
  EXPECT_THAT(household.Transfer(kWang, kZhao, 60, D("2025-03-01"), sister_elsewhere),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("household")));
  EXPECT_OK(household.Transfer(kWang, kZhao, 60, D("2025-03-01"), Mother()));

  TimeBank anyone =
      bank_with({.receiver_must_be_relative = false, .receiver_must_be_elderly = false});
  EXPECT_OK(anyone.Transfer(kWang, kZhao, 60, D("2025-03-01"),
                            {.relative = false, .same_household = false, .receiver_age = 30}));

  TimeBank seventy = bank_with({.receiver_min_age = 70});
  EXPECT_THAT(seventy.Transfer(kWang, kZhao, 60, D("2025-03-01"), sister_elsewhere),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("aged 70")));
}

TEST(TimeBankPolicyTest, ValidatePolicyNamesTheField) {
  EXPECT_OK(ValidatePolicy({}));
  EXPECT_THAT(ValidatePolicy({.max_minutes_per_service = 0}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("max_minutes_per_service")));
  EXPECT_THAT(ValidatePolicy({.max_transfer_minutes_per_year = -1}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("max_transfer_minutes_per_year")));
  EXPECT_THAT(ValidatePolicy({.receiver_min_age = 200}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("receiver_min_age")));
  EXPECT_THAT(TimeBank::Replay({.receiver_min_age = -1}, {}, {}),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(TimeBankTest, AccountsOpenOnceAndCloseOnlyEmpty) {
  EXPECT_THAT(bank_.OpenAccount({.id = kWang, .resident_id = 900}),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("account 2")));
  EXPECT_THAT(bank_.OpenAccount({.id = 9, .kind = AccountKind::kIssuance}),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("issuance")));
  EXPECT_THAT(bank_.OpenAccount({.id = 9, .resident_id = 101}),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("resident 101")));
  EXPECT_THAT(bank_.OpenAccount({.id = 9, .resident_id = 0}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("resident_id")));
  EXPECT_THAT(bank_.OpenAccount({.id = 0, .resident_id = 5}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("positive")));
  EXPECT_THAT(bank_.OpenAccount({.id = 9, .resident_id = 5, .closed_on = D("2025-01-01")}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("closed")));

  ASSERT_OK(bank_.Earn(kWang, 60, D("2025-04-02"), "service:1"));
  EXPECT_THAT(bank_.CloseAccount(kWang, D("2025-05-01")),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("holds 60 min")));
  ASSERT_OK(bank_.Redeem(kWang, 60, D("2025-04-20"), "order:1"));
  EXPECT_THAT(bank_.CloseAccount(kWang, D("2025-04-10")),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("after the closing date")));
  EXPECT_THAT(bank_.CloseAccount(kIssuance, D("2025-05-01")),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(bank_.CloseAccount(42, D("2025-05-01")), StatusIs(StatusCode::kNotFound));
  ASSERT_OK(bank_.CloseAccount(kWang, D("2025-05-01")));
  EXPECT_THAT(bank_.CloseAccount(kWang, D("2025-05-02")),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already closed")));
  // The holder may open a new account.
  EXPECT_OK(bank_.OpenAccount({.id = 9, .resident_id = 101, .opened_on = D("2025-06-01")}));
}

TEST(TimeBankAccountsTest, AnEarnNeedsAnIssuanceAccount) {
  TimeBank bank(TimeBankPolicy{});
  ASSERT_OK(bank.OpenAccount({.id = kWang, .resident_id = 101}));
  ASSERT_OK(bank.OpenAccount({.id = kLi, .resident_id = 102}));
  EXPECT_THAT(bank.Earn(kWang, 60, D("2025-04-02"), "s"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("no issuance")));
  EXPECT_THAT(bank.Post({.kind = TransactionKind::kEarn,
                         .date = D("2025-04-02"),
                         .postings = {{kLi, -60}, {kWang, 60}},
                         .reference = "s"}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("no issuance")));
}

TEST_F(TimeBankTest, BalancesAsOfADate) {
  ASSERT_OK(bank_.Earn(kWang, 60, D("2025-04-02"), "service:1"));
  ASSERT_OK(bank_.Earn(kLi, 30, D("2025-04-10"), "service:2"));
  Balances b = bank_.BalancesOn(D("2025-04-05"));
  ASSERT_EQ(b.accounts.size(), 4u);
  EXPECT_EQ(b.accounts[0].minutes, -60);
  EXPECT_EQ(b.accounts[1].minutes, 60);
  EXPECT_EQ(b.accounts[2].minutes, 0);
  EXPECT_EQ(b.outstanding_minutes, 60);
  EXPECT_EQ(b.total_minutes, 0);
  // Li's account opened on 2025-03-01: not yet there on 2025-02-01.
  EXPECT_EQ(bank_.BalancesOn(D("2025-02-01")).accounts.size(), 3u);
}

TEST_F(TimeBankTest, AStatementHasOpeningEntriesAndClosing) {
  ASSERT_OK(bank_.Earn(kWang, 120, D("2025-03-01"), "service:1"));
  ASSERT_OK(bank_.Earn(kWang, 60, D("2025-04-02"), "service:2"));
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 30, D("2025-04-15"), Mother()));
  ASSERT_OK(bank_.Redeem(kWang, 45, D("2025-05-03"), "order:1"));
  ASSERT_OK_AND_ASSIGN(Statement s, bank_.StatementFor(kWang, D("2025-04-01"), D("2025-04-30")));
  EXPECT_EQ(s.opening_minutes, 120);
  ASSERT_EQ(s.entries.size(), 2u);
  EXPECT_EQ(s.entries[0].transaction_id, 2);
  EXPECT_EQ(s.entries[0].minutes, 60);
  EXPECT_EQ(s.entries[0].counterparty_id, kIssuance);
  EXPECT_EQ(s.entries[0].reference, "service:2");
  EXPECT_EQ(s.entries[0].balance_minutes, 180);
  EXPECT_EQ(s.entries[1].kind, TransactionKind::kTransfer);
  EXPECT_EQ(s.entries[1].minutes, -30);
  EXPECT_EQ(s.entries[1].counterparty_id, kZhao);
  EXPECT_EQ(s.entries[1].balance_minutes, 150);
  EXPECT_EQ(s.closing_minutes, 150);
  EXPECT_EQ(Balance(kWang), 105);  // after the redeem in May

  EXPECT_THAT(bank_.StatementFor(kWang, D("2025-05-01"), D("2025-04-01")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("after")));
  EXPECT_THAT(bank_.StatementFor(42, D("2025-04-01"), D("2025-05-01")),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(TimeBankTest, ReplayRebuildsTheBankFromStoredHistory) {
  ASSERT_OK(bank_.Earn(kWang, 120, D("2025-03-01"), "service:1"));
  ASSERT_OK(bank_.Transfer(kWang, kZhao, 30, D("2025-04-15"), Mother()));
  ASSERT_OK(bank_.Earn(kLi, 60, D("2025-04-02"), "service:2"));
  ASSERT_OK(bank_.Reverse(3, D("2025-04-03"), "not a time-bank service"));
  ASSERT_OK(bank_.CloseAccount(kLi, D("2025-05-01")));
  std::vector<Account> accounts;
  for (const auto& [id, a] : bank_.accounts()) accounts.push_back(a);
  // The policy has changed since: transfers are no longer allowed, yet the
  // history still stands.
  ASSERT_OK_AND_ASSIGN(TimeBank again, TimeBank::Replay({.allow_family_transfer = false}, accounts,
                                                        bank_.transactions()));
  EXPECT_EQ(again.transactions(), bank_.transactions());
  EXPECT_EQ(*again.BalanceMinutes(kWang), 90);
  EXPECT_EQ(*again.BalanceMinutes(kZhao), 30);
  EXPECT_TRUE(again.accounts().at(kLi).closed_on.has_value());
  EXPECT_THAT(again.Earn(kLi, 10, D("2025-06-01"), "service:3"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("closed")));
  // Li may have a newer account.
  accounts.push_back({.id = 9, .resident_id = 102, .opened_on = D("2025-06-01")});
  EXPECT_OK(TimeBank::Replay({}, accounts, bank_.transactions()));
}

TEST_F(TimeBankTest, ReplayRefusesABrokenHistory) {
  ASSERT_OK(bank_.Earn(kWang, 120, D("2025-03-01"), "service:1"));
  ASSERT_OK(bank_.Redeem(kWang, 100, D("2025-03-02"), "order:1"));
  std::vector<Account> accounts;
  for (const auto& [id, a] : bank_.accounts()) accounts.push_back(a);

  std::vector<Transaction> tampered = bank_.transactions();
  tampered[0].postings[1].minutes = 150;  // edited instead of reversed
  EXPECT_THAT(TimeBank::Replay({}, accounts, tampered),
              StatusIs(StatusCode::kDataLoss, HasSubstr("transaction 1: unbalanced")));
  tampered = bank_.transactions();
  tampered[1].postings = {{kWang, -130}, {kIssuance, 130}};
  EXPECT_THAT(TimeBank::Replay({}, accounts, tampered),
              StatusIs(StatusCode::kDataLoss, HasSubstr("overdrawn")));
  tampered = bank_.transactions();
  tampered[1].id = 3;
  EXPECT_THAT(TimeBank::Replay({}, accounts, tampered),
              StatusIs(StatusCode::kDataLoss, HasSubstr("without gaps")));
  std::vector<Account> closed = accounts;
  closed[1].closed_on = D("2025-04-01");  // Wang still holds 20 minutes
  EXPECT_THAT(TimeBank::Replay({}, closed, bank_.transactions()),
              StatusIs(StatusCode::kDataLoss, HasSubstr("holds 20 min")));
  std::vector<Account> missing(accounts.begin() + 2, accounts.end());
  EXPECT_THAT(TimeBank::Replay({}, missing, bank_.transactions()),
              StatusIs(StatusCode::kDataLoss, HasSubstr("does not exist")));
}

// The property the issue asks for: whatever sequence of operations arrives,
// valid or not, hours are conserved (all balances sum to 0), no member is ever
// overdrawn on any date, and a refused operation changes nothing.
class TimeBankPropertyTest : public ::testing::Test {
 protected:
  // What a refused operation must leave as it was. Transactions are only ever
  // appended, so their count and the last one stand for the whole history.
  struct Snapshot {
    size_t transactions = 0;
    std::optional<Transaction> last;
    std::map<int64_t, Account> accounts;
    std::vector<int64_t> balances;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot Take() const {
    Snapshot s{.transactions = bank_.transactions().size(), .accounts = bank_.accounts()};
    if (!bank_.transactions().empty()) s.last = bank_.transactions().back();
    for (const AccountBalance& b : bank_.BalancesOn(std::nullopt).accounts) {
      s.balances.push_back(b.minutes);
    }
    return s;
  }

  core::Date RandomDate() {
    return D("2025-01-01").AddDays(static_cast<int64_t>(rng_.Uniform(730)));
  }
  // Mostly a member account that exists; sometimes the issuance account (1),
  // 0, or one not opened yet.
  int64_t RandomAccount() {
    if (next_id_ > 1 && rng_.Bernoulli(0.85)) {
      return 2 + static_cast<int64_t>(rng_.Uniform(static_cast<uint64_t>(next_id_) - 1));
    }
    return static_cast<int64_t>(rng_.Uniform(static_cast<uint64_t>(next_id_) + 3));
  }
  // Mostly positive, sometimes 0 or negative; earns sometimes above the cap.
  int64_t RandomMinutes(int64_t most) {
    return static_cast<int64_t>(rng_.Uniform(static_cast<uint64_t>(most) + 40)) - 20;
  }
  FamilyFacts RandomFamily() {
    return {rng_.Bernoulli(0.8), rng_.Bernoulli(0.5), 40 + static_cast<int>(rng_.Uniform(60))};
  }

  StatusOr<Transaction> RandomRaw() {
    Transaction t;
    t.kind = static_cast<TransactionKind>(rng_.Uniform(4));
    t.date = RandomDate();
    size_t n = rng_.Bernoulli(0.9) ? 2 : rng_.Uniform(4);
    int64_t m = RandomMinutes(300);
    for (size_t i = 0; i < n; ++i) {
      int64_t minutes = i % 2 == 0 ? -m : m;
      if (rng_.Bernoulli(0.2)) minutes += RandomMinutes(100);
      t.postings.push_back({RandomAccount(), minutes});
    }
    if (rng_.Bernoulli(0.7)) t.reference = "service:" + std::to_string(rng_.Uniform(300));
    if (rng_.Bernoulli(0.5)) t.family = RandomFamily();
    if (rng_.Bernoulli(0.3)) t.reverses = static_cast<int64_t>(rng_.Uniform(40));
    if (rng_.Bernoulli(0.5)) t.memo = "raw";
    return bank_.Post(t);
  }

  // Draws go into locals first: the order in which function arguments are
  // evaluated is unspecified, and the sequence must not depend on the compiler.
  Status RandomOperation() {
    const size_t op = rng_.Weighted(std::vector<double>{1, 10, 5, 5, 2, 0.5, 3});
    if (op == 0) {
      const int64_t id = rng_.Bernoulli(0.9) ? ++next_id_ : RandomAccount();
      const int64_t resident = static_cast<int64_t>(rng_.Uniform(60));
      const core::Date opened = D("2025-01-01").AddDays(static_cast<int64_t>(rng_.Uniform(90)));
      return bank_.OpenAccount({.id = id, .resident_id = resident, .opened_on = opened});
    }
    if (op == 5) {
      const int64_t id = RandomAccount();
      return bank_.CloseAccount(id, RandomDate());
    }
    if (op == 6) return RandomRaw().status();
    const int64_t account = RandomAccount();
    const int64_t other = RandomAccount();
    const int64_t minutes = RandomMinutes(op == 1 ? 520 : 150);
    const core::Date date = RandomDate();
    const std::string reference = std::to_string(rng_.Uniform(3000));
    switch (op) {
      case 1:
        return bank_.Earn(account, minutes, date, "service:" + reference).status();
      case 2:
        return bank_.Redeem(account, minutes, date, "order:" + reference).status();
      case 3:
        return bank_.Transfer(account, other, minutes, date, RandomFamily()).status();
      default: {
        const uint64_t n = bank_.transactions().size();
        const int64_t id = static_cast<int64_t>(rng_.Uniform(n + 3));
        return bank_.Reverse(id, date, rng_.Bernoulli(0.95) ? "correction" : "").status();
      }
    }
  }

  // No member's running balance is negative at any point in date order.
  void ExpectNoMemberEverNegative() {
    for (const auto& [id, a] : bank_.accounts()) {
      if (a.kind != AccountKind::kMember) continue;
      StatusOr<Statement> s = bank_.StatementFor(id, D("2024-01-01"), D("2027-12-31"));
      ASSERT_OK(s);
      EXPECT_EQ(s->opening_minutes, 0);
      for (const StatementEntry& e : s->entries) {
        ASSERT_GE(e.balance_minutes, 0) << "account " << id << " transaction " << e.transaction_id;
      }
      EXPECT_EQ(s->closing_minutes, *bank_.BalanceMinutes(id));
    }
  }

  core::Rng rng_{20260701};
  TimeBank bank_{TimeBankPolicy{.max_transfer_minutes_per_year = 10 * kHour}};
  int64_t next_id_ = 1;
};

TEST_F(TimeBankPropertyTest, HoursAreConservedAndRefusalsChangeNothing) {
  ASSERT_OK(
      bank_.OpenAccount({.id = 1, .kind = AccountKind::kIssuance, .opened_on = D("2025-01-01")}));
  std::map<StatusCode, int> outcomes;
  constexpr int kOperations = 6000;
  for (int i = 0; i < kOperations; ++i) {
    const Snapshot before = Take();
    const Status s = RandomOperation();
    ++outcomes[s.code()];
    if (!s.ok()) {
      ASSERT_EQ(Take(), before) << "operation " << i << " refused (" << s.ToString()
                                << ") yet changed the bank";
    }
    Balances b = bank_.BalancesOn(std::nullopt);
    ASSERT_EQ(b.total_minutes, 0) << "operation " << i;
    for (const AccountBalance& a : b.accounts) {
      if (a.kind == AccountKind::kMember) {
        ASSERT_GE(a.minutes, 0) << "operation " << i;
      }
    }
    ASSERT_EQ(b.accounts[0].minutes, -b.outstanding_minutes);
    if (i % 500 == 0) ExpectNoMemberEverNegative();
  }
  ExpectNoMemberEverNegative();
  // Recomputed from the transactions alone, the balances agree.
  Balances kept = bank_.BalancesOn(std::nullopt);
  Balances recomputed = bank_.BalancesOn(D("9999-12-31"));
  ASSERT_EQ(kept.accounts.size(), recomputed.accounts.size());
  for (size_t i = 0; i < kept.accounts.size(); ++i) {
    EXPECT_EQ(kept.accounts[i].minutes, recomputed.accounts[i].minutes);
  }
  // And the stored history replays to the same bank.
  std::vector<Account> accounts;
  for (const auto& [id, a] : bank_.accounts()) accounts.push_back(a);
  ASSERT_OK_AND_ASSIGN(TimeBank again,
                       TimeBank::Replay(bank_.policy(), accounts, bank_.transactions()));
  EXPECT_EQ(again.transactions(), bank_.transactions());
  EXPECT_EQ(again.accounts(), bank_.accounts());
  // The run exercised both sides of every rule family: enough accepted and
  // refused operations of each kind of refusal.
  for (const auto& [code, count] : outcomes) {
    RecordProperty(std::string(StatusCodeName(code)), count);
  }
  EXPECT_GT(outcomes[StatusCode::kOk], 1000);
  EXPECT_GT(outcomes[StatusCode::kInvalidArgument], 300);
  EXPECT_GT(outcomes[StatusCode::kFailedPrecondition], 300);
  EXPECT_GT(outcomes[StatusCode::kNotFound], 50);
  EXPECT_GT(outcomes[StatusCode::kAlreadyExists], 20);
  int reversals = 0;
  int transfers = 0;
  for (const Transaction& t : bank_.transactions()) {
    reversals += t.kind == TransactionKind::kReversal;
    transfers += t.kind == TransactionKind::kTransfer;
  }
  RecordProperty("reversals", reversals);
  RecordProperty("transfers", transfers);
  EXPECT_GT(reversals, 20);
  EXPECT_GT(transfers, 50);
}

}  // namespace
}  // namespace alley::services
