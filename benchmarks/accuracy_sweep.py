"""Accuracy of every eigensystem kernel against mpmath (20 checked digits), in ulp.

    python benchmarks/accuracy_sweep.py [--n 20000] [--seed 1]

Weak mixing: |M21|/|Delta + i Gamma/2| log-uniform in [1e-30, 1e-1]; strong
mixing: in [1e-1, 1e3] (|M21| ~ Gamma and beyond).  Gamma/|Delta| log-uniform in
[1e-6, 1e6], |Delta| in [1e-3, 1e6] eV, both signs, random phase.  Prints a
Markdown table of max / 99th percentile / median error per quantity.
"""

from __future__ import annotations

import argparse
import time

from atommix.validation.accuracy import eigen_errors, sample_eigen_parameters, summarize


def table(title: str, summary: dict[str, dict[str, float]]) -> str:
    lines = [f"**{title}**", "", "| quantity | max ulp | p99 ulp | median ulp |", "|---|---:|---:|---:|"]
    for name, s in summary.items():
        lines.append(f"| `{name}` | {s['max']:.1f} | {s['p99']:.1f} | {s['median']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    weak_points = sample_eigen_parameters(args.n, seed=args.seed)
    weak = [eigen_errors(p) for p in weak_points]
    inside = [e for e, p in zip(weak, weak_points) if p.strength < 0.25]
    strong = [eigen_errors(p) for p in sample_eigen_parameters(args.n // 4, seed=args.seed + 1, ratio_range=(1e-1, 1e3))]
    print(table(f"weak mixing, |4 M21^2/z^2| < 1/4 ({len(inside)} points)", summarize(inside)))
    print()
    print(table(f"strong mixing, |M21|/|z| in [0.1, 1000] ({len(strong)} points)", summarize(strong)))
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
