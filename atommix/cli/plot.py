"""``atommix plot``: figures of the evolution, the populations, the resonance, m_bb and the gain."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .common import UsageError, add_point, parameters, to_float

__all__ = ["add_parser", "run", "show", "KINDS"]

#: Plot kinds, as ``atommix.plots.KINDS`` names them.
KINDS = ("evolution", "populations", "resonance", "mbb", "gain")


def add_parser(sub: Any) -> None:
    pl = sub.add_parser("plot", help="figures: evolution, populations, resonance, mbb, gain (needs matplotlib)")
    pl.add_argument("kind", choices=KINDS)
    pl.add_argument("-o", "--output", required=True, help="output file (.png, .pdf or .svg)")
    add_point(pl.add_argument_group("parameters (default: 152Gd)"))
    pl.add_argument("--source", default="nufit52", help="oscillation parameters for mbb: nufit52 or pdg")
    pl.add_argument("--spot-shape", default="square", help="area convention for gain: square or disk")


def run(args: argparse.Namespace) -> str:
    ext = os.path.splitext(args.output)[1].lower()
    if ext not in (".png", ".pdf", ".svg"):
        raise UsageError(f"-o/--output must end in .png, .pdf or .svg; got {args.output!r}")
    try:
        from .. import plots
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise UsageError("plots need matplotlib: pip install 'atommix[plot]'") from exc
    if args.kind in ("evolution", "populations", "resonance"):
        if not (args.nuclide or args.delta or args.gamma or args.m21):
            args.nuclide = "Gd152"
        p = {k: to_float(k, v) for k, v in parameters(args).items()}
        try:
            if args.kind == "resonance":
                fig, _ = plots.plot_resonance(p["gamma"], p["m21"])
            else:
                fig, _ = plots.KINDS[args.kind](**p)
        except (ValueError, TypeError) as exc:
            raise UsageError(str(exc)) from exc
    elif args.kind == "mbb":
        fig, _ = plots.plot_mbb(args.source)
    else:
        fig, _ = plots.plot_gain(spot_shape=args.spot_shape)
    fig.savefig(args.output, dpi=150)
    return args.output


def show(result: str, args: argparse.Namespace) -> None:
    print(result)
