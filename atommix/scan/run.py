"""The scan itself: plan, evaluate chunk by chunk, write, summarize."""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..numeric.parameters import at_exceptional_point, checked_parameters
from ..quantities import unit
from .axes import AXES, Grid, Plan, Sample, make_plan, physical
from .evaluate import (
    EIGEN_QUANTITIES,
    TIME_QUANTITIES,
    Backend,
    _local,
    available_quantities,
    dask_backend,
    evaluate_float64,
    is_complex,
    reference_columns,
    reference_task,
)
from .writers import CsvWriter, NpzWriter, complex_columns

__all__ = ["ScanSummary", "scan"]


@dataclass
class ScanSummary:
    """What a scan did: where it wrote, how many points, how long it took."""

    output: str
    format: str
    mode: str
    points: int
    shape: tuple[int, ...]
    axes: dict[str, Any]
    quantities: list[str]
    columns: list[str]
    chunks: int
    exceptional_points: int
    seconds: float
    backend: str
    dps: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "extra"}
        d["shape"] = list(self.shape)
        d["points_per_second"] = self.points / self.seconds if self.seconds > 0 else None
        d.update(self.extra)
        return d


def scan(
    axes: Mapping[str, float | Grid | Sample],
    output: str | os.PathLike[str],
    *,
    quantities: Sequence[str] | None = None,
    random: int | None = None,
    seed: int = 0,
    chunk: int = 1 << 18,
    format: str | None = None,
    dps: int | None = None,
    workers: int | None = None,
    client: Any = None,
    m21_per_mbb: float | None = None,
    progress: bool = True,
) -> ScanSummary:
    """Evaluate ``quantities`` over a grid or a random sample of the parameters, streamed to ``output``.

    Parameters
    ----------
    axes : mapping
        ``delta``, ``gamma`` and ``m21`` (or ``mbb``) required, ``phase`` and ``t`` optional, in
        eV, rad and s: each a number (fixed), a :class:`Grid` (grid scan: outer product of the
        grids) or a :class:`Sample` (random scan of ``random`` points).
    output : path
        ``.npz`` or ``.csv`` (or give ``format``).
    quantities : sequence of str, optional
        Any of :func:`available_quantities`; default all eigen-quantities, plus the time
        quantities when ``t`` is given.
    random : int, optional
        Number of points of a random scan.
    seed : int
        Seed of the random scan's streams.
    chunk : int
        Points per chunk: memory is bounded by it (~1 KiB per point for all quantities).
    dps : int, optional
        Evaluate by the mpmath reference layer at ``dps`` digits (values as decimal strings,
        each with its checked digit count), in ``workers`` processes (default: all cores).
    client : dask.distributed.Client, optional
        Evaluate the kernels on this cluster (the kernels take dask arrays unchanged).
    m21_per_mbb : float, optional
        |M21| per eV of m_bb, for an ``mbb`` axis (e.g. 1e-23 for 152Gd, the paper's scaling).
    progress : bool
        Show a progress bar (tqdm) on standard error.

    Returns
    -------
    ScanSummary
    """
    started = time.perf_counter()
    output = os.fspath(output)
    fmt = _check_options(output, format, chunk, dps, workers, client)
    plan = make_plan(axes, random, seed, m21_per_mbb)
    quantities = _choose_quantities(plan, quantities)
    # The first point is checked eagerly, so that bad input fails before any file is written.
    first = physical(plan.parameters(0, 1), plan.m21_per_mbb)
    checked_parameters(first["delta"], first["gamma"], first["m21"], first["phase"], t=first.get("t"))

    layout = _Layout.of(plan, quantities, fmt, dps)
    info = {
        "mode": plan.mode,
        "points": plan.points,
        "shape": list(plan.shape),
        "axes_order": list(plan.varying),
        "fixed": plan.fixed,
        "units": {**{n: AXES[n][0] for n in layout.axis_names}, **{q: unit(q) for q in quantities}},
        "seed": seed if plan.mode == "random" else None,
        "dps": dps,
        "m21_per_mbb": plan.m21_per_mbb,
        "backend": "mpmath" if dps is not None else ("dask" if client is not None else "numpy"),
    }
    bar = _progress_bar(plan.points, progress)
    n_ep = 0
    n_chunks = 0
    try:
        writer = layout.open_writer(output, plan, info)
        try:
            for start, stop, values, at_ep in _chunks(plan, quantities, chunk, dps, workers, client):
                cols: dict[str, Any] = {}
                if layout.param_columns:
                    raw = plan.parameters(start, stop)
                    cols.update({n: raw[n] for n in layout.param_columns})
                cols.update(complex_columns(values) if fmt == "csv" and dps is None else values)
                cols["exceptional_point"] = at_ep
                writer.write(start, cols)
                n_ep += int(np.count_nonzero(at_ep))
                n_chunks += 1
                bar.update(stop - start)
            elapsed = time.perf_counter() - started
            info["exceptional_points"] = n_ep
            writer.close(info)
        except BaseException:
            writer.abort()  # nothing partial is left: the target keeps its previous content, if any
            raise
    finally:
        bar.close()
    backend = str(info["backend"])
    if dps is not None:
        backend += f" ({workers or os.cpu_count() or 1} processes)"
    return ScanSummary(
        output=output, format=fmt, mode=plan.mode, points=plan.points, shape=plan.shape,
        axes={n: _describe(plan, n) for n in layout.axis_names}, quantities=quantities, columns=layout.columns,
        chunks=n_chunks, exceptional_points=n_ep, seconds=elapsed, backend=backend, dps=dps,
    )


