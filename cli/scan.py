"""Scans at scale: grids or random samples of the parameters, streamed to CSV or NPZ in chunks.

A scan varies any of Delta, Gamma, |M21| (or m_bb through a nuclide's |M21|
scaling), the phase of M21 and the time t, and evaluates the chosen quantities
at every point: by the generated float64 kernels (default), by the mpmath
reference layer at ``dps`` digits in parallel over local processes, or by the
kernels on a dask.distributed cluster.  Points are produced and written chunk
by chunk, so memory stays bounded by the chunk size whatever the number of
points (10^8 points run in ~1 GiB).

Grid scans write NPZ arrays of the grid's shape (axes in the order
delta, gamma, m21/mbb, phase, t), with the axis values as 1-D arrays beside
them; CSV and random scans write one row per point.  Random samples are
reproducible: point i of axis k is the i-th number of a counter-based stream
(Philox) keyed by (seed, k), so the same seed gives the same points whatever
the chunk size, worker count or backend.

At the exceptional point (Delta = 0, Gamma = 4|M21|) the eigen-quantities and
P_L, P_S do not exist: they are written as NaN there, the boolean column
``exceptional_point`` marks those points, and the summary counts them.

>>> import numpy as np, tempfile, os
>>> from atommix.scan import Grid, scan
>>> out = os.path.join(tempfile.mkdtemp(), "gd.npz")
>>> summary = scan({"delta": Grid(np.linspace(-2000, 2000, 5)), "gamma": 23.0, "m21": 1e-24},
...                out, quantities=["mixing"], progress=False)
>>> data = np.load(out)
>>> data["mixing"].shape, f"{data['mixing'][0]:.4e}"
((5,), '2.4999e-55')
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import time
import zipfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Grid",
    "Sample",
    "ScanSummary",
    "AXES",
    "EIGEN_QUANTITIES",
    "TIME_QUANTITIES",
    "SCALE_QUANTITIES",
    "available_quantities",
    "evaluate_float64",
    "dask_backend",
    "scan",
]

#: Scan axes in their storage order, with unit and meaning.
AXES = {
    "delta": ("eV", "Delta = M1 - M2"),
    "gamma": ("eV", "two-hole width Gamma"),
    "m21": ("eV", "|M21|"),
    "mbb": ("eV", "m_bb, mapped to |M21| by the nuclide's scaling"),
    "phase": ("rad", "phase of M21"),
    "t": ("s", "time since the parent atom was produced"),
}
EIGEN_QUANTITIES = (
    "alpha", "beta", "overlap", "mixing", "lambda_L", "lambda_S", "E_L", "E_S", "gamma_L", "gamma_S",
    "ep_distance", "condition",
)
TIME_QUANTITIES = ("survival", "appearance", "depletion", "P_gs", "P_L", "P_S")
SCALE_QUANTITIES = ("tau_osc", "tau_S", "tau_L")
_COMPLEX = frozenset({"alpha", "beta", "overlap", "lambda_L", "lambda_S"})
_UNITS = {"lambda_L": "eV", "lambda_S": "eV", "E_L": "eV", "E_S": "eV", "gamma_L": "eV", "gamma_S": "eV",
          "tau_osc": "s", "tau_S": "s", "tau_L": "s"}
#: Quantities that do not exist at the exceptional point.
_NEED_EIGENSTATES = frozenset(EIGEN_QUANTITIES) | {"P_L", "P_S"} | set(SCALE_QUANTITIES)


@dataclass(frozen=True)
class Grid:
    """Explicit values of one axis (a grid scan takes the outer product of all grid axes)."""

    values: NDArray[np.float64]

    @classmethod
    def linspace(cls, start: float, stop: float, num: int) -> "Grid":
        return cls(np.linspace(start, stop, num))

    @classmethod
    def logspace(cls, start: float, stop: float, num: int) -> "Grid":
        """``num`` values log-uniform from ``start`` to ``stop`` (same sign, nonzero)."""
        if start == 0 or stop == 0 or (start < 0) != (stop < 0):
            raise ValueError(f"a log grid needs start and stop of one sign, nonzero; got {start}, {stop}")
        sign = -1.0 if start < 0 else 1.0
        return cls(sign * np.geomspace(abs(start), abs(stop), num))


@dataclass(frozen=True)
class Sample:
    """Uniform (or log-uniform) random values of one axis in [low, high] for a random scan."""

    low: float
    high: float
    log: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.low > self.high:
            raise ValueError(f"a sample range needs finite low <= high; got [{self.low}, {self.high}]")
        if self.log and (self.low == 0 or self.high == 0 or (self.low < 0) != (self.high < 0)):
            raise ValueError(f"a log-uniform range needs low and high of one sign, nonzero; got [{self.low}, {self.high}]")

    def values(self, seed: int, axis: int, start: int, count: int) -> NDArray[np.float64]:
        """Points ``start .. start+count`` of this axis' stream (independent of how the scan is chunked)."""
        bits = np.random.Philox(key=np.array([seed, axis], dtype=np.uint64))
        bits.advance(start // 4)  # Philox yields 4 doubles' worth of bits per counter step
        rng = np.random.Generator(bits)
        rng.random(start % 4)
        u = rng.random(count)
        if not self.log:
            return self.low + (self.high - self.low) * u
        sign = -1.0 if self.low < 0 else 1.0
        lo, hi = sorted((math.log(abs(self.low)), math.log(abs(self.high))))
        return sign * np.exp(lo + (hi - lo) * u)


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


def available_quantities(has_time: bool) -> tuple[str, ...]:
    """Names a scan can write: time quantities only when ``t`` is given."""
    return EIGEN_QUANTITIES + SCALE_QUANTITIES + (TIME_QUANTITIES if has_time else ())


# ----------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Plan:
    fixed: dict[str, float]
    varying: dict[str, Grid | Sample]
    mode: str  # "grid" or "random"
    points: int
    shape: tuple[int, ...]
    seed: int
    m21_per_mbb: float | None

    def parameters(self, start: int, stop: int) -> dict[str, NDArray[np.float64]]:
        """Axis values (not yet mapped mbb -> m21) of the points start..stop-1, flat."""
        n = stop - start
        out: dict[str, NDArray[np.float64]] = {}
        if self.mode == "grid" and self.varying:
            index = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
            for (name, axis), ix in zip(self.varying.items(), index):
                assert isinstance(axis, Grid)
                out[name] = axis.values[ix]
        else:
            for k, name in enumerate(AXES):
                axis = self.varying.get(name)
                if axis is not None:
                    assert isinstance(axis, Sample)
                    out[name] = axis.values(self.seed, k, start, n)
        for name, value in self.fixed.items():
            out[name] = np.full(n, value)
        return out


def _plan(axes: Mapping[str, Any], random: int | None, seed: int, m21_per_mbb: float | None) -> _Plan:
    unknown = set(axes) - set(AXES)
    if unknown:
        raise ValueError(f"unknown scan axes {sorted(unknown)}; the axes are {list(AXES)}")
    if "m21" in axes and "mbb" in axes:
        raise ValueError("give |M21| either as m21 or as mbb (with a nuclide's scaling), not both")
    if "mbb" in axes and m21_per_mbb is None:
        raise ValueError("an mbb axis needs a nuclide with a known |M21| scaling (m21_per_mbb); or scan m21")
    for name in ("delta", "gamma"):
        if name not in axes:
            raise ValueError(f"{name} is required (a value, a Grid or a Sample)")
    if "m21" not in axes and "mbb" not in axes:
        raise ValueError("m21 (or mbb) is required (a value, a Grid or a Sample)")
    fixed: dict[str, float] = {}
    varying: dict[str, Grid | Sample] = {}
    for name in AXES:  # storage order
        if name not in axes:
            continue
        value = axes[name]
        if isinstance(value, (Grid, Sample)):
            varying[name] = value
        else:
            fixed[name] = _finite_float(name, value)
    fixed.setdefault("phase", 0.0)
    kinds = {type(v) for v in varying.values()}
    if len(kinds) > 1:
        raise ValueError("a scan is either a grid (all varying axes Grid) or a random sample (all Sample), not both")
    if Sample in kinds or random is not None:
        if Grid in kinds:
            raise ValueError("random scans take Sample ranges, not Grid values")
        if random is None or isinstance(random, bool) or int(random) != random or random < 1:
            raise ValueError(f"random (number of sample points) must be an integer >= 1; got {random!r}")
        return _Plan(fixed, varying, "random", int(random), (int(random),), seed, m21_per_mbb)
    shape = []
    for name, axis in varying.items():
        assert isinstance(axis, Grid)
        values = np.asarray(axis.values, dtype=np.float64)
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"the {name} grid must be a non-empty 1-D array; got shape {values.shape}")
        if not np.isfinite(values).all():
            raise ValueError(f"the {name} grid holds non-finite values")
        varying[name] = Grid(values)
        shape.append(values.size)
    points = int(np.prod(shape, dtype=np.int64)) if shape else 1
    return _Plan(fixed, varying, "grid", points, tuple(shape), seed, m21_per_mbb)


