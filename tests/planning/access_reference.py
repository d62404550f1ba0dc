#!/usr/bin/env python3
"""A plain numpy reference for Alley's accessibility and equity (src/planning).

Dense matrices and the textbook formulas, nothing clever:

  2SFCA      Luo & Wang (2003): f(d) = 1 within d0
  E2SFCA     Luo & Qi (2009): stepwise zone weights
  Gaussian   Dai (2010): f(d) = (exp(-(d/d0)^2 / 2) - exp(-1/2)) / (1 - exp(-1/2)) within d0
  gravity    Shen (1998): f(d) = max(d, 1)^-beta within d0

  V = P @ F,  R = S / V (0 where V = 0),  A = F @ R

and the Gini index by its double sum, Theil's T and L by their definitions
with the within/between split over units.

  access_reference.py --check BUILD/tests/planning/alley_access_check

draws small random instances (times at the zones' edges included, pairs in
random order, homes without residents, facilities nobody reaches), runs the
C++ filter on each and compares every figure to 1e-9 relative. Exit 0 when
all agree, 1 on a difference, 77 (ctest's skip) when numpy is missing.
"""

import argparse
import json
import math
import subprocess
import sys

try:
    import numpy as np
except ImportError:  # pragma: no cover - depends on the machine
    print("numpy is not installed: skipped")
    sys.exit(77)

RTOL = 1e-9
ATOL = 1e-12
DEFAULT_ZONES = [(3000, 1.00), (6000, 0.68), (9000, 0.22)]


def weights(method, t, d0, zones, beta):
    """f(d) for a matrix of times t (np.inf where no pair)."""
    if method == "e2sfca":
        d0 = zones[-1][0]
        f = np.zeros_like(t)
        lower = -1.0
        for upper, w in zones:
            f[(t > lower) & (t <= upper)] = w
            lower = upper
        return f
    inside = t <= d0
    if method == "2sfca":
        return inside.astype(float)
    if method == "gaussian":
        tail = math.exp(-0.5)
        with np.errstate(invalid="ignore"):
            g = (np.exp(-0.5 * (t / d0) ** 2) - tail) / (1 - tail)
        return np.where(inside, g, 0.0)
    if method == "gravity":
        with np.errstate(divide="ignore"):
            g = np.maximum(t, 1.0) ** (-beta)
        return np.where(inside, g, 0.0)
    raise ValueError(method)


def accessibility(inst):
    homes, facilities = len(inst["demand"]), len(inst["supply"])
    t = np.full((homes, facilities), np.inf)
    for h, f, d in inst["pairs"]:
        t[h, f] = d
    F = weights(inst["method"], t, inst["threshold_ds"], inst.get("zones", DEFAULT_ZONES),
                inst.get("beta", 1.0))
    P = np.array(inst["demand"], dtype=float)
    S = np.array(inst["supply"], dtype=float)
    V = P @ F
    R = np.divide(S, V, out=np.zeros_like(S), where=V > 0)
    A = F @ R
    return {
        "home_access": A,
        "facility_demand": V,
        "facility_ratio": R,
        "reached_supply": S[V > 0].sum(),
        "unreached_supply": S[V <= 0].sum(),
    }


def gini(x, w):
    if w.sum() <= 0 or (w * x).sum() <= 0:
        return None
    pairs = (np.outer(w, w) * np.abs(x[:, None] - x[None, :])).sum()
    return pairs / (2 * w.sum() ** 2 * ((w * x).sum() / w.sum()))


def theil(x, w, unit, units, kind):
    W = w.sum()
    if W <= 0 or (w * x).sum() <= 0:
        return {"total": None, "within": None, "between": None}
    mu = (w * x).sum() / W
    live = w > 0
    if kind == "L" and np.any(x[live] == 0):
        return {"total": None, "within": None, "between": None}

    def index(xs, ws, m):
        keep = ws > 0
        xs, ws = xs[keep], ws[keep]
        if kind == "T":
            pos = xs > 0
            return (ws[pos] * (xs[pos] / m) * np.log(xs[pos] / m)).sum() / ws.sum()
        return (ws * np.log(m / xs)).sum() / ws.sum()

    total = index(x, w, mu)
    within = between = 0.0
    for g in range(units):
        sel = unit == g
        Wg = w[sel].sum()
        if Wg <= 0:
            continue
        mg = (w[sel] * x[sel]).sum() / Wg
        if kind == "T":
            if mg <= 0:
                continue
            share = Wg * mg / (W * mu)
            within += share * index(x[sel], w[sel], mg)
            between += share * math.log(mg / mu)
        else:
            share = Wg / W
            within += share * index(x[sel], w[sel], mg)
            between += share * math.log(mu / mg)
    return {"total": total, "within": within, "between": between}


