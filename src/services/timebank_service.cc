#include "services/timebank_service.h"

#include <map>
#include <utility>

#include "registry/resident_rules.h"
#include "registry/vocabulary.h"
#include "store/care_store.h"

namespace alley::services {

namespace audit = registry::audit;

namespace {

constexpr std::string_view kAuditObject = "timebank_transaction";

int64_t Seconds(store::Timestamp t) { return t.time_since_epoch().count(); }

bool Within(std::string_view within, std::string_view code) {
  return core::IsCodePrefixAncestor(within, code);
}

std::optional<TransactionKind> ParseKind(std::string_view id) {
  for (TransactionKind k : {TransactionKind::kEarn, TransactionKind::kRedeem,
                            TransactionKind::kTransfer, TransactionKind::kReversal}) {
    if (TransactionKindId(k) == id) return k;
  }
  return std::nullopt;
}

Account AccountOf(const store::TimeBankAccountRow& row) {
  Account a;
  a.id = row.id;
  a.kind = row.kind == "issuance" ? AccountKind::kIssuance : AccountKind::kMember;
  a.resident_id = row.resident_id.value_or(0);
  a.opened_on = row.opened_on;
  a.closed_on = row.closed_on;
  return a;
}

StatusOr<Transaction> TransactionOf(const store::TimeBankTransactionRow& row) {
  std::optional<TransactionKind> kind = ParseKind(row.kind);
  if (!kind) {
    return DataLossError("stored time-bank transaction " + std::to_string(row.number) + " of " +
                         row.community_code + " has the unknown kind \"" + row.kind + "\"");
  }
  Transaction t;
  t.id = row.number;
  t.kind = *kind;
  t.date = row.date;
  for (const store::TimeBankPostingRow& p : row.postings)
    t.postings.push_back({p.account_id, p.minutes});
  t.reference = row.reference;
  if (*kind == TransactionKind::kTransfer) {
    t.family =
        FamilyFacts{row.family_relative.value_or(false), row.family_same_household.value_or(false),
                    row.family_receiver_age.value_or(0)};
  }
  t.reverses = row.reverses;
  t.memo = row.memo;
  return t;
}

store::TimeBankRow DefaultBankRow(std::string_view community_code, core::Date on, bool synthetic) {
  const TimeBankPolicy p;
  store::TimeBankRow b;
  b.community_code = std::string(community_code);
  b.opened_on = on;
  b.max_minutes_per_service = p.max_minutes_per_service;
  b.allow_family_transfer = p.allow_family_transfer;
  b.max_transfer_minutes_per_year = p.max_transfer_minutes_per_year;
  b.receiver_must_be_relative = p.receiver_must_be_relative;
  b.receiver_must_share_household = p.receiver_must_share_household;
  b.receiver_must_be_elderly = p.receiver_must_be_elderly;
  b.receiver_min_age = p.receiver_min_age;
  b.synthetic = synthetic;
  return b;
}

Status NoSuchAccount(int64_t id) {
  return NotFoundError("no time-bank account has the id " + std::to_string(id));
}

// Account `id` when it lies within scope.
StatusOr<store::TimeBankAccountRow> AccountInScope(store::Reader& r, int64_t id,
                                                   std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::TimeBankAccountRow> a,
                         store::TimeBankAccountById(r, id));
  if (!a || !Within(within, a->community_code)) return NoSuchAccount(id);
  return *std::move(a);
}

StatusOr<LoadedTimeBank> RequireBank(store::Reader& r, std::string_view community_code) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<LoadedTimeBank> bank, LoadTimeBank(r, community_code));
  if (!bank) {
    return DataLossError("community " + std::string(community_code) +
                         " has time-bank accounts but no time bank");
  }
  return *std::move(bank);
}

audit::AuditRecord PostedRecord(const audit::Actor& actor,
                                const store::TimeBankTransactionRow& row) {
  audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
  a.object = std::string(kAuditObject);
  const int64_t ids[] = {row.id};
  a.records = audit::RecordIds(ids);
  int64_t moved = 0;
  for (const store::TimeBankPostingRow& p : row.postings) moved += p.minutes > 0 ? p.minutes : 0;
  a.detail = "unit=" + row.community_code + " number=" + std::to_string(row.number) +
             " kind=" + row.kind + " minutes=" + std::to_string(moved);
  return a;
}

