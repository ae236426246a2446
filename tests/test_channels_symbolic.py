"""Symbolic proofs for N daughter channels (derivations.channels_proofs), and their registry entries."""

import pytest
import sympy as sp
from atommix.derivations import channels_proofs as cp
from atommix.derivations import get, latex_document, registry
from atommix.derivations.ccode import c_source
from atommix.derivations.latex import python_source
from atommix.quantities import CHANNEL, CHANNEL_TIME, names


@pytest.mark.parametrize("n", [1, 2, 3])
def test_secular_equation_is_the_characteristic_polynomial(n):
    assert cp.characteristic_defect(n) == 0


def test_secular_equation_with_a_full_width_block():
    assert cp.width_block_characteristic_defect(2) == 0


@pytest.mark.parametrize("n", [2, 3])
def test_eigenvectors_and_their_normalization(n):
    assert cp.eigenvector_defects(n) == [0] * (2 * (n + 1) + 1)


@pytest.mark.parametrize("n", [2, 3])
def test_resolvent_column_gives_the_residue_form(n):
    assert cp.resolvent_defects(n) == [0] * (n + 1)


@pytest.mark.parametrize("n", [2, 3])
def test_probability_is_conserved(n):
    assert cp.conservation_defect(n) == 0
    assert cp.conservation_defect(2, full_block=True) == 0


def test_degenerate_daughters_are_one_channel_with_the_summed_weight():
    assert cp.degenerate_defects() == [0, 0, 0, 0]


def test_lagrange_series_solves_the_fixed_point_equation_for_any_g():
    assert cp.lagrange_defect(6) == [0] * 6


@pytest.mark.parametrize("n, order", [(2, 4), (3, 3)])
def test_series_solves_the_secular_equation(n, order):
    assert cp.secular_series_defect(n, order) == [0] * order


def test_one_channel_series_is_the_2x2_catalan_series():
    assert cp.single_channel_series_defects(5) == [0]


@pytest.mark.parametrize("n", [2, 3])
def test_cross_term_is_what_the_sum_of_single_channels_drops(n):
    assert cp.cross_term_defect(n) == 0


def test_the_checks_can_fail(monkeypatch):
    """A wrong sign in the cross term, a wrong second-order coefficient: the defects are then nonzero."""
    w, zs = cp._series_symbols(2)
    second = cp.lagrange_coefficients(cp._taylor_of_g(2, 2), 2)[1]
    singles = sum(-wk**2 / zk**3 for wk, zk in zip(w, zs))
    cross = -sum(w[a] * w[b] / (zs[a] * zs[b] ** 2) for a in range(2) for b in range(2) if a != b)
    assert cp._is_zero(second - singles + cross) != 0
    right = cp.lagrange_coefficients
    monkeypatch.setattr(cp, "lagrange_coefficients",
                        lambda g, order: [c * (2 if k == 1 else 1) for k, c in enumerate(right(g, order))])
    assert any(d != 0 for d in cp.secular_series_defect(2, 3))
    assert any(d != 0 for d in cp.lagrange_defect(3))
    assert cp.single_channel_series_defects(3) != [0]


def test_every_channel_quantity_is_registered_without_a_kernel():
    reg = registry()
    for name in names(CHANNEL) + names(CHANNEL_TIME):
        assert name in reg and not reg[name].generated and reg[name].section == "N"
    assert all(r.generated for r in reg.values() if r.section != "N")


def test_sum_of_single_channel_widths_is_the_registered_approximation():
    r = get("gamma_L_coupled")
    tex = r.latex()
    assert r"\sum_{i=1}^{N}" in tex and "neglected" in tex and r"\delta_{i j}" in tex
    assert r.neglected is not None and r.validity_text.startswith("sum_i |M_i|^2")
    # one channel: the approximation is the exact 2x2 width and the cross term vanishes
    from atommix.derivations.channels import Delta, Gamma, M, N, i, j

    one = {N: 1}
    approx = r.approximation.subs(one).doit()
    neglected = r.neglected.subs(one).doit()
    assert neglected == 0
    from atommix.derivations.eigensystem import exact_forms
    from atommix.derivations.symbols import M21, delta, gamma

    two = exact_forms()["gamma_L"].subs({delta: Delta[1], gamma: Gamma[1], M21: M[1]}, simultaneous=True)
    assert sp.simplify(approx - two) == 0
    assert j not in approx.free_symbols and i not in approx.free_symbols


def test_channel_results_print_as_latex_and_are_skipped_by_code_printers():
    doc = latex_document()
    assert "One parent, N daughter channels" in doc and r"\Gamma_L" in doc
    assert "lambda_L_coupled" in doc and "def lambda_L_coupled" not in python_source()
    assert "gamma_L_coupled" not in c_source()
    with pytest.raises(KeyError, match="no generated kernel"):
        python_source(["gamma_L_coupled"])
    with pytest.raises(KeyError, match="no generated kernel"):
        c_source(["mixing_channels"])
