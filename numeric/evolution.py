"""Time history of an initially pure parent atom in float64 (Section 3), from the generated kernels.

Accurate from t = 1e-25 s to 1e18 s at real-atom scales: no overflow at
Gamma t/hbar ~ 1e33, no cancellation as t -> 0 (appearance ~ |M21|^2 t^2/hbar^2)
or in the depletion and P_gs at t << tau_L, where ``1 - survival`` in float64
would be exactly 0:

>>> from atommix.numeric import evolution
>>> h = evolution(delta=910.0, gamma=23.0, m21=1e-24, t=[1e-25, 1.42e17])   # s
>>> [float(1.0 - x) for x in h.survival]              # the trap: 1 - 1e-21 == 1
[0.0, 0.0]
>>> [f"{x:.4e}" for x in h.depletion]
['2.3082e-68', '5.9910e-21']

The evolution is an entire function of the parameters and evaluates through the
exceptional point (Delta = 0, Gamma = 4|M21|); only P_L and P_S, which need the
eigenstates, do not exist there.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _kernels
from .batching import run_in_blocks
from .dask_arrays import accepts_dask
from ..errors import ExceptionalPointError
from ..quantities import SCALE, TIME, names
from .parameters import at_exceptional_point, check_finite_outputs, checked_parameters, eigen_parameters, require_time

__all__ = ["Evolution", "TimeScales", "evolution", "time_scales", "zero_rates", "HBAR_EV_S"]

#: hbar = h/(2 pi e) in eV s (h, e exact in the SI), rounded to float64.
HBAR_EV_S = 6.582119569509066e-16


#: Time quantities of the quantity table (arrays broadcast like the inputs); P_L, P_S are None if not requested.
Evolution = NamedTuple("Evolution", [(name, NDArray[np.float64]) for name in names(TIME)])  # type: ignore[misc]
Evolution.__doc__ = (
    "Time quantities (arrays broadcast like the inputs): " + ", ".join(names(TIME))
    + "; P_L, P_S are None if not requested."
)

#: Time scales of Eq. (3.6) in s; inf where the rate is 0 (no oscillation, no decay).
TimeScales = NamedTuple("TimeScales", [(name, NDArray[np.float64]) for name in names(SCALE)])  # type: ignore[misc]
TimeScales.__doc__ = "Time scales of Eq. (3.6) in s: " + ", ".join(names(SCALE)) + "; inf where the rate is 0."

#: Time quantities that need the eigenstates (they do not exist at the exceptional point).
_POPULATIONS = ("P_L", "P_S")


def _parameters_allowing_ep(delta, gamma, m21, phase, t):  # type: ignore[no-untyped-def]
    """Checked arrays (the evolution exists at the exceptional point) and where that point is."""
    args = checked_parameters(delta, gamma, m21, phase, t=t)
    return args, at_exceptional_point(*args[:3])


@accepts_dask
def evolution(
    delta: ArrayLike,
    gamma: ArrayLike,
    m21: ArrayLike,
    phase: ArrayLike = 0.0,
    *,
    t: ArrayLike,
    populations: bool = True,
) -> Evolution:
    """Survival, appearance (Eq. 3.1), depletion, P_gs and P_L, P_S (Eq. 3.7) at times ``t``.

    Parameters
    ----------
    delta, gamma, m21, phase : array_like
        As in :func:`atommix.numeric.eigensystem` (eV, radians).
    t : array_like
        Time since the parent atom was produced, in seconds (>= 0); broadcasts with the parameters.
    populations : bool
        Also return P_L and P_S, the populations of the eigenstates.  They do not exist at the
        exceptional point: with ``populations=True`` such a point raises
        :class:`ExceptionalPointError`; pass ``False`` to evaluate the rest there.

    Returns
    -------
    Evolution
        ``survival`` = |<1|1(t)>|^2, ``appearance`` = |<2|1(t)>|^2, ``depletion`` = 1 - survival
        computed as appearance + P_gs (no cancellation), ``P_gs`` the daughter ground-state
        population, ``P_L``/``P_S`` = |c_X(t)|^2 <lambda_X|lambda_X> for
        |1(t)> = c_L(t)|lambda_L> + c_S(t)|lambda_S>.
    """
    require_time(t)
    if not isinstance(populations, (bool, np.bool_)):
        raise TypeError(f"populations must be True or False; got {populations!r}")
    args, at_ep = _parameters_allowing_ep(delta, gamma, m21, phase, t)
    if populations and at_ep.any():
        raise ExceptionalPointError(
            "P_L and P_S need the eigenstates, which do not exist at the exceptional point "
            "Delta = 0, Gamma = 4|M21|; call evolution(..., populations=False) for the rest"
        )
    with np.errstate(all="ignore"):  # unused branches of the regime selection may divide by 0
        out = run_in_blocks(_kernels.evolution, args)[: len(Evolution._fields)]
    scalar = args[0].ndim == 0
    names = Evolution._fields
    values = []
    for name, v in zip(names, out):
        v = np.asarray(v, dtype=np.float64)
        if name in _POPULATIONS and not populations:
            values.append(None)
            continue
        check_finite_outputs(name, v)
        values.append(v[()] if scalar else v)
    return Evolution(*values)


def zero_rates(delta: NDArray[np.float64], gamma: NDArray[np.float64], m21: NDArray[np.float64]) -> dict[str, NDArray[np.bool_]]:
    """Where each rate of Eq. (3.6) is exactly 0 (its time scale infinite, by design), from the inputs."""
    with np.errstate(over="ignore"):
        return {"tau_osc": (delta == 0) & (gamma >= 4 * m21), "tau_S": gamma == 0, "tau_L": (gamma == 0) | (m21 == 0)}


@accepts_dask
def time_scales(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0) -> TimeScales:
    """tau_osc = 2 pi hbar/|E_L - E_S|, tau_S = hbar/Gamma_S, tau_L = hbar/Gamma_L in s (Eq. 3.6, exact widths).

    Raises :class:`ExceptionalPointError` at the exceptional point.

    >>> ts = time_scales(910.0, 23.0, 1e-24)
    >>> print(f"{ts.tau_osc:.3e} s, {ts.tau_S:.3e} s, {ts.tau_L:.3e} s")
    4.545e-18 s, 2.862e-17 s, 2.370e+37 s
    """
    args = eigen_parameters(delta, gamma, m21, phase)
    with np.errstate(all="ignore"):  # a zero rate gives an infinite time scale, by design
        out = [np.asarray(getattr(_kernels, name)(*args), dtype=np.float64) for name in TimeScales._fields]
    zero_rate = zero_rates(*args[:3])
    for name, v in zip(TimeScales._fields, out):
        if np.isnan(v).any() or (np.isinf(v) & ~zero_rate[name]).any():
            raise FloatingPointError(f"{name} is not representable in float64 at these inputs (its rate is "
                                     "nonzero but beyond the float64 range); use atommix.validation for it")
    scalar = args[0].ndim == 0
    return TimeScales(*(v[()] if scalar else v for v in out))
