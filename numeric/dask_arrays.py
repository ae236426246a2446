"""Dask arrays through the float64 kernels, unchanged: lazy in, lazy out.

A public kernel wrapped with :func:`accepts_dask` runs as before on NumPy
input.  If any parameter is a dask array, the parameters are broadcast to one
dask array each, the wrapped function runs block by block (``map_blocks``),
and the result is a dask array, or a named tuple of dask arrays sharing one
task per block.  Checking happens per block, when the graph is computed: bad
input raises the same error, naming the parameter, from ``compute()``.

dask is not a dependency of :mod:`atommix.numeric`; it is imported only when a
dask array arrives (``pip install atommix[dask]``).
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, TypeVar

import numpy as np

__all__ = ["accepts_dask", "is_dask_array"]

F = TypeVar("F", bound=Callable[..., Any])

#: A point where every wrapped function is defined (not the exceptional point), used to learn
#: the structure of its result (which fields, which dtypes) without computing any block.
_PROBE = {"delta": 1.0, "gamma": 1.0, "m21": 0.1, "phase": 0.0, "t": 1.0}


def is_dask_array(value: object) -> bool:
    """Whether ``value`` is a dask array (tested without importing dask)."""
    return hasattr(value, "__dask_graph__") and hasattr(value, "chunks")


def accepts_dask(func: F) -> F:
    """Let ``func(delta, gamma, m21, phase[, t=...])`` take dask arrays and return dask arrays."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not any(is_dask_array(v) for v in (*args, *kwargs.values())):
            return func(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return _map_blocks(func, dict(bound.arguments))

    return wrapper  # type: ignore[return-value]


def _map_blocks(func: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    import dask.array as da

    names = [n for n in _PROBE if n in arguments and arguments[n] is not None]
    blocks = da.broadcast_arrays(*(da.asarray(arguments[n]) for n in names))
    sample = func(**{**arguments, **{n: _PROBE[n] for n in names}})

    def block(*values: np.ndarray) -> np.ndarray:
        out = func(**{**arguments, **dict(zip(names, values))})
        if isinstance(out, tuple):  # all fields in one complex array: one task per block
            return np.stack([np.asarray(f, dtype=np.complex128) for f in out if f is not None], axis=-1)
        return np.asarray(out)

    if not isinstance(sample, tuple):
        return da.map_blocks(block, *blocks, dtype=np.asarray(sample).dtype)
    present = [f for f in sample if f is not None]
    ndim = blocks[0].ndim
    stacked = da.map_blocks(
        block, *blocks, dtype=np.complex128, new_axis=ndim, chunks=(*blocks[0].chunks, (len(present),))
    )
    fields: list[Any] = []
    k = 0
    for f in sample:
        if f is None:
            fields.append(None)
            continue
        column = stacked[..., k]
        fields.append(column if np.iscomplexobj(f) else column.real)  # real -> complex -> real is exact
        k += 1
    return type(sample)(*fields)
