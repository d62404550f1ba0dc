#include "services/canteen_service.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/csv.h"
#include "core/division.h"
#include "registry/audit.h"
#include "registry/files.h"
#include "registry/residents.h"
#include "services/programmes.h"

namespace alley::services {

namespace {

namespace audit = registry::audit;

constexpr std::array<std::string_view, 5> kCostKinds = {store::kCostFoodPerMeal, store::kCostStaff,
                                                        store::kCostRent, store::kCostUtilities,
                                                        store::kCostOther};

constexpr std::string_view kCanteenType = "senior_canteen";

// Audit records name the rows when there are few, else count them, so that
// an import of a year of meals does not make one huge record.
constexpr size_t kMaxAuditedIds = 1000;

std::string RecordsOf(const std::vector<int64_t>& ids) {
  if (ids.size() > kMaxAuditedIds) return audit::RecordCount(static_cast<int64_t>(ids.size()));
  return audit::RecordIds(ids);
}

Status FieldError(std::string_view field, std::string_view reason) {
  return InvalidArgumentError("field " + std::string(field) + ": " + std::string(reason));
}

Status CheckText(std::string_view field, std::string_view text, bool required) {
  if (required && text.empty()) return FieldError(field, "is required");
  if (text.size() > kMaxCanteenTextBytes) {
    return FieldError(field, "is " + std::to_string(text.size()) + " bytes, at most " +
                                 std::to_string(kMaxCanteenTextBytes));
  }
  if (!core::IsValidUtf8(text)) return FieldError(field, "is not valid UTF-8");
  return OkStatus();
}

Status CheckFen(std::string_view field, Fen amount) {
  if (amount < 0 || amount > kMaxAmountFen) {
    return FieldError(
        field, "must be 0.." + FormatYuan(kMaxAmountFen) + " yuan, got " + FormatYuan(amount));
  }
  return OkStatus();
}

Status CheckGroupId(std::string_view id) {
  if (id.empty()) return FieldError("id", "is required");
  if (id.size() > kMaxDinerGroupIdBytes) {
    return FieldError("id",
                      "is longer than " + std::to_string(kMaxDinerGroupIdBytes) + " characters");
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return FieldError(
          "id", "\"" + std::string(id) + "\" may hold only a-z, 0-9 and _ (e.g. elderly_80)");
    }
  }
  return OkStatus();
}

// The community of a canteen's unit: the unit itself above community level.
StatusOr<std::string> CommunityCodeOf(store::Reader& r, std::string_view unit_code) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
  if (!unit) return DataLossError("the unit " + std::string(unit_code) + " of a canteen is gone");
  store::UnitRow at = *std::move(unit);
  while (at.level > core::UnitLevel::kCommunity) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> parent, r.FindUnit(at.parent_code));
    if (!parent) return DataLossError("unit " + at.code + " has no parent");
    at = *std::move(parent);
  }
  return at.code;
}

struct Canteen {
  store::FacilityRow facility;
  std::string community_code;
};

// The open senior canteen `id` inside `within`.
StatusOr<Canteen> LoadCanteen(store::Reader& r, int64_t id, std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> f, r.FacilityById(id));
  if (!f || f->closed_on.has_value() || !core::IsCodePrefixAncestor(within, f->unit_code)) {
    return NotFoundError("no canteen " + std::to_string(id));
  }
  if (f->type != kCanteenType) {
    return FailedPreconditionError("facility " + std::to_string(id) + " (" + f->name + ") is a " +
                                   f->type + ", not a senior_canteen");
  }
  Canteen c;
  ALLEY_ASSIGN_OR_RETURN(c.community_code, CommunityCodeOf(r, f->unit_code));
  c.facility = *std::move(f);
  return c;
}

StatusOr<Canteen> ReadCanteen(store::Store& store, int64_t id, std::string_view within) {
  Canteen c;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(c, LoadCanteen(r, id, within));
    return OkStatus();
  }));
  return c;
}

int64_t Seconds(store::Timestamp t) { return t.time_since_epoch().count(); }

// Names the field of entry `i` in an error: "field counts[3].group" for the
// API, "meals.csv:4: column group" for a file.
using EntryLabel = std::function<std::string(size_t i, std::string_view field)>;

