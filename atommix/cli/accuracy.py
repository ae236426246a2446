"""``atommix accuracy``: every generated kernel against the mpmath layer, in units of float64 rounding."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import add_command
from .options import integer

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix accuracy --quick",
    "atommix accuracy --points 20000",
)


def add_parser(sub: Any) -> None:
    acc = add_command(sub, "accuracy", "every generated kernel against the mpmath layer, in ulp", EXAMPLES,
                      "Sweeps of log-uniform points (weak and strong mixing, the edges, next to the exceptional "
                      "point) and the time kernels; the maximum, 99th percentile and median error in ulp.")
    size = acc.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a small sweep of 150 points per sweep (seconds), as run in CI")
    size.add_argument("--points", type=integer(10, what="points per sweep"),
                      help="parameter points per sweep, >= 10 (default 2000)")
    acc.add_argument("--seed", type=integer(0, what="seed of the sweep"), default=1, help="seed of the points, >= 0 (default 1)")
    acc.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..validation.accuracy import accuracy_report

    n = args.points if args.points is not None else (150 if args.quick else 2000)
    return accuracy_report(n, args.seed)


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(result["domain"], "\n")
    for sweep, summary in result["values"].items():
        if sweep == "time_kernels":
            continue
        print(f"{sweep}:\n  {'quantity':<12} {'max_ulp':>8} {'p99_ulp':>8} {'median':>8}")
        for name, s in summary.items():
            print(f"  {name:<12} {s['max']:>8.2f} {s['p99']:>8.2f} {s['median']:>8.2f}")
    print(f"time_kernels:\n  {'quantity':<12} {'max_ulp':>10} {'median':>8} {'max_ulp/condition':>18}")
    for name, s in result["values"]["time_kernels"].items():
        print(f"  {name:<12} {s['max_ulp']:>10.3g} {s['median_ulp']:>8.2f} {s['max_ulp_per_condition']:>18.2f}")
