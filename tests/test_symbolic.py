"""Symbolic proofs of Section 2: each identity reduces to exactly zero."""

import sympy as sp
from atommix.derivations import eigensystem as es
from atommix.derivations import hamiltonian as ham
from atommix.derivations import series
from atommix.derivations.registry import registry
from atommix.derivations.symbols import M21, delta, gamma, z


def test_characteristic_polynomial():
    lam = sp.Symbol("lambda")
    expected = lam**2 + z * lam - M21 * sp.conjugate(M21)
    assert sp.expand(es.characteristic_polynomial() - expected) == 0


def test_right_eigenvectors_solve_H():
    assert es.eigen_residuals() == [0, 0, 0, 0]


def test_left_right_biorthogonality():
    assert es.biorthogonality_defect() == 0


def test_bell_steinberger_relation():
    assert es.bell_steinberger_defect() == 0


def test_mass_and_width_do_not_commute():
    comm = ham.commutator_mass_width()
    assert comm == sp.Matrix([[0, sp.conjugate(M21) * gamma], [-M21 * gamma, 0]])
    assert comm != sp.zeros(2, 2)
    # [H, H^dagger] = i[M, Gamma]: H is not normal.
    assert sp.simplify(ham.normality_defect() - sp.I * comm) == sp.zeros(2, 2)


def test_series_is_catalan_general_term_and_converges_to_exact():
    assert all(d == 0 for d in series.series_defects(9).values())
    assert series.generating_function_defect() == 0
    assert series.ratio_test_limit() == 4
    assert sp.simplify(series.radius_of_convergence() - sp.Abs(z) / 2) == 0


def _same(a, b) -> bool:
    m, phi = sp.Symbol("m", positive=True), sp.Symbol("phi", real=True)
    polar = {M21: m * sp.exp(sp.I * phi)}
    return sp.simplify(sp.expand_complex(a.subs(polar) - b.subs(polar))) == 0


def test_papers_equations_are_the_truncated_series():
    """Eqs. (2.2)-(2.5) are the exact series through the order the registry records."""
    paper = es.paper_forms()
    for name, result in registry().items():
        if result.section != "2" or result.approximation is None:
            continue
        ser = series.perturbative_series(name, result.approximation_order)
        assert _same(ser, paper[name]), name


def test_paper_neglects_a_nonzero_next_term():
    """Gamma_S = Gamma is not exact: the series continues with -|alpha|^2 Gamma."""
    neglected = series.perturbative_series("gamma_S", 2) - series.perturbative_series("gamma_S", 1)
    assert _same(neglected, -series.perturbative_series("mixing", 2) * gamma)


def test_series_sum_matches_exact_inside_radius():
    """Partial sums converge to the exact value at the geometric rate |4x| < 1 set by the radius."""
    vals = {delta: sp.Rational(3), gamma: sp.Rational(2), M21: sp.Rational(9, 10)}
    rate = abs(4 * (M21**2 / z**2).subs(vals))  # 0.324
    exact = es.exact_forms()["lambda_L"].subs(vals).evalf(40)
    orders = (4, 8, 16)
    errors = [abs((series.catalan_series("lambda_L", n).subs(vals) - exact).evalf(40)) for n in orders]
    assert all(e > 0 for e in errors)
    for (n0, e0), (n1, e1) in zip(zip(orders, errors), zip(orders[1:], errors[1:])):
        assert e1 / e0 < rate ** ((n1 - n0) // 2)  # C_k ~ 4^k k^(-3/2): a little faster than geometric


def test_public_eigenvectors_at_a_rational_point():
    """right/left eigenvectors as exposed, evaluated at 40 digits: residuals and biorthonormality."""
    from atommix.derivations.hamiltonian import hamiltonian

    H = hamiltonian()
    point = {delta: sp.Rational(91, 10), gamma: sp.Rational(23, 10), M21: sp.Rational(3, 10) * sp.exp(sp.I * sp.Rational(7, 10))}
    lam_L, lam_S = es.eigenvalues()
    r_L, r_S = es.right_eigenvectors()
    u_L, u_S = es.left_eigenvectors()

    def small(expr):
        return all(abs(sp.N(e.subs(point), 40)) < 1e-35 for e in sp.Matrix(expr))

    assert small(H * r_L - lam_L * r_L) and small(H * r_S - lam_S * r_S)
    assert small(u_L * H - lam_L * u_L) and small(u_S * H - lam_S * u_S)
    assert small(u_S * r_L) and small(u_L * r_S)
    assert small(u_L * r_L - sp.Matrix([[1]])) and small(u_S * r_S - sp.Matrix([[1]]))
