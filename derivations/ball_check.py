"""Programs and exact forms evaluated in ball arithmetic (python-flint) at exact points.

Where a symbolic proof is out of reach (the Gauss-Legendre branch of P_gs is an
approximation, Max() in the m_bb band), or as a second, independent check everywhere,
each registry entry's evaluation program and its exact form are evaluated in rigorous
ball arithmetic at the points of a documented grid (:data:`GRID`): the balls of the two
must overlap, within the entry's stated approximation tolerance (0 for exact
identities).  Rounding plays no part: at 300 bits the balls are far narrower than any
difference a wrong constant or sign would make, so a changed formula fails here.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import flint
import sympy as sp
from sympy.codegen.cfunctions import expm1

from .functions import phi1
from .eigensystem import EvaluationProgram, pow2_scale

__all__ = ["BallEvaluator", "evaluate", "GRID", "TIMES", "grid_defects", "float_constants", "Undecidable",
           "FLOAT_CONSTANTS_SLACK", "with_exact_hbar"]

#: Parameter points (Delta, Gamma, |M21|, phase) of the grid, exact: 152Gd, weak and strong mixing,
#: both signs of Delta, Gamma = 0, Delta = 0 on both sides of the exceptional point, a large phase,
#: no coupling.
GRID: tuple[tuple[Fraction, Fraction, Fraction, Fraction], ...] = (
    (Fraction(910), Fraction(23), Fraction(1, 10**24), Fraction(0)),
    (Fraction(-3, 7), Fraction(5, 11), Fraction(1, 100), Fraction(7, 5)),
    (Fraction(2), Fraction(1, 3), Fraction(5), Fraction(-2)),
    (Fraction(-1, 3), Fraction(0), Fraction(2, 9), Fraction(1, 2)),
    (Fraction(0), Fraction(3), Fraction(1, 2), Fraction(3)),
    (Fraction(0), Fraction(1, 2), Fraction(3, 4), Fraction(0)),
    (Fraction(1, 10**6), Fraction(4), Fraction(1, 1) + Fraction(1, 10**6), Fraction(10**12)),
    (Fraction(0), Fraction(4), Fraction(1), Fraction(3, 10)),  # the exceptional point (evolution only)
    (Fraction(5, 2), Fraction(3, 4), Fraction(0), Fraction(1, 3)),  # no coupling: H diagonal
)
#: Times (in units of hbar/||H||, rescaled per point) probing each regime of the time program:
#: the short-time quadrature, the closed form, and long times.
TIMES: tuple[Fraction, ...] = (Fraction(1, 1000), Fraction(3, 2), Fraction(7), Fraction(400))


class Undecidable(ArithmeticError):
    """A condition of a Piecewise cannot be decided at this point in ball arithmetic."""


def _arb_of_number(x: sp.Number) -> flint.arb:
    if isinstance(x, sp.Integer):
        return flint.arb(flint.fmpz(int(x)))
    if isinstance(x, sp.Rational):
        return flint.arb(flint.fmpz(int(x.p))) / flint.fmpz(int(x.q))
    sign, man, exp, _ = x._mpf_  # a Float: its exact binary value
    value = flint.arb(flint.fmpz(int(man))) * flint.arb(2) ** int(exp)
    return -value if sign else value


class BallEvaluator:
    """Evaluates SymPy expressions of the programs in balls, with ``env`` giving the symbols' values."""

    def __init__(self, env: Mapping[sp.Symbol, Any]) -> None:
        self.env = dict(env)
        #: (Piecewise, index of the arm taken) for every Piecewise evaluated
        self.arms: set[tuple[sp.Piecewise, int]] = set()

    def __call__(self, expr: sp.Basic) -> Any:
        return self.value(expr)

    def value(self, e: sp.Basic) -> Any:
        if isinstance(e, sp.Symbol):
            return self.env[e]
        if e is sp.oo:
            return flint.arb("inf")
        if e is sp.I:
            return flint.acb(0, 1)
        if e is sp.pi:
            return flint.arb.pi()
        if isinstance(e, sp.Number):
            return _arb_of_number(e)
        if isinstance(e, sp.Add):
            total = self.value(e.args[0])
            for a in e.args[1:]:
                total = total + self.value(a)
            return total
        if isinstance(e, sp.Mul):
            prod = self.value(e.args[0])
            for a in e.args[1:]:
                prod = prod * self.value(a)
            return prod
        if isinstance(e, sp.Pow):
            base = self.value(e.base)
            if e.exp == sp.Rational(1, 2):
                return flint.acb(base).sqrt()
            if e.exp == sp.Rational(-1, 2):
                return 1 / flint.acb(base).sqrt()
            if e.exp.is_Integer:
                n = int(e.exp)
                return base**n if n >= 0 else 1 / base ** (-n)
            return flint.acb(base) ** flint.acb(self.value(e.exp))  # principal branch
        if isinstance(e, sp.exp):
            return self.value(e.args[0]).exp()
        if isinstance(e, sp.cos):
            return self.value(e.args[0]).cos()
        if isinstance(e, sp.sin):
            return self.value(e.args[0]).sin()
        if isinstance(e, expm1):
            x = self.value(e.args[0])
            return x.expm1() if hasattr(x, "expm1") else x.exp() - 1
        if isinstance(e, phi1):
            # (e^x - 1)/x = e^{x/2} sinh(x/2)/(x/2) = e^{x/2} sinc(i x/2): also for a ball holding 0
            x = flint.acb(self.value(e.args[0]))
            value = (x / 2).exp() * (flint.acb(0, 1) * x / 2).sinc()
            return value.real if value.imag.is_zero() else value
        if isinstance(e, sp.Abs):
            return abs(self.value(e.args[0]))
        if isinstance(e, sp.re):
            x = self.value(e.args[0])
            return x.real if isinstance(x, flint.acb) else x
        if isinstance(e, sp.im):
            x = self.value(e.args[0])
            return x.imag if isinstance(x, flint.acb) else flint.arb(0)
        if isinstance(e, sp.conjugate):
            x = self.value(e.args[0])
            return x.conjugate() if isinstance(x, flint.acb) else x
        if isinstance(e, pow2_scale):
            largest = self.value(e.args[0])
            for a in e.args[1:]:
                v = self.value(a)
                if v > largest:
                    largest = v
                elif not v <= largest:
                    raise Undecidable(f"{e} at this point")
            return _pow2(largest)
        if isinstance(e, (sp.Max, sp.Min)):
            values = [self.value(a) for a in e.args]
            best = values[0]
            for v in values[1:]:
                if (v > best) if isinstance(e, sp.Max) else (v < best):
                    best = v
                elif not ((v <= best) if isinstance(e, sp.Max) else (v >= best)):
                    raise Undecidable(f"{e} at this point")
            return best
        if isinstance(e, sp.Piecewise):
            for k, (value, cond) in enumerate(e.args):
                if self.truth(cond):
                    self.arms.add((e, k))
                    return self.value(value)
            raise Undecidable(f"no arm of {e} holds")
        raise NotImplementedError(f"cannot evaluate {type(e).__name__}: {e}")

    def truth(self, cond: sp.Basic) -> bool:
        if cond is sp.true:
            return True
        if cond is sp.false:
            return False
        if isinstance(cond, sp.And):
            return all(self.truth(c) for c in cond.args)
        if isinstance(cond, sp.Or):
            return any(self.truth(c) for c in cond.args)
        if isinstance(cond, sp.Not):
            return not self.truth(cond.args[0])
        lhs, rhs = self.value(cond.lhs), self.value(cond.rhs)
        d = lhs - rhs
        if isinstance(cond, sp.Eq):
            if _is_zero(d):
                return True
            if _contains_zero(d):
                raise Undecidable(f"{cond} at this point")
            return False
        d = d.real if isinstance(d, flint.acb) else d
        if isinstance(cond, (sp.StrictLessThan, sp.LessThan)):
            d = -d
        strict = isinstance(cond, (sp.StrictLessThan, sp.StrictGreaterThan))
        if d > 0:
            return True
        if d < 0:
            return False
        if _is_zero(d):
            return not strict
        raise Undecidable(f"{cond} at this point")


