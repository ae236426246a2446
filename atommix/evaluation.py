"""All results at one parameter point, two ways: float64 kernels, and reference values at any precision.

These are the domain functions behind ``atommix evaluate`` and ``atommix reference``:
they assemble the eigensystem, the time history at the requested times and the
time scales into one JSON-ready record (``inputs``, ``values``, ``units`` and,
where a value does not exist, the reason in ``absent``).  At the exceptional
point the evolution still evaluates; the eigen-quantities, P_L, P_S and the time
scales are reported as ``None`` with the reason.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from .errors import ExceptionalPointError
from .quantities import EIGEN, SCALE, TIME, names, units

__all__ = ["EXCEPTIONAL_REASON", "MARK_BOUND", "float64_point", "reference_point", "decimal_string", "json_value"]

EXCEPTIONAL_REASON = "H is not diagonalizable at the exceptional point (Delta = 0, Gamma = 4|M21|)"
_EIGEN, _TIME, _SCALE = names(EIGEN), names(TIME), names(SCALE)
#: Time quantities that need the eigenstates.
_POPULATIONS = ("P_L", "P_S")


def _json_number(x: Any) -> float:
    return float(x) + 0.0  # -0.0 -> 0.0


def json_value(x: Any) -> float | dict[str, float]:
    """A float64 value for JSON: complex as ``{"re", "im"}``, signed zeros as 0.0."""
    if isinstance(x, complex) or getattr(x, "dtype", None) is not None and x.dtype.kind == "c":
        c = complex(x)
        return {"re": _json_number(c.real), "im": _json_number(c.imag)}
    return _json_number(x)


#: A value whose relative bound exceeds this is marked in the text output.
MARK_BOUND = 1e-3


def _bound(b: Any) -> float | None:
    """A relative bound for JSON: None where it is infinite (no correct digit guaranteed)."""
    b = float(b)
    return b if math.isfinite(b) else None


def float64_point(point: dict[str, float], times: list[float],
                  input_errors: dict[str, Any] | None = None) -> dict[str, Any]:
    """Float64 values at ``point`` (delta, gamma, m21, phase in eV and rad) and at ``times`` (s), with bounds.

    Every value comes with a bound on its relative error with respect to the exact value at the
    inputs (:mod:`atommix.numeric.bounds`) under ``bounds`` (per time point: the record's
    ``bounds``); ``input_errors`` (absolute, per input name and ``t`` as a list per time) are the
    distances of the typed decimals from their float64, so that the bound holds at the typed
    inputs.  A bound of None means no correct digit is guaranteed.

    Raises the numeric layer's errors (``ValueError``, ``TypeError``, ``FloatingPointError``);
    at the exceptional point without times, :class:`~atommix.errors.ExceptionalPointError`.
    """
    from .numeric import eigensystem_bounds, evolution_bounds, time_scales_bounds

    errors = dict(input_errors or {})
    time_errors = errors.pop("t", [0.0] * len(times))
    values: dict[str, Any] = {}
    bounds: dict[str, Any] = {}
    absent: dict[str, str] = {}
    try:
        es = eigensystem_bounds(**point, input_errors=errors)
        values.update({name: json_value(getattr(es.values, name)) for name in es.values._fields})
        bounds.update({name: _bound(getattr(es.bounds, name)) for name in es.values._fields})
        at_ep = False
    except ExceptionalPointError:
        if not times:
            raise
        at_ep = True
        values.update(dict.fromkeys(_EIGEN))
        absent.update(dict.fromkeys(_EIGEN, EXCEPTIONAL_REASON))
    if times:
        history = evolution_bounds(**point, t=times, populations=not at_ep,
                                   input_errors={**errors, "t": time_errors})
        values["times"] = [
            {"t": t,
             **{n: (None if getattr(history.values, n) is None else _json_number(getattr(history.values, n)[i]))
                for n in _TIME},
             "bounds": {n: _bound(getattr(history.bounds, n)[i]) for n in _TIME if getattr(history.bounds, n) is not None}}
            for i, t in enumerate(times)
        ]
        if at_ep:
            absent.update(dict.fromkeys(_POPULATIONS, EXCEPTIONAL_REASON))
            values.update(dict.fromkeys(_SCALE))
            absent.update(dict.fromkeys(_SCALE, EXCEPTIONAL_REASON))
        else:
            scales = time_scales_bounds(**point, input_errors=errors)
            for name in scales.values._fields:
                v = float(getattr(scales.values, name))
                values[name] = v if math.isfinite(v) else None
                if math.isfinite(v):
                    bounds[name] = _bound(getattr(scales.bounds, name))
                elif float(getattr(scales.bounds, name)) == 0:
                    absent[name] = "infinite: the rate is 0"
                else:
                    absent[name] = "beyond the float64 range (use atommix reference)"
    out: dict[str, Any] = {
        "inputs": {**point, **({"times": times} if times else {})},
        "values": values,
        "bounds": bounds,
        "units": units(_EIGEN + (("t",) + _TIME + _SCALE if times else ())),
    }
    if absent:
        out["absent"] = absent
    return out


def reference_point(point: dict[str, Fraction], times: list[Fraction], dps: int, certified: bool = False) -> dict[str, Any]:
    """Reference values at the exact ``point`` and ``times`` to ``dps`` digits, each with its checked digits.

    With ``certified``, python-flint balls for the eigen-quantities are added under
    ``values["certified"]``, with whether each contains the mpmath value.
    """
    from .validation import reference_eigensystem, reference_evolution

    values: dict[str, Any] = {}
    digits: dict[str, Any] = {}
    absent: dict[str, str] = {}
    try:
        ref = reference_eigensystem(**point, dps=dps)
        values.update(ref.as_strings())
        digits.update(ref.digits)
        working = ref.working_dps
    except ExceptionalPointError:
        if not times:
            raise
        values.update(dict.fromkeys(_EIGEN))
        digits.update(dict.fromkeys(_EIGEN))
        absent.update(dict.fromkeys(_EIGEN, EXCEPTIONAL_REASON))
        working = 0
    if certified and not absent:
        values["certified"] = _certified(ref)
    if times:
        hist = reference_evolution(**point, times=tuple(times), dps=dps)
        rows, scales = hist.as_strings()
        values["times"] = [{"t": decimal_string(t, dps), **row} for t, row in zip(times, rows)]
        digits["times"] = hist.digits
        values.update(scales)
        digits.update(hist.scale_digits)
        absent.update(hist.absent)
        working = max(working, hist.working_dps)
    inputs: dict[str, Any] = {k: decimal_string(v, dps) for k, v in point.items()}
    if times:
        inputs["times"] = [decimal_string(t, dps) for t in times]
    out: dict[str, Any] = {
        "inputs": inputs,
        "values": values,
        "units": units(_EIGEN + (("t",) + _TIME + _SCALE if times else ())),
        "digits": digits,
        "dps": dps,
        "working_dps": working,
    }
    if absent:
        out["absent"] = absent
    return out


def _certified(ref: Any) -> dict[str, Any]:
    """The python-flint balls behind the reference's digits, and the precision of mpmath's cross-check."""
    from .validation.certified import ball_strings

    return {
        "balls": {name: ball_strings(b, ref.dps) for name, b in ref.balls.items()},
        "cross_check_dps": ref.cross_check_dps,
    }


def decimal_string(value: Fraction, dps: int) -> str:
    """An exact input as a decimal string: exact if it terminates, else to ``dps`` digits."""
    with localcontext() as ctx:
        ctx.prec = max(dps, 60)
        d = Decimal(value.numerator) / Decimal(value.denominator)
    return format(d.normalize(), "f") if abs(d.adjusted()) < 7 else format(d.normalize(), "E")