// Stores what `post` appended to `bank` and audits it; answers the row and
// `balance_of`'s balance after it.
StatusOr<PostedTransaction> StoreOne(store::Writer& w, const LoadedTimeBank& bank, size_t stored,
                                     int64_t balance_of, const audit::Actor& actor,
                                     store::Timestamp now, std::string relation = "") {
  const std::string relations[] = {std::move(relation)};
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> rows,
                         StorePosted(w, bank, stored, actor, now, /*synthetic=*/false, relations));
  if (rows.size() != 1) return InternalError("one time-bank transaction was to be stored");
  PostedTransaction out;
  out.transaction = std::move(rows.front());
  ALLEY_ASSIGN_OR_RETURN(out.balance_minutes, bank.ledger.BalanceMinutes(balance_of));
  ALLEY_RETURN_IF_ERROR(audit::Append(w, PostedRecord(actor, out.transaction), now).status());
  return out;
}

// The facts a transfer's policy is checked against, from the ledger on `date`.
struct FamilyEvidence {
  FamilyFacts facts;
  std::string relation;  // the declared relation's id, or ""
};

StatusOr<FamilyEvidence> FamilyEvidenceOf(store::Reader& r, int64_t giver, int64_t receiver,
                                          core::Date date, std::string_view relation) {
  FamilyEvidence e;
  if (!relation.empty()) {
    std::optional<std::string_view> id = registry::ParseRelation(relation);
    if (!id || *id == "head") {
      return InvalidArgumentError("field relation: \"" + std::string(relation) +
                                  "\" is not a relation to the giver (spouse, child, parent, "
                                  "grandchild, grandparent, sibling, child_in_law, other)");
    }
    e.relation = std::string(*id);
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> g, r.ResidentVersionOn(giver, date));
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> v,
                         r.ResidentVersionOn(receiver, date));
  if (!g)
    return NotFoundError("the giver (resident " + std::to_string(giver) +
                         ") is not in the "
                         "ledger on " +
                         date.ToString());
  if (!v) {
    return NotFoundError("the receiver (resident " + std::to_string(receiver) +
                         ") is not in the ledger on " + date.ToString());
  }
  e.facts.same_household =
      g->household_id && v->household_id && *g->household_id == *v->household_id;
  auto related_to_head = [](const std::string& rel) { return !rel.empty() && rel != "other"; };
  if (!e.relation.empty()) {
    e.facts.relative = e.relation != "other";
  } else {
    e.facts.relative =
        e.facts.same_household && related_to_head(g->relation) && related_to_head(v->relation);
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> birth, store::ResidentBirthDate(r, receiver));
  if (!birth) return NotFoundError("no resident has the id " + std::to_string(receiver));
  e.facts.receiver_age = core::AgeOn(*birth, date);
  return e;
}

// The community whose bank serves `unit` (a community or below), or nullopt
// for a unit above communities.
StatusOr<std::optional<std::string>> BankCommunityOf(store::Reader& r, const store::UnitRow& unit) {
  if (unit.level < core::UnitLevel::kCommunity) return std::optional<std::string>();
  ALLEY_ASSIGN_OR_RETURN(store::UnitRow community, registry::CommunityOf(r, unit));
  return std::optional<std::string>(community.code);
}

}  // namespace

TimeBankPolicy PolicyOf(const store::TimeBankRow& b) {
  TimeBankPolicy p;
  p.max_minutes_per_service = b.max_minutes_per_service;
  p.allow_family_transfer = b.allow_family_transfer;
  p.max_transfer_minutes_per_year = b.max_transfer_minutes_per_year;
  p.receiver_must_be_relative = b.receiver_must_be_relative;
  p.receiver_must_share_household = b.receiver_must_share_household;
  p.receiver_must_be_elderly = b.receiver_must_be_elderly;
  p.receiver_min_age = b.receiver_min_age;
  return p;
}

