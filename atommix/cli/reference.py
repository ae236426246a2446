"""``atommix reference``: values at any precision (mpmath), each with its checked digits."""

from __future__ import annotations

import argparse
from typing import Any

from .channel_commands import add_channels, multi_channel, reference_channels, show_channels
from .common import UsageError, add_command, add_parameters, parameters, show as show_point, times
from .options import integer

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix reference --delta 0.91keV --gamma 23eV --m21 1e-24eV --dps 40",
    "atommix reference --delta 0.91keV --gamma 23eV --m21 1e-24eV --dps 50",
    "atommix reference --channel 750eV,25eV,1e-25eV --channel 4keV,24eV,3e-25eV --channel -1.5keV,26eV,2e-25eV --channel 13keV,25eV,1e-25eV "
    "--dps 30",
)


def add_parser(sub: Any) -> None:
    ref = add_command(sub, "reference", "values at any precision (mpmath), each with its checked digits", EXAMPLES,
                      "Inputs are read as exact decimals (1e-24eV is exactly 10^-24 eV); a plain number is in eV.")
    add_parameters(ref)
    ref.add_argument("--dps", type=integer(1, what="significant digits"), default=50,
                     help="significant digits wanted, >= 1 (default 50)")
    ref.add_argument("--certified", action="store_true",
                     help="also rigorous balls (midpoint +- radius) from python-flint, checked against the mpmath values")
    add_channels(ref)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..evaluation import reference_point

    if multi_channel(args):
        return reference_channels(args)
    point, at = parameters(args), times(args)
    if args.certified:
        try:
            import flint  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise UsageError("--certified needs python-flint: pip install 'atommix[certified]'") from exc
    return reference_point(point, at, args.dps, certified=args.certified)


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    (show_channels if multi_channel(args) else show_point)(result, args)
