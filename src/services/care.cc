#include "services/care.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "core/geo.h"
#include "registry/paging.h"
#include "registry/resident_rules.h"
#include "services/programmes.h"
#include "services/timebank_service.h"

namespace alley::services {

namespace audit = registry::audit;

namespace {

constexpr std::string_view kOrderObject = "home_service_order";
// Large enough for every provider of one community: matching reads them all.
constexpr int64_t kAllProviders = 1'000'000;

int64_t Seconds(store::Timestamp t) { return t.time_since_epoch().count(); }

bool Within(std::string_view within, std::string_view code) {
  return core::IsCodePrefixAncestor(within, code);
}

Status FieldError(std::string_view field, std::string_view rule) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(rule));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Characters (UTF-8 code points), not bytes: 取消 is two.
size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr std::array<std::string_view, 7> kDayIds = {"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kDayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 7> kDayZh = {"周一", "周二", "周三", "周四",
                                                    "周五", "周六", "周日"};

std::string ServiceKindList() {
  std::string out;
  for (const ServiceKindInfo& k : ServiceKinds())
    out += (out.empty() ? "" : ", ") + std::string(k.id);
  return out;
}

std::string OccupationList() {
  std::string out;
  for (const CareOccupation& o : CareOccupations()) {
    out += (out.empty() ? "" : ", ") + std::string(o.id);
  }
  return out;
}

StatusOr<ServiceKind> KindOf(std::string_view text, std::string_view field) {
  const ServiceKindInfo* k = FindServiceKind(Trim(text));
  if (k == nullptr) {
    return InvalidArgumentError(std::string(field) + ": unknown service kind \"" +
                                std::string(text) + "\" (expected one of " + ServiceKindList() +
                                ")");
  }
  return k->kind;
}

// A stored row's kind (written by this file, so unknown means damage).
StatusOr<ServiceKind> StoredKind(std::string_view id) {
  const ServiceKindInfo* k = FindServiceKind(id);
  if (k == nullptr)
    return DataLossError("stored service kind \"" + std::string(id) + "\" is unknown");
  return k->kind;
}

// ---- Locations ----

struct Located {
  double lat = 0;
  double lon = 0;
  std::string source;  // "building", "unit", "given"
};

// Where someone in `unit_code` (building `building`) is: the building, else
// the unit, else its community.
StatusOr<std::optional<Located>> KnownLocation(store::Reader& r, const std::string& unit_code,
                                               const std::string& building) {
  if (!building.empty()) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::StoredPoint> p,
                           store::BuildingLocation(r, unit_code, building));
    if (p) return std::optional<Located>(Located{p->lat, p->lon, "building"});
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
  while (unit) {
    if (unit->lat && unit->lon)
      return std::optional<Located>(Located{*unit->lat, *unit->lon, "unit"});
    if (unit->level <= core::UnitLevel::kCommunity || unit->parent_code.empty()) break;
    ALLEY_ASSIGN_OR_RETURN(unit, r.FindUnit(unit->parent_code));
  }
  return std::optional<Located>();
}

StatusOr<Located> LocationOf(store::Reader& r, std::optional<double> lat, std::optional<double> lon,
                             const std::string& unit_code, const std::string& building,
                             std::string_view whose) {
  if (lat.has_value() != lon.has_value()) {
    return FieldError(lat ? "lon" : "lat", "give both lat and lon (the location), or neither");
  }
  if (lat) {
    if (!core::IsValidLatLon({*lat, *lon})) {
      return FieldError(*lat >= -90 && *lat <= 90 ? "lon" : "lat",
                        "not a WGS-84 point (lat -90..90, lon -180..180)");
    }
    return Located{*lat, *lon, "given"};
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<Located> known, KnownLocation(r, unit_code, building));
  if (!known) {
    return FieldError("lat", "no location is known for " + std::string(whose) +
                                 " (no building or unit location): give lat and lon");
  }
  return *known;
}

// ---- Providers ----

Status NoSuchProvider(int64_t id) {
  return NotFoundError("no provider has the id " + std::to_string(id));
}

// The unit a provider or order is registered in: known, in scope, and its community.
StatusOr<store::UnitRow> CommunityOfUnit(store::Reader& r, const std::string& code,
                                         std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
  if (!unit) return FieldError("unit", "unit " + code + " not found");
  if (!Within(within, code)) {
    return PermissionDeniedError("field unit: unit " + code + " is outside your scope");
  }
  if (unit->level < core::UnitLevel::kCommunity) {
    return FieldError("unit", "unit " + code +
                                  " is above community level: register in a "
                                  "community or a unit below it");
  }
  return registry::CommunityOf(r, *unit);
}

// A stored provider as home_service.h matches it; `assignments` are its held slots.
StatusOr<Provider> ProviderOf(const store::CareProviderRow& row,
                              std::vector<TimeSlot> assignments) {
  Provider p;
  p.id = std::to_string(row.id);
  p.type = row.type == "caregiver" ? ProviderType::kCaregiver : ProviderType::kVolunteer;
  p.occupation = row.occupation;
  for (const store::CertificationRow& c : row.certifications) {
    p.certifications.push_back({c.occupation, c.level, c.issued, c.expires});
  }
  for (const std::string& s : row.skills) {
    ALLEY_ASSIGN_OR_RETURN(ServiceKind kind, StoredKind(s));
    p.skills.push_back(kind);
  }
  for (const store::WeeklyWindowRow& w : row.availability) {
    p.availability.push_back({static_cast<Weekday>(w.day), w.start_min, w.end_min});
  }
  p.location = {row.lat, row.lon};
  p.assignments = std::move(assignments);
  return p;
}

