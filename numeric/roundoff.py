"""Error model of the float64 primitives: running error bounds for the generated kernels.

Each function takes the computed operands and bounds on their absolute errors, performs the
operation exactly as the kernels do (the same NumPy call), and returns the computed result
with a bound on its absolute error with respect to the exact result of the exact operands.
The error of a complex value is carried componentwise, as the complex number
``e_re + 1j*e_im`` (both parts >= 0), so that a real part that is small beside its imaginary
part keeps a small bound of its own.  The generated module ``atommix.numeric._bounded`` chains these
functions along the evaluation programs of :mod:`atommix.derivations`, one call per
operation, so that the bound follows the kernel's arithmetic step by step (a running error
analysis, Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Sec. 3.3).

The models, with u = 2^-53 (unit roundoff) and eta = 2^-1074 (the smallest subnormal):

* ``+``: ``|e_a| + |e_b| + u|v|`` per component (an addition is exact where it underflows);
* ``x`` real by real: ``|a| e_b + |b| e_a + e_a e_b + u|v| + eta``; complex by real: the same
  per component (NumPy multiplies the real factor as ``b + 0j``, and ``x*0 - y*0`` is exact);
  complex by complex: ``(a_r b_r - a_i b_i, a_r b_i + a_i b_r)``, each part's rounding at most
  ``2u(|a_r b_r| + |a_i b_i|)`` (an FMA only lowers it) plus the propagated errors;
* ``/`` by a real (complex division is refused): propagated ``(e_a + |v| e_b)/(|b| - e_b)``;
  rounding ``u|v| + eta`` for real / real, and ``2u|v| + (|a| + 1) eta`` per component for
  complex / real (NumPy's Smith division multiplies by the rounded reciprocal 1/b);
* ``sqrt`` (complex, radicand and its exact value in the closed upper half-plane, so both roots
  lie in the first quadrant and ``|sqrt(a) + sqrt(b)| >= |sqrt(a)|``): normwise
  ``min(n/|v|, sqrt(n))`` for a radicand error of modulus n; the smaller component through
  ``x y = Im(D)/2``; rounding ``4u`` per component (C99 ``csqrt``);
* ``exp`` real: ``v expm1(e) + 2u v + eta``; ``exp(i theta)``: ``min(e, 2)`` per component
  plus ``2u`` (correctly reduced ``sin``/``cos``);
* ``phi1(x) = (e^x - 1)/x``: ``|phi1'| <= e^{max(0, Re x)}/2`` on the segment (phi1 is the
  mean of e^{xv} over v in [0, 1]); rounding ``2u|v|`` for real x, and for complex x NumPy's
  ``expm1`` (``expm1(x_r) cos x_i - 2 sin^2(x_i/2)``, ``e^{x_r} sin x_i``) and Smith's
  division, normwise ``8u|v|`` plus the numerator's ``3u(|expm1(x_r)| + 2 sin^2(x_i/2)) +
  2u e^{x_r}|sin x_i|`` over ``|x|``;
* ``abs``: ``e_r + e_i + 2u|v|`` (hypot); re, im, conjugate, negation, a maximum and a
  choice between arms carry the errors they select; multiplying by a power of two or by
  ``i`` is exact up to ``eta`` where it underflows.

These are first-order bounds (products of two error terms are kept where they appear, the
rounding of the bound's own arithmetic is not): :func:`relative` widens the final bound by
2^-20 relative, far above what the neglected terms can reach.  Every model is checked against
mpmath at hostile arguments in ``tests/test_roundoff.py``; the bounds of the whole programs
against the mpmath references in ``tests/test_bounds.py``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "U",
    "ETA",
    "TINY",
    "const",
    "add",
    "neg",
    "mul",
    "div",
    "scale",
    "div_pow2",
    "times_i",
    "sqrt",
    "exp",
    "cis",
    "phi1",
    "absolute",
    "real",
    "imag",
    "conjugate",
    "maximum",
    "select",
    "gauss_legendre_truncation",
    "widen",
    "relative",
]

U = 2.0**-53
ETA = 2.0**-1074

Pair = tuple[NDArray, NDArray]


def _parts(v: NDArray) -> NDArray:
    """|Re v| + i|Im v| for complex v, |v| for real v."""
    if np.iscomplexobj(v):
        return np.abs(v.real) + 1j * np.abs(v.imag)
    return np.abs(v)


#: Below this magnitude a rounded result may have lost bits to gradual underflow (absolute error <= eta).
TINY = 2.0**-1022


def _prod(x: NDArray, y: NDArray) -> NDArray:
    """x y for x, y >= 0 (real), but eta where the product of two positive numbers underflows to 0:
    a bound must not vanish because it is small."""
    p = x * y
    return np.where((p == 0) & (x > 0) & (y > 0), ETA, p)


def _cprod(x: NDArray, y: NDArray) -> NDArray:
    """:func:`_prod` per component: x componentwise (complex or real), y real."""
    if np.iscomplexobj(x):
        return _prod(x.real, y) + 1j * _prod(x.imag, y)
    return _prod(x, y)


def _quot(x: NDArray, y: NDArray) -> NDArray:
    """x/y for x >= 0, y > 0 (real), but eta where a positive quotient underflows to 0."""
    q = x / y
    return np.where((q == 0) & (x > 0), ETA, q)


def _cquot(x: NDArray, y: NDArray) -> NDArray:
    if np.iscomplexobj(x):
        return _quot(x.real, y) + 1j * _quot(x.imag, y)
    return _quot(x, y)


def _eta(v: NDArray, *nonzero: NDArray) -> NDArray:
    """eta where the real value ``v`` is subnormal or zero while every factor in ``nonzero`` is not zero."""
    where = np.abs(v) < TINY
    for f in nonzero:
        where = where & (f != 0)
    return np.where(where, ETA, 0.0)


def const(value: float | complex, error: float) -> Pair:
    """A constant of the program: its float64 value and its distance from the exact constant."""
    return np.asarray(value), np.asarray(error)


def add(a: NDArray, ea: NDArray, b: NDArray, eb: NDArray) -> Pair:
    v = a + b
    return v, ea + eb + U * _parts(v)


def neg(a: NDArray, ea: NDArray) -> Pair:
    return -a, ea


def mul(a: NDArray, ea: NDArray, b: NDArray, eb: NDArray) -> Pair:
    v = a * b
    ac, bc = np.iscomplexobj(a), np.iscomplexobj(b)
    if ac and bc:
        ar, ai, br, bi = np.abs(a.real), np.abs(a.imag), np.abs(b.real), np.abs(b.imag)
        er, ei, fr, fi = ea.real, ea.imag, eb.real, eb.imag
        P = _prod
        prop_r = P(ar, fr) + P(br, er) + P(er, fr) + P(ai, fi) + P(bi, ei) + P(ei, fi)
        prop_i = P(ar, fi) + P(bi, er) + P(er, fi) + P(ai, fr) + P(br, ei) + P(ei, fr)
        round_r = 2 * U * (ar * br + ai * bi) + _eta(ar * br, ar, br) + _eta(ai * bi, ai, bi)
        round_i = 2 * U * (ar * bi + ai * br) + _eta(ar * bi, ar, bi) + _eta(ai * br, ai, br)
        return v, (prop_r + round_r) + 1j * (prop_i + round_i)
    if bc and not ac:  # keep the complex factor first
        a, ea, b, eb = b, eb, a, ea
    # real by real, or complex a by real b: per component
    prop = _cprod(_parts(a), eb) + _cprod(ea, np.abs(b)) + _cprod(ea, eb)
    if np.iscomplexobj(v):
        eta = _eta(v.real, a.real, b) + 1j * _eta(v.imag, a.imag, b)
    else:
        eta = _eta(v, a, b)
    return v, prop + U * _parts(v) + eta


def div(a: NDArray, ea: NDArray, b: NDArray, eb: NDArray) -> Pair:
    if np.iscomplexobj(b):
        raise TypeError("the error model divides by real values only")
    v = a / b
    margin = np.abs(b) - eb
    with np.errstate(divide="ignore", invalid="ignore"):
        prop = np.where(margin > 0, _cquot(ea + _cprod(_parts(v), eb), np.where(margin > 0, margin, 1.0)), np.inf)
    if np.iscomplexobj(v):
        # Smith's division multiplies by fl(1/b), which loses bits where |b| > 2^1022
        lossy = (np.abs(b) >= 2.0**1021) * (_parts(a) * ETA)
        rounding = 2 * U * _parts(v) + lossy + _eta(v.real, a.real) + 1j * _eta(v.imag, a.imag)
    else:
        rounding = U * np.abs(v) + _eta(v, a)
    return v, prop + rounding


def div_pow2(a: NDArray, ea: NDArray, s: NDArray) -> Pair:
    """a divided by a power of two: exact, but for the loss where it underflows."""
    v = a / s
    eta = _eta(v.real, a.real) + 1j * _eta(v.imag, a.imag) if np.iscomplexobj(v) else _eta(v, a)
    return v, _cquot(ea, s) + eta


def scale(a: NDArray, ea: NDArray, c: float) -> Pair:
    """a times a power of two (or +-1): exact, but for the loss where it underflows."""
    v = c * a
    if abs(c) >= 1:
        return v, abs(c) * ea
    eta = _eta(v.real, a.real) + 1j * _eta(v.imag, a.imag) if np.iscomplexobj(v) else _eta(v, a)
    return v, _cprod(ea, abs(c)) + eta


def times_i(a: NDArray, ea: NDArray, c: float) -> Pair:
    """(i c) a for c a power of two: the components swap, exactly."""
    v = (1j * c) * a
    e = _cprod(ea.imag + 1j * ea.real, abs(c)) if np.iscomplexobj(ea) else 1j * _prod(ea, abs(c))
    if abs(c) >= 1:
        return v, e
    ar, ai = (a.real, a.imag) if np.iscomplexobj(a) else (a, np.zeros_like(a))
    return v, e + _eta(v.real, ai) + 1j * _eta(v.imag, ar)


def sqrt(a: NDArray, ea: NDArray) -> Pair:
    if not np.iscomplexobj(a):
        v = np.sqrt(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            prop = np.where(v > 0, np.minimum(ea / np.where(v > 0, v, 1.0), np.sqrt(ea)), np.sqrt(ea))
        return v, prop + U * v
    if np.any(a.imag < 0):
        raise ValueError("the error model of sqrt needs a radicand in the upper half-plane")
    v = np.sqrt(a)
    n = np.abs(ea.real) + np.abs(ea.imag)
    size = np.abs(v)
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = np.where(size > 0, np.minimum(n / np.where(size > 0, size, 1.0), np.sqrt(n)), np.sqrt(n))
        x, y = v.real, v.imag
        big_x = x >= y
        big = np.where(big_x, x, y)
        small = np.where(big_x, y, x)
        # x y = Im(D)/2 for the exact root: the smaller component follows from the larger
        # |y - y'| <= |Im D - Im D'|/(2x) + y'|x - x'|/x with x >= x' - norm (the exact x, not the computed)
        margin = big - norm
        through = np.where(margin > 0, (ea.imag / 2 + small * norm) / np.where(margin > 0, margin, 1.0), np.inf)
    small_err = np.minimum(norm, through)
    er = np.where(big_x, norm, small_err) + 4 * U * np.abs(x) + _eta(x, a.imag)
    ei = np.where(big_x, small_err, norm) + 4 * U * np.abs(y) + _eta(y, a.imag)
    return v, er + 1j * ei


def exp(a: NDArray, ea: NDArray) -> Pair:
    """e^a for real a."""
    v = np.exp(a)
    with np.errstate(over="ignore", invalid="ignore"):
        # e^{a + e} - e^a, or e^{a + e} itself where e^a underflowed
        prop = np.where(ea > 0, np.where(v < TINY, np.exp(a + ea), _prod(v, np.expm1(ea))), 0.0)
    return v, prop + 2 * U * v + _eta(v)


def cis(theta: NDArray, e: NDArray) -> Pair:
    """e^{i theta} for real theta, as NumPy computes ``exp(1j*theta)``."""
    v = np.exp(1j * theta)
    prop = np.minimum(e, 2.0)
    return v, (prop + 2 * U * np.abs(v.real)) + 1j * (prop + 2 * U * np.abs(v.imag))


def _phi1_value(x: NDArray) -> NDArray:
    zero = x == 0
    return np.where(zero, 1.0, np.expm1(x) / np.where(zero, 1.0, x))


def phi1(x: NDArray, ex: NDArray) -> Pair:
    """(e^x - 1)/x (1 at x = 0), real or complex x."""
    v = _phi1_value(x)
    complex_x = np.iscomplexobj(x)
    xr = x.real if complex_x else x
    n = (ex.real + ex.imag) if complex_x else ex
    size = np.abs(x)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        top = xr + (ex.real if complex_x else ex)  # Re x <= top on the error disk
        growth = np.exp(np.maximum(0.0, top))
        # |phi1'(x)| = |(e^x (x - 1) + 1)/x^2| <= (e^{Re x}(|x| + 1) + 1)/|x|^2, far smaller than
        # e^{max(0, Re x)}/2 where Re x << 0 and |x| >> 1 (long times: phases of 1e18 rad)
        far = size - n
        slope_far = np.where(far > 0, (np.exp(top) * (size + n + 1) + 1) / np.where(far > 0, far, 1.0) ** 2, np.inf)
        slope = np.minimum(growth / 2, slope_far)
        prop = np.minimum(_prod(n, slope), 2 * growth)
    if complex_x:
        xi = x.imag
        half = np.sin(xi / 2)
        numerator = 3 * U * (np.abs(np.expm1(xr) * np.cos(xi)) + 2 * half * half) \
            + 2 * U * np.exp(xr) * np.abs(np.sin(xi)) + 2 * _eta(size, size)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            rounding = np.where(size > 0, numerator / np.where(size > 0, size, 1.0), 0.0) + 8 * U * np.abs(v)
        return v, (prop + rounding) * (1 + 1j)
    with np.errstate(divide="ignore", invalid="ignore"):
        rounding = 2 * U * np.abs(v) + np.where((size > 0) & (size < TINY), ETA / np.where(size > 0, size, 1.0), 0.0)
    return v, prop + rounding


def absolute(a: NDArray, ea: NDArray) -> Pair:
    if not np.iscomplexobj(a):
        return np.abs(a), ea
    v = np.abs(a)
    return v, ea.real + ea.imag + 2 * U * v


def real(a: NDArray, ea: NDArray) -> Pair:
    return (a.real, ea.real) if np.iscomplexobj(a) else (a, ea)


def imag(a: NDArray, ea: NDArray) -> Pair:
    return (a.imag, ea.imag) if np.iscomplexobj(a) else (np.zeros_like(a), np.zeros_like(ea))


def conjugate(a: NDArray, ea: NDArray) -> Pair:
    return np.conj(a), ea


def maximum(a: NDArray, ea: NDArray, b: NDArray, eb: NDArray) -> Pair:
    return np.maximum(a, b), np.maximum(ea, eb)


def select(conditions: list[NDArray], arms: list[Pair]) -> Pair:
    """The arm of the first true condition (the last arm's condition is True), with its error."""
    values = np.select(conditions, [v for v, _ in arms])
    errors = np.select(conditions, [np.broadcast_to(e, np.shape(v)) if np.ndim(e) < np.ndim(v) else e
                                    for v, e in arms])
    return values, errors


def gauss_legendre_truncation(nodes: int, k_abs: NDArray, g: NDArray, prefactor: NDArray) -> NDArray:
    """Bound on the truncation of the ``nodes``-point Gauss-Legendre rule for
    prefactor int_0^1 x^2 phi1(x k) phi1(x k*) e^{-x g} dx (see
    :func:`atommix.derivations.evolution.quadrature_truncation`): the least over rho in
    {2, 4, 8, 16, 32, 64} of (32/15) R^2 e^{R(2|k| + |g|)} rho^{-2n}/(rho^2 - 1), R = 1/2 + (rho + 1/rho)/4.
    """
    best = np.full(np.shape(k_abs), np.inf)
    with np.errstate(over="ignore", under="ignore"):
        for rho in (2.0, 4.0, 8.0, 16.0, 32.0, 64.0):
            R = 0.5 + (rho + 1 / rho) / 4
            log_bound = np.log(32 / 15 * R * R / (rho * rho - 1)) + R * (2 * k_abs + np.abs(g)) - 2 * nodes * np.log(rho)
            best = np.minimum(best, np.exp(log_bound))
    return _prod(np.abs(prefactor), best)


def widen(v: NDArray, e: NDArray, extra: NDArray) -> Pair:
    """A value whose formula is itself an approximation: its error plus the approximation's."""
    return v, e + extra


def relative(v: NDArray, e: NDArray) -> NDArray:
    """A bound on |v_exact - v|/|v_exact| from |v_exact - v| <= e: e/(|v| - e); 0 where e = 0.

    inf where e >= |v| (no correct digit guaranteed) or where the bound is not a number.  The
    absolute bound is first widened by 2^-20 relative (second-order terms, the bound's own
    rounding).
    """
    size = np.abs(v)
    total = np.hypot(e.real, e.imag) if np.iscomplexobj(e) else np.abs(e)
    total = total * (1 + 2.0**-20)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where(total < size, total / (size - total), np.inf)
    out = np.where(total == 0, 0.0, out)
    return np.where(np.isnan(out), np.inf, out)
