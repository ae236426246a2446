"""A sweep of one field of one daughter channel, with the other channels fixed: float64, streamed to CSV or NPZ.

One parent atom mixing with N daughter channels (:mod:`atommix.numeric.channels`): one field
(Delta, Gamma, |M|, phase) of one channel runs over a grid, e.g. a second daughter's Delta swept
through the first one's to see near-degenerate channels.  Columns: the swept value
(``channel2_delta``), the totals (``lambda_L``, ``E_L``, ``gamma_L``, ``condition``; with a time, the
history's totals), and each per-channel quantity once per channel (``mixing_channels_1``, ...);
NPZ keeps a per-channel quantity as one array of shape (points, N).  Where lambda_L is not isolated
(an exceptional point of the larger matrix) the eigen-quantities are NaN and ``exceptional_point``
marks the point; the history still evaluates there.

>>> import numpy as np, tempfile, os
>>> from atommix.scan import Grid
>>> from atommix.scan.channels import channel_sweep
>>> out = os.path.join(tempfile.mkdtemp(), "sweep.npz")
>>> s = channel_sweep([dict(delta=910.0, gamma=23.0, m21=1e-24), dict(delta=0.0, gamma=23.0, m21=1e-24)],
...                   2, "delta", Grid(np.linspace(800.0, 1000.0, 3)), out, progress=False)
>>> f"{np.load(out)['gamma_L'][1]:.6e}"                                           # daughters at 910 and 900 eV
'5.616041e-53'
"""

from __future__ import annotations

import os
import time as clock
from typing import Any, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..channels import CHANNEL_FIELDS, checked_channels
from ..errors import ExceptionalPointError
from ..quantities import units
from .axes import Grid
from .run import ScanSummary
from .writers import CsvWriter, NpzWriter, complex_columns

__all__ = ["channel_sweep", "sweep_quantities", "sweep_axis_name"]


def sweep_quantities(has_time: bool) -> tuple[str, ...]:
    """The quantities a sweep can write: the eigen-quantities, and the history's with a time."""
    from ..numeric.channel_evolution import CHANNEL_TIME_NAMES
    from ..numeric.channels import CHANNEL_EIGEN_NAMES

    return CHANNEL_EIGEN_NAMES + (CHANNEL_TIME_NAMES if has_time else ())


def sweep_axis_name(index: int, field: str) -> str:
    """The column of the swept value: ``channel2_delta``."""
    return f"channel{index}_{field}"


def _evaluate(cols: dict[str, NDArray[np.float64]], names: Sequence[str], t: float | None,
              ) -> tuple[dict[str, NDArray[Any]], NDArray[np.bool_]]:
    """The quantities at a batch of points (channels on the last axis); NaN where lambda_L is not isolated."""
    from ..numeric.channel_evolution import CHANNEL_TIME_NAMES, channel_evolution
    from ..numeric.channels import channel_eigensystem

    n_points = cols["delta"].shape[0]
    eigen = [q for q in names if q not in CHANNEL_TIME_NAMES]
    out: dict[str, NDArray[Any]] = {}
    at_ep = np.zeros(n_points, dtype=bool)
    if eigen:
        try:
            es = channel_eigensystem(cols["delta"], cols["gamma"], cols["m21"], cols["phase"])
            out.update({q: np.asarray(getattr(es, q)) for q in eigen})
        except ExceptionalPointError:  # point by point: only the points at an exceptional point are NaN
            rows = []
            for i in range(n_points):
                try:
                    rows.append(channel_eigensystem(*(cols[f][i] for f in CHANNEL_FIELDS)))
                except ExceptionalPointError:
                    rows.append(None)
                    at_ep[i] = True
            good = next(r for r in rows if r is not None) if not at_ep.all() else None
            for q in eigen:
                template = np.asarray(getattr(good, q)) if good is not None else np.zeros(cols["delta"].shape[1:])
                blank = np.full(template.shape, np.nan, dtype=template.dtype if template.dtype.kind == "c" else float)
                out[q] = np.stack([np.asarray(getattr(r, q)) if r is not None else blank for r in rows])
    timed = [q for q in names if q in CHANNEL_TIME_NAMES]
    if timed:
        history = channel_evolution(cols["delta"], cols["gamma"], cols["m21"], cols["phase"], t=t)
        out.update({q: np.asarray(getattr(history, q)) for q in timed})
    return out, at_ep


