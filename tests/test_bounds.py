"""Every float64 value lies within its bound of the exact value, and the bound is tight where it can be.

The exact values are the python-flint/mpmath references of :mod:`atommix.validation` (30 checked
digits) at the same float64 inputs.  Points: 152Gd (Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV),
Gamma = 0, Delta < 0 with a CP phase, strong mixing, the exceptional point's neighbourhood, a phase of
1e300 rad, hostile magnitudes; times from 1e-21 s to 4.5e9 yr.
"""

from __future__ import annotations

import json
from fractions import Fraction
import subprocess
import sys

import mpmath as mp
import numpy as np
import pytest

from atommix.numeric import (
    eigensystem,
    eigensystem_bounds,
    evolution,
    evolution_bounds,
    time_scales_bounds,
)
from atommix.validation import reference_eigensystem, reference_evolution
from hypothesis import given, settings
from hypothesis import strategies as st

from .strategies import log_uniform, near_exceptional_points, wide_points

YEAR = 365.25 * 86400
#: 100 units in the last place (2^-52 relative each)
ULP100 = 100 * 2.0**-52

POINTS = {
    "152Gd": ((910.0, 23.0, 1e-24, 0.0), (1e-21, 1e-15, 1.0, 4.5e9 * YEAR)),
    "Gamma = 0": ((910.0, 0.0, 1e-24, 0.0), (1e-21, 1e-18, 1.0, 4.5e9 * YEAR)),
    "Delta < 0, CP phase": ((-3e-7, 0.5, 0.124, 1.3), (1e-18, 1e-15, 1e-13)),
    "strong mixing": ((2.0, 1.0, 5.0, -2.0), (1e-18, 1e-16, 1e-15)),
    "next to the exceptional point": ((0.0, 4.0, 1.0000001, 0.3), (1e-16, 1e-14, 1e-12)),
    "Delta = 0, Gamma < 4|M21|": ((0.0, 0.5, 0.75, 0.0), (1e-16, 1e-15)),
    "huge phase": ((2.0, 1.0, 0.5, 1e300), (1e-16, 1e-15)),
    "tiny": ((1e-100, 1e-100, 1e-100, 0.0), (1.0, 1e80)),
    "huge": ((1e300, 1e299, 1e290, 0.0), (1e-315 / 1e-10,)),
    "tiny Delta, strong mixing": ((-1e-300, 1.0, 0.3, 0.0), (1e-15,)),
}


def _error(v: complex | float, exact: mp.mpf | mp.mpc) -> float:
    """|v - exact|/|exact| (0 where both are 0, inf where only exact is)."""
    if exact == 0:
        return 0.0 if v == 0 else float("inf")
    return float(abs(mp.mpmathify(complex(v)) - exact) / abs(exact))


@pytest.mark.parametrize("label", list(POINTS))
def test_eigen_values_are_within_their_bounds(label):
    point, _ = POINTS[label]
    b = eigensystem_bounds(*point)
    ref = reference_eigensystem(*(Fraction(x) for x in point), dps=30)  # at the floats themselves
    for name in b.values._fields:
        exact = ref.values[name]
        assert _error(getattr(b.values, name), exact) <= getattr(b.bounds, name), (label, name)


@pytest.mark.parametrize("label", list(POINTS))
def test_time_values_are_within_their_bounds(label):
    point, times = POINTS[label]
    b = evolution_bounds(*point, t=list(times))
    scales = time_scales_bounds(*point)
    ref = reference_evolution(*(Fraction(x) for x in point), times=[Fraction(t) for t in times], dps=30)
    for k, t in enumerate(times):
        for name in b.values._fields:
            exact = ref.values[k].get(name)
            if exact is None:
                continue
            got, bound = np.asarray(getattr(b.values, name))[k], np.asarray(getattr(b.bounds, name))[k]
            assert _error(got, exact) <= bound, (label, t, name, got, bound, exact)
    for name in scales.values._fields:
        exact = ref.scales.get(name)
        if exact is not None:
            assert _error(getattr(scales.values, name), exact) <= getattr(scales.bounds, name), (label, name)


def test_bounds_are_tight_at_well_conditioned_points():
    """Within 100 ulp at 152Gd (eigen-quantities, time scales, and the time quantities up to a year
    where they are normal numbers: P_S = |alpha|^2 e^{-Gamma t/hbar} underflows from t ~ 1e-12 s on,
    and then rightly has no correct digit)."""
    point, _ = POINTS["152Gd"]
    eig = eigensystem_bounds(*point).bounds
    assert max(eig) <= ULP100, eig
    times = np.array([1e-21, 1e-18, 1e-15, 1e-12, 1.0, YEAR])
    hist = evolution_bounds(*point, t=times)
    # the condition of e^{-Gamma t/hbar} and of the phase (E_L - E_S) t/hbar: their exponents (sums of
    # positive terms, no cancellation); 1 for t -> 0
    kappa = 1 + (abs(point[0]) + point[1]) * times / 6.582119569509066e-16
    for value, bound in zip(hist.values, hist.bounds):
        normal = np.abs(value) >= np.finfo(float).tiny
        assert np.all(bound[normal] <= ULP100 * kappa[normal]), (value, bound)
    assert hist.bounds.P_S[-1] == np.inf and hist.values.P_S[-1] == 0
    assert max(time_scales_bounds(*point).bounds) <= ULP100


