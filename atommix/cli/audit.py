"""``atommix audit``: the paper's approximations beside the exact results, and its claims recomputed."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import UsageError, add_point, count, parameters
from .units import TIME, parse_quantity

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    aud = sub.add_parser("audit", help="the paper's approximations beside the exact results, and its claims recomputed")
    add_point(aud.add_argument_group("parameters (default: the paper's 152Gd point)"))
    aud.add_argument("--age", default="4.5e9yr", help="time since production for Eq. (3.7) (default 4.5e9yr)")
    aud.add_argument("--atoms", default="1mol", help="number of parent atoms (default 1mol)")
    out = aud.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="JSON: {inputs, approximations, claims}")
    out.add_argument("--markdown", action="store_true", help="Markdown tables for a report")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..audit import AuditInputs, audit

    if not (args.nuclide or args.delta or args.gamma or args.m21):
        args.nuclide = "Gd152"
    p = parameters(args)
    try:
        age = parse_quantity("--age", args.age, TIME)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    inputs = AuditInputs(p["delta"], p["gamma"], p["m21"], p["phase"], age, count(args.atoms))
    try:
        return audit(inputs)
    except (ValueError, TypeError) as exc:
        raise UsageError(str(exc)) from exc


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    from ..audit import to_markdown

    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(to_markdown(result), end="")