def _flat(values: Mapping[str, NDArray[Any]], n: int, csv: bool) -> dict[str, NDArray[Any]]:
    """Per-channel arrays as one column per channel (CSV), complex as _re/_im (CSV)."""
    if not csv:
        return dict(values)
    out: dict[str, NDArray[Any]] = {}
    for name, v in values.items():
        if v.ndim == 2:
            out.update({f"{name}_{k + 1}": v[:, k] for k in range(n)})
        else:
            out[name] = v
    return complex_columns(out)


def channel_sweep(
    channels: Sequence[Mapping[str, Any]],
    index: int,
    field: str,
    grid: Grid,
    output: str | os.PathLike[str],
    *,
    t: float | None = None,
    quantities: Sequence[str] | None = None,
    chunk: int = 4096,
    progress: bool = True,
    option: str = "channel",
) -> ScanSummary:
    """Evaluate the channel quantities with ``field`` of channel ``index`` (1-based) running over ``grid``.

    ``channels`` are mappings of delta, gamma, m21[, phase] (eV, rad); the value of the swept field in
    them is replaced by the grid's.  ``t`` (s) adds the time history at that time.  ``output`` ends
    in ``.csv`` (with the description in ``FILE.csv.json``) or ``.npz``.
    """
    from ..scan.run import _progress_bar

    n = len(channels)
    if not 1 <= index <= n:
        raise ValueError(f"{option}: the swept channel must be between 1 and {n}; got {index!r}")
    if field not in CHANNEL_FIELDS:
        raise ValueError(f"{option}: the swept field must be one of {', '.join(CHANNEL_FIELDS)}; got {field!r}")
    fixed = [dict(ch) for ch in channels]
    for ch in fixed:
        ch.setdefault("phase", 0.0)
    fixed[index - 1][field] = float(grid.values[0])
    rows = checked_channels(fixed, option=option)
    values = np.asarray(grid.values, dtype=float)
    checked_channels([{**rows[index - 1], field: float(v)} for v in (values.min(), values.max())], option=option)
    names = list(quantities) if quantities is not None else list(sweep_quantities(t is not None))
    allowed = sweep_quantities(t is not None)
    bad = [q for q in names if q not in allowed]
    if bad or not names:
        raise ValueError(f"quantities: unknown {', '.join(bad) or '(none given)'}; choose from {', '.join(allowed)}")
    path = os.fspath(output)
    fmt = os.path.splitext(path)[1].lower().lstrip(".")
    if fmt not in ("csv", "npz"):
        raise ValueError(f"output must end in .csv or .npz; got {path!r}")
    axis = sweep_axis_name(index, field)
    points = len(values)
    info = {"inputs": {"channels": rows, "swept": {"channel": index, "field": field, "column": axis},
                       **({"t": t} if t is not None else {})},
            "units": {axis: units((field,))[field], **units(tuple(names))}, "backend": "float64 kernels (channels)"}
    started = clock.perf_counter()
    writer: CsvWriter | NpzWriter | None = None
    n_ep = n_chunks = 0
    bar = _progress_bar(points, progress)
    try:
        for start in range(0, points, chunk):
            stop = min(start + chunk, points)
            cols = {f: np.tile(np.array([r[f] for r in rows]), (stop - start, 1)) for f in CHANNEL_FIELDS}
            cols[field][:, index - 1] = values[start:stop]
            out, at_ep = _evaluate(cols, names, t)
            block = {axis: values[start:stop], **_flat(out, n, fmt == "csv"), "exceptional_point": at_ep}
            if writer is None:
                if fmt == "csv":
                    writer = CsvWriter(path, list(block))
                else:
                    specs = {k: (np.asarray(v).dtype, (points, *np.asarray(v).shape[1:])) for k, v in block.items()}
                    writer = NpzWriter(path, specs, {})
            if isinstance(writer, NpzWriter):  # a (points, N) array: row `start` begins at element start * N
                writer.write(start, {k: v for k, v in block.items() if np.ndim(v) == 1})
                writer.write(start * n, {k: v for k, v in block.items() if np.ndim(v) == 2})
            else:
                writer.write(start, block)
            n_ep += int(np.count_nonzero(at_ep))
            n_chunks += 1
            bar.update(stop - start)
        assert writer is not None
        columns = list(writer.header) if isinstance(writer, CsvWriter) else list(writer.files)
        info["exceptional_points"] = n_ep
        writer.close(info)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        bar.close()
    return ScanSummary(
        output=path, format=fmt, mode="grid", points=points, shape=(points,),
        axes={axis: {"start": float(values[0]), "stop": float(values[-1]), "num": points}}, quantities=names,
        columns=columns, chunks=n_chunks, exceptional_points=n_ep, seconds=clock.perf_counter() - started,
        backend="float64 kernels (channels)",
    )
