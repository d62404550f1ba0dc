#include "planning/cost_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "core/csv.h"
#include "registry/files.h"

namespace alley::planning {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Num(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

// "FILE:LINE: column NAME: reason".
Status At(std::string_view file, int64_t line, std::string_view column, std::string_view reason) {
  return InvalidArgumentError(std::string(file) + ":" + std::to_string(line) + ": column " +
                              std::string(column) + ": " + std::string(reason));
}

// A number >= 0 and finite, or the reason it is not.
StatusOr<double> NonNegative(std::string_view text) {
  if (text.empty()) return InvalidArgumentError("empty");
  double value = 0;
  const char* end = text.data() + text.size();
  std::string_view digits = text.front() == '+' ? text.substr(1) : text;
  auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (ec == std::errc::result_out_of_range) {
    return InvalidArgumentError(Quoted(text) + " is not finite");
  }
  if (ec != std::errc() || ptr != end || digits.empty()) {
    return InvalidArgumentError(Quoted(text) + " is not a number");
  }
  if (!std::isfinite(value)) return InvalidArgumentError(Quoted(text) + " is not finite");
  if (value < 0) return InvalidArgumentError(Num(value) + " is negative");
  return value;
}

// Reads `text` as CSV with exactly the columns `required`, calling
// `row(record, header)` for each record after the header.
template <typename Row>
Status ForEachRow(std::string_view text, std::string_view file,
                  std::span<const std::string_view> required, Row row) {
  core::CsvReader reader(text);
  core::CsvRecord record;
  StatusOr<bool> has_header = reader.Next(&record);
  if (!has_header.ok()) return registry::AtFile(file, has_header.status());
  if (!*has_header) return InvalidArgumentError(std::string(file) + ": the file is empty");
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, required, {});
  if (!header.ok()) return registry::AtFile(file, header.status());
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return registry::AtFile(file, more.status());
    if (!*more) return OkStatus();
    Status width = header->CheckWidth(record);
    if (!width.ok()) return registry::AtFile(file, width);
    ALLEY_RETURN_IF_ERROR(row(record, *header));
  }
}

// A name in `column`: not empty.
StatusOr<std::string_view> Name(const core::CsvRecord& record, const core::CsvHeader& header,
                                std::string_view file, std::string_view column) {
  std::string_view name = Trim(header.Get(record, column));
  if (name.empty()) return At(file, record.line, column, "empty");
  return name;
}

StatusOr<double> Number(const core::CsvRecord& record, const core::CsvHeader& header,
                        std::string_view file, std::string_view column) {
  StatusOr<double> value = NonNegative(Trim(header.Get(record, column)));
  if (!value.ok()) return At(file, record.line, column, value.status().message());
  return value;
}

struct Pair {
  int32_t client;
  int32_t facility;
  double cost;
  int64_t line;
};

}  // namespace