// The row of a valid provider (id, version and synthetic aside).
StatusOr<store::CareProviderRow> PrepareProvider(store::Reader& r, ProviderType type,
                                                 const ProviderInput& in, std::string_view within) {
  store::CareProviderRow row;
  row.type = std::string(ProviderTypeId(type));
  std::optional<store::ResidentVersion> resident;
  if (type == ProviderType::kVolunteer && !in.resident_id) {
    return FieldError("resident", "a volunteer is a resident of the ledger: give their id");
  }
  if (in.resident_id) {
    ALLEY_ASSIGN_OR_RETURN(resident, r.ResidentVersionOn(*in.resident_id, in.registered_on));
    if (!resident || !Within(within, resident->unit_code)) {
      return NotFoundError("field resident: no resident has the id " +
                           std::to_string(*in.resident_id) + " on " + in.registered_on.ToString());
    }
    if (resident->status != "active") {
      return FieldError("resident", "resident " + std::to_string(*in.resident_id) + " is " +
                                        resident->status + " on " + in.registered_on.ToString());
    }
    row.resident_id = in.resident_id;
  }
  row.unit_code = std::string(Trim(in.unit_code));
  if (row.unit_code.empty() && resident) row.unit_code = resident->unit_code;
  if (row.unit_code.empty()) return FieldError("unit", "is required");
  ALLEY_ASSIGN_OR_RETURN(store::UnitRow community, CommunityOfUnit(r, row.unit_code, within));
  row.community_code = community.code;
  if (resident && resident->community_code != row.community_code) {
    return FieldError("resident", "resident " + std::to_string(*in.resident_id) + " lives in " +
                                      resident->community_code + ", not in " + row.community_code);
  }
  row.name = std::string(Trim(in.name));
  if (row.name.empty() && resident) row.name = resident->name;
  if (row.name.empty()) return FieldError("name", "is required");
  if (row.name.size() > kMaxProviderText) {
    return FieldError("name", "at most " + std::to_string(kMaxProviderText) + " bytes");
  }
  if (type == ProviderType::kCaregiver) {
    const CareOccupation* o = FindCareOccupation(Trim(in.occupation));
    if (o == nullptr) {
      return FieldError("occupation", "unknown care occupation \"" + in.occupation +
                                          "\" (expected one of " + OccupationList() + ")");
    }
    row.occupation = std::string(o->id);
  } else if (!Trim(in.occupation).empty()) {
    return FieldError("occupation", "a volunteer has none (register as a caregiver)");
  }
  std::set<ServiceKind> seen;
  for (size_t i = 0; i < in.skills.size(); ++i) {
    ALLEY_ASSIGN_OR_RETURN(ServiceKind k,
                           KindOf(in.skills[i], "field skills[" + std::to_string(i) + "]"));
    if (!seen.insert(k).second) {
      return FieldError("skills[" + std::to_string(i) + "]",
                        "duplicate skill " + std::string(ServiceKindOf(k).id));
    }
    row.skills.emplace_back(ServiceKindOf(k).id);
  }
  if (row.skills.empty()) {
    if (type == ProviderType::kVolunteer) {
      return FieldError("skills",
                        "a volunteer needs at least one service kind (" + ServiceKindList() + ")");
    }
    for (const ServiceKindInfo& k : ServiceKinds()) row.skills.emplace_back(k.id);
  }
  if (in.availability.empty()) {
    return FieldError("availability", "at least one weekly window (e.g. mon-fri 08:00-12:00)");
  }
  if (in.availability.size() > kMaxProviderWindows) {
    return FieldError("availability",
                      "at most " + std::to_string(kMaxProviderWindows) + " windows");
  }
  for (const WeeklyWindow& w : in.availability) {
    row.availability.push_back({static_cast<int>(w.day), w.start_min, w.end_min});
  }
  if (type == ProviderType::kVolunteer && !in.certifications.empty()) {
    return FieldError("certifications", "a volunteer has none (register as a caregiver)");
  }
  if (in.certifications.size() > kMaxProviderCertifications) {
    return FieldError("certifications", "at most " + std::to_string(kMaxProviderCertifications));
  }
  for (store::CertificationRow c : in.certifications) {
    if (const CareOccupation* o = FindCareOccupation(Trim(c.occupation))) c.occupation = o->id;
    if (c.number.size() > kMaxProviderText) {
      return FieldError("certifications",
                        "a number of at most " + std::to_string(kMaxProviderText) + " bytes");
    }
    row.certifications.push_back(std::move(c));
  }
  ALLEY_ASSIGN_OR_RETURN(
      Located at, LocationOf(r, in.lat, in.lon, resident ? resident->unit_code : row.unit_code,
                             resident ? resident->building : "", "the provider"));
  row.lat = at.lat;
  row.lon = at.lon;
  row.location_source = at.source;
  if (in.prior_minutes < 0 || in.prior_minutes > kMaxPriorMinutes) {
    return FieldError("hours_before", "must be 0 or more (and at most 60 years)");
  }
  row.prior_minutes = in.prior_minutes;
  row.registered_on = in.registered_on;
  row.note = in.note;
  if (row.note.size() > kMaxProviderText) {
    return FieldError("note", "at most " + std::to_string(kMaxProviderText) + " bytes");
  }
  row.synthetic = in.synthetic;
  // The matching rules' own checks (occupations of certificates, levels,
  // dates, windows), with the provider named.
  ALLEY_ASSIGN_OR_RETURN(Provider p, ProviderOf(row, {}));
  p.id = row.name;
  Status valid = ValidateProvider(p);
  if (!valid.ok()) return InvalidArgumentError(valid.message());
  return row;
}

StatusOr<ProviderItem> ItemOf(store::Reader& r, store::CareProviderRow row) {
  ProviderItem item;
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(row.unit_code));
  if (unit) item.unit_name = unit->name;
  if (row.type == "volunteer" && row.resident_id) {
    ALLEY_ASSIGN_OR_RETURN(
        std::optional<store::TimeBankAccountRow> account,
        store::TimeBankAccountOfResident(r, row.community_code, *row.resident_id));
    if (account) item.timebank_account_id = account->id;
  }
  item.provider = std::move(row);
  return item;
}

// Stores a prepared provider (and a volunteer's time-bank account); answers its id.
StatusOr<int64_t> StoreProvider(store::Writer& w, const store::CareProviderRow& row) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, store::InsertCareProvider(w, row));
  if (row.type == "volunteer") {
    ALLEY_ASSIGN_OR_RETURN(LoadedTimeBank bank,
                           OpenTimeBank(w, row.community_code, row.registered_on, row.synthetic));
    ALLEY_RETURN_IF_ERROR(
        MemberAccount(w, bank, *row.resident_id, row.registered_on, row.synthetic).status());
  }
  return id;
}

StatusOr<store::CareProviderRow> ProviderInScope(store::Reader& r, int64_t id,
                                                 std::optional<ProviderType> type,
                                                 std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::CareProviderRow> p, store::CareProviderById(r, id));
  if (!p || !Within(within, p->unit_code) || (type && p->type != ProviderTypeId(*type))) {
    return NoSuchProvider(id);
  }
  return *std::move(p);
}

