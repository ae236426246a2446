"""``atommix mbb``: the m_bb band over the Majorana phases (Eq. 1.4)."""

from __future__ import annotations

import argparse
from typing import Any

from .common import show, UsageError, to_float
from .units import ENERGY, parse_quantity

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    mb = sub.add_parser("mbb", help="m_bb band over the Majorana phases (Eq. 1.4)")
    mb.add_argument("--ordering", required=True, help="neutrino mass ordering: NO or IO")
    mb.add_argument("--lightest", required=True, help="lightest neutrino mass (m1 for NO, m3 for IO), e.g. 0.01eV")
    mb.add_argument("--source", default="nufit52", help="oscillation parameters: nufit52 (default) or pdg")
    mb.add_argument("--uncertainty", action="store_true", help="68 %% intervals of the band edges from the PDG uncertainties")
    mb.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..mbb import mbb_report

    try:
        lightest = to_float("lightest", parse_quantity("--lightest", args.lightest, ENERGY))
        return mbb_report(lightest, args.ordering, args.source, args.uncertainty)
    except (ValueError, FloatingPointError) as exc:
        raise UsageError(str(exc)) from exc
