#include "services/childcare_json.h"

#include <string_view>

namespace alley::services {
namespace {

using nlohmann::json;

json DateJson(const std::optional<core::Date>& d) {
  return d ? json(d->ToString()) : json(nullptr);
}

json NumberJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string Ratio(const ClassNorm& norm) {
  return "1:" + std::to_string(norm.children_per_caregiver);
}

json BalanceJson(const UnitChildcareBalance& b) {
  const ChildcareBalance& x = b.balance;
  return {{"unit", b.unit_code},
          {"name", b.unit_name},
          {"nurseries", b.nurseries},
          {"classes", b.classes},
          {"places", x.places},
          {"children_under_3", x.children_under_3},
          {"residents", x.residents},
          {"places_per_child", NumberJson(x.places_per_child)},
          {"places_per_1000", NumberJson(x.places_per_1000)},
          {"target_per_1000", x.target_per_1000},
          {"places_needed", x.places_needed},
          {"gap", x.gap},
          {"meets_target", x.meets_target}};
}

}  // namespace

json ChildcareNormsJson() {
  json norms = json::array();
  for (const ClassNorm& n : ClassNorms()) {
    norms.push_back({{"type", n.id},
                     {"name", n.name_zh},
                     {"min_age_months", n.min_age_months},
                     {"max_age_months", n.max_age_months},
                     {"max_children", n.max_children},
                     {"children_per_caregiver", n.children_per_caregiver},
                     {"ratio", Ratio(n)},
                     {"source", n.source}});
  }
  return {{"norms", norms},
          {"target_places_per_1000", kTargetPlacesPer1000},
          {"target_source",
           "《国民经济和社会发展第十四个五年规划和2035年远景目标纲要》: "
           "每千人口拥有3岁以下婴幼儿托位数 "
           "4.5 by 2025"},
          {"checklist_pass_mark", kDefaultChecklistPassMark},
          {"inspection_interval_months", OversightPolicy{}.inspection_interval_months}};
}

std::string NurseryClassETag(const store::NurseryClassRow& row) {
  return "\"n" + std::to_string(row.id) + "v" + std::to_string(row.version) + "\"";
}

json NurseryClassJson(const NurseryClassView& v) {
  const store::NurseryClassRow& c = v.row;
  json findings = json::array();
  for (const ClassFinding& f : v.findings) {
    findings.push_back({{"kind", ClassFindingKindId(f.kind)},
                        {"child", f.child_id.empty() ? json(nullptr) : json(f.child_id)},
                        {"actual", f.actual},
                        {"required", f.required},
                        {"message", f.message}});
  }
  const ClassNorm& norm = *v.norm;
  return {{"id", c.id},
          {"nursery", c.facility_id},
          {"unit", c.unit_code},
          {"name", c.name},
          {"type", norm.id},
          {"type_name", norm.name_zh},
          {"min_age_months", norm.min_age_months},
          {"max_age_months", norm.max_age_months},
          {"max_children", norm.max_children},
          {"ratio", Ratio(norm)},
          {"capacity", c.capacity},
          {"caregivers", c.caregivers},
          {"caregivers_needed", v.caregivers_needed},
          {"enrolled", v.enrolled},
          {"waiting", v.waiting},
          {"free_places", v.free_places},
          {"opened_on", c.opened_on.ToString()},
          {"closed_on", DateJson(c.closed_on)},
          {"as_of", v.on.ToString()},
          {"findings", findings},
          {"synthetic", c.synthetic},
          {"etag", NurseryClassETag(c)}};
}

json NurseryEnrolmentJson(const NurseryEnrolmentItem& item) {
  const store::NurseryEnrolmentListRow& r = item.row;
  const store::NurseryEnrolmentRow& e = r.enrolment;
  return {{"id", e.id},
          {"nursery", e.facility_id},
          {"class", {{"id", e.class_id}, {"name", r.class_name}, {"type", r.class_type}}},
          {"child",
           {{"id", e.resident_id},
            {"name", r.child_name},
            {"id_number", r.id_number_masked},
            {"sex", r.sex},
            {"birth_date", r.birth_date.ToString()},
            {"age_months", item.age_months},
            {"community", r.child_community}}},
          {"state", e.state},
          {"applied_on", e.applied_on.ToString()},
          {"enrolled_on", DateJson(e.enrolled_on)},
          {"left_on", DateJson(e.left_on)},
          {"reason", e.reason},
          {"waiting_position", e.state == "waiting" ? json(r.waiting_position) : json(nullptr)},
          {"synthetic", e.synthetic}};
}

json NurseryInspectionJson(const NurseryInspectionView& v) {
  const store::NurseryInspectionRow& i = v.row;
  json items = json::array();
  for (const store::NurseryChecklistItemRow& item : i.items) {
    items.push_back({{"item", item.item},
                     {"score", item.score},
                     {"passed", item.score >= kDefaultChecklistPassMark}});
  }
  return {{"id", i.id},
          {"nursery", i.facility_id},
          {"date", i.date.ToString()},
          {"inspector", i.inspector},
          {"items", items},
          {"mean_score", NumberJson(v.mean_score)},
          {"failed_items", v.failed_items},
          {"findings", i.findings},
          {"remedy_deadline", DateJson(i.remedy_deadline)},
          {"follow_up", DateJson(i.follow_up)},
          {"follow_up_note", i.follow_up_note},
          {"remedy_open", v.remedy_open},
          {"note", i.note},
          {"recorded_by", i.recorded_by},
          {"synthetic", i.synthetic}};
}

json ChildcareFlagsJson(const ChildcareFlagReport& report) {
  json counts = json::object();
  for (OversightFlagKind kind :
       {OversightFlagKind::kRatioBreach, OversightFlagKind::kClassOverSize,
        OversightFlagKind::kInspectionOverdue, OversightFlagKind::kRemedyOverdue}) {
    counts[std::string(OversightFlagKindId(kind))] = report.counts[static_cast<size_t>(kind)];
  }
  json nurseries = json::array();
  for (const NurseryFlags& n : report.nurseries) {
    json flags = json::array();
    for (const OversightFlag& f : n.flags) {
      const bool of_class =
          f.kind == OversightFlagKind::kRatioBreach || f.kind == OversightFlagKind::kClassOverSize;
      json class_id = nullptr;
      if (of_class) {
        auto it = n.class_ids.find(f.subject);
        if (it != n.class_ids.end()) class_id = it->second;
      }
      flags.push_back({{"kind", OversightFlagKindId(f.kind)},
                       {"class_id", class_id},
                       {"class", of_class ? json(f.subject) : json(nullptr)},
                       {"inspection", f.kind == OversightFlagKind::kRemedyOverdue ? json(f.subject)
                                                                                  : json(nullptr)},
                       {"due", f.due.ToString()},
                       {"days_overdue", f.days_overdue},
                       {"message", f.message}});
    }
    nurseries.push_back({{"id", n.facility_id},
                         {"name", n.name},
                         {"unit", n.unit_code},
                         {"registered_on", n.registered_on.ToString()},
                         {"last_inspection", DateJson(n.last_inspection)},
                         {"flags", flags}});
  }
  return {{"unit", report.unit_code},
          {"on", report.on.ToString()},
          {"inspection_interval_months", report.policy.inspection_interval_months},
          {"counts", counts},
          {"flagged_nurseries", report.flagged_nurseries},
          {"nurseries", nurseries}};
}

json ChildcareBalanceJson(const ChildcareBalanceReport& report) {
  json j = BalanceJson(report.unit);
  j["as_of"] = report.as_of.ToString();
  json children = json::array();
  for (const UnitChildcareBalance& c : report.children) children.push_back(BalanceJson(c));
  j["children"] = children;
  return j;
}

}  // namespace alley::services
