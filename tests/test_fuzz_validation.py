"""The validation layer with hostile inputs: exact inputs, precision contexts, reference values.

The contract every call keeps is stated in :mod:`tests.fuzz_harness`.
"""


import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from atommix import validation as va

from .fuzz_harness import (
    NO,
    _show,
    as_exact,
    assert_clear,
    assert_finite,
    mp_untouched,
    run_validation,
)
from .strategies import (
    hostile_counts,
    hostile_reals,
    log_uniform,
)

# --------------------------------------------------------------------------------------------------
# The validation layer (mpmath): exact inputs, and mpmath.mp left alone
# --------------------------------------------------------------------------------------------------


def assert_reference(ref: Any, call: str) -> None:
    """Finite values, checked digits within [0, dps]; None only where the reference says why it is absent."""
    if isinstance(ref, va.Reference):
        assert_finite(ref.values, call)
        assert all(isinstance(d, int) and 0 <= d <= ref.dps for d in ref.digits.values()), f"{call}: {ref.digits}"
        return
    assert isinstance(ref, va.EvolutionReference)
    for row in ref.values:
        for k, v in row.items():
            assert v is not None or k in ref.absent, f"{call}: {k} is None without a reason"
    assert_finite(ref.values, call, allow_none=tuple(f"[{k!r}]" for k in ref.absent))
    assert_finite(ref.scales, call, allow_none=tuple(f"[{k!r}]" for k in ref.absent))


EXACT_BASE = dict(delta="910", gamma="23", m21="1e-24", phase=0)
EXACT_PARAMS = dict(delta="real", gamma="nonneg", m21="nonneg", phase="real")
EXACT_UNITS = dict(delta="eV", gamma="eV", m21="eV", phase="rad")


def known_validation_bug(kwargs: dict[str, Any]) -> str | None:
    for k in EXACT_PARAMS:
        v = kwargs.get(k)
        if isinstance(v, np.integer):
            return "np-int64"  # BUG: to_fraction accepts numpy ints, then mpf() fails naming no parameter
        frac = as_exact(v, EXACT_PARAMS[k], EXACT_UNITS[k])
        if frac is not NO and frac != 0 and (abs(frac) > Fraction(10) ** 1000 or abs(frac) < Fraction(10) ** -1000):
            return "huge-exponent"  # BUG: "1e5000" -> 'Exceeds the limit (4300 digits)' naming no parameter
    mwd = kwargs.get("max_working_dps")
    if mwd is not None and not (isinstance(mwd, int) and not isinstance(mwd, bool)):
        return "max-working-dps-unchecked"  # BUG: max_working_dps is never checked
    times = kwargs.get("times", ())
    if isinstance(times, (str, bytes, dict)) or not hasattr(times, "__iter__") or (
            isinstance(times, np.ndarray) and times.ndim == 0):
        return "times-unchecked"  # BUG: a string is iterated character by character, a number is 'not iterable'
    return None


