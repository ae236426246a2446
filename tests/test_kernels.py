"""Generated float64 kernels against the independent mpmath layer, at the scales of real atoms."""

import math

import numpy as np
import pytest
from atommix.numeric import EIGENSYSTEM_NAMES, eigensystem
from atommix.validation import reference_eigensystem
from atommix.validation.accuracy import ulp_error
from hypothesis import given
from hypothesis import strategies as st

from .strategies import GD152, eigen_points, near_exceptional_points

# Documented accuracy (README): <= 8 ulp wherever |4 M21^2/(Delta + i Gamma/2)^2| < 1/4.
ULP_BOUND = 8


def _errors(point):
    es = eigensystem(*point)
    ref = reference_eigensystem(*point, dps=20)
    return {n: ulp_error(complex(v) if np.iscomplexobj(v) else float(v), ref[n]) for n, v in zip(EIGENSYSTEM_NAMES, es)}


@given(eigen_points())
def test_kernels_within_8_ulp_at_weak_mixing(point):
    errors = _errors(point)
    assert max(errors.values()) <= ULP_BOUND, errors


@given(eigen_points(ratio=(1e-1, 1e2)))
def test_kernels_within_8_ulp_at_strong_mixing(point):
    errors = _errors(point)
    assert max(errors.values()) <= ULP_BOUND, errors


@given(near_exceptional_points())
def test_kernels_within_8_ulp_next_to_the_exceptional_point(point):
    """The discriminant's cancellation is in 2|M21| - Gamma/2, exact for inputs within a factor 2:
    the kernels stay within a few ulp of the exact value at the float inputs, even where the
    condition number is 1e7."""
    errors = _errors(point)
    assert max(errors.values()) <= ULP_BOUND, errors


@given(eigen_points(ratio=(1e-3, 1e3)))
def test_condition_number_is_one_over_sine_of_the_eigenvector_angle(point):
    """kappa = 1/sin(theta), cos(theta) = |<lambda_S|lambda_L>| / (||lambda_S|| ||lambda_L||), Eq. (2.4)."""
    es = eigensystem(*point)
    cos2 = abs(es.overlap) ** 2 / ((1 + es.mixing) * (1 + abs(es.beta) ** 2))
    assert es.condition == pytest.approx(1 / math.sqrt(1 - cos2), rel=1e-9)
    assert 0 <= es.ep_distance <= 1 + 4e-16


def test_proximity_to_the_exceptional_point():
    gd = eigensystem(*GD152)
    assert gd.condition == 1.0 and gd.ep_distance == pytest.approx(1 - 2e-24 / abs(complex(910, 11.5)), rel=1e-15)
    # Gamma/(4|M21|) - 1 = 1e-12 at Delta = 0: |s| = sqrt(Gamma^2/4 - 4|M21|^2), kappa = |z|/|s|
    m21 = 5.75
    gamma = 4 * m21 * (1 + 1e-12)
    near = eigensystem(0.0, gamma, m21)
    s = math.sqrt((gamma / 2 - 2 * m21) * (gamma / 2 + 2 * m21))
    assert near.ep_distance == pytest.approx(s / (gamma / 2 + 2 * m21), rel=1e-6)
    assert near.condition == pytest.approx(float(reference_eigensystem(0.0, gamma, m21, dps=20)["condition"]), rel=1e-14)
    assert near.condition > 1e5


@pytest.mark.parametrize(
    "point",
    [
        GD152,
        (-910.0, 23.0, 1e-24, 0.0),  # Delta < 0
        (910.0, 23.0, 1e-24, 2.5),  # complex M21
        (910.0, 0.0, 1e-24, 0.3),  # Gamma = 0: Hermitian
        (0.0, 23.0, 1e-24, 0.0),  # exact resonance
        (0.0, 1.0, 1.0, 0.0),  # Delta = 0, Gamma < 4|M21|: equally near, lambda_L the upper
        (0.0, 5.0, 1.0, 1.0),  # Delta = 0, Gamma > 4|M21|
        (0.0, 0.0, 1.0, 0.0),  # degenerate M, no width
        (1.0, 2.0, 0.0, 0.0),  # no mixing
        (1e-3, 23.0, 1e-30 * 23, 0.0),
        (910.0, 23.0, 1e-300, 0.0),  # tiny mixing: mixing underflows to 0 exactly as it should
    ],
)
def test_kernels_at_edges(point):
    errors = _errors(point)
    finite = {n: e for n, e in errors.items() if not (point[2] < 1e-150 and n in ("mixing", "lambda_L", "E_L", "gamma_L"))}
    assert max(finite.values()) <= ULP_BOUND, errors


def test_gd152_gamma_L_is_not_zero_unlike_eig():
    H = np.array([[0, 1e-24], [1e-24, -910 - 11.5j]])
    naive = -2 * np.linalg.eigvals(H).imag
    assert naive.min() == 0.0  # numpy.linalg.eig loses Gamma_L entirely
    es = eigensystem(*GD152)
    ref = reference_eigensystem(*GD152, dps=30)
    assert es.gamma_L == pytest.approx(float(ref["gamma_L"]), rel=4e-16)
    assert es.gamma_L == pytest.approx(es.mixing * 23.0, rel=1e-15)  # Eq. (2.5) holds to 1e-54 here


@given(eigen_points(), st.integers(1, 5))
def test_broadcasting_matches_scalar_calls(point, n):
    arrays = [np.full(n, v) * (1 + 0.01 * np.arange(n)) for v in point]
    batch = eigensystem(*arrays)
    for i in range(n):
        single = eigensystem(*(float(a[i]) for a in arrays))
        for name in EIGENSYSTEM_NAMES:
            # numpy's scalar and array loops round differently (SIMD); both are within
            # ULP_BOUND of the exact value, so within 2 ULP_BOUND of each other
            b, s = getattr(batch, name)[i], getattr(single, name)
            assert abs(b - s) <= 2 * ULP_BOUND * np.spacing(abs(s)), name
    assert batch.alpha.dtype == np.complex128 and batch.mixing.dtype == np.float64


def test_branch_convention_continuous_through_delta_zero():
    """lambda_L at Delta = 0 (Gamma < 4|M21|) is the limit Delta -> 0+."""
    at_zero = eigensystem(0.0, 1.0, 1.0)
    just_above = eigensystem(1e-12, 1.0, 1.0)
    just_below = eigensystem(-1e-12, 1.0, 1.0)
    assert at_zero.E_L > 0
    assert abs(at_zero.lambda_L - just_above.lambda_L) < 1e-9
    assert abs(at_zero.lambda_L - just_below.lambda_L) > 1  # the other branch
    assert math.isclose(at_zero.gamma_L, 0.5) and math.isclose(at_zero.gamma_S, 0.5)
