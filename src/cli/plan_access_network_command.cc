// `alley plan access-network`: accessibility (2SFCA family, gravity) on the
// stored walking network for homes and facilities already on its vertices —
// the setting of the peers' E2SFCA (bench/e2sfca.sh), no snapping.
//
//   alley plan access-network --homes HOMES.csv --facilities FACILITIES.csv
//       [--minutes 15] [--method e2sfca|2sfca|gaussian|gravity] [--beta B]
//       [--threads N] [--out FILE] [--facility-out FILE] [--json]
//
// HOMES.csv is `home,vertex,demand`, FACILITIES.csv `facility,vertex,supply`
// (vertex ids of `plan export-graph`). Every row is checked first (errors name
// FILE:LINE). Then one bounded search per facility (planning::ReachAll), the
// (home, facility, time) pairs of the homes at the vertices reached
// (planning::PairsOnNetwork) and planning::ComputeAccessibility; E2SFCA's
// zones are thirds of the threshold. --out writes `home,access` per home in
// file order, access to 17 significant digits (it reads back bit for bit);
// --facility-out `facility,demand,ratio` (the weighted demand in reach V_j and
// R_j = S_j / V_j);
// --json prints the totals and the seconds of each stage.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/output.h"
#include "cli/plan_commands.h"
#include "core/csv.h"
#include "planning/accessibility.h"
#include "planning/network_access.h"
#include "planning/network_store.h"
#include "registry/files.h"

