"""Float64 eigen-quantities with N daughter channels against the 2x2 kernels and the mpmath references.

Illustrative parameters (not data): a second captured pair for 152Gd (L1 L1, Delta ~ 40 keV,
Gamma ~ 8 eV, |M| ~ 2e-25 eV) beside the measured K L1 point, and four nuclear levels of a
156Dy-like parent within a few keV of resonance.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from atommix.errors import ExceptionalPointError
from atommix.numeric import eigensystem
from atommix.numeric.channels import channel_eigensystem
from atommix.validation.channels import channel_reference, channel_system

EPS = np.finfo(float).eps
GD152 = (910.0, 23.0, 1e-24)
#: Illustrative second pair of 152Gd (L1 L1): not a measured value.
GD152_L1L1 = (40200.0, 8.0, 2e-25)
#: Illustrative 156Dy-like levels: Delta_i, Gamma_i, |M_i| (eV), not data.
DY156_LIKE = ([750.0, 4000.0, -1500.0, 13000.0], [25.0, 24.0, 26.0, 25.0], [1e-25, 3e-25, 2e-25, 1e-25])


def _ulp(value, exact):
    return abs(value - exact) / (EPS * abs(exact)) if exact != 0 else abs(value)


def _reference(delta, gamma, m21, phase=None, dps=25):
    phase = [0.0] * len(delta) if phase is None else phase
    return channel_reference(channel_system([(float(d), float(g), float(m), float(p))
                                             for d, g, m, p in zip(delta, gamma, m21, phase)]), dps=dps)


def _points(n, seed, ratio=(-30, -1)):
    rng = np.random.default_rng(seed)
    delta = 10 ** rng.uniform(-3, 6, n) * rng.choice([-1, 1], n)
    gamma = np.abs(delta) * 10 ** rng.uniform(-6, 6, n)
    m21 = np.hypot(delta, gamma / 2) * 10 ** rng.uniform(*ratio, n)
    return delta, gamma, m21, rng.uniform(0, 2 * np.pi, n)


@pytest.mark.parametrize("ratio", [(-30, -1), (-1, 2)], ids=["weak", "strong"])
def test_one_channel_is_the_2x2_eigensystem_to_a_few_ulp(ratio):
    d, g, m, p = _points(300, seed=3, ratio=ratio)
    es = channel_eigensystem(d[:, None], g[:, None], m[:, None], p[:, None])
    ref = eigensystem(d, g, m, p)
    scale = np.abs(ref.lambda_L)
    # lambda_L and its parts to a few ulp of |lambda_L| (E_L or Gamma_L alone may be far smaller than
    # |lambda_L| at strong mixing, where Newton on the secular equation bounds them normwise)
    for ours, theirs in ((es.lambda_L, ref.lambda_L), (es.E_L, ref.E_L), (es.gamma_L, ref.gamma_L)):
        assert np.max(np.abs(ours - theirs) / scale) < 8 * EPS
    # the eigenvectors to a few ulp times the condition of lambda_L (f' cancels near an exceptional point)
    for ours, theirs in ((es.mixing_channels[:, 0], ref.mixing), (es.alpha_channels[:, 0], ref.alpha),
                         (es.condition, ref.condition)):
        assert np.max(np.abs(ours - theirs) / np.abs(theirs) / ref.condition) < 16 * EPS
    if ratio == (-30, -1):  # weak mixing: componentwise too
        assert np.max(np.abs(es.gamma_L - ref.gamma_L) / ref.gamma_L) < 8 * EPS
        assert np.max(np.abs(es.E_L - ref.E_L) / np.abs(ref.E_L)) < 8 * EPS


def test_real_atom_scales_where_eig_returns_zero():
    delta, gamma, m21 = [GD152[0], GD152_L1L1[0]], [GD152[1], GD152_L1L1[1]], [GD152[2], GD152_L1L1[2]]
    H = np.zeros((3, 3), dtype=complex)
    H[1:, 0] = m21
    H[0, 1:] = m21
    H[[1, 2], [1, 2]] = -(np.array(delta) + 0.5j * np.array(gamma))
    vals = np.linalg.eigvals(H)
    assert -2 * vals[np.argmin(np.abs(vals))].imag == 0.0  # the trap
    es = channel_eigensystem(delta, gamma, m21)
    ref = _reference(delta, gamma, m21)
    exact = float(ref["gamma_L"])
    assert exact > 2.7e-53 and abs(es.gamma_L - exact) <= es.bounds.gamma_L <= 32 * EPS * exact
    for ours, bound, theirs in zip(es.mixing_channels, es.bounds.mixing_channels, ref["mixing_channels"]):
        assert abs(ours - float(theirs)) <= bound <= 32 * EPS * float(theirs)


@pytest.mark.parametrize("seed", range(4))
def test_random_channels_against_mpmath_within_the_bounds(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 6))
    d, g, m, p = _points(n, seed=200 + seed)
    es = channel_eigensystem(d, g, m, p)
    ref = _reference(d, g, m, p)
    for key in ("E_L", "gamma_L"):
        exact = float(ref[key])
        assert abs(getattr(es, key) - exact) <= getattr(es.bounds, key), key
    assert abs(es.lambda_L - complex(ref["lambda_L"])) <= es.bounds.lambda_L
    assert abs(es.gamma_L - float(ref["gamma_L"])) <= 1e-14 * float(ref["gamma_L"])
    for ours, bound, theirs in zip(es.mixing_channels, es.bounds.mixing_channels, ref["mixing_channels"]):
        assert abs(ours - float(theirs)) <= bound
    assert abs(es.condition - float(ref["condition"])) <= 1e-13 * float(ref["condition"])


@pytest.mark.parametrize("point", [
    ([1.0, 1.5], [0.5, 0.3], [0.6, 0.4], [0.0, 0.7]),  # strong mixing
    ([0.0, 0.0], [1.0, 0.5], [2.0, 1.0], [0.0, 0.0]),  # every Delta = 0: a branch point on the path
    ([0.3, -0.2, 0.1], [1.0, 0.5, 0.7], [2.0, 1.0, 0.3], [0.0, 1.0, 2.0]),
    ([0.0], [0.0], [2.0], [0.0]),  # parent degenerate with the daughter from the start
], ids=["strong", "all-delta-zero", "three", "degenerate-start"])
def test_strong_mixing_by_continuation_against_mpmath(point):
    es = channel_eigensystem(*point)
    ref = _reference(*point)
    assert abs(es.lambda_L - complex(ref["lambda_L"])) <= es.bounds.lambda_L
    assert abs(es.lambda_L - complex(ref["lambda_L"])) <= 1e-14 * abs(complex(ref["lambda_L"]))
    for ours, theirs in zip(es.mixing_channels, ref["mixing_channels"]):
        assert ours == pytest.approx(float(theirs), rel=1e-13)


def test_branch_point_convention_is_the_2x2_upper_level():
    """Delta = 0, Gamma < 4|M21|: lambda_L is the upper level for one channel as for the 2x2 kernels."""
    es = channel_eigensystem(0.0, 1.0, 2.0)
    ref = eigensystem(0.0, 1.0, 2.0)
    assert es.E_L > 0 and abs(es.lambda_L - ref.lambda_L) <= 4 * EPS * abs(ref.lambda_L)


def test_degenerate_daughters_act_as_one_channel():
    m_a, m_b = 1e-24, 7e-25
    two = channel_eigensystem([910.0, 910.0], [23.0, 23.0], [m_a, m_b], [0.3, 1.1])
    one = channel_eigensystem(910.0, 23.0, np.hypot(m_a, m_b))
    assert abs(two.lambda_L - one.lambda_L) <= 4 * EPS * abs(one.lambda_L)
    assert two.mixing_channels[0] / two.mixing_channels[1] == pytest.approx((m_a / m_b) ** 2, rel=4 * EPS)
    assert sum(two.mixing_channels) == pytest.approx(one.mixing_channels[0], rel=4 * EPS)


def test_three_near_degenerate_channels():
    point = ([900.0, 905.0, 912.0], [20.0, 22.0, 18.0], [1e-24, 2e-24, 1.5e-24])
    es = channel_eigensystem(*point)
    ref = _reference(*point)
    assert abs(es.gamma_L - float(ref["gamma_L"])) <= es.bounds.gamma_L <= 1e-14 * es.gamma_L


def test_156dy_like_levels():
    es = channel_eigensystem(*DY156_LIKE)
    ref = _reference(*DY156_LIKE)
    assert abs(es.gamma_L - float(ref["gamma_L"])) <= es.bounds.gamma_L
    assert es.mixing_channels.shape == (4,) and np.all(es.mixing_channels > 0)


def test_batches_broadcast_and_keep_the_channel_axis_last():
    delta = np.array([[910.0, 1100.0], [905.0, 950.0], [-300.0, 40200.0]])
    es = channel_eigensystem(delta, [23.0, 30.0], [1e-24, 5e-25])
    assert es.gamma_L.shape == (3,) and es.mixing_channels.shape == (3, 2)
    single = channel_eigensystem(delta[1], [23.0, 30.0], [1e-24, 5e-25])
    assert es.gamma_L[1] == single.gamma_L


def test_full_width_block_against_mpmath_and_its_diagonal_case():
    G = np.array([[20.0, 15.0], [15.0, 22.0]])
    point = dict(delta=[900.0, 905.0], gamma=None, m21=[1e-24, 2e-24], phase=[0.0, 1.0])
    es = channel_eigensystem(**point, width_matrix=G)
    ref = channel_reference(channel_system([("900", 0, "1e-24", 0), ("905", 0, "2e-24", 1.0)],
                                           width_matrix=[[20, 15], [15, 22]]), dps=25)
    # the bound carries the (normwise) error of the eigenbasis of the width block: looser than the value
    assert abs(es.gamma_L - float(ref["gamma_L"])) <= es.bounds.gamma_L <= 1e-12 * es.gamma_L
    assert abs(es.gamma_L - float(ref["gamma_L"])) <= 1e-14 * es.gamma_L
    for ours, bound, theirs in zip(es.mixing_channels, es.bounds.mixing_channels, ref["mixing_channels"]):
        assert abs(ours - float(theirs)) <= bound
    independent = channel_eigensystem(**{**point, "gamma": [20.0, 22.0]})
    assert abs(es.gamma_L / independent.gamma_L - 1) > 0.1  # shared decay: interference at first order
    diagonal = channel_eigensystem(**point, width_matrix=np.diag([20.0, 22.0]))
    assert diagonal.gamma_L == pytest.approx(independent.gamma_L, rel=1e-14)


def test_exceptional_points_raise_a_named_error():
    with pytest.raises(ExceptionalPointError):
        channel_eigensystem(0.0, 4.0, 1.0)  # the 2x2 exceptional point as one channel
    with pytest.raises(ExceptionalPointError):
        channel_eigensystem([0.0, 7.0], [4.0, 3.0], [1.0, 0.0])  # and beside an uncoupled daughter
    with pytest.raises(ExceptionalPointError):
        channel_eigensystem([0.0, 7.0], [0.0, 3.0], [0.0, 0.0])  # H has the eigenvalue 0 twice


@pytest.mark.parametrize("kwargs, match", [
    (dict(delta=[], gamma=[], m21=[]), "at least one daughter channel"),
    (dict(delta=[1.0, 2.0], gamma=[1.0, -1.0], m21=[1.0, 1.0]), "gamma .* >= 0"),
    (dict(delta=[1.0], gamma=[1.0], m21=[-1e-24]), "m21"),
    (dict(delta=[np.nan], gamma=[1.0], m21=[1.0]), "delta"),
    (dict(delta=[1.0, 2.0], gamma=[1.0, 1.0, 1.0], m21=[1.0, 1.0]), "broadcast"),
    (dict(delta=[1.0], gamma=None, m21=[1.0]), "gamma .* is required"),
    (dict(delta=[1.0], gamma=[1.0], m21=[1.0], width_matrix=[[1.0]]), "not both"),
    (dict(delta=[1.0, 2.0], gamma=None, m21=[1.0, 1.0], width_matrix=[[1.0, 2.0], [0.0, 1.0]]), "Hermitian"),
    (dict(delta=[1.0, 2.0], gamma=None, m21=[1.0, 1.0], width_matrix=[[1.0, 2.0], [2.0, 1.0]]), "semidefinite"),
])
def test_bad_input_names_the_parameter(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        channel_eigensystem(**kwargs)


def test_channels_beyond_the_float64_range_beside_each_other_are_refused():
    with pytest.raises(FloatingPointError, match="span more decades"):
        channel_eigensystem([0.0, 1e-300], [1e300, 0.0], [1e10, 1e-300])


_channel = st.tuples(st.floats(-1e4, 1e4), st.floats(0.0, 1e3), st.floats(0.0, 1e2), st.floats(0.0, 6.28))


@given(st.lists(_channel, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_order_of_the_channels_does_not_matter(channels, random):
    """lambda_L is a symmetric function of the channels; |alpha_i|^2 follows its channel."""
    order = list(range(len(channels)))
    random.shuffle(order)
    cols = [np.array(c) for c in zip(*channels)]
    try:
        es = channel_eigensystem(*cols)
    except (ExceptionalPointError, FloatingPointError) as exc:  # refused: for either order
        with pytest.raises(type(exc)):
            channel_eigensystem(*(c[order] for c in cols))
        return
    other = channel_eigensystem(*(c[order] for c in cols))
    assert abs(other.lambda_L - es.lambda_L) <= es.bounds.lambda_L + other.bounds.lambda_L
    np.testing.assert_allclose(other.mixing_channels, es.mixing_channels[order],
                               atol=0, rtol=0 if es.condition == 1 else 1e-12 * es.condition)
