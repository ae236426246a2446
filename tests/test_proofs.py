"""The generated evaluation programs compute the exact forms: symbolic proofs, the ball grid, and mutants.

A mutant is a program with one constant perturbed (x 1.0001) or one term's sign flipped, in an
output or in any assignment that reaches a kernel; the proof suite alone (no float64 kernel,
no mpmath) must reject every one.
"""

from __future__ import annotations

import pytest

from atommix.derivations import proofs, registry
from atommix.derivations.ball_check import GRID, TIMES, grid_defects
from atommix.derivations.eigensystem import evaluation_program



#: The results with a generated program (the N-channel ones are iterative solvers, proved in tests/test_channels*).
GENERATED = [n for n, r in registry().items() if r.generated]

def test_discriminant_is_z2_plus_4m2_over_sigma2():
    assert proofs.discriminant_defect() == 0


def test_branch_lemma_and_every_arm_has_re_s_zbar_nonnegative():
    assert proofs.branch_sign_defect() == 0
    checks = proofs.branch_arm_checks()
    assert len(checks) == 2 and all(ok for _, ok in checks), checks


def test_a_wrong_branch_is_caught():
    """s = r for Delta < 0 (the labels swapped) fails the arm check."""
    import sympy as sp

    from atommix.derivations.eigensystem import EvaluationProgram
    from atommix.derivations.symbols import delta

    program = evaluation_program()
    r = next(s for s, _ in program.assignments if s.name == "r")
    swapped = tuple((s, sp.Piecewise((r, delta < 0), (-r, True))) if s.name == "s_scaled" else (s, rhs)
                    for s, rhs in program.assignments)
    assert not all(ok for _, ok in proofs.branch_arm_checks(EvaluationProgram(swapped, program.outputs)))


def test_eigen_outputs_are_the_exact_forms():
    defects = proofs.eigen_defects()
    assert set(defects) == set(evaluation_program().outputs)
    assert all(d == 0 for d in defects.values()), {k: v for k, v in defects.items() if v != 0}


def test_amplitudes_are_the_closed_form_evolution_operator():
    assert proofs.amplitude_defects() == {"A1": 0, "A2": 0, "appearance": 0}
    checks = proofs.structural_time_checks()
    assert all(ok for _, ok in checks), checks


def test_closed_form_ground_state_and_time_scales():
    assert proofs.closed_form_defect() == 0
    assert proofs.time_scale_defects() == {"tau_osc": 0, "tau_S": 0, "tau_L": 0}
    assert all(d <= 2.0**-53 for d in proofs.hbar_constant_defects().values())
    assert proofs.quadrature_exactness() < 1e-16


@pytest.mark.slow
def test_populations_of_the_eigenstates_symbolically():
    assert proofs.population_defects() == {"P_L": 0, "P_S": 0}


@pytest.mark.parametrize("name", GENERATED)
def test_program_equals_exact_form_on_the_ball_grid(name):
    result = registry()[name]
    assert "ball arithmetic" in result.proof  # every entry states its proof, the grid included
    assert grid_defects(result) == []


def test_the_grid_takes_every_arm_that_can_be_taken():
    """Each Piecewise arm of the programs is evaluated somewhere on the grid, but the one arm no
    point can reach: 1 at (Gamma/2 + i omega) t = 0 inside the closed form of P_gs, which is chosen
    only where |s| t/hbar >= 1 (so t > 0), while Gamma = omega = 0 needs s = 0."""
    arms: set = set()
    for result in (registry()[n] for n in GENERATED):
        grid_defects(result, arms=arms)
    taken: dict = {}
    for piecewise, k in arms:
        taken.setdefault(piecewise, set()).add(k)
    missing = []
    for result in (registry()[n] for n in GENERATED):
        exprs = [rhs for _, rhs in result.program.needed([result.evaluation])] + [result.evaluation]
        for e in exprs:
            for node in e.atoms(__import__("sympy").Piecewise):
                gone = set(range(len(node.args))) - taken.get(node, set())
                if gone and not (len(node.args) == 2 and gone == {0} and "omega_half" in str(node.args[0][1])):
                    missing.append((result.name, str(node)[:80], sorted(gone)))
    assert not missing, missing[:5]
    assert len(GRID) >= 8 and len(TIMES) >= 4


def _families() -> list[tuple[str, object, list]]:
    groups: dict[int, tuple[object, list]] = {}
    for result in (registry()[n] for n in GENERATED):
        groups.setdefault(id(result.program), (result.program, []))[1].append(result)
    return [(results[0].name, program, results) for program, results in groups.values()]


#: Mutants that change nothing: in the Delta = 0 copy of the mixing program (resonance_suppression),
#: Re(zeta_0) vanishes identically, so flipping the sign of a term holding it changes no value.
EQUIVALENT = ("assignment r_0: sqrt((2*mu_0 - im(zeta_0))*(2*mu_0 + im(zeta_0)) - re(zeta_0)**2",
              "assignment r_0: sqrt((2*mu_0 - im(zeta_0))*(2*mu_0 + im(zeta_0)) + re(zeta_0)**2 - 2*I*im(zeta_0)")


def _equivalent(description: str) -> bool:
    """Also equivalent: the sign of i omega inside Re(phi1(...)) of P_gs's closed form, since
    phi1(conj x) = conj(phi1(x)) (phi1 is real on the real axis) and Re(conj q) = Re(q)."""
    return description.startswith(EQUIVALENT) or (
        description.startswith("assignment P_gs_t") and "re(phi1(st*(-gamma/(2*sigma) + 2*I*omega_half/sigma)))" in description)


def _survivors(step: int) -> tuple[int, list[str]]:
    total, survivors = 0, []
    for _, program, results in _families():
        for k, (description, mutant) in enumerate(proofs.program_mutants(program)):
            if k % step:
                continue
            total += 1
            if not proofs.caught(description, mutant, results) and not _equivalent(description):
                survivors.append(description[:160])
    return total, survivors


def test_mutants_are_caught_by_the_proofs_alone_sample():
    """Every 8th mutant of every program (the whole set runs in the slow test below)."""
    total, survivors = _survivors(8)
    assert total > 60 and not survivors, survivors


@pytest.mark.slow
def test_every_mutant_is_caught_by_the_proofs_alone():
    total, survivors = _survivors(1)
    assert total > 450 and not survivors, survivors  # 496 mutants of the present programs


def test_the_example_of_a_changed_discriminant_is_caught():
    """2 mu + Im zeta -> 2 mu + 1.0001 Im zeta in the radicand: the proofs alone reject it."""
    import sympy as sp

    from atommix.derivations.eigensystem import EvaluationProgram

    program = evaluation_program()
    zeta = next(s for s, _ in program.assignments if s.name == "zeta")
    mu = next(s for s, _ in program.assignments if s.name == "mu")
    changed = tuple(
        (s, rhs.xreplace({2 * mu + sp.im(zeta): 2 * mu + sp.Rational(10001, 10000) * sp.im(zeta)})) if s.name == "r"
        else (s, rhs) for s, rhs in program.assignments
    )
    mutant = EvaluationProgram(changed, program.outputs)
    assert changed != program.assignments
    assert proofs.discriminant_defect(mutant) != 0
    results = [registry()[n] for n in GENERATED if registry()[n].program is registry()["alpha"].program]
    assert proofs.caught("assignment r: example", mutant, results)
