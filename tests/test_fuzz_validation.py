"""The validation layer with hostile inputs: exact inputs, precision contexts, reference values.

The contract every call keeps is stated in :mod:`tests.fuzz_harness`.
"""


import math
import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atommix import validation as va
from atommix.errors import ExceptionalPointError
from atommix.validation.evolution import evolution_at

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


def _digit_count(value: Any) -> Any:
    """The count of digits an integer (Python's or NumPy's) >= 1 stands for, or NO."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        return NO
    return int(value) if value >= 1 else NO


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
    plain = _digit_count(dps)
    ctx, exc = run_validation(va.private_context, dps)
    if plain is NO:
        assert exc is not None, f"private_context({dps!r}) accepted it"
        assert_clear(exc, ["dps"], f"private_context({dps!r})")
    else:
        assert exc is None and ctx.dps == plain and ctx is not mpmath.mp


@given(dps=hostile_counts(60))
def test_thread_context(dps):
    from atommix.validation.precision import thread_context

    plain = _digit_count(dps)
    ctx, exc = run_validation(thread_context, dps)
    if plain is NO:
        assert exc is not None, f"thread_context({dps!r}) accepted it"
        assert_clear(exc, ["dps"], f"thread_context({dps!r})")
    else:
        assert exc is None and ctx.dps == plain and ctx is not mpmath.mp


def test_thread_context_is_kept_per_thread_and_precision():
    import threading

    from atommix.validation.precision import thread_context

    a = thread_context(40)
    assert thread_context(40) is a and thread_context(41) is not a
    with a.workdps(200):  # a block restores the precision: the context stays the one kept
        pass
    assert thread_context(40) is a
    a.dps = 45  # changed for good by a caller: a new one at 40 digits, the changed one left alone
    b = thread_context(40)
    assert b is not a and b.dps == 40 and a.dps == 45
    other = []
    worker = threading.Thread(target=lambda: other.append(thread_context(40)))
    worker.start()
    worker.join()
    assert other[0] is not b and other[0].dps == 40
    for dps in range(1000, 1064):  # 64 more precisions: the least recently used (40) is dropped
        thread_context(dps)
    assert thread_context(1063) is thread_context(1063) and thread_context(40) is not b


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
    elif y != 0:
        # d digits agree where |x - y|/|y| <= 10^-d (0 digits: any difference), and below the cap d + 1 do not
        rel = abs(x - y) / abs(y)
        assert (d == 0 or rel <= ctx.mpf(10) ** -d) and (d == cap or rel > ctx.mpf(10) ** -(d + 1)), (a, b, cap, d)


@pytest.mark.parametrize("args, error, match", [
    ((mpmath.mpf("nan"), mpmath.mpf(1), 5), ValueError, r"a and b must be finite numbers"),
    ((mpmath.mpf(1), mpmath.mpf("inf"), 5), ValueError, r"a and b must be finite numbers"),
    ((mpmath.mpf(1), mpmath.mpf(1), -5), ValueError, r"cap \(the most digits to report\) must be an integer >= 0"),
    ((mpmath.mpf(1), mpmath.mpf(1), 1.5), ValueError, r"cap \(the most digits to report\) must be an integer >= 0"),
])
def test_agreement_digits_refuses(args, error, match):
    with pytest.raises(error, match=match):
        va.agreement_digits(*args)


def test_agreement_digits_of_plain_floats():
    """1.0 against 2.0: |1 - 2|/2 = 0.5 > 10^-1, so no digit agrees (once an AttributeError on floats)."""
    assert va.agreement_digits(1.0, 2.0, 5) == 0
    # the float 1.0001 is 1.00009999999999998899...: |x - y|/|y| = 0.99999999999999998899e-4 <= 10^-4
    assert va.agreement_digits(1.0001, 1.0, 10) == 4


EP_INPUTS = va.EigenInputs.from_values(0, 4, 1, allow_exceptional_point=True)


@pytest.mark.parametrize("fn", [va.diagonalize, va.eigen_quantities])
@pytest.mark.parametrize("point", [(910, 23, "1e-24"), (1, 0, 1), (0, 1, 0), ("1e-300", "1e300", "1e-300")])
def test_diagonalize_and_eigen_quantities(fn, point):
    ctx = va.private_context(40)
    inputs = va.EigenInputs.from_values(*point)
    out, exc = run_validation(fn, ctx, inputs)
    assert exc is None
    assert_finite(out, f"{fn.__name__}{point}")


@pytest.mark.parametrize("fn", [va.diagonalize, va.eigen_quantities])
@pytest.mark.parametrize("inputs", [EP_INPUTS, va.EigenInputs.from_values(0, 0, 0, allow_exceptional_point=True)])
def test_diagonalize_at_the_exceptional_point(fn, inputs):
    """No eigenvectors exist there (once alpha = -i was returned, and H = 0 gave ZeroDivisionError)."""
    with pytest.raises(ExceptionalPointError, match="exceptional point"):
        fn(va.private_context(20), inputs)


@pytest.mark.parametrize("fn", [va.diagonalize, va.eigen_quantities, va.ground_state_by_quadrature])
@pytest.mark.parametrize("ctx, inputs, match", [
    (None, va.EigenInputs.from_values(1, 1, 1), r"ctx must be an mpmath context"),
    (30, va.EigenInputs.from_values(1, 1, 1), r"ctx must be an mpmath context"),
    (va.private_context(20), (1, 1, 1), r"inputs must be an EigenInputs"),
])
def test_context_and_inputs_are_named(fn, ctx, inputs, match):
    args = (ctx, inputs, 0) if fn is va.ground_state_by_quadrature else (ctx, inputs)
    with pytest.raises(TypeError, match=match):
        fn(*args)


@pytest.mark.parametrize("point", [(1, 1, 1), (0, 4, 1), (1, 0, 1)])
@pytest.mark.parametrize("t", [Fraction(0), Fraction(1, 10**16), Fraction(3, 10**16), "1e-16", 1e-16])
def test_ground_state_by_quadrature(point, t):
    ctx = va.private_context(15)
    inputs = va.EigenInputs.from_values(*point, allow_exceptional_point=True)
    p, exc = run_validation(va.ground_state_by_quadrature, ctx, inputs, t)
    assert exc is None and mpmath.isfinite(p) and -1e-14 <= p <= 1
    with mp_untouched("reference_evolution"):
        ref = va.reference_evolution(*point, times=(t,), dps=10).values[0]["P_gs"]
    assert abs(p - ref) <= 1e-9 * max(abs(ref), 1e-30)


@pytest.mark.parametrize("t", [Fraction(-1, 10**15), -1e-15, "-1e-15", "nan", math.inf, None, "abc"])
def test_negative_or_bad_times_are_refused(t):
    """P_gs at t = -1e-15 s was -1.16: the integral runs backwards; a time is >= 0."""
    ctx, inputs = va.private_context(15), va.EigenInputs.from_values(1, 1, 1)
    for fn in (va.ground_state_by_quadrature, evolution_at):
        with pytest.raises((TypeError, ValueError), match=r"t \(the time since the parent atom was produced, in s\) must be"):
            fn(ctx, inputs, t)
    with pytest.raises((TypeError, ValueError), match=r"t \(.*\) must be"):
        va.reference_evolution(1, 1, 1, times=(t,), dps=6)


@pytest.mark.parametrize("times", ["10", "1e-15", b"1", 1e-15, None, np.array(1e-15), {1e-15: 1}])
def test_times_is_a_sequence_never_iterated_as_a_string(times):
    """times="10" was evaluated at t = 1 s and t = 0 s, character by character."""
    with pytest.raises(TypeError, match=r"times \(the times since the parent atom was produced, in s\) must be a tuple or list"):
        va.reference_evolution(1, 1, 1, times=times, dps=6)


@pytest.mark.parametrize("value", [np.int64(910), np.int32(910), np.uint16(910)])
def test_numpy_integers_are_exact_inputs(value):
    """np.int64 once became a Fraction with an np.int64 numerator, which mpmath and flint refused."""
    inputs = va.EigenInputs.from_values(value, 23, "1e-24")
    assert inputs.delta == 910 and type(inputs.delta.numerator) is int
    assert va.reference_eigensystem(value, 23, "1e-24", dps=8).values == va.reference_eigensystem(910, 23, "1e-24", dps=8).values


def test_reference_labels_lambda_L_where_the_moduli_differ_by_1e_56():
    """lambda_L is the eigenvalue nearer M1 = 0.  At Delta = -1e-56, Gamma = 0.1, |M21| = 1, |lambda_S|^2 -
    |lambda_L|^2 = |Re(z* s)| ~ 4e-56: mpmath's own eigensolver at 120 digits tells them apart, and its
    alpha = (right vector)_2/(right vector)_1 of the nearer one is the reference's (once the other one's)."""
    ref = va.reference_eigensystem(-1e-56, 0.1, 1, dps=17)
    ctx = va.private_context(120)
    z = ctx.mpc(Fraction(-1e-56).numerator, 0) / Fraction(-1e-56).denominator + ctx.mpc(0, "0.05")
    vals, right = ctx.eig(ctx.matrix([[0, 1], [1, -z]]))
    i = min(range(2), key=lambda k: abs(vals[k]))
    alpha = right[1, i] / right[0, i]
    assert ref.digits["alpha"] == 17
    assert abs(ref.context.mpc(ref["alpha"]) - alpha) <= ctx.mpf(10) ** -16 * abs(alpha)
    assert ctx.re(alpha) < 0  # the float64 kernels agree: -0.99969 - 0.025i


def test_reference_at_a_phase_of_1e300_rad():
    """alpha = M21/(lambda_L - H22) carries e^{i phase}; 1e300 rad reduced modulo 2 pi at 400 digits (the
    float 1e300 is an integer of 301 digits) gives alpha(phase) = alpha(0) e^{i (phase mod 2 pi)}."""
    phase = 1e300
    with_phase = va.reference_eigensystem(910, 23, "1e-24", phase, dps=20)
    without = va.reference_eigensystem(910, 23, "1e-24", 0, dps=20)
    ctx = va.private_context(400)
    reduced = ctx.fmod(ctx.mpf(int(phase)), 2 * ctx.pi)
    expected = ctx.mpc(without["alpha"]) * ctx.expj(reduced)
    assert with_phase.digits["alpha"] == 20
    assert abs(ctx.mpc(with_phase["alpha"]) - expected) <= ctx.mpf(10) ** -19 * abs(expected)
