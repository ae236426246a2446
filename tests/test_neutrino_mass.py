"""Eq. (1.4): the m_bb band from the shipped oscillation data."""

import math

import numpy as np
import pytest
from atommix.derivations import neutrino_mass as nm
from atommix.numeric import mbb, mbb_band, neutrino_masses, oscillation_parameters
from atommix.validation.neutrino_mass import mbb_band_reference
from hypothesis import given
from hypothesis import strategies as st

from .strategies import log_uniform


def test_band_edges_attained_symbolically():
    assert nm.band_defects() == {"in_phase": 0, "anti_phase": 0, "triangle_3_4_5": 0}


@given(st.sampled_from(["NO", "IO"]), st.sampled_from(["nufit52", "pdg"]), log_uniform(1e-6, 1.0),
       st.floats(0, 2 * math.pi), st.floats(0, 2 * math.pi))
def test_band_brackets_every_phase_choice(ordering, source, lightest, a21, a31):
    band = mbb_band(lightest, ordering, source)
    value = mbb(lightest, ordering, a21, a31, source)
    eps = 4 * np.finfo(float).eps * band.max
    assert band.min - eps <= value <= band.max + eps


@pytest.mark.parametrize("ordering", ["NO", "IO"])
@pytest.mark.parametrize("lightest", [0.0, 1e-3, 3e-3, 1e-2, 0.1])
def test_band_matches_direct_minimization_in_mpmath(ordering, lightest):
    p = oscillation_parameters(ordering)
    masses = tuple(repr(float(m)) for m in neutrino_masses(lightest, ordering))
    lo, hi = mbb_band_reference(masses, repr(p.sin2_12), repr(p.sin2_13), dps=30)
    band = mbb_band(lightest, ordering)
    assert band.max == pytest.approx(float(hi), rel=4e-16)
    # the minimum is a smooth minimum in alpha21: golden section finds it to ~sqrt(precision)
    assert band.min == pytest.approx(float(lo), rel=1e-12, abs=1e-14 * float(hi))


def test_known_band_values():
    """IO with m3 = 0: 18.7-48.2 meV; NO with m1 = 0: 1.4-3.7 meV (NuFIT 5.2 best fit)."""
    io, no = mbb_band(0.0, "IO"), mbb_band(0.0, "NO")
    assert (round(io.min * 1e3, 1), round(io.max * 1e3, 1)) == (18.7, 48.2)
    assert (round(no.min * 1e3, 1), round(no.max * 1e3, 1)) == (1.4, 3.7)
    # NO: the band reaches 0 (m_bb can vanish) between m1 ~ 2 and 7 meV
    assert mbb_band(4e-3, "NO").min == 0.0


@pytest.mark.parametrize("bad, exc, match", [
    (dict(ordering="XO"), ValueError, "ordering"),
    (dict(source="other"), ValueError, "source"),
    (dict(lightest=-1.0), ValueError, "lightest"),
    (dict(lightest=np.nan), ValueError, "lightest"),
])
def test_bad_input(bad, exc, match):
    with pytest.raises(exc, match=match):
        mbb_band(**(dict(lightest=0.01, ordering="NO") | bad))


def test_eq_1_6_against_mpmath_with_exact_constants():
    import mpmath
    from atommix.numeric import m21_from_mbb

    from atommix.literature import constants

    ctx = mpmath.MPContext()
    ctx.dps = 30
    c = constants()
    gf = ctx.mpf(c["G_F"].value) * ctx.mpf(10) ** -18
    ref = ctx.mpf("0.1") * (gf * ctx.mpf(c["V_ud"].value) / ctx.sqrt(2)) ** 2 * ctx.mpf("2e23") * ctx.mpf(c["g_A"].value) ** 2 / (2 * ctx.pi) * 3
    assert m21_from_mbb(0.1, 2e23, 3.0) == pytest.approx(float(ref), rel=8 * np.finfo(float).eps)


def test_eq_1_6_scale_implied_by_the_paper():
    """The paper's 1e-24 eV at m_bb = 0.1 eV needs <F21> |M0nu| ~ 2e23 eV^4, i.e. (0.67 MeV)^4."""
    from atommix.numeric import f21_for_m21, m21_from_mbb

    f = f21_for_m21(1e-24, 0.1, 1.0)
    assert 1e23 < f < 1e24
    assert m21_from_mbb(0.1, f, 1.0) == pytest.approx(1e-24, rel=1e-15)
    with pytest.raises(ValueError, match=r"mbb \(\|m_bb\| in eV\) must be > 0"):
        f21_for_m21(1e-24, 0.0, 1.0)
    with pytest.raises(ValueError, match="F21"):
        m21_from_mbb(0.1, -1.0, 1.0)
