"""``atommix scan``: grids or random samples of the parameters, streamed to CSV or NPZ in chunks."""

from __future__ import annotations

import argparse
import json
import os
from fractions import Fraction
from typing import Any

from ..quantities import PARAMETERS
from .channel_options import add_channel_option
from .channel_scan import SUPPORTED, scan_channels, show_sweep
from .common import UsageError, add_command
from .options import given, integer, refuse, to_float, value
from .output import check_output, print_scan_summary
from .units import ANGLE, ENERGY, TIME

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix scan --nuclide Gd152 --delta -5keV:5keV:2001 --gamma 1eV:100eV:200:log --quantities mixing,gamma_L -o resonance.npz",
    "atommix scan --nuclide Gd152 --mbb 1meV:0.5eV:log --time 1fs:4.5e9yr:log --random 1000000 "
    "--quantities depletion,P_gs -o sample.csv",
    "atommix scan --channel 910eV,23eV,1e-24eV --channel 800eV:1000eV:201,23eV,1e-24eV -o sweep.csv",
)
#: option -> (axis name, kind, lower bound, what).
_AXES = {
    "--delta": ("delta", ENERGY, None, "Delta = M1 - M2"),
    "--gamma": ("gamma", ENERGY, PARAMETERS["gamma"].minimum, "the two-hole width Gamma"),
    "--m21": ("m21", ENERGY, PARAMETERS["m21"].minimum, "the modulus |M21|"),
    "--mbb": ("mbb", ENERGY, 0, "m_bb, the effective Majorana mass"),
    "--phase": ("phase", ANGLE, None, "the phase of M21"),
    "--time": ("t", TIME, PARAMETERS["t"].minimum, "time since the parent atom was produced"),
}


def add_parser(sub: Any) -> None:
    sc = add_command(
        sub, "scan", "grids or random samples of the parameters, streamed to CSV/NPZ in chunks", EXAMPLES,
        "Each axis is a VALUE, a grid START:STOP:N[:log], or, with --random N, a range START:STOP[:log]\n"
        "(e.g. --delta -2keV:2keV:401, --time 1fs:1yr:200:log). Energies relative to M1; a plain number is in\n"
        "eV, s or rad. CSV: a header line and one row per point, the description in FILE.csv.json beside it;\n"
        "NPZ: a grid keeps its shape. The file is written under a temporary name and renamed when complete.",
    )
    sc.add_argument("-o", "--output", required=True, help="output file, .npz or .csv")
    axes = sc.add_argument_group("axes (a plain number is in eV, s or rad)")
    axes.add_argument("--nuclide", help="take Delta, Gamma and the |M21| scaling from a shipped candidate, e.g. Gd152")
    axes.add_argument("--delta", help="Delta = M1 - M2, any sign (overrides --nuclide)")
    axes.add_argument("--gamma", help="two-hole width Gamma >= 0 (overrides --nuclide)")
    axes.add_argument("--m21", help="|M21| >= 0 (overrides --nuclide)")
    axes.add_argument("--mbb", help="m_bb >= 0 instead of --m21, through the nuclide's |M21| scaling (with --nuclide)")
    axes.add_argument("--phase", help="phase of M21 in radians, any sign (default 0)")
    axes.add_argument("--time", help="time >= 0 since the parent atom was produced; adds the time quantities")
    ch = sc.add_argument_group(f"daughter channels ({SUPPORTED})")
    add_channel_option(ch)
    sc.add_argument("--random", type=integer(1, what="number of random points"), metavar="N",
                    help="N >= 1 random points (uniform, or log-uniform with :log) instead of a grid")
    sc.add_argument("--seed", type=integer(0, what="seed"), help="seed of the random points, >= 0 (default 0; with --random)")
    sc.add_argument("--quantities", help="comma-separated names (default: all eigen-quantities, and the time quantities with --time)")
    sc.add_argument("--chunk", type=integer(1, what="points per chunk"), default=1 << 18,
                    help="points per chunk, >= 1; bounds the memory (default 262144)")
    sc.add_argument("--dps", type=integer(1, what="significant digits"),
                    help="mpmath reference values at this many digits (>= 1), each with its checked digits")
    sc.add_argument("--workers", type=integer(1, what="processes"), help="processes for --dps, >= 1 (default: all cores)")
    sc.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="run the kernels on a dask.distributed cluster (needs atommix[dask])")
    sc.add_argument("--no-progress", action="store_true", help="no progress bar")
    sc.add_argument("--json", action="store_true", help="print the summary as JSON")


