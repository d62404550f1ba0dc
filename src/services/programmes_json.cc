#include "services/programmes_json.h"

#include "registry/vocabulary.h"
#include "services/programmes.h"

namespace alley::services {

namespace {

nlohmann::json DateOrNull(const std::optional<core::Date>& d) {
  return d ? nlohmann::json(d->ToString()) : nlohmann::json(nullptr);
}

nlohmann::json ShareOrNull(const std::optional<double>& share) {
  return share ? nlohmann::json(*share) : nlohmann::json(nullptr);
}

const registry::Term& InsuranceTerm(registry::Insurance insurance) {
  return registry::InsuranceTerms()[static_cast<size_t>(insurance)];
}

const registry::Term& FormTerm(registry::EmploymentForm form) {
  return registry::EmploymentFormTerms()[static_cast<size_t>(form)];
}

}  // namespace

nlohmann::json EnrolmentJson(const Enrolment& e) {
  return {{"id", e.id},
          {"resident_id", e.resident_id},
          {"resident_name", e.resident_name},
          {"id_number", e.id_number_masked},
          {"programme", e.programme},
          {"programme_name", e.programme_name},
          {"group", e.group == ProgrammeGroup::kElderly ? "elderly" : "platform_worker"},
          {"unit", e.unit_code},
          {"unit_name", e.unit_name},
          {"community", e.community_code},
          {"from", e.from.ToString()},
          {"ended_on", DateOrNull(e.ended_on)},
          {"open", e.open()},
          {"note", e.note},
          {"end_reason", e.end_reason},
          {"synthetic", e.synthetic}};
}

nlohmann::json PlatformWorkerJson(const PlatformWorkerItem& w) {
  nlohmann::json platforms = nlohmann::json::array();
  for (const PlatformName& p : w.platforms) platforms.push_back({{"key", p.key}, {"name", p.name}});
  return {{"resident_id", w.resident_id},
          {"name", w.name},
          {"id_number", w.id_number_masked},
          {"phone", w.phone_masked},
          {"sex", w.sex},
          {"age", w.age},
          {"unit", w.unit_code},
          {"unit_name", w.unit_name},
          {"community", w.community_code},
          {"form", registry::EmploymentFormId(w.form)},
          {"insurance", InsuranceTerm(w.insurance).id},
          {"insured", IsInsured(w.insurance)},
          {"platforms", platforms},
          {"injury_protection", InjuryProtectionId(w.injury_protection)},
          {"injury_protection_since", DateOrNull(w.injury_protection_since)},
          {"programmes", w.programmes},
          {"version", w.version},
          {"synthetic", w.synthetic}};
}

nlohmann::json PlatformSummaryJson(const PlatformWorkerSummary& s) {
  nlohmann::json by_form = nlohmann::json::array();
  for (const FormCount& f : s.by_form) {
    by_form.push_back({{"form", FormTerm(f.form).id},
                       {"name", FormTerm(f.form).name_zh},
                       {"workers", f.workers}});
  }
  nlohmann::json by_platform = nlohmann::json::array();
  for (const PlatformCount& p : s.by_platform) {
    by_platform.push_back({{"key", p.key}, {"name", p.name}, {"workers", p.workers}});
  }
  nlohmann::json by_insurance = nlohmann::json::array();
  for (const InsuranceCount& i : s.by_insurance) {
    by_insurance.push_back({{"insurance", InsuranceTerm(i.insurance).id},
                            {"name", InsuranceTerm(i.insurance).name_zh},
                            {"workers", i.workers}});
  }
  nlohmann::json by_programme = nlohmann::json::array();
  for (const ProgrammeCount& p : s.by_programme) {
    const Programme* programme = FindProgramme(p.programme_id);
    by_programme.push_back({{"programme", p.programme_id},
                            {"name", programme != nullptr ? programme->name_zh : ""},
                            {"workers", p.workers}});
  }
  return {{"workers", s.workers},
          {"by_form", by_form},
          {"by_platform", by_platform},
          {"platform_unknown", s.platform_unknown},
          {"by_insurance", by_insurance},
          {"by_programme", by_programme},
          {"insured", s.insured},
          {"injury_protected", s.injury_protected},
          {"injury_unknown", s.injury_unknown},
          {"reached", s.reached},
          {"insured_share", ShareOrNull(s.insured_share)},
          {"injury_protection_share", ShareOrNull(s.injury_protection_share)},
          {"programme_reach_share", ShareOrNull(s.programme_reach_share)}};
}

nlohmann::json PlatformCoverageJson(const PlatformCoverage& c) {
  nlohmann::json j = PlatformSummaryJson(c.total);
  j["unit"] = c.unit_code;
  j["unit_name"] = c.unit_name;
  j["as_of"] = c.as_of.ToString();
  nlohmann::json units = nlohmann::json::array();
  for (const UnitCoverage& u : c.units) {
    nlohmann::json one = PlatformSummaryJson(u.summary);
    one["unit"] = u.unit_code;
    one["unit_name"] = u.unit_name;
    units.push_back(std::move(one));
  }
  j["units"] = std::move(units);
  j["rest_stations"] = {{"count", c.rest_stations},
                        {"capacity", c.rest_station_capacity},
                        {"with_hours", c.rest_stations_with_hours}};
  return j;
}

nlohmann::json RestStationJson(const RestStationItem& s, TimeOfDay now) {
  const store::FacilityRow& f = s.facility;
  nlohmann::json j = {{"facility_id", f.id},      {"name", f.name},         {"unit", f.unit_code},
                      {"unit_name", s.unit_name}, {"capacity", f.capacity}, {"version", f.version},
                      {"synthetic", f.synthetic}};
  if (s.hours) {
    j["hours"] = FormatOpeningHours(*s.hours);
    j["minutes_open_per_day"] = MinutesOpenPerDay(*s.hours);
    j["open_now"] = IsOpenAt(*s.hours, now);
  } else {
    j["hours"] = nullptr;
    j["minutes_open_per_day"] = nullptr;
    j["open_now"] = nullptr;
  }
  return j;
}

}  // namespace alley::services