StatusOr<std::optional<LoadedTimeBank>> LoadTimeBank(store::Reader& r,
                                                     std::string_view community_code) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::TimeBankRow> bank,
                         store::FindTimeBank(r, community_code));
  if (!bank) return std::optional<LoadedTimeBank>();
  LoadedTimeBank loaded;
  loaded.bank = *std::move(bank);
  ALLEY_ASSIGN_OR_RETURN(loaded.accounts, store::TimeBankAccounts(r, community_code));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> rows,
                         store::TimeBankTransactions(r, community_code));
  std::vector<Account> accounts;
  for (const store::TimeBankAccountRow& a : loaded.accounts) accounts.push_back(AccountOf(a));
  std::vector<Transaction> transactions;
  transactions.reserve(rows.size());
  for (const store::TimeBankTransactionRow& row : rows) {
    ALLEY_ASSIGN_OR_RETURN(Transaction t, TransactionOf(row));
    transactions.push_back(std::move(t));
  }
  const TimeBankPolicy policy = PolicyOf(loaded.bank);
  if (Status s = ValidatePolicy(policy); !s.ok()) {
    return DataLossError("the stored policy of the time bank of " + std::string(community_code) +
                         ": " + s.message());
  }
  StatusOr<TimeBank> ledger = TimeBank::Replay(policy, accounts, transactions);
  if (!ledger.ok()) {
    return ledger.status().WithContext("the time bank of " + std::string(community_code));
  }
  loaded.ledger = *std::move(ledger);
  return std::optional<LoadedTimeBank>(std::move(loaded));
}

StatusOr<LoadedTimeBank> OpenTimeBank(store::Writer& w, std::string_view community_code,
                                      core::Date on, bool synthetic) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<LoadedTimeBank> bank, LoadTimeBank(w, community_code));
  if (!bank) {
    ALLEY_RETURN_IF_ERROR(
        store::InsertTimeBank(w, DefaultBankRow(community_code, on, synthetic)).status());
    store::TimeBankAccountRow issuance;
    issuance.community_code = std::string(community_code);
    issuance.kind = "issuance";
    issuance.opened_on = on;
    issuance.synthetic = synthetic;
    ALLEY_RETURN_IF_ERROR(store::InsertTimeBankAccount(w, issuance).status());
  } else {
    std::optional<int64_t> issuance = bank->ledger.issuance_account_id();
    if (!issuance) {
      return DataLossError("the time bank of " + std::string(community_code) +
                           " has no issuance account");
    }
    if (bank->ledger.accounts().at(*issuance).opened_on <= on) return *std::move(bank);
    ALLEY_RETURN_IF_ERROR(store::MoveTimeBankAccountOpening(w, *issuance, on));
  }
  ALLEY_ASSIGN_OR_RETURN(bank, LoadTimeBank(w, community_code));
  if (!bank) return InternalError("the new time bank cannot be read back");
  return *std::move(bank);
}

StatusOr<int64_t> MemberAccount(store::Writer& w, LoadedTimeBank& bank, int64_t resident_id,
                                core::Date on, bool synthetic) {
  for (const store::TimeBankAccountRow& a : bank.accounts) {
    if (a.kind == "member" && a.resident_id == resident_id && !a.closed_on) return a.id;
  }
  store::TimeBankAccountRow row;
  row.community_code = bank.bank.community_code;
  row.kind = "member";
  row.resident_id = resident_id;
  row.opened_on = on;
  row.synthetic = synthetic;
  ALLEY_ASSIGN_OR_RETURN(row.id, store::InsertTimeBankAccount(w, row));
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::TimeBankAccountRow> stored,
                         store::TimeBankAccountById(w, row.id));
  if (!stored) return InternalError("the new time-bank account cannot be read back");
  ALLEY_RETURN_IF_ERROR(bank.ledger.OpenAccount(AccountOf(*stored)));
  bank.accounts.push_back(*std::move(stored));
  return row.id;
}

StatusOr<std::vector<store::TimeBankTransactionRow>> StorePosted(
    store::Writer& w, const LoadedTimeBank& bank, size_t stored, const audit::Actor& actor,
    store::Timestamp now, bool synthetic, std::span<const std::string> relations) {
  const std::vector<Transaction>& all = bank.ledger.transactions();
  std::vector<store::TimeBankTransactionRow> rows;
  for (size_t i = stored; i < all.size(); ++i) {
    const Transaction& t = all[i];
    store::TimeBankTransactionRow row;
    row.community_code = bank.bank.community_code;
    row.number = t.id;
    row.kind = std::string(TransactionKindId(t.kind));
    row.date = t.date;
    row.reference = t.reference;
    row.reverses = t.reverses;
    row.memo = t.memo;
    if (t.family) {
      row.family_relative = t.family->relative;
      row.family_same_household = t.family->same_household;
      row.family_receiver_age = t.family->receiver_age;
    }
    if (i - stored < relations.size()) row.family_relation = relations[i - stored];
    row.recorded_at = Seconds(now);
    row.recorded_by = actor.username;
    row.synthetic = synthetic;
    for (const Posting& p : t.postings) row.postings.push_back({p.account_id, p.minutes});
    rows.push_back(std::move(row));
  }
  ALLEY_RETURN_IF_ERROR(store::InsertTimeBankTransactions(w, rows));
  return rows;
}