Status EntryError(const EntryLabel& label, size_t i, std::string_view field, StatusCode code,
                  std::string_view reason) {
  return Status(code, label(i, field) + ": " + std::string(reason));
}

// The group settings of a canteen, all versions, to find the one in force on
// a meal's date.
class GroupHistory {
 public:
  explicit GroupHistory(std::vector<store::CanteenGroupRow> versions)
      : versions_(std::move(versions)) {}

  // The version of `key` in force on `on`, or nullptr.
  const store::CanteenGroupRow* On(std::string_view key, core::Date on) const {
    const store::CanteenGroupRow* found = nullptr;
    for (const store::CanteenGroupRow& g : versions_) {
      if (g.group_key == key && g.valid_from <= on &&
          (found == nullptr || g.valid_from > found->valid_from)) {
        found = &g;
      }
    }
    return found;
  }

  std::string Keys() const {
    std::set<std::string> keys;
    for (const store::CanteenGroupRow& g : versions_) keys.insert(g.group_key);
    std::string out;
    for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out.empty() ? "none yet: set one with `alley canteen group set`" : out;
  }

 private:
  std::vector<store::CanteenGroupRow> versions_;
};

// Checks every entry and makes the rows to store.
StatusOr<std::vector<store::CanteenMealRow>> CheckMeals(store::Store& store, const Canteen& canteen,
                                                        std::span<const MealEntry> entries,
                                                        core::Date today, std::string_view within,
                                                        store::Timestamp now,
                                                        const EntryLabel& label) {
  if (entries.empty()) return FieldError("meals", "no meal counts given");
  if (entries.size() > kMaxMealEntries) {
    return FieldError("meals", std::to_string(entries.size()) + " meal counts, at most " +
                                   std::to_string(kMaxMealEntries) + " at once");
  }
  std::vector<store::CanteenGroupRow> versions;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(versions, store::CanteenGroupHistory(r, canteen.facility.id));
    return OkStatus();
  }));
  const GroupHistory groups(std::move(versions));
  // Residents already checked, by (id, date): a file names the same people every day.
  std::set<std::pair<int64_t, int64_t>> residents_ok;
  std::vector<store::CanteenMealRow> rows;
  rows.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const MealEntry& e = entries[i];
    if (e.date > today) {
      return EntryError(label, i, "date", StatusCode::kInvalidArgument,
                        e.date.ToString() + " is in the future: meals are recorded once served");
    }
    const store::CanteenGroupRow* group = groups.On(e.group, e.date);
    if (group == nullptr) {
      return EntryError(label, i, "group", StatusCode::kInvalidArgument,
                        "no diner group \"" + e.group + "\" on " + e.date.ToString() +
                            " (groups: " + groups.Keys() + ")");
    }
    if (e.meals < 0 || e.meals > kMaxMealsPerCount) {
      return EntryError(
          label, i, "meals", StatusCode::kInvalidArgument,
          "must be 0.." + std::to_string(kMaxMealsPerCount) + ", got " + std::to_string(e.meals));
    }
    if (e.resident_id) {
      if (*e.resident_id <= 0) {
        return EntryError(label, i, "resident_id", StatusCode::kInvalidArgument,
                          "must be a positive id, got " + std::to_string(*e.resident_id));
      }
      if (!residents_ok.contains({*e.resident_id, e.date.days()})) {
        StatusOr<registry::ResidentDetail> resident =
            registry::GetResidentById(store, *e.resident_id, e.date, within);
        if (!resident.ok()) {
          return EntryError(label, i, "resident_id", resident.status().code(),
                            resident.status().message() + " on " + e.date.ToString());
        }
        const registry::ResidentItem& who = resident->resident;
        if (who.status != "active") {
          return EntryError(label, i, "resident_id", StatusCode::kFailedPrecondition,
                            "resident " + std::to_string(who.id) + " is " + who.status + " on " +
                                e.date.ToString());
        }
        const int age = core::AgeOn(who.birth_date, e.date);
        if (age < kElderlyAge) {
          return EntryError(label, i, "resident_id", StatusCode::kFailedPrecondition,
                            "meals are recorded per person for residents aged " +
                                std::to_string(kElderlyAge) + " or more; resident " +
                                std::to_string(who.id) + " is " + std::to_string(age) + " on " +
                                e.date.ToString());
        }
        residents_ok.insert({*e.resident_id, e.date.days()});
      }
      if (!group->eligible_elderly) {
        return EntryError(label, i, "group", StatusCode::kFailedPrecondition,
                          "a meal served to a resident must be in an eligible elderly group; \"" +
                              e.group + "\" is not one");
      }
    }
    store::CanteenMealRow row;
    row.facility_id = canteen.facility.id;
    row.community_code = canteen.community_code;
    row.date = e.date;
    row.group_key = e.group;
    row.meals = e.meals;
    row.resident_id = e.resident_id;
    row.recorded_at = Seconds(now);
    rows.push_back(std::move(row));
  }
  return rows;
}