def _is_zero(x: Any) -> bool:
    return bool(x.is_zero())


def _contains_zero(x: Any) -> bool:
    return bool(x.contains(0))


def _pow2(x: Any) -> flint.arb:
    """The power of two in (x/2, x] of the ball's midpoint (exact): what the kernels' frexp/ldexp compute."""
    x = x.real if isinstance(x, flint.acb) else x
    man, exp = x.mid().man_exp()
    man, exp = int(man), int(exp)
    if man <= 0:
        return flint.arb(1) / 2  # frexp(0) = (0, 0): ldexp(1, -1)
    return flint.arb(2) ** (exp + man.bit_length() - 1)


def evaluate(program: EvaluationProgram, output: sp.Expr, env: Mapping[sp.Symbol, Any],
             arms: set[tuple[sp.Piecewise, int]] | None = None) -> Any:
    """``output`` of ``program`` in balls at the inputs ``env`` (assignments evaluated in order).

    The arms of the Piecewise expressions taken are added to ``arms`` if given.
    """
    ev = BallEvaluator(env)
    for sym, rhs in program.needed([output]):
        ev.env[sym] = ev.value(rhs)
    value = ev.value(output)
    if arms is not None:
        arms |= ev.arms
    return value


#: Relative slack for programs that hold float64 constants (hbar, hbar c, 1/hbar, the quadrature
#: nodes, each within an ulp of the exact value it stands for): a few dozen ulp in all.
FLOAT_CONSTANTS_SLACK = Fraction(1, 10**14)