def test_the_values_are_the_kernels():
    """The bounded programs return what the kernels return (the same program, the same roundings)."""
    rng = np.random.default_rng(3)
    d = 10 ** rng.uniform(-3, 4, 300) * rng.choice([-1, 1], 300)
    g = np.abs(d) * 10 ** rng.uniform(-4, 2, 300)
    m = np.abs(d) * 10 ** rng.uniform(-30, 1, 300)
    ph = rng.uniform(-7, 7, 300)
    with np.errstate(all="ignore"):
        b, k = eigensystem_bounds(d, g, m, ph), eigensystem(d, g, m, ph)
    for name in k._fields:
        err = np.abs(getattr(b.values, name) - getattr(k, name)) / np.abs(getattr(k, name))
        assert np.all((err <= getattr(b.bounds, name) * 2) | (getattr(k, name) == getattr(b.values, name))), name
    t = 10 ** rng.uniform(-22, 10, 300)
    hb, hk = evolution_bounds(d, g, m, ph, t=t), evolution(d, g, m, ph, t=t)
    for name in hk._fields:
        v, w = getattr(hb.values, name), getattr(hk, name)
        err = np.abs(v - w) / np.where(w == 0, 1.0, np.abs(w))
        assert np.all((err <= getattr(hb.bounds, name) * 2) | (v == w)), name


def test_the_issue_example_is_flagged():
    """Gamma = 0, t = 4.5e9 yr: a phase of ~1e35 rad; float64 has no digit of the appearance there."""
    b = evolution_bounds(910.0, 0.0, 1e-24, t=4.5e9 * YEAR)
    assert b.bounds.appearance == np.inf
    assert b.bounds.survival < 1e-14  # survival stays 1 to the last bit


def test_input_errors_widen_the_bound_by_the_conditioning():
    """A relative input error eps in Delta moves E_S by eps, and the phase E t/hbar by eps E t/hbar."""
    eps = 1e-12
    b0 = eigensystem_bounds(910.0, 23.0, 1e-24)
    b1 = eigensystem_bounds(910.0, 23.0, 1e-24, input_errors={"delta": 910.0 * eps})
    assert b0.bounds.E_S < 1e-15 and eps <= b1.bounds.E_S <= 1.01 * eps + 1e-15
    t = 1e-12
    phase = 910.0 * t / 6.582119569509066e-16  # ~1.4e6 rad: the appearance at Gamma = 0 oscillates
    h = evolution_bounds(910.0, 0.0, 1e-24, t=t, input_errors={"delta": 910.0 * eps})
    assert h.bounds.appearance >= eps * phase / 10


def test_refused_inputs_outside_the_float64_domain():
    with pytest.raises(FloatingPointError, match="m21.*smallest normal float64.*reference"):
        eigensystem_bounds(910.0, 23.0, 1e-310)
    with pytest.raises(ValueError, match="input_errors"):
        eigensystem_bounds(910.0, 23.0, 1e-24, input_errors={"delta": -1.0})
    with pytest.raises(ValueError, match="unknown"):
        eigensystem_bounds(910.0, 23.0, 1e-24, input_errors={"Delta": 1.0})


def test_command_line_reports_bounds():
    out = subprocess.run(
        [sys.executable, "-m", "atommix", "evaluate", "--delta", "910eV", "--gamma", "0eV", "--m21", "1e-24eV",
         "--time", "4.5e9yr", "--time", "1e-21s", "--json"], capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert set(result["bounds"]) >= {"alpha", "gamma_L", "tau_osc"}
    late, early = result["values"]["times"]
    assert late["bounds"]["appearance"] is None  # no correct digit guaranteed
    assert early["bounds"]["appearance"] < 1e-14
    text = subprocess.run(
        [sys.executable, "-m", "atommix", "evaluate", "--delta", "910eV", "--gamma", "0eV", "--m21", "1e-24eV",
         "--time", "4.5e9yr"], capture_output=True, text=True, check=True).stdout
    assert "no correct digit guaranteed" in text and "atommix reference" in text


@settings(deadline=None)
@given(point=st.one_of(wide_points(), near_exceptional_points()))
def test_every_eigen_value_within_its_bound_over_the_wide_domain(point):
    """|Delta|/Gamma down to 1e-300 (both signs), Gamma = 0, strong mixing, phases to 1e300 rad, and the
    exceptional point's neighbourhood: no value outside its bound."""
    b = eigensystem_bounds(*point)
    ref = reference_eigensystem(*(Fraction(x) for x in point), dps=20)
    for name in b.values._fields:
        assert _error(getattr(b.values, name), ref.values[name]) <= getattr(b.bounds, name), (point, name)


@settings(deadline=None, max_examples=15)
@given(point=st.one_of(wide_points(), near_exceptional_points()), t=log_uniform(1e-25, 1e18))
def test_every_time_value_within_its_bound_over_the_wide_domain(point, t):
    b = evolution_bounds(*point, t=t, populations=not (point[0] == 0 and point[1] == 4 * point[2]))
    ref = reference_evolution(*(Fraction(x) for x in point), times=[Fraction(t)], dps=20)
    for name in b.values._fields:
        exact = ref.values[0].get(name)
        if exact is not None and getattr(b.values, name) is not None:
            assert _error(getattr(b.values, name), exact) <= getattr(b.bounds, name), (point, t, name)
