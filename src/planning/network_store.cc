#include "planning/network_store.h"

#include <optional>
#include <utility>

#include "planning/network_file.h"
#include "store/planning_store.h"

namespace alley::planning {

StatusOr<std::string> SaveNetwork(store::Writer& w, std::string_view kind, const Graph& graph,
                                  const NetworkOrigin& origin, int64_t now) {
  store::NetworkRow row;
  row.kind = std::string(kind);
  row.source = origin.source;
  row.data = SerializeNetwork(graph);
  row.fingerprint = NetworkFingerprint(row.data);
  row.vertices = graph.vertex_count();
  row.edges = static_cast<int64_t>(graph.symmetric() ? graph.arc_count() / 2 : graph.arc_count());
  row.imported_at = now;
  row.imported_by = origin.by;
  row.synthetic = origin.synthetic;
  ALLEY_RETURN_IF_ERROR(store::PutNetwork(w, row));
  return row.fingerprint;
}

StatusOr<StoredNetwork> LoadNetwork(store::Store& store, std::string_view kind) {
  std::optional<store::NetworkRow> row;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(row, store::GetNetwork(r, kind));
    return OkStatus();
  }));
  if (!row) {
    return FailedPreconditionError(
        "no " + std::string(kind) +
        " network is stored: import one with `alley plan import-osm FILE.osm.pbf`, or build the "
        "demo (`alley demo`)");
  }
  if (NetworkFingerprint(row->data) != row->fingerprint) {
    return DataLossError("the stored " + std::string(kind) +
                         " network does not match its recorded fingerprint: import it again");
  }
  StatusOr<Graph> graph = ParseNetwork(row->data);
  if (!graph.ok())
    return graph.status().WithContext("the stored " + std::string(kind) + " network");
  StoredNetwork out;
  out.graph = *std::move(graph);
  out.kind = row->kind;
  out.source = row->source;
  out.fingerprint = row->fingerprint;
  out.imported_at = row->imported_at;
  out.synthetic = row->synthetic;
  return out;
}

}  // namespace alley::planning