bool ServesOn(const store::CareProviderRow& p, core::Date date) {
  return p.registered_on <= date && (!p.left_on || *p.left_on > date);
}

// ---- Orders ----

Status NoSuchOrder(int64_t id) {
  return NotFoundError("no home-service order has the id " + std::to_string(id));
}

StatusOr<store::HomeServiceOrderRow> PrepareOrder(store::Reader& r, const OrderInput& in,
                                                  std::string_view within, store::Timestamp now,
                                                  std::string_view by) {
  ALLEY_ASSIGN_OR_RETURN(ServiceKind kind, KindOf(in.kind, "field kind"));
  ALLEY_RETURN_IF_ERROR(ValidateTimeSlot(in.slot, "slot"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::ResidentVersion> v,
                         r.ResidentVersionOn(in.resident_id, in.slot.date));
  if (!v || !Within(within, v->unit_code)) {
    return NotFoundError("field resident: no resident has the id " +
                         std::to_string(in.resident_id) + " on " + in.slot.date.ToString());
  }
  if (v->status != "active") {
    return FieldError("resident", "resident " + std::to_string(in.resident_id) + " is " +
                                      v->status + " on " + in.slot.date.ToString());
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> birth,
                         store::ResidentBirthDate(r, in.resident_id));
  if (!birth) return NotFoundError("no resident has the id " + std::to_string(in.resident_id));
  const int age = core::AgeOn(*birth, in.slot.date);
  if (age < kElderlyAge) {
    return FieldError("resident", "resident " + std::to_string(in.resident_id) + " is " +
                                      std::to_string(age) + " on " + in.slot.date.ToString() +
                                      ": home services are for residents aged " +
                                      std::to_string(kElderlyAge) + " or more");
  }
  ALLEY_ASSIGN_OR_RETURN(Located home, LocationOf(r, in.lat, in.lon, v->unit_code, v->building,
                                                  "the resident's home"));
  if (in.note.size() > kMaxProviderText) {
    return FieldError("note", "at most " + std::to_string(kMaxProviderText) + " bytes");
  }
  store::HomeServiceOrderRow o;
  o.community_code = v->community_code;
  o.unit_code = v->unit_code;
  o.resident_id = in.resident_id;
  o.kind = std::string(ServiceKindOf(kind).id);
  o.service_date = in.slot.date;
  o.start_min = in.slot.start_min;
  o.end_min = in.slot.end_min;
  o.lat = home.lat;
  o.lon = home.lon;
  o.note = in.note;
  o.state = std::string(OrderStateId(OrderState::kRequested));
  o.requested_at = Seconds(now);
  o.updated_at = o.requested_at;
  o.requested_by = std::string(by);
  o.synthetic = in.synthetic;
  o.resident_name = v->name;
  return o;
}

StatusOr<ServiceRequest> RequestOf(const store::HomeServiceOrderRow& o) {
  ALLEY_ASSIGN_OR_RETURN(ServiceKind kind, StoredKind(o.kind));
  return ServiceRequest{
      .kind = kind,
      .location = {o.lat, o.lon},
      .slot = {.date = o.service_date, .start_min = o.start_min, .end_min = o.end_min}};
}

StatusOr<OrderState> StateOf(const store::HomeServiceOrderRow& o) {
  std::optional<OrderState> s = ParseOrderState(o.state);
  if (!s)
    return DataLossError("order " + std::to_string(o.id) + " has the unknown state " + o.state);
  return *s;
}

// The community's providers serving on the order's date, and their held
// slots in its week (the order's own excluded).
struct Pool {
  std::vector<store::CareProviderRow> rows;
  std::vector<Provider> providers;
};

StatusOr<Pool> PoolFor(store::Reader& r, const store::HomeServiceOrderRow& o) {
  Pool pool;
  store::CareProviderQuery q;
  q.subtree_code = o.community_code;
  q.active_on = o.service_date;
  q.limit = kAllProviders;
  ALLEY_ASSIGN_OR_RETURN(store::CareProviderPage page, store::ListCareProviders(r, q));
  const core::Date week = WeekStart(o.service_date);
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::ProviderSlotRow> slots,
                         store::ProviderSlots(r, o.community_code, week, week.AddDays(6)));
  std::map<int64_t, std::vector<TimeSlot>> held;
  for (const store::ProviderSlotRow& s : slots) {
    if (s.order_id == o.id) continue;
    held[s.provider_id].push_back({s.date, s.start_min, s.end_min});
  }
  for (store::CareProviderRow& row : page.items) {
    if (row.community_code != o.community_code) continue;
    ALLEY_ASSIGN_OR_RETURN(Provider p, ProviderOf(row, held[row.id]));
    pool.providers.push_back(std::move(p));
    pool.rows.push_back(std::move(row));
  }
  return pool;
}

StatusOr<std::vector<RankedProvider>> Rank(const Pool& pool, const ServiceRequest& request) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<Candidate> ranked, MatchProviders(request, pool.providers));
  std::map<std::string, const store::CareProviderRow*> rows;
  for (const store::CareProviderRow& row : pool.rows) rows[std::to_string(row.id)] = &row;
  std::vector<RankedProvider> out;
  for (Candidate& c : ranked) {
    const store::CareProviderRow* row = rows.at(c.provider_id);
    out.push_back({std::move(c), *row});
  }
  return out;
}

// Why `provider` cannot take `request`, or OK when it can.
Status Fits(const Provider& provider, const ServiceRequest& request, int64_t provider_id) {
  const Provider one[] = {provider};
  StatusOr<std::vector<Candidate>> fit = MatchProviders(request, one);
  if (fit.ok()) return OkStatus();
  if (fit.status().code() == StatusCode::kNotFound) {
    return FailedPreconditionError("provider " + std::to_string(provider_id) +
                                   " does not fit the order: " + fit.status().message());
  }
  return fit.status();
}

audit::AuditRecord OrderRecord(const audit::Actor& actor, std::string_view action, int64_t id,
                               std::string detail) {
  audit::AuditRecord a = audit::RecordBy(actor, action);
  a.object = std::string(kOrderObject);
  const int64_t ids[] = {id};
  a.records = audit::RecordIds(ids);
  a.detail = std::move(detail);
  return a;
}

