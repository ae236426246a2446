"""``--channel DELTA,GAMMA,M21[,PHASE]``: daughter channels on the command line, read and checked.

One parent atom coupled to N >= 1 two-hole daughters (``atommix.channels``): each ``--channel``
gives one daughter, in the units of ``--delta``, ``--gamma``, ``--m21`` and ``--phase`` (a plain
number is in eV, the phase in radians, default 0).  Every refusal names the option, the channel
(``#2`` is the second ``--channel`` given) and the field, and quotes the text as typed::

    --channel #2 GAMMA must be >= 0 eV (the two-hole width Gamma); got '-23eV'

The single-point options (``--nuclide``, ``--mbb``, ``--delta``, ``--gamma``, ``--m21``,
``--phase``) describe the one daughter of the 2x2 problem and are refused beside ``--channel``.
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from ..quantities import PARAMETERS
from .options import UsageError, given, refuse, to_float, value
from .units import ANGLE, ENERGY

__all__ = [
    "CHANNEL_HELP",
    "FIELD_NAMES",
    "POINT_OPTIONS",
    "add_channel_option",
    "channels_given",
    "split_channel",
    "read_channels",
    "float_channels",
]

#: What ``--help`` says of ``--channel``.
CHANNEL_HELP = ("a daughter channel DELTA,GAMMA,M21[,PHASE] (units as --delta, --gamma, --m21, --phase; "
                "e.g. 910eV,23eV,1e-24eV); repeatable: one parent mixing with every channel given")
#: The fields of ``--channel`` as the user writes them, and the parameter each one is.
FIELD_NAMES = {"delta": "DELTA", "gamma": "GAMMA", "m21": "M21", "phase": "PHASE"}
#: Options of the single 2x2 point, which ``--channel`` replaces.
POINT_OPTIONS = ("--nuclide", "--mbb", "--delta", "--gamma", "--m21", "--phase")
_KINDS = {"eV": ENERGY, "rad": ANGLE}
_FORM = "DELTA,GAMMA,M21[,PHASE] (3 or 4 comma-separated values, e.g. 910eV,23eV,1e-24eV)"


def add_channel_option(group: Any) -> None:
    """Add the repeatable ``--channel`` option to a parser or argument group."""
    group.add_argument("--channel", action="append", metavar="DELTA,GAMMA,M21[,PHASE]", help=CHANNEL_HELP)


def channels_given(args: argparse.Namespace) -> bool:
    """Whether any ``--channel`` was given (the multi-channel branch of a command)."""
    return given(args, "--channel")


def split_channel(k: int, text: str) -> dict[str, str]:
    """The texts of the fields of the ``k``-th ``--channel`` (1-based), or a refusal naming the form."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (3, 4) or any(not p for p in parts):
        raise UsageError(f"--channel #{k} must be {_FORM}; got {text!r}")
    return dict(zip(FIELD_NAMES, parts))


def _field(k: int, name: str, text: str) -> Fraction:
    p = PARAMETERS[name]
    what = p.description.removesuffix(" in " + p.unit)
    x = value(None, f"--channel #{k} {FIELD_NAMES[name]}", _KINDS[p.unit], minimum=p.minimum, what=what, text=text)  # type: ignore[arg-type]
    assert x is not None
    return x


def read_channels(args: argparse.Namespace) -> list[dict[str, Fraction]]:
    """Exact channels (eV, rad) from every ``--channel``, in the order given, each field checked.

    Refuses the single-point options beside ``--channel``: they would describe a second,
    different model of the daughters.
    """
    refuse(args, POINT_OPTIONS, "does not apply with --channel: give each daughter as --channel DELTA,GAMMA,M21[,PHASE]")
    texts = getattr(args, "channel", None) or []
    if not texts:
        raise UsageError(f"--channel is needed at least once: {_FORM}")
    out = []
    for k, text in enumerate(texts, start=1):
        fields = split_channel(k, text)
        row = {name: _field(k, name, t) for name, t in fields.items()}
        row.setdefault("phase", Fraction(0))
        out.append(row)
    return out


def float_channels(args: argparse.Namespace) -> list[dict[str, float]]:
    """:func:`read_channels` as float64, each field within the float64 range."""
    out = []
    for k, (row, text) in enumerate(zip(read_channels(args), args.channel), start=1):
        out.append({name: to_float(f"--channel #{k} {FIELD_NAMES[name]}", x, text, PARAMETERS[name].unit, reference=True)
                    for name, x in row.items()})
    return out