def _finite_float(name: str, value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number, a Grid or a Sample; got {value!r}") from exc
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite; got {value!r}")
    return x


def _physical(params: Mapping[str, NDArray[np.float64]], m21_per_mbb: float | None) -> dict[str, NDArray[np.float64]]:
    """Kernel arguments: m21 from mbb where the scan is over m_bb."""
    out = dict(params)
    if "mbb" in out:
        mbb = out.pop("mbb")
        if (mbb < 0).any():
            raise ValueError("mbb (|m_bb| in eV) must be >= 0")
        assert m21_per_mbb is not None
        out["m21"] = mbb * m21_per_mbb
    return out


# ----------------------------------------------------------------------------- evaluation

#: (function, keyword arrays) -> computed NumPy results; the local backend calls it directly.
Backend = Callable[[Callable[..., Any], dict[str, NDArray[np.float64]]], Any]


def _local(func: Callable[..., Any], kwargs: dict[str, NDArray[np.float64]]) -> Any:
    return func(**kwargs)


def evaluate_float64(
    params: Mapping[str, NDArray[np.float64]], quantities: Sequence[str], backend: Backend = _local
) -> tuple[dict[str, NDArray[np.generic]], NDArray[np.bool_]]:
    """The quantities at flat arrays of (delta, gamma, m21, phase[, t]) by the generated kernels.

    Returns the values and the mask of exceptional points (where the eigen-quantities,
    P_L, P_S and the time scales are NaN, since they do not exist there).
    """
    from .numeric import eigensystem, evolution, time_scales
    from .numeric.parameters import at_exceptional_point, checked_parameters

    d, g, m, p, *rest = checked_parameters(
        params["delta"], params["gamma"], params["m21"], params["phase"], t=params.get("t")
    )
    at_ep = at_exceptional_point(d, g, m)
    # Placeholder parameters at the exceptional points (overwritten with NaN below), so one
    # exceptional point does not stop the chunk.
    d_ok, g_ok, m_ok = (np.where(at_ep, 1.0, d), np.where(at_ep, 0.0, g), np.where(at_ep, 0.0, m))
    out: dict[str, NDArray[np.generic]] = {}
    eigen = [q for q in quantities if q in EIGEN_QUANTITIES]
    if eigen:
        es = backend(eigensystem, {"delta": d_ok, "gamma": g_ok, "m21": m_ok, "phase": p})
        out.update({q: np.asarray(getattr(es, q)) for q in eigen})
    scales = [q for q in quantities if q in SCALE_QUANTITIES]
    if scales:
        ts = backend(time_scales, {"delta": d_ok, "gamma": g_ok, "m21": m_ok, "phase": p})
        out.update({q: np.asarray(getattr(ts, q)) for q in scales})
    times = [q for q in quantities if q in TIME_QUANTITIES]
    if times:
        (t,) = rest
        ev = backend(evolution, {"delta": d_ok, "gamma": g_ok, "m21": m_ok, "phase": p, "t": t})
        out.update({q: np.array(getattr(ev, q)) for q in times})
        if at_ep.any():  # the evolution exists there: evaluate it at the true parameters
            ep = backend(
                _evolution_without_populations,
                {"delta": d[at_ep], "gamma": g[at_ep], "m21": m[at_ep], "phase": p[at_ep], "t": t[at_ep]},
            )
            for q in times:
                if q not in ("P_L", "P_S"):
                    out[q][at_ep] = getattr(ep, q)
    if at_ep.any():
        for q in quantities:
            if q in _NEED_EIGENSTATES:
                out[q] = np.array(out[q], dtype=np.result_type(out[q], np.float64))
                out[q][at_ep] = np.nan
    return out, at_ep


def _evolution_without_populations(**kwargs: Any) -> Any:
    from .numeric import evolution

    return evolution(**kwargs, populations=False)


def dask_backend(client: Any, partitions: int) -> Backend:
    """Evaluate on a dask.distributed ``client``: the chunk is split into ``partitions`` blocks."""
    import dask.array as da

    def run(func: Callable[..., Any], kwargs: dict[str, NDArray[np.float64]]) -> Any:
        n = next(iter(kwargs.values())).size
        block = max(1, -(-n // partitions))
        lazy = {k: da.from_array(v, chunks=block) for k, v in kwargs.items()}
        result = func(**lazy)  # the kernels take dask arrays unchanged
        if isinstance(result, tuple):
            present = [(i, r) for i, r in enumerate(result) if r is not None]
            computed = client.compute([r for _, r in present], sync=True)
            fields: list[Any] = [None] * len(result)
            for (i, _), value in zip(present, computed):
                fields[i] = value
            return type(result)(*fields)
        return client.compute(result, sync=True)

    return run


def _reference_rows(
    params: Mapping[str, NDArray[np.float64]], quantities: Sequence[str], dps: int
) -> dict[str, list[Any]]:
    """Reference values (decimal strings) and checked digits at each point, by the mpmath layer."""
    from .validation import reference_eigensystem
    from .validation.evolution import reference_evolution

    n = next(iter(params.values())).size
    columns: dict[str, list[Any]] = {c: [] for c in _reference_columns(quantities)}
    eigen = [q for q in quantities if q in EIGEN_QUANTITIES]
    timed = [q for q in quantities if q in TIME_QUANTITIES or q in SCALE_QUANTITIES]
    for i in range(n):
        d, g, m, p = (float(params[k][i]) for k in ("delta", "gamma", "m21", "phase"))
        at_ep = d == 0 and g == 4 * m
        values: dict[str, Any] = {}
        digits: dict[str, Any] = {}
        if eigen and not at_ep:
            ref = reference_eigensystem(d, g, m, p, dps=dps)
            values.update(ref.as_strings())
            digits.update(ref.digits)
        if timed:
            times = (float(params["t"][i]),) if "t" in params else ()
            ev = reference_evolution(d, g, m, p, times=times, dps=dps)
            rows, scales = ev.as_strings()
            values.update(scales)
            digits.update(ev.scale_digits)
            if rows:
                values.update(rows[0])
                digits.update(ev.digits[0])
        for q in quantities:
            v = values.get(q)
            if q in _COMPLEX:
                columns[q + "_re"].append("nan" if v is None else v["re"])
                columns[q + "_im"].append("nan" if v is None else v["im"])
            else:
                columns[q].append("nan" if v is None else v)
            columns[q + "_digits"].append(-1 if digits.get(q) is None else int(digits[q]))
    return columns


def _reference_columns(quantities: Sequence[str]) -> list[str]:
    cols: list[str] = []
    for q in quantities:
        cols += [q + "_re", q + "_im"] if q in _COMPLEX else [q]
        cols.append(q + "_digits")
    return cols


def _reference_task(args: tuple[dict[str, NDArray[np.float64]], list[str], int]) -> dict[str, list[Any]]:
    params, quantities, dps = args
    return _reference_rows(params, quantities, dps)


# ----------------------------------------------------------------------------- writers


def _columns(values: Mapping[str, NDArray[np.generic]]) -> dict[str, NDArray[np.generic]]:
    """Complex quantities as _re and _im columns."""
    out: dict[str, NDArray[np.generic]] = {}
    for name, v in values.items():
        if np.iscomplexobj(v):
            out[name + "_re"], out[name + "_im"] = v.real, v.imag
        else:
            out[name] = v
    return out


class _CsvWriter:
    def __init__(self, path: str, header: Sequence[str], comment: str) -> None:
        self.file = open(path, "w", encoding="utf-8", newline="\n")
        self.file.write("".join(f"# {line}\n" for line in comment.splitlines()))
        self.file.write(",".join(header) + "\n")
        self.header = list(header)

    def write(self, start: int, columns: Mapping[str, Any]) -> None:
        cols = [np.asarray(columns[h], dtype=np.int8) if np.asarray(columns[h]).dtype == np.bool_ else columns[h]
                for h in self.header]
        text = [
            np.char.mod("%.17g", c) if isinstance(c, np.ndarray) and c.dtype.kind == "f"
            else np.asarray(c).astype(str)
            for c in cols
        ]
        rows = np.stack(text, axis=1) if text else np.empty((0, 0), dtype=str)
        self.file.write("".join(",".join(r) + "\n" for r in rows))

    def close(self, info: Mapping[str, Any]) -> None:
        self.file.close()

    def abort(self) -> None:
        self.file.close()


class _NpzWriter:
    """Columns as .npy files in a scratch folder beside the output, zipped (stored) at the end.

    Each chunk is written at its offset with ``os.pwrite``, not through a memory map:
    mapped pages would count towards the process' resident memory, written ones do not.
    """

    def __init__(self, path: str, specs: Mapping[str, tuple[np.dtype[Any], tuple[int, ...]]], static: Mapping[str, NDArray[Any]]) -> None:
        self.path = path
        self.scratch = tempfile.mkdtemp(prefix=".atommix-scan-", dir=os.path.dirname(os.path.abspath(path)) or ".")
        self.files: dict[str, tuple[int, int, np.dtype[Any]]] = {}
        for name, (dtype, shape) in specs.items():
            file = os.path.join(self.scratch, name + ".npy")
            with open(file, "wb") as fh:
                np.lib.format.write_array_header_2_0(
                    fh, {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape}
                )
                offset = fh.tell()
                fh.truncate(offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
            self.files[name] = (os.open(file, os.O_WRONLY), offset, dtype)
        self.static = dict(static)

    def write(self, start: int, columns: Mapping[str, Any]) -> None:
        for name, value in columns.items():
            fd, offset, dtype = self.files[name]
            data = np.ascontiguousarray(value, dtype=dtype)
            os.pwrite(fd, data.tobytes(), offset + start * dtype.itemsize)

    def _close_files(self) -> list[str]:
        names = list(self.files)
        for fd, _, _ in self.files.values():
            os.close(fd)
        self.files.clear()
        return names

    def close(self, info: Mapping[str, Any]) -> None:
        names = self._close_files()
        tmp = self.path + ".partial"
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            for name, arr in {**self.static, "scan_info": np.array(json.dumps(info, sort_keys=True))}.items():
                with zf.open(name + ".npy", "w", force_zip64=True) as fh:
                    np.lib.format.write_array(fh, np.asarray(arr), allow_pickle=False)
            for name in names:
                zf.write(os.path.join(self.scratch, name + ".npy"), arcname=name + ".npy")
        os.replace(tmp, self.path)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def abort(self) -> None:
        self._close_files()
        shutil.rmtree(self.scratch, ignore_errors=True)


# ----------------------------------------------------------------------------- the scan


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
    fmt = (format or os.path.splitext(output)[1].lstrip(".")).lower()
    if fmt not in ("npz", "csv"):
        raise ValueError(f"output format must be npz or csv (from the file name or format=); got {fmt!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk (points per chunk) must be an integer >= 1; got {chunk!r}")
    if dps is not None and (isinstance(dps, bool) or not isinstance(dps, int) or dps < 1):
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    if dps is not None and client is not None:
        raise ValueError("dps (mpmath, local processes) and a dask client (float64 kernels) exclude each other")
    plan = _plan(axes, random, seed, m21_per_mbb)
    has_time = "t" in plan.fixed or "t" in plan.varying
    allowed = available_quantities(has_time)
    if quantities is None:
        quantities = list(EIGEN_QUANTITIES + (TIME_QUANTITIES if has_time else ()))
    quantities = list(dict.fromkeys(quantities))
    bad = [q for q in quantities if q not in allowed]
    if bad:
        extra = " (time quantities need a t axis)" if any(q in TIME_QUANTITIES for q in bad) else ""
        raise ValueError(f"unknown quantities {bad}{extra}; choose from {list(allowed)}")
    if not quantities:
        raise ValueError("quantities must name at least one quantity")
    # The first point is checked eagerly, so that bad input fails before any file is written.
    first = _physical(plan.parameters(0, 1), plan.m21_per_mbb)
    from .numeric.parameters import checked_parameters

    checked_parameters(first["delta"], first["gamma"], first["m21"], first["phase"], t=first.get("t"))

    grid_npz = fmt == "npz" and plan.mode == "grid"
    axis_names = [n for n in AXES if n in plan.fixed or n in plan.varying]
    if dps is not None:
        value_columns = _reference_columns(quantities)
    else:
        value_columns = []
        for q in quantities:
            value_columns += [q + "_re", q + "_im"] if (q in _COMPLEX and fmt == "csv") else [q]
    param_columns = [] if grid_npz else axis_names
    columns = param_columns + value_columns + ["exceptional_point"]
    info = {
        "mode": plan.mode,
        "points": plan.points,
        "shape": list(plan.shape),
        "axes_order": list(plan.varying),
        "fixed": plan.fixed,
        "units": {**{n: AXES[n][0] for n in axis_names}, **{q: _UNITS.get(q, "1") for q in quantities}},
        "seed": seed if plan.mode == "random" else None,
        "dps": dps,
        "m21_per_mbb": plan.m21_per_mbb,
        "backend": "mpmath" if dps is not None else ("dask" if client is not None else "numpy"),
    }
    writer: _CsvWriter | _NpzWriter
    if fmt == "csv":
        comment = "atommix scan: " + json.dumps(info, sort_keys=True)
        writer = _CsvWriter(output, columns, comment)
    else:
        shape = plan.shape if grid_npz else (plan.points,)
        specs: dict[str, tuple[np.dtype[Any], tuple[int, ...]]] = {}
        for c in columns:
            if c in param_columns:
                dtype: np.dtype[Any] = np.dtype(np.float64)
            elif c == "exceptional_point":
                dtype = np.dtype(np.bool_)
            elif dps is not None:
                dtype = np.dtype(np.int16) if c.endswith("_digits") else np.dtype(f"<U{dps + 12}")
            else:
                dtype = np.dtype(np.complex128 if c in _COMPLEX else np.float64)
            specs[c] = (dtype, shape)
        static = {n: np.asarray(a.values) for n, a in plan.varying.items()} if grid_npz else {}
        writer = _NpzWriter(output, specs, static)

    bar = _progress_bar(plan.points, progress)
    n_ep = 0
    n_chunks = 0
    try:
        for start, stop, values, at_ep in _chunks(plan, quantities, chunk, dps, workers, client):
            cols: dict[str, Any] = {}
            if param_columns:
                raw = plan.parameters(start, stop)
                cols.update({n: raw[n] for n in param_columns})
            cols.update(_columns(values) if fmt == "csv" and dps is None else values)
            cols["exceptional_point"] = at_ep
            writer.write(start, cols)
            n_ep += int(np.count_nonzero(at_ep))
            n_chunks += 1
            bar.update(stop - start)
        elapsed = time.perf_counter() - started
        info["exceptional_points"] = n_ep
        writer.close(info)
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    backend = str(info["backend"])
    if dps is not None:
        backend += f" ({workers or os.cpu_count() or 1} processes)"
    return ScanSummary(
        output=output, format=fmt, mode=plan.mode, points=plan.points, shape=plan.shape,
        axes={n: _describe(plan, n) for n in axis_names}, quantities=quantities, columns=columns,
        chunks=n_chunks, exceptional_points=n_ep, seconds=elapsed, backend=backend, dps=dps,
    )


def _describe(plan: _Plan, name: str) -> Any:
    if name in plan.fixed:
        return plan.fixed[name]
    axis = plan.varying[name]
    if isinstance(axis, Grid):
        v = axis.values
        return {"grid": int(v.size), "first": float(v[0]), "last": float(v[-1])}
    return {"sample": "log-uniform" if axis.log else "uniform", "low": axis.low, "high": axis.high}


def _chunks(
    plan: _Plan, quantities: Sequence[str], chunk: int, dps: int | None, workers: int | None, client: Any
) -> Iterator[tuple[int, int, dict[str, Any], NDArray[np.bool_]]]:
    bounds = [(s, min(s + chunk, plan.points)) for s in range(0, plan.points, chunk)]
    if dps is None:
        backend: Backend = _local
        if client is not None:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            backend = dask_backend(client, 2 * n_workers)
        for start, stop in bounds:
            params = _physical(plan.parameters(start, stop), plan.m21_per_mbb)
            values, at_ep = evaluate_float64(params, quantities, backend)
            yield start, stop, values, at_ep
        return
    # mpmath: small tasks over processes, a bounded number in flight, results in order.
    task = max(1, min(64, chunk))
    n_proc = workers or os.cpu_count() or 1
    import multiprocessing

    from .numeric.parameters import at_exceptional_point, checked_parameters

    with ProcessPoolExecutor(max_workers=n_proc, mp_context=multiprocessing.get_context("spawn")) as pool:
        for start, stop in bounds:
            params = _physical(plan.parameters(start, stop), plan.m21_per_mbb)
            d, g, m, _p = checked_parameters(params["delta"], params["gamma"], params["m21"], params["phase"])
            at_ep = at_exceptional_point(d, g, m)
            futures: list[Future[dict[str, list[Any]]]] = []
            for s in range(0, stop - start, task):
                part = {k: v[s : s + task] for k, v in params.items()}
                futures.append(pool.submit(_reference_task, (part, list(quantities), dps)))
            merged: dict[str, list[Any]] = {c: [] for c in _reference_columns(quantities)}
            for f in futures:
                for k, v in f.result().items():
                    merged[k].extend(v)
            values = {k: (np.array(v, dtype=np.int16) if k.endswith("_digits") else np.array(v, dtype=str)) for k, v in merged.items()}
            yield start, stop, values, at_ep


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