def _check_options(output: str, format: str | None, chunk: int, dps: int | None, workers: int | None, client: Any) -> str:
    """The output format, after checking the options that do not depend on the axes."""
    fmt = (format or os.path.splitext(output)[1].lstrip(".")).lower()
    if fmt not in ("npz", "csv"):
        raise ValueError(f"output format must be npz or csv (from the file name or format=); got {fmt!r}")
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise ValueError(f"output {output!r}: the folder {folder!r} does not exist")
    if os.path.isdir(output):
        raise ValueError(f"output {output!r} is a folder; give a file name")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers (processes for dps) must be an integer >= 1; got {workers!r}")
    if workers is not None and dps is None:
        raise ValueError("workers (processes) apply only to dps scans (the mpmath reference layer)")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk (points per chunk) must be an integer >= 1; got {chunk!r}")
    if dps is not None and (isinstance(dps, bool) or not isinstance(dps, int) or dps < 1):
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    if dps is not None and client is not None:
        raise ValueError("dps (mpmath, local processes) and a dask client (float64 kernels) exclude each other")
    return fmt


def _choose_quantities(plan: Plan, quantities: Sequence[str] | None) -> list[str]:
    """The quantities asked for (default: all eigen-quantities, and the time quantities with a t axis), checked."""
    has_time = "t" in plan.fixed or "t" in plan.varying
    allowed = available_quantities(has_time)
    if quantities is None:
        quantities = list(EIGEN_QUANTITIES + (TIME_QUANTITIES if has_time else ()))
    chosen = list(dict.fromkeys(quantities))
    bad = [q for q in chosen if q not in allowed]
    if bad:
        extra = " (time quantities need a t axis)" if any(q in TIME_QUANTITIES for q in bad) else ""
        raise ValueError(f"unknown quantities {bad}{extra}; choose from {list(allowed)}")
    if not chosen:
        raise ValueError("quantities must name at least one quantity")
    return chosen