namespace alley::cli {
namespace {

struct Args {
  std::string homes;
  std::string facilities;
  double minutes = 15;
  std::string method = "e2sfca";
  double beta = 1.0;
  unsigned threads = 0;
  std::string out;
  std::string facility_out;
  bool json = false;
};

// One table of places on vertices: name, vertex, weight (demand or supply).
struct Places {
  std::vector<std::string> name;
  std::vector<planning::VertexId> vertex;
  std::vector<double> weight;
  std::vector<std::int64_t> line;  // where each row is, for errors
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "FILE:LINE: message" from the reader's "line LINE: message".
Status AtLine(const Status& status, const std::string& file) {
  std::string message(status.message());
  if (message.rfind("line ", 0) == 0) {
    const std::size_t colon = message.find(':');
    if (colon != std::string::npos) {
      message = file + ":" + message.substr(5, colon - 5) + message.substr(colon);
      return Status(status.code(), message);
    }
  }
  return Status(status.code(), file + ": " + message);
}

// Reads FILE (`name_column,vertex,weight_column`), checking every row: a name
// given once and not empty, a vertex of the graph, a weight finite and >= 0.
StatusOr<Places> ReadPlaces(const std::string& file, std::string_view name_column,
                            std::string_view weight_column, std::uint32_t vertex_count) {
  ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(file));
  core::CsvReader reader(text);
  core::CsvRecord record;
  StatusOr<bool> first = reader.Next(&record);
  if (!first.ok()) return AtLine(first.status(), file);
  if (!*first) return InvalidArgumentError(file + ": the file is empty");
  const std::string_view required[] = {name_column, "vertex", weight_column};
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, required, {});
  if (!header.ok()) return AtLine(header.status(), file);
  const std::size_t name_at = *header->Index(name_column);
  const std::size_t vertex_at = *header->Index("vertex");
  const std::size_t weight_at = *header->Index(weight_column);
  Places places;
  auto row_error = [&](const std::string& message) {
    return InvalidArgumentError(fmt::format("{}:{}: {}", file, record.line, message));
  };
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return AtLine(more.status(), file);
    if (!*more) break;
    if (Status width = header->CheckWidth(record); !width.ok()) return AtLine(width, file);
    const std::string_view name = Trim(record.fields[name_at]);
    if (name.empty()) return row_error(fmt::format("{} is empty", name_column));
    const std::string_view vertex_text = Trim(record.fields[vertex_at]);
    std::uint64_t vertex = 0;
    const auto [vend, verr] =
        std::from_chars(vertex_text.data(), vertex_text.data() + vertex_text.size(), vertex);
    if (vertex_text.empty() || verr != std::errc() ||
        vend != vertex_text.data() + vertex_text.size()) {
      return row_error(
          fmt::format("vertex \"{}\" is not a vertex id (a whole number)", vertex_text));
    }
    if (vertex >= vertex_count) {
      return row_error(fmt::format("vertex {} is not in the network ({} vertices, ids 0 to {})",
                                   vertex, vertex_count, vertex_count - 1));
    }
    const std::string_view weight_text = Trim(record.fields[weight_at]);
    double weight = 0;
    const auto [wend, werr] =
        std::from_chars(weight_text.data(), weight_text.data() + weight_text.size(), weight);
    if (weight_text.empty() || werr != std::errc() ||
        wend != weight_text.data() + weight_text.size() || !std::isfinite(weight) || weight < 0) {
      return row_error(fmt::format("{} \"{}\" is not a number >= 0", weight_column, weight_text));
    }
    places.name.emplace_back(name);
    places.vertex.push_back(static_cast<planning::VertexId>(vertex));
    places.weight.push_back(weight);
    places.line.push_back(record.line);
  }
  // Names checked once all are read (the strings no longer move), in an
  // open-addressing table of indexes: no allocation per name (a million homes
  // cost a node each in a std::unordered_set, most of the reading's time).
  std::size_t slots = 16;
  while (slots < places.name.size() * 2) slots *= 2;
  constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> table(slots, kEmpty);
  const std::hash<std::string_view> hash;
  for (std::size_t i = 0; i < places.name.size(); ++i) {
    const std::string_view name = places.name[i];
    for (std::size_t k = hash(name) & (slots - 1);; k = (k + 1) & (slots - 1)) {
      if (table[k] == kEmpty) {
        table[k] = static_cast<std::uint32_t>(i);
        break;
      }
      if (places.name[table[k]] == name) {
        return InvalidArgumentError(
            fmt::format("{}:{}: {} \"{}\" is given twice (first on line {})", file, places.line[i],
                        name_column, name, places.line[table[k]]));
      }
    }
  }
  return places;
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Status RunAccessNetwork(Context& context, const Args& args) {
  const auto started = std::chrono::steady_clock::now();
  const std::optional<planning::AccessMethod> method = planning::ParseAccessMethod(args.method);
  if (!method) {
    return InvalidArgumentError("--method: \"" + args.method +
                                "\" is not one of 2sfca, e2sfca, gaussian, gravity");
  }
  const double ds = args.minutes * planning::kDecisecondsPerMinute;
  if (!(ds >= 1 && ds < static_cast<double>(planning::kUnreachable))) {
    return InvalidArgumentError("--minutes: must be at least 0.1 s and finite");
  }
  planning::AccessOptions options;
  options.method = *method;
  options.beta = args.beta;
  options.threshold_ds = static_cast<planning::Deciseconds>(std::llround(ds));
  options.zones = planning::DecayZonesFor(options.threshold_ds);

  auto stage = std::chrono::steady_clock::now();
  ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
  ALLEY_ASSIGN_OR_RETURN(planning::StoredNetwork net,
                         planning::LoadNetwork(*store, planning::kWalkNetwork));
  const double load_s = Since(stage);

  stage = std::chrono::steady_clock::now();
  const std::uint32_t n = net.graph.vertex_count();
  ALLEY_ASSIGN_OR_RETURN(Places homes, ReadPlaces(args.homes, "home", "demand", n));
  ALLEY_ASSIGN_OR_RETURN(Places facilities, ReadPlaces(args.facilities, "facility", "supply", n));
  const double read_s = Since(stage);

  stage = std::chrono::steady_clock::now();
  ALLEY_ASSIGN_OR_RETURN(planning::NetworkPairs pairs,
                         planning::PairsOnNetwork(net.graph, homes.vertex, facilities.vertex,
                                                  options.threshold_ds, args.threads));
  const double pairs_s = Since(stage);

  stage = std::chrono::steady_clock::now();
  ALLEY_ASSIGN_OR_RETURN(
      planning::AccessResult access,
      planning::ComputeAccessibility(homes.weight, facilities.weight, pairs.View(), options));
  const double access_s = Since(stage);

  stage = std::chrono::steady_clock::now();
  if (!args.out.empty()) {
    std::string csv = "home,access\n";
    csv.reserve(csv.size() + homes.name.size() * 32);
    for (std::size_t i = 0; i < homes.name.size(); ++i) {
      core::AppendCsvField(&csv, homes.name[i]);
      fmt::format_to(std::back_inserter(csv), ",{:.17g}\n", access.home_access[i]);
    }
    std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
    file.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    file.close();
    if (!file) return UnavailableError("--out: cannot write \"" + args.out + "\"");
  }
  if (!args.facility_out.empty()) {
    std::string csv = "facility,demand,ratio\n";
    csv.reserve(csv.size() + facilities.name.size() * 48);
    for (std::size_t j = 0; j < facilities.name.size(); ++j) {
      core::AppendCsvField(&csv, facilities.name[j]);
      fmt::format_to(std::back_inserter(csv), ",{:.17g},{:.17g}\n", access.facility_demand[j],
                     access.facility_ratio[j]);
    }
    std::ofstream file(args.facility_out, std::ios::binary | std::ios::trunc);
    file.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    file.close();
    if (!file)
      return UnavailableError("--facility-out: cannot write \"" + args.facility_out + "\"");
  }
  const double write_s = Since(stage);

  double weighted = 0;  // Σ demand × access: the reached supply, up to rounding
  std::size_t reached_homes = 0;
  for (std::size_t i = 0; i < homes.name.size(); ++i) {
    weighted += homes.weight[i] * access.home_access[i];
    if (access.home_access[i] > 0) ++reached_homes;
  }
  nlohmann::json doc = {{"method", planning::AccessMethodId(options.method)},
                        {"threshold_ds", options.threshold_ds},
                        {"vertices", n},
                        {"homes", homes.name.size()},
                        {"facilities", facilities.name.size()},
                        {"pairs", pairs.home.size()},
                        {"reached_vertices", pairs.reached_vertices},
                        {"homes_with_access", reached_homes},
                        {"demand_times_access", weighted},
                        {"reached_supply", access.reached_supply},
                        {"unreached_supply", access.unreached_supply},
                        {"seconds",
                         {{"load_network", load_s},
                          {"read_places", read_s},
                          {"searches_and_pairs", pairs_s},
                          {"accessibility", access_s},
                          {"write", write_s},
                          {"total", Since(started)}}}};
  if (args.json) {
    PrintJson(doc);
    return OkStatus();
  }
  std::cout << doc["method"].get<std::string>() << " within " << options.threshold_ds << " ds on "
            << Thousands(n) << " vertices: " << Thousands(static_cast<int64_t>(homes.name.size()))
            << " homes, " << Thousands(static_cast<int64_t>(facilities.name.size()))
            << " facilities, " << Thousands(static_cast<int64_t>(pairs.home.size())) << " pairs\n"
            << "sum of demand x access " << weighted << " (reached supply " << access.reached_supply
            << ", unreached " << access.unreached_supply << ")\n";
  return OkStatus();
}

}  // namespace