StatusOr<OrderDetail> DetailOf(store::Reader& r, int64_t id) {
  OrderDetail d;
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::HomeServiceOrderRow> o,
                         store::HomeServiceOrderById(r, id));
  if (!o) return NoSuchOrder(id);
  d.order = *std::move(o);
  ALLEY_ASSIGN_OR_RETURN(d.events, store::HomeServiceOrderEvents(r, id));
  return d;
}

std::string EarnReference(int64_t order_id) {
  return "home_service_order:" + std::to_string(order_id);
}

// The volunteer's account in the order's bank, the bank opened as needed.
StatusOr<int64_t> VolunteerAccount(store::Writer& w, LoadedTimeBank& bank,
                                   const store::CareProviderRow& volunteer, core::Date date,
                                   bool synthetic) {
  return MemberAccount(w, bank, *volunteer.resident_id, std::min(date, volunteer.registered_on),
                       synthetic);
}

}  // namespace

std::string_view ProviderTypeId(ProviderType type) {
  return type == ProviderType::kCaregiver ? "caregiver" : "volunteer";
}

std::optional<ProviderType> ParseProviderType(std::string_view id) {
  if (id == "caregiver") return ProviderType::kCaregiver;
  if (id == "volunteer") return ProviderType::kVolunteer;
  return std::nullopt;
}

std::optional<Weekday> ParseWeekday(std::string_view text) {
  text = Trim(text);
  const std::string lower = Lower(text);
  for (size_t i = 0; i < kDayIds.size(); ++i) {
    if (lower == kDayIds[i] || lower == kDayNames[i] || text == kDayZh[i] ||
        lower == std::to_string(i + 1)) {
      return static_cast<Weekday>(i + 1);
    }
  }
  if (text == "周天" || text == "星期日" || text == "星期天") return Weekday::kSunday;
  return std::nullopt;
}

std::string_view WeekdayId(Weekday day) {
  const auto i = static_cast<size_t>(day) - 1;
  return i < kDayIds.size() ? kDayIds[i] : "?";
}

std::optional<int> ParseClock(std::string_view text) {
  text = Trim(text);
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon != 3) {
    return std::nullopt;
  }
  int h = 0;
  int m = 0;
  auto parse = [](std::string_view digits, int& out) {
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && ptr == digits.data() + digits.size();
  };
  if (!parse(text.substr(0, colon), h) || !parse(text.substr(colon + 1), m)) return std::nullopt;
  if (m < 0 || m > 59 || h < 0 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

StatusOr<std::vector<WeeklyWindow>> ParseWeeklyWindows(std::string_view text) {
  std::vector<WeeklyWindow> out;
  size_t part_start = 0;
  while (part_start <= text.size()) {
    size_t end = text.find(';', part_start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = Trim(text.substr(part_start, end - part_start));
    part_start = end + 1;
    if (part.empty()) continue;
    const size_t space = part.find(' ');
    auto bad = [&](std::string_view why) {
      return FieldError("availability",
                        "\"" + std::string(part) + "\": " + std::string(why) +
                            " (expected DAYS HH:MM-HH:MM, e.g. mon-fri 08:00-12:00)");
    };
    if (space == std::string_view::npos) return bad("no time range");
    const std::string_view days = part.substr(0, space);
    const std::string_view times = Trim(part.substr(space + 1));
    const size_t dash = times.find('-');
    if (dash == std::string_view::npos) return bad("no time range");
    std::optional<int> from = ParseClock(times.substr(0, dash));
    std::optional<int> to = ParseClock(times.substr(dash + 1));
    if (!from || !to) return bad("times are HH:MM, 00:00 to 24:00");
    if (*to <= *from) return bad("the end is not after the start");
    if (*from >= kMinutesPerDay) return bad("the start is not within the day");
    std::vector<Weekday> list;
    size_t item_start = 0;
    while (item_start <= days.size()) {
      size_t comma = days.find(',', item_start);
      if (comma == std::string_view::npos) comma = days.size();
      const std::string_view item = days.substr(item_start, comma - item_start);
      item_start = comma + 1;
      const size_t range = item.find('-');
      if (range != std::string_view::npos) {
        std::optional<Weekday> a = ParseWeekday(item.substr(0, range));
        std::optional<Weekday> b = ParseWeekday(item.substr(range + 1));
        if (!a || !b || *b < *a) return bad("\"" + std::string(item) + "\" is not a range of days");
        for (int d = static_cast<int>(*a); d <= static_cast<int>(*b); ++d) {
          list.push_back(static_cast<Weekday>(d));
        }
      } else {
        std::optional<Weekday> d = ParseWeekday(item);
        if (!d) return bad("\"" + std::string(item) + "\" is not a day (mon..sun)");
        list.push_back(*d);
      }
    }
    for (Weekday d : list) out.push_back({d, *from, *to});
  }
  if (out.empty()) return FieldError("availability", "no window given");
  return out;
}

std::string FormatWeeklyWindows(std::span<const WeeklyWindow> windows) {
  std::string out;
  for (const WeeklyWindow& w : windows) {
    out += (out.empty() ? "" : "; ") + std::string(WeekdayId(w.day)) + " " +
           FormatMinutes(w.start_min) + "-" + FormatMinutes(w.end_min);
  }
  return out;
}

StatusOr<store::CertificationRow> ParseCertification(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() < 4) {
    const size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) break;
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(text.substr(start));
  auto bad = [&](std::string_view why) {
    return FieldError("certifications", "\"" + std::string(text) + "\": " + std::string(why) +
                                            " (expected OCCUPATION:LEVEL:ISSUED:EXPIRES[:NUMBER])");
  };
  if (parts.size() < 4) return bad("too few parts");
  store::CertificationRow c;
  c.occupation = std::string(Trim(parts[0]));
  const std::string_view level = Trim(parts[1]);
  auto [ptr, ec] = std::from_chars(level.data(), level.data() + level.size(), c.level);
  if (ec != std::errc() || ptr != level.data() + level.size()) return bad("the level is 1..5");
  StatusOr<core::Date> issued = core::Date::Parse(Trim(parts[2]));
  StatusOr<core::Date> expires = core::Date::Parse(Trim(parts[3]));
  if (!issued.ok() || !expires.ok()) return bad("dates are YYYY-MM-DD");
  c.issued = *issued;
  c.expires = *expires;
  if (parts.size() > 4) c.number = std::string(Trim(parts[4]));
  return c;
}

StatusOr<ProviderItem> RegisterProvider(store::Store& store, ProviderType type,
                                        const ProviderInput& input, std::string_view within,
                                        const audit::Actor& actor, store::Timestamp now) {
  std::optional<ProviderItem> item;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow row, PrepareProvider(w, type, input, within));
    ALLEY_ASSIGN_OR_RETURN(int64_t id, StoreProvider(w, row));
    audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
    a.object = std::string(ProviderTypeId(type));
    const int64_t ids[] = {id};
    a.records = audit::RecordIds(ids);
    a.detail = "unit=" + row.unit_code;
    ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow stored, ProviderInScope(w, id, type, within));
    ALLEY_ASSIGN_OR_RETURN(item, ItemOf(w, std::move(stored)));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<std::vector<ProviderItem>> RegisterProviders(store::Writer& w, ProviderType type,
                                                      std::span<const ProviderInput> inputs,
                                                      std::string_view within,
                                                      const audit::Actor& actor,
                                                      store::Timestamp now) {
  std::vector<ProviderItem> items;
  if (inputs.empty()) return items;
  std::vector<int64_t> ids;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Status s = [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow row,
                             PrepareProvider(w, type, inputs[i], within));
      ALLEY_ASSIGN_OR_RETURN(int64_t id, StoreProvider(w, row));
      ids.push_back(id);
      return OkStatus();
    }();
    if (!s.ok()) return s.WithContext("provider " + std::to_string(i));
  }
  audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
  a.object = std::string(ProviderTypeId(type));
  a.records = audit::RecordCount(static_cast<int64_t>(ids.size()));
  a.detail = "batch";
  ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  for (int64_t id : ids) {
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow stored, ProviderInScope(w, id, type, within));
    ALLEY_ASSIGN_OR_RETURN(ProviderItem item, ItemOf(w, std::move(stored)));
    items.push_back(std::move(item));
  }
  return items;
}

