"""Hypothesis strategies for physical parameter points at the scales of real atoms."""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: 10.0**e)


@st.composite
def eigen_points(draw, ratio=(1e-30, 1e-1), width=(1e-6, 1e6), delta_abs=(1e-3, 1e6)):
    """(delta, gamma, m21, phase) in eV: |M21|/|Delta + i Gamma/2| and Gamma/|Delta| log-uniform."""
    delta = draw(log_uniform(*delta_abs)) * draw(st.sampled_from([-1.0, 1.0]))
    gamma = abs(delta) * draw(log_uniform(*width))
    m21 = math.hypot(delta, gamma / 2) * draw(log_uniform(*ratio))
    phase = draw(st.floats(0.0, 2 * math.pi))
    return delta, gamma, m21, phase


@st.composite
def wide_points(draw):
    """(delta, gamma, m21, phase): |Delta|/Gamma from 1e-300 to 1e6 with Delta of either sign (tiny Delta
    beside a finite width, at weak and at strong mixing), Gamma = 0, |M21|/|z| from 1e-30 to 1e2, and
    phases up to 1e300 rad."""
    gamma = draw(st.one_of(st.just(0.0), log_uniform(1e-3, 1e6)))
    sign = draw(st.sampled_from([-1.0, 1.0]))
    if gamma == 0:
        delta = sign * draw(log_uniform(1e-3, 1e6))
    else:
        delta = sign * gamma * draw(st.one_of(st.just(0.0), log_uniform(1e-300, 1e6)))
    m21 = math.hypot(delta, gamma / 2) * draw(log_uniform(1e-30, 1e2))
    phase = draw(st.one_of(st.floats(0.0, 2 * math.pi), magnitudes(1e-300, 1e300, signed=True)))
    return delta + 0.0, gamma, m21, phase


@st.composite
def near_exceptional_points(draw):
    """(delta, gamma, m21, phase) next to Delta = 0, Gamma = 4|M21|, excluding the point itself."""
    gamma = draw(log_uniform(1e-3, 1e6))
    m21 = gamma / 4 * (1 + draw(st.sampled_from([-1.0, 1.0])) * draw(log_uniform(1e-15, 1e-1)))
    delta = draw(st.one_of(st.just(0.0), log_uniform(1e-16, 1e-1).map(lambda r: r * gamma)))
    delta *= draw(st.sampled_from([-1.0, 1.0]))
    phase = draw(st.floats(0.0, 2 * math.pi))
    return delta + 0.0, gamma, m21, phase


#: The 152Gd point of the paper (Sec. 4): Delta = 0.91 keV, Gamma = 23 eV, |M21| = 1e-24 eV.
GD152 = (910.0, 23.0, 1e-24, 0.0)


# --- Hostile inputs for fuzzing the Python API (tests/test_fuzz_api.py) ---------------------------

#: Floats at the edges of float64: NaN, infinities, signed zeros, the subnormal range, the extremes.
EDGE_FLOATS = (
    math.nan, math.inf, -math.inf, 0.0, -0.0, 5e-324, -5e-324, 2.225073858507201e-308, 2.2250738585072014e-308,
    1e-300, -1e-300, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308, 1.0, -1.0, 4.0,
)

#: Objects that are not numbers at all (returned as they are: the library must not mutate them).
NOT_NUMBERS = ({}, set(), object(), b"1", (1.0, 2.0), range(3), slice(1), print, Ellipsis)


@functools.cache
def unit_registry():  # type: ignore[no-untyped-def]
    import pint

    return pint.UnitRegistry()


def magnitudes(lo: float = 1e-300, hi: float = 1e300, signed: bool = False) -> st.SearchStrategy[float]:
    """Log-uniform |x| in [lo, hi], optionally with a random sign."""
    mag = log_uniform(lo, hi)
    return st.tuples(mag, st.sampled_from([-1.0, 1.0])).map(lambda p: p[0] * p[1]) if signed else mag


def quantities() -> st.SearchStrategy[object]:
    """pint Quantities, in the parameter's own unit, a scaled unit of the same kind, or the wrong kind."""
    units = ["eV", "keV", "meV", "s", "fs", "m", "nm", "W", "Hz", "rad", "degree", "dimensionless", "eV**4", "kg"]
    return st.tuples(st.floats(1e-3, 1e3), st.sampled_from(units)).map(lambda p: unit_registry().Quantity(*p))