StatusOr<CostTable> ParseCostTable(std::string_view costs_text, std::string_view costs_file,
                                   std::string_view demand_text, std::string_view demand_file) {
  CostTable table;
  std::unordered_map<std::string, std::pair<int32_t, int64_t>> client_index;  // index, line
  static constexpr std::string_view kDemand[] = {"client", "weight"};
  ALLEY_RETURN_IF_ERROR(ForEachRow(
      demand_text, demand_file, kDemand,
      [&](const core::CsvRecord& record, const core::CsvHeader& header) -> Status {
        ALLEY_ASSIGN_OR_RETURN(std::string_view name, Name(record, header, demand_file, "client"));
        ALLEY_ASSIGN_OR_RETURN(double weight, Number(record, header, demand_file, "weight"));
        if (table.clients.size() >= static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
          return OutOfRangeError(std::string(demand_file) + ": more than 2^31 - 1 clients");
        }
        auto index = static_cast<int32_t>(table.clients.size());
        auto [it, added] = client_index.try_emplace(std::string(name), index, record.line);
        if (!added) {
          return At(demand_file, record.line, "client",
                    Quoted(name) + " is listed twice (first on line " +
                        std::to_string(it->second.second) + ")");
        }
        table.clients.emplace_back(name);
        table.problem.weights.push_back(weight);
        return OkStatus();
      }));
  if (table.clients.empty()) {
    return InvalidArgumentError(std::string(demand_file) +
                                ": no clients (no row after the header)");
  }

  // Facilities are numbered in order of appearance while reading, then
  // renumbered by name.
  std::unordered_map<std::string, int32_t> facility_index;
  std::vector<std::string> facility_names;
  std::vector<Pair> pairs;
  static constexpr std::string_view kCosts[] = {"client", "facility", "cost"};
  ALLEY_RETURN_IF_ERROR(ForEachRow(
      costs_text, costs_file, kCosts,
      [&](const core::CsvRecord& record, const core::CsvHeader& header) -> Status {
        ALLEY_ASSIGN_OR_RETURN(std::string_view client, Name(record, header, costs_file, "client"));
        auto found = client_index.find(std::string(client));
        if (found == client_index.end()) {
          return At(costs_file, record.line, "client",
                    Quoted(client) + " is not a client of " + std::string(demand_file));
        }
        ALLEY_ASSIGN_OR_RETURN(std::string_view facility,
                               Name(record, header, costs_file, "facility"));
        ALLEY_ASSIGN_OR_RETURN(double cost, Number(record, header, costs_file, "cost"));
        auto [it, added] = facility_index.try_emplace(std::string(facility),
                                                      static_cast<int32_t>(facility_names.size()));
        if (added) facility_names.emplace_back(facility);
        pairs.push_back({found->second.first, it->second, cost, record.line});
        return OkStatus();
      }));
  if (facility_names.empty()) {
    return InvalidArgumentError(std::string(costs_file) + ": no costs (no row after the header)");
  }

  std::vector<int32_t> order(facility_names.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return facility_names[static_cast<size_t>(a)] < facility_names[static_cast<size_t>(b)];
  });
  std::vector<int32_t> rank(order.size());
  for (size_t r = 0; r < order.size(); ++r) {
    rank[static_cast<size_t>(order[r])] = static_cast<int32_t>(r);
    table.facilities.push_back(facility_names[static_cast<size_t>(order[r])]);
  }
  for (Pair& p : pairs) p.facility = rank[static_cast<size_t>(p.facility)];

  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (a.client != b.client) return a.client < b.client;
    if (a.facility != b.facility) return a.facility < b.facility;
    return a.line < b.line;
  });
  // The duplicate that comes first in the file.
  const Pair* duplicate = nullptr;
  int64_t first_line = 0;
  for (size_t k = 1; k < pairs.size(); ++k) {
    const Pair& a = pairs[k - 1];
    const Pair& b = pairs[k];
    if (a.client == b.client && a.facility == b.facility &&
        (duplicate == nullptr || b.line < duplicate->line)) {
      duplicate = &b;
      first_line = a.line;
    }
  }
  if (duplicate != nullptr) {
    return At(costs_file, duplicate->line, "facility",
              "client " + Quoted(table.clients[static_cast<size_t>(duplicate->client)]) +
                  " and facility " +
                  Quoted(table.facilities[static_cast<size_t>(duplicate->facility)]) +
                  " are listed twice (first on line " + std::to_string(first_line) + ")");
  }
  // Complete: pairs are sorted and distinct, so client i must hold exactly
  // facilities 0 .. F - 1 in order.
  const auto f = static_cast<int32_t>(table.facilities.size());
  size_t k = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(table.clients.size()); ++i) {
    for (int32_t j = 0; j < f; ++j, ++k) {
      if (k >= pairs.size() || pairs[k].client != i || pairs[k].facility != j) {
        return InvalidArgumentError(
            std::string(costs_file) + ": no cost for client " +
            Quoted(table.clients[static_cast<size_t>(i)]) + " and facility " +
            Quoted(table.facilities[static_cast<size_t>(j)]) +
            " (the table must be complete: every client of " + std::string(demand_file) +
            " with every facility of " + std::string(costs_file) + ")");
      }
    }
  }
  table.problem.facility_count = f;
  table.problem.costs.reserve(pairs.size());
  for (const Pair& p : pairs) table.problem.costs.push_back({p.client, p.facility, p.cost});
  return table;
}

StatusOr<CostTable> ReadCostTable(const std::filesystem::path& costs,
                                  const std::filesystem::path& demand) {
  ALLEY_ASSIGN_OR_RETURN(std::string costs_text, registry::ReadFile(costs));
  ALLEY_ASSIGN_OR_RETURN(std::string demand_text, registry::ReadFile(demand));
  return ParseCostTable(costs_text, costs.string(), demand_text, demand.string());
}

Status ParseCapacities(std::string_view text, std::string_view file, CostTable* table) {
  std::vector<std::optional<double>> capacities(table->facilities.size());
  std::vector<int64_t> seen_on(table->facilities.size(), 0);
  static constexpr std::string_view kColumns[] = {"facility", "capacity"};
  ALLEY_RETURN_IF_ERROR(ForEachRow(
      text, file, kColumns,
      [&](const core::CsvRecord& record, const core::CsvHeader& header) -> Status {
        ALLEY_ASSIGN_OR_RETURN(std::string_view name, Name(record, header, file, "facility"));
        auto it = std::lower_bound(table->facilities.begin(), table->facilities.end(), name);
        if (it == table->facilities.end() || *it != name) {
          return At(file, record.line, "facility",
                    Quoted(name) + " is not a facility of the cost table");
        }
        auto j = static_cast<size_t>(it - table->facilities.begin());
        if (seen_on[j] != 0) {
          return At(
              file, record.line, "facility",
              Quoted(name) + " is listed twice (first on line " + std::to_string(seen_on[j]) + ")");
        }
        seen_on[j] = record.line;
        ALLEY_ASSIGN_OR_RETURN(double capacity, Number(record, header, file, "capacity"));
        capacities[j] = capacity;
        return OkStatus();
      }));
  table->problem.capacities = std::move(capacities);
  return OkStatus();
}

Status ReadCapacities(const std::filesystem::path& path, CostTable* table) {
  ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(path));
  return ParseCapacities(text, path.string(), table);
}

}  // namespace alley::planning