StatusOr<std::vector<ProviderItem>> RegisterProviders(store::Store& store, ProviderType type,
                                                      std::span<const ProviderInput> inputs,
                                                      std::string_view within,
                                                      const audit::Actor& actor,
                                                      store::Timestamp now) {
  std::vector<ProviderItem> items;
  if (inputs.empty()) return items;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(items, RegisterProviders(w, type, inputs, within, actor, now));
    return OkStatus();
  }));
  return items;
}

StatusOr<ProviderItem> GetProvider(store::Store& store, int64_t id,
                                   std::optional<ProviderType> type, std::string_view within) {
  std::optional<ProviderItem> item;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow p, ProviderInScope(r, id, type, within));
    ALLEY_ASSIGN_OR_RETURN(item, ItemOf(r, std::move(p)));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<ProviderList> ListProviders(store::Store& store, const ProviderListQuery& query,
                                     std::string_view within) {
  ALLEY_RETURN_IF_ERROR(registry::ValidatePage(query.page, query.page_size));
  store::CareProviderQuery q;
  q.subtree_code = query.unit_code;
  if (query.type) q.type = std::string(ProviderTypeId(*query.type));
  if (!query.skill.empty()) {
    ALLEY_ASSIGN_OR_RETURN(ServiceKind k, KindOf(query.skill, "parameter skill"));
    q.skill = std::string(ServiceKindOf(k).id);
  }
  q.text = query.text;
  q.active_on = query.active_on;
  q.limit = query.page_size;
  q.offset = registry::PageOffset(query.page, query.page_size);
  ProviderList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(query.unit_code));
    if (!unit) return NotFoundError("unit " + query.unit_code + " not found");
    if (!Within(within, unit->code)) {
      return PermissionDeniedError("unit " + unit->code + " is outside your scope");
    }
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderPage page, store::ListCareProviders(r, q));
    list.total = page.total;
    for (store::CareProviderRow& row : page.items) {
      ALLEY_ASSIGN_OR_RETURN(ProviderItem item, ItemOf(r, std::move(row)));
      list.items.push_back(std::move(item));
    }
    return OkStatus();
  }));
  return list;
}

StatusOr<ProviderItem> UpdateProvider(store::Store& store, int64_t id,
                                      std::optional<ProviderType> type, int64_t expected_version,
                                      const ProviderUpdate& u, std::string_view within,
                                      const audit::Actor& actor, store::Timestamp now) {
  std::optional<ProviderItem> item;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow p, ProviderInScope(w, id, type, within));
    if (p.version != expected_version) {
      return AbortedError("provider " + p.name +
                          " has changed since it was read: read it again and repeat the change");
    }
    const ProviderType t =
        p.type == "caregiver" ? ProviderType::kCaregiver : ProviderType::kVolunteer;
    ProviderInput in;
    in.unit_code = u.unit_code.value_or(p.unit_code);
    in.resident_id = p.resident_id;
    in.name = u.name.value_or(p.name);
    in.occupation = u.occupation.value_or(p.occupation);
    in.skills = u.skills.value_or(p.skills);
    if (u.availability) {
      in.availability = *u.availability;
    } else {
      for (const store::WeeklyWindowRow& wr : p.availability) {
        in.availability.push_back({static_cast<Weekday>(wr.day), wr.start_min, wr.end_min});
      }
    }
    in.certifications = u.certifications.value_or(p.certifications);
    if (u.lat || u.lon) {
      in.lat = u.lat;
      in.lon = u.lon;
    } else if (p.location_source == "given" && !u.unit_code) {
      in.lat = p.lat;
      in.lon = p.lon;
    }
    in.prior_minutes = u.prior_minutes.value_or(p.prior_minutes);
    in.registered_on = p.registered_on;
    in.note = u.note.value_or(p.note);
    in.synthetic = p.synthetic;
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow row, PrepareProvider(w, t, in, within));
    row.left_on = u.left_on ? *u.left_on : p.left_on;
    if (row.left_on && *row.left_on < row.registered_on) {
      return FieldError("left_on", row.left_on->ToString() + " is before the registration on " +
                                       row.registered_on.ToString());
    }
    row.id = p.id;
    row.version = p.version;
    ALLEY_RETURN_IF_ERROR(store::UpdateCareProvider(w, row));
    audit::AuditRecord a = audit::RecordBy(actor, audit::kUpdate);
    a.object = p.type;
    const int64_t ids[] = {id};
    a.records = audit::RecordIds(ids);
    ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
    ALLEY_ASSIGN_OR_RETURN(store::CareProviderRow stored, ProviderInScope(w, id, type, within));
    ALLEY_ASSIGN_OR_RETURN(item, ItemOf(w, std::move(stored)));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<OrderDetail> RequestHomeService(store::Store& store, const OrderInput& input,
                                         std::string_view within, const audit::Actor& actor,
                                         store::Timestamp now) {
  std::optional<OrderDetail> detail;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderRow o,
                           PrepareOrder(w, input, within, now, actor.username));
    ALLEY_ASSIGN_OR_RETURN(o.id, store::InsertHomeServiceOrder(w, o));
    ALLEY_RETURN_IF_ERROR(store::AppendHomeServiceOrderEvent(w, {.order_id = o.id,
                                                                 .at = o.requested_at,
                                                                 .event = "request",
                                                                 .from_state = "",
                                                                 .to_state = o.state,
                                                                 .actor = actor.username})
                              .status());
    ALLEY_RETURN_IF_ERROR(
        audit::Append(w, OrderRecord(actor, audit::kCreate, o.id, "kind=" + o.kind), now).status());
    ALLEY_ASSIGN_OR_RETURN(detail, DetailOf(w, o.id));
    return OkStatus();
  }));
  return *std::move(detail);
}

