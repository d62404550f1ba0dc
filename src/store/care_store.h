// The stored side of home services (居家养老服务): the providers — caregivers
// and volunteers, with their skills, weekly availability and certificates —
// and the home-service orders with every transition as an event. The rules
// (service kinds, matching, the order lifecycle) are services/home_service.h's;
// this file keeps the rows. The time bank the volunteers earn in is
// timebank_store.h; both belong to schema step 6 (kSchemaV6Care).
//
// Dates are core::Date (stored YYYY-MM-DD); instants are seconds since the
// epoch (UTC); times of day are minutes after midnight (China Standard Time),
// as home_service.h counts them. Identifiers of kinds, states, events and
// occupations are stored as services/ names them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// ---- Providers ---------------------------------------------------------------

// A weekly window of availability: [start_min, end_min) every `day` (1 =
// Monday .. 7 = Sunday).
struct WeeklyWindowRow {
  int day = 1;
  int start_min = 0;
  int end_min = 0;
  friend bool operator==(const WeeklyWindowRow&, const WeeklyWindowRow&) = default;
};

// A skill-level certificate (职业技能等级证书), valid issued..expires inclusive.
struct CertificationRow {
  std::string occupation;  // a services::CareOccupation id
  int level = 5;           // 1 (highest) .. 5
  std::string number;      // the certificate's number, as printed; may be empty
  core::Date issued;
  core::Date expires;
  friend bool operator==(const CertificationRow&, const CertificationRow&) = default;
};

struct CareProviderRow {
  int64_t id = 0;                      // set by InsertCareProvider
  std::string type;                    // "caregiver" | "volunteer"
  std::string community_code;          // the community it serves (scope, matching)
  std::string unit_code;               // where it is registered: the community or a unit below
  std::optional<int64_t> resident_id;  // the ledger's resident; required for a volunteer
  std::string name;
  std::string occupation;  // caregivers: a CareOccupation id; volunteers: empty
  double lat = 0;          // WGS-84: where the provider starts from
  double lon = 0;
  std::string location_source;      // "building", "unit" or "given"
  std::vector<std::string> skills;  // service kind ids, in the order given
  std::vector<WeeklyWindowRow> availability;
  std::vector<CertificationRow> certifications;  // caregivers only
  int64_t prior_minutes = 0;                     // worked before the provider was registered here
  core::Date registered_on;
  std::optional<core::Date> left_on;  // set when the provider stops serving
  std::string note;
  int64_t version = 1;  // +1 on every update (ETag)
  bool synthetic = false;
  // Read only: prior_minutes plus the slots of the provider's orders done or
  // rated.
  int64_t worked_minutes = 0;
};

// A new provider with its skills, windows and certificates; answers its id.
// kAlreadyExists when the resident is already a provider of that type.
StatusOr<int64_t> InsertCareProvider(Writer& w, const CareProviderRow& p);

// Many providers at once (the demo, imports): InsertCareProvider each, the ids
// set in `rows`.
Status InsertCareProviders(Writer& w, std::vector<CareProviderRow>& rows);

// Stores `row` (skills, windows and certificates replaced) when its stored
// version is still `row.version`; the stored version becomes row.version + 1.
// kAborted when another change came first; kNotFound when there is no such
// provider. type, resident_id and synthetic never change.
Status UpdateCareProvider(Writer& w, const CareProviderRow& p);

StatusOr<std::optional<CareProviderRow>> CareProviderById(Reader& r, int64_t id);

// The provider of `type` who is resident `resident_id`, or nullopt.
StatusOr<std::optional<CareProviderRow>> CareProviderByResident(Reader& r, std::string_view type,
                                                                int64_t resident_id);

struct CareProviderQuery {
  std::string subtree_code;  // providers whose unit lies in this subtree
  std::string type;          // "caregiver", "volunteer"; empty: both
  std::string skill;         // a service kind id; empty: any
  std::string text;          // a fragment of the name; empty: any
  // Serving on this date (registered on or before it, not left by it);
  // nullopt: every provider, those who left too.
  std::optional<core::Date> active_on;
  int64_t limit = 20;
  int64_t offset = 0;
};

struct CareProviderPage {
  std::vector<CareProviderRow> items;  // by community, type, name, id
  int64_t total = 0;
};

StatusOr<CareProviderPage> ListCareProviders(Reader& r, const CareProviderQuery& query);

// ---- Orders ------------------------------------------------------------------

