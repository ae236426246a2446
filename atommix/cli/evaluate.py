"""``atommix evaluate``: float64 values from the generated kernels at one parameter point."""

from __future__ import annotations

import argparse
from typing import Any

from .common import show, UsageError, add_parameters, parameters, times, to_float

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    add_parameters(sub.add_parser("evaluate", help="float64 values from the generated kernels"))


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..evaluation import float64_point

    point = {k: to_float(k, v) for k, v in parameters(args).items()}
    at = [to_float("time", x) for x in times(args)]
    try:
        return float64_point(point, at)
    except (ValueError, TypeError, FloatingPointError) as exc:
        raise UsageError(str(exc)) from exc
