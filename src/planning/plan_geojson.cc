#include "planning/plan_geojson.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/geo.h"

namespace alley::planning {
namespace {

double Minutes(Deciseconds ds) {
  return static_cast<double>(ds) / static_cast<double>(kDecisecondsPerMinute);
}

nlohmann::json Position(core::LatLon p) { return nlohmann::json::array({p.lon, p.lat}); }

nlohmann::json Feature(nlohmann::json geometry, nlohmann::json properties) {
  return {{"type", "Feature"},
          {"geometry", std::move(geometry)},
          {"properties", std::move(properties)}};
}

nlohmann::json PointGeometry(core::LatLon p) {
  return {{"type", "Point"}, {"coordinates", Position(p)}};
}

nlohmann::json LineGeometry(core::LatLon a, core::LatLon b) {
  return {{"type", "LineString"},
          {"coordinates", nlohmann::json::array({Position(a), Position(b)})}};
}

nlohmann::json Collection(nlohmann::json features) {
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

bool Inside(const LatLonBox& box, core::LatLon p) {
  return p.lat >= box.min.lat && p.lat <= box.max.lat && p.lon >= box.min.lon &&
         p.lon <= box.max.lon;
}

nlohmann::json SiteProperties(std::string_view kind, const Site& s) {
  return {{"kind", kind},
          {"id", s.id},
          {"name", s.name},
          {"unit", s.unit_code},
          {"capacity", s.capacity}};
}

}  // namespace

StatusOr<LatLonBox> ParseLatLonBox(std::string_view text, std::string_view what) {
  const std::string whole(text);
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= whole.size()) {
    const std::size_t comma = std::min(whole.find(',', start), whole.size());
    const std::string part = whole.substr(start, comma - start);
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size()) {
      return InvalidArgumentError(std::string(what) + " " + whole + ": \"" + part +
                                  "\" is not a number");
    }
    values.push_back(v);
    start = comma + 1;
  }
  if (values.size() != 4) {
    return InvalidArgumentError(std::string(what) + " " + whole +
                                ": four numbers, minlon,minlat,maxlon,maxlat");
  }
  LatLonBox box{{values[1], values[0]}, {values[3], values[2]}};
  if (!core::IsValidLatLon(box.min) || !core::IsValidLatLon(box.max) ||
      box.min.lat >= box.max.lat || box.min.lon >= box.max.lon) {
    return InvalidArgumentError(std::string(what) + " " + whole +
                                ": not a box (minlon < maxlon, minlat < maxlat, in degrees)");
  }
  return box;
}

StatusOr<nlohmann::json> NetworkGeoJson(const Graph& graph, const std::optional<LatLonBox>& box,
                                        std::size_t max_edges) {
  if (!graph.symmetric()) {
    return InvalidArgumentError("the network is not symmetric: only a walking network is drawn");
  }
  nlohmann::json features = nlohmann::json::array();
  std::size_t count = 0;
  for (VertexId u = 0; u < graph.vertex_count(); ++u) {
    const std::span<const VertexId> targets = graph.Targets(u);
    const std::span<const Deciseconds> weights = graph.Weights(u);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const VertexId v = targets[i];
      if (v <= u) continue;
      const core::LatLon a = graph.Point(u);
      const core::LatLon b = graph.Point(v);
      if (box && !Inside(*box, a) && !Inside(*box, b)) continue;
      if (++count > max_edges) {
        return ResourceExhaustedError("more than " + std::to_string(max_edges) +
                                      " streets in the box: zoom in (give a smaller bbox)");
      }
      features.push_back(
          Feature(LineGeometry(a, b), {{"u", u}, {"v", v}, {"minutes", Minutes(weights[i])}}));
    }
  }
  return Collection(std::move(features));
}

nlohmann::json PlanRunGeoJson(const PlanRun& run) {
  nlohmann::json features = nlohmann::json::array();
  for (const PlanHome& h : run.homes) {
    nlohmann::json p = {{"kind", "home"},         {"unit", h.unit_code},
                        {"building", h.building}, {"residents", h.residents},
                        {"target", h.target},     {"access", h.access},
                        {"snapped", h.snapped},   {"covered", h.nearest_ds <= run.threshold_ds}};
    p["nearest_minutes"] = h.nearest_ds == kUnreachable ? nlohmann::json(nullptr)
                                                        : nlohmann::json(Minutes(h.nearest_ds));
    features.push_back(Feature(PointGeometry(h.at), std::move(p)));
  }
  for (const PlanFacility& f : run.facilities) {
    nlohmann::json p = SiteProperties("facility", f.site);
    p["supply"] = f.supply;
    p["demand"] = f.demand;
    p["ratio"] = f.ratio;
    p["snapped"] = f.snapped;
    features.push_back(Feature(PointGeometry(f.site.at), std::move(p)));
  }
  if (run.proposal) {
    for (const Site& s : run.proposal->sites) {
      features.push_back(Feature(PointGeometry(s.at), SiteProperties("proposed_site", s)));
    }
  }
  return Collection(std::move(features));
}

nlohmann::json CatchmentGeoJson(const Graph& graph, std::span<const Reached> reached,
                                Deciseconds limit, const Site& site) {
  std::unordered_map<VertexId, Deciseconds> time;
  time.reserve(reached.size());
  for (const Reached& r : reached) {
    if (r.time <= limit) time.emplace(r.vertex, r.time);
  }
  std::vector<VertexId> vertices;
  vertices.reserve(time.size());
  for (const auto& [v, t] : time) vertices.push_back(v);
  std::sort(vertices.begin(), vertices.end());
  nlohmann::json features = nlohmann::json::array();
  for (const VertexId u : vertices) {
    const Deciseconds tu = time.at(u);
    for (const VertexId v : graph.Targets(u)) {
      if (v <= u) continue;
      const auto found = time.find(v);
      if (found == time.end()) continue;
      const Deciseconds tv = found->second;
      features.push_back(Feature(LineGeometry(graph.Point(u), graph.Point(v)),
                                 {{"minutes_u", Minutes(tu)},
                                  {"minutes_v", Minutes(tv)},
                                  {"minutes", Minutes(std::max(tu, tv))}}));
    }
  }
  features.push_back(Feature(PointGeometry(site.at), SiteProperties("facility", site)));
  nlohmann::json j = Collection(std::move(features));
  j["minutes"] = Minutes(limit);
  j["vertices"] = vertices.size();
  return j;
}

}  // namespace alley::planning
