// The time bank (时间银行) of each community as the office keeps it: one bank
// per community, with its policy, the programme's issuance account and an
// account per volunteer or resident; hours earned for services given
// (home-service orders finished by volunteers earn on their own, care.h),
// redeemed for services received, given to a family member where the policy
// allows, and reversed when posted in error. The rules are timebank.h's; the
// rows are store/timebank_store.h's.
//
//   ALLEY_ASSIGN_OR_RETURN(TimeBankBalances b, GetTimeBankBalances(store, "320706006010",
//                                                                  std::nullopt, within));
//   b.total_minutes == 0;   // hours are never created or lost
//
// Every write is one store transaction that replays the bank's whole stored
// history through TimeBank::Replay (so a history that breaks a rule is
// refused whole, kDataLoss, and nothing is written), posts the new
// transaction through the policy's rules, appends it with its postings, and
// appends the audit record (object "timebank_transaction").
//
// Scope: a bank belongs to its community; an account or a bank outside
// `within` is kNotFound when addressed by id, a unit outside it named in the
// input kPermissionDenied. Amounts are integer minutes (hours only for
// display, MinutesToHours).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/status.h"
#include "registry/audit.h"
#include "services/timebank.h"
#include "store/store.h"
#include "store/timebank_store.h"

namespace alley::services {

// ---- Inside a write transaction (care.cc and the bulk functions use these) ----

// A community's bank as stored, replayed.
struct LoadedTimeBank {
  store::TimeBankRow bank;
  std::vector<store::TimeBankAccountRow> accounts;
  TimeBank ledger{TimeBankPolicy{}};
};

// The policy a bank row holds.
TimeBankPolicy PolicyOf(const store::TimeBankRow& bank);

// The bank of `community_code` replayed from its stored history, or nullopt
// when the community has none. kDataLoss when the history breaks a rule.
StatusOr<std::optional<LoadedTimeBank>> LoadTimeBank(store::Reader& r,
                                                     std::string_view community_code);

// The bank of `community_code`, opened (default policy, with its issuance
// account, dated `on`) when there is none; an issuance account opened after
// `on` is moved back to `on`, so that earnings on that date are allowed.
StatusOr<LoadedTimeBank> OpenTimeBank(store::Writer& w, std::string_view community_code,
                                      core::Date on, bool synthetic);

// The open account of `resident_id` in `bank`, opened on `on` when there is
// none (then added to bank.accounts and bank.ledger).
StatusOr<int64_t> MemberAccount(store::Writer& w, LoadedTimeBank& bank, int64_t resident_id,
                                core::Date on, bool synthetic);

// Stores the transactions `bank.ledger` holds beyond the `stored` first ones
// (the ones just posted), recorded by `actor` at `now`; answers their rows.
// `relations[i]`, when given, is the declared relation of the i-th new one.
StatusOr<std::vector<store::TimeBankTransactionRow>> StorePosted(
    store::Writer& w, const LoadedTimeBank& bank, size_t stored,
    const registry::audit::Actor& actor, store::Timestamp now, bool synthetic,
    std::span<const std::string> relations = {});

// ---- Balances and statements -----------------------------------------------------

struct AccountView {
  store::TimeBankAccountRow account;  // holder_name: the resident's name
  int64_t minutes = 0;                // balance (as of the date asked)
};

struct BankBalances {
  store::TimeBankRow bank;
  std::string community_name;
  TimeBankPolicy policy;
  std::vector<AccountView> accounts;  // the issuance account first, then members by id
  int64_t total_minutes = 0;          // 0: hours are never created or lost
  int64_t outstanding_minutes = 0;    // held by members
  int64_t transactions = 0;           // dated on or before as_of
};

struct TimeBankBalances {
  std::string unit_code;
  std::optional<core::Date> as_of;
  std::vector<BankBalances> banks;  // by community code
  int64_t total_minutes = 0;        // over every bank
  int64_t outstanding_minutes = 0;
};

// The balances of the bank of `unit_code`'s community (a community, or a unit
// below it), or of every bank in the subtree of a unit above communities, as
// of a date (nullopt: every transaction). A community without a bank has no
// accounts. Errors: kNotFound (unit); kPermissionDenied outside `within`;
// kDataLoss for a broken history.
StatusOr<TimeBankBalances> GetTimeBankBalances(store::Store& store, std::string_view unit_code,
                                               std::optional<core::Date> as_of,
                                               std::string_view within = core::kNationCode);

struct AccountStatement {
  store::TimeBankAccountRow account;
  Statement statement;  // entries with the bank's transaction numbers
};

// Account `account_id`'s statement for from..to. Errors: kNotFound (the
// account, outside `within`); kInvalidArgument when from is after to.
StatusOr<AccountStatement> GetAccountStatement(store::Store& store, int64_t account_id,
                                               core::Date from, core::Date to,
                                               std::string_view within = core::kNationCode);

// ---- Postings -------------------------------------------------------------------

struct PostedTransaction {
  store::TimeBankTransactionRow transaction;  // as stored: number, postings
  int64_t balance_minutes = 0;  // the debited member's (or credited, for an earn) balance after
};

// Hours for a service given outside the orders (a community event): issuance
// → the member. Errors: the time bank's (kInvalidArgument for minutes
// outside 1..the policy's per-service maximum or an empty reference,
// kAlreadyExists for a reference already paid, kFailedPrecondition for a date
// before the account opened); kNotFound for an account outside `within`.
StatusOr<PostedTransaction> EarnHours(store::Store& store, int64_t account_id, int64_t minutes,
                                      core::Date date, std::string_view reference,
                                      std::string_view memo, std::string_view within,
                                      const registry::audit::Actor& actor, store::Timestamp now);

// Hours spent on a service received (`reference` names it, e.g.
// "home_service_order:17"): the member → issuance. Errors: EarnHours's,
// kFailedPrecondition for an overdraft.
StatusOr<PostedTransaction> RedeemHours(store::Store& store, int64_t account_id, int64_t minutes,
                                        core::Date date, std::string_view reference,
                                        std::string_view memo, std::string_view within,
                                        const registry::audit::Actor& actor, store::Timestamp now);

struct TransferInput {
  int64_t from_account_id = 0;
  // The receiver: an account of the same bank, or a resident of the bank's
  // community (an account is opened for them on `date` when they have none).
  std::optional<int64_t> to_account_id;
  std::optional<int64_t> to_resident_id;
  int64_t minutes = 0;
  core::Date date;
  // The receiver's relation to the giver as declared ("parent", "spouse",
  // ...: registry's relation ids or Chinese names, not "head"): makes the
  // receiver a relative. Empty: a relative only when the ledger has both in
  // one household, related to its head (not "other").
  std::string relation;
  std::string memo;
};

// Gives hours to a family member. The evidence (relative, same household,
// the receiver's age on `date`) is read from the ledger and kept with the
// transaction. Errors: the time bank's policy refusals (kFailedPrecondition:
// transfers not allowed, not a relative, not in the household, too young,
// the yearly cap), overdraft; kInvalidArgument for both or neither receiver,
// an unknown relation; kNotFound for accounts outside `within`, a receiver
// who is not a resident of the bank's community.
StatusOr<PostedTransaction> TransferHours(store::Store& store, const TransferInput& input,
                                          std::string_view within,
                                          const registry::audit::Actor& actor,
                                          store::Timestamp now);

// Reverses transaction `number` of the bank of `community_code` on `date`
// with the reason. Errors: the time bank's (kNotFound for no such
// transaction, kFailedPrecondition for one already reversed, a reversal, one
// dated after `date`, or a reversal that would overdraw); kInvalidArgument
// for an empty reason; kNotFound for a bank outside `within`.
StatusOr<PostedTransaction> ReverseTransaction(store::Store& store, std::string_view community_code,
                                               int64_t number, core::Date date,
                                               std::string_view reason, std::string_view within,
                                               const registry::audit::Actor& actor,
                                               store::Timestamp now);

// ---- The demo: many exchanges at once -----------------------------------------

// One exchange of a batch. Accounts are named by their holder (a resident
// of the community): their accounts are opened as needed.
struct TimeBankExchange {
  TransactionKind kind = TransactionKind::kEarn;  // earn, redeem, transfer or reversal
  int64_t resident_id = 0;                        // earn, redeem: the member; transfer: the giver
  int64_t to_resident_id = 0;                     // transfer: the receiver
  int64_t minutes = 0;
  core::Date date;
  std::string reference;  // earn, redeem
  std::string relation;   // transfer, as TransferInput::relation
  // reversal: the exchange of this batch (0-based index) it reverses.
  size_t reverses_index = 0;
  std::string memo;  // the reason of a reversal
};

// Posts many exchanges in the bank of ONE community (opened when needed) in
// one transaction with one audit record, replaying the stored history once.
// Each is checked by the time bank's rules as the single functions check
// it. All or none. Errors: theirs, prefixed "exchange N" (0-based). Answers
// the transactions as stored.
StatusOr<std::vector<store::TimeBankTransactionRow>> RecordTimeBankExchanges(
    store::Store& store, std::string_view community_code,
    std::span<const TimeBankExchange> exchanges, bool synthetic, std::string_view within,
    const registry::audit::Actor& actor, store::Timestamp now);
// The same inside the caller's write transaction (the demo's), with the same
// checks and audit record.
StatusOr<std::vector<store::TimeBankTransactionRow>> RecordTimeBankExchanges(
    store::Writer& w, std::string_view community_code, std::span<const TimeBankExchange> exchanges,
    bool synthetic, std::string_view within, const registry::audit::Actor& actor,
    store::Timestamp now);

}  // namespace alley::services
