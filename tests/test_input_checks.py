"""Input checks of the literature data, nuclides, uncertainty propagation, <F21> and the laser bandwidth.

Each case below is a reproducer of a failure once excluded from the fuzz tests: it either gives the
right value (checked against a hand calculation or mpmath) or raises a ``TypeError``/``ValueError``
naming the parameter and its allowed range.
"""

import math
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from atommix import literature
from atommix import numeric as nu
from atommix.nuclides import UnknownNuclideError, nuclide_parameters
from atommix.uncertainty import propagate, propagate_mbb_band

GD = dict(delta=910.0, gamma=23.0, m21=1e-24)


# --- literature ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../literature.py", "/etc/hostname", "nope", ""])
def test_data_text_refuses_names_outside_the_shipped_data(name):
    with pytest.raises(ValueError, match=r"name must be the name of a shipped data file, one of .*constants\.toml"):
        literature.data_text(name)


@pytest.mark.parametrize("name, error", [("nope", ValueError), ("", ValueError), (["h"], TypeError), (None, TypeError)])
def test_si_exact_refuses_unknown_names(name, error):
    with pytest.raises(error, match=r"name must be one of the constants in constants\.toml, .*\bh\b"):
        literature.si_exact(name)


def test_si_exact_gives_the_si_definitions():
    # SI brochure (2019): h = 6.62607015e-34 J s exactly; the Julian year is 365.25 d of 86400 s
    assert literature.si_exact("h") == Fraction(662607015, 10**42)
    assert literature.si_exact("year") == 36525 * 864


# --- nuclides --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [["Gd152"], {"Gd152": 1}, np.array(["Gd152"]), None, 152, b"Gd152"])
def test_nuclide_key_must_be_a_candidate_name(key):
    with pytest.raises(UnknownNuclideError, match=r"nuclide must be one of Gd152, "):
        nuclide_parameters(key)


@pytest.mark.parametrize("key", ["Gd152", "Er164"])
@pytest.mark.parametrize("mbb, error", [
    (-0.1, ValueError), ("-1e-3", ValueError), (math.nan, ValueError), (math.inf, ValueError), ("abc", ValueError),
    (Decimal("NaN"), ValueError), (True, TypeError), (0, None), ([0.1], TypeError), (0.1 + 0j, TypeError),
])
def test_nuclide_mbb_is_checked(key, mbb, error):
    if error is None:  # mbb = 0 is allowed: no mixing
        assert nuclide_parameters(key, mbb=mbb).m21 == (0 if key == "Gd152" else None)
        return
    with pytest.raises(error, match=r"mbb \(\|m_bb\| in eV\) must be a finite real number >= 0"):
        nuclide_parameters(key, mbb=mbb)


@pytest.mark.parametrize("mbb", ["0.05", Fraction(1, 20), Decimal("0.05"), 0.05])
def test_nuclide_m21_follows_the_paper_scaling(mbb):
    """Sec. 4 with the ERRATA: |M21| = 1e-24 eV (m_bb / 0.1 eV); a float counts at its binary value."""
    exact = Fraction(0.05) if isinstance(mbb, float) else Fraction(1, 20)
    assert nuclide_parameters("Gd152", mbb=mbb).m21 == Fraction(1, 10**24) * exact * 10


# --- propagate -------------------------------------------------------------------------------------


@pytest.mark.parametrize("central, match", [
    (GD | dict(gamma=-23.0), r"central\['gamma'\]: gamma \(the two-hole width Gamma in eV\) must be a finite real number >= 0"),
    (GD | dict(m21=-1e-24), r"central\['m21'\]: m21 .* must be a finite real number >= 0"),
    (GD | dict(n_atoms=-1.0), r"central\['n_atoms'\]: n_atoms \(the number of parent atoms\) must be a finite real number >= 0"),
    (GD | dict(t=-1.0), r"central\['t'\]: t \(the time .*\) must be a finite real number >= 0"),
    (GD | dict(delta=math.nan), r"central\['delta'\]: delta .* must be any finite real number"),
    (GD | dict(delta=10**400), r"central\['delta'\]: delta .* within the float64 range"),
    (GD | dict(Gamma=23.0), r"central has 'Gamma', which is not an input; the inputs are delta, gamma, m21, phase, t, n_atoms"),
])
def test_propagate_refuses_values_outside_the_domain(central, match):
    with pytest.raises(ValueError, match=match):
        propagate("mixing", central, {}, n=100)


