"""Checking and broadcasting of the physical parameters (Delta, Gamma, |M21|, phase).

Every public kernel goes through :func:`eigen_parameters`, so bad input fails
here with the parameter's name and allowed range, never as a NaN downstream.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ExceptionalPointError
from ..quantities import PARAMETERS

__all__ = ["UNITS", "require_time", "as_real_array", "broadcast_named", "check_normal", "at_exceptional_point", "checked_parameters", "eigen_parameters", "check_finite_outputs"]

#: (meaning, allowed range, lower bound) of the point's parameters, from the quantity table.
_RANGES = {name: (p.description, p.allowed, p.minimum) for name, p in PARAMETERS.items() if name != "t"}


#: Units of the parameters whose quantities (pint) are converted rather than refused.
UNITS = {**{name: p.unit for name, p in PARAMETERS.items()}, "t0": PARAMETERS["t"].unit}


def require_time(t: ArrayLike | None, name: str = "t") -> None:
    """A time argument that has no default: refuse a missing one (None) by name."""
    if t is None:
        what = "the parent atoms were" if name == "t0" else "the parent atom was"
        raise TypeError(f"{name} (the time since {what} produced, in s) is required; got None")


def as_real_array(name: str, value: ArrayLike, what: str, allowed: str, minimum: float | None,
                  normal: bool = True) -> NDArray[np.float64]:
    """``value`` as a float64 array, or a ``TypeError``/``ValueError`` naming ``name``.

    A physical quantity with units (pint) is converted to the parameter's unit (eV, rad, s)
    where :data:`UNITS` knows it, and refused otherwise: its magnitude alone would be
    read in the wrong unit.
    """
    if value is None or isinstance(value, (str, bytes)) or isinstance(value, bool):
        raise TypeError(f"{name} ({what}) must be {allowed}; got {value!r}")
    if hasattr(value, "magnitude") and hasattr(value, "units"):
        unit = UNITS.get(name)
        if unit is None:
            raise TypeError(f"{name} ({what}) must be a plain number in the unit stated; got the quantity {value!r}")
        try:
            value = value.to(unit).magnitude
        except Exception as exc:  # pint's DimensionalityError and the like
            raise ValueError(f"{name} ({what}) must be in units of {unit}; got {value!r}") from exc
    try:
        arr = np.asarray(value)
        if arr.dtype == object and all(isinstance(v, numbers.Real) for v in arr.ravel()):
            arr = arr.astype(np.float64)
    except OverflowError as exc:  # Python ints or Fractions beyond the float64 range
        raise ValueError(f"{name} ({what}) must be {allowed} within the float64 range; got {value!r}") from exc
    except Exception as exc:  # ragged sequences and the like
        raise TypeError(f"{name} ({what}) must be {allowed}; got {value!r}") from exc
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} ({what}) must be real; got a complex value")
    if arr.dtype.kind not in "fiu" or arr.dtype == np.bool_:
        raise TypeError(f"{name} ({what}) must be {allowed}; got {value!r}")
    arr = arr.astype(np.float64, copy=False)
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(f"{name} ({what}) must be {allowed}; got {arr[bad].flat[0]!r}")
    if minimum is not None:
        low = arr < minimum
        if low.any():
            raise ValueError(f"{name} ({what}) must be {allowed}; got {arr[low].flat[0]!r}")
    if normal:
        check_normal(name, what, arr)
    return arr + 0.0  # -0.0 -> +0.0: the branch convention at Delta = 0 must not see a signed zero


def check_normal(name: str, what: str, arr: NDArray[np.float64]) -> None:
    """Refuse a nonzero value below the smallest normal float64 number.

    Such an input has lost digits already when it was rounded to float64 (5e-324 keeps a single
    bit), and the quotients it enters overflow; it is outside the float64 domain, refused with a
    ``FloatingPointError`` naming it, as an output beyond the float64 range is.
    """
    tiny = float(np.finfo(np.float64).tiny)
    low = (arr != 0) & (np.abs(arr) < tiny)
    if np.any(low):
        raise FloatingPointError(
            f"{name} ({what}) = {float(arr[low].flat[0])!r} is below the smallest normal float64 number {tiny!r}: "
            "not representable in float64 with its digits; use `atommix reference` "
            "(exact inputs) at such scales")


def checked_parameters(*values: ArrayLike, t: ArrayLike | None = None) -> tuple[NDArray[np.float64], ...]:
    """(delta, gamma, m21, phase[, t]) checked and broadcast to float64 arrays, with no exceptional-point test."""
    names = list(_RANGES)
    # every parameter's type and range first, then the float64 normal range: an out-of-range value is
    # named before a merely subnormal one
    arrays = [as_real_array(name, value, *_RANGES[name], normal=False) for name, value in zip(names, values)]
    if t is not None:
        names.append("t")
        arrays.append(as_real_array("t", t, PARAMETERS["t"].description, PARAMETERS["t"].allowed,
                                    PARAMETERS["t"].minimum, normal=False))
    for name, arr in zip(names, arrays):
        if name != "phase":  # a phase enters through e^{i phase} only, exact for a subnormal one too
            check_normal(name, PARAMETERS[name].description, arr)
    try:
        return tuple(np.broadcast_arrays(*arrays))
    except ValueError as exc:
        shapes = ", ".join(f"{n}{a.shape}" for n, a in zip(names, arrays))
        raise ValueError(f"{', '.join(names)} must broadcast to one shape; got {shapes}") from exc


def at_exceptional_point(delta: NDArray[np.float64], gamma: NDArray[np.float64], m21: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Delta = 0 and Gamma = 4|M21| exactly (in float64)."""
    with np.errstate(over="ignore"):  # 4 m = inf cannot equal a finite gamma: correctly False
        return (delta == 0.0) & (gamma == 4.0 * m21)


def eigen_parameters(
    delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike
) -> tuple[NDArray[np.float64], ...]:
    """Checked, broadcast float64 arrays; raises :class:`ExceptionalPointError` at the exceptional point."""
    arrays = checked_parameters(delta, gamma, m21, phase)
    d, g, m, _ = arrays
    at_ep = at_exceptional_point(d, g, m)
    if at_ep.any():
        index = tuple(int(i) for i in np.argwhere(at_ep)[0])
        where = f" (first at index {index}, {int(at_ep.sum())} point(s))" if at_ep.ndim else ""
        raise ExceptionalPointError(
            "H is not diagonalizable at the exceptional point Delta = 0, Gamma = 4|M21|"
            f"{where}: eigenvalues and eigenvectors do not exist there"
            + (" (Delta = Gamma = |M21| = 0: H = 0)" if (at_ep & (g == 0.0)).any() else "")
        )
    return tuple(arrays)


def broadcast_named(**arrays: ArrayLike) -> None:
    """Raise ``ValueError`` naming the inputs and their shapes if they do not broadcast to one shape
    (NumPy's own message inside a kernel names no parameter)."""
    shapes = {name: np.shape(a) for name, a in arrays.items()}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        got = ", ".join(f"{name}{shape}" for name, shape in shapes.items())
        raise ValueError(f"{', '.join(shapes)} must broadcast to one shape; got {got}") from None


def check_finite_outputs(name: str, value: NDArray[np.generic]) -> None:
    """Raise ``FloatingPointError`` if a kernel over- or underflowed into a non-finite value."""
    if not np.all(np.isfinite(value)):
        raise FloatingPointError(
            f"{name} is not representable in float64 at these inputs (overflow); "
            "use atommix.validation for arbitrary precision"
        )