def _axis(option: str, text: str, random: bool) -> Any:
    """A fixed value, a :class:`Grid` or a :class:`Sample` from the text of an axis option, each end checked."""
    from ..scan import Grid, Sample

    _, kind, minimum, what = _AXES[option]

    def read(part: str) -> float:
        return to_float(option, value(None, option, kind, minimum=minimum, what=what, text=part), text, kind[0])  # type: ignore[arg-type]

    parts = text.split(":")
    if len(parts) == 1:
        return read(parts[0])
    log = parts[-1].strip().lower() == "log"
    if log:
        parts = parts[:-1]
    try:
        if random:
            if len(parts) != 2:
                raise UsageError(f"{option} with --random takes START:STOP[:log]; got {text!r}")
            low, high = (read(p) for p in parts)
            return Sample(low, high, log)
        if len(parts) != 3:
            raise UsageError(f"{option} takes a value or START:STOP:N[:log] (a range START:STOP needs --random); got {text!r}")
        start, stop = (read(p) for p in parts[:2])
        if not parts[2].strip().isdigit() or int(parts[2]) < 1:
            raise UsageError(f"{option}: the number of grid points N must be an integer >= 1; got {text!r}")
        num = int(parts[2])
        return Grid.logspace(start, stop, num) if log else Grid.linspace(start, stop, num)
    except ValueError as exc:
        raise UsageError(f"{option}: {str(exc).split('; got ')[0]}; got {text!r}") from exc


def _quantities(text: str | None, has_time: bool) -> list[str] | None:
    """The names of --quantities, each one the scan can compute."""
    from ..scan import TIME_QUANTITIES, available_quantities

    if text is None:
        return None
    chosen = [q.strip() for q in text.split(",") if q.strip()]
    allowed = available_quantities(has_time)
    bad = [q for q in chosen if q not in allowed]
    if bad or not chosen:
        need = " (time quantities need a t axis: give --time)" if any(q in TIME_QUANTITIES for q in bad) else ""
        raise UsageError(f"--quantities: unknown quantities {', '.join(bad) or '(none given)'}{need}; choose from {', '.join(allowed)}; "
                         f"got {text!r}")
    return chosen


def _refuse_unused(args: argparse.Namespace) -> None:
    if args.random is None:
        refuse(args, ("--seed",), "applies only with --random")
    if args.dps is None:
        refuse(args, ("--workers",), "applies only with --dps (processes of the mpmath evaluation)")
    elif args.dask:
        raise UsageError("--dps and --dask exclude each other: --dps runs mpmath in local processes, "
                         "--dask the float64 kernels on a cluster")
    if given(args, "--mbb"):
        if not args.nuclide:
            raise UsageError("--mbb applies only with --nuclide (it sets |M21| through the nuclide's scaling); give --m21")
        if given(args, "--m21"):
            raise UsageError("--mbb and --m21 exclude each other: --mbb sets |M21| through the nuclide's scaling")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..nuclides import M21_SCALING, nuclide_parameters
    from ..scan import scan

    if args.channel:
        if os.path.splitext(args.output)[1].lower() not in (".npz", ".csv"):
            raise UsageError(f"-o/--output must end in .npz or .csv; got {args.output!r}")
        check_output(args.output)
        return scan_channels(args)
    _refuse_unused(args)
    if os.path.splitext(args.output)[1].lower() not in (".npz", ".csv"):
        raise UsageError(f"-o/--output must end in .npz or .csv; got {args.output!r}")
    check_output(args.output)
    random = args.random is not None
    axes: dict[str, Any] = {}
    m21_per_mbb = None
    if args.nuclide:
        try:
            p = nuclide_parameters(args.nuclide, mbb=Fraction(1, 10))  # |M21| at the paper's m_bb = 0.1 eV
        except ValueError as exc:
            raise UsageError("--" + str(exc)) from exc
        for name in ("delta", "gamma", "m21"):
            if getattr(p, name) is not None:
                axes[name] = float(getattr(p, name))
        if p.key in M21_SCALING:
            m21, mbb = M21_SCALING[p.key]
            m21_per_mbb = float(m21 / mbb)
    for option, (name, _kind, _min, _what) in _AXES.items():
        text = getattr(args, "time" if name == "t" else name)
        if text is not None:
            axes[name] = _axis(option, text, random)
    if "mbb" in axes:
        axes.pop("m21", None)  # the nuclide's |M21| at 0.1 eV gives way to the m_bb axis
        if m21_per_mbb is None:
            raise UsageError(f"--mbb: nuclide {args.nuclide} has no |M21| scaling from a source; give --m21")
    for name, option in (("delta", "--delta"), ("gamma", "--gamma")):
        if name not in axes:
            raise UsageError(f"nuclide {args.nuclide} has no {name} from a source; give {option}" if args.nuclide
                             else f"{option} is required (or --nuclide)")
    if "m21" not in axes and "mbb" not in axes:
        raise UsageError(f"nuclide {args.nuclide} has no |M21| from a source; give --m21" if args.nuclide
                         else "--m21 is required (or --nuclide with --mbb)")
    if random and not any(hasattr(a, "log") for a in axes.values()):
        raise UsageError("--random needs at least one axis given as a range START:STOP[:log]")
    quantities = _quantities(args.quantities, "t" in axes)
    client = _dask_client(args.dask) if args.dask else None
    try:
        summary = scan(
            axes, args.output, quantities=quantities, random=args.random, seed=args.seed or 0, chunk=args.chunk,
            dps=args.dps, workers=args.workers, client=client, m21_per_mbb=m21_per_mbb,
            progress=not args.no_progress,
        )
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
    if args.channel:
        show_sweep(result)
        return
    print_scan_summary(result, f"{result['mode']}, shape {tuple(result['shape'])}",
                       "at the exceptional point (Delta = 0, Gamma = 4|M21|): "
                       "eigen-quantities, P_L, P_S and time scales are NaN there")
