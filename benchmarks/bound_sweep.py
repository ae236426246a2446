"""The error bounds against the true errors, over every sweep of the domain.

    python benchmarks/bound_sweep.py [--n 200] [--times 3] [--seed 1] [--json PATH]

Points: weak mixing at real-atom scales, strong mixing, the edges (Delta = 0, Gamma = 0,
|M21| = 0) and the exceptional point's neighbourhood (``atommix.validation.accuracy``), ``n``
each; for the time quantities ``times`` times per point, log-uniform in [1e-25 s, 1e18 s].
The true error of each value is measured against the reference at the same float64 inputs
(python-flint/mpmath, 20 checked digits).  Reported per family: the violations (error above
its bound: must be 0), the median bound and the median error in units of 2^-52 relative, the
median of bound/error where the error is not 0, and the share of values whose bound is within
100 ulp among the well-conditioned ones (condition number of the eigenvalues < 10 and the
exponents Gamma t/hbar, (E_L - E_S) t/hbar below 10).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from atommix.numeric import eigensystem_bounds, evolution_bounds
from atommix.validation import reference_eigensystem, reference_evolution
from atommix.validation.accuracy import sample_edges, sample_eigen_parameters, sample_near_exceptional_point

ULP = 2.0**-52
HBAR = 6.582119569509066e-16


def _error(v: Any, exact: Any) -> float:
    exact = mpmath.mpmathify(exact)
    if exact == 0:
        return 0.0 if v == 0 else math.inf
    return float(abs(mpmath.mpmathify(complex(v)) - exact) / abs(exact))


def _record(rows: list[dict[str, Any]], family: str, name: str, v: Any, b: float, exact: Any, conditioned: bool) -> None:
    if v is None or exact is None or not np.isfinite(complex(v)).all() or abs(complex(v)) < np.finfo(float).tiny:
        return  # absent, or below the normal range (its bound is rightly large)
    rows.append({"family": family, "name": name, "bound": float(b), "error": _error(v, exact), "well": conditioned})


def sweep(n: int, times: int, seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    sets = {
        "weak": sample_eigen_parameters(n, seed=seed),
        "strong": sample_eigen_parameters(n, seed=seed + 1, ratio_range=(1e-1, 1e2)),
        "edges": sample_edges(n, seed=seed + 2),
        "near EP": sample_near_exceptional_point(n, seed=seed + 3),
    }
    rows: list[dict[str, Any]] = []
    for family, points in sets.items():
        for p in points:
            d, g, m, ph = (float(x) for x in (p.delta, p.gamma, p.m21, p.phase))
            exact = tuple(Fraction(x) for x in (d, g, m, ph))
            try:
                b = eigensystem_bounds(d, g, m, ph)
            except Exception:  # the exceptional point itself, or outside the domain: refused by name
                continue
            well = float(b.values.condition) < 10
            ref = reference_eigensystem(*exact, dps=20)
            for name in b.values._fields:
                _record(rows, family, name, getattr(b.values, name), getattr(b.bounds, name), ref[name], well)
            ts = [float(10 ** rng.uniform(-25, 18)) for _ in range(times)]
            h = evolution_bounds(d, g, m, ph, t=ts)
            hist = reference_evolution(*exact, times=[Fraction(t) for t in ts], dps=20)
            for k, t in enumerate(ts):
                exponent = (abs(d) + g + 2 * m) * t / HBAR
                for name in h.values._fields:
                    _record(rows, family + " (time)", name, np.asarray(getattr(h.values, name))[k],
                            np.asarray(getattr(h.bounds, name))[k], hist.values[k].get(name), well and exponent < 10)
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for family in dict.fromkeys(r["family"] for r in rows):
        rs = [r for r in rows if r["family"] == family]
        bounds = np.array([r["bound"] for r in rs])
        errors = np.array([r["error"] for r in rs])
        positive = errors > 0
        well = np.array([r["well"] for r in rs])
        out[family] = {
            "values": len(rs),
            "violations": int(np.sum(errors > bounds)),
            "median_bound_ulp": float(np.median(bounds) / ULP),
            "median_error_ulp": float(np.median(errors) / ULP),
            "median_bound_over_error": float(np.median(bounds[positive] / errors[positive])) if positive.any() else None,
            "well_conditioned_within_100_ulp": float(np.mean(bounds[well] <= 100 * ULP)) if well.any() else None,
            "infinite_bounds": int(np.sum(~np.isfinite(bounds))),
        }
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--times", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    result = summary(sweep(args.n, args.times, args.seed))
    print("| sweep | values | violations | median bound (ulp) | median error (ulp) | median bound/error | "
          "well-conditioned within 100 ulp | infinite bounds |")
    print("|---|---|---|---|---|---|---|---|")
    for family, s in result.items():
        ratio = "-" if s["median_bound_over_error"] is None else f"{s['median_bound_over_error']:.1f}"
        well = "-" if s["well_conditioned_within_100_ulp"] is None else f"{100 * s['well_conditioned_within_100_ulp']:.1f} %"
        print(f"| {family} | {s['values']} | {s['violations']} | {s['median_bound_ulp']:.1f} | "
              f"{s['median_error_ulp']:.2f} | {ratio} | {well} | {s['infinite_bounds']} |")
    print(f"\n{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
