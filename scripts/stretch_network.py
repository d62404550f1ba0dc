#!/usr/bin/env python3
"""Grows a walking network to city scale by tiling copies of it.

  scripts/stretch_network.py IN_DIR OUT_DIR (--vertices N | --tiles K)
                             [--gap-m 60] [--links 3] [--speed 1.0]

IN_DIR holds nodes.csv (id,lon,lat) and edges.csv (u,v,w: undirected, integer
deciseconds, 0-based ids), as `alley plan export-graph` writes them. OUT_DIR
gets the same pair for K x K copies side by side, K the smallest with
K*K*n >= N (`--vertices 1000000` from the demo's 625-vertex grid: K = 40,
1,600 tiles, exactly 1,000,000 vertices).

- Tile (i, j), i west to east and j south to north, is the input moved by
  i * (width + gap) in longitude and j * (height + gap) in latitude, the gap
  --gap-m metres at the input's mean latitude; the tiling is centred on the
  input. Vertex `v` of tile t = j * K + i becomes t * n + v; its edges keep
  their weights.
- Neighbouring tiles (east-west and south-north) are joined by --links edges
  per side: the side is cut into --links equal bands, and in each band the
  vertex nearest the side (largest longitude on an east side, ...) is joined to
  the nearest of the facing tile's picks. A join's weight is its haversine
  length (R = 6,371,008.8 m) walked at --speed m/s, in deciseconds, rounded,
  at least 1.
- The input should be connected (an export is: the largest component); the
  output then is too.

The output reads back with `alley plan import-graph OUT_DIR`. Deterministic:
the same input and options give the same bytes.
"""

import argparse
import math
import os
import sys

import numpy as np

EARTH_RADIUS_M = 6371008.8


def read_graph(directory):
    def columns(path, names, dtype):
        with open(path, encoding="utf-8") as f:
            header = f.readline().strip().split(",")
        if any(c not in header for c in names):
            sys.exit(f"{path}: the header must name {', '.join(names)} (has {header})")
        data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=dtype, ndmin=2,
                          usecols=[header.index(c) for c in names])
        return [data[:, k] for k in range(len(names))]

    ids, lon, lat = columns(os.path.join(directory, "nodes.csv"), ["id", "lon", "lat"],
                            np.float64)
    ids = ids.astype(np.int64)
    n = len(ids)
    if n == 0:
        sys.exit(f"{directory}/nodes.csv: no node")
    order = np.argsort(ids)
    if not np.array_equal(ids[order], np.arange(n)):
        sys.exit(f"{directory}/nodes.csv: the ids must be 0..{n - 1}, each once")
    u, v, w = columns(os.path.join(directory, "edges.csv"), ["u", "v", "w"], np.int64)
    if len(u) and (min(u.min(), v.min()) < 0 or max(u.max(), v.max()) >= n):
        sys.exit(f"{directory}/edges.csv: an edge names a node past {n - 1}")
    return lon[order], lat[order], np.minimum(u, v), np.maximum(u, v), w


