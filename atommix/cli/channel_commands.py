"""The multi-channel branch of ``evaluate`` and ``reference``: read the channels, call :mod:`atommix.channels`.

With ``--channel`` given (once or more), or ``--nuclide X --all-channels`` (:mod:`.all_channels`),
``evaluate`` and ``reference`` solve one parent atom mixing with every daughter channel, instead
of the 2x2 point of ``--delta``, ``--gamma``, ``--m21``; ``--time`` adds the time history as it
does for the 2x2 point.  The records of ``--all-channels`` name each channel in ``inputs.labels``.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..channels import CHANNEL_FIELDS
from ..quantities import PARAMETERS
from .all_channels import add_all_channels_option, all_channels_given, read_all_channels
from .channel_options import add_channel_option, channels_given, float_channels, read_channels
from .channel_output import show_channels
from .common import times, to_float
from .options import refuse

__all__ = ["add_channels", "multi_channel", "evaluate_channels", "reference_channels", "show_channels"]

_ALL = "--all-channels"


def add_channels(parser: argparse.ArgumentParser) -> None:
    """The ``--channel`` option, in its own group of ``--help``."""
    g = parser.add_argument_group(
        "daughter channels (instead of --delta/--gamma/--m21/--phase; a plain number is in eV, the phase in rad)")
    add_channel_option(g)
    add_all_channels_option(g)


def multi_channel(args: argparse.Namespace) -> bool:
    """Whether the command takes its multi-channel branch (``--channel`` or ``--all-channels``)."""
    refuse(args, ("--closest",) if not all_channels_given(args) else (), "applies only with --all-channels")
    return channels_given(args) or all_channels_given(args)


def _labelled(record: dict[str, Any], chosen: list[dict[str, Any]]) -> dict[str, Any]:
    """The record with the nuclide and each channel's label (level and pair) among its inputs."""
    record["inputs"]["nuclide"] = chosen[0]["nuclide"].split("@")[0] if chosen else None
    record["inputs"]["labels"] = [c["label"] for c in chosen]
    return record


def evaluate_channels(args: argparse.Namespace) -> dict[str, Any]:
    """Float64 values with the channels of ``--channel`` (and ``--time``), with their error bounds."""
    from ..channels import float64_channels

    at = [to_float("--time", x, text, "s", reference=True) for x, text in zip(times(args), args.time or [])]
    if not all_channels_given(args):
        return float64_channels(float_channels(args), at, option="--channel")
    chosen = read_all_channels(args)
    named = {"m21": "--m21", "phase": "--phase"}  # the common coupling is typed once, as --m21 and --phase
    channels = [{f: to_float(named.get(f, f"{_ALL} #{k} {f}"), c[f], str(c[f]), PARAMETERS[f].unit, reference=True)
                 for f in CHANNEL_FIELDS} for k, c in enumerate(chosen, start=1)]
    return _labelled(float64_channels(channels, at, option=_ALL), chosen)


def reference_channels(args: argparse.Namespace) -> dict[str, Any]:
    """Reference values at ``--dps`` digits with the channels of ``--channel``, each with its checked digits."""
    from ..channels import reference_channels as reference

    refuse(args, ("--certified",), "applies only to the 2x2 point (--delta, --gamma, --m21): "
                                   "with several channels the digits are checked by recomputation at higher precision")
    if not all_channels_given(args):
        return reference(read_channels(args), times(args), args.dps, option="--channel")
    chosen = read_all_channels(args)
    channels = [{f: c[f] for f in CHANNEL_FIELDS} for c in chosen]
    return _labelled(reference(channels, times(args), args.dps, option=_ALL), chosen)