@pytest.mark.parametrize("value", [910.0 + 1j, np.complex128(910.0), None, "910", [910.0], np.array([910.0]), True])
def test_propagate_refuses_what_is_not_one_real_number(value):
    with pytest.raises(TypeError, match=r"central\['delta'\]: delta .* must be a single real number"):
        propagate("mixing", GD | dict(delta=value), {}, n=100)


@pytest.mark.parametrize("name", [np.array(["mixing"]), ["mixing"], None, "Mixing"])
def test_propagate_refuses_unknown_names(name):
    with pytest.raises(ValueError, match=r"name must be one of mixing, gamma_L, spontaneous_rate, daughter_atoms"):
        propagate(name, GD, {}, n=100)


@pytest.mark.parametrize("name, central, missing", [
    ("spontaneous_rate", GD, "n_atoms"),
    ("daughter_atoms", GD | dict(n_atoms=1.0), "t"),
    ("mixing", dict(delta=910.0, m21=1e-24), "gamma"),
])
def test_propagate_names_a_missing_input(name, central, missing):
    with pytest.raises(ValueError, match=rf"central must give {missing} \(.*\) for {name}"):
        propagate(name, central, {}, n=100)


@pytest.mark.parametrize("sigma, match", [
    ({"delta": -1.0}, r"sigma\['delta'\] \(the standard uncertainty of delta\) must be a finite real number >= 0"),
    ({"delta": 1j}, r"sigma\['delta'\] .* must be a single real number"),
    ({"delta": 1e308}, r"sigma\['delta'\] = 1e\+308 is too large .*: samples of delta overflow float64"),
    ({"n_atoms": 1.0}, r"sigma has 'n_atoms', which is not an input of mixing given in central"),
])
def test_propagate_checks_the_widths(sigma, match):
    with pytest.raises((TypeError, ValueError), match=match):
        propagate("mixing", GD, sigma, n=100)


@pytest.mark.parametrize("width", [Fraction(180), np.float16(180.0), Decimal(180), np.int64(180)])
def test_propagate_takes_any_real_width_at_its_float_value(width):
    """np.float16 once summed the variance in float16, Fraction failed in np.isfinite."""
    assert propagate("mixing", GD, {"delta": width}, n=200) == propagate("mixing", GD, {"delta": 180.0}, n=200)


def test_propagate_linear_estimate_by_hand():
    """|alpha|^2 = |M21|^2/(Delta^2 + Gamma^2/4) (Eq. 2.3), d/dDelta = -2 Delta |alpha|^2/(Delta^2 + Gamma^2/4)."""
    u = propagate("mixing", GD, {"delta": 180.0}, n=100)
    den = Fraction(910) ** 2 + Fraction(23) ** 2 / 4
    value = Fraction(1e-24) ** 2 / den
    assert u.linear_value == pytest.approx(float(value), rel=2.3e-16)
    assert u.linear_sigma == pytest.approx(float(2 * 910 * value / den * 180), rel=2.3e-16)


def test_propagate_linear_sigma_beyond_the_float64_square():
    """(df/dDelta sigma)^2 = 1e354 once raised a bare OverflowError; the sigma itself is 1e177-ish."""
    u = propagate("mixing", GD, {"delta": 1e200}, n=100)
    den = Fraction(910) ** 2 + Fraction(23) ** 2 / 4
    assert u.linear_sigma == pytest.approx(float(2 * 910 * Fraction(1e-24) ** 2 / den**2 * Fraction(1e200)), rel=2.3e-16)


@pytest.mark.parametrize("central", [dict(delta=0.0, gamma=0.0, m21=1.0), GD | dict(m21=1e158)])
def test_propagate_linear_estimate_is_none_without_a_float64_value(central):
    """Delta = Gamma = 0: the leading-order form diverges (once SymPy's 'Cannot convert complex to float');
    |M21| = 1e158: it is 1.2e310 (once inf, silently).  The sampled values are the exact mixing, 1 here."""
    u = propagate("mixing", central, {}, n=100)
    assert u.linear_value is None and u.linear_sigma is None
    assert u.lo == u.median == u.hi == float(nu.mixing(central["delta"], central["gamma"], central["m21"]))


@pytest.mark.parametrize("n", [99, 0, -1, 1.5, True, "100", None])
def test_propagate_sample_count(n):
    with pytest.raises(ValueError, match=r"n \(number of samples\) must be an integer >= 100"):
        propagate("mixing", GD, {}, n=n)


# --- propagate_mbb_band ----------------------------------------------------------------------------


