"""Property tests of the mpmath layer: the physics' identities hold to the working precision."""

import threading
from fractions import Fraction

import mpmath
import pytest
from atommix.numeric import ExceptionalPointError
from atommix.validation import (
    EigenInputs,
    diagonalize,
    eigen_quantities,
    private_context,
    reference_eigensystem,
)
from hypothesis import given

from .strategies import eigen_points

WP = 60


def _setup(point):
    inputs = EigenInputs.from_values(*point)
    ctx = private_context(WP + 2 * 35)  # room for |M21|/|z| down to 1e-30
    return inputs, ctx


@given(eigen_points())
def test_eigen_residuals_and_biorthogonality(point):
    inputs, ctx = _setup(point)
    H = inputs.matrix(ctx)
    d = diagonalize(ctx, inputs)
    norm = ctx.mnorm(H, 1)
    tol = ctx.mpf(10) ** (-WP) * norm
    for lam, right, left in ((d.lambda_L, d.right_L, d.left_L), (d.lambda_S, d.right_S, d.left_S)):
        assert ctx.mnorm(H * right - lam * right, 1) <= tol * ctx.mnorm(right, 1)
        assert ctx.mnorm(left * H - lam * left, 1) <= tol * ctx.mnorm(left, 1)
    # left eigenvector of one eigenvalue is orthogonal to the right eigenvector of the other
    assert abs((d.left_S * d.right_L)[0]) <= tol / norm * ctx.mnorm(d.left_S, 1) * ctx.mnorm(d.right_L, 1)


@given(eigen_points(ratio=(1e-30, 1e-2)))
def test_exact_overlap_vs_eq_2_4_differs_at_order_mixing(point):
    """<lambda_S|lambda_L> = -i M21 Gamma/(Delta^2 + Gamma^2/4) (1 + O(|alpha|^2)); the
    symbolic series gives the relative correction -|alpha|^2 - 2 Re(M21^2/z^2)... <= 3|alpha|^2."""
    inputs, ctx = _setup(point)
    v = eigen_quantities(ctx, inputs)
    delta, gamma, m21, phase = (ctx.mpf(x) for x in point)
    m = m21 * ctx.expj(phase)
    eq24 = -1j * m * gamma / (delta**2 + gamma**2 / 4)
    rel = abs(v["overlap"] - eq24) / abs(eq24)
    mix = v["mixing"]
    assert rel <= 3 * mix * (1 + 10 * mix)
    # the leading relative correction is -|alpha|^2 (1 + 2 cos 2 arg z): of order |alpha|^2, vanishing only
    # where cos 2 arg z = -1/2
    theta = ctx.atan2(gamma / 2, delta)
    leading = mix * abs(1 + 2 * ctx.cos(2 * theta))
    assert abs(rel - leading) <= 20 * mix**2 + ctx.mpf(10) ** (-WP) 


@given(eigen_points(ratio=(1e-30, 1e1)))
def test_bell_steinberger_relation(point):
    inputs, ctx = _setup(point)
    d = diagonalize(ctx, inputs)
    v = eigen_quantities(ctx, inputs)
    gamma = ctx.mpf(point[1])
    bra_S = ctx.matrix([[-v["beta"], 1]])
    ket_L = ctx.matrix([[1], [v["alpha"]]])
    lhs = (bra_S * ctx.matrix([[0, 0], [0, gamma]]) * ket_L)[0]
    rhs = v["overlap"] * ((v["gamma_L"] + v["gamma_S"]) / 2 + 1j * (v["E_L"] - v["E_S"]))
    scale = abs(gamma * v["alpha"]) + abs(v["overlap"]) * (gamma + abs(d.lambda_L - d.lambda_S))
    assert abs(lhs - rhs) <= ctx.mpf(10) ** (-WP) * scale


@given(eigen_points(ratio=(1e-30, 1e-1)))
def test_eigenstates_are_not_orthogonal_when_mixing_and_decay(point):
    inputs, ctx = _setup(point)
    v = eigen_quantities(ctx, inputs)
    assert v["overlap"] != 0
    assert v["gamma_L"] > 0 and v["gamma_L"] < v["gamma_S"]
    # Gamma_L + Gamma_S = Gamma (trace of the anti-Hermitian part)
    assert abs(v["gamma_L"] + v["gamma_S"] - ctx.mpf(point[1])) <= ctx.mpf(10) ** (-WP) * ctx.mpf(point[1])


def test_reference_digits_are_checked_and_inputs_exact():
    a = reference_eigensystem("0.25", "23", "1e-24", dps=40)
    b = reference_eigensystem("0.2500000000000000000001", "23", "1e-24", dps=40)
    assert min(a.digits.values()) == 40
    # the 22nd significant digit of Delta changes E_S in its 22nd digit: inputs are not rounded to float64
    assert a.as_strings()["E_S"] == "-2.500000000000000000000000000000000000000e-1"
    assert b.as_strings()["E_S"] == "-2.500000000000000000001000000000000000000e-1"


def test_reference_never_changes_global_precision():
    before = mpmath.mp.prec
    reference_eigensystem("910", "23", "1e-24", dps=80)
    with pytest.raises(ExceptionalPointError):
        reference_eigensystem("0", "4", "1", dps=80)
    with pytest.raises(ValueError, match="gamma"):
        reference_eigensystem("1", "-4", "1", dps=80)
    assert mpmath.mp.prec == before


def test_threads_at_different_precisions_get_their_own_answers():
    expected = {dps: reference_eigensystem("910", "23", "1e-24", dps=dps).as_strings()["gamma_L"] for dps in (20, 45, 90)}
    results: dict[int, list[str]] = {dps: [] for dps in expected}
    errors: list[BaseException] = []

    def work(dps: int) -> None:
        try:
            for _ in range(10):
                results[dps].append(reference_eigensystem("910", "23", "1e-24", dps=dps).as_strings()["gamma_L"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(dps,)) for dps in expected for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for dps, values in results.items():
        assert values == [expected[dps]] * 20
        assert len(expected[dps].split("e")[0].replace("-", "").replace(".", "")) == dps


@pytest.mark.parametrize(
    "bad, match",
    [
        (dict(delta="nan"), "delta"),
        (dict(delta="inf"), "delta"),
        (dict(gamma="-1"), "gamma"),
        (dict(m21="-1e-24"), "m21"),
        (dict(m21=[1]), "m21"),
        (dict(phase="x"), "phase"),
        (dict(delta=True), "delta"),
    ],
)
def test_reference_rejects_bad_input(bad, match):
    args = dict(delta="910", gamma="23", m21="1e-24", phase="0") | bad
    with pytest.raises((ValueError, TypeError), match=match):
        reference_eigensystem(**args, dps=20)


def test_reference_rejects_bad_dps():
    with pytest.raises(ValueError, match="dps"):
        reference_eigensystem("910", "23", "1e-24", dps=0)


def test_exceptional_point_inputs_flagged_exactly():
    assert EigenInputs(Fraction(0), Fraction(4), Fraction(1)).at_exceptional_point
    assert not EigenInputs(Fraction(0), Fraction(4), Fraction(1) + Fraction(1, 10**40)).at_exceptional_point
    # 1e-40 away from the exceptional point: still diagonalizable, and the reference says how well
    ref = reference_eigensystem("0", "4", "1.0000000000000000000000000000000000000001", dps=30)
    assert min(ref.digits.values()) == 30
