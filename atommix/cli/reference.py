"""``atommix reference``: values at any precision (mpmath), each with its checked digits."""

from __future__ import annotations

import argparse
from typing import Any

from .common import show, UsageError, add_parameters, parameters, times

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    ref = sub.add_parser("reference", help="values at any precision (mpmath), each with its checked digits")
    add_parameters(ref)
    ref.add_argument("--dps", type=int, default=50, help="significant digits wanted (default 50)")
    ref.add_argument("--certified", action="store_true",
                     help="also rigorous balls (midpoint +- radius) from python-flint, checked against the mpmath values")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..evaluation import reference_point

    point, at = parameters(args), times(args)
    if args.certified:
        try:
            import flint  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise UsageError("--certified needs python-flint: pip install 'atommix[certified]'") from exc
    try:
        return reference_point(point, at, args.dps, certified=args.certified)
    except (ValueError, TypeError) as exc:
        raise UsageError(str(exc)) from exc