Status StoreMeals(store::Store& store, const Canteen& canteen,
                  std::vector<store::CanteenMealRow>& rows, const audit::Actor& actor,
                  store::Timestamp now, std::string detail) {
  return store.Write([&](store::Writer& w) -> Status {
    // The canteen could have been closed or moved since the rows were checked.
    ALLEY_RETURN_IF_ERROR(LoadCanteen(w, canteen.facility.id, core::kNationCode).status());
    ALLEY_RETURN_IF_ERROR(store::InsertCanteenMeals(w, rows));
    std::vector<int64_t> ids;
    ids.reserve(rows.size());
    for (const store::CanteenMealRow& m : rows) ids.push_back(m.id);
    audit::AuditRecord record = audit::RecordBy(actor, audit::kCreate);
    record.object = "canteen_meal";
    record.records = RecordsOf(ids);
    record.detail = std::move(detail);
    return audit::Append(w, record, now).status();
  });
}

std::string FacilityDetail(const Canteen& canteen) {
  return "facility=" + std::to_string(canteen.facility.id);
}

// The rules of a diner group's setting (SetDinerGroup's).
Status CheckDinerGroup(const DinerGroupSetting& s) {
  ALLEY_RETURN_IF_ERROR(CheckGroupId(s.id));
  ALLEY_RETURN_IF_ERROR(CheckText("name", s.name, false));
  ALLEY_RETURN_IF_ERROR(CheckFen("price", s.price));
  std::set<std::string> payers;
  for (size_t i = 0; i < s.subsidies.size(); ++i) {
    const std::string at = "subsidies[" + std::to_string(i) + "]";
    ALLEY_RETURN_IF_ERROR(CheckText(at + ".payer", s.subsidies[i].payer, true));
    if (!payers.insert(s.subsidies[i].payer).second) {
      return FieldError(at + ".payer", "\"" + s.subsidies[i].payer + "\" is named twice");
    }
    ALLEY_RETURN_IF_ERROR(CheckFen(at + ".per_meal", s.subsidies[i].per_meal));
  }
  return OkStatus();
}

store::CanteenGroupRow GroupRowOf(const Canteen& canteen, const DinerGroupSetting& s) {
  store::CanteenGroupRow row;
  row.facility_id = canteen.facility.id;
  row.community_code = canteen.community_code;
  row.group_key = s.id;
  row.valid_from = s.valid_from;
  row.name = s.name;
  row.eligible_elderly = s.eligible_elderly;
  row.price_fen = s.price;
  for (const PerMealSubsidy& p : s.subsidies) row.subsidies.push_back({p.payer, p.per_meal});
  std::sort(row.subsidies.begin(), row.subsidies.end(),
            [](const auto& a, const auto& b) { return a.payer < b.payer; });
  return row;
}

Status CheckCostKind(std::string_view kind) {
  if (std::find(kCostKinds.begin(), kCostKinds.end(), kind) == kCostKinds.end()) {
    return FieldError("kind", "\"" + std::string(kind) +
                                  "\" is not one of food_per_meal, staff, rent, utilities, other");
  }
  return OkStatus();
}

}  // namespace

std::span<const std::string_view> CanteenCostKinds() { return kCostKinds; }

StatusOr<store::CanteenGroupRow> SetDinerGroup(store::Store& store, int64_t facility_id,
                                               const DinerGroupSetting& s, std::string_view within,
                                               const audit::Actor& actor, store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(CheckDinerGroup(s));
  store::CanteenGroupRow row;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Canteen canteen, LoadCanteen(w, facility_id, within));
    row = GroupRowOf(canteen, s);
    ALLEY_ASSIGN_OR_RETURN(row.id, store::SaveCanteenGroup(w, row));
    audit::AuditRecord record = audit::RecordBy(actor, audit::kUpdate);
    record.object = "canteen_group";
    record.records = audit::RecordIds(std::vector<int64_t>{row.id});
    record.detail = FacilityDetail(canteen) + " group=" + s.id + " from=" + s.valid_from.ToString();
    return audit::Append(w, record, now).status();
  }));
  return row;
}

