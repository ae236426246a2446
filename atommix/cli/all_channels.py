"""``--nuclide X --all-channels``: the daughter channels of a shipped parent, instead of ``--channel`` options.

The channels are every (level, captured subshell pair) that angular momentum allows, with their
Delta and Gamma (:func:`atommix.candidate_channels.nuclide_channels`, over
:func:`atommix.candidates.allowed_channels`), closest to resonance first.  The data give no
per-channel coupling, so every channel gets one common |M_i|:

- ``--m21`` when given;
- else the nuclide's |M21| at ``--mbb`` (default 0.1 eV) where a source gives its scaling
  (152Gd: |M21| = 1e-24 eV x m_bb/0.1 eV, the paper's value for K L1);
- else a refusal asking for ``--m21``.

``--phase`` (default 0) is the common phase; ``--closest N`` keeps the first N channels.
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from .options import UsageError, given, integer, refuse, value
from .units import ANGLE, ENERGY

__all__ = ["ALL_CHANNELS_HELP", "add_all_channels_option", "add_closest_option", "all_channels_given", "read_all_channels"]

#: What ``--help`` says of ``--all-channels``.
ALL_CHANNELS_HELP = ("with --nuclide: every allowed (level, subshell pair) of that parent as a daughter channel, "
                     "Delta and Gamma from the candidate data, one common |M_i| from --m21 (default: the nuclide's "
                     "|M21| at --mbb where a source gives it, i.e. Gd152) and --phase")


def add_all_channels_option(group: Any) -> None:
    """Add ``--all-channels`` and ``--closest`` to a parser or argument group."""
    group.add_argument("--all-channels", action="store_true", help=ALL_CHANNELS_HELP)
    add_closest_option(group, "--all-channels")


def add_closest_option(group: Any, applies: str, default: str = "all") -> None:
    """Add ``--closest N``: only the N channels of a nuclide closest to resonance."""
    group.add_argument("--closest", type=integer(1, what="number of channels"), metavar="N",
                       help=f"with {applies}: only the N channels closest to resonance of each nuclide (default: {default})")


def all_channels_given(args: argparse.Namespace) -> bool:
    """Whether ``--all-channels`` was given."""
    return bool(getattr(args, "all_channels", False))


def _common_m21(args: argparse.Namespace, keys: set[str]) -> Fraction:
    from ..nuclides import M21_SCALING
    from .common import DEFAULT_MBB

    m21 = value(args, "--m21", ENERGY, minimum=0, what="the common modulus |M_i| of every channel")
    mbb = value(args, "--mbb", ENERGY, minimum=0, what="m_bb, the effective Majorana mass")
    if m21 is not None:
        if mbb is not None:
            raise UsageError("--mbb and --m21 exclude each other: --mbb sets |M21| through the nuclide's scaling")
        return m21
    scalings = {M21_SCALING[k] for k in keys if k in M21_SCALING}
    if len(scalings) != 1 or any(k not in M21_SCALING for k in keys):
        raise UsageError(f"--m21 is needed with --all-channels for --nuclide {args.nuclide}: no source gives its |M21| "
                         "(the common |M_i| of every channel)")
    base, per = scalings.pop()
    return base * (DEFAULT_MBB if mbb is None else mbb) / per


def read_all_channels(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Exact channels (eV, rad) with ``label``, ``nuclide`` and ``source``, from ``--nuclide`` and ``--all-channels``."""
    from ..candidate_channels import nuclide_channels
    from ..nuclides import UnknownNuclideError

    if given(args, "--channel"):
        raise UsageError("--all-channels and --channel exclude each other: the channels come either from --nuclide's "
                         "data or from each --channel")
    if not getattr(args, "nuclide", None):
        raise UsageError("--all-channels needs --nuclide: the shipped parent whose channels it takes (e.g. --nuclide Gd152)")
    refuse(args, ("--delta", "--gamma"), "does not apply with --all-channels: each channel's Delta and Gamma come from "
                                         "the candidate data")
    try:
        records = nuclide_channels(args.nuclide, Fraction(0))
    except UnknownNuclideError as exc:
        raise UsageError("--" + str(exc)) from None
    if not records:
        raise UsageError(f"--nuclide {args.nuclide} has no allowed channel with Delta and Gamma in the data: "
                         "--all-channels needs at least one (see `atommix candidates`)")
    m21 = _common_m21(args, {r["nuclide"] for r in records})
    phase = value(args, "--phase", ANGLE, what="the common phase of every channel") or Fraction(0)
    closest = getattr(args, "closest", None)
    chosen = records[:closest] if closest else records
    return [{**r, "m21": m21, "phase": phase} for r in chosen]
