"""Accuracy of the time kernels against mpmath (expm; 20 checked digits) over t in [1e-25 s, 1e18 s].

    python benchmarks/time_accuracy.py [--n 3000] [--seed 1]

Parameters as in accuracy_sweep.py (weak mixing, plus a quarter of the points at
strong mixing), t log-uniform.  Reports per quantity the error in ulp and the
error divided by the exponent conditioning kappa (validation.accuracy.time_conditioning),
then the 152Gd time scales of Eq. (3.6) and the ratios of the paper's hierarchy.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from atommix.numeric import time_scales
from atommix.validation.accuracy import (
    TIME_ERROR_NAMES,
    evolution_errors,
    sample_eigen_parameters,
    time_conditioning,
)

YEAR = 31557600.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    points = sample_eigen_parameters(args.n, seed=args.seed) + sample_eigen_parameters(
        args.n // 4, seed=args.seed + 1, ratio_range=(1e-1, 1e2)
    )
    rows = []
    for p in points:
        t = float(10 ** rng.uniform(-25, 18))
        rows.append((evolution_errors(p, t), time_conditioning(p, t)))
    print(f"**time kernels vs mpmath, {len(points)} points, t log-uniform in [1e-25, 1e18] s**\n")
    print("| quantity | max ulp | median ulp | max ulp / kappa | points with kappa > 10 |")
    print("|---|---:|---:|---:|---:|")
    for name in TIME_ERROR_NAMES:
        errs = np.array([e.get(name, 0.0) for e, _ in rows])
        kap = np.array([k[name] for _, k in rows])
        print(f"| `{name}` | {errs.max():.3g} | {np.median(errs):.2f} | {(errs / kap).max():.1f} | {(kap > 10).sum()} |")
    gd = time_scales(910.0, 23.0, 1e-24)
    earth = 4.5e9 * YEAR
    print("\n**152Gd (Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV)**\n")
    print(f"tau_osc = {gd.tau_osc:.4e} s, tau_S = {gd.tau_S:.4e} s, tau_L = {gd.tau_L:.4e} s")
    print(f"tau_S/tau_osc = {gd.tau_S / gd.tau_osc:.3g}, t_Earth/tau_S = {earth / gd.tau_S:.3g}, "
          f"tau_L/t_Earth = {gd.tau_L / earth:.3g}")
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
