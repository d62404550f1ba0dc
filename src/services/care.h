// Home services (居家养老服务) as a community office runs them: caregivers and
// volunteers registered with their skills, weekly availability, certificates
// and a location; orders that an elderly resident (60 or older) places for a
// service at home, matched to the nearest provider who fits, assigned,
// started, finished and rated, every transition stored with who and when.
// When a volunteer finishes an order, the community's time bank
// (timebank_service.h) credits the volunteer the order's duration in the
// same transaction.
//
// The rules are home_service.h's (service kinds, occupations, matching, the
// order lifecycle); the rows are store/care_store.h's.
//
//   ProviderInput v{.unit_code = "320706006010", .resident_id = 1042,
//                   .skills = {"meal_delivery", "companionship"},
//                   .availability = *ParseWeeklyWindows("mon-fri 08:00-12:00")};
//   ALLEY_ASSIGN_OR_RETURN(ProviderItem p, RegisterProvider(store, ProviderType::kVolunteer, v,
//                                                           within, actor, now));
//   ALLEY_ASSIGN_OR_RETURN(OrderDetail o, RequestHomeService(store, order, within, actor, now));
//   ALLEY_ASSIGN_OR_RETURN(std::vector<RankedProvider> ranked,
//                          MatchHomeServiceOrder(store, o.order.id, within));
//   ALLEY_ASSIGN_OR_RETURN(o, ApplyOrderEvent(store, o.order.id, OrderChange::Assign(0),
//                                             within, actor, now));   // the best candidate
//
// Scope: `within` is the acting user's unit. Providers and orders outside it
// (by their unit) are kNotFound when addressed by id; a unit outside it named
// in the input is kPermissionDenied. Every write is one transaction that
// appends its audit record (objects "caregiver", "volunteer",
// "home_service_order"). Reads append nothing: the interfaces audit the lists
// they show (bulk_read), as they do for residents.
//
// Validation errors are kInvalidArgument "field NAME: rule". Thread safety: as
// the Store's.
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
#include "services/home_service.h"
#include "store/care_store.h"
#include "store/store.h"

