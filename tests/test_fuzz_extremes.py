"""The numeric layer at extreme magnitudes: exact invariances, leading asymptotics, and mpmath at chosen points.

The contract every call keeps is stated in :mod:`tests.fuzz_harness`.
"""


import math
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from atommix import numeric as nu
from atommix import validation as va

from .fuzz_harness import (
    HBAR,
    HUGE,
    TINY,
    assert_clear,
    assert_finite,
    close,
    mp_untouched,
    run,
)
from .strategies import (
    extreme_points,
    log_uniform,
    magnitudes,
    valid_points,
)

# --------------------------------------------------------------------------------------------------
# Extreme magnitudes: exact scaling laws, leading asymptotics, and the mpmath layer
# --------------------------------------------------------------------------------------------------

DIMENSIONLESS = ("alpha", "beta", "overlap", "mixing", "ep_distance", "condition")
ENERGIES = ("lambda_L", "lambda_S", "E_L", "E_S", "gamma_L", "gamma_S")


def _refused_as_subnormal(exc: BaseException | None, inputs: tuple[float, ...]) -> bool:
    """Whether an input lies below the float64 normal range; if so, it must have been refused by name."""
    if not any(0 < abs(v) < TINY for v in inputs):
        return False
    assert isinstance(exc, FloatingPointError) and "smallest normal float64" in str(exc), f"{inputs}: {exc!r}"
    return True


def _exactly_scalable(x: float, k: int) -> bool:
    try:
        y = math.ldexp(x, k)
    except OverflowError:
        return False
    return y == 0.0 if x == 0 else (y != 0 and math.isfinite(y) and math.ldexp(y, -k) == x)


@given(point=st.one_of(valid_points(), st.just((1.0, 1.0, 1.0, 0.0))), k=st.integers(-1100, 1100))
def test_eigensystem_is_invariant_under_power_of_two_scaling(point, k):
    """H -> 2^k H: alpha, beta, ... unchanged and the eigenvalues scaled exactly -- subnormal inputs included."""
    delta, gamma, m21, phase = point
    assume(all(_exactly_scalable(x, k) for x in (delta, gamma, m21)))  # the test's premise: exact scaling
    scaled = [math.ldexp(x, k) for x in (delta, gamma, m21)]
    if delta == 0 and gamma == 4 * m21:
        return  # the exceptional point: test_exceptional_point_raises_where_eigenstates_are_needed
    es, exc = run(nu.eigensystem, delta, gamma, m21, phase)
    es2, exc2 = run(nu.eigensystem, *scaled, phase)
    if _refused_as_subnormal(exc, (delta, gamma, m21)) or _refused_as_subnormal(exc2, scaled):
        return
    assert exc is None, f"eigensystem{point} raised {exc!r}"
    call = f"eigensystem({scaled[0]!r}, {scaled[1]!r}, {scaled[2]!r}, {phase!r}) = 2^{k} x eigensystem{point}"
    assert exc2 is None, f"{call} raised {exc2!r}, but all its values are representable"
    assert_finite(es2, call)
    for name in DIMENSIONLESS:
        a, b = getattr(es2, name), getattr(es, name)
        assert close(a, b, rtol=1e-13, atol=abs(b) * 1e-13 if name == "condition" else 0.0), f"{call}: {name} {a!r} vs {b!r}"
    for name in ENERGIES:
        a, b = complex(getattr(es2, name)), complex(getattr(es, name))
        expect = complex(math.ldexp(b.real, k), math.ldexp(b.imag, k))
        # results below the normal range are rounded to the subnormal grid: allow a few of its steps
        # subnormal results carry absolute errors of a few 2^-1074, scaled along with the value
        atol = math.ldexp(2.0**-1070, max(k, 0))
        assert close(a, expect, rtol=1e-13, atol=atol), f"{call}: {name} = {a!r}, expected {expect!r}"