StatusOr<std::vector<store::CanteenGroupRow>> DinerGroupsOn(store::Store& store,
                                                            int64_t facility_id, core::Date on,
                                                            std::string_view within) {
  std::vector<store::CanteenGroupRow> groups;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_RETURN_IF_ERROR(LoadCanteen(r, facility_id, within).status());
    ALLEY_ASSIGN_OR_RETURN(groups, store::CanteenGroupsOn(r, facility_id, on));
    return OkStatus();
  }));
  return groups;
}

StatusOr<std::vector<store::CanteenMealRow>> RecordMeals(store::Store& store, int64_t facility_id,
                                                         std::span<const MealEntry> entries,
                                                         core::Date today, std::string_view within,
                                                         const audit::Actor& actor,
                                                         store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(Canteen canteen, ReadCanteen(store, facility_id, within));
  const EntryLabel label = [](size_t i, std::string_view field) {
    return "field counts[" + std::to_string(i) + "]." + std::string(field);
  };
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::CanteenMealRow> rows,
                         CheckMeals(store, canteen, entries, today, within, now, label));
  ALLEY_RETURN_IF_ERROR(StoreMeals(store, canteen, rows, actor, now, FacilityDetail(canteen)));
  return rows;
}

StatusOr<MealImport> ImportMealsCsv(store::Store& store, int64_t facility_id,
                                    std::string_view file_name, std::string_view csv_text,
                                    core::Date today, std::string_view within,
                                    const audit::Actor& actor, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(Canteen canteen, ReadCanteen(store, facility_id, within));
  const std::string file(file_name);
  core::CsvReader reader(csv_text);
  core::CsvRecord record;
  StatusOr<bool> has_header = reader.Next(&record);
  if (!has_header.ok()) return registry::AtFile(file, has_header.status());
  if (!*has_header) return InvalidArgumentError(file + ": the file is empty");
  static constexpr std::string_view kRequired[] = {"date", "group", "meals"};
  static constexpr std::string_view kOptional[] = {"resident_id"};
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, kRequired, kOptional);
  if (!header.ok()) return registry::AtFile(file, header.status());

  std::vector<MealEntry> entries;
  std::vector<int64_t> lines;
  auto at = [&](int64_t line, std::string_view column) {
    return file + ":" + std::to_string(line) + ": column " + std::string(column);
  };
  auto integer = [](std::string_view text, int64_t& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
  };
  while (true) {
    StatusOr<bool> next = reader.Next(&record);
    if (!next.ok()) return registry::AtFile(file, next.status());
    if (!*next) break;
    if (Status w = header->CheckWidth(record); !w.ok()) return registry::AtFile(file, w);
    MealEntry e;
    const std::string_view date = header->Get(record, "date");
    StatusOr<core::Date> parsed = core::Date::Parse(date);
    if (!parsed.ok()) {
      return InvalidArgumentError(at(record.line, "date") + ": " + parsed.status().message());
    }
    e.date = *parsed;
    e.group = std::string(header->Get(record, "group"));
    if (!integer(header->Get(record, "meals"), e.meals)) {
      return InvalidArgumentError(at(record.line, "meals") + ": \"" +
                                  std::string(header->Get(record, "meals")) +
                                  "\" is not a whole number");
    }
    const std::string_view resident = header->Get(record, "resident_id");
    if (!resident.empty()) {
      int64_t id = 0;
      if (!integer(resident, id)) {
        return InvalidArgumentError(at(record.line, "resident_id") + ": \"" +
                                    std::string(resident) + "\" is not a resident id");
      }
      e.resident_id = id;
    }
    entries.push_back(std::move(e));
    lines.push_back(record.line);
  }
  if (entries.empty()) return InvalidArgumentError(file + ": no meal counts after the header");
  const EntryLabel label = [&](size_t i, std::string_view field) { return at(lines[i], field); };
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::CanteenMealRow> rows,
                         CheckMeals(store, canteen, entries, today, within, now, label));
  ALLEY_RETURN_IF_ERROR(
      StoreMeals(store, canteen, rows, actor, now, FacilityDetail(canteen) + " file=" + file));
  MealImport report;
  report.rows = static_cast<int64_t>(rows.size());
  for (const store::CanteenMealRow& m : rows) report.meals += m.meals;
  return report;
}

