"""The paper's presentation of every result says what the registry says.

Each presentation (named intermediates z, s, lambda_L, |alpha|^2, ...; absolute energies)
is substituted back into the registry's terms and compared with the registry's exact form,
approximation and neglected term at random points, to 30 digits.  The leading neglected
terms of Section 2, which the registry leaves to the series, are checked by scaling: at
|M21| = 1e-8 |z|, exact - approximation must be the neglected term to many digits.
"""

from __future__ import annotations

import random

import pytest
import sympy as sp

from atommix.derivations import registry
from atommix.derivations.eigensystem import root
from atommix.derivations.presentation import M1, in_registry_terms, names, presentations
from atommix.derivations.symbols import M21, delta, gamma, m21, phase, z

DIGITS = 30


def _point(seed: int, m21_value: float | None = None, digits: int = DIGITS) -> dict[sp.Symbol, sp.Expr]:
    """Random values of every base symbol; M21 = |M21| e^{i phase} so both spellings agree."""
    rng = random.Random(seed)
    values = {
        delta: sp.Float(rng.choice((-1, 1)) * rng.uniform(0.5, 2.0), digits),
        gamma: sp.Float(rng.uniform(0.2, 2.0), digits),
        m21: sp.Float(m21_value if m21_value is not None else rng.uniform(0.05, 0.4), digits),
        phase: sp.Float(rng.uniform(-3, 3), digits),
        M1: sp.Float(rng.uniform(-3, 3), digits),
    }
    values[M21] = values[m21] * sp.exp(sp.I * values[phase])
    return values


def _value(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr], rng: random.Random, digits: int = DIGITS) -> complex:
    """``expr`` (registry terms) at ``point``; symbols not in it get a random positive value, kept in ``point``."""
    for sym in sorted(expr.free_symbols - set(point), key=str):
        point[sym] = sp.Float(rng.uniform(0.3, 3.0), digits)
    return complex(sp.N(expr.xreplace(point), digits))


def _close(a: complex, b: complex, tol: float = 1e-20) -> bool:
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)


REG = registry()
PRES = presentations()


def _channels_value(expr: sp.Expr) -> complex:
    """A section-N form at N = 2, t = 0.7 hbar, random channels, lambda_L and channel index i = 2."""
    from atommix.derivations import channels as ch
    from atommix.derivations.evolution import hbar, t

    rng = random.Random(7)
    expr = expr.subs({ch.N: 2, ch.i: 2, t: sp.Rational(7, 10) * hbar})
    expr = expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit())  # integrals stay numeric
    values = {s: sp.Float(rng.uniform(0.3, 3.0), DIGITS) for s in expr.free_symbols if not isinstance(s, sp.Indexed)}
    for s in sorted(expr.atoms(sp.Indexed), key=str):
        values[s] = sp.Float(rng.uniform(0.3, 3.0), DIGITS) * (sp.exp(sp.I * rng.uniform(-3, 3)) if s.base == ch.M else 1)
    return complex(sp.N(expr.xreplace(values), DIGITS))


def test_every_result_has_a_presentation():
    assert list(PRES) == [n for n in REG if n in PRES] and set(PRES) == set(REG)


@pytest.mark.parametrize("name", list(REG))
def test_presentation_is_the_registry_form(name):
    result, pres = REG[name], PRES[name]
    if result.section == "N":  # sums over channels i = 1..N: no point to evaluate at, compare the forms
        for shown, form, paper in ((pres.exact, result.exact, False), (pres.approximation, result.approximation, True),
                                   (pres.neglected, result.neglected, True)):
            assert (shown is None) == (form is None), name
            if shown is not None and (resolved := in_registry_terms(shown, paper=paper)) != form:
                assert _close(_channels_value(resolved), _channels_value(form)), name
        return
    rng = random.Random(name)
    for seed in (1, 2):
        point = _point(seed)
        if pres.exact is not None:
            shown = _value(in_registry_terms(pres.exact - pres.offset), point, rng)
            assert _close(shown, _value(in_registry_terms(result.exact), point, rng)), name
        else:  # the left-hand side says it, or the exact form is the base result's
            assert result.quantity.base is not None or result.approximation is not None
        assert (pres.approximation is None) == (result.approximation is None), name
        if result.approximation is not None:
            shown = _value(in_registry_terms(pres.approximation - pres.offset, paper=True), point, rng)
            assert _close(shown, _value(result.approximation, point, rng)), name
            assert pres.condition, f"{name}: the approximation's condition is not written"
        if result.neglected is not None:
            shown = _value(in_registry_terms(pres.neglected, paper=True), point, rng)
            assert _close(shown, _value(result.neglected, point, rng)), name


SERIES = [n for n, r in REG.items() if r.section == "2" and r.approximation is not None]


@pytest.mark.parametrize("name", SERIES)
def test_section_2_neglected_term_is_the_leading_one(name):
    """exact - paper's form = neglected term (1 + O(|M21|^2/|z|^2)): checked at |M21| = 1e-8."""
    pres = PRES[name]
    assert pres.neglected is not None, name
    rng = random.Random(name)
    for seed in (3, 4):
        point = _point(seed, m21_value=1e-8, digits=60)
        exact = in_registry_terms(pres.exact)
        approx = in_registry_terms(pres.approximation, paper=True)
        gap = _value(exact - approx, point, rng, digits=60)  # the cancellation is of 16 digits
        neglected = _value(in_registry_terms(pres.neglected, paper=True), point, rng, digits=60)
        assert neglected != 0
        assert abs(gap / neglected - 1) < 1e-6, (name, gap, neglected)


def test_definition_of_s_is_the_root_with_the_branch_convention():
    """s^2 = z^2 + 4|M21|^2 and Re(s z*) >= 0 for the registry's root, at points of both signs of Delta."""
    for seed in range(6):
        point = _point(seed, m21_value=random.Random(seed).uniform(0.05, 3.0))
        s = complex(sp.N(root.xreplace(point), DIGITS))
        zz = complex(sp.N(z.xreplace(point), DIGITS))
        m = float(point[m21])
        assert _close(s * s, zz * zz + 4 * m * m, 1e-12) and (s * zz.conjugate()).real >= 0


def test_where_definitions_are_what_the_symbols_stand_for():
    rng = random.Random(0)
    for sym, n in names().items():
        if n.definition is None:
            continue
        point = _point(5)
        shown, meant = (_value(in_registry_terms(e), point, rng) for e in (n.definition, n.exact))
        # square roots are compared squared: the branch is stated in words beside them
        assert _close(shown, meant) or (n.definition.is_Pow and _close(shown**2, meant**2)), n.latex
