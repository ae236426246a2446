"""Uncertainty propagation: sampling against the linear estimate and against exact quantiles."""

import pytest

from atommix.uncertainty import propagate


def test_sampling_agrees_with_linear_where_the_response_is_near_linear():
    # a 1 % uncertainty of Delta far from resonance: mixing ~ 1/Delta^2, nearly linear over 1 %
    u = propagate("mixing", dict(delta=910.0, gamma=23.0, m21=1e-24), dict(delta=9.1), n=50_000, seed=1)
    half_width = (u.hi - u.lo) / 2
    assert half_width == pytest.approx(u.linear_sigma, rel=0.03)
    assert u.median == pytest.approx(u.linear_value, rel=1e-3)


def test_quantiles_are_the_images_of_the_input_quantiles():
    """mixing is monotone in Delta > 0: its 16/84 % quantiles are the mixing at Delta -+ sigma (asymmetric)."""
    from atommix.numeric import mixing

    u = propagate("mixing", dict(delta=910.0, gamma=23.0, m21=1e-24), dict(delta=180.0), n=200_000, seed=2)
    assert u.hi == pytest.approx(mixing(730.0, 23.0, 1e-24), rel=0.01)
    assert u.lo == pytest.approx(mixing(1090.0, 23.0, 1e-24), rel=0.01)
    assert (u.hi - u.median) > 1.5 * (u.median - u.lo)  # far from linear: the linear sigma misleads


def test_rates_and_atoms_scale_with_mixing():
    """Gamma_L = |alpha|^2 Gamma to 1e-54 at 152Gd, so the rate is mixing x Gamma N/hbar and the atoms that
    times t, sample by sample (hbar = h/(2 pi e) = 6.582119569509066e-16 eV s; t = 4.5e9 yr = 1.420092e17 s)."""
    central = dict(delta=910.0, gamma=23.0, m21=1e-24, n_atoms=6.02214076e23, t=1.420092e17)
    m = propagate("mixing", central, dict(delta=180.0), n=20_000, seed=3)
    r = propagate("spontaneous_rate", central, dict(delta=180.0), n=20_000, seed=3)
    a = propagate("daughter_atoms", central, dict(delta=180.0), n=20_000, seed=3)
    assert r.median / m.median == pytest.approx(23.0 * 6.02214076e23 / 6.582119569509066e-16, rel=1e-9)
    assert a.median / m.median == pytest.approx(23.0 * 1.420092e17 * 6.02214076e23 / 6.582119569509066e-16, rel=1e-6)


@pytest.mark.parametrize("kwargs, match", [
    (dict(name="nonsense"), r"name must be one of mixing, "),
    (dict(sigma={"delta": -1.0}), r"sigma\['delta'\] .* must be a finite real number >= 0"),
    (dict(sigma={"zeta": 1.0}), r"sigma has 'zeta', which is not an input"),
    (dict(n=10), r"n \(number of samples\) must be an integer >= 100"),
])
def test_bad_input(kwargs, match):
    args = dict(name="mixing", central=dict(delta=910.0, gamma=23.0, m21=1e-24), sigma={"delta": 1.0}) | kwargs
    with pytest.raises(ValueError, match=match):
        propagate(**args)


def test_mbb_band_uncertainty_brackets_the_central_band():
    from atommix.numeric import mbb_band

    from atommix.uncertainty import propagate_mbb_band

    for ordering in ("NO", "IO"):
        b = propagate_mbb_band(0.01, ordering, n=20_000, seed=4)
        central = mbb_band(0.01, ordering, source="pdg")
        assert b.min_quantiles[0] <= central.min <= b.min_quantiles[2]
        assert b.max_quantiles[0] <= central.max <= b.max_quantiles[2]
    with pytest.raises(ValueError, match="ordering"):
        propagate_mbb_band(0.01, "XO")
