// The stored side of residents' concerns (接诉即办): the concerns with their
// current state and deadlines, every transition as an event, and the API
// keys that Open311 clients file concerns with. The rules (categories,
// deadlines, the state machine, the rates) are services/'s; this file keeps
// the rows.
//
// Times are seconds since the epoch (UTC); identifiers of states,
// categories, channels and ratings are stored as services/ names them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::store {

struct ConcernRow {
  int64_t id = 0;              // set by InsertConcern
  std::string unit_code;       // where: a community, compound or grid
  std::string community_code;  // the community it belongs to (scope, rates)
  std::string category;
  std::string urgency;
  std::string channel;
  std::string description;
  std::string address;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string reporter_name;          // as given; shown masked
  std::string reporter_phone_masked;  // the phone itself is sealed
  std::optional<int64_t> resident_id;
  std::string state;
  std::string responsible;  // the body the category names
  std::string assignee;     // the body it is dispatched to, "" before
  int64_t received_at = 0;
  int64_t response_due = 0;
  int64_t resolution_due = 0;
  std::optional<int64_t> responded_at;
  std::optional<int64_t> resolved_at;
  std::optional<std::string> rating;
  int64_t escalation = 0;
  int64_t version = 1;
  bool synthetic = false;
};

struct ConcernEventRow {
  int64_t id = 0;
  int64_t concern_id = 0;
  int64_t at = 0;
  std::string event;
  std::string from_state;
  std::string to_state;
  std::string actor;   // the user, the API key's label, or "system"
  std::string target;  // dispatch/transfer: the body; escalate: the level
  std::string reason;
  std::string note;
  std::string rating;
};

// A new concern (its id is answered) with the reporter's phone sealed.
StatusOr<int64_t> InsertConcern(Writer& w, const ConcernRow& row, std::string_view reporter_phone);

// Many concerns at once, for the demo and imports: the same as InsertConcern
// each, the ids set in `rows`.
Status InsertConcerns(Writer& w, std::vector<ConcernRow>& rows,
                      const std::vector<std::string>& reporter_phones);

// The concern with this id, or nullopt.
StatusOr<std::optional<ConcernRow>> ConcernById(Reader& r, int64_t id);

// Stores `row` as the concern's new state when its stored version is still
// `row.version`; the stored version becomes row.version + 1. kAborted when
// another change came first; kNotFound when there is no such concern.
Status UpdateConcern(Writer& w, const ConcernRow& row);

StatusOr<int64_t> AppendConcernEvent(Writer& w, const ConcernEventRow& event);
// A concern's events, oldest first.
StatusOr<std::vector<ConcernEventRow>> ConcernEvents(Reader& r, int64_t concern_id);

// The reporter's phone in clear.
StatusOr<std::string> ConcernReporterPhone(Reader& r, int64_t concern_id);

struct ConcernQuery {
  std::string subtree_code;  // the unit whose subtree (by the concern's place) is listed
  std::optional<std::string> state;
  std::optional<std::string> category;
  std::optional<int64_t> received_from;  // inclusive
  std::optional<int64_t> received_to;    // exclusive
  // Open (not resolved) with a deadline passed at this time: the resolution
  // deadline, or the response deadline when not yet responded.
  std::optional<int64_t> overdue_at;
  // The description or the address contains this text (case as given).
  std::optional<std::string> text;
  int64_t offset = 0;
  int64_t limit = 20;
};

struct ConcernPage {
  std::vector<ConcernRow> items;  // newest first
  int64_t total = 0;
};

StatusOr<ConcernPage> ListConcerns(Reader& r, const ConcernQuery& query);

// What the rates and hot spots are computed from, one concern at a time, in
// no particular order: the concerns of a subtree received in [from, to),
// read from the index concern_unit_received alone (it holds every column
// here, so a district's year is one range of one index, never a row lookup).
// The views are valid during the call only.
struct ConcernFact {
  std::string_view unit_code;  // the community is its first 12 characters
  std::string_view category;
  std::string_view state;
  int64_t received_at = 0;
  int64_t response_due = 0;
  int64_t resolution_due = 0;
  std::optional<int64_t> responded_at;
  std::optional<int64_t> resolved_at;
  std::string_view rating;  // "" when not rated
};
Status ScanConcernFacts(Reader& r, std::string_view subtree_code, int64_t from, int64_t to,
                        const std::function<Status(const ConcernFact&)>& fn);

// Deletes the synthetic concerns placed under `subtree_code`, with their
// events (the demo, made again; real concerns and their events stay).
Status DeleteSyntheticConcernsUnder(Writer& w, std::string_view subtree_code);

// An API key (Open311 clients): only its hash is stored.
struct ApiKeyRow {
  int64_t id = 0;
  std::string key_hash;  // 32 bytes
  std::string prefix;    // the first characters, to tell keys apart in lists
  std::string unit_code;
  std::string label;
  int64_t created_at = 0;
  std::string created_by;
  std::optional<int64_t> revoked_at;
};
StatusOr<int64_t> InsertApiKey(Writer& w, const ApiKeyRow& k);
StatusOr<std::optional<ApiKeyRow>> FindApiKey(Reader& r, std::string_view key_hash);
StatusOr<std::vector<ApiKeyRow>> ListApiKeys(Reader& r, std::string_view subtree_code);
// kNotFound when there is no such key.
Status RevokeApiKey(Writer& w, int64_t id, int64_t at);

}  // namespace alley::store