StatusOr<store::CanteenCostRow> RecordCost(store::Store& store, int64_t facility_id,
                                           const CostEntry& cost, std::string_view within,
                                           const audit::Actor& actor, store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(CheckCostKind(cost.kind));
  ALLEY_RETURN_IF_ERROR(CheckFen("amount", cost.amount));
  ALLEY_RETURN_IF_ERROR(CheckText("note", cost.note, false));
  std::vector<store::CanteenCostRow> rows(1);
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Canteen canteen, LoadCanteen(w, facility_id, within));
    store::CanteenCostRow& row = rows[0];
    row.facility_id = facility_id;
    row.community_code = canteen.community_code;
    row.date = cost.date;
    row.kind = cost.kind;
    row.amount_fen = cost.amount;
    row.note = cost.note;
    row.recorded_at = Seconds(now);
    ALLEY_RETURN_IF_ERROR(store::InsertCanteenCosts(w, rows));
    audit::AuditRecord record = audit::RecordBy(actor, audit::kCreate);
    record.object = "canteen_cost";
    record.records = audit::RecordIds(std::vector<int64_t>{row.id});
    record.detail = FacilityDetail(canteen);
    return audit::Append(w, record, now).status();
  }));
  return rows[0];
}

StatusOr<store::CanteenSubsidyRow> RecordLumpSumSubsidy(store::Store& store, int64_t facility_id,
                                                        const LumpSumEntry& subsidy,
                                                        std::string_view within,
                                                        const audit::Actor& actor,
                                                        store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(CheckText("payer", subsidy.payer, true));
  ALLEY_RETURN_IF_ERROR(CheckFen("amount", subsidy.amount));
  ALLEY_RETURN_IF_ERROR(CheckText("purpose", subsidy.purpose, false));
  std::vector<store::CanteenSubsidyRow> rows(1);
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Canteen canteen, LoadCanteen(w, facility_id, within));
    store::CanteenSubsidyRow& row = rows[0];
    row.facility_id = facility_id;
    row.community_code = canteen.community_code;
    row.date = subsidy.date;
    row.payer = subsidy.payer;
    row.amount_fen = subsidy.amount;
    row.purpose = subsidy.purpose;
    row.recorded_at = Seconds(now);
    ALLEY_RETURN_IF_ERROR(store::InsertCanteenSubsidies(w, rows));
    audit::AuditRecord record = audit::RecordBy(actor, audit::kCreate);
    record.object = "canteen_subsidy";
    record.records = audit::RecordIds(std::vector<int64_t>{row.id});
    record.detail = FacilityDetail(canteen);
    return audit::Append(w, record, now).status();
  }));
  return rows[0];
}

