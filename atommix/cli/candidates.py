"""``atommix candidates``: the shipped candidate transitions, ranked by resonant mixing."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import UsageError, add_command
from .options import number
from .units import ENERGY

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix candidates",
    "atommix candidates --m21 5e-25eV --json",
)


def add_parser(sub: Any) -> None:
    cand = add_command(sub, "candidates", "the shipped candidate transitions, ranked by resonant mixing", EXAMPLES,
                       "Ranked by |alpha|^2 at a common |M21|; '*' marks Delta and Gamma estimated from "
                       "single-hole data.")
    cand.add_argument("--m21", default="1e-24eV",
                      help="|M21| assumed for every candidate, 1e-100 eV to 1 eV (default 1e-24eV, the paper's 152Gd value)")
    cand.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..candidates import rank_candidates

    m21 = number(args, "--m21", ENERGY)
    if not 1e-100 <= m21 <= 1.0:  # type: ignore[operator]
        raise UsageError(f"--m21 must be between 1e-100 eV and 1 eV to rank the candidates; got {args.m21!r}")
    return rank_candidates(m21)  # type: ignore[arg-type]


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"|M21| = {result['inputs']['m21']:g} eV for every candidate ({result['assumption']})\n")
    print(f"{'rank':>4}  {'nuclide':<14}{'Delta/eV':>18}{'Gamma/eV':>10}{'|alpha|^2':>12}{'rate/mol/s':>12}{'vs resonance':>14}")
    for r in result["values"]["candidates"]:
        if r["mixing"] is None:
            print(f"{'-':>4}  {r['nuclide']:<14}{'missing: ' + r['missing']}")
            continue
        flag = "*" if r["estimated"] else " "
        delta = f"{r['delta_eV']:.1f} +- {r['delta_unc_eV']:.0f}" if r["delta_unc_eV"] is not None else f"{r['delta_eV']:.1f}"
        print(f"{r['rank']:>4}  {r['nuclide']:<14}{delta:>17}{flag}{r['gamma_eV']:>10.2f}"
              f"{r['mixing']:>12.3e}{r['rate_per_mole_per_s']:>12.3e}{r['resonance_enhancement']:>14.3e}")
    print("\n* Delta and Gamma estimated from single-hole data of the daughter atom (see --json notes)")
