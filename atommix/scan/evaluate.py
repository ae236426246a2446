"""Evaluating a chunk of scan points: the float64 kernels (locally or on a dask cluster) or the mpmath references."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..quantities import EIGEN, QUANTITIES, SCALE, TIME, names

__all__ = [
    "EIGEN_QUANTITIES",
    "TIME_QUANTITIES",
    "SCALE_QUANTITIES",
    "Backend",
    "is_complex",
    "available_quantities",
    "evaluate_float64",
    "dask_backend",
    "reference_columns",
    "reference_task",
]

EIGEN_QUANTITIES = names(EIGEN)
TIME_QUANTITIES = names(TIME)
SCALE_QUANTITIES = names(SCALE)
#: Quantities that do not exist at the exceptional point.
_NEED_EIGENSTATES = frozenset(EIGEN_QUANTITIES) | {"P_L", "P_S"} | set(SCALE_QUANTITIES)


def is_complex(name: str) -> bool:
    """Whether a scanned quantity is complex (written as _re/_im columns in CSV)."""
    return QUANTITIES[name].is_complex


def available_quantities(has_time: bool) -> tuple[str, ...]:
    """Names a scan can write: time quantities only when ``t`` is given."""
    return EIGEN_QUANTITIES + SCALE_QUANTITIES + (TIME_QUANTITIES if has_time else ())


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
    from ..numeric import eigensystem, evolution, time_scales
    from ..numeric.parameters import at_exceptional_point, checked_parameters

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
    from ..numeric import evolution

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
    from ..validation import reference_eigensystem
    from ..validation.evolution import reference_evolution

    n = next(iter(params.values())).size
    columns: dict[str, list[Any]] = {c: [] for c in reference_columns(quantities)}
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
            if is_complex(q):
                columns[q + "_re"].append("nan" if v is None else v["re"])
                columns[q + "_im"].append("nan" if v is None else v["im"])
            else:
                columns[q].append("nan" if v is None else v)
            columns[q + "_digits"].append(-1 if digits.get(q) is None else int(digits[q]))
    return columns


def reference_columns(quantities: Sequence[str]) -> list[str]:
    cols: list[str] = []
    for q in quantities:
        cols += [q + "_re", q + "_im"] if is_complex(q) else [q]
        cols.append(q + "_digits")
    return cols


def reference_task(args: tuple[dict[str, NDArray[np.float64]], list[str], int]) -> dict[str, list[Any]]:
    params, quantities, dps = args
    return _reference_rows(params, quantities, dps)
