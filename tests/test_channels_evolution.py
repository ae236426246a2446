"""Time history with N daughter channels: float64 against the 2x2 kernels and the mpmath references.

The second 152Gd pair and the 156Dy-like levels are illustrative parameters, not data.
"""

import numpy as np
import pytest
from atommix.numeric import evolution
from atommix.numeric.channel_evolution import channel_evolution
from atommix.validation.channel_evolution import channel_history
from atommix.validation.channels import channel_system

YEAR = 31557600.0
TIMES = [1e-18, 1e-17, 1e-16, 1e-13, 1e-6, 1.0, YEAR, 4.5e9 * YEAR]
TIME_STRINGS = ["1e-18", "1e-17", "1e-16", "1e-13", "1e-6", "1", "31557600", "142009200000000000"]


def _reference(channels, times, dps=20, width_matrix=None):
    return channel_history(channel_system(channels, width_matrix), times, dps=dps)


def _compare(history, ref, k, rel=1e-12, *, at=None, absolute=0.0):
    """Record ``k`` of the reference against time index ``at`` (default ``k``) of the float64 history."""
    row = ref.values[k]
    at = k if at is None else at
    for key in ("survival", "appearance", "depletion", "P_gs"):
        exact = float(row[key])
        assert getattr(history, key)[at] == pytest.approx(exact, rel=rel, abs=absolute or (0 if exact else 1e-300)), key
    for key in ("appearance_channels", "P_gs_channels"):
        if row[key] is None:
            continue
        for i, x in enumerate(row[key]):
            assert getattr(history, key)[at][i] == pytest.approx(float(x), rel=rel, abs=absolute or (0 if float(x) else 1e-300))


def test_one_channel_is_the_2x2_history():
    h = channel_evolution([910.0], [23.0], [1e-24], [0.4], t=TIMES)
    ref = evolution(910.0, 23.0, 1e-24, 0.4, t=TIMES, populations=False)
    for key in ("survival", "appearance", "depletion", "P_gs"):
        np.testing.assert_array_equal(getattr(h, key), getattr(ref, key))
    np.testing.assert_array_equal(h.P_gs_channels[:, 0], ref.P_gs)


def test_second_pair_beside_152gd_against_mpmath():
    channels = [("910", "23", "1e-24"), ("40200", "8", "2e-25", "0.5")]  # the second pair is illustrative
    ref = _reference(channels, TIME_STRINGS)
    h = channel_evolution([910.0, 40200.0], [23.0, 8.0], [1e-24, 2e-25], [0.0, 0.5], t=TIMES)
    for k in range(len(TIMES)):
        _compare(h, ref, k)
    assert h.depletion[-1] > 5e-21  # not lost to 1 - (1 - 6e-21)


def test_three_near_degenerate_channels_against_mpmath():
    channels = [("900", "20", "1e-24"), ("905", "22", "2e-24"), ("912", "18", "1.5e-24")]
    ref = _reference(channels, TIME_STRINGS[::2])
    h = channel_evolution([900.0, 905.0, 912.0], [20.0, 22.0, 18.0], [1e-24, 2e-24, 1.5e-24], t=TIMES[::2])
    for k in range(len(TIMES[::2])):
        _compare(h, ref, k)


def test_strong_mixing_against_mpmath_and_conservation():
    channels = [("1", "0.5", "0.6"), ("1.5", "0.3", "0.4", "0.7")]
    times = ["1e-18", "1e-15", "3e-15", "1e-13", "1e-10"]
    ref = _reference(channels, times)
    h = channel_evolution([1.0, 1.5], [0.5, 0.3], [0.6, 0.4], [0.0, 0.7], t=[float(t) for t in times])
    for k in range(len(times)):
        _compare(h, ref, k)
    total = h.survival + h.appearance_channels.sum(-1) + h.P_gs_channels.sum(-1)
    np.testing.assert_allclose(total, 1.0, rtol=0, atol=4e-15)


def test_probability_is_conserved_at_real_atom_scales():
    h = channel_evolution([910.0, 40200.0, -300.0], [23.0, 8.0, 12.0], [1e-24, 2e-25, 3e-26], t=TIMES)
    np.testing.assert_array_equal(h.depletion, h.appearance + h.P_gs)
    np.testing.assert_allclose(h.survival + h.depletion, 1.0, rtol=0, atol=2e-16)
    np.testing.assert_allclose(h.P_gs, h.P_gs_channels.sum(-1), rtol=1e-15)
    assert np.all(np.diff(h.P_gs) > 0)