def _digit_count(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        return NO
    return value if value >= 1 else NO


@given(data=st.data())
def test_reference_eigensystem_hostile_parameter(data):
    name = data.draw(st.sampled_from(["delta", "gamma", "m21", "phase", "dps", "max_working_dps"]), label="parameter")
    if name == "dps":
        value = data.draw(hostile_counts(12), label=name)
        plain = _digit_count(value)
    elif name == "max_working_dps":
        value = data.draw(st.one_of(st.none(), hostile_counts(60)), label=name)
        plain = value if value is None or (isinstance(value, int) and not isinstance(value, bool)) else NO
    else:
        value = data.draw(hostile_reals(), label=name)
        plain = as_exact(value, EXACT_PARAMS[name], EXACT_UNITS[name])
    kwargs = EXACT_BASE | dict(dps=8) | {name: value}
    assume(known_validation_bug(kwargs) is None)  # BUG: see known_validation_bug()
    call = f"reference_eigensystem({_show((), kwargs)})"
    ref, exc = run_validation(va.reference_eigensystem, **kwargs)
    if plain is NO:
        assert exc is not None, f"{call} accepted {name}={value!r}"
    if exc is not None:
        assert_clear(exc, [name], call)
        return
    assert_reference(ref, call)
    same, exc2 = run_validation(va.reference_eigensystem, **(kwargs | {name: plain}))
    assert exc2 is None and same.values == ref.values, f"{call} differs from the call with {name}={plain!r}"


@st.composite
def hostile_times(draw):
    """times=: tuples of small (cheap) times or hostile entries, and things that are not sequences of times."""
    small = st.one_of(st.just(0), st.just("1e-15"), log_uniform(1e-25, 1e-14), st.fractions(0, Fraction(1, 10**14)))
    entry = st.one_of(small, st.sampled_from([-1e-15, "-1e-15", math.nan, math.inf, None, True, "abc", 1e-15 + 0j, [1e-15],
                                              Decimal("NaN")]))
    return draw(st.one_of(
        st.lists(entry, max_size=3).map(tuple),
        st.lists(small, max_size=2),
        st.sampled_from([1e-15, "1e-15", "10", "", None, 0, np.array([1e-15, 2e-15]), np.array(1e-15), {1e-15: 1}]),
    ))


@given(data=st.data())
@settings(deadline=None)
def test_reference_evolution_hostile_parameter(data):
    name = data.draw(st.sampled_from(["delta", "gamma", "m21", "phase", "times", "dps"]), label="parameter")
    base = dict(delta=1, gamma="0.5", m21="0.25", phase=0, times=(), dps=6)  # ||H|| t/hbar small: cheap expm
    if name == "times":
        value = data.draw(hostile_times(), label=name)
        try:
            items = NO if isinstance(value, (str, bytes, dict)) else [as_exact(x, "nonneg") for x in value]
        except TypeError:
            items = NO
        plain = NO if items is NO or any(x is NO for x in items) else tuple(items)
    elif name == "dps":
        value = data.draw(hostile_counts(10), label=name)
        plain = _digit_count(value)
    else:
        value = data.draw(hostile_reals(), label=name)
        plain = as_exact(value, EXACT_PARAMS[name], EXACT_UNITS[name])
    kwargs = base | {name: value}
    assume(known_validation_bug(kwargs) is None)  # BUG: see known_validation_bug()
    call = f"reference_evolution({_show((), kwargs)})"
    ref, exc = run_validation(va.reference_evolution, **kwargs)
    if plain is NO:
        assert exc is not None, f"{call} accepted {name}={value!r}"
    if exc is not None:
        assert_clear(exc, ["t", "times"] if name == "times" else [name], call)
        return
    assert_reference(ref, call)
    if name == "times":
        assert ref.times == plain, f"{call}: evaluated at {ref.times}, asked for {plain}"


@given(data=st.data())
def test_eigen_inputs_from_values(data):
    name = data.draw(st.sampled_from(list(EXACT_PARAMS)), label="parameter")
    value = data.draw(hostile_reals(), label=name)
    kwargs = EXACT_BASE | {name: value}
    assume(known_validation_bug(kwargs) is None)  # BUG: see known_validation_bug()
    plain = as_exact(value, EXACT_PARAMS[name], EXACT_UNITS[name])
    inputs, exc = run_validation(va.EigenInputs.from_values, **kwargs)
    if plain is NO:
        assert exc is not None, f"EigenInputs.from_values({_show((), kwargs)}) accepted {value!r}"
    if exc is not None:
        assert_clear(exc, [name], f"EigenInputs.from_values({_show((), kwargs)})")
    else:
        assert getattr(inputs, name) == plain
        assert all(isinstance(getattr(inputs, k), Fraction) for k in EXACT_PARAMS)


@given(dps=hostile_counts(60))
def test_private_context(dps):
    assume(isinstance(dps, int) and not isinstance(dps, bool) and dps >= 1)  # BUG: private-context-dps (0, -1, 1.5 -> 1)
    ctx, exc = run_validation(va.private_context, dps)
    assert exc is None and ctx.dps == dps and ctx is not mpmath.mp


@given(a=st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6)),
       b=st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6)),
       cap=st.integers(0, 40), imag=st.booleans())
def test_agreement_digits(a, b, cap, imag):
    ctx = va.private_context(30)
    x, y = (ctx.mpc(a, a / 3) if imag else ctx.mpf(a)), (ctx.mpc(b, b / 3) if imag else ctx.mpf(b))
    d, exc = run_validation(va.agreement_digits, x, y, cap)
    assert exc is None and isinstance(d, int) and 0 <= d <= cap, (a, b, cap, d)
    if x == y:
        assert d == cap
    # BUG: agreement-digits -- agreement_digits(mpf('nan'), y, 5) -> 'cannot convert float NaN to integer';
    #      agreement_digits(1.0, 2.0, 5) -> AttributeError; agreement_digits(y, y, -5) -> -5 (not in [0, cap])


EP_INPUTS = va.EigenInputs.from_values(0, 4, 1, allow_exceptional_point=True)


@pytest.mark.parametrize("fn", [va.diagonalize, va.eigen_quantities])
@pytest.mark.parametrize("point", [(910, 23, "1e-24"), (1, 0, 1), (0, 1, 0), ("1e-300", "1e300", "1e-300")])
def test_diagonalize_and_eigen_quantities(fn, point):
    ctx = va.private_context(40)
    inputs = va.EigenInputs.from_values(*point)
    out, exc = run_validation(fn, ctx, inputs)
    assert exc is None
    assert_finite(out, f"{fn.__name__}{point}")
    # BUG: eigen-quantities-at-EP -- fn(ctx, EP_INPUTS) returns values (alpha = -i, ...) where none exist, and
    #      fn(ctx, EigenInputs.from_values(0, 0, 0, allow_exceptional_point=True)) raises ZeroDivisionError;
    #      both should raise ExceptionalPointError.  fn(None, inputs) / fn(ctx, (1, 1, 1)): AttributeError.


@pytest.mark.parametrize("point", [(1, 1, 1), (0, 4, 1), (1, 0, 1)])
@pytest.mark.parametrize("t", [Fraction(0), Fraction(1, 10**16), Fraction(3, 10**16)])
def test_ground_state_by_quadrature(point, t):
    ctx = va.private_context(15)
    inputs = va.EigenInputs.from_values(*point, allow_exceptional_point=True)
    p, exc = run_validation(va.ground_state_by_quadrature, ctx, inputs, t)
    assert exc is None and mpmath.isfinite(p) and -1e-14 <= p <= 1
    with mp_untouched("reference_evolution"):
        ref = va.reference_evolution(*point, times=(t,), dps=10).values[0]["P_gs"]
    assert abs(p - ref) <= 1e-9 * max(abs(ref), 1e-30)
    # BUG: quadrature-t -- t=Fraction(-1, 10**15) returns a negative P_gs; t=1e-15 or "1e-15": AttributeError

