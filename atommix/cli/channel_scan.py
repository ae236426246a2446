"""The ``--channel`` branch of ``atommix scan``: one field of one channel swept over a grid, the others fixed.

Exactly one field of one ``--channel`` is a grid ``START:STOP:N[:log]``, e.g.
``--channel 910eV,23eV,1e-24eV --channel 800eV:1000eV:201,23eV,1e-24eV`` sweeps the second
daughter's Delta through the first one's.  ``--time T`` (one value) adds the time history at T.
Float64 kernels only: random samples, several swept fields, ``--dps``, ``--dask`` and the 2x2
axes are refused with the reason.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..quantities import PARAMETERS
from .channel_options import FIELD_NAMES, POINT_OPTIONS, split_channel
from .options import UsageError, given, refuse, to_float, value
from .output import print_scan_summary
from .units import ANGLE, ENERGY, TIME

__all__ = ["scan_channels", "show_sweep", "SUPPORTED"]

#: What the sweep does, for messages and ``--help``.
SUPPORTED = ("with --channel, scan sweeps one field of one channel over a grid START:STOP:N[:log] "
             "(e.g. --channel 800eV:1000eV:201,23eV,1e-24eV), the other channels fixed, with float64 kernels")
_KINDS = {"eV": ENERGY, "rad": ANGLE}


def _read(k: int, name: str, text: str, whole: str) -> float:
    p = PARAMETERS[name]
    option = f"--channel #{k} {FIELD_NAMES[name]}"
    x = value(None, option, _KINDS[p.unit], minimum=p.minimum, what=p.description.removesuffix(" in " + p.unit),  # type: ignore[arg-type]
              text=text)
    return to_float(option, x, whole, p.unit)  # type: ignore[arg-type]


def _grid(k: int, name: str, text: str, whole: str) -> Any:
    from ..scan import Grid

    parts = text.split(":")
    log = parts[-1].strip().lower() == "log"
    if log:
        parts = parts[:-1]
    option = f"--channel #{k} {FIELD_NAMES[name]}"
    if len(parts) != 3:
        raise UsageError(f"{option} takes a value or a grid START:STOP:N[:log] (random ranges are not supported with "
                         f"--channel); got {text!r}")
    start, stop = (_read(k, name, p, whole) for p in parts[:2])
    if not parts[2].strip().isdigit() or int(parts[2]) < 1:
        raise UsageError(f"{option}: the number of grid points N must be an integer >= 1; got {text!r}")
    try:
        return Grid.logspace(start, stop, int(parts[2])) if log else Grid.linspace(start, stop, int(parts[2]))
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from exc


def scan_channels(args: argparse.Namespace) -> dict[str, Any]:
    """Read the channels, the one swept field and ``--time``; call :func:`atommix.scan.channels.channel_sweep`."""
    from ..scan.channels import channel_sweep, sweep_quantities

    refuse(args, POINT_OPTIONS, "does not apply with --channel: give each daughter as --channel DELTA,GAMMA,M21[,PHASE]")
    refuse(args, ("--random", "--seed", "--dps", "--workers", "--dask"), f"is not supported with --channel: {SUPPORTED}")
    channels, swept = [], []
    for k, text in enumerate(args.channel, start=1):
        row: dict[str, float] = {}
        for name, part in split_channel(k, text).items():
            if ":" in part:
                swept.append((k, name))
                row[name] = float(_grid(k, name, part, text).values[0])
            else:
                row[name] = _read(k, name, part, text)
        channels.append(row)
    if len(swept) != 1:
        found = ", ".join(f"#{k} {FIELD_NAMES[n]}" for k, n in swept) or "none"
        raise UsageError(f"--channel: exactly one field of one channel must be a grid START:STOP:N[:log] "
                         f"(swept fields: {found}); {SUPPORTED}")
    k, name = swept[0]
    grid = _grid(k, name, split_channel(k, args.channel[k - 1])[name], args.channel[k - 1])
    t = None
    if given(args, "--time"):
        if ":" in args.time:
            raise UsageError(f"--time with --channel takes one time (the sweep runs over the channel's field); got {args.time!r}")
        p = PARAMETERS["t"]
        x = value(args, "--time", TIME, minimum=p.minimum, what="time since the parent atom was produced")
        t = to_float("--time", x, args.time, "s")  # type: ignore[arg-type]
    quantities = None
    if args.quantities is not None:
        allowed = sweep_quantities(t is not None)
        quantities = [q.strip() for q in args.quantities.split(",") if q.strip()]
        bad = [q for q in quantities if q not in allowed]
        if bad or not quantities:
            raise UsageError(f"--quantities: unknown quantities with --channel {', '.join(bad) or '(none given)'}; "
                             f"choose from {', '.join(allowed)}; got {args.quantities!r}")
    summary = channel_sweep(channels, k, name, grid, args.output, t=t, quantities=quantities, chunk=args.chunk,
                            progress=not args.no_progress, option="--channel")
    return summary.as_dict()


def show_sweep(result: dict[str, Any]) -> None:
    """The summary of a sweep (``--json`` prints the record)."""
    print_scan_summary(result, f"sweep of {', '.join(result['axes'])}",
                       "where lambda_L is not isolated (an exceptional point of H): eigen-quantities are NaN there")
