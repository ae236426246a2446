"""``atommix scan``: grids or random samples of the parameters, streamed to CSV or NPZ in chunks."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import Any

from .common import UsageError, to_float
from .units import ANGLE, ENERGY, TIME, parse_quantity

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    sc = sub.add_parser(
        "scan",
        help="grids or random samples of the parameters, streamed to CSV/NPZ in chunks",
        description="Each axis is a VALUE, a grid START:STOP:N[:log], or, with --random N, a range "
        "START:STOP[:log] (e.g. --delta -2keV:2keV:401, --time 1fs:1yr:200:log). Energies relative to M1.",
    )
    sc.add_argument("-o", "--output", required=True, help="output file, .npz or .csv")
    axes = sc.add_argument_group("axes (a plain number is in eV, s or rad)")
    axes.add_argument("--nuclide", help="take Delta, Gamma and the |M21| scaling from a shipped candidate, e.g. Gd152")
    axes.add_argument("--delta", help="Delta = M1 - M2 (overrides --nuclide)")
    axes.add_argument("--gamma", help="two-hole width Gamma >= 0 (overrides --nuclide)")
    axes.add_argument("--m21", help="|M21| >= 0 (overrides --nuclide)")
    axes.add_argument("--mbb", help="m_bb >= 0 instead of --m21, through the nuclide's |M21| scaling")
    axes.add_argument("--phase", help="phase of M21 in radians (default 0)")
    axes.add_argument("--time", help="time since the parent atom was produced; adds the time quantities")
    sc.add_argument("--random", type=int, metavar="N", help="N random points (uniform, or log-uniform with :log) instead of a grid")
    sc.add_argument("--seed", type=int, default=0, help="seed of the random points (default 0)")
    sc.add_argument("--quantities", help="comma-separated names (default: all eigen-quantities, and the time quantities with --time)")
    sc.add_argument("--chunk", type=int, default=1 << 18, help="points per chunk; bounds the memory (default 262144)")
    sc.add_argument("--dps", type=int, help="mpmath reference values at this many digits, each with its checked digits")
    sc.add_argument("--workers", type=int, help="processes for --dps (default: all cores)")
    sc.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="run the kernels on a dask.distributed cluster (needs atommix[dask])")
    sc.add_argument("--no-progress", action="store_true", help="no progress bar")
    sc.add_argument("--json", action="store_true", help="print the summary as JSON")


def _axis(option: str, text: str, kind: tuple[str, str, str], random: bool) -> Any:
    from ..scan import Grid, Sample

    name = option.lstrip("-")
    parts = text.split(":")
    try:
        if len(parts) == 1:
            return to_float(name, parse_quantity(option, parts[0], kind))
        log = parts[-1].strip().lower() == "log"
        if log:
            parts = parts[:-1]
        if random:
            if len(parts) != 2:
                raise ValueError(f"{option} with --random takes START:STOP[:log]; got {text!r}")
            low, high = (to_float(name, parse_quantity(option, p, kind)) for p in parts)
            return Sample(low, high, log)
        if len(parts) != 3:
            raise ValueError(f"{option} takes a value or START:STOP:N[:log]; got {text!r}")
        start, stop = (to_float(name, parse_quantity(option, p, kind)) for p in parts[:2])
        if not parts[2].strip().isdigit() or int(parts[2]) < 1:
            raise ValueError(f"{option}: the number of grid points must be an integer >= 1; got {parts[2]!r}")
        num = int(parts[2])
        return Grid.logspace(start, stop, num) if log else Grid.linspace(start, stop, num)
    except ValueError as exc:
        message = str(exc)
        raise UsageError(message if message.startswith(option) else f"{option}: {message}") from exc


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..nuclides import M21_SCALING, nuclide_parameters
    from ..scan import scan

    random = args.random is not None
    axes: dict[str, Any] = {}
    m21_per_mbb = None
    if args.nuclide:
        try:
            p = nuclide_parameters(args.nuclide, mbb=Fraction(1, 10))  # |M21| at the paper's m_bb = 0.1 eV
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        for name in ("delta", "gamma", "m21"):
            if getattr(p, name) is not None:
                axes[name] = float(getattr(p, name))
        if p.key in M21_SCALING:
            m21, mbb = M21_SCALING[p.key]
            m21_per_mbb = float(m21 / mbb)
    for name, option, kind in (("delta", "--delta", ENERGY), ("gamma", "--gamma", ENERGY), ("m21", "--m21", ENERGY),
                               ("mbb", "--mbb", ENERGY), ("phase", "--phase", ANGLE), ("t", "--time", TIME)):
        text = getattr(args, "time" if name == "t" else name)
        if text is not None:
            axes[name] = _axis(option, text, kind, random)
    if "mbb" in axes and args.m21 is None:
        axes.pop("m21", None)  # the nuclide's |M21| at 0.1 eV gives way to the m_bb axis
    quantities = None if args.quantities is None else [q.strip() for q in args.quantities.split(",") if q.strip()]
    client = _dask_client(args.dask) if args.dask else None
    try:
        summary = scan(
            axes, args.output, quantities=quantities, random=args.random, seed=args.seed, chunk=args.chunk,
            dps=args.dps, workers=args.workers, client=client, m21_per_mbb=m21_per_mbb,
            progress=not args.no_progress,
        )
    except (TypeError, ValueError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        if client is not None:
            client.close()
    return summary.as_dict()


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise UsageError("--dask needs dask.distributed: pip install 'atommix[dask]'") from exc
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--dask: cannot reach the scheduler at {address!r}: {exc}") from exc


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    rate = result["points_per_second"]
    print(f"wrote {result['points']} points ({result['mode']}, shape {tuple(result['shape'])}) to {result['output']}")
    print(f"  {result['chunks']} chunk(s) in {result['seconds']:.3g} s" + (f", {rate:.3g} points/s" if rate else "")
          + f", backend {result['backend']}")
    print(f"  columns: {', '.join(result['columns'])}")
    if result["exceptional_points"]:
        print(f"  {result['exceptional_points']} point(s) at the exceptional point (Delta = 0, Gamma = 4|M21|): "
              "eigen-quantities, P_L, P_S and time scales are NaN there (column exceptional_point)")