def test_degenerate_daughters_give_the_one_channel_parent_history():
    m_a, m_b = 1e-24, 7e-25
    two = channel_evolution([910.0, 910.0], [23.0, 23.0], [m_a, m_b], [0.3, 1.2], t=TIMES)
    one = channel_evolution([910.0], [23.0], [np.hypot(m_a, m_b)], t=TIMES)
    np.testing.assert_allclose(two.survival, one.survival, rtol=1e-15)
    np.testing.assert_allclose(two.P_gs, one.P_gs, rtol=4e-16)
    np.testing.assert_allclose(two.P_gs_channels[:, 0] / two.P_gs_channels[:, 1], (m_a / m_b) ** 2, rtol=1e-14)
    ref = _reference([("910", "23", "1e-24", "0.3"), ("910", "23", "7e-25", "1.2")], ["1e-16"], dps=16)
    _compare(two, ref, 0, at=2)


def test_exceptional_point_still_evaluates():
    """Channel 1 at its 2x2 exceptional point beside an uncoupled channel: H is not diagonalizable."""
    channels = [("0", "4", "1"), ("7", "3", "0")]
    times = ["1e-17", "1e-15", "1e-14"]
    h = channel_evolution([0.0, 7.0], [4.0, 3.0], [1.0, 0.0], t=[float(t) for t in times])
    ref = _reference(channels, times, dps=16)
    for k in range(len(times)):
        _compare(h, ref, k, rel=1e-12)
    np.testing.assert_allclose(h.survival + h.depletion, 1.0, atol=1e-14)


def test_exceptional_point_of_two_coupled_channels_still_evaluates():
    """Delta_i = 0, Gamma = (4, 6) eV, |M_1|^2 = 0.5 eV^2 and |M_2| at the value (from a 40-digit solve of
    f = f' = 0) where lambda_L is a double root: no disk isolates lambda_L, so the eigen-quantities raise,
    and the history takes the density-matrix exponential, accurate to rounding of the largest population."""
    from atommix.errors import ExceptionalPointError
    from atommix.numeric.channels import channel_eigensystem

    m = [float(np.sqrt(0.5)), 1.0194476072549182]
    with pytest.raises(ExceptionalPointError):
        channel_eigensystem([0.0, 0.0], [4.0, 6.0], m)
    times = [1e-17, 1e-15, 1e-14, 1e-13]
    h = channel_evolution([0.0, 0.0], [4.0, 6.0], m, t=times)
    ref = _reference([(0.0, 4.0, m[0]), (0.0, 6.0, m[1])], times, dps=16)
    for k in range(len(times)):
        _compare(h, ref, k, rel=1e-13, absolute=1e-13)
    np.testing.assert_allclose(h.survival + h.depletion, 1.0, rtol=0, atol=1e-14)


def test_full_width_block_totals_against_mpmath():
    G = [[20.0, 15.0], [15.0, 22.0]]
    h = channel_evolution([900.0, 905.0], None, [1e-24, 2e-24], [0.0, 1.0], t=[1e-16, 4.5e9 * YEAR],
                          width_matrix=G)
    assert h.P_gs_channels is None
    ref = _reference([("900", 0, "1e-24"), ("905", 0, "2e-24", 1.0)], ["1e-16", "142009200000000000"],
                     width_matrix=[[20, 15], [15, 22]])
    for k in range(2):
        _compare(h, ref, k)


def test_time_zero_and_bad_times():
    h = channel_evolution([910.0, 1100.0], [23.0, 30.0], [1e-24, 5e-25], t=0.0)
    assert h.survival == 1.0 and h.P_gs == 0.0 and np.all(h.appearance_channels == 0)
    with pytest.raises(ValueError, match="t .* >= 0"):
        channel_evolution([910.0], [23.0], [1e-24], t=-1.0)
    with pytest.raises(TypeError, match="t .* required"):
        channel_evolution([910.0], [23.0], [1e-24], t=None)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_histories_against_mpmath(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    delta = rng.uniform(-2000, 2000, n)
    gamma = rng.uniform(1, 50, n)
    m21 = 10 ** rng.uniform(-26, -22, n)
    phase = rng.uniform(0, 6, n)
    h = channel_evolution(delta, gamma, m21, phase, t=TIMES)
    ref = _reference([(float(a), float(b), float(c), float(e)) for a, b, c, e in zip(delta, gamma, m21, phase)],
                     TIMES)
    for k in range(len(TIMES)):
        _compare(h, ref, k)