@pytest.mark.parametrize("lightest, error", [
    ("0.1", TypeError), (None, TypeError), (True, TypeError), (np.array([0.1]), TypeError), ([0.1, 0.2], TypeError),
    (-1e-3, ValueError), (math.nan, ValueError), (math.inf, ValueError),
])
def test_band_lightest_is_checked(lightest, error):
    with pytest.raises(error, match=r"lightest \(the lightest neutrino mass in eV\) must be"):
        propagate_mbb_band(lightest, "NO", n=10)


@pytest.mark.parametrize("n", [0, -1, 1.5, True, None, "10"])
def test_band_sample_count_is_checked(n):
    with pytest.raises(ValueError, match=r"n \(number of samples\) must be an integer >= 1"):
        propagate_mbb_band(0.01, "NO", n=n)


@pytest.mark.parametrize("ordering", ["NO", "IO"])
def test_band_for_a_huge_lightest_mass_scales(ordering):
    """Far above the splittings every mass is the lightest one in float64 (hypot(m0, 0.05 eV) = m0), so the
    band is m0 times the same factors at 1e100 and at 1e200 eV (m0^2 once overflowed at 1e200)."""
    small, huge = (propagate_mbb_band(m0, ordering, n=50, seed=7) for m0 in (1e100, 1e200))
    for a, b in zip(small.min_quantiles + small.max_quantiles, huge.min_quantiles + huge.max_quantiles):
        assert b / 1e200 == pytest.approx(a / 1e100, rel=1e-15)
    assert huge.max_quantiles[1] == pytest.approx(1e200, rel=1e-15)  # |U_e1|^2 + |U_e2|^2 + |U_e3|^2 = 1


# --- <F21> (Eq. 1.6) and the laser bandwidth -------------------------------------------------------


def _f21_exact(m21: float, mbb: float, m0nu: float) -> float:
    """<F21> = |M21| 2 pi / (|m_bb| (G_F |V_ud|/sqrt 2)^2 g_A^2 |M_0nu|), Eq. (1.6), at 40 digits."""
    c = literature.constants()
    with mpmath.workdps(40):
        gf = mpmath.mpf(c["G_F"].value) * mpmath.mpf("1e-18")  # GeV^-2 -> eV^-2
        factor = (gf * mpmath.mpf(c["V_ud"].value)) ** 2 / 2 * mpmath.mpf(c["g_A"].value) ** 2 / (2 * mpmath.pi)
        return float(mpmath.mpf(m21) / (mpmath.mpf(mbb) * factor * abs(mpmath.mpf(m0nu))))


@pytest.mark.parametrize("m21, mbb, m0nu", [
    (1e-24, 0.1, 3.0),  # the paper's 152Gd value
    (1e-300, 1e-300, 1e-10),  # mbb |M0nu| G_F^2 ... underflows: once "mbb and M0nu must be nonzero"
    (1e-100, 1e-290, -2.0),
    (2.2250738585072014e-308, 1e-280, 1.0),  # the unit |M21| per eV^4 is subnormal: digits lost there
    (1e-200, 1e100, 1e-10),
])
def test_f21_against_mpmath(m21, mbb, m0nu):
    assert nu.f21_for_m21(m21, mbb, m0nu) == pytest.approx(_f21_exact(m21, mbb, m0nu), rel=1e-15)


def test_f21_refuses_a_subnormal_m21():
    """A nonzero |M21| below the float64 normal range is outside the domain, as everywhere."""
    with pytest.raises(FloatingPointError, match=r"m21 \(.*\) = 1e-320 is below the smallest normal float64"):
        nu.f21_for_m21(1e-320, 1.0, 1.0)


def test_f21_overflow_is_named():
    with pytest.raises(FloatingPointError, match="<F21> is not representable"):
        nu.f21_for_m21(1e-24, 1e-300, 1e-30)  # 1e-24 / 1e-377 eV^4