def float_constants(program: EvaluationProgram, output: sp.Expr) -> list[sp.Float]:
    """The float64 constants ``output`` of ``program`` depends on."""
    exprs = [rhs for _, rhs in program.needed([output])] + [output]
    return [n for e in exprs for n in sp.preorder_traversal(e) if isinstance(n, sp.Float)]


def _swap_hbar(e: sp.Expr) -> sp.Expr:
    """``e`` with the float64 hbar, hbar/2, 2 hbar and 1/hbar as the exact constants they round."""
    from .evolution import HBAR_EV_S

    exact = {sp.Float(float(k * HBAR_EV_S), 17): k * HBAR_EV_S for k in (sp.Rational(1, 2), 1, 2)}
    exact[sp.Float(float(1 / HBAR_EV_S), 17)] = 1 / HBAR_EV_S
    return e.replace(lambda q: isinstance(q, sp.Float) and q in exact, lambda q: exact[q])


def with_exact_hbar(program: EvaluationProgram) -> EvaluationProgram:
    """``program`` with its float64 hbar, hbar/2, 2 hbar and 1/hbar as the exact values they round.

    Those constants are proven within 2^-53 of the exact ones (:func:`.proofs.hbar_constant_defects`);
    with them exact, the grid compares the program with the exact form at no slack, however large
    the exponents t/hbar multiplies (a relative slack would have to grow with them).  A changed
    constant is no longer the rounding of the exact one and stays as it is.
    """
    swap = _swap_hbar
    assignments = tuple((s, swap(e)) for s, e in program.assignments)
    outputs = {k: swap(e) for k, e in program.outputs.items()}
    if assignments == program.assignments and outputs == program.outputs:
        return program
    return EvaluationProgram(assignments, outputs)


def grid_defects(result: Any, points: Any = GRID, times: Any = TIMES, *, bits: int = 300,
                 tolerance: Fraction | None = None, arms: set[tuple[sp.Piecewise, int]] | None = None) -> list[str]:
    """Where the result's program and its exact form disagree in balls on the grid (empty: none).

    ``tolerance`` is a relative slack; by default 0 for programs of exact numbers and
    :data:`FLOAT_CONSTANTS_SLACK` for programs holding float64 constants.
    """
    from .ball_forms import exact_ball, inputs_env

    original = result.program
    program = with_exact_hbar(original)
    # the arms taken are reported as the original program's Piecewise nodes
    renamed = {_swap_hbar(p): p for e in [*(rhs for _, rhs in original.assignments), *original.outputs.values()]
               for p in e.atoms(sp.Piecewise)}
    if tolerance is None:
        tolerance = FLOAT_CONSTANTS_SLACK if float_constants(program, result.evaluation) else Fraction(0)
    if program is not result.program:
        import dataclasses

        result = dataclasses.replace(result, derivation=dataclasses.replace(result.derivation, program=program))

    problems = []
    saved = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        for point in points:
            for t in (times if "t" in {str(a) for a in result.args} else (None,)):
                env = inputs_env(result, point, t)
                if env is None:
                    continue
                try:
                    taken: set[tuple[sp.Piecewise, int]] = set()
                    got = evaluate(result.program, result.evaluation, env, taken)
                    if arms is not None:
                        arms |= {(renamed.get(p, p), k) for p, k in taken}
                    want = exact_ball(result, point, t, env)
                except (Undecidable, ZeroDivisionError):
                    continue
                if want is None:
                    continue
                slack = abs(want) * _arb_of_number(sp.Rational(tolerance.numerator, tolerance.denominator))
                if not ((got - want).contains(0) or abs(got - want) < slack):
                    problems.append(f"{result.name} at {tuple(str(p) for p in point)}, t = {t}: program {got} vs exact {want}")
    finally:
        flint.ctx.prec = saved
    return problems
