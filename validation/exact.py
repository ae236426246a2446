"""Exact inputs: decimal strings, integers, fractions or floats, kept as rationals.

A reference value is only worth its digits if it answers the question asked:
``"1e-24"`` means exactly 10^-24, so inputs are held as :class:`fractions.Fraction`
and rounded into a precision context only at the working precision.
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction

import mpmath

__all__ = ["ExactInput", "to_fraction", "to_context"]

ExactInput = str | int | Fraction | Decimal | float


def to_fraction(name: str, value: ExactInput, *, minimum: Fraction | None = None, what: str = "") -> Fraction:
    """``value`` as an exact rational; ``TypeError``/``ValueError`` naming ``name`` otherwise.

    Floats are taken at their exact binary value (give a string to mean a decimal).
    """
    label = f"{name} ({what})" if what else name
    allowed = "a finite real number" + (f" >= {minimum}" if minimum is not None else "")
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Rational, Decimal, float)):
        raise TypeError(f"{label} must be {allowed} (a decimal string, int, Fraction, Decimal or float); got {value!r}")
    try:
        if isinstance(value, float):  # the common case from float64 callers, without Fraction's parsing
            frac = Fraction(*value.as_integer_ratio())
        else:
            frac = Fraction(value.strip()) if isinstance(value, str) else Fraction(value)
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        raise ValueError(f"{label} must be {allowed}; got {value!r}") from exc
    if minimum is not None and frac < minimum:
        raise ValueError(f"{label} must be {allowed}; got {value!r}")
    return frac


def to_context(ctx: mpmath.ctx_mp.MPContext, value: Fraction) -> mpmath.mpf:
    """``value`` rounded once, correctly, to the context's working precision."""
    return ctx.mpf(value.numerator) / value.denominator if value.denominator != 1 else ctx.mpf(value.numerator)