StatusOr<TimeBankBalances> GetTimeBankBalances(store::Store& store, std::string_view unit_code,
                                               std::optional<core::Date> as_of,
                                               std::string_view within) {
  TimeBankBalances out;
  out.unit_code = std::string(unit_code);
  out.as_of = as_of;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
    if (!unit) return NotFoundError("unit " + std::string(unit_code) + " not found");
    if (!Within(within, unit->code)) {
      return PermissionDeniedError("unit " + unit->code + " is outside your scope");
    }
    ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> community, BankCommunityOf(r, *unit));
    std::vector<std::string> communities;
    if (community) {
      communities.push_back(*community);
    } else {
      ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankRow> banks,
                             store::TimeBanksIn(r, unit->code));
      for (const store::TimeBankRow& b : banks) communities.push_back(b.community_code);
    }
    for (const std::string& code : communities) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<LoadedTimeBank> bank, LoadTimeBank(r, code));
      if (!bank) continue;
      BankBalances b;
      b.bank = bank->bank;
      b.policy = bank->ledger.policy();
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> c, r.FindUnit(code));
      if (c) b.community_name = c->name;
      std::map<int64_t, const store::TimeBankAccountRow*> rows;
      for (const store::TimeBankAccountRow& a : bank->accounts) rows[a.id] = &a;
      const Balances balances = bank->ledger.BalancesOn(as_of);
      for (const AccountBalance& ab : balances.accounts) {
        AccountView v;
        v.account = *rows.at(ab.account_id);
        v.minutes = ab.minutes;
        b.accounts.push_back(std::move(v));
      }
      b.total_minutes = balances.total_minutes;
      b.outstanding_minutes = balances.outstanding_minutes;
      for (const Transaction& t : bank->ledger.transactions()) {
        if (!as_of || t.date <= *as_of) ++b.transactions;
      }
      out.total_minutes += b.total_minutes;
      out.outstanding_minutes += b.outstanding_minutes;
      out.banks.push_back(std::move(b));
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<AccountStatement> GetAccountStatement(store::Store& store, int64_t account_id,
                                               core::Date from, core::Date to,
                                               std::string_view within) {
  AccountStatement out;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(out.account, AccountInScope(r, account_id, within));
    ALLEY_ASSIGN_OR_RETURN(LoadedTimeBank bank, RequireBank(r, out.account.community_code));
    ALLEY_ASSIGN_OR_RETURN(out.statement, bank.ledger.StatementFor(account_id, from, to));
    return OkStatus();
  }));
  return out;
}

namespace {

// Earn or redeem: the same shape with the opposite direction.
StatusOr<PostedTransaction> EarnOrRedeem(store::Store& store, bool earn, int64_t account_id,
                                         int64_t minutes, core::Date date,
                                         std::string_view reference, std::string_view memo,
                                         std::string_view within, const audit::Actor& actor,
                                         store::Timestamp now) {
  if (reference.empty()) {
    return InvalidArgumentError("field reference: name the service (e.g. home_service_order:17)");
  }
  std::optional<PostedTransaction> posted;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::TimeBankAccountRow account,
                           AccountInScope(w, account_id, within));
    if (account.kind != "member") {
      return FailedPreconditionError("account " + std::to_string(account_id) +
                                     " is the programme's issuance account, not a member's");
    }
    ALLEY_ASSIGN_OR_RETURN(LoadedTimeBank bank, RequireBank(w, account.community_code));
    const size_t stored = bank.ledger.transactions().size();
    StatusOr<Transaction> t = earn ? bank.ledger.Earn(account_id, minutes, date,
                                                      std::string(reference), std::string(memo))
                                   : bank.ledger.Redeem(account_id, minutes, date,
                                                        std::string(reference), std::string(memo));
    if (!t.ok()) return t.status();
    ALLEY_ASSIGN_OR_RETURN(posted, StoreOne(w, bank, stored, account_id, actor, now));
    return OkStatus();
  }));
  return *std::move(posted);
}

}  // namespace