def haversine_m(lon1, lat1, lon2, lat2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def side_picks(along, across, bands, largest):
    """Per band of `along`, the vertex with the largest (or smallest) `across`."""
    lo, hi = along.min(), along.max()
    band = np.minimum(((along - lo) / max(hi - lo, 1e-12) * bands).astype(np.int64), bands - 1)
    picks = []
    for b in range(bands):
        members = np.flatnonzero(band == b)
        if len(members):
            key = across[members]
            picks.append(int(members[np.argmax(key) if largest else np.argmin(key)]))
    return np.array(sorted(set(picks)), dtype=np.int64)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="folder with nodes.csv and edges.csv")
    ap.add_argument("output", help="folder to write nodes.csv and edges.csv into")
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--vertices", type=int, help="at least this many vertices")
    size.add_argument("--tiles", type=int, help="K, tiles per side")
    ap.add_argument("--gap-m", type=float, default=60.0,
                    help="metres between neighbouring tiles (default 60)")
    ap.add_argument("--links", type=int, default=3,
                    help="joining edges per side between neighbours (default 3)")
    ap.add_argument("--speed", type=float, default=1.0,
                    help="walking speed of the joins in m/s (default 1.0)")
    a = ap.parse_args()
    if a.gap_m < 0 or a.links < 1 or a.speed <= 0:
        sys.exit("--gap-m must be >= 0, --links >= 1, --speed > 0")

    lon, lat, u, v, w = read_graph(a.input)
    n = len(lon)
    if a.tiles is not None:
        k = a.tiles
    else:
        k = max(1, math.ceil(math.sqrt(a.vertices / n)))
        while k * k * n < a.vertices:
            k += 1
    if k < 1 or k * k * n >= 2**32 - 1:
        sys.exit(f"{k} x {k} tiles of {n} vertices: out of range (1 to 2^32 - 2 vertices)")

    mid_lat = float(lat.mean())
    gap_lat = a.gap_m / (math.pi * EARTH_RADIUS_M / 180)
    gap_lon = gap_lat / max(math.cos(math.radians(mid_lat)), 1e-6)
    step_lon = float(lon.max() - lon.min()) + gap_lon
    step_lat = float(lat.max() - lat.min()) + gap_lat
    shift = (k - 1) / 2
    offs_lon = (np.arange(k) - shift) * step_lon
    offs_lat = (np.arange(k) - shift) * step_lat
    if (lat.max() + offs_lat[-1] > 85 or lat.min() + offs_lat[0] < -85
            or lon.max() + offs_lon[-1] > 180 or lon.min() + offs_lon[0] < -180):
        sys.exit(f"{k} x {k} tiles do not fit on the map around ({mid_lat:.3f} N): "
                 "use fewer tiles or a smaller gap")

    # Picks on each side, and for each pick on one side the nearest pick on the
    # facing side of the neighbour (the offset between tiles is fixed, so the
    # pairs are the same for every neighbouring pair).
    east = side_picks(lat, lon, a.links, largest=True)
    west = side_picks(lat, lon, a.links, largest=False)
    north = side_picks(lon, lat, a.links, largest=True)
    south = side_picks(lon, lat, a.links, largest=False)

    def pairs(src, dst, dlon, dlat):
        out = []
        for s in src:
            d = haversine_m(lon[s], lat[s], lon[dst] + dlon, lat[dst] + dlat)
            t = int(dst[np.argmin(d)])
            out.append((int(s), t))
        return sorted(set(out))

    ew = pairs(east, west, step_lon, 0.0)
    sn = pairs(north, south, 0.0, step_lat)

    # Vertices: tile t = j * k + i holds t * n + v.
    tile_i = np.tile(np.arange(k), k)
    tile_j = np.repeat(np.arange(k), k)
    all_lon = (lon[None, :] + offs_lon[tile_i][:, None]).reshape(-1)
    all_lat = (lat[None, :] + offs_lat[tile_j][:, None]).reshape(-1)
    total = k * k * n

    os.makedirs(a.output, exist_ok=True)
    with open(os.path.join(a.output, "nodes.csv"), "w", encoding="utf-8") as f:
        f.write("id,lon,lat\n")
        np.savetxt(f, np.column_stack([np.arange(total), all_lon, all_lat]),
                   fmt=["%d", "%.7f", "%.7f"], delimiter=",")

    base = (np.arange(k * k, dtype=np.int64) * n)[:, None]
    parts = [np.column_stack([(u[None, :] + base).reshape(-1), (v[None, :] + base).reshape(-1),
                              np.tile(w, k * k)])]
    joins = 0
    for links, di, dj in ((ew, 1, 0), (sn, 0, 1)):
        ii, jj = np.meshgrid(np.arange(k - di), np.arange(k - dj))
        t = (jj * k + ii).reshape(-1).astype(np.int64)
        t2 = ((jj + dj) * k + ii + di).reshape(-1).astype(np.int64)
        for s, d in links:
            a_id, b_id = t * n + s, t2 * n + d
            length = haversine_m(all_lon[a_id], all_lat[a_id], all_lon[b_id], all_lat[b_id])
            ds = np.maximum(1, np.rint(length / a.speed * 10)).astype(np.int64)
            parts.append(np.column_stack([np.minimum(a_id, b_id), np.maximum(a_id, b_id), ds]))
            joins += len(t)
    edges = np.concatenate(parts)
    with open(os.path.join(a.output, "edges.csv"), "w", encoding="utf-8") as f:
        f.write("u,v,w\n")
        np.savetxt(f, edges, fmt="%d", delimiter=",")
    print(f"{k} x {k} tiles of {n} vertices: {total} vertices, {len(edges)} edges "
          f"({joins} joining the tiles, {len(ew)} per east-west side, {len(sn)} per "
          f"south-north side) in {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