StatusOr<OrderDetail> GetHomeServiceOrder(store::Store& store, int64_t id,
                                          std::string_view within) {
  std::optional<OrderDetail> detail;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(OrderDetail d, DetailOf(r, id));
    if (!Within(within, d.order.unit_code)) return NoSuchOrder(id);
    detail = std::move(d);
    return OkStatus();
  }));
  return *std::move(detail);
}

StatusOr<store::HomeServiceOrderPage> ListHomeServiceOrders(store::Store& store,
                                                            const OrderListQuery& query,
                                                            std::string_view within) {
  ALLEY_RETURN_IF_ERROR(registry::ValidatePage(query.page, query.page_size));
  store::HomeServiceOrderQuery q;
  q.subtree_code = query.unit_code;
  if (!query.state.empty()) {
    if (!ParseOrderState(query.state)) {
      return InvalidArgumentError("parameter state: unknown order state \"" + query.state +
                                  "\" (requested, assigned, in_service, done, rated, cancelled)");
    }
    q.state = query.state;
  }
  if (!query.kind.empty()) {
    ALLEY_ASSIGN_OR_RETURN(ServiceKind k, KindOf(query.kind, "parameter kind"));
    q.kind = std::string(ServiceKindOf(k).id);
  }
  if (query.from && query.to && *query.from > *query.to) {
    return InvalidArgumentError("parameter from: " + query.from->ToString() + " is after to " +
                                query.to->ToString());
  }
  q.provider_id = query.provider_id;
  q.resident_id = query.resident_id;
  q.from = query.from;
  q.to = query.to;
  q.limit = query.page_size;
  q.offset = registry::PageOffset(query.page, query.page_size);
  store::HomeServiceOrderPage page;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(query.unit_code));
    if (!unit) return NotFoundError("unit " + query.unit_code + " not found");
    if (!Within(within, unit->code)) {
      return PermissionDeniedError("unit " + unit->code + " is outside your scope");
    }
    ALLEY_ASSIGN_OR_RETURN(page, store::ListHomeServiceOrders(r, q));
    return OkStatus();
  }));
  return page;
}

StatusOr<std::vector<RankedProvider>> MatchHomeServiceOrder(store::Store& store, int64_t id,
                                                            std::string_view within) {
  std::vector<RankedProvider> ranked;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::HomeServiceOrderRow> o,
                           store::HomeServiceOrderById(r, id));
    if (!o || !Within(within, o->unit_code)) return NoSuchOrder(id);
    if (o->state != OrderStateId(OrderState::kRequested)) {
      return FailedPreconditionError("order " + std::to_string(id) + " is " + o->state +
                                     ": only a requested order is matched");
    }
    ALLEY_ASSIGN_OR_RETURN(ServiceRequest request, RequestOf(*o));
    ALLEY_ASSIGN_OR_RETURN(Pool pool, PoolFor(r, *o));
    ALLEY_ASSIGN_OR_RETURN(ranked, Rank(pool, request));
    return OkStatus();
  }));
  return ranked;
}

