"""Bad input to the numeric API: a clear error naming the parameter, never a NaN."""

import numpy as np
import pytest
from atommix.numeric import ExceptionalPointError, eigensystem
from hypothesis import given
from hypothesis import strategies as st

from atommix import numeric


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(delta=np.nan), ValueError, "delta"),
        (dict(delta=np.inf), ValueError, "delta"),
        (dict(gamma=-1.0), ValueError, r"gamma .*>= 0"),
        (dict(gamma=-np.inf), ValueError, "gamma"),
        (dict(m21=-1e-24), ValueError, "m21"),
        (dict(m21=1e-24 + 0j), TypeError, "m21.*real"),
        (dict(phase="0"), TypeError, "phase"),
        (dict(delta=[1.0, np.nan]), ValueError, "delta"),
        (dict(delta=None), TypeError, "delta"),
        (dict(delta=True), TypeError, "delta"),
        (dict(delta=np.ones(3), gamma=np.ones(2)), ValueError, "broadcast"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, exc, match):
    args = dict(delta=910.0, gamma=23.0, m21=1e-24, phase=0.0) | kwargs
    with pytest.raises(exc, match=match):
        eigensystem(**args)


def test_exceptional_point_raises_dedicated_error():
    with pytest.raises(ExceptionalPointError, match="exceptional point"):
        eigensystem(0.0, 4.0, 1.0)
    with pytest.raises(ExceptionalPointError, match=r"index \(1,\)"):
        eigensystem(np.array([1.0, 0.0]), 4.0, 1.0)
    with pytest.raises(ExceptionalPointError, match="H = 0"):
        numeric.gamma_L(0.0, 0.0, 0.0)
    # just off it, the eigensystem exists and is finite
    es = eigensystem(0.0, 4.0, 1.0 + 1e-12)
    assert all(np.isfinite(v) for v in es)


def test_representable_results_at_huge_inputs_and_overflow_reported_only_where_real():
    """At (1e308, 1e308, 1e308) every output is representable (lambda_S = -1.5957e308 - 3.64e307 i);
    at 1.7e308 Re lambda_S = -2.7127e308 (mpmath: -(z + s)/2, by hand from 1.7 (1 + i/2) scaled by
    1e308) lies beyond the float64 range, and that is reported by name."""
    es = eigensystem(1e308, 1e308, 1e308)
    assert es.lambda_S.real == pytest.approx(-1.5956802658472556e308, rel=1e-14)
    with pytest.raises(FloatingPointError, match="lambda_S is not representable"):
        eigensystem(1.7e308, 1.7e308, 1.7e308)


@given(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
)
def test_any_float_input_gives_finite_values_or_a_clear_error(delta, gamma, m21, phase):
    try:
        es = eigensystem(delta, gamma, m21, phase)
    except (ValueError, TypeError, FloatingPointError) as exc:
        assert any(name in str(exc) for name in ("delta", "gamma", "m21", "phase", "exceptional", "representable"))
    else:
        assert all(np.all(np.isfinite(v)) for v in es)
        assert es.gamma_L >= 0 and es.gamma_S >= 0 and es.mixing >= 0


def test_empty_arrays_broadcast_to_empty_results():
    es = eigensystem(np.array([]), 1.0, 1.0)
    assert es.alpha.shape == (0,) and es.alpha.dtype == np.complex128