@given(point=valid_points(), x=log_uniform(1e-3, 30.0), k=st.integers(-1000, 1000))
@settings(max_examples=60)
def test_evolution_depends_on_h_t_only(point, x, k):
    """(2^k H, t/2^k) gives the same probabilities as (H, t): no spurious over/underflow at any scale."""
    delta, gamma, m21, phase = point
    norm = abs(delta) + gamma / 2 + 2 * m21
    assume(norm > 0)  # the premise: a time scale hbar/||H|| to take t from
    t = x * HBAR / norm
    assume(all(_exactly_scalable(v, k) for v in (delta, gamma, m21, t)))  # the premise: exact scaling
    scaled = [math.ldexp(v, k) for v in (delta, gamma, m21)]
    t2 = math.ldexp(t, -k)
    h, exc = run(nu.evolution, delta, gamma, m21, phase, t=t, populations=False)
    h2, exc2 = run(nu.evolution, *scaled, phase, t=t2, populations=False)
    if _refused_as_subnormal(exc, (delta, gamma, m21, t)) or _refused_as_subnormal(exc2, (*scaled, t2)):
        return
    assert exc is None, f"evolution{point}, t={t!r} raised {exc!r}"
    call = f"evolution({scaled[0]!r}, {scaled[1]!r}, {scaled[2]!r}, {phase!r}, t={t2!r})"
    assert exc2 is None, f"{call} raised {exc2!r}; at 2^{-k} the scale it gives {h}"
    for name in ("survival", "appearance", "depletion", "P_gs"):
        a, b = getattr(h2, name), getattr(h, name)
        assert close(a, b, rtol=1e-9, atol=1e-14 * max(1.0, x)), f"{call}: {name} = {a!r}, at 2^{-k} the scale {b!r}"


@given(delta=st.one_of(st.just(0.0), magnitudes(signed=True)), gamma=st.one_of(st.just(0.0), magnitudes()),
       m21=magnitudes(1e-140, 1e100), y=log_uniform(1e-300, 1e-9), phase=st.floats(0, 7))
def test_evolution_at_short_times_follows_the_leading_order(delta, gamma, m21, y, phase):
    """||H|| t/hbar << 1: appearance = (|M21| t/hbar)^2, survival = 1, P_gs = Gamma |M21|^2 t^3/(3 hbar^3)."""
    norm = abs(delta) + gamma / 2 + 2 * m21
    t = y * HBAR / norm
    assume(t > 0)
    tau = t / HBAR
    with np.errstate(all="ignore"):
        app = float(np.float64(m21 * tau) ** 2)
        pgs = float(np.float64(gamma * tau) * np.float64(m21 * tau) ** 2 / 3)
    h, exc = run(nu.evolution, delta, gamma, m21, phase, t=t, populations=not (delta == 0 and gamma == 4 * m21))
    call = f"evolution({delta!r}, {gamma!r}, {m21!r}, {phase!r}, t={t!r})"
    if _refused_as_subnormal(exc, (delta, gamma, m21, t)):
        return
    assert exc is None, f"{call} raised {exc!r}"
    assert h.survival == pytest.approx(1.0, abs=1e-8)
    if app > 1e-290:
        assert h.appearance == pytest.approx(app, rel=1e-6), f"{call}: appearance {h.appearance!r}, leading order {app!r}"
        assert h.depletion >= h.appearance * (1 - 1e-12), f"{call}: depletion < appearance"
    if pgs > 1e-290:
        assert h.P_gs == pytest.approx(pgs, rel=1e-6), f"{call}: P_gs {h.P_gs!r}, leading order {pgs!r}"


def _ref_close(x: Any, ref: Any, rtol: float) -> bool:
    """x agrees with an mpmath value; values below the normal float64 range may be rounded or flushed."""
    ref = complex(ref) if isinstance(ref, mpmath.mpc) or type(ref).__name__ == "mpc" else float(ref)
    if abs(ref) < TINY:
        return abs(complex(x) - ref) <= TINY
    return abs(complex(x) - ref) <= rtol * abs(ref)


def _within_bounds(values: Any, bounds: Any, exact: Any, call: str) -> None:
    """Each float64 value within its relative bound of the exact (mpmath) value."""
    for name in values._fields:
        v, b, x = getattr(values, name), getattr(bounds, name), exact(name)
        if v is None or x is None:
            continue
        x = mpmath.mpmathify(x)
        err = (0.0 if v == 0 else math.inf) if x == 0 else float(abs(mpmath.mpmathify(complex(v)) - x) / abs(x))
        assert err <= b, f"{call}: {name} = {v!r}, bound {b!r}, exact {mpmath.nstr(x, 17)} (error {err:.3g})"


@given(point=extreme_points())
@settings(max_examples=12, deadline=None)
def test_eigensystem_matches_mpmath_at_extreme_magnitudes(point):
    """Every value within its error bound of the reference at the same float64 inputs."""
    delta, gamma, m21, phase = point
    b, exc = run(nu.eigensystem_bounds, delta, gamma, m21, phase)
    if exc is not None:
        if not _refused_as_subnormal(exc, (delta, gamma, m21)):
            assert_clear(exc, [], f"eigensystem{point}")
        return
    with mp_untouched("reference_eigensystem"):
        ref = va.reference_eigensystem(delta, gamma, m21, phase, dps=20)
    _within_bounds(b.values, b.bounds, lambda n: ref[n], f"eigensystem{point}")