StatusOr<CanteenFinances> CanteenFinancesFor(store::Store& store, int64_t facility_id,
                                             core::Date from, core::Date to,
                                             std::string_view within) {
  if (to < from) {
    return FieldError("to", to.ToString() + " is before from " + from.ToString());
  }
  CanteenFinances f;
  CanteenPeriod& p = f.period;
  p.from = from;
  p.to = to;
  std::vector<store::CanteenGroupRow> history;
  std::vector<store::CanteenMealRow> meals;
  std::vector<store::CanteenCostRow> costs;
  std::vector<store::CanteenSubsidyRow> lump_sums;
  std::optional<store::CanteenCostRow> food;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Canteen canteen, LoadCanteen(r, facility_id, within));
    f.facility = std::move(canteen.facility);
    ALLEY_ASSIGN_OR_RETURN(f.groups, store::CanteenGroupsOn(r, facility_id, to));
    ALLEY_ASSIGN_OR_RETURN(history, store::CanteenGroupHistory(r, facility_id));
    ALLEY_ASSIGN_OR_RETURN(meals, store::CanteenMealTotals(r, facility_id, from, to));
    ALLEY_ASSIGN_OR_RETURN(costs, store::CanteenCosts(r, facility_id, from, to));
    ALLEY_ASSIGN_OR_RETURN(lump_sums, store::CanteenSubsidies(r, facility_id, from, to));
    ALLEY_ASSIGN_OR_RETURN(food,
                           store::LatestCanteenCost(r, facility_id, store::kCostFoodPerMeal, to));
    return OkStatus();
  }));

  std::set<std::string> known;
  for (const store::CanteenGroupRow& g : f.groups) {
    known.insert(g.group_key);
    p.groups.push_back({.id = g.group_key,
                        .name = g.name,
                        .eligible_elderly = g.eligible_elderly,
                        .price = g.price_fen});
    for (const store::CanteenGroupSubsidyRow& s : g.subsidies) {
      p.per_meal_subsidies.push_back(
          {.group = g.group_key, .payer = s.payer, .per_meal = s.per_meal_fen});
    }
  }
  for (const store::CanteenMealRow& m : meals) {
    if (!known.contains(m.group_key)) {
      return FailedPreconditionError("meals of group \"" + m.group_key + "\" were served on " +
                                     m.date.ToString() + ", but the group has no setting on " +
                                     to.ToString());
    }
    p.meals.push_back({.date = m.date, .group = m.group_key, .meals = m.meals});
  }
  for (const store::CanteenSubsidyRow& s : lump_sums) {
    p.lump_sum_subsidies.push_back(
        {.payer = s.payer, .amount = s.amount_fen, .purpose = s.purpose});
  }
  CanteenCosts& c = p.costs;
  if (food) c.food_per_meal = food->amount_fen;
  // The sums of dated amounts; CanteenReportFor bounds each input, so the
  // sums are checked here.
  auto add = [](Fen& total, Fen amount) -> Status {
    if (__builtin_add_overflow(total, amount, &total) || total > kMaxAmountFen) {
      return OutOfRangeError("the costs of the period add up to more than " +
                             FormatYuan(kMaxAmountFen) + " yuan");
    }
    return OkStatus();
  };
  for (const store::CanteenCostRow& cost : costs) {
    if (cost.kind == store::kCostFoodPerMeal) {
      if (cost.date > from) f.settings_changed.push_back({cost.date, "food_per_meal"});
    } else if (cost.kind == store::kCostStaff) {
      ALLEY_RETURN_IF_ERROR(add(c.staff, cost.amount_fen));
    } else if (cost.kind == store::kCostRent) {
      ALLEY_RETURN_IF_ERROR(add(c.rent, cost.amount_fen));
    } else if (cost.kind == store::kCostUtilities) {
      ALLEY_RETURN_IF_ERROR(add(c.utilities, cost.amount_fen));
    } else {
      ALLEY_RETURN_IF_ERROR(add(c.other, cost.amount_fen));
    }
  }
  for (const store::CanteenGroupRow& g : history) {
    if (g.valid_from > from && g.valid_from <= to) {
      f.settings_changed.push_back({g.valid_from, "group " + g.group_key});
    }
  }
  std::stable_sort(f.settings_changed.begin(), f.settings_changed.end(),
                   [](const SettingChange& a, const SettingChange& b) { return a.date < b.date; });
  ALLEY_ASSIGN_OR_RETURN(f.report, CanteenReportFor(p));
  return f;
}