@dataclass(frozen=True)
class _Layout:
    """Which columns the output holds, and how they are stored."""

    fmt: str
    dps: int | None
    grid_npz: bool
    axis_names: list[str]
    param_columns: list[str]
    columns: list[str]

    @classmethod
    def of(cls, plan: Plan, quantities: Sequence[str], fmt: str, dps: int | None) -> "_Layout":
        grid_npz = fmt == "npz" and plan.mode == "grid"
        axis_names = [n for n in AXES if n in plan.fixed or n in plan.varying]
        if dps is not None:
            value_columns = reference_columns(quantities)
        else:
            value_columns = []
            for q in quantities:
                value_columns += [q + "_re", q + "_im"] if (is_complex(q) and fmt == "csv") else [q]
        param_columns = [] if grid_npz else axis_names
        return cls(fmt, dps, grid_npz, axis_names, param_columns, param_columns + value_columns + ["exceptional_point"])

    def dtype(self, column: str) -> np.dtype[Any]:
        """Storage type of a column in NPZ."""
        if column in self.param_columns:
            return np.dtype(np.float64)
        if column == "exceptional_point":
            return np.dtype(np.bool_)
        if self.dps is not None:
            return np.dtype(np.int16) if column.endswith("_digits") else np.dtype(f"<U{self.dps + 12}")
        return np.dtype(np.complex128 if is_complex(column) else np.float64)

    def open_writer(self, output: str, plan: Plan, info: Mapping[str, Any]) -> CsvWriter | NpzWriter:
        if self.fmt == "csv":
            return CsvWriter(output, self.columns)
        shape = plan.shape if self.grid_npz else (plan.points,)
        specs = {c: (self.dtype(c), shape) for c in self.columns}
        static = {n: np.asarray(a.values) for n, a in plan.varying.items() if isinstance(a, Grid)} if self.grid_npz else {}
        return NpzWriter(output, specs, static)


def _describe(plan: Plan, name: str) -> Any:
    if name in plan.fixed:
        return plan.fixed[name]
    axis = plan.varying[name]
    if isinstance(axis, Grid):
        v = axis.values
        return {"grid": int(v.size), "first": float(v[0]), "last": float(v[-1])}
    return {"sample": "log-uniform" if axis.log else "uniform", "low": axis.low, "high": axis.high}


def _chunks(
    plan: Plan, quantities: Sequence[str], chunk: int, dps: int | None, workers: int | None, client: Any
) -> Iterator[tuple[int, int, dict[str, Any], NDArray[np.bool_]]]:
    bounds = [(s, min(s + chunk, plan.points)) for s in range(0, plan.points, chunk)]
    if dps is None:
        backend: Backend = _local
        if client is not None:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            backend = dask_backend(client, 2 * n_workers)
        for start, stop in bounds:
            params = physical(plan.parameters(start, stop), plan.m21_per_mbb)
            values, at_ep = evaluate_float64(params, quantities, backend)
            yield start, stop, values, at_ep
        return
    # mpmath: small tasks over processes, a bounded number in flight, results in order.
    task = max(1, min(64, chunk))
    n_proc = workers or os.cpu_count() or 1
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=n_proc, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_interrupts)
    try:
        for start, stop in bounds:
            params = physical(plan.parameters(start, stop), plan.m21_per_mbb)
            d, g, m, _p = checked_parameters(params["delta"], params["gamma"], params["m21"], params["phase"])
            at_ep = at_exceptional_point(d, g, m)
            futures: list[Future[dict[str, list[Any]]]] = []
            for s in range(0, stop - start, task):
                part = {k: v[s : s + task] for k, v in params.items()}
                futures.append(pool.submit(reference_task, (part, list(quantities), dps)))
            merged: dict[str, list[Any]] = {c: [] for c in reference_columns(quantities)}
            for f in futures:
                for k, v in f.result().items():
                    merged[k].extend(v)
            values = {k: (np.array(v, dtype=np.int16) if k.endswith("_digits") else np.array(v, dtype=str)) for k, v in merged.items()}
            yield start, stop, values, at_ep
    finally:
        # on an interrupt or error, the queued tasks are dropped rather than waited for
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Worker processes leave Ctrl-C to the main process, which stops the scan and removes its files."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, show: bool) -> Any:
    if not show:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="pt", unit_scale=True, dynamic_ncols=True, mininterval=0.5)
