#include "services/care_json.h"

#include <chrono>
#include <cmath>

#include "store/store.h"

namespace alley::services {

namespace {

using nlohmann::json;

json OrNull(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

std::string Instant(int64_t seconds) {
  return store::FormatTimestamp(store::Timestamp(std::chrono::seconds(seconds)));
}

json WindowsJson(const std::vector<store::WeeklyWindowRow>& windows) {
  json out = json::array();
  for (const store::WeeklyWindowRow& w : windows) {
    out.push_back({{"day", WeekdayId(static_cast<Weekday>(w.day))},
                   {"start", FormatMinutes(w.start_min)},
                   {"end", FormatMinutes(w.end_min)}});
  }
  return out;
}

json ProviderCore(const store::CareProviderRow& p) {
  json certs = json::array();
  for (const store::CertificationRow& c : p.certifications) {
    certs.push_back({{"occupation", c.occupation},
                     {"level", c.level},
                     {"number", c.number},
                     {"issued", c.issued.ToString()},
                     {"expires", c.expires.ToString()}});
  }
  const CareOccupation* occupation = FindCareOccupation(p.occupation);
  return {{"id", p.id},
          {"type", p.type},
          {"unit", p.unit_code},
          {"community", p.community_code},
          {"resident_id", OrNull(p.resident_id)},
          {"name", p.name},
          {"occupation", p.occupation.empty() ? json(nullptr) : json(p.occupation)},
          {"occupation_name",
           occupation != nullptr ? json(std::string(occupation->name_zh)) : json(nullptr)},
          {"skills", p.skills},
          {"availability", WindowsJson(p.availability)},
          {"certifications", certs},
          {"location", {{"lat", p.lat}, {"lon", p.lon}, {"source", p.location_source}}},
          {"hours_worked", MinutesToHours(p.worked_minutes)},
          {"hours_before", MinutesToHours(p.prior_minutes)},
          {"registered_on", p.registered_on.ToString()},
          {"left_on", p.left_on ? json(p.left_on->ToString()) : json(nullptr)},
          {"note", p.note},
          {"synthetic", p.synthetic},
          {"version", p.version}};
}

json AccountJson(const store::TimeBankAccountRow& a) {
  return {{"id", a.id},
          {"community", a.community_code},
          {"kind", a.kind},
          {"resident_id", OrNull(a.resident_id)},
          {"name", a.kind == "issuance" ? json("发行账户") : json(a.holder_name)},
          {"opened_on", a.opened_on.ToString()},
          {"closed", a.closed_on.has_value()}};
}

json PolicyJson(const TimeBankPolicy& p) {
  return {{"max_hours_per_service", MinutesToHours(p.max_minutes_per_service)},
          {"allow_family_transfer", p.allow_family_transfer},
          {"max_transfer_hours_per_year", MinutesToHours(p.max_transfer_minutes_per_year)},
          {"receiver_must_be_relative", p.receiver_must_be_relative},
          {"receiver_must_share_household", p.receiver_must_share_household},
          {"receiver_must_be_elderly", p.receiver_must_be_elderly},
          {"receiver_min_age", p.receiver_min_age}};
}

}  // namespace

json ProviderJson(const ProviderItem& item) {
  json j = ProviderCore(item.provider);
  j["unit_name"] = item.unit_name;
  j["timebank_account"] = OrNull(item.timebank_account_id);
  return j;
}

json OrderJson(const store::HomeServiceOrderRow& o) {
  const ServiceKindInfo* kind = FindServiceKind(o.kind);
  json provider = nullptr;
  if (o.provider_id) {
    provider = {{"id", *o.provider_id}, {"name", o.provider_name}, {"type", o.provider_type}};
  }
  return {{"id", o.id},
          {"community", o.community_code},
          {"unit", o.unit_code},
          {"resident", {{"id", o.resident_id}, {"name", o.resident_name}}},
          {"kind", o.kind},
          {"kind_name", kind != nullptr ? json(std::string(kind->name_zh)) : json(nullptr)},
          {"date", o.service_date.ToString()},
          {"start", FormatMinutes(o.start_min)},
          {"end", FormatMinutes(o.end_min)},
          {"minutes", o.end_min - o.start_min},
          {"location", {{"lat", o.lat}, {"lon", o.lon}}},
          {"note", o.note},
          {"state", o.state},
          {"provider", provider},
          {"stars", o.stars ? json(*o.stars) : json(nullptr)},
          {"earn_transaction", OrNull(o.earn_transaction_id)},
          {"requested_at", Instant(o.requested_at)},
          {"updated_at", Instant(o.updated_at)},
          {"requested_by", o.requested_by},
          {"synthetic", o.synthetic},
          {"version", o.version}};
}

json OrderDetailJson(const OrderDetail& d) {
  json j = OrderJson(d.order);
  json events = json::array();
  for (const store::HomeServiceOrderEventRow& e : d.events) {
    events.push_back({{"id", e.id},
                      {"at", Instant(e.at)},
                      {"event", e.event},
                      {"from", e.from_state.empty() ? json(nullptr) : json(e.from_state)},
                      {"to", e.to_state},
                      {"actor", e.actor},
                      {"provider", OrNull(e.provider_id)},
                      {"stars", e.stars ? json(*e.stars) : json(nullptr)},
                      {"note", e.note}});
  }
  j["events"] = events;
  return j;
}

json CandidatesJson(int64_t order_id, const std::vector<RankedProvider>& ranked) {
  json items = json::array();
  for (const RankedProvider& r : ranked) {
    items.push_back({{"provider", ProviderCore(r.provider)},
                     {"distance_m", std::round(r.candidate.distance_m)},
                     {"week_assigned_minutes", r.candidate.week_assigned_min}});
  }
  return {{"order", order_id}, {"candidates", items}};
}

json BalancesJson(const TimeBankBalances& b) {
  json accounts = json::array();
  json banks = json::array();
  for (const BankBalances& bank : b.banks) {
    for (const AccountView& v : bank.accounts) {
      json a = AccountJson(v.account);
      a["minutes"] = v.minutes;
      a["hours"] = MinutesToHours(v.minutes);
      accounts.push_back(std::move(a));
    }
    banks.push_back({{"community", bank.bank.community_code},
                     {"community_name", bank.community_name},
                     {"opened_on", bank.bank.opened_on.ToString()},
                     {"policy", PolicyJson(bank.policy)},
                     {"accounts", bank.accounts.size()},
                     {"transactions", bank.transactions},
                     {"total_minutes", bank.total_minutes},
                     {"total_hours", MinutesToHours(bank.total_minutes)},
                     {"outstanding_minutes", bank.outstanding_minutes},
                     {"outstanding_hours", MinutesToHours(bank.outstanding_minutes)}});
  }
  return {{"unit", b.unit_code},
          {"as_of", b.as_of ? json(b.as_of->ToString()) : json(nullptr)},
          {"accounts", accounts},
          {"total_minutes", b.total_minutes},
          {"total_hours", MinutesToHours(b.total_minutes)},
          {"outstanding_minutes", b.outstanding_minutes},
          {"outstanding_hours", MinutesToHours(b.outstanding_minutes)},
          {"banks", banks}};
}

json StatementJson(const AccountStatement& s) {
  json entries = json::array();
  for (const StatementEntry& e : s.statement.entries) {
    entries.push_back({{"transaction", e.transaction_id},
                       {"kind", TransactionKindId(e.kind)},
                       {"date", e.date.ToString()},
                       {"minutes", e.minutes},
                       {"hours", MinutesToHours(e.minutes)},
                       {"counterparty", e.counterparty_id},
                       {"reference", e.reference},
                       {"reverses", e.reverses == 0 ? json(nullptr) : json(e.reverses)},
                       {"balance_minutes", e.balance_minutes},
                       {"balance_hours", MinutesToHours(e.balance_minutes)}});
  }
  return {{"account", AccountJson(s.account)},
          {"from", s.statement.from.ToString()},
          {"to", s.statement.to.ToString()},
          {"opening_minutes", s.statement.opening_minutes},
          {"opening_hours", MinutesToHours(s.statement.opening_minutes)},
          {"entries", entries},
          {"closing_minutes", s.statement.closing_minutes},
          {"closing_hours", MinutesToHours(s.statement.closing_minutes)}};
}

json TransactionJson(const store::TimeBankTransactionRow& t) {
  json postings = json::array();
  for (const store::TimeBankPostingRow& p : t.postings) {
    postings.push_back({{"account", p.account_id}, {"minutes", p.minutes}});
  }
  json family = nullptr;
  if (t.kind == "transfer") {
    family = {
        {"relative", t.family_relative.value_or(false)},
        {"same_household", t.family_same_household.value_or(false)},
        {"receiver_age", t.family_receiver_age ? json(*t.family_receiver_age) : json(nullptr)},
        {"relation", t.family_relation.empty() ? json(nullptr) : json(t.family_relation)}};
  }
  return {{"id", t.id},
          {"community", t.community_code},
          {"number", t.number},
          {"kind", t.kind},
          {"date", t.date.ToString()},
          {"reference", t.reference},
          {"reverses", t.reverses == 0 ? json(nullptr) : json(t.reverses)},
          {"memo", t.memo},
          {"family", family},
          {"postings", postings},
          {"recorded_at", Instant(t.recorded_at)},
          {"recorded_by", t.recorded_by},
          {"synthetic", t.synthetic}};
}

json PostedJson(const PostedTransaction& p) {
  return {{"transaction", TransactionJson(p.transaction)},
          {"balance_minutes", p.balance_minutes},
          {"balance_hours", MinutesToHours(p.balance_minutes)}};
}

}  // namespace alley::services
