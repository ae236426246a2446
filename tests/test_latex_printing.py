"""The paper printer: physics order, Re/Im, |M21|, coefficients in front, inline exponents."""

from __future__ import annotations

import sympy as sp

from atommix.derivations import evolution as ev
from atommix.derivations.printing import Frac, InOrder, PaperLatexPrinter, Power, Spaced, paper_latex, plain
from atommix.derivations.symbols import LATEX_NAMES, M21, delta, gamma

NAMES = LATEX_NAMES | ev.EIGEN_SYMBOL_LATEX | {sp.Symbol("m21", nonnegative=True): "|M_{21}|"}
t, hbar = ev.t, ev.hbar
z, s = sp.symbols("z z_s")
mixing = sp.Symbol("mixing", nonnegative=True)


def tex(expr: sp.Expr, **settings: object) -> str:
    names = NAMES | {z: "z", s: "s", mixing: r"|\alpha|^2"}
    return PaperLatexPrinter({"symbol_names": names, **settings}).doprint(expr)


def test_terms_in_physics_order():
    assert tex(2 - gamma * t / hbar) == r"2 - \frac{\Gamma t}{\hbar}"
    assert tex((ev.G_S - ev.G_L) ** 2) == r"\left(\Gamma_S - \Gamma_L\right)^{2}"
    ring = 1 + sp.exp(-gamma * t / hbar) - 2 * sp.exp(-gamma * t / (2 * hbar)) * sp.cos(delta * t / hbar)
    assert tex(ring) == r"1 + e^{- \Gamma t/\hbar} - 2 e^{- \Gamma t/2 \hbar} \cos(\Delta t/\hbar)"


def test_coefficients_in_front_never_stacked_in_a_denominator():
    assert tex(delta + sp.I * gamma / 2) == r"\Delta + \frac{i}{2} \Gamma"
    out = tex(sp.Abs(M21) ** 2 / (delta**2 + gamma**2 / 4))
    assert out == r"\frac{|M_{21}|^{2}}{\Delta^{2} + \frac{1}{4} \Gamma^{2}}" and r"\frac{\Gamma^{2}}{4}" not in out
    assert tex((s - z) / 2) == r"\frac{1}{2} \left(s - z\right)"
    assert tex(-(z + s) / 2) == r"- \frac{1}{2} \left(z + s\right)"


def test_re_im_and_moduli():
    assert tex(sp.re(ev.lam_L, evaluate=False)) == r"\operatorname{Re} \lambda_L"
    assert tex(-2 * sp.im(ev.lam_L, evaluate=False)) == r"- 2 \operatorname{Im} \lambda_L"
    assert tex(sp.im(ev.lam_L, evaluate=False), macros=True) == r"\amxIm \lambda_L"
    assert tex(sp.I * delta, macros=True) == r"\amxi \Delta"
    assert tex(sp.Abs(M21)) == "|M_{21}|" and tex(4 * sp.Abs(M21) ** 2 / sp.Abs(z + s) ** 2) == r"\frac{4 |M_{21}|^{2}}{|z + s|^{2}}"
    assert tex(sp.conjugate(z) ** 3) == "z^{*3}"
    assert "re(" not in tex(sp.re(M21 / z, evaluate=False)) and r"\operatorname{re}" not in tex(sp.re(z, evaluate=False))


def test_products_and_fractions_as_the_paper_writes_them():
    # factors written after the fraction: the braces of Eq. (3.1)
    out = tex(sp.Abs(M21) ** 2 / sp.Abs(s) ** 2 * (sp.exp(-ev.G_L * t / hbar) + sp.exp(-ev.G_S * t / hbar)))
    assert out.startswith(r"\frac{|M_{21}|^{2}}{|s|^{2}} \left(")
    assert tex((1 - sp.exp(-ev.G_L * t / hbar)) / ev.G_L) == r"\frac{1 - e^{- \Gamma_L t/\hbar}}{\Gamma_L}"
    assert tex(mixing * gamma * t / hbar, leading=(mixing,)) == r"\frac{|\alpha|^2 \Gamma t}{\hbar}"
    assert tex(mixing**2 * gamma, leading=(mixing,)) == r"|\alpha|^{4} \Gamma"  # (|alpha|^2)^2 written |alpha|^4
    assert tex(-sp.I * M21 * gamma / (delta**2 + gamma**2 / 4)) == r"- i \frac{M_{21} \Gamma}{\Delta^{2} + \frac{1}{4} \Gamma^{2}}"


def test_inline_form_for_running_text():
    printer = PaperLatexPrinter({"symbol_names": NAMES | {z: "z"}})
    assert printer.inline(-M21 * sp.Abs(M21) ** 2 / z**3) == r"- M_{21} |M_{21}|^{2}/z^{3}"
    assert printer.inline(delta + sp.I * gamma / 2) == r"\Delta + i \Gamma/2"


def test_unevaluated_nodes_print_in_order_and_stand_for_their_value():
    a, b, c = sp.symbols("a b c", positive=True)
    node = InOrder(c, Power(Frac(a, sp.sqrt(2)), 2, sp.false), Frac(b**2, 2 * sp.pi), Power(a, -1, sp.true))
    assert paper_latex(node) == r"c \left(\frac{a}{\sqrt{2}}\right)^{2} \frac{b^{2}}{2 \pi} \left[a\right]^{-1}"
    assert paper_latex(Spaced(a, b)) == r"a \, b"
    assert sp.simplify(plain(node) - c * a**2 / 2 * b**2 / (2 * sp.pi) / a) == 0
    assert sp.simplify(node.doit() - plain(node)) == 0
