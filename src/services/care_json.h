// The JSON of home services and the time bank, one form for the CLI's --json
// and the HTTP API (docs/http.md, "Home services" and "Time bank"). Dates are
// "YYYY-MM-DD", instants "YYYY-MM-DDTHH:MM:SSZ", times of day "HH:MM";
// amounts of the time bank are given both in integer minutes (exact: sum
// those) and in hours (minutes / 60, for display); missing values are null.
#pragma once

#include <nlohmann/json.hpp>

#include "services/care.h"
#include "services/timebank_service.h"

namespace alley::services {

// {"id", "type", "unit", "unit_name", "community", "resident_id", "name",
//  "occupation", "occupation_name", "skills", "availability", "certifications",
//  "location", "hours_worked", "hours_before", "registered_on", "left_on",
//  "note", "timebank_account", "synthetic", "version"}
nlohmann::json ProviderJson(const ProviderItem& item);

// {"id", "community", "unit", "resident", "kind", "kind_name", "date",
//  "start", "end", "minutes", "location", "note", "state", "provider",
//  "stars", "earn_transaction", "requested_at", "updated_at", "requested_by",
//  "synthetic", "version"}
nlohmann::json OrderJson(const store::HomeServiceOrderRow& order);
// OrderJson plus "events": [{"id", "at", "event", "from", "to", "actor",
// "provider", "stars", "note"}], oldest first.
nlohmann::json OrderDetailJson(const OrderDetail& detail);
// {"order": ID, "candidates": [{"provider": ProviderJson-like (without
// unit_name and timebank_account), "distance_m", "week_assigned_minutes"}]}
nlohmann::json CandidatesJson(int64_t order_id, const std::vector<RankedProvider>& ranked);

// THE CONTRACT of `alley timebank balances --json`: "accounts" (each with
// "hours") and "total_hours" (0: the issuance account is listed as its own
// account), plus "unit", "as_of", "total_minutes", "outstanding_hours",
// "outstanding_minutes" and "banks" (each community's policy and totals).
nlohmann::json BalancesJson(const TimeBankBalances& balances);
nlohmann::json StatementJson(const AccountStatement& statement);
// {"transaction": {...}, "balance_minutes", "balance_hours"}
nlohmann::json PostedJson(const PostedTransaction& posted);
nlohmann::json TransactionJson(const store::TimeBankTransactionRow& t);

}  // namespace alley::services