Status RecordCanteenHistory(store::Writer& w, int64_t facility_id, const CanteenHistory& history,
                            core::Date today, bool synthetic, std::string_view within,
                            const audit::Actor& actor, store::Timestamp now) {
  ALLEY_ASSIGN_OR_RETURN(Canteen canteen, LoadCanteen(w, facility_id, within));
  auto at = [](std::string_view list, size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
  };
  // The groups: the stored versions and the batch's, to find the one in force on a meal's date.
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::CanteenGroupRow> versions,
                         store::CanteenGroupHistory(w, facility_id));
  std::vector<store::CanteenGroupRow> group_rows;
  for (size_t i = 0; i < history.groups.size(); ++i) {
    ALLEY_RETURN_IF_ERROR(CheckDinerGroup(history.groups[i]).WithContext(at("groups", i)));
    group_rows.push_back(GroupRowOf(canteen, history.groups[i]));
    group_rows.back().synthetic = synthetic;
    versions.push_back(group_rows.back());
  }
  const GroupHistory groups(std::move(versions));
  const EntryLabel label = [](size_t i, std::string_view field) {
    return "field meals[" + std::to_string(i) + "]." + std::string(field);
  };
  std::vector<store::CanteenMealRow> meals;
  meals.reserve(history.meals.size());
  for (size_t i = 0; i < history.meals.size(); ++i) {
    const MealEntry& e = history.meals[i];
    if (e.date > today) {
      return EntryError(label, i, "date", StatusCode::kInvalidArgument,
                        e.date.ToString() + " is in the future: meals are recorded once served");
    }
    if (groups.On(e.group, e.date) == nullptr) {
      return EntryError(label, i, "group", StatusCode::kInvalidArgument,
                        "no diner group \"" + e.group + "\" on " + e.date.ToString() +
                            " (groups: " + groups.Keys() + ")");
    }
    if (e.meals < 0 || e.meals > kMaxMealsPerCount) {
      return EntryError(
          label, i, "meals", StatusCode::kInvalidArgument,
          "must be 0.." + std::to_string(kMaxMealsPerCount) + ", got " + std::to_string(e.meals));
    }
    if (e.resident_id) {
      return EntryError(label, i, "resident_id", StatusCode::kInvalidArgument,
                        "meals served to a named resident are recorded with RecordMeals, which "
                        "checks them against the ledger");
    }
    store::CanteenMealRow row;
    row.facility_id = facility_id;
    row.community_code = canteen.community_code;
    row.date = e.date;
    row.group_key = e.group;
    row.meals = e.meals;
    row.recorded_at = Seconds(now);
    row.synthetic = synthetic;
    meals.push_back(std::move(row));
  }
  std::vector<store::CanteenCostRow> costs;
  for (size_t i = 0; i < history.costs.size(); ++i) {
    const CostEntry& c = history.costs[i];
    Status valid = CheckCostKind(c.kind);
    if (valid.ok()) valid = CheckFen("amount", c.amount);
    if (valid.ok()) valid = CheckText("note", c.note, false);
    ALLEY_RETURN_IF_ERROR(valid.WithContext(at("costs", i)));
    store::CanteenCostRow row;
    row.facility_id = facility_id;
    row.community_code = canteen.community_code;
    row.date = c.date;
    row.kind = c.kind;
    row.amount_fen = c.amount;
    row.note = c.note;
    row.recorded_at = Seconds(now);
    row.synthetic = synthetic;
    costs.push_back(std::move(row));
  }
  std::vector<store::CanteenSubsidyRow> subsidies;
  for (size_t i = 0; i < history.lump_sums.size(); ++i) {
    const LumpSumEntry& l = history.lump_sums[i];
    Status valid = CheckText("payer", l.payer, true);
    if (valid.ok()) valid = CheckFen("amount", l.amount);
    if (valid.ok()) valid = CheckText("purpose", l.purpose, false);
    ALLEY_RETURN_IF_ERROR(valid.WithContext(at("lump_sums", i)));
    store::CanteenSubsidyRow row;
    row.facility_id = facility_id;
    row.community_code = canteen.community_code;
    row.date = l.date;
    row.payer = l.payer;
    row.amount_fen = l.amount;
    row.purpose = l.purpose;
    row.recorded_at = Seconds(now);
    row.synthetic = synthetic;
    subsidies.push_back(std::move(row));
  }
  for (store::CanteenGroupRow& row : group_rows) {
    ALLEY_ASSIGN_OR_RETURN(row.id, store::SaveCanteenGroup(w, row));
  }
  ALLEY_RETURN_IF_ERROR(store::InsertCanteenMeals(w, meals));
  ALLEY_RETURN_IF_ERROR(store::InsertCanteenCosts(w, costs));
  ALLEY_RETURN_IF_ERROR(store::InsertCanteenSubsidies(w, subsidies));
  audit::AuditRecord record = audit::RecordBy(actor, audit::kCreate);
  record.object = "canteen_meal";
  record.records = audit::RecordCount(static_cast<int64_t>(meals.size()));
  record.detail = FacilityDetail(canteen) + " batch groups=" + std::to_string(group_rows.size()) +
                  " costs=" + std::to_string(costs.size()) +
                  " subsidies=" + std::to_string(subsidies.size()) +
                  (synthetic ? " synthetic" : "");
  return audit::Append(w, record, now).status();
}

}  // namespace alley::services