void RegisterPlanAccessNetwork(CLI::App* plan, Context& context) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = plan->add_subcommand(
      "access-network",
      "Accessibility (2SFCA family, gravity) on the stored walking network for homes\n"
      "(home,vertex,demand) and facilities (facility,vertex,supply) on its vertices:\n"
      "one bounded search per facility; --out writes home,access");
  cmd->add_option("--homes", args->homes, "homes.csv: home,vertex,demand")->required();
  cmd->add_option("--facilities", args->facilities, "facilities.csv: facility,vertex,supply")
      ->required();
  cmd->add_option("--minutes", args->minutes, "the threshold in minutes (default 15)");
  cmd->add_option("--method", args->method, "2sfca, e2sfca (default), gaussian, gravity");
  cmd->add_option("--beta", args->beta, "the gravity model's distance friction (default 1)");
  cmd->add_option("--threads", args->threads, "threads to search on (default: all)");
  cmd->add_option("--out", args->out, "write home,access per home to this CSV");
  cmd->add_option("--facility-out", args->facility_out,
                  "write facility,demand,ratio (V_j, R_j = S_j / V_j) per facility to this CSV");
  cmd->add_flag("--json", args->json, "print the totals and stage times as one JSON document");
  cmd->callback(
      [&context, args] { Run(context, [&] { return RunAccessNetwork(context, *args); }); });
}

}  // namespace alley::cli
