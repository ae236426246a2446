"""Every digit the reference claims is correct, at hostile points, against a far more precise recomputation.

The points: Delta from -1e6 to 1e6 eV with magnitudes down to 1e-300 and the sign flipped next to 0,
Gamma = 0, strong mixing, phases up to 1e300, and the neighbourhood of the exceptional point, all as
exact decimal strings.  The recomputation is mpmath's eigensolver (left and right eigenvectors) at
three times the certificate's precision, lambda_L chosen by the exact criterion; the claim checked is
the package's definition of correct digits (validation.precision): rounding the printed value to d
digits lands within one unit of the d-th digit of the exact value.
"""

from __future__ import annotations

import random
from decimal import Decimal

import mpmath
import pytest

from atommix.validation import EigenInputs, eigen_quantities, private_context, reference_eigensystem
from atommix.validation.balls import mid_and_radius

DPS = 20


def hostile_points(n: int, seed: int) -> list[tuple[str, str, str, str]]:
    """Exact decimal (Delta, Gamma, |M21|, phase) strings over the hostile families, in turn."""
    rng = random.Random(seed)

    def mag(lo: int, hi: int) -> str:
        return f"{rng.randint(1, 9)}.{rng.randint(0, 999):03d}e{rng.randint(lo, hi)}"

    out = []
    for i in range(n):
        kind = i % 6
        sign = rng.choice(["", "-"])
        if kind == 0:  # real-atom scales, both signs, phase anywhere
            d, g, m, p = sign + mag(-3, 6), mag(-3, 3), mag(-30, -20), mag(-3, 1)
        elif kind == 1:  # Delta next to 0, of either sign, at strong mixing
            d, g, m, p = sign + mag(-300, -20), mag(-4, 1), mag(-1, 1), "0"
        elif kind == 2:  # Gamma = 0 (H Hermitian)
            d, g, m, p = sign + mag(-3, 6), "0", mag(-20, 2), mag(-2, 1)
        elif kind == 3:  # huge phases
            d, g, m, p = sign + mag(-2, 3), mag(-2, 2), mag(-5, 1), rng.choice(["", "-"]) + mag(20, 300)
        elif kind == 4:  # next to the exceptional point
            g = mag(-2, 3)
            m = str(Decimal(g) / 4 * (1 + Decimal(rng.choice([1, -1])) * Decimal(mag(-15, -1))))
            d = rng.choice(["0", sign + str(Decimal(g) * Decimal(mag(-16, -2)))])
            p = mag(-2, 1)
        else:  # strong mixing, any sign
            d, g, m, p = sign + mag(-3, 3), mag(-3, 3), mag(0, 4), mag(-3, 1)
        out.append((d, g, m, p))
    return out


def _printed(ctx, text):
    if isinstance(text, dict):
        return ctx.mpc(ctx.mpf(text["re"]), ctx.mpf(text["im"]))
    return ctx.mpf(text)


def _digits_hold(ctx, printed, exact, d: int) -> bool:
    """round_d(printed) is within one unit of the d-th digit of exact (normwise)."""
    if d == 0:
        return True
    if exact == 0:
        return printed == 0
    e = int(ctx.floor(ctx.log10(abs(exact))))
    unit = ctx.mpf(10) ** (e - d + 1)
    if isinstance(printed, ctx.mpc):
        rounded = ctx.mpc(_round(ctx, ctx.re(printed), d, e), _round(ctx, ctx.im(printed), d, e))
    else:
        rounded = _round(ctx, printed, d, e)
    return abs(rounded - exact) < unit


def _round(ctx, x, d: int, e: int):
    """x rounded at the unit 10^(e - d + 1), the d-th significant digit of a number of exponent e."""
    unit = ctx.mpf(10) ** (e - d + 1)
    return ctx.nint(x / unit) * unit


def _check(point):
    ref = reference_eigensystem(*point, dps=DPS)
    inputs = EigenInputs.from_values(*point)
    ctx = private_context(3 * (ref.working_dps + inputs.scale_digits()) + 50)
    exact = eigen_quantities(ctx, inputs)
    strings = ref.as_strings()
    for name, d in ref.digits.items():
        printed = _printed(ctx, strings[name])
        assert _digits_hold(ctx, printed, exact[name], d), (point, name, strings[name], d, mpmath.nstr(exact[name], 25))
        mid, rad = mid_and_radius(ctx, ref.balls[name])
        assert abs(exact[name] - mid) <= rad, (point, name)  # the ball contains the exact value
    return ref


@pytest.mark.parametrize("point", hostile_points(48, seed=1))
def test_claimed_digits_are_correct_at_hostile_points(point):
    ref = _check(point)
    assert min(ref.digits.values()) >= DPS - 1  # and the digits are there: every value to about DPS digits


@pytest.mark.slow
@pytest.mark.parametrize("point", hostile_points(400, seed=2))
def test_claimed_digits_are_correct_at_four_hundred_hostile_points(point):
    _check(point)


def test_the_points_of_the_issue():
    """Labels and phases that the working precision alone could not decide (before the exact criterion)."""
    alpha = reference_eigensystem("-1e-56", "0.1", "1", dps=17).as_strings()["alpha"]
    assert alpha["re"].startswith("-9.99687451156610")
    for d in ("-1e-60", "-1e-300"):
        assert reference_eigensystem(d, "3", "1", dps=17).as_strings()["alpha"]["re"].startswith("-")
    # exactly -10^55 rad (the decimal string), reduced modulo 2 pi with 55 more digits: cos(10^55) = -0.98928
    assert reference_eigensystem("0", "0", "1", "-1e55", dps=17).as_strings()["alpha"]["re"].startswith("-9.8927854962492")
    # the float -1e55 is another number, whose cosine is 0.82449
    assert reference_eigensystem("0", "0", "1", -1e55, dps=17).as_strings()["alpha"]["re"].startswith("8.244947388781623")
