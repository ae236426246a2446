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


def test_overflow_is_reported_not_returned():
    with pytest.raises(FloatingPointError, match="not representable"):
        eigensystem(1e308, 1e308, 1e308)


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