namespace alley::services {

// "caregiver", "volunteer" (as stored and in the API).
std::string_view ProviderTypeId(ProviderType type);
std::optional<ProviderType> ParseProviderType(std::string_view id);

// ---- Text forms (the CLI's options, the API's fields) -------------------------

// "mon", "tue", ... "sun" (or 1..7, or 周一..周日) → Weekday.
std::optional<Weekday> ParseWeekday(std::string_view text);
// "mon", ... for JSON.
std::string_view WeekdayId(Weekday day);
// "08:30" → 510; "24:00" → kMinutesPerDay. nullopt for anything else.
std::optional<int> ParseClock(std::string_view text);

// Weekly windows from text: "DAYS HH:MM-HH:MM", several separated by ";",
// where DAYS is one day ("mon"), a range ("mon-fri") or a list ("mon,wed,sat").
// "mon-fri 08:00-12:00; sat 09:00-11:00" gives six windows. kInvalidArgument
// "field availability: ..." naming what is wrong.
StatusOr<std::vector<WeeklyWindow>> ParseWeeklyWindows(std::string_view text);
// The inverse, one window per day: "mon 08:00-12:00; tue 08:00-12:00".
std::string FormatWeeklyWindows(std::span<const WeeklyWindow> windows);

// A certificate from "OCCUPATION:LEVEL:ISSUED:EXPIRES[:NUMBER]", e.g.
// "elder_care_worker:4:2024-03-01:2029-02-28:NO.3207001". kInvalidArgument
// "field certifications: ..." when malformed (the rules are checked on
// registration).
StatusOr<store::CertificationRow> ParseCertification(std::string_view text);

// ---- Providers -----------------------------------------------------------------

struct ProviderInput {
  // Where the provider is registered: a community or a unit below it
  // (required). A volunteer's defaults to the resident's unit.
  std::string unit_code;
  // The ledger's resident: required for a volunteer; optional for a
  // caregiver (a caregiver who is also a resident). The resident must be
  // active and live in the unit's community on `registered_on`.
  std::optional<int64_t> resident_id;
  std::string name;        // required without a resident; else defaults to the ledger's name
  std::string occupation;  // caregivers: a care occupation (id or Chinese name), required
  // Service kinds (ids or Chinese names), at least one for a volunteer;
  // a caregiver's default is every kind.
  std::vector<std::string> skills;
  std::vector<WeeklyWindow> availability;               // at least one window
  std::vector<store::CertificationRow> certifications;  // caregivers only
  // Where the provider starts from: both or neither. Neither: the resident's
  // building, else the unit's location (kInvalidArgument "field lat: ..." if
  // none is known).
  std::optional<double> lat;
  std::optional<double> lon;
  int64_t prior_minutes = 0;  // worked before being registered here (caregivers' hours)
  core::Date registered_on;   // required; volunteers' time-bank account opens then
  std::string note;
  bool synthetic = false;
};

inline constexpr size_t kMaxProviderText = 200;  // name, note (bytes)
// At most this many windows, certificates (anything more is a typing error).
inline constexpr size_t kMaxProviderWindows = 50;
inline constexpr size_t kMaxProviderCertifications = 20;
// At most 60 years of prior work, in minutes.
inline constexpr int64_t kMaxPriorMinutes = int64_t{60} * 366 * 24 * 60;

struct ProviderItem {
  store::CareProviderRow provider;  // version: the ETag token
  std::string unit_name;
  // A volunteer's account in the community's time bank (volunteers have one
  // from registration); nullopt for caregivers.
  std::optional<int64_t> timebank_account_id;
};

// Registers a caregiver or a volunteer in the unit's community; a volunteer
// also gets an account in the community's time bank (the bank is opened,
// with its issuance account and the default policy, on first use). Errors:
// kInvalidArgument "field F: rule" (home_service.h's ValidateProvider rules,
// an unknown unit, a resident who is not in the ledger, not active, or lives
// in another community); kPermissionDenied for a unit outside `within`;
// kAlreadyExists when the resident is already a provider of that type.
StatusOr<ProviderItem> RegisterProvider(store::Store& store, ProviderType type,
                                        const ProviderInput& input, std::string_view within,
                                        const registry::audit::Actor& actor, store::Timestamp now);

// Many providers in one transaction, with one audit record (the demo: it
// registers a community's caregivers and volunteers at once). All or none.
// Errors: RegisterProvider's, prefixed "provider N" (0-based).
StatusOr<std::vector<ProviderItem>> RegisterProviders(store::Store& store, ProviderType type,
                                                      std::span<const ProviderInput> inputs,
                                                      std::string_view within,
                                                      const registry::audit::Actor& actor,
                                                      store::Timestamp now);
// The same inside the caller's write transaction (the demo writes a whole
// community in one): the same checks and audit record; nothing is written
// unless the caller's transaction commits.
StatusOr<std::vector<ProviderItem>> RegisterProviders(store::Writer& w, ProviderType type,
                                                      std::span<const ProviderInput> inputs,
                                                      std::string_view within,
                                                      const registry::audit::Actor& actor,
                                                      store::Timestamp now);

// Provider `id` of `type` (nullopt: either). kNotFound when there is none,
// it is of the other type, or it lies outside `within`.
StatusOr<ProviderItem> GetProvider(store::Store& store, int64_t id,
                                   std::optional<ProviderType> type,
                                   std::string_view within = core::kNationCode);

struct ProviderListQuery {
  std::string unit_code;  // the subtree (required)
  std::optional<ProviderType> type;
  std::string skill;                    // a service kind (id or Chinese name); empty: any
  std::string text;                     // a fragment of the name
  std::optional<core::Date> active_on;  // serving on this date; nullopt: all, those who left too
  int64_t page = 1;
  int64_t page_size = 20;
};

struct ProviderList {
  std::vector<ProviderItem> items;
  int64_t total = 0;
};

// Errors: kInvalidArgument "parameter skill: ..." for an unknown kind;
// kPermissionDenied for a unit outside `within`; kNotFound for an unknown
// unit; registry's paging errors.
StatusOr<ProviderList> ListProviders(store::Store& store, const ProviderListQuery& query,
                                     std::string_view within = core::kNationCode);

// A change to a provider; unset fields keep their value. The type and the
// resident never change.
struct ProviderUpdate {
  std::optional<std::string> unit_code;
  std::optional<std::string> name;
  std::optional<std::string> occupation;
  std::optional<std::vector<std::string>> skills;
  std::optional<std::vector<WeeklyWindow>> availability;
  std::optional<std::vector<store::CertificationRow>> certifications;
  std::optional<double> lat;  // both or neither
  std::optional<double> lon;
  std::optional<int64_t> prior_minutes;
  std::optional<std::optional<core::Date>> left_on;  // set: stops serving then; {nullopt}: again
  std::optional<std::string> note;
};

// Changes provider `id` of `type`. Errors: GetProvider's kNotFound; kAborted
// for a stale `expected_version`; RegisterProvider's for the new values.
StatusOr<ProviderItem> UpdateProvider(store::Store& store, int64_t id,
                                      std::optional<ProviderType> type, int64_t expected_version,
                                      const ProviderUpdate& update, std::string_view within,
                                      const registry::audit::Actor& actor, store::Timestamp now);

// ---- Orders --------------------------------------------------------------------

struct OrderInput {
  int64_t resident_id = 0;  // an active resident aged 60 or more on the slot's date
  std::string kind;         // a service kind, id or Chinese name
  TimeSlot slot;
  // The resident's home: both or neither. Neither: the resident's building,
  // else their unit's location.
  std::optional<double> lat;
  std::optional<double> lon;
  std::string note;
  bool synthetic = false;
};

struct OrderDetail {
  store::HomeServiceOrderRow order;
  std::vector<store::HomeServiceOrderEventRow> events;  // oldest first
};

// Takes an order in state requested, with its first event ("request").
// Errors: kInvalidArgument "field F: rule" (kind, slot, location, a resident
// not in the ledger, not active on the date, or younger than 60
// (programmes.h's kElderlyAge)); kNotFound for a resident outside `within`.
StatusOr<OrderDetail> RequestHomeService(store::Store& store, const OrderInput& input,
                                         std::string_view within,
                                         const registry::audit::Actor& actor, store::Timestamp now);

// Order `id` with its events; kNotFound outside `within`.
StatusOr<OrderDetail> GetHomeServiceOrder(store::Store& store, int64_t id,
                                          std::string_view within = core::kNationCode);

struct OrderListQuery {
  std::string unit_code;  // the subtree (required)
  std::string state;      // an order state id; empty: any
  std::string kind;       // a service kind (id or Chinese name); empty: any
  std::optional<int64_t> provider_id;
  std::optional<int64_t> resident_id;
  std::optional<core::Date> from;  // service date, inclusive
  std::optional<core::Date> to;
  int64_t page = 1;
  int64_t page_size = 20;
};

// Newest service date first. Errors: kInvalidArgument naming the parameter
// (state, kind, from after to); kPermissionDenied / kNotFound for the unit.
StatusOr<store::HomeServiceOrderPage> ListHomeServiceOrders(
    store::Store& store, const OrderListQuery& query, std::string_view within = core::kNationCode);

// A provider who fits an order, with its ranking facts.
struct RankedProvider {
  Candidate candidate;  // distance, the week's assigned minutes
  store::CareProviderRow provider;
};

// The providers of the order's community, serving on its date, who fit it,
// best first (MatchProviders: skill, availability, certificate, free; then
// nearest). Errors: kNotFound (the order; or, with MatchProviders' message
// of what each provider lacked, no provider fits); kFailedPrecondition when
// the order is no longer requested.
StatusOr<std::vector<RankedProvider>> MatchHomeServiceOrder(
    store::Store& store, int64_t id, std::string_view within = core::kNationCode);

// One step of an order's lifecycle.
struct OrderChange {
  OrderEvent event = OrderEvent::kAssign;
  // assign: the provider (0: the best candidate MatchHomeServiceOrder ranks).
  int64_t provider_id = 0;
  int stars = 0;     // rate: 1..5
  std::string note;  // cancel: the reason (required); otherwise optional
  static OrderChange Assign(int64_t provider_id) {
    return {.event = OrderEvent::kAssign, .provider_id = provider_id};
  }
  static OrderChange Start() { return {.event = OrderEvent::kStart}; }
  static OrderChange Finish() { return {.event = OrderEvent::kFinish}; }
  static OrderChange Rate(int stars) { return {.event = OrderEvent::kRate, .stars = stars}; }
  static OrderChange Cancel(std::string reason) {
    return {.event = OrderEvent::kCancel, .note = std::move(reason)};
  }
};

inline constexpr size_t kMinCancelReason = 2;  // characters

// Applies `change` to order `id` and records the event. Errors: kNotFound
// (the order, outside `within`); kFailedPrecondition for an event its state
// does not allow (home_service.h's message), for a provider who does not fit
// (with what they lack), and for a volunteer's earning that the time bank
// refuses (then nothing is written); kInvalidArgument for stars outside 1..5
// or a cancellation without a reason; kAborted when `expected_version` is
// given and the order has changed since. Finishing an order of a volunteer
// credits them its duration (reference "home_service_order:ID", dated the
// service date) in the same transaction.
StatusOr<OrderDetail> ApplyOrderEvent(store::Store& store, int64_t id, const OrderChange& change,
                                      std::string_view within, const registry::audit::Actor& actor,
                                      store::Timestamp now,
                                      std::optional<int64_t> expected_version = std::nullopt);

// ---- The demo: a year of orders at once ------------------------------------------

// An order as it happened: the request and then its events, each at its time.
struct OrderHistory {
  OrderInput input;  // synthetic marks the rows
  store::Timestamp requested_at;
  struct Step {
    OrderChange change;  // an assign names its provider (0 is not allowed here)
    store::Timestamp at;
  };
  std::vector<Step> steps;  // in order; may be empty (still requested)
};

// Records many orders of ONE community with their whole histories in one
// transaction and one audit record: each request and step is checked by the
// same rules as RequestHomeService and ApplyOrderEvent (the lifecycle, the
// provider's fit on the slot including the other orders of the batch, the
// time bank's rules for the volunteers' earnings, posted in one pass), but the
// time bank is replayed once, not per order. All or none. Errors: those of the
// single functions, prefixed "order N" (0-based); kInvalidArgument when the
// orders are of several communities. Answers the ids in input order.
StatusOr<std::vector<int64_t>> RecordHomeServiceHistory(store::Store& store,
                                                        std::span<const OrderHistory> orders,
                                                        std::string_view within,
                                                        const registry::audit::Actor& actor,
                                                        store::Timestamp now);
// The same inside the caller's write transaction (the demo's), with the same
// checks and audit records.
StatusOr<std::vector<int64_t>> RecordHomeServiceHistory(store::Writer& w,
                                                        std::span<const OrderHistory> orders,
                                                        std::string_view within,
                                                        const registry::audit::Actor& actor,
                                                        store::Timestamp now);

}  // namespace alley::services
