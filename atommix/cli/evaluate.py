"""``atommix evaluate``: float64 values from the generated kernels at one parameter point."""

from __future__ import annotations

import argparse
from typing import Any

from .channel_commands import add_channels, evaluate_channels, show_channels
from .common import add_command, add_parameters, float_parameters, show as show_point, times, to_float

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

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

    if args.channel:
        return evaluate_channels(args)
    point = float_parameters(args)
    at = [to_float("--time", x, text, "s", reference=True) for x, text in zip(times(args), args.time or [])]
    return float64_point(point, at)


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    (show_channels if args.channel else show_point)(result, args)
