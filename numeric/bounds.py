"""Float64 results with a bound on their relative error (the generated bounded programs).

``eigensystem_bounds``, ``evolution_bounds`` and ``time_scales_bounds`` return the same values
as :func:`~atommix.numeric.eigensystem`, :func:`~atommix.numeric.evolution` and
:func:`~atommix.numeric.time_scales` (computed by the same evaluation program, one operation
at a time), each with a bound on |computed - exact|/|exact|, where "exact" is the exact
result at the inputs as given.  The bound is a running error analysis generated from the
program (:mod:`atommix.derivations.rounding`, error model in :mod:`.roundoff`): it follows
every rounding and every amplification of an error on the way, so it grows where the problem
is ill-conditioned (next to the exceptional point, at phases (E_L - E_S) t/hbar far beyond
1/u) and stays within a few dozen units in the last place where it is not.

``input_errors`` gives absolute errors of the inputs themselves, e.g. the distance of a decimal
the user typed from its float64 (the command line passes them): the bound then holds for the
exact result at the typed inputs.

A bound of ``inf`` means no correct digit is guaranteed: use :mod:`atommix.validation`
(``atommix reference``) for that value.

>>> from atommix.numeric import evolution_bounds
>>> yr = 365.25 * 86400
>>> b = evolution_bounds(910.0, 0.0, 1e-24, t=[1e-21, 4.5e9 * yr], input_errors={"delta": 0.0})
>>> [f"{x:.1e}" for x in b.bounds.appearance]     # a phase of 1e35 rad: no digit left at 4.5e9 yr
['6.4e-15', 'inf']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _bounded
from .eigensystem import Eigensystem
from .evolution import Evolution, TimeScales, _parameters_allowing_ep
from .parameters import check_finite_outputs, eigen_parameters, require_time

__all__ = ["Bounded", "eigensystem_bounds", "evolution_bounds", "time_scales_bounds", "INPUT_NAMES"]

#: The inputs an error can be given for (absolute, in the inputs' units: eV, rad, s).
INPUT_NAMES = ("delta", "gamma", "m21", "phase", "t")


class Bounded(NamedTuple):
    """Values and bounds on their relative errors, as two named tuples of the same type."""

    values: Any
    bounds: Any


def _input_errors(input_errors: Mapping[str, ArrayLike] | None, names: tuple[str, ...]) -> list[NDArray[np.float64]]:
    given = dict(input_errors or {})
    unknown = set(given) - set(INPUT_NAMES)
    if unknown:
        raise ValueError(f"input_errors: unknown input(s) {sorted(unknown)}; allowed: {', '.join(INPUT_NAMES)}")
    out = []
    for name in names:
        e = np.asarray(given.get(name, 0.0), dtype=np.float64)
        if not np.all(np.isfinite(e)) or np.any(e < 0):
            raise ValueError(f"input_errors[{name!r}] must be finite and >= 0 (an absolute error); got {given[name]!r}")
        out.append(e)
    return out


def _scalar(v: NDArray, scalar: bool) -> Any:
    return v[()] if scalar else v


def eigensystem_bounds(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *,
                       input_errors: Mapping[str, ArrayLike] | None = None) -> Bounded:
    """Eigen-quantities (as :func:`~atommix.numeric.eigensystem`) with relative error bounds.

    Parameters and errors as in :func:`~atommix.numeric.eigensystem`; ``input_errors`` maps
    ``delta``, ``gamma``, ``m21``, ``phase`` to absolute errors of the inputs (default 0).

    Returns
    -------
    Bounded
        ``values`` and ``bounds``, both :class:`~atommix.numeric.Eigensystem`.
    """
    args = eigen_parameters(delta, gamma, m21, phase)
    errors = _input_errors(input_errors, INPUT_NAMES[:4])
    with np.errstate(all="ignore"):  # unused arms of a choice may overflow; their values are not taken
        values, bounds = _bounded.eigensystem_bounded(*args, *errors)
    scalar = args[0].ndim == 0 and all(e.ndim == 0 for e in errors)
    for name, v in zip(Eigensystem._fields, values):
        check_finite_outputs(name, v)
    return Bounded(Eigensystem(*(_scalar(v, scalar) for v in values)),
                   Eigensystem(*(_scalar(b, scalar) for b in bounds)))


def _evolution_run(delta, gamma, m21, phase, t, input_errors):  # type: ignore[no-untyped-def]
    (args, at_ep) = _parameters_allowing_ep(delta, gamma, m21, phase, t)
    errors = _input_errors(input_errors, INPUT_NAMES)
    with np.errstate(all="ignore"):
        values, bounds = _bounded.evolution_bounded(*args, *errors)
    scalar = args[0].ndim == 0 and all(e.ndim == 0 for e in errors)
    return values, bounds, at_ep, scalar


def evolution_bounds(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *,
                     t: ArrayLike, populations: bool = True,
                     input_errors: Mapping[str, ArrayLike] | None = None) -> Bounded:
    """Time quantities (as :func:`~atommix.numeric.evolution`) with relative error bounds.

    ``input_errors`` may also hold ``t`` (s).  With ``populations=False``, P_L and P_S are None
    in both tuples (they do not exist at the exceptional point).
    """
    from ..errors import ExceptionalPointError

    require_time(t)
    if not isinstance(populations, (bool, np.bool_)):
        raise TypeError(f"populations must be True or False; got {populations!r}")
    values, bounds, at_ep, scalar = _evolution_run(delta, gamma, m21, phase, t, input_errors)
    if populations and np.any(at_ep):
        raise ExceptionalPointError(
            "P_L and P_S need the eigenstates, which do not exist at the exceptional point "
            "Delta = 0, Gamma = 4|M21|; pass populations=False for the rest")
    out_v, out_b = [], []
    for name, v, b in zip(Evolution._fields, values, bounds):
        if name in ("P_L", "P_S") and not populations:
            out_v.append(None)
            out_b.append(None)
            continue
        check_finite_outputs(name, v)
        out_v.append(_scalar(v, scalar))
        out_b.append(_scalar(b, scalar))
    return Bounded(Evolution(*out_v), Evolution(*out_b))


def time_scales_bounds(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *,
                       input_errors: Mapping[str, ArrayLike] | None = None) -> Bounded:
    """Time scales (as :func:`~atommix.numeric.time_scales`, inf where a rate is 0) with relative bounds."""
    args = eigen_parameters(delta, gamma, m21, phase)
    errors = _input_errors(input_errors, INPUT_NAMES[:4])
    with np.errstate(all="ignore"):
        values, bounds = _bounded.time_scales_bounded(*args, *errors)
    scalar = args[0].ndim == 0 and all(e.ndim == 0 for e in errors)
    vals = [np.asarray(v, dtype=np.float64) for v in values]
    for name, v in zip(TimeScales._fields, vals):
        if np.isnan(v).any():
            raise FloatingPointError(f"{name} is not representable in float64 at these inputs")
    # an infinite time scale where a rate is exactly 0 has bound 0; one that overflowed has bound inf
    return Bounded(TimeScales(*(_scalar(v, scalar) for v in vals)),
                   TimeScales(*(_scalar(b, scalar) for b in bounds)))