CHOSEN_EXTREMES = [
    (1e300, 1e300, 1e300, 0.0),
    (1e-300, 1e-300, 1e-300, 1.0),
    (1e300, 1.0, 1e-300, 0.0),
    (-1e10, 1e300, 1e-300, 2.0),
    (-1e-300, 1e300, 1e-300, 2.0),  # E_S = 1e-300 (the tiny Delta survives the scaling)
    (1e150, 1e-150, 1e150, 0.5),
    (0.0, 1e300, 1e299, 0.0),
    (0.0, 1e-300, 1e-300, 0.0),
    (1e-300, 0.0, 1e300, 0.0),
    (2.0**-1022, 2.0**-1022, 2.0**-1022, 0.0),
    (910.0, 23.0, 1e-24, 1e5),
    (910.0, 23.0, 1e-24, 1e300),  # a phase of 1e300 rad, reduced exactly by both sides
    (0.0, 0.0, 1.0, -1e55),
    (0.0, 0.0, 5e307, 0.0),  # alpha = 1, lambda_L = 5e307: the scale does not overflow
    (1e308, 1e308, 1e308, 0.0),  # every output representable
]


@pytest.mark.parametrize("point", CHOSEN_EXTREMES)
def test_eigensystem_matches_mpmath_at_chosen_extremes(point):
    b = nu.eigensystem_bounds(*point)
    with mp_untouched("reference_eigensystem"):
        ref = va.reference_eigensystem(*point, dps=20)
    _within_bounds(b.values, b.bounds, lambda n: ref[n], f"eigensystem{point}")
    normal = [n for n in nu.EIGENSYSTEM_NAMES if abs(complex(getattr(b.values, n))) >= TINY]
    assert all(getattr(b.bounds, n) < 1e-13 for n in normal), b.bounds  # no digit lost at these points


@pytest.mark.parametrize("point", [(1e-310, 1e-310, 1e-310, 0.0), (5e-324, 2e-323, 1.5e-323, 0.0), (1.0, 1e-320, 0.5, 0.0)])
def test_subnormal_inputs_are_refused_by_name(point):
    with pytest.raises(FloatingPointError, match="smallest normal float64.*reference"):
        nu.eigensystem(*point)


@pytest.mark.parametrize("point, t", [
    ((910.0, 23.0, 1e-24, 0.0), 1e-300),
    ((910.0, 23.0, 1e-24, 0.0), 1e-20),
    ((910.0, 23.0, 1e-120, 0.0), 1e-30),
    ((1e-100, 2e-100, 1e-100, 0.0), 1e85),
    ((1e100, 1e100, 1e80, 1.0), 1e-115),
    ((0.0, 1e-3, 1e-3, 0.0), 1e-12),
    ((1e-100, 1e-100, 1e-100, 0.0), 1.0),  # appearance 2.3e-170: the |M21|^2 terms are scaled
    ((1e200, 1e200, 1e200, 0.0), 1e-200),
    ((0.0, 0.0, 1e-200, 0.0), 1.0),  # P_L = P_S = 0.5
])
def test_evolution_matches_mpmath_at_chosen_extremes(point, t):
    b = nu.evolution_bounds(*point, t=t)
    with mp_untouched("reference_evolution"):
        ref = va.reference_evolution(*point, times=(t,), dps=20)
    _within_bounds(b.values, b.bounds, lambda n: ref.values[0][n], f"evolution{point}, t = {t}")


@pytest.mark.parametrize("point", [
    (910.0, 23.0, 1e-24, 0.0),
    (1.0, 1.0, 1e-150, 0.0),
    (1e-200, 1e-200, 1e-200, 0.0),
    (1e200, 1e200, 1e150, 0.0),
    (1.0, 1.0, 1e-161, 0.0),  # Gamma_L subnormal, tau_L = 8.2e306 still exact
])
def test_time_scales_match_mpmath(point):
    ts = nu.time_scales_bounds(*point)
    with mp_untouched("reference_evolution"):
        ref = va.reference_evolution(*point, times=(), dps=20)
    _within_bounds(ts.values, ts.bounds, lambda n: ref.scales[n], f"time_scales{point}")
    assert max(ts.bounds) < 1e-14


def test_tau_L_where_hbar_over_the_scale_is_subnormal():
    """Delta = 0, Gamma = 1e296 eV, |M21| = 1 eV: Gamma_L = 4e-296 eV and tau_L = 1.6e280 s are normal,
    while hbar/sigma (sigma ~ Gamma/2) is 6.6e-312; dividing hbar/(2|M21|) first keeps tau_L to the
    last bits (it was 1.1e-13 off, within its bound 6e-13)."""
    point = (0.0, 1e296, 1.0, 0.0)
    ts = nu.time_scales_bounds(*point)
    with mp_untouched("reference_evolution"):
        ref = va.reference_evolution(*point, times=(), dps=20)
    exact = mpmath.mpf(ref.scales["tau_L"])
    assert abs(mpmath.mpf(float(ts.values.tau_L)) - exact) / exact < 2**-52
    assert ts.bounds.tau_L < 1e-14
    assert ts.values.tau_L == pytest.approx(HBAR / nu.eigensystem(*point).gamma_L, rel=1e-15)