StatusOr<PostedTransaction> EarnHours(store::Store& store, int64_t account_id, int64_t minutes,
                                      core::Date date, std::string_view reference,
                                      std::string_view memo, std::string_view within,
                                      const audit::Actor& actor, store::Timestamp now) {
  return EarnOrRedeem(store, true, account_id, minutes, date, reference, memo, within, actor, now);
}

StatusOr<PostedTransaction> RedeemHours(store::Store& store, int64_t account_id, int64_t minutes,
                                        core::Date date, std::string_view reference,
                                        std::string_view memo, std::string_view within,
                                        const audit::Actor& actor, store::Timestamp now) {
  return EarnOrRedeem(store, false, account_id, minutes, date, reference, memo, within, actor, now);
}

StatusOr<PostedTransaction> TransferHours(store::Store& store, const TransferInput& in,
                                          std::string_view within, const audit::Actor& actor,
                                          store::Timestamp now) {
  if (in.to_account_id.has_value() == in.to_resident_id.has_value()) {
    return InvalidArgumentError(
        "field to_account: give the receiver's account or resident, "
        "one of them");
  }
  std::optional<PostedTransaction> posted;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::TimeBankAccountRow from,
                           AccountInScope(w, in.from_account_id, within));
    if (from.kind != "member" || !from.resident_id) {
      return FailedPreconditionError("account " + std::to_string(from.id) +
                                     " is the programme's issuance account: hours enter only by "
                                     "earning");
    }
    ALLEY_ASSIGN_OR_RETURN(LoadedTimeBank bank, RequireBank(w, from.community_code));
    int64_t to_account = 0;
    int64_t receiver = 0;
    if (in.to_account_id) {
      ALLEY_ASSIGN_OR_RETURN(store::TimeBankAccountRow to,
                             AccountInScope(w, *in.to_account_id, within));
      if (to.community_code != from.community_code || to.kind != "member" || !to.resident_id) {
        return FailedPreconditionError("account " + std::to_string(to.id) +
                                       " is not a member's account in the time bank of " +
                                       from.community_code);
      }
      to_account = to.id;
      receiver = *to.resident_id;
    } else {
      receiver = *in.to_resident_id;
      ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> v,
                             w.ResidentVersionOn(receiver, in.date));
      if (!v || v->community_code != from.community_code || v->status != "active") {
        return NotFoundError("resident " + std::to_string(receiver) +
                             " is not an active resident of " + from.community_code + " on " +
                             in.date.ToString());
      }
    }
    ALLEY_ASSIGN_OR_RETURN(FamilyEvidence evidence,
                           FamilyEvidenceOf(w, *from.resident_id, receiver, in.date, in.relation));
    if (to_account == 0) {
      ALLEY_ASSIGN_OR_RETURN(to_account, MemberAccount(w, bank, receiver, in.date, false));
    }
    const size_t stored = bank.ledger.transactions().size();
    ALLEY_RETURN_IF_ERROR(
        bank.ledger.Transfer(from.id, to_account, in.minutes, in.date, evidence.facts, in.memo)
            .status());
    ALLEY_ASSIGN_OR_RETURN(posted,
                           StoreOne(w, bank, stored, from.id, actor, now, evidence.relation));
    return OkStatus();
  }));
  return *std::move(posted);
}

StatusOr<PostedTransaction> ReverseTransaction(store::Store& store, std::string_view community_code,
                                               int64_t number, core::Date date,
                                               std::string_view reason, std::string_view within,
                                               const audit::Actor& actor, store::Timestamp now) {
  if (reason.find_first_not_of(' ') == std::string_view::npos) {
    return InvalidArgumentError("field reason: say why the transaction is reversed");
  }
  std::optional<PostedTransaction> posted;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    std::optional<LoadedTimeBank> bank;
    if (Within(within, community_code)) {
      ALLEY_ASSIGN_OR_RETURN(bank, LoadTimeBank(w, community_code));
    }
    if (!bank) return NotFoundError("no time bank in " + std::string(community_code));
    const size_t stored = bank->ledger.transactions().size();
    ALLEY_ASSIGN_OR_RETURN(Transaction t, bank->ledger.Reverse(number, date, std::string(reason)));
    // The member whose balance the reversal changes.
    int64_t member = t.postings.front().account_id;
    for (const Posting& p : t.postings) {
      if (p.account_id != bank->ledger.issuance_account_id()) member = p.account_id;
    }
    ALLEY_ASSIGN_OR_RETURN(posted, StoreOne(w, *bank, stored, member, actor, now));
    return OkStatus();
  }));
  return *std::move(posted);
}