def reference(inst):
    out = accessibility(inst)
    x = out["home_access"]
    w = np.array(inst["demand"], dtype=float)
    unit = np.array(inst["unit"])
    means = []
    for g in range(inst["unit_count"]):
        sel = unit == g
        Wg = w[sel].sum()
        means.append((w[sel] * x[sel]).sum() / Wg if Wg > 0 else None)
    out["unit_mean"] = means
    out["gini"] = gini(x, w)
    out["theil_t"] = theil(x, w, unit, inst["unit_count"], "T")
    out["theil_l"] = theil(x, w, unit, inst["unit_count"], "L")
    return out


def instance(rng, method, positive_only=False):
    homes = int(rng.integers(1, 60))
    facilities = int(rng.integers(1, 12))
    d0 = int(rng.choice([3000, 6000, 9000, 12345]))
    demand = rng.integers(0, 50, homes).astype(float)
    if not positive_only:
        demand[rng.random(homes) < 0.15] = 0.0
    demand[rng.random(homes) < 0.3] += rng.random()  # some fractional weights
    supply = rng.integers(0, 300, facilities).astype(float)
    edges = [0, 1, 2999, 3000, 3001, 5999, 6000, 6001, 8999, 9000, 9001, d0 - 1, d0, d0 + 1]
    pairs = []
    for h in range(homes):
        for f in range(facilities):
            r = rng.random()
            if r < (1.0 if positive_only else 0.45):
                if rng.random() < 0.2:
                    t = int(rng.choice(edges))
                else:
                    t = int(rng.integers(0, int(d0 * 1.3)))
                pairs.append([h, f, t])
    order = rng.permutation(len(pairs))
    units = int(rng.integers(1, 6))
    inst = {
        "demand": demand.tolist(),
        "supply": supply.tolist(),
        "pairs": [pairs[i] for i in order],
        "unit": rng.integers(0, units, homes).tolist(),
        "unit_count": units + 1,  # one unit with no homes: its mean is missing
        "method": method,
        "threshold_ds": d0,
    }
    if method == "e2sfca" and rng.random() < 0.5:
        inst["zones"] = [[2000, 1.0], [4500, 0.5], [7000, 0.1]]
    if method == "gravity":
        inst["beta"] = float(rng.choice([0.5, 1.0, 1.7, 2.0]))
    return inst


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= RTOL * max(abs(a), abs(b)) + ATOL


def compare(name, got, want, problems):
    if isinstance(want, dict):
        for k in want:
            compare(f"{name}.{k}", got.get(k), want[k], problems)
        return
    if isinstance(want, (list, np.ndarray)):
        want = list(want)
        if got is None or len(got) != len(want):
            problems.append(f"{name}: length {None if got is None else len(got)} != {len(want)}")
            return
        for i, (g, w) in enumerate(zip(got, want)):
            if not close(g, None if w is None else float(w)):
                problems.append(f"{name}[{i}]: {g} != {w}")
        return
    if not close(got, None if want is None else float(want)):
        problems.append(f"{name}: {got} != {want}")


def check(binary, count, seed):
    rng = np.random.default_rng(seed)
    failures = 0
    runs = 0
    for method in ["2sfca", "e2sfca", "gaussian", "gravity"]:
        for k in range(count):
            # Every tenth instance has everyone reaching everything with
            # residents everywhere, so that Theil's L is defined too.
            inst = instance(rng, method, positive_only=(k % 10 == 0))
            proc = subprocess.run([binary], input=json.dumps(inst), capture_output=True, text=True,
                                  check=False)
            runs += 1
            if proc.returncode != 0:
                print(f"{method} #{k}: exit {proc.returncode}: {proc.stdout}{proc.stderr}")
                failures += 1
                continue
            got = json.loads(proc.stdout)
            problems = []
            compare("", got, reference(inst), problems)
            # Supply conservation, the property every method keeps.
            served = float(np.dot(inst["demand"], got["home_access"]))
            if not close(served, got["reached_supply"]):
                problems.append(f"conservation: {served} != {got['reached_supply']}")
            if problems:
                failures += 1
                print(f"{method} #{k}: {len(problems)} differences, first: {problems[:5]}")
    # A refused instance: a pair naming a home past the end.
    bad = instance(rng, "2sfca")
    bad["pairs"].append([len(bad["demand"]), 0, 10])
    proc = subprocess.run([binary], input=json.dumps(bad), capture_output=True, text=True,
                          check=False)
    if proc.returncode != 1 or json.loads(proc.stdout)["error"]["code"] != "out of range":
        print(f"a home past the end was not refused: {proc.returncode} {proc.stdout}")
        failures += 1
    print(f"{runs} instances, {failures} failed")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", metavar="BINARY", required=True,
                    help="the alley_access_check filter to compare with")
    ap.add_argument("--instances", type=int, default=50, help="instances per method")
    ap.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args()
    sys.exit(check(args.check, args.instances, args.seed))


if __name__ == "__main__":
    main()
