"""``atommix plot``: figures of the evolution, the populations, the resonance, m_bb and the gain."""

from __future__ import annotations

import argparse
import os
import textwrap
from typing import Any

from .common import UsageError, add_command, add_point, float_parameters
from .options import choice, refuse
from .output import check_output

__all__ = ["add_parser", "run", "show", "save_figure", "KINDS", "EXAMPLES"]

#: Plot kinds, as ``atommix.plots.KINDS`` names them, with what each shows.
KINDS = {
    "evolution": "appearance probability of |2> from the atom oscillations to t >> tau_S (Eqs. 3.2-3.4), "
                 "tau_osc and tau_S marked; at --delta/--gamma/--m21 (default 152Gd)",
    "populations": "P_gs, the depletion and 1 - P_L up to cosmological times; at --delta/--gamma/--m21 (default 152Gd)",
    "resonance": "|alpha|^2 against Delta (the axis) with the shipped candidates; at --gamma/--m21 (default 152Gd)",
    "mbb": "the m_bb bands against the lightest neutrino mass, NO and IO, with the KamLAND-Zen limit (the paper's "
           "Fig. 2); --source",
    "gain": "gain G of Eq. (4.5) against the photon energy for several spot sizes, with the XFEL point; --spot-shape",
}
#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix plot evolution -o evolution.png",
    "atommix plot resonance --gamma 23eV --m21 1e-24eV -o resonance.pdf",
)
_POINT = ("--nuclide", "--mbb", "--delta", "--gamma", "--m21", "--phase")
_FORMATS = (".png", ".pdf", ".svg")


def add_parser(sub: Any) -> None:
    kinds = "\n".join(textwrap.fill(v, 96, initial_indent=f"  {k:<13}", subsequent_indent=" " * 15) for k, v in KINDS.items())
    pl = add_command(sub, "plot", "figures: " + ", ".join(KINDS) + " (needs matplotlib)", EXAMPLES, "kinds:\n" + kinds)
    pl.add_argument("kind", type=choice(*KINDS), metavar="KIND", help="what to plot: " + ", ".join(KINDS) + " (see below)")
    pl.add_argument("-o", "--output", required=True, help="output file, .png, .pdf or .svg (written atomically)")
    add_point(pl.add_argument_group("parameters of evolution, populations (and resonance, without --delta); default 152Gd"))
    pl.add_argument("--source", type=choice("nufit52", "pdg"), help="oscillation parameters for mbb: nufit52 (default) or pdg")
    pl.add_argument("--spot-shape", type=choice("square", "disk"), help="area convention for gain: square (default) or disk")


def _refuse_unused(args: argparse.Namespace) -> None:
    """Options that the kind does not use are refused by name, not ignored."""
    if args.kind in ("mbb", "gain"):
        refuse(args, _POINT, f"does not apply to plot {args.kind} (only to evolution, populations and resonance)")
    if args.kind == "resonance":
        refuse(args, ("--delta",), "does not apply to plot resonance: Delta is its horizontal axis")
        refuse(args, ("--phase",), "does not apply to plot resonance: |alpha|^2 does not depend on the phase of M21")
    if args.kind != "mbb":
        refuse(args, ("--source",), f"applies only to plot mbb, not to plot {args.kind}")
    if args.kind != "gain":
        refuse(args, ("--spot-shape",), f"applies only to plot gain, not to plot {args.kind}")


def run(args: argparse.Namespace) -> str:
    _refuse_unused(args)
    if os.path.splitext(args.output)[1].lower() not in _FORMATS:
        raise UsageError(f"-o/--output must end in .png, .pdf or .svg; got {args.output!r}")
    check_output(args.output)
    try:
        from .. import plots
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise UsageError("plots need matplotlib: pip install 'atommix[plot]'") from exc
    if args.kind in ("evolution", "populations", "resonance"):
        if not (args.nuclide or args.delta or args.gamma or args.m21):
            args.nuclide = "Gd152"
        if args.kind == "resonance":
            p = float_parameters(args, needed=("gamma", "m21"))
            fig, _ = plots.plot_resonance(p["gamma"], p["m21"])
        else:
            fig, _ = plots.KINDS[args.kind](**float_parameters(args))
    elif args.kind == "mbb":
        fig, _ = plots.plot_mbb(args.source or "nufit52")
    else:
        fig, _ = plots.plot_gain(spot_shape=args.spot_shape or "square")
    save_figure(fig, args.output)
    return args.output


def save_figure(fig: Any, path: str) -> None:
    """Save ``fig`` under a temporary name beside ``path``, renamed onto it when complete."""
    from ..scan.writers import atomic_path

    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=150, format=os.path.splitext(path)[1][1:].lower())


def show(result: str, args: argparse.Namespace) -> None:
    print(result)
