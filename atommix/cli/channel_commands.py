"""The ``--channel`` branch of ``evaluate`` and ``reference``: read the channels, call :mod:`atommix.channels`.

With ``--channel`` given (once or more), ``evaluate`` and ``reference`` solve one parent atom
mixing with every daughter channel given, instead of the 2x2 point of ``--delta``, ``--gamma``,
``--m21``; ``--time`` adds the time history as it does for the 2x2 point.
"""

from __future__ import annotations

import argparse
from typing import Any

from .channel_options import add_channel_option, float_channels, read_channels
from .channel_output import show_channels
from .common import times, to_float
from .options import refuse

__all__ = ["add_channels", "evaluate_channels", "reference_channels", "show_channels"]


def add_channels(parser: argparse.ArgumentParser) -> None:
    """The ``--channel`` option, in its own group of ``--help``."""
    g = parser.add_argument_group(
        "daughter channels (instead of --delta/--gamma/--m21/--phase; a plain number is in eV, the phase in rad)")
    add_channel_option(g)


def evaluate_channels(args: argparse.Namespace) -> dict[str, Any]:
    """Float64 values with the channels of ``--channel`` (and ``--time``), with their error bounds."""
    from ..channels import float64_channels

    channels = float_channels(args)
    at = [to_float("--time", x, text, "s", reference=True) for x, text in zip(times(args), args.time or [])]
    return float64_channels(channels, at, option="--channel")


def reference_channels(args: argparse.Namespace) -> dict[str, Any]:
    """Reference values at ``--dps`` digits with the channels of ``--channel``, each with its checked digits."""
    from ..channels import reference_channels as reference

    refuse(args, ("--certified",), "applies only to the 2x2 point (--delta, --gamma, --m21): "
                                   "with --channel the digits are checked by recomputation at higher precision")
    channels = read_channels(args)
    return reference(channels, times(args), args.dps, option="--channel")