def test_tau_osc_where_the_energy_difference_overflows():
    """|M21| = 1.8e308 eV: E_L - E_S = 2|M21| overflows, tau_osc = pi hbar/|M21| = 1.15e-323 s does not
    vanish (from the half difference); a subnormal value, so its bound says it has no digit."""
    m21 = float(np.finfo(np.float64).max)
    ts = nu.time_scales_bounds(0.0, 0.0, m21, 0.0)
    assert 0 < ts.values.tau_osc <= 2 * math.pi * HBAR / m21
    assert ts.bounds.tau_osc == math.inf
    assert nu.time_scales(0.0, 0.0, m21, 0.0).tau_osc == ts.values.tau_osc


@given(point=extreme_points())
def test_time_scales_are_hbar_over_the_rates(point):
    """tau_L = hbar/Gamma_L, tau_S = hbar/Gamma_S wherever the rate is a normal float64 number (elsewhere
    the rate itself is rounded to the subnormal grid, and tau, computed without it, is the accurate one)."""
    delta, gamma, m21, phase = point
    if delta == 0 and gamma == 4 * m21:
        return  # no eigenvalues: test_exceptional_point_raises_where_eigenstates_are_needed
    ts, exc = run(nu.time_scales, delta, gamma, m21, phase)
    es, exc2 = run(nu.eigensystem, delta, gamma, m21, phase)
    if exc is not None or exc2 is not None:
        for e in (exc, exc2):
            if e is not None and not _refused_as_subnormal(e, (delta, gamma, m21)):
                assert_clear(e, [], f"time_scales{point}")
        return
    for tau, rate in ((ts.tau_L, es.gamma_L), (ts.tau_S, es.gamma_S)):
        if rate >= TINY and HBAR / rate < HUGE:
            assert tau == pytest.approx(HBAR / rate, rel=1e-14), (point, tau, rate)


@given(gamma=magnitudes(1e-300, 1e300), q=st.one_of(st.just(0.0), magnitudes(1e-20, 1e140, signed=True)),
       r=log_uniform(1e-140, 1e-20), phase=st.floats(0, 7))
def test_resonance_suppression_at_weak_mixing(gamma, q, r, phase):
    """|alpha|^2 ratio -> (Gamma^2/4)/(Delta^2 + Gamma^2/4) as |M21| -> 0, at any magnitude."""
    delta = q * gamma
    m21 = r * min(abs(delta), gamma) if delta else r * gamma
    assume(math.isfinite(delta) and m21 > 0)  # the premise: a finite detuning, a coupling
    out, exc = run(nu.resonance_suppression, delta, gamma, m21, phase)
    call = f"resonance_suppression({delta!r}, {gamma!r}, {m21!r}, {phase!r})"
    if _refused_as_subnormal(exc, (delta, gamma, m21)):
        return
    assert exc is None, f"{call} raised {exc!r}"
    expect = 0.25 / (q * q + 0.25)
    assert close(out, expect, rtol=1e-9, atol=1e-300), f"{call} = {out!r}, leading order {expect!r}"


@given(mbb=magnitudes(1e-100, 1e100), f21=magnitudes(1e-100, 1e100), m0nu=magnitudes(1e-10, 1e10, signed=True))
def test_f21_and_m21_from_mbb_are_inverse(mbb, f21, m0nu):
    m21, exc = run(nu.m21_from_mbb, mbb, f21, m0nu)
    assume(exc is None and m21 > TINY)
    back, exc = run(nu.f21_for_m21, float(m21), mbb, m0nu)
    assert exc is None and back == pytest.approx(f21, rel=1e-12)


@given(lightest=st.one_of(st.just(0.0), magnitudes(1e-300, 1e150)), ordering=st.sampled_from(["NO", "IO"]),
       source=st.sampled_from(["nufit52", "pdg"]))
def test_mbb_band_contains_every_mbb(lightest, ordering, source):
    band, exc = run(nu.mbb_band, lightest, ordering, source)
    if exc is not None:
        assert_clear(exc, ["lightest"], f"mbb_band({lightest!r})")
        return
    assert 0 <= band.min <= band.max
    phases = np.linspace(0, 2 * np.pi, 7)
    values = nu.mbb(lightest, ordering, phases[:, None], phases[None, :], source)
    assert np.all(values >= band.min * (1 - 1e-12)) and np.all(values <= band.max * (1 + 1e-12))

