// A cost table that a user brings, as spopt's users do: the input of
// `alley plan site --costs COSTS.csv --demand DEMAND.csv` (docs/cli.md).
//
// COSTS is long-form CSV with a header: `client,facility,cost`, one row per
// pair; DEMAND is `client,weight`; an optional CAPACITY file is
// `facility,capacity`. Names are strings (spaces and tabs around them and
// around numbers are ignored); columns may come in any order.
//
// The table must be complete, because the user brings a full matrix: every
// client of DEMAND with every facility named in COSTS has exactly one finite
// cost >= 0. The sparse tables of the planning pipeline's catchments do not
// come through here: they build a SitingProblem directly.
//
//   ALLEY_ASSIGN_OR_RETURN(CostTable table, ReadCostTable("costs.csv", "demand.csv"));
//   ALLEY_ASSIGN_OR_RETURN(SitingResult r, Solve(table.problem, options));
//   for (int32_t j : r.facilities) std::cout << table.facilities[j] << "\n";
//
// Every error is kInvalidArgument (kNotFound or kUnavailable for a file that
// is missing or unreadable) with a message `FILE:LINE: column NAME: reason`
// where a line is to blame, `FILE: reason` otherwise:
//   costs.csv:7: column cost: "inf" is not finite
//   costs.csv:9: column facility: client "a" and facility "F2" are listed twice (first on line 4)
//   costs.csv:3: column client: "x" is not a client of demand.csv
//   costs.csv: no cost for client "b" and facility "F1" (the table must be complete: ...)
//   demand.csv:5: column weight: -2 is negative
//
// Pure functions of their input (the Read forms read the files): safe from
// any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "planning/siting.h"

namespace alley::planning {

struct CostTable {
  std::vector<std::string> clients;     // in DEMAND's order: client i is clients[i]
  std::vector<std::string> facilities;  // sorted by name (bytes): facility j
  // weights, facility_count and every cost; no capacities, nothing fixed.
  SitingProblem problem;
};

// Parses COSTS and DEMAND from text; `costs_file` and `demand_file` name them
// in messages.
StatusOr<CostTable> ParseCostTable(std::string_view costs_text, std::string_view costs_file,
                                   std::string_view demand_text, std::string_view demand_file);

// Reads and parses the two files.
StatusOr<CostTable> ReadCostTable(const std::filesystem::path& costs,
                                  const std::filesystem::path& demand);

// Parses a CAPACITY file (`facility,capacity`) into table->problem.capacities:
// each facility must be one of the table's, at most once; a capacity is
// finite and >= 0; facilities the file leaves out have no limit.
Status ParseCapacities(std::string_view text, std::string_view file, CostTable* table);
Status ReadCapacities(const std::filesystem::path& path, CostTable* table);

}  // namespace alley::planning