struct HomeServiceOrderRow {
  int64_t id = 0;  // set by InsertHomeServiceOrder
  std::string community_code;
  std::string unit_code;  // the resident's unit when the order was taken
  int64_t resident_id = 0;
  std::string kind;  // a services::ServiceKind id
  core::Date service_date;
  int start_min = 0;
  int end_min = 0;
  double lat = 0;  // the resident's home, WGS-84
  double lon = 0;
  std::string note;
  std::string state;  // a services::OrderState id
  std::optional<int64_t> provider_id;
  std::optional<int> stars;
  // The time-bank transaction (timebank_store.h, its row id) that paid a
  // volunteer for this order; nullopt otherwise.
  std::optional<int64_t> earn_transaction_id;
  int64_t requested_at = 0;
  int64_t updated_at = 0;
  std::string requested_by;
  int64_t version = 1;
  bool synthetic = false;
  // Read only, from the ledger and the providers.
  std::string resident_name;
  std::string provider_name;
  std::string provider_type;
};

struct HomeServiceOrderEventRow {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t at = 0;
  std::string event;  // a services::OrderEvent id, or "request" for the first
  std::string from_state;
  std::string to_state;
  std::string actor;
  std::optional<int64_t> provider_id;  // assign
  std::optional<int> stars;            // rate
  std::string note;                    // cancel: the reason
};

StatusOr<int64_t> InsertHomeServiceOrder(Writer& w, const HomeServiceOrderRow& o);

// Many orders with their events at once (the demo): the orders' ids are set
// in `rows`, and events[i] (whose order_id is ignored) are appended to
// rows[i]. kInternal when the two lists differ in length.
Status InsertHomeServiceOrders(Writer& w, std::vector<HomeServiceOrderRow>& rows,
                               const std::vector<std::vector<HomeServiceOrderEventRow>>& events);

// Stores the order's state, provider, stars, earn transaction and updated_at
// when its stored version is still `row.version` (then row.version + 1).
// kAborted when another change came first; kNotFound when there is none.
Status UpdateHomeServiceOrder(Writer& w, const HomeServiceOrderRow& o);

// Sets the earn transaction of an order that has none (a batch stores the
// orders before the earnings that name them), leaving its version alone.
// kFailedPrecondition when the order already has one or does not exist.
Status LinkOrderEarning(Writer& w, int64_t order_id, int64_t transaction_id);

StatusOr<std::optional<HomeServiceOrderRow>> HomeServiceOrderById(Reader& r, int64_t id);

StatusOr<int64_t> AppendHomeServiceOrderEvent(Writer& w, const HomeServiceOrderEventRow& event);
// An order's events, oldest first.
StatusOr<std::vector<HomeServiceOrderEventRow>> HomeServiceOrderEvents(Reader& r, int64_t order_id);

struct HomeServiceOrderQuery {
  std::string subtree_code;  // orders whose community lies in this subtree
  std::string state;         // empty: any
  std::string kind;          // empty: any
  std::optional<int64_t> provider_id;
  std::optional<int64_t> resident_id;
  std::optional<core::Date> from;  // service_date >= from
  std::optional<core::Date> to;    // service_date <= to
  int64_t limit = 20;
  int64_t offset = 0;
};

struct HomeServiceOrderPage {
  std::vector<HomeServiceOrderRow> items;  // newest service date first, then id descending
  int64_t total = 0;
};

StatusOr<HomeServiceOrderPage> ListHomeServiceOrders(Reader& r, const HomeServiceOrderQuery& q);

// The slot of an order that holds a provider (assigned or in service).
struct ProviderSlotRow {
  int64_t provider_id = 0;
  int64_t order_id = 0;
  core::Date date;
  int start_min = 0;
  int end_min = 0;
};

// The slots held by orders of `community_code`'s providers dated from..to
// (inclusive), by provider and date.
StatusOr<std::vector<ProviderSlotRow>> ProviderSlots(Reader& r, std::string_view community_code,
                                                     core::Date from, core::Date to);

// ---- The demo ----------------------------------------------------------------

// Deletes every synthetic row of home services and the time bank in the
// communities of a subtree (orders with their events, providers with their
// details, time-bank transactions with their postings, accounts and banks
// left empty), for the demo's refresh: call it before
// Writer::DeleteSyntheticUnder, which removes the synthetic residents these
// rows refer to. kFailedPrecondition, deleting nothing, when a bank holds
// real transactions besides synthetic ones (deleting those would leave gaps
// in its history).
Status DeleteSyntheticCareUnder(Writer& w, std::string_view subtree_code);

// ---- Where people live -------------------------------------------------------

// The location of building `name` in `unit_code` (BuildingRow), or nullopt.
struct StoredPoint {
  double lat = 0;
  double lon = 0;
};
StatusOr<std::optional<StoredPoint>> BuildingLocation(Reader& r, std::string_view unit_code,
                                                      std::string_view name);

// A resident's birth date as the ledger holds it (no decryption), or nullopt.
StatusOr<std::optional<core::Date>> ResidentBirthDate(Reader& r, int64_t resident_id);

}  // namespace alley::store
