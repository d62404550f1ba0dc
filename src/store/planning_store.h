// The stored side of planning (src/planning): the networks it runs on and the
// candidate sites a planner may open new facilities at. The rules and the
// network's byte format are planning/'s (planning/network_file.h); this file
// keeps the rows.
//
// A network is stored whole, as one value, under its kind ("walk" or
// "drive"): replacing it is one statement inside the caller's transaction, so
// a failed import leaves the previous network in place.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::store {

struct NetworkRow {
  std::string kind;         // "walk" or "drive"
  std::string source;       // the file it was read from, or what generated it
  std::string fingerprint;  // of `data` (planning/network_file.h)
  int64_t vertices = 0;
  int64_t edges = 0;        // undirected edges (walk) or arcs (drive)
  int64_t imported_at = 0;  // seconds since the epoch (UTC)
  std::string imported_by;
  bool synthetic = false;
  std::string data;  // the serialised network; empty in ListNetworks' answers
};

// Stores `row` as the network of its kind, replacing any before it.
Status PutNetwork(Writer& w, const NetworkRow& row);

// The network of `kind`, or nullopt when none has been stored.
StatusOr<std::optional<NetworkRow>> GetNetwork(Reader& r, std::string_view kind);

// Every stored network's description, without its data, by kind.
StatusOr<std::vector<NetworkRow>> ListNetworks(Reader& r);

// Removes the network of `kind` when it is synthetic (the demo's); answers
// whether one was removed.
StatusOr<bool> DeleteSyntheticNetwork(Writer& w, std::string_view kind);

// A place where a new facility could open.
struct CandidateSiteRow {
  int64_t id = 0;  // set by InsertCandidateSite
  std::string unit_code;
  std::string name;
  double lat = 0;
  double lon = 0;
  int64_t capacity = 0;  // places a facility there would offer; 0 when unknown
  std::string note;
  bool synthetic = false;
};

// A new candidate site; its id is answered. kAlreadyExists when the unit has
// a site of that name; kFailedPrecondition for an unknown unit.
StatusOr<int64_t> InsertCandidateSite(Writer& w, const CandidateSiteRow& row);

// Removes the synthetic candidate sites in the subtree of `unit_code` (the
// demo's refresh); answers how many.
StatusOr<int64_t> DeleteSyntheticCandidateSites(Writer& w, std::string_view unit_code);

// The candidate sites in the subtree of `unit_code`, by unit then name.
StatusOr<std::vector<CandidateSiteRow>> ListCandidateSites(Reader& r, std::string_view unit_code);

// Residents in force on a date counted by where they live and by birth date
// and sex: the homes planning measures from. `lat`/`lon` are the building's
// (by the version's unit and building name), else the unit's own; nullopt
// when neither is recorded.
struct HomeResidentsRow {
  std::string unit_code;
  std::string building;  // "" when the version names none
  std::optional<double> lat;
  std::optional<double> lon;
  std::string birth_date;  // YYYY-MM-DD
  std::string sex;         // "male" or "female"
  int64_t residents = 0;
};

// Every HomeResidentsRow of the active residents in the subtree of
// `unit_code` on `as_of` (YYYY-MM-DD), by unit, building, birth date, sex.
Status ScanHomeResidents(Reader& r, std::string_view unit_code, std::string_view as_of,
                         const std::function<Status(const HomeResidentsRow&)>& fn);

}  // namespace alley::store