StatusOr<std::vector<store::TimeBankTransactionRow>> RecordTimeBankExchanges(
    store::Writer& w, std::string_view community_code, std::span<const TimeBankExchange> exchanges,
    bool synthetic, std::string_view within, const audit::Actor& actor, store::Timestamp now) {
  std::vector<store::TimeBankTransactionRow> rows;
  if (exchanges.empty()) return rows;
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(community_code));
  if (!unit || unit->level != core::UnitLevel::kCommunity) {
    return InvalidArgumentError("field unit: " + std::string(community_code) +
                                " is not a community");
  }
  if (!Within(within, unit->code)) {
    return PermissionDeniedError("unit " + unit->code + " is outside your scope");
  }
  core::Date first = exchanges.front().date;
  for (const TimeBankExchange& e : exchanges) first = std::min(first, e.date);
  ALLEY_ASSIGN_OR_RETURN(LoadedTimeBank bank, OpenTimeBank(w, unit->code, first, synthetic));
  const size_t stored = bank.ledger.transactions().size();
  std::vector<int64_t> numbers;  // of each exchange, once posted
  std::vector<std::string> relations;
  for (size_t i = 0; i < exchanges.size(); ++i) {
    const TimeBankExchange& e = exchanges[i];
    Status s = [&]() -> Status {
      StatusOr<Transaction> t = InternalError("unknown exchange kind");
      std::string relation;
      switch (e.kind) {
        case TransactionKind::kEarn:
        case TransactionKind::kRedeem: {
          ALLEY_ASSIGN_OR_RETURN(int64_t account,
                                 MemberAccount(w, bank, e.resident_id, e.date, synthetic));
          t = e.kind == TransactionKind::kEarn
                  ? bank.ledger.Earn(account, e.minutes, e.date, e.reference, e.memo)
                  : bank.ledger.Redeem(account, e.minutes, e.date, e.reference, e.memo);
          break;
        }
        case TransactionKind::kTransfer: {
          ALLEY_ASSIGN_OR_RETURN(
              FamilyEvidence evidence,
              FamilyEvidenceOf(w, e.resident_id, e.to_resident_id, e.date, e.relation));
          ALLEY_ASSIGN_OR_RETURN(int64_t from,
                                 MemberAccount(w, bank, e.resident_id, e.date, synthetic));
          ALLEY_ASSIGN_OR_RETURN(int64_t to,
                                 MemberAccount(w, bank, e.to_resident_id, e.date, synthetic));
          t = bank.ledger.Transfer(from, to, e.minutes, e.date, evidence.facts, e.memo);
          relation = evidence.relation;
          break;
        }
        case TransactionKind::kReversal:
          if (e.reverses_index >= i) {
            return InvalidArgumentError(
                "field reverses_index: " + std::to_string(e.reverses_index) +
                " is not an earlier exchange of the batch");
          }
          t = bank.ledger.Reverse(numbers[e.reverses_index], e.date, e.memo);
          break;
      }
      if (!t.ok()) return t.status();
      numbers.push_back(t->id);
      relations.push_back(std::move(relation));
      return OkStatus();
    }();
    if (!s.ok()) return s.WithContext("exchange " + std::to_string(i));
  }
  ALLEY_ASSIGN_OR_RETURN(rows, StorePosted(w, bank, stored, actor, now, synthetic, relations));
  audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
  a.object = std::string(kAuditObject);
  a.records = audit::RecordCount(static_cast<int64_t>(rows.size()));
  a.detail = "unit=" + unit->code + " batch" + (synthetic ? " synthetic" : "");
  ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  return rows;
}

StatusOr<std::vector<store::TimeBankTransactionRow>> RecordTimeBankExchanges(
    store::Store& store, std::string_view community_code,
    std::span<const TimeBankExchange> exchanges, bool synthetic, std::string_view within,
    const audit::Actor& actor, store::Timestamp now) {
  std::vector<store::TimeBankTransactionRow> rows;
  if (exchanges.empty()) return rows;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(
        rows, RecordTimeBankExchanges(w, community_code, exchanges, synthetic, within, actor, now));
    return OkStatus();
  }));
  return rows;
}

}  // namespace alley::services
