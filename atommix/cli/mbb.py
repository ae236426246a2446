"""``atommix mbb``: the m_bb band over the Majorana phases (Eq. 1.4)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import UsageError, add_command, print_table
from .options import choice, number
from .units import ENERGY

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix mbb --ordering IO --lightest 0",
    "atommix mbb --ordering IO --lightest 0 --source pdg --uncertainty",
)
_SOURCES = ("nufit52", "pdg")


def add_parser(sub: Any) -> None:
    mb = add_command(sub, "mbb", "m_bb band over the Majorana phases (Eq. 1.4)", EXAMPLES,
                     "Central values and 68 % intervals come from the same source of oscillation parameters.")
    mb.add_argument("--ordering", required=True, type=choice("NO", "IO"), help="neutrino mass ordering: NO or IO")
    mb.add_argument("--lightest", required=True, help="lightest neutrino mass >= 0 (m1 for NO, m3 for IO), e.g. 0.01eV")
    mb.add_argument("--source", type=choice(*_SOURCES), default="nufit52",
                    help="oscillation parameters: nufit52 (NuFIT 5.2, default) or pdg")
    mb.add_argument("--uncertainty", action="store_true",
                    help="68 %% intervals of the band edges from the 1-sigma uncertainties of the same --source")
    mb.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units, sources}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..mbb import mbb_report
    from ..uncertainty import band_sigma_missing

    lightest = number(args, "--lightest", ENERGY, minimum=0, what="the lightest neutrino mass")
    if args.uncertainty and band_sigma_missing(args.ordering, args.source):
        missing = ", ".join(band_sigma_missing(args.ordering, args.source))
        raise UsageError(f"--uncertainty is not available with --source {args.source}: the shipped data give no "
                         f"1-sigma uncertainty for {missing} (only best fit and 3-sigma ranges); "
                         "use --source pdg for central values and intervals both from PDG")
    return mbb_report(lightest, args.ordering, args.source, args.uncertainty)  # type: ignore[arg-type]


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print_table(result)
    if "uncertainties" in result["sources"]:
        print(f"\n68% intervals: {result['sources']['uncertainties']}")
