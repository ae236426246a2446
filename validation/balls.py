"""Ball arithmetic with python-flint: precision, exact inputs as balls, and balls as mpmath numbers.

python-flint keeps its working precision in one process-wide context; every
computation here sets it under a lock and restores it afterwards, so concurrent
callers and the user's own flint code see their own precision.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import flint
import mpmath

__all__ = ["flint_precision", "bits_for", "arb_of", "acb_of", "to_mpmath", "mid_and_radius", "is_exact_zero",
           "surely_all_digits"]

_LOCK = threading.RLock()


def bits_for(digits: int) -> int:
    """Binary precision carrying ``digits`` decimal digits (and a few guard bits)."""
    return int(digits * 3.3219280948873626) + 16


@contextmanager
def flint_precision(bits: int) -> Iterator[None]:
    """python-flint's working precision set to ``bits`` for the block (thread-safe, restored after)."""
    with _LOCK:
        saved = flint.ctx.prec
        flint.ctx.prec = bits
        try:
            yield
        finally:
            flint.ctx.prec = saved


def arb_of(q: Fraction) -> flint.arb:
    """The exact rational ``q`` as a ball (exact when dyadic; else correctly rounded, the error in the radius)."""
    num = flint.arb(flint.fmpz(q.numerator))  # exact: an fmpz midpoint of any size
    return num if q.denominator == 1 else num / flint.fmpz(q.denominator)


def acb_of(re: Fraction, im: Fraction) -> flint.acb:
    """An exact rational complex number as a ball."""
    return flint.acb(arb_of(re), arb_of(im))


def _mid(x: flint.arb, prec: int | None = None) -> tuple:
    """The midpoint of ``x`` as an mpmath mantissa-exponent tuple: exact, or rounded to nearest at ``prec`` bits."""
    man, exp = x.mid().man_exp()
    return mpmath.libmp.from_man_exp(int(man), int(exp), prec, "n")


def _exact_mpf(ctx: mpmath.ctx_mp.MPContext, x: flint.arb) -> mpmath.mpf:
    """The midpoint of ``x`` exactly, as an mpmath number of ``ctx`` (whatever its precision)."""
    return ctx.make_mpf(_mid(x))


def to_mpmath(ctx: mpmath.ctx_mp.MPContext, x: flint.arb | flint.acb) -> mpmath.mpf | mpmath.mpc:
    """The ball's midpoint as an mpmath number of ``ctx`` (rounded once, to nearest, to its precision)."""
    if isinstance(x, flint.acb):
        return ctx.make_mpc((_mid(x.real, ctx.prec), _mid(x.imag, ctx.prec)))
    return ctx.make_mpf(_mid(x, ctx.prec))


def mid_and_radius(ctx: mpmath.ctx_mp.MPContext, x: flint.arb | flint.acb) -> tuple[mpmath.mpf | mpmath.mpc, mpmath.mpf]:
    """(midpoint, radius) in ``ctx``: the exact value lies within ``radius`` of ``midpoint`` (normwise for complex).

    The midpoint is rounded to ``ctx``'s precision; that rounding is added to the radius, which is
    rounded up, so the enclosure stays rigorous.
    """
    parts = (x.real, x.imag) if isinstance(x, flint.acb) else (x,)
    exact = [_exact_mpf(ctx, p) for p in parts]
    rounded = [+e for e in exact]
    with ctx.workprec(max(ctx.prec, *(int(p.mid().man_exp()[0]).bit_length() + 10 for p in parts))):
        rad = sum((_exact_mpf(ctx, p.rad()) + abs(e - r) for p, e, r in zip(parts, exact, rounded)), ctx.zero)
    rad = ctx.mpf(mpmath.libmp.mpf_pos(rad._mpf_, ctx.prec, "u")) if rad != 0 else ctx.zero  # rounded up
    mid = ctx.mpc(*rounded) if isinstance(x, flint.acb) else rounded[0]
    return mid, rad


def is_exact_zero(x: flint.arb | flint.acb) -> bool:
    """A ball that is exactly zero (midpoint and radius)."""
    return bool(x.is_zero()) if hasattr(x, "is_zero") else bool(x == 0)


def surely_all_digits(x: flint.arb | flint.acb, dps: int) -> bool:
    """A quick sufficient test that ``dps`` printed digits of the midpoint are all proven.

    True when the radius is below 10^-(dps + 2) of |x| and no complex component is below
    |x| 10^-dps (such a component is printed as 0, which needs the careful count).
    """
    with flint_precision(64):
        parts = (x.real, x.imag) if isinstance(x, flint.acb) else (x,)
        radius = sum((p.rad() for p in parts), flint.arb(0))
        size = abs(x)
        low = size - size.rad() - radius
        if not (low > 0 and radius < low * flint.arb(10) ** (-dps - 2)):
            return False
        floor = (size + size.rad()) * flint.arb(10) ** (-dps)
        return all(p.is_zero() or abs(p) > floor for p in parts)
