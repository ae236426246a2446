"""``atommix candidates``: the shipped candidate transitions, ranked by resonant mixing."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import UsageError, add_command
from .options import number, value
from .units import ENERGY

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix candidates",
    "atommix candidates --m21 5e-25eV --json",
)


def add_parser(sub: Any) -> None:
    cand = add_command(sub, "candidates", "the shipped candidate transitions, ranked by resonant mixing", EXAMPLES,
                       "One row per nuclear level: the captured subshell pair closest to resonance that angular "
                       "momentum allows (and the literature's pair where it differs); allowed rows ranked by "
                       "|alpha|^2 at a common |M21|; '*' marks Delta and Gamma estimated from single-hole data.")
    cand.add_argument("--m21", default="1e-24eV",
                      help="|M21| assumed for every candidate, 1e-100 eV to 1 eV (default 1e-24eV, the paper's 152Gd value)")
    cand.add_argument("--mbb", default="0.1eV",
                      help="m_bb > 0 to which literature half-lives are scaled, up to 10 eV (default 0.1eV)")
    cand.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..candidates import rank_candidates

    m21 = number(args, "--m21", ENERGY)
    if not 1e-100 <= m21 <= 1.0:  # type: ignore[operator]
        raise UsageError(f"--m21 must be between 1e-100 eV and 1 eV to rank the candidates; got {args.m21!r}")
    mbb = value(args, "--mbb", ENERGY, minimum=0, strict=True, what="m_bb, the effective Majorana mass")
    if mbb > 10:  # type: ignore[operator]
        raise UsageError(f"--mbb must be <= 10 eV (m_bb, the effective Majorana mass); got {args.mbb!r}")
    return rank_candidates(m21, mbb)  # type: ignore[arg-type]


def _delta(r: dict[str, Any]) -> str:
    if r["delta_unc_eV"] is None:
        return f"{r['delta_eV']:.0f}"
    return f"{r['delta_eV']:.0f} +- {r['delta_unc_eV']:.0f}"


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"|M21| = {result['inputs']['m21']:g} eV for every candidate ({result['assumption']})\n")
    print(f"{'rank':>4}  {'nuclide':<16}{'J^pi':<7}{'pair':<7}{'allowed':<8}{'Delta/eV':>15}{'Gamma/eV':>9}"
          f"{'|alpha|^2':>11}{'rate/mol/s':>11}  suppressed by")
    for r in result["values"]["candidates"]:
        rank = "-" if r["rank"] is None else str(r["rank"])
        spin = r["level_spin_parity"] or "?"
        pair = r["shells"] or "-"
        allowed = {True: "yes", False: "NO", None: "?"}[r["allowed"]]
        if r["mixing"] is None:
            print(f"{rank:>4}  {r['nuclide']:<16}{spin:<7}{pair:<7}{allowed:<8} missing: {r['missing']}")
            continue
        flag = "*" if r["estimated"] else " "
        print(f"{rank:>4}  {r['nuclide']:<16}{spin:<7}{pair:<7}{allowed:<8}{_delta(r):>14}{flag}{r['gamma_eV']:>9.1f}"
              f"{r['mixing']:>11.2e}{r['rate_per_mole_per_s']:>11.2e}  {r['suppression'] or ''}")
    print("\n* Delta and Gamma estimated from single-hole data of the daughter atom: midpoint of the sum and Z+1 rules,\n"
          "  uncertainty = Q, level, rule half-difference and single-hole spread in quadrature (see --json notes)\n"
          "allowed: the hole pair can couple to the level's J (two holes in one subshell: Pauli); ? = J unknown")
    half = [r for r in result["values"]["candidates"] if r["T_half_yr"] is not None]
    if half:
        print(f"\nliterature half-lives at m_bb = {result['inputs']['mbb']:g} eV:")
        for r in half:
            implied = "" if r["m21_implied_eV"] is None else f"  (|M21| = {r['m21_implied_eV']:.2e} eV at this Delta)"
            print(f"  {r['nuclide']:<16}T1/2 = {r['T_half_yr']:.2e} yr{implied}")
