"""``atommix evaluate``: float64 values from the generated kernels at one parameter point."""

from __future__ import annotations

import argparse
import math
from fractions import Fraction
from typing import Any

from .channel_commands import add_channels, multi_channel, evaluate_channels, show_channels
from .common import add_command, add_parameters, float_parameters, parameters, show as show_point, times, to_float

__all__ = ["add_parser", "run", "show", "rounding_error", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix evaluate --delta 0.91keV --gamma 23eV --m21 1e-24eV",
    "atommix evaluate --delta 0.91keV --gamma 23eV --m21 1e-24eV --time 1e-18s --time 4.5e9yr",
    "atommix evaluate --channel 750eV,25eV,1e-25eV --channel 4keV,24eV,3e-25eV --channel -1.5keV,26eV,2e-25eV --channel 13keV,25eV,1e-25eV "
    "--time 4.5e9yr",
)


def add_parser(sub: Any) -> None:
    p = add_command(sub, "evaluate", "float64 values from the generated kernels", EXAMPLES,
                    "Energies are relative to M1, in eV; a plain number is in eV (0.91 means 0.91 eV, not keV).")
    add_parameters(p)
    add_channels(p)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..evaluation import float64_point

    if multi_channel(args):
        return evaluate_channels(args)
    exact = parameters(args, ("delta", "gamma", "m21"))
    point = float_parameters(args)
    exact_times = times(args)
    at = [to_float("--time", x, text, "s", reference=True) for x, text in zip(exact_times, args.time or [])]
    # the bounds hold at the typed inputs: each input's distance from its float64 enters them
    errors: dict[str, Any] = {k: rounding_error(point[k], exact[k]) for k in point}
    errors["t"] = [rounding_error(f, x) for f, x in zip(at, exact_times)]
    return float64_point(point, at, input_errors=errors)


def rounding_error(f: float, exact: Fraction) -> float:
    """|f - exact| as a float, rounded up (so that it bounds the distance)."""
    d = abs(Fraction(f) - exact)
    e = float(d)
    return e if Fraction(e) >= d else math.nextafter(e, math.inf)


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    (show_channels if multi_channel(args) else show_point)(result, args)