StatusOr<OrderDetail> ApplyOrderEvent(store::Store& store, int64_t id, const OrderChange& change,
                                      std::string_view within, const audit::Actor& actor,
                                      store::Timestamp now,
                                      std::optional<int64_t> expected_version) {
  std::optional<OrderDetail> detail;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::HomeServiceOrderRow> found,
                           store::HomeServiceOrderById(w, id));
    if (!found || !Within(within, found->unit_code)) return NoSuchOrder(id);
    store::HomeServiceOrderRow o = *std::move(found);
    if (expected_version && *expected_version != o.version) {
      return AbortedError("order " + std::to_string(id) +
                          " has changed since it was read: read it again and repeat the change");
    }
    ALLEY_ASSIGN_OR_RETURN(OrderState state, StateOf(o));
    ALLEY_ASSIGN_OR_RETURN(ServiceRequest request, RequestOf(o));
    HomeServiceOrder pure{.request = request, .state = state};
    if (o.provider_id) pure.provider_id = std::to_string(*o.provider_id);
    if (o.stars) pure.stars = o.stars;
    // The state machine first: an event the state forbids says so, whatever else is wrong.
    ALLEY_RETURN_IF_ERROR(NextOrderState(state, change.event).status());
    store::HomeServiceOrderEventRow event;
    event.order_id = id;
    event.at = Seconds(now);
    event.event = std::string(OrderEventId(change.event));
    event.from_state = o.state;
    event.actor = actor.username;
    event.note = change.note;
    std::string detail_text = "event=" + event.event;
    switch (change.event) {
      case OrderEvent::kAssign: {
        ALLEY_ASSIGN_OR_RETURN(Pool pool, PoolFor(w, o));
        int64_t chosen = change.provider_id;
        if (chosen == 0) {
          StatusOr<std::vector<RankedProvider>> ranked = Rank(pool, request);
          if (!ranked.ok()) {
            if (ranked.status().code() == StatusCode::kNotFound) {
              return FailedPreconditionError("cannot assign order " + std::to_string(id) + ": " +
                                             ranked.status().message());
            }
            return ranked.status();
          }
          chosen = ranked->front().provider.id;
        } else {
          ALLEY_ASSIGN_OR_RETURN(std::optional<store::CareProviderRow> p,
                                 store::CareProviderById(w, chosen));
          if (!p || !Within(within, p->unit_code)) return NoSuchProvider(chosen);
          if (p->community_code != o.community_code) {
            return FailedPreconditionError("provider " + std::to_string(chosen) + " serves " +
                                           p->community_code + ", not the order's community " +
                                           o.community_code);
          }
          if (!ServesOn(*p, o.service_date)) {
            return FailedPreconditionError("provider " + std::to_string(chosen) +
                                           " does not serve on " + o.service_date.ToString());
          }
          const auto it =
              std::find_if(pool.rows.begin(), pool.rows.end(),
                           [&](const store::CareProviderRow& r) { return r.id == chosen; });
          if (it == pool.rows.end()) {
            return FailedPreconditionError("provider " + std::to_string(chosen) +
                                           " does not serve the order's community on its date");
          }
          ALLEY_RETURN_IF_ERROR(
              Fits(pool.providers[static_cast<size_t>(it - pool.rows.begin())], request, chosen));
        }
        ALLEY_RETURN_IF_ERROR(AssignOrder(pure, std::to_string(chosen)));
        o.provider_id = chosen;
        event.provider_id = chosen;
        detail_text += " provider=" + std::to_string(chosen);
        break;
      }
      case OrderEvent::kStart:
        ALLEY_RETURN_IF_ERROR(StartOrder(pure));
        break;
      case OrderEvent::kFinish: {
        ALLEY_RETURN_IF_ERROR(FinishOrder(pure));
        ALLEY_ASSIGN_OR_RETURN(std::optional<store::CareProviderRow> p,
                               store::CareProviderById(w, *o.provider_id));
        if (!p) return DataLossError("order " + std::to_string(id) + " names a missing provider");
        if (p->type == "volunteer") {
          Status earned = [&]() -> Status {
            ALLEY_ASSIGN_OR_RETURN(
                LoadedTimeBank bank,
                OpenTimeBank(w, o.community_code, std::min(o.service_date, p->registered_on),
                             o.synthetic));
            ALLEY_ASSIGN_OR_RETURN(int64_t account,
                                   VolunteerAccount(w, bank, *p, o.service_date, o.synthetic));
            const size_t stored = bank.ledger.transactions().size();
            ALLEY_RETURN_IF_ERROR(bank.ledger
                                      .Earn(account, o.end_min - o.start_min, o.service_date,
                                            EarnReference(id), "home service " + o.kind)
                                      .status());
            ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> rows,
                                   StorePosted(w, bank, stored, actor, now, o.synthetic));
            o.earn_transaction_id = rows.front().id;
            audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
            a.object = "timebank_transaction";
            const int64_t ids[] = {rows.front().id};
            a.records = audit::RecordIds(ids);
            a.detail = "unit=" + o.community_code +
                       " number=" + std::to_string(rows.front().number) +
                       " kind=earn minutes=" + std::to_string(o.end_min - o.start_min) +
                       " order=" + std::to_string(id);
            return audit::Append(w, a, now).status();
          }();
          if (!earned.ok()) {
            if (earned.code() == StatusCode::kDataLoss) return earned;
            return FailedPreconditionError("the time bank refuses the volunteer's hours: " +
                                           earned.message());
          }
          detail_text += " earned=" + std::to_string(o.end_min - o.start_min);
        }
        break;
      }
      case OrderEvent::kRate:
        if (change.stars < kMinStars || change.stars > kMaxStars) {
          return FieldError("stars", std::to_string(change.stars) + " is outside 1..5");
        }
        ALLEY_RETURN_IF_ERROR(RateOrder(pure, change.stars));
        o.stars = change.stars;
        event.stars = change.stars;
        detail_text += " stars=" + std::to_string(change.stars);
        break;
      case OrderEvent::kCancel:
        if (CharCount(Trim(change.note)) < kMinCancelReason) {
          return FieldError("reason", "say why the order is cancelled");
        }
        ALLEY_RETURN_IF_ERROR(CancelOrder(pure));
        break;
    }
    o.state = std::string(OrderStateId(pure.state));
    o.updated_at = Seconds(now);
    event.to_state = o.state;
    ALLEY_RETURN_IF_ERROR(store::UpdateHomeServiceOrder(w, o));
    ALLEY_RETURN_IF_ERROR(store::AppendHomeServiceOrderEvent(w, event).status());
    ALLEY_RETURN_IF_ERROR(
        audit::Append(w, OrderRecord(actor, audit::kUpdate, id, detail_text), now).status());
    ALLEY_ASSIGN_OR_RETURN(detail, DetailOf(w, id));
    return OkStatus();
  }));
  return *std::move(detail);
}