def numeric_arrays() -> st.SearchStrategy[np.ndarray]:
    """0-d, 1-d and n-d arrays (some empty) of any dtype the user may hand over, with any elements."""
    shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)
    return st.one_of(
        hnp.arrays(np.float64, shapes, elements=st.floats(allow_nan=True, allow_infinity=True)),
        hnp.arrays(np.float64, shapes, elements=magnitudes(1e-30, 1e30)),
        hnp.arrays(st.sampled_from([np.float32, np.float16, np.int64, np.uint8]), shapes),
        hnp.arrays(st.sampled_from([np.complex128, np.bool_]), shapes),
        hnp.arrays(np.dtype("U3"), shapes),
        st.sampled_from([np.array([1.0, None], dtype=object), np.array([Fraction(1, 3)], dtype=object), np.empty((0, 3))]),
    )


def hostile_reals() -> st.SearchStrategy[object]:
    """Anything a user may pass where a real number (or an array of them) is expected."""
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(EDGE_FLOATS),
        magnitudes(signed=True),
        st.floats(-2.2250738585072014e-308, 2.2250738585072014e-308),  # zeros and subnormals
        st.integers(-(2**70), 2**70),
        st.sampled_from([10**400, -(10**400), 2**1024, Fraction(10**400), Fraction(1, 3), Decimal("1.5"), Decimal("NaN"),
                         Decimal("-Infinity"), np.float32(1.5), np.float16(2.0), np.int64(7), np.uint8(3), np.float64("nan"),
                         np.longdouble(2.5)]),
        st.complex_numbers(allow_nan=True, allow_infinity=True),
        st.sampled_from([1 + 0j, 0j, np.complex128(1.0), 1j]),
        st.text(max_size=6),
        st.sampled_from(["1", "1.0", " 2 ", "nan", "inf", "-1", "1e-24", "910 eV", "", "0x10", "1/3", "1e5000"]),
        st.none(),
        st.booleans(),
        st.sampled_from([np.True_, np.False_]),
        quantities(),
        numeric_arrays(),
        st.sampled_from([[], [1.0, 2.0], [1.0, math.nan], [[1.0], [1.0, 2.0]], [None], [[1.0, 2.0], [3.0, 4.0]], ["1"]]),
        st.sampled_from(NOT_NUMBERS),
    )


def hostile_choices(choices: tuple[str, ...]) -> st.SearchStrategy[object]:
    """A keyword such as ordering="NO": the allowed ones, near misses, and things that are not strings."""
    near = [c.lower() for c in choices] + [f" {c}" for c in choices] + ["", "NO IO"]
    return st.one_of(
        st.sampled_from(choices),
        st.sampled_from(near),
        st.text(max_size=6),
        st.sampled_from([None, 0, 1.0, True, [choices[0]], (choices[0],), {choices[0]: 1}, np.str_(choices[0]),
                         np.array([choices[0]]), np.array(list(choices)), b"NO"]),
    )


def hostile_flags() -> st.SearchStrategy[object]:
    """A boolean switch: bools and everything that is merely truthy or falsy."""
    return st.sampled_from([True, False, np.True_, np.False_, None, 0, 1, 2, 0.0, "no", "False", "", [], [False],
                            np.array([True, False]), math.nan])


def hostile_counts(small: int = 12) -> st.SearchStrategy[object]:
    """A small count such as dps or a number of samples (valid values kept small, so calls stay cheap)."""
    return st.one_of(
        st.integers(-3, small),
        st.sampled_from([0, -1, 1.5, 5.0, True, False, "5", None, np.int64(5), math.nan, math.inf, Fraction(5),
                         Decimal(5), [5], 5 + 0j]),
    )


@st.composite
def extreme_points(draw, lo=1e-300, hi=1e300):
    """(delta, gamma, m21, phase) with each magnitude log-uniform in [lo, hi] on its own, or zero."""
    def part(signed):  # type: ignore[no-untyped-def]
        return draw(st.one_of(st.just(0.0), magnitudes(lo, hi, signed=signed)))

    delta, gamma, m21 = part(True), part(False), part(False)
    phase = draw(st.one_of(st.floats(0.0, 2 * math.pi), magnitudes(1e-300, 1e300, signed=True)))
    return delta + 0.0, gamma, m21, phase


def valid_points() -> st.SearchStrategy[tuple[float, float, float, float]]:
    """Parameter points in the domain: real atoms, strong mixing, next to the exceptional point, and extremes."""
    return st.one_of(
        eigen_points(),
        eigen_points(ratio=(1e-3, 1e3)),
        near_exceptional_points(),
        extreme_points(),
        st.just(GD152),
    )
