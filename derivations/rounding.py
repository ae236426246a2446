"""Generate the bounded kernels: the evaluation programs with a running error bound, step by step.

Each evaluation program of the registry is printed a second time, one float64 operation per
line, every line a call into :mod:`atommix.numeric.roundoff` that computes the operation as
the kernel does and a bound on its absolute error (real and imaginary parts apart).  The
inputs enter with absolute errors of their own (0 for inputs given as floats; the distance
of a typed decimal from its float64), so the bound covers the rounding of the inputs
amplified by the problem's conditioning (the square root next to the exceptional point, the
phases (E_L - E_S) t/hbar, the exponents Gamma t/hbar) as well as every rounding of the
evaluation.  Bound and value come from the same straight-line program, so they cannot drift
apart; a test regenerates the module and fails if the committed one is stale.

Operations the error model does not cover (a complex division, a non-integer power) make the
generator fail, so a program change that needs a new model cannot go unnoticed.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from .eigensystem import EvaluationProgram, pow2_scale
from .functions import phi1
from .registry import NUMPY_PRINTER_SETTINGS

__all__ = ["BoundPrinter", "bounded_function", "UnsupportedOperation"]


class UnsupportedOperation(NotImplementedError):
    """An operation of a program without an error model in :mod:`atommix.numeric.roundoff`."""


def _power_of_two(x: sp.Number) -> bool:
    if not x.is_Rational or x == 0:
        return False
    f = abs(Fraction(int(x.p), int(x.q)))
    num, den = f.numerator, f.denominator
    return (num & (num - 1)) == 0 and (den & (den - 1)) == 0


def _float_error(x: sp.Number) -> str:
    """The distance of the float64 of the constant ``x`` from ``x``, as source text (0 if exact)."""
    if x.is_Rational:
        f = Fraction(int(x.p), int(x.q))
        return "0.0" if Fraction(float(f)) == f else f"R.U * {abs(float(f))!r}"
    return f"R.U * {abs(float(x))!r}"  # a Float stands for a constant it rounds


class BoundPrinter:
    """Prints one program as calls into ``roundoff`` (module alias ``R``), memoizing subexpressions."""

    def __init__(self, inputs: list[sp.Symbol],
                 truncation: dict[sp.Symbol, tuple[int, tuple[sp.Expr, ...]]] | None = None) -> None:
        #: Piecewise assignments with an approximating arm: symbol -> (arm, (|k|, g, prefactor))
        self.truncation = truncation or {}
        self._current: sp.Symbol | None = None
        #: program symbols whose assignments are real expressions (their arithmetic is real)
        self.real_symbols: set[sp.Symbol] = set()
        self.lines: list[str] = []
        self.names: dict[sp.Basic, tuple[str, str]] = {s: (str(s), f"e_{s}") for s in inputs}
        self._count = 0
        self._scales: set[sp.Symbol] = set()
        self._printer = NumPyPrinter(NUMPY_PRINTER_SETTINGS)

    def _emit(self, call: str) -> tuple[str, str]:
        k = self._count
        self._count += 1
        v, e = f"v{k}", f"e{k}"
        self.lines.append(f"{v}, {e} = {call}")
        return v, e

    def _emit_value(self, call: str) -> str:
        k = self._count
        self._count += 1
        self.lines.append(f"b{k} = {call}")
        return f"b{k}"

    def assign(self, sym: sp.Symbol, expr: sp.Expr) -> None:
        if isinstance(expr, pow2_scale):
            self._scales.add(sym)
        self._current = sym
        self.names[sym] = self.visit(expr)
        self._current = None

    def visit(self, e: sp.Basic) -> tuple[str, str]:
        if e in self.names:
            return self.names[e]
        out = self._visit(e)
        self.names[e] = out
        return out

    def _visit(self, e: sp.Basic) -> tuple[str, str]:  # noqa: C901 - one case per operation
        if isinstance(e, sp.Symbol):
            raise UnsupportedOperation(f"symbol {e} used before its assignment")
        if e is sp.oo:
            return self._emit("R.const(numpy.inf, 0.0)")
        if e is sp.pi:
            return self._emit("R.const(numpy.pi, R.U * numpy.pi)")
        if e is sp.I:
            return self._emit("R.const(1j, 0.0)")
        if isinstance(e, sp.Number):
            return self._emit(f"R.const({float(e)!r}, {_float_error(e)})")
        if isinstance(e, sp.Add):
            return self._fold("add", e.args)
        if isinstance(e, sp.Mul):
            return self._mul(e)
        if isinstance(e, sp.Pow):
            return self._pow(e)
        if isinstance(e, sp.exp):
            arg = e.args[0]
            theta = sp.expand(arg / sp.I)
            if not theta.has(sp.I) and _is_real(theta, self.real_symbols):
                t = self.visit(theta)
                return self._emit(f"R.cis({t[0]}, {t[1]})")
            if _is_real(arg, self.real_symbols):
                a = self.visit(arg)
                return self._emit(f"R.exp({a[0]}, {a[1]})")
            raise UnsupportedOperation(f"no error model for exp of a complex argument: {e}")
        if isinstance(e, phi1):
            a = self.visit(e.args[0])
            return self._emit(f"R.phi1({a[0]}, {a[1]})")
        for cls, fn in ((sp.Abs, "absolute"), (sp.re, "real"), (sp.im, "imag"), (sp.conjugate, "conjugate")):
            if isinstance(e, cls):
                a = self.visit(e.args[0])
                return self._emit(f"R.{fn}({a[0]}, {a[1]})")
        if isinstance(e, pow2_scale):
            args = [self.visit(a) for a in e.args]
            largest = args[0][0]
            for a in args[1:]:
                largest = f"numpy.maximum({largest}, {a[0]})"
            # the scale is free (every identity holds for any sigma > 0): exact by definition
            return self._emit(f"R.const(numpy.ldexp(1.0, numpy.frexp({largest})[1] - 1), 0.0)")
        if isinstance(e, sp.Max):
            return self._fold("maximum", e.args)
        if isinstance(e, sp.Piecewise):
            arms = [self.visit(value) for value, _ in e.args]
            if self._current in self.truncation:  # an arm that approximates: add its truncation bound
                k, (k_abs, g, prefactor) = self.truncation[self._current]
                from .evolution import QUADRATURE_NODES

                bound = self._emit_value(f"R.gauss_legendre_truncation({QUADRATURE_NODES}, {self.visit(k_abs)[0]}, "
                                         f"{self.visit(g)[0]}, {self.visit(prefactor)[0]})")
                arms[k] = self._emit(f"R.widen({arms[k][0]}, {arms[k][1]}, {bound})")
            conds = [self._condition(cond) for _, cond in e.args]
            return self._emit(f"R.select([{', '.join(conds)}], [{', '.join(f'({v}, {x})' for v, x in arms)}])")
        raise UnsupportedOperation(f"no error model for {type(e).__name__}: {e}")

    def _condition(self, cond: sp.Basic) -> str:
        if cond is sp.true:
            return "True"
        # computed subexpressions (im(w), |s|) by their values first, then the symbols
        nodes = {n: sp.Symbol(self.visit(n)[0]) for n in sp.preorder_traversal(cond)
                 if isinstance(n, (sp.re, sp.im, sp.Abs))}
        cond = cond.xreplace(nodes)
        return self._printer.doprint(cond.xreplace({s: sp.Symbol(self.visit(s)[0]) for s in cond.free_symbols
                                                    if s in self.names}))

    def _fold(self, op: str, args: tuple[sp.Expr, ...]) -> tuple[str, str]:
        """``R.op`` applied left to right over ``args``, as the kernel evaluates them."""
        acc = self.visit(args[0])
        for a in args[1:]:
            b = self.visit(a)
            acc = self._emit(f"R.{op}({acc[0]}, {acc[1]}, {b[0]}, {b[1]})")
        return acc

    def _mul(self, e: sp.Mul) -> tuple[str, str]:
        coeff, rest = e.as_coeff_Mul()
        factors = list(sp.Mul.make_args(rest))
        imaginary = sp.I in factors
        if imaginary:
            factors.remove(sp.I)
        numer = [f for f in factors if not (isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp < 0)]
        denom = [f.base ** (-f.exp) for f in factors if f not in numer]
        exact_scale = _power_of_two(coeff) or coeff == 1
        acc: tuple[str, str] | None = None
        if not exact_scale:
            acc = self.visit(coeff)
        for f in numer:
            b = self.visit(f)
            acc = b if acc is None else self._emit(f"R.mul({acc[0]}, {acc[1]}, {b[0]}, {b[1]})")
        if acc is None:
            acc = self._emit("R.const(1.0, 0.0)")
        if denom:
            scale = [f for f in denom if f in self._scales]
            if len(denom) == 1 and scale:  # by the power-of-two scale: exact but for underflow
                acc = self._emit(f"R.div_pow2({acc[0]}, {acc[1]}, {self.visit(scale[0])[0]})")
            else:
                d = self.visit(sp.Mul(*denom))
                acc = self._emit(f"R.div({acc[0]}, {acc[1]}, {d[0]}, {d[1]})")
        c = float(coeff) if exact_scale else 1.0
        if imaginary:
            return self._emit(f"R.times_i({acc[0]}, {acc[1]}, {c!r})")
        if c != 1.0:
            return self._emit(f"R.scale({acc[0]}, {acc[1]}, {c!r})")
        return acc

    def _pow(self, e: sp.Pow) -> tuple[str, str]:
        base, n = e.base, e.exp
        if n == sp.Rational(1, 2):
            a = self.visit(base)
            return self._emit(f"R.sqrt({a[0]}, {a[1]})")
        if n.is_Integer and n > 0:
            a = self.visit(base)
            acc = a
            for _ in range(int(n) - 1):
                acc = self._emit(f"R.mul({acc[0]}, {acc[1]}, {a[0]}, {a[1]})")
            return acc
        if n.is_Integer and n < 0:
            d = self.visit(base ** (-n))
            return self._emit(f"R.div(1.0, 0.0, {d[0]}, {d[1]})")
        raise UnsupportedOperation(f"no error model for the power {e}")


def _is_real(e: sp.Basic, real_symbols: frozenset[sp.Symbol] | set[sp.Symbol] = frozenset()) -> bool:
    """Whether ``e`` is real-valued by its structure (real symbols, re/im/Abs, real arithmetic);
    ``real_symbols`` are program symbols whose assignments are real though SymPy cannot tell."""
    if isinstance(e, sp.Symbol):
        return bool(e.is_extended_real) or e in real_symbols
    if isinstance(e, sp.Number):
        return bool(e.is_extended_real)
    if e is sp.pi or isinstance(e, (sp.re, sp.im, sp.Abs, pow2_scale)):
        return True
    if isinstance(e, (sp.Add, sp.Mul, sp.Max, sp.Min)):
        return all(_is_real(a, real_symbols) for a in e.args)
    if isinstance(e, sp.Pow):
        return _is_real(e.base, real_symbols) and e.exp.is_Integer
    if isinstance(e, (sp.exp, phi1)):
        return _is_real(e.args[0], real_symbols)
    if isinstance(e, sp.Piecewise):
        return all(_is_real(v, real_symbols) for v, _ in e.args)
    return False


def bounded_function(program: EvaluationProgram, outputs: list[tuple[str, sp.Expr]], name: str,
                     inputs: list[sp.Symbol], doc: str,
                     truncation: dict[sp.Symbol, tuple[int, tuple[sp.Expr, ...]]] | None = None) -> str:
    """Source of ``name(*inputs, *input_errors)`` returning (values, relative bounds) of ``outputs``.

    ``truncation`` names the Piecewise assignments with an arm that approximates (the quadrature
    of P_gs) and what bounds that approximation.
    """
    printer = BoundPrinter(inputs, truncation)
    needed = program.needed([expr for _, expr in outputs])
    for sym, rhs in needed:
        if _is_real(rhs, printer.real_symbols):
            printer.real_symbols.add(sym)
        printer.assign(sym, rhs)
    results = [printer.visit(expr) for _, expr in outputs]
    args = ", ".join([str(s) for s in inputs] + [f"e_{s}=0.0" for s in inputs])
    names = ", ".join(str(s) for s in inputs)
    errors = ", ".join(f"e_{s}" for s in inputs)
    # one shape for every operand, so that conditions combine elementwise
    body = [f"    {names}, {errors} = numpy.broadcast_arrays({names}, {errors})"]
    body += ["    " + line for line in printer.lines]
    values = ", ".join(v for v, _ in results)
    bounds = ", ".join(f"R.relative({v}, {e})" for v, e in results)
    return (
        f"def {name}({args}):\n"
        f'    """{doc}"""\n'
        + "\n".join(body)
        + f"\n    return ({values},), ({bounds},)\n"
    )