@pytest.mark.parametrize("kwargs, match", [
    (dict(mbb=[[1.0], [1.0, 2.0]]), r"mbb \(\|m_bb\| in eV\) must be a finite real number > 0"),  # ragged
    (dict(M0nu=[[1.0], [1.0, 2.0]]), r"M0nu \(the nuclear matrix element\) must be a finite nonzero real number"),
    (dict(mbb=[0.1, 0.2]), r"mbb must be a single number here"),
    (dict(mbb=0.0), r"mbb \(\|m_bb\| in eV\) must be > 0"),
    (dict(M0nu=-0.0), r"M0nu \(the nuclear matrix element\) must be nonzero"),
])
def test_f21_names_the_parameter(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        nu.f21_for_m21(**(dict(m21=1e-24, mbb=0.1, M0nu=3.0) | kwargs))


@pytest.mark.parametrize("tb", [10**400, -(10**400), 2**1024, Fraction(10**400)])
def test_time_bandwidth_beyond_float64_is_named(tb):
    with pytest.raises(ValueError, match=r"time_bandwidth must be a finite number > 0 within the float64 range"):
        nu.laser_bandwidth(1e3, 1e-12, tb)
    with pytest.raises(ValueError, match=r"time_bandwidth must be a finite number > 0 within the float64 range"):
        nu.absorption_rate(1.0, 1e3, 1e-12, 1e-6, 1e3, 1e-9, time_bandwidth=tb)


def test_time_bandwidth_as_an_exact_number():
    """An int or Fraction inside the range counts at its float value: dw/w = tb h / (E dt) with h in eV s."""
    h = 6.62607015e-34 / 1.602176634e-19
    assert nu.laser_bandwidth(1e3, 1e-12, Fraction(441, 1000)) == pytest.approx(0.441 * h / (1e3 * 1e-12), rel=1e-15)
    assert nu.laser_bandwidth(1e3, 1e-12, 2) == nu.laser_bandwidth(1e3, 1e-12, 2.0)


# --- observables: the float64 domain -----------------------------------------------------------------

SUBNORMALS = [2.2e-309, 5e-324, -1e-310]


@pytest.mark.parametrize("name", ["delta", "gamma"])
@pytest.mark.parametrize("value", SUBNORMALS)
def test_off_resonance_factor_refuses_subnormal_inputs(name, value):
    """gamma = 2.2e-309 once overflowed |Delta|/Gamma with a RuntimeWarning (an error under pytest)."""
    if name == "gamma" and value < 0:
        value = -value
    kwargs = dict(delta=1.0, gamma=23.0) | {name: value}
    with pytest.raises(FloatingPointError, match=rf"{name} \(.*\) = {value!r} is below the smallest normal float64 "
                                                 r"number 2\.2250738585072014e-308: .*use `atommix reference`"):
        nu.off_resonance_factor(**kwargs)
    with pytest.raises(FloatingPointError, match=rf"{name} \("):  # in an array too
        nu.off_resonance_factor(**{k: np.array([v, 1.0]) for k, v in kwargs.items()})


def test_off_resonance_factor_beyond_float64_is_named():
    with pytest.raises(FloatingPointError, match=r"off_resonance_factor is not representable in float64"):
        nu.off_resonance_factor(1e300, 1e-300)


@pytest.mark.parametrize("delta, gamma, expected", [
    (-910.0, 23.0, 39.56521739130435),  # 910/23 = 39.565217391304347826..., rounded to float64
    (1e-300, 1e300, 0.0),  # 1e-600 rounds to 0
    (2.2250738585072014e-308, 1.0, 2.2250738585072014e-308),  # the smallest normal number is in the domain
    (1.0, 0.0, math.inf),  # documented: no width to reach
    (0.0, 0.0, 0.0),  # documented: on resonance
])
def test_off_resonance_factor_values(delta, gamma, expected):
    assert nu.off_resonance_factor(delta, gamma) == expected


@pytest.mark.parametrize("call, name", [
    (lambda x: nu.duty_fraction(x, 1e-12), "pulses_per_s"),
    (lambda x: nu.duty_fraction(1e3, x), "pulse_duration"),
    (lambda x: nu.beam_area(x), "spot_size"),
    (lambda x: nu.gain(x, 1e25, 1e-7, 1e-3), "photon_energy"),
    (lambda x: nu.gain(4e4, x, 1e-7, 1e-3), "photons_per_s"),
    (lambda x: nu.gain(4e4, 1e25, 1e-7, x), "rel_bandwidth"),
    (lambda x: nu.laser_bandwidth(1e3, x), "pulse_duration"),
    (lambda x: nu.spontaneous_rate(910.0, 23.0, 1e-24, n_atoms=x), "n_atoms"),
    (lambda x: nu.absorption_rate(x, 1e3, 1e-12, 1e-6, 1e3, 1e-9), "mean_power"),
    (lambda x: nu.absorption_rate(1.0, 1e3, 1e-12, 1e-6, 1e3, x), "lifetime"),
])
def test_observable_inputs_below_the_normal_range_are_named(call, name):
    with pytest.raises(FloatingPointError, match=rf"{name} \(.*\) = 1e-310 is below the smallest normal float64 number"):
        call(1e-310)
