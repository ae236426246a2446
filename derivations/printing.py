"""A LaTeX printer that writes the derivations as a physics paper does.

SymPy's own :class:`~sympy.printing.latex.LatexPrinter` prints what an expression
*is*; a paper also chooses how to *read* it.  :class:`PaperLatexPrinter` changes
only the typesetting, never the expression:

- terms in physics order: positive terms before negative ones and numbers
  first, so ``2 - Gamma t/hbar`` and ``Gamma_S - Gamma_L``, not ``-Gamma t/hbar + 2``;
- rational coefficients in front, as in the paper's ``Delta + (i/2) Gamma`` and
  ``Delta^2 + (1/4) Gamma^2`` (no ``Gamma^2/4`` stacked inside a denominator), and
  a common factor of a sum kept outside it, ``(1/2)(s - z)``;
- sums and exponentials that multiply a fraction written after it,
  ``|M21|^2/|s|^2 (...)``, not inside its numerator;
- exponents and arguments of cos written inline, ``e^{-Gamma t/2 hbar}``;
- ``Re``/``Im`` as upright operators, ``|M21|`` with plain bars, conjugates as ``z^*``.

The product, fraction and power in the order they are written (the paper's
``hbar (hbar c)^2 pi^2/(hbar omega)^3 ...`` of Eq. 4.5) are held by the unevaluated
nodes :class:`InOrder`, :class:`Frac` and :class:`Power`; ``doit()`` turns them into
the ordinary SymPy expression they stand for.

With ``macros=True`` the imaginary unit and Re/Im are printed as the macros of
``atommix.sty`` (``\\amxi``, ``\\amxRe``, ``\\amxIm``), so a paper restyles them in one place.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

__all__ = ["PaperLatexPrinter", "paper_latex", "InOrder", "Spaced", "Frac", "Power", "plain", "MACROS"]

#: The macros the printer emits with ``macros=True`` and what they stand for (defined in atommix.sty).
MACROS = {r"\amxi": "i", r"\amxRe": r"\operatorname{Re}", r"\amxIm": r"\operatorname{Im}"}


class InOrder(sp.Function):
    """A product printed factor by factor in the order given (``doit()``: the product)."""

    is_commutative = True

    def value(self) -> sp.Expr:
        """The product itself."""
        return sp.Mul(*self.args)

    def doit(self, **hints: Any) -> sp.Expr:
        return self.func(*(a.doit(**hints) for a in self.args)).value()

    def _latex(self, printer: PaperLatexPrinter) -> str:
        return printer._print_factors(list(self.args))


class Spaced(InOrder):
    """:class:`InOrder` with a thin space between the factors, for symbols that are words: N P_g.s.(t_0)."""

    def _latex(self, printer: PaperLatexPrinter) -> str:
        return printer._print_factors(list(self.args), r" \,")


class Frac(sp.Function):
    """``num/den`` printed as ``\\frac{num}{den}`` exactly as given (``doit()``: the quotient)."""

    nargs = 2
    is_commutative = True

    def value(self) -> sp.Expr:
        """The quotient itself."""
        num, den = self.args
        return num / den

    def doit(self, **hints: Any) -> sp.Expr:
        return self.func(*(a.doit(**hints) for a in self.args)).value()

    def _latex(self, printer: PaperLatexPrinter) -> str:
        num, den = (printer._print(a) for a in self.args)
        return rf"\frac{{{num}}}{{{den}}}"


class Power(sp.Function):
    """``base**exp`` with the base kept whole, in parentheses or, with ``square`` true, brackets."""

    nargs = 3
    is_commutative = True

    def value(self) -> sp.Expr:
        """The power itself."""
        base, exp, _ = self.args
        return base**exp

    def doit(self, **hints: Any) -> sp.Expr:
        return self.func(*(a.doit(**hints) for a in self.args)).value()

    def _latex(self, printer: PaperLatexPrinter) -> str:
        base, exp, square = self.args
        left, right = (r"\left[", r"\right]") if square else (r"\left(", r"\right)")
        return rf"{left}{printer._print(base)}{right}^{{{printer._print(exp)}}}"


_TIME_FUNCTIONS = (sp.exp, sp.cos, sp.sin, sp.re, sp.im)


def _is_trailing(factor: sp.Expr) -> bool:
    """Factors a paper writes after a fraction, not inside its numerator: exponentials, and
    brackets holding them (the braces of Eq. 3.1)."""
    if isinstance(factor, (sp.exp, sp.cos, sp.sin, InOrder)) or (factor.is_Pow and isinstance(factor.base, sp.exp)):
        return True
    return factor.is_Add and factor.has(*_TIME_FUNCTIONS)


def _factor_rank(factor: sp.Expr, leading: tuple[sp.Expr, ...] = ()) -> tuple[int, int]:
    """Order of the factors of a product: i, the ``leading`` factors in their order, complex amplitudes
    (M21, alpha), moduli and conjugates, the rest; then sums; exponentials before cosines (the paper's
    2 e^{-Gamma t/2} cos(Delta t))."""
    base = factor.base if factor.is_Pow else factor
    if base in leading:
        return 1, leading.index(base)
    return _rank(factor, base), 0


def _rank(factor: sp.Expr, base: sp.Expr) -> int:
    if factor is sp.I:
        return 0
    if base.is_Symbol and base.is_real is not True:
        return 2
    if isinstance(base, (sp.Abs, sp.conjugate)):
        return 3
    if factor.is_Add:
        return 5
    if isinstance(base, sp.exp):
        return 6
    if isinstance(base, (sp.cos, sp.sin)):
        return 7
    return 4


class PaperLatexPrinter(LatexPrinter):
    """LaTeX in the typesetting of a physics paper (see the module docstring).

    Settings beyond SymPy's: ``macros`` (bool) prints the imaginary unit and Re/Im as
    the macros of ``atommix.sty``; ``leading`` (tuple of expressions) are written first in a
    product, in that order (``|alpha|^2 Gamma t``, not ``Gamma |alpha|^2 t``).
    """

    printmethod = "_latex"
    _default_settings: dict[str, Any] = {**LatexPrinter._default_settings, "macros": False, "leading": ()}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self._inline = 0  # > 0 inside exponents and function arguments: fractions as a/b
        # sympy's I prints itself from this setting
        self._settings["imaginary_unit_latex"] = self._macro(r"\amxi")

    def inline(self, expr: sp.Expr) -> str:
        """``expr`` for running text: fractions as a/b, plain bars and brackets (the paper's |M21|^2 t^2)."""
        return self._inline_print(expr)

    def _rank(self, factor: sp.Expr) -> tuple[int, int]:
        return _factor_rank(factor, tuple(self._settings["leading"]))

    def _inline_rank(self, factor: sp.Expr) -> tuple[int, int]:
        """Inline, a bracket comes right after the leading factors: (E_L - E_S) t/hbar, |alpha|^4 (...)/(...)."""
        rank = self._rank(factor)
        if rank[0] <= 1:
            return rank
        return (2, 0) if factor.is_Add else (3, rank[0])

    # -- names -------------------------------------------------------------------------------
    def _macro(self, name: str) -> str:
        return name if self._settings["macros"] else MACROS[name]

    # -- sums ---------------------------------------------------------------------------------
    def _factored(self, expr: sp.Expr) -> sp.Expr | None:
        """A sum whose every term has a fractional coefficient, as the unevaluated (1/q) x (...)."""
        if self._inline:
            return None
        content, rest = expr.primitive()
        fractional = all(sp.Rational(t.as_coeff_Mul()[0]).q != 1 for t in expr.args if t.as_coeff_Mul()[0].is_Rational)
        if not (fractional and content.is_Rational and content.q != 1):
            return None
        if rest.is_Add and all(t.could_extract_minus_sign() for t in rest.args):  # -(z + s)/2
            return sp.Mul(-content, -rest, evaluate=False)
        return sp.Mul(content, rest, evaluate=False)

    def add_terms(self, expr: sp.Expr) -> list[tuple[str, str]]:
        """(sign, LaTeX) of the terms of a sum in the order printed, the first sign empty.

        Physics order: what is added before what is subtracted, numbers first, otherwise the
        order written (an unevaluated sum keeps it; an evaluated one has SymPy's canonical order).
        """
        terms = sorted(expr.args, key=lambda t: (t.could_extract_minus_sign(), not t.is_number))
        out = []
        for i, term in enumerate(terms):
            sign = ""
            if i > 0:
                sign = "-" if term.could_extract_minus_sign() else "+"
                term = -term if sign == "-" else term
            tex = self._print(term)
            if self._needs_add_brackets(term):
                tex = rf"\left({tex}\right)"
            out.append((sign, tex))
        return out

    def _print_Add(self, expr: sp.Expr, order: str | None = None) -> str:
        factored = self._factored(expr)
        if factored is not None:
            # (s - z)/2 is stored as s/2 - z/2; the paper keeps the factor outside: (1/2)(s - z)
            return self._print(factored)
        return "".join(f" {sign} {tex}" if sign else tex for sign, tex in self.add_terms(expr))

    # -- products -----------------------------------------------------------------------------
    def _print_factors(self, factors: list[sp.Expr], separator: str = "") -> str:
        """Factors side by side, each bracketed where a product needs it."""
        out = []
        for i, f in enumerate(factors):
            tex = self._print(f)
            if self._needs_mul_brackets(f, first=(i == 0), last=(i == len(factors) - 1)):
                tex = rf"\left({tex}\right)" if not self._inline else f"({tex})"
            out.append(tex)
        return f"{separator} ".join(out)

    def _split_product(self, expr: sp.Expr) -> tuple[sp.Rational, list[sp.Expr], list[sp.Expr], list[sp.Expr]]:
        """coefficient, leading numerator factors, trailing factors (sums, exponentials), denominator."""
        coeff, rest = expr.as_coeff_Mul()
        coeff = sp.Rational(coeff) if coeff.is_Rational else coeff
        lead: list[sp.Expr] = []
        trail: list[sp.Expr] = []
        den: list[sp.Expr] = []
        for f in sp.Mul.make_args(rest):
            if f.is_Pow and f.exp.is_Rational and f.exp.is_negative:
                den.append(f.base if f.exp == -1 else sp.Pow(f.base, -f.exp))
            elif f.is_Rational:  # an unevaluated Mul may hold more than one number
                coeff *= f
            else:
                (trail if _is_trailing(f) else lead).append(f)
        if isinstance(coeff, sp.Float) or not coeff.is_Rational:
            lead.insert(0, coeff)
            coeff = sp.Integer(1)
        lead.sort(key=self._rank)
        trail.sort(key=self._rank)
        den.sort(key=self._rank)
        if not lead and len([f for f in trail if f.is_Add]) == 1 and den:
            # a lone sum over a denominator is the numerator: (1 - e^{-x})/Gamma_S, not (1/Gamma_S)(1 - e^{-x})
            lead = [f for f in trail if f.is_Add]
            trail = [f for f in trail if not f.is_Add]
        return coeff, lead, trail, den

    def _print_Mul(self, expr: sp.Expr) -> str:
        if expr.could_extract_minus_sign():
            inner = self._print(sp.Mul(-1, expr) if expr.is_commutative else -expr)
            return "- " + (rf"\left({inner}\right)" if (-expr).is_Add else inner)
        coeff, lead, trail, den = self._split_product(expr)
        p, q = coeff.p, coeff.q
        imag = [f for f in lead if f is sp.I]
        lead = [f for f in lead if f is not sp.I]
        if self._inline:
            return self._print_inline_product(p, q, imag + sorted(lead + trail, key=self._inline_rank), den)
        unit = self._macro(r"\amxi") if imag else ""
        num_parts = ([str(p)] if p != 1 else []) + ([self._print_factors(lead)] if lead else [])
        trail_tex = self._print_factors(trail) if trail else ""
        if not den and q == 1:
            parts = [str(p)] if p != 1 else []
            return " ".join(parts + [unit] * bool(unit) + ([self._print_factors(lead + trail)] if lead or trail else [])) or "1"
        if not den:
            # (1/4) Gamma^2, (i/2) Gamma, (1/2)(s - z): the number in front, as in the paper
            numer = f"{p if p != 1 or not unit else ''}{unit}" if unit else str(p)
            rest = self._print_factors(lead + trail) if lead or trail else ""
            return rf"\frac{{{numer}}}{{{q}}}" + (f" {rest}" if rest else "")
        if len(lead) == 1 and lead[0].is_Add:  # a sum alone in the numerator needs no brackets
            num_parts = ([str(p)] if p != 1 else []) + [self._print(lead[0])]
            if p != 1:
                num_parts[1] = rf"\left({num_parts[1]}\right)"
        numer = " ".join(num_parts) or "1"
        several = len(den) + (q != 1) > 1
        denom = " ".join(([str(q)] if q != 1 else []) + [self._print_den_factor(d, several) for d in den])
        frac = rf"\frac{{{numer}}}{{{denom}}}"
        return " ".join(x for x in (unit, frac, trail_tex) if x)

    def _print_den_factor(self, factor: sp.Expr, several: bool) -> str:
        tex = self._print(factor)
        return rf"\left({tex}\right)" if several and factor.is_Add else tex

    def _print_inline_product(self, p: int, q: int, num: list[sp.Expr], den: list[sp.Expr]) -> str:
        """``a b/c d`` for exponents and arguments: the paper's e^{-Gamma t/2 hbar}."""
        num_tex = " ".join(([str(p)] if p != 1 or not num else []) + [self._paren_inline(f) for f in num])
        if not den and q == 1:
            return num_tex
        den_tex = " ".join(([str(q)] if q != 1 else []) + [self._paren_inline(f) for f in den])
        if len(den) + (q != 1) > 1 and any(f.is_Add for f in den):
            den_tex = rf"({den_tex})"
        return f"{num_tex}/{den_tex}"

    def _paren_inline(self, factor: sp.Expr) -> str:
        tex = self._print(factor)
        return f"({tex})" if factor.is_Add else tex

    def _print_Pow(self, expr: sp.Expr) -> str:
        if expr.exp.is_Rational and expr.exp.is_negative:
            return self._print_Mul(expr)
        if isinstance(expr.base, sp.conjugate) and expr.exp.is_Integer and expr.base.args[0].is_Symbol:
            return rf"{self._print(expr.base.args[0])}^{{*{self._print(expr.exp)}}}"
        if isinstance(expr.base, sp.exp):
            return self._print(sp.exp(expr.base.args[0] * expr.exp, evaluate=False))
        if expr.base.is_Symbol and expr.exp.is_Integer:
            # a symbol written as a square, |alpha|^2 or c_{12}^2: its square is |alpha|^4, not (|alpha|^2)^2
            name = self._print(expr.base)
            if name.endswith("^2"):
                return f"{name[:-1]}{{{2 * int(expr.exp)}}}"
        return super()._print_Pow(expr)

    # -- functions ----------------------------------------------------------------------------
    def _inline_print(self, expr: sp.Expr) -> str:
        self._inline += 1
        try:
            return self._print(expr)
        finally:
            self._inline -= 1

    def _print_ExpBase(self, expr: sp.Expr, exp: str | None = None) -> str:
        tex = rf"e^{{{self._inline_print(expr.args[0])}}}"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _print_cos(self, expr: sp.Expr, exp: str | None = None) -> str:
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\cos{power}({self._inline_print(expr.args[0])})"

    def _tall(self, tex: str) -> bool:
        """Whether bars around ``tex`` must grow with it: fractions, roots, exponentials (not z^{*})."""
        return any(cmd in tex for cmd in (r"\frac", r"\sqrt", r"\sum", r"\left", "e^{"))

    def _print_Abs(self, expr: sp.Expr, exp: str | None = None) -> str:
        inner = self._print(expr.args[0])
        tex = rf"\left|{inner}\right|" if self._tall(inner) and not self._inline else f"|{inner}|"
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _print_conjugate(self, expr: sp.Expr, exp: str | None = None) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        tex = f"{inner}^{{*}}" if arg.is_Symbol else rf"\left({inner}\right)^{{*}}"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _print_part(self, macro: str, expr: sp.Expr, exp: str | None) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        # Re lambda_L, Im 1/z^3, Re (a/b): a symbol or a fraction needs no brackets
        bare = arg.is_Symbol or (inner.startswith(r"\frac") and not arg.could_extract_minus_sign())
        if bare:
            tex = f"{self._macro(macro)} {inner}"
        else:
            tex = f"{self._macro(macro)}({inner})" if self._inline else rf"{self._macro(macro)}\left({inner}\right)"
        return tex if exp is None else rf"\left[{tex}\right]^{{{exp}}}"

    def _print_re(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._print_part(r"\amxRe", expr, exp)

    def _print_im(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._print_part(r"\amxIm", expr, exp)

    def _print_Max(self, expr: sp.Expr, exp: str | None = None) -> str:
        # Max keeps its arguments as a set: numbers first, then in the order of their LaTeX
        args = sorted(((a, self._print(a)) for a in expr.args), key=lambda a: (not a[0].is_number, a[1]))
        tex = rf"\max\left({', '.join(tex for _, tex in args)}\right)"
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return self._settings["symbol_names"].get(expr) or super()._print_Symbol(expr, style)

    def parenthesize(self, item: sp.Expr, level: int, is_neg: bool = False, strict: bool = False) -> str:
        # a conjugate or |.| already delimits itself: z^{*3}, |alpha|^2
        if isinstance(item, (sp.Abs, sp.conjugate)) and level == PRECEDENCE["Pow"]:
            return self._print(item)
        return super().parenthesize(item, level, is_neg, strict)


def plain(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every :class:`InOrder`, :class:`Frac` and :class:`Power` replaced by what it stands for
    (nothing else is evaluated)."""
    return expr.replace(lambda e: isinstance(e, (InOrder, Frac, Power)), lambda e: e.value())


def paper_latex(expr: sp.Expr, symbol_names: dict[sp.Symbol, str] | None = None, *, macros: bool = False) -> str:
    """LaTeX of ``expr`` in the paper's typesetting (see :class:`PaperLatexPrinter`)."""
    return PaperLatexPrinter({"symbol_names": symbol_names or {}, "macros": macros}).doprint(expr)