StatusOr<std::vector<int64_t>> RecordHomeServiceHistory(store::Writer& w,
                                                        std::span<const OrderHistory> orders,
                                                        std::string_view within,
                                                        const audit::Actor& actor,
                                                        store::Timestamp now) {
  std::vector<int64_t> ids;
  if (orders.empty()) return ids;
  std::vector<store::HomeServiceOrderRow> rows;
  std::vector<std::vector<store::HomeServiceOrderEventRow>> events;
  rows.reserve(orders.size());
  events.reserve(orders.size());
  // The community's providers, and the slots each holds, by day.
  std::map<int64_t, store::CareProviderRow> providers;
  std::map<int64_t, std::map<int64_t, std::vector<TimeSlot>>> held;
  std::vector<size_t> volunteer_finished;  // indices of orders a volunteer finished
  std::string community;
  for (size_t i = 0; i < orders.size(); ++i) {
    const OrderHistory& h = orders[i];
    Status s = [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderRow o,
                             PrepareOrder(w, h.input, within, h.requested_at, actor.username));
      if (community.empty()) {
        community = o.community_code;
        store::CareProviderQuery q;
        q.subtree_code = community;
        q.limit = kAllProviders;
        ALLEY_ASSIGN_OR_RETURN(store::CareProviderPage page, store::ListCareProviders(w, q));
        for (store::CareProviderRow& p : page.items) {
          if (p.community_code == community) providers.emplace(p.id, std::move(p));
        }
      } else if (o.community_code != community) {
        return FieldError("resident", "the orders of one batch are of one community (" + community +
                                          "), not " + o.community_code);
      }
      ALLEY_ASSIGN_OR_RETURN(ServiceRequest request, RequestOf(o));
      HomeServiceOrder pure{.request = request};
      std::vector<store::HomeServiceOrderEventRow> trail;
      trail.push_back(
          {.at = o.requested_at, .event = "request", .to_state = o.state, .actor = actor.username});
      for (const OrderHistory::Step& step : h.steps) {
        store::HomeServiceOrderEventRow e;
        e.at = Seconds(step.at);
        e.event = std::string(OrderEventId(step.change.event));
        e.from_state = std::string(OrderStateId(pure.state));
        e.actor = actor.username;
        e.note = step.change.note;
        ALLEY_RETURN_IF_ERROR(NextOrderState(pure.state, step.change.event).status());
        switch (step.change.event) {
          case OrderEvent::kAssign: {
            auto it = providers.find(step.change.provider_id);
            if (it == providers.end()) {
              return FieldError("provider", "no provider " +
                                                std::to_string(step.change.provider_id) +
                                                " serves " + community);
            }
            if (!ServesOn(it->second, o.service_date)) {
              return FailedPreconditionError("provider " + std::to_string(it->first) +
                                             " does not serve on " + o.service_date.ToString());
            }
            std::vector<TimeSlot>& day = held[it->first][o.service_date.days()];
            ALLEY_ASSIGN_OR_RETURN(Provider p, ProviderOf(it->second, day));
            ALLEY_RETURN_IF_ERROR(Fits(p, request, it->first));
            ALLEY_RETURN_IF_ERROR(AssignOrder(pure, std::to_string(it->first)));
            day.push_back(request.slot);
            o.provider_id = it->first;
            e.provider_id = it->first;
            break;
          }
          case OrderEvent::kStart:
            ALLEY_RETURN_IF_ERROR(StartOrder(pure));
            break;
          case OrderEvent::kFinish:
            ALLEY_RETURN_IF_ERROR(FinishOrder(pure));
            if (providers.at(*o.provider_id).type == "volunteer") volunteer_finished.push_back(i);
            break;
          case OrderEvent::kRate:
            ALLEY_RETURN_IF_ERROR(RateOrder(pure, step.change.stars));
            o.stars = step.change.stars;
            e.stars = step.change.stars;
            break;
          case OrderEvent::kCancel: {
            if (CharCount(Trim(step.change.note)) < kMinCancelReason) {
              return FieldError("reason", "say why the order is cancelled");
            }
            ALLEY_RETURN_IF_ERROR(CancelOrder(pure));
            if (o.provider_id) {  // the slot is free again
              std::vector<TimeSlot>& day = held[*o.provider_id][o.service_date.days()];
              for (auto slot = day.begin(); slot != day.end(); ++slot) {
                if (slot->start_min == o.start_min && slot->end_min == o.end_min) {
                  day.erase(slot);
                  break;
                }
              }
            }
            break;
          }
        }
        e.to_state = std::string(OrderStateId(pure.state));
        o.updated_at = e.at;
        trail.push_back(std::move(e));
      }
      o.state = std::string(OrderStateId(pure.state));
      rows.push_back(std::move(o));
      events.push_back(std::move(trail));
      return OkStatus();
    }();
    if (!s.ok()) return s.WithContext("order " + std::to_string(i));
  }
  ALLEY_RETURN_IF_ERROR(store::InsertHomeServiceOrders(w, rows, events));
  for (const store::HomeServiceOrderRow& o : rows) ids.push_back(o.id);
  if (!volunteer_finished.empty()) {
    core::Date first = rows[volunteer_finished.front()].service_date;
    for (size_t i : volunteer_finished) first = std::min(first, rows[i].service_date);
    for (size_t i : volunteer_finished) {
      first = std::min(first, providers.at(*rows[i].provider_id).registered_on);
    }
    ALLEY_ASSIGN_OR_RETURN(LoadedTimeBank bank,
                           OpenTimeBank(w, community, first, rows.front().synthetic));
    const size_t stored = bank.ledger.transactions().size();
    for (size_t i : volunteer_finished) {
      const store::HomeServiceOrderRow& o = rows[i];
      Status s = [&]() -> Status {
        ALLEY_ASSIGN_OR_RETURN(
            int64_t account,
            VolunteerAccount(w, bank, providers.at(*o.provider_id), o.service_date, o.synthetic));
        return bank.ledger
            .Earn(account, o.end_min - o.start_min, o.service_date, EarnReference(o.id),
                  "home service " + o.kind)
            .status();
      }();
      if (!s.ok()) {
        return FailedPreconditionError(
            "order " + std::to_string(i) +
            ": the time bank refuses the volunteer's hours: " + s.message());
      }
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::TimeBankTransactionRow> earned,
                           StorePosted(w, bank, stored, actor, now, rows.front().synthetic));
    for (size_t k = 0; k < earned.size(); ++k) {
      ALLEY_RETURN_IF_ERROR(
          store::LinkOrderEarning(w, rows[volunteer_finished[k]].id, earned[k].id));
    }
    audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
    a.object = "timebank_transaction";
    a.records = audit::RecordCount(static_cast<int64_t>(earned.size()));
    a.detail = "unit=" + community + " batch of home-service earnings";
    ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  }
  audit::AuditRecord a = audit::RecordBy(actor, audit::kCreate);
  a.object = std::string(kOrderObject);
  a.records = audit::RecordCount(static_cast<int64_t>(rows.size()));
  a.detail = "unit=" + community + " batch" + (rows.front().synthetic ? " synthetic" : "");
  ALLEY_RETURN_IF_ERROR(audit::Append(w, a, now).status());
  return ids;
}

StatusOr<std::vector<int64_t>> RecordHomeServiceHistory(store::Store& store,
                                                        std::span<const OrderHistory> orders,
                                                        std::string_view within,
                                                        const audit::Actor& actor,
                                                        store::Timestamp now) {
  std::vector<int64_t> ids;
  if (orders.empty()) return ids;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(ids, RecordHomeServiceHistory(w, orders, within, actor, now));
    return OkStatus();
  }));
  return ids;
}

}  // namespace alley::services
