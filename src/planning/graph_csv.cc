#include "planning/graph_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "core/csv.h"

namespace alley::planning {
namespace {

std::optional<std::uint64_t> WholeNumber(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> Real(std::string_view text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Reads `text` as CSV with exactly `columns`, calling `row` per record.
template <typename RowFn>
Status ReadCsv(std::string_view text, std::string_view name,
               std::span<const std::string_view> columns, RowFn&& row) {
  core::CsvReader reader(text);
  core::CsvRecord record;
  auto where = [&](const Status& s) { return s.WithContext(std::string(name)); };
  StatusOr<bool> has = reader.Next(&record);
  if (!has.ok()) return where(has.status());
  if (!*has) return InvalidArgumentError(std::string(name) + ": the file is empty");
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, columns, {});
  if (!header.ok()) return where(header.status());
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return where(more.status());
    if (!*more) break;
    if (Status s = header->CheckWidth(record); !s.ok()) return where(s);
    ALLEY_RETURN_IF_ERROR(row(*header, record));
  }
  return OkStatus();
}

}  // namespace

std::string NodesCsv(const Graph& graph) {
  std::string out = "id,lon,lat\n";
  out.reserve(out.size() + std::size_t{graph.vertex_count()} * 32);
  for (VertexId v = 0; v < graph.vertex_count(); ++v) {
    fmt::format_to(std::back_inserter(out), "{},{:.7f},{:.7f}\n", v, graph.Point(v).lon,
                   graph.Point(v).lat);
  }
  return out;
}

std::string EdgesCsv(const Graph& graph) {
  const std::vector<Arc> edges = graph.UndirectedEdges();
  std::string out = "u,v,w\n";
  out.reserve(out.size() + edges.size() * 20);
  for (const Arc& e : edges) fmt::format_to(std::back_inserter(out), "{},{},{}\n", e.u, e.v, e.w);
  return out;
}

StatusOr<Graph> ParseGraphCsv(std::string_view nodes, std::string_view edges,
                              const GraphCsvNames& names) {
  static constexpr std::string_view kNodeColumns[] = {"id", "lon", "lat"};
  static constexpr std::string_view kEdgeColumns[] = {"u", "v", "w"};
  std::vector<std::optional<core::LatLon>> points;
  // The most nodes `nodes` has room for: a header of at least "id,lon,lat"
  // and a line end, then rows of at least "0,0,0" each after a line end.
  const std::uint64_t max_nodes = nodes.size() > 10 ? (nodes.size() - 10) / 6 : 0;
  auto fail = [](std::string_view file, int64_t line, const std::string& why) {
    return InvalidArgumentError(fmt::format("{}:{}: {}", file, line, why));
  };
  ALLEY_RETURN_IF_ERROR(ReadCsv(
      nodes, names.nodes, kNodeColumns,
      [&](const core::CsvHeader& h, const core::CsvRecord& r) -> Status {
        const std::optional<std::uint64_t> id = WholeNumber(h.Get(r, "id"));
        if (!id || *id >= kUnreachable - 1) {
          return fail(names.nodes, r.line,
                      fmt::format("column id: \"{}\" is not a vertex id", h.Get(r, "id")));
        }
        const std::optional<double> lon = Real(h.Get(r, "lon"));
        const std::optional<double> lat = Real(h.Get(r, "lat"));
        if (!lon || !lat || !core::IsValidLatLon({*lat, *lon})) {
          return fail(names.nodes, r.line, "columns lon, lat: not a WGS-84 coordinate in degrees");
        }
        // Ids may come in any order; the vector grows to the largest. Every
        // id from 0 up needs a row: an id the file has no room for is refused
        // before it is allocated for (a 70-byte file once asked for 8 GB).
        if (*id >= points.size()) {
          if (*id >= max_nodes) {
            return fail(names.nodes, r.line,
                        fmt::format("column id: {} leaves ids missing ({} bytes hold at most {} "
                                    "nodes)",
                                    *id, nodes.size(), max_nodes));
          }
          points.resize(*id + 1);
        }
        if (points[*id])
          return fail(names.nodes, r.line, fmt::format("column id: {} appears twice", *id));
        points[*id] = core::LatLon{*lat, *lon};
        return OkStatus();
      }));
  if (points.empty()) return FailedPreconditionError(std::string(names.nodes) + ": no node");
  std::vector<core::LatLon> located;
  located.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i]) {
      return InvalidArgumentError(
          fmt::format("{}: id {} is missing (ids must be 0 to {}, each once)", names.nodes, i,
                      points.size() - 1));
    }
    located.push_back(*points[i]);
  }

  struct Listed {
    VertexId a = 0;  // a <= b
    VertexId b = 0;
    Deciseconds w = 0;
    int64_t line = 0;
  };
  std::vector<Listed> listed;
  ALLEY_RETURN_IF_ERROR(ReadCsv(
      edges, names.edges, kEdgeColumns,
      [&](const core::CsvHeader& h, const core::CsvRecord& r) -> Status {
        const std::optional<std::uint64_t> u = WholeNumber(h.Get(r, "u"));
        const std::optional<std::uint64_t> v = WholeNumber(h.Get(r, "v"));
        for (const auto& [column, id] : {std::pair{"u", u}, std::pair{"v", v}}) {
          if (!id || *id >= located.size()) {
            return fail(names.edges, r.line,
                        fmt::format("column {}: \"{}\" is not a node of {}", column,
                                    h.Get(r, column), names.nodes));
          }
        }
        const std::optional<std::uint64_t> w = WholeNumber(h.Get(r, "w"));
        if (!w || *w >= kUnreachable) {
          return fail(names.edges, r.line,
                      fmt::format("column w: \"{}\" is not a whole number of deciseconds below {}",
                                  h.Get(r, "w"), kUnreachable));
        }
        listed.push_back({static_cast<VertexId>(std::min(*u, *v)),
                          static_cast<VertexId>(std::max(*u, *v)), static_cast<Deciseconds>(*w),
                          r.line});
        return OkStatus();
      }));
  // A street listed twice (both ways) must agree with itself.
  std::sort(listed.begin(), listed.end(), [](const Listed& x, const Listed& y) {
    return std::tie(x.a, x.b, x.line) < std::tie(y.a, y.b, y.line);
  });
  std::vector<Arc> arcs;
  arcs.reserve(listed.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const Listed& e = listed[i];
    if (i > 0 && listed[i - 1].a == e.a && listed[i - 1].b == e.b) {
      if (listed[i - 1].w != e.w) {
        return fail(names.edges, e.line,
                    fmt::format("the street {}–{} is listed at line {} with w {}, here with {}",
                                e.a, e.b, listed[i - 1].line, listed[i - 1].w, e.w));
      }
      continue;
    }
    arcs.push_back({e.a, e.b, e.w});
  }
  return Graph::FromArcs(std::move(located), arcs, /*symmetric=*/true);
}

}  // namespace alley::planning
