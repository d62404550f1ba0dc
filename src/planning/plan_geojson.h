// Planning's answers as GeoJSON (RFC 7946) FeatureCollections, for the web
// map (GET /api/v1/plan/*.geojson) and for QGIS (`alley plan run --geojson`,
// `alley plan export-graph --geojson`). Coordinates are [lon, lat] in WGS-84,
// as the standard asks; times are minutes of walking.
//
//   ALLEY_ASSIGN_OR_RETURN(nlohmann::json edges, NetworkGeoJson(graph, box, 20000));
//   nlohmann::json layer = PlanRunGeoJson(run);   // homes, facilities, proposed sites
//
// Pure functions of their arguments: safe from any thread.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>

#include "core/status.h"
#include "planning/catchments.h"
#include "planning/graph.h"
#include "planning/osm_import.h"
#include "planning/places.h"
#include "planning/plan_run.h"

namespace alley::planning {

// "minlon,minlat,maxlon,maxlat" (the order of OSM and of Leaflet's
// toBBoxString). kInvalidArgument naming `what` unless four numbers make a
// box (min < max, valid degrees).
StatusOr<LatLonBox> ParseLatLonBox(std::string_view text, std::string_view what);

// The streets of a symmetric graph, each once, as LineStrings with the
// properties u, v (vertex ids) and minutes. With `box`, only the streets with
// an end inside it. kResourceExhausted ("zoom in") when more than `max_edges`
// would be answered; kInvalidArgument for a graph that is not symmetric.
StatusOr<nlohmann::json> NetworkGeoJson(const Graph& graph, const std::optional<LatLonBox>& box,
                                        std::size_t max_edges);

// A run's places: every home of run.homes as a Point (kind "home", unit,
// building, residents, target, access, nearest_minutes (null when none is
// reachable), covered), every facility (kind "facility", id, name, unit,
// capacity, supply, demand, ratio, snapped) and, when the run proposed new
// sites (PlanRun::proposal), each of them (kind "proposed_site", id, name,
// unit, capacity).
// Homes carry counts per building, never a person.
nlohmann::json PlanRunGeoJson(const PlanRun& run);

// A catchment: the streets whose both ends were reached within `limit`
// (LineStrings with minutes_u, minutes_v and minutes, the farther end), and
// the site itself as a Point (kind "facility"). `reached` is a bounded
// search's answer on `graph` (BoundedSearch::Run); the caller's limit is the
// one the search ran with.
nlohmann::json CatchmentGeoJson(const Graph& graph, std::span<const Reached> reached,
                                Deciseconds limit, const Site& site);

}  // namespace alley::planning
