"""``atommix accuracy``: every generated kernel against the mpmath layer, in units of float64 rounding."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import UsageError

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    acc = sub.add_parser("accuracy", help="every generated kernel against the mpmath layer, in ulp")
    acc.add_argument("--quick", action="store_true", help="a small sweep (seconds), as run in CI")
    acc.add_argument("--points", type=int, help="parameter points per sweep (default 2000, quick: 150)")
    acc.add_argument("--seed", type=int, default=1)
    acc.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..validation.accuracy import accuracy_report

    n = args.points or (150 if args.quick else 2000)
    if n < 10:
        raise UsageError(f"--points must be >= 10; got {n}")
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
