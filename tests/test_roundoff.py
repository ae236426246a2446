"""The error model of each float64 primitive holds against mpmath, at hostile operands.

For each primitive of :mod:`atommix.numeric.roundoff`: operands a, b with error bounds e_a, e_b,
exact operands a + d_a, b + d_b anywhere in those bounds (the corners and random points), the
exact result computed by mpmath at 60 digits; the computed result must lie within the returned
bound of every such exact result.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from atommix.numeric import roundoff as R

mp.mp.dps = 60
RNG = np.random.default_rng(20261203)


def _mags(n: int, lo: float = -300, hi: float = 300) -> np.ndarray:
    return 10 ** RNG.uniform(lo, hi, n) * RNG.choice([-1.0, 1.0], n)


def _complex(n: int, lo: float = -150, hi: float = 150) -> np.ndarray:
    return _mags(n, lo, hi) + 1j * _mags(n, lo, hi)


def _rel_err(n: int, x: np.ndarray) -> np.ndarray:
    """Errors of a few ulp to 1e-6 relative (0 for a third), per component."""
    size = 10 ** RNG.uniform(-16, -6, n) * (RNG.uniform(size=n) > 1 / 3)
    if np.iscomplexobj(x):
        return np.abs(x.real) * size + 1j * np.abs(x.imag) * size
    return np.abs(x) * size


def _mpc(x: complex | float) -> mp.mpc:
    return mp.mpc(complex(x).real, complex(x).imag)


def _shifted(x, e, corner):  # type: ignore[no-untyped-def]
    """x moved by its error bound to one corner (sr, si in {-1, 0, 1})."""
    sr, si = corner
    e = complex(e)
    return _mpc(x) + mp.mpf(e.real) * sr + 1j * mp.mpf(e.imag) * si


CORNERS = [(1, 1), (-1, -1), (1, -1), (-1, 1), (0, 0)]


def _check(v, e, exact) -> None:  # type: ignore[no-untyped-def]
    v, e = complex(v), complex(e)
    assert abs(mp.re(exact) - v.real) <= e.real * (1 + 1e-9), (v, e, exact)
    assert abs(mp.im(exact) - v.imag) <= e.imag * (1 + 1e-9) or (e.imag == 0 and mp.im(exact) == v.imag), (v, e, exact)


@pytest.mark.parametrize("kind", ["rr", "cr", "cc"])
def test_add_and_mul(kind):
    n = 200
    a = _complex(n) if kind[0] == "c" else _mags(n)
    b = _complex(n) if kind[1] == "c" else _mags(n)
    ea, eb = _rel_err(n, a), _rel_err(n, b)
    with np.errstate(all="ignore"):
        vs, es = R.add(a, ea, b, eb)
        vm, em = R.mul(a, ea, b, eb)
    for k in range(n):
        for c in CORNERS:
            x, y = _shifted(a[k], ea[k], c), _shifted(b[k], eb[k], c[::-1])
            if np.isfinite(vs[k]):
                _check(vs[k], es[k], x + y)
            if np.isfinite(vm[k]) and vm[k] != 0:
                _check(vm[k], em[k], x * y)


def test_division_by_reals_including_huge_and_tiny_divisors():
    n = 200
    a = _complex(n)
    b = np.concatenate([_mags(n - 20), _mags(10, 305, 308), _mags(10, -307, -300)])
    ea, eb = _rel_err(n, a), _rel_err(n, b)
    with np.errstate(all="ignore"):
        v, e = R.div(a, ea, b, eb)
    for k in range(n):
        if not np.isfinite(v[k]):
            continue
        for c in CORNERS:
            _check(v[k], e[k], _shifted(a[k], ea[k], c) / _shifted(b[k], eb[k], (c[0], 0)))


def test_sqrt_in_the_upper_half_plane_and_next_to_zero():
    n = 200
    a = _mags(n, -200, 200) + 1j * np.abs(_mags(n, -200, 200))
    a[:40] = _mags(40, -3, 3) + 1j * 0.0  # the real axis (Gamma = 0), both signs
    a[40:60] = 1e-30 * (1 + 1j)  # next to the exceptional point
    ea = _rel_err(n, a) + 1e-20 * (RNG.uniform(size=n) > 0.5) * (1 + 1j) * np.abs(a)
    ea.imag[:40] = 0.0  # exactly real radicands stay real
    v, e = R.sqrt(a, ea)
    for k in range(n):
        for c in CORNERS:
            x = _shifted(a[k], ea[k], c)
            if mp.im(x) < 0:
                continue  # the model's precondition: exact radicand in the upper half-plane
            _check(v[k], e[k], mp.sqrt(x))


def test_exp_cis_and_phi1_at_huge_arguments():
    n = 150
    x = np.concatenate([_mags(50, -20, 2.8), _mags(50, -300, 0)])
    ex = _rel_err(100, x)
    v, e = R.exp(x[:100], ex)
    for k in range(100):
        for c in CORNERS[:3]:
            _check(v[k], e[k], mp.exp(_shifted(x[k], ex[k], c).real))
    theta = np.concatenate([_mags(n - 10, -10, 300), [1e300, -1e300, 1e35, 2 * np.pi, np.pi, 1e22, 1e-300, 0.0, 3e17, 7.0]])
    et = _rel_err(n, theta)
    v, e = R.cis(theta, et)
    for k in range(n):
        for c in CORNERS[:3]:
            _check(v[k], e[k], mp.expj(_shifted(theta[k], et[k], c).real))
    # phi1 at real and complex arguments: tiny, huge phases with decay, growth
    z = np.concatenate([_mags(30, -300, 2), -(10 ** RNG.uniform(0, 18, 30)) * (1e-3 + 1j * RNG.uniform(0.1, 1, 30)),
                        _complex(40, -20, 1.5), 1j * _mags(20, -10, 18)])
    ez = _rel_err(len(z), z)
    v, e = R.phi1(z, ez)
    for k in range(len(z)):
        for c in CORNERS:
            w = _shifted(z[k], ez[k], c) if np.iscomplexobj(z) else _shifted(z[k], ez[k], (c[0], 0))
            exact = mp.expm1(w) / w if w != 0 else mp.mpf(1)
            _check(v[k], e[k], exact)


def test_bounds_do_not_vanish_by_underflow():
    """An error of 1e-320 times 1e-10 is not 0: the bound keeps eta."""
    v, e = R.mul(np.array(1e-10), np.array(0.0), np.array(3e-300), np.array(1e-320))
    assert e > 0
    v, e = R.exp(np.array(-800.0), np.array(1e-13))
    assert v == 0 and e > 0 and R.relative(v, e) == np.inf


def test_relative_bound_meaning():
    assert R.relative(np.array(1.0), np.array(0.0)) == 0
    assert R.relative(np.array(0.0), np.array(0.0)) == 0  # an exact zero
    assert R.relative(np.array(1.0), np.array(2.0)) == np.inf
    assert np.isclose(R.relative(np.array(2.0), np.array(1e-10)), 1e-10 / (2 - 1e-10), rtol=1e-5)
