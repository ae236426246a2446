"""The effective Majorana mass of Eq. (1.4), m_bb = |sum_i U_ei^2 m_i|, and its band over the Majorana phases.

With |U_e1|^2 = c12^2 c13^2, |U_e2|^2 = s12^2 c13^2, |U_e3|^2 = s13^2 and the phases
alpha21, alpha31 (the Dirac phase absorbed into alpha31):

    m_bb = |a + b e^{i alpha21} + c e^{i alpha31}|,  a = |U_e1|^2 m1, b = |U_e2|^2 m2, c = |U_e3|^2 m3.

Over all phases it spans [max(0, 2 max(a, b, c) - (a + b + c)), a + b + c]: the
largest modulus is reached with all three in phase, and the sum of three
complex numbers of given moduli can vanish exactly when each is at most the sum
of the other two (triangle inequality), else it is at least the excess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from .eigensystem import EvaluationProgram

if TYPE_CHECKING:
    from .registry import Derivation

__all__ = ["m1", "m2", "m3", "sin2_12", "sin2_13", "alpha21", "alpha31", "MBB_ARGS", "BAND_ARGS", "forms", "program", "band_defects", "derivations"]

m1, m2, m3 = sp.symbols("m1 m2 m3", nonnegative=True)
sin2_12, sin2_13 = sp.symbols("sin2_12 sin2_13", nonnegative=True)
alpha21, alpha31 = sp.symbols("alpha21 alpha31", real=True)

#: Argument order of the m_bb kernel and of the band kernels.
MBB_ARGS = (m1, m2, m3, sin2_12, sin2_13, alpha21, alpha31)
BAND_ARGS = MBB_ARGS[:5]

LATEX_NAMES = {
    m1: "m_1",
    m2: "m_2",
    m3: "m_3",
    sin2_12: r"s_{12}^2",
    sin2_13: r"s_{13}^2",
    alpha21: r"\alpha_{21}",
    alpha31: r"\alpha_{31}",
}

_a, _b, _c = sp.symbols("a b c", nonnegative=True)


def _terms() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    return (1 - sin2_12) * (1 - sin2_13) * m1, sin2_12 * (1 - sin2_13) * m2, sin2_13 * m3


def forms() -> dict[str, sp.Expr]:
    """m_bb (Eq. 1.4) and the edges of its band, in presentation form."""
    a, b, c = _terms()
    # unevaluated: SymPy would expand |.| into the square root of a long sum
    return {
        "mbb": sp.Abs(a + b * sp.exp(sp.I * alpha21) + c * sp.exp(sp.I * alpha31), evaluate=False),
        "mbb_max": a + b + c,
        "mbb_min": sp.Max(0, 2 * sp.Max(a, b, c, evaluate=False) - (a + b + c), evaluate=False),
    }


def program() -> EvaluationProgram:
    """Evaluation form; at most one of a - b - c, b - a - c, c - a - b is positive, so no Max is needed."""
    a, b, c = _terms()
    lower = sp.Piecewise(
        (_a - _b - _c, _a - _b - _c > 0),
        (_b - _a - _c, _b - _a - _c > 0),
        (_c - _a - _b, _c - _a - _b > 0),
        (0, True),
    )
    total = sp.Symbol("sum_U2m")  # complex: |.| prints as numpy.abs, not as sqrt of an expanded square
    return EvaluationProgram(
        ((_a, a), (_b, b), (_c, c), (total, _a + _b * sp.exp(sp.I * alpha21) + _c * sp.exp(sp.I * alpha31))),
        {
            "mbb": sp.Abs(total),
            "mbb_max": _a + _b + _c,
            "mbb_min": lower,
        },
    )


def band_defects() -> dict[str, sp.Expr]:
    """Checks of the band: the in-phase value is the maximum, and the lower edge is attained.

    With the largest term a >= b + c, phases alpha21 = alpha31 = pi give a - b - c;
    with a < b + c the three moduli close a triangle, and the phases of its sides give 0
    (the law of cosines fixes them; here verified through |sum|^2 = 0).
    """
    a, b, c = _a, _b, _c
    total = lambda p21, p31: a + b * sp.exp(sp.I * p21) + c * sp.exp(sp.I * p31)  # noqa: E731
    in_phase = sp.simplify(sp.Abs(total(0, 0)) - (a + b + c))
    anti = sp.simplify(sp.Abs(total(sp.pi, sp.pi)) ** 2 - (a - b - c) ** 2)
    # triangle: angles from the law of cosines between a and b, a and c
    cos_b = (c**2 - a**2 - b**2) / (2 * a * b)
    cos_c = (b**2 - a**2 - c**2) / (2 * a * c)
    sin_b = sp.sqrt(1 - cos_b**2)
    sin_c = -sp.sqrt(1 - cos_c**2)
    closed = a + b * (cos_b + sp.I * sin_b) + c * (cos_c + sp.I * sin_c)
    closure = sp.simplify(sp.expand(sp.re(closed) ** 2 + sp.im(closed) ** 2).subs({a: 3, b: 4, c: 5}))
    return {"in_phase": in_phase, "anti_phase": anti, "triangle_3_4_5": closure}


def derivations() -> dict[str, Derivation]:
    """The registry's attachments of Eq. (1.4): m_bb and the edges of its band."""
    from .registry import Derivation

    exact, prog = forms(), program()
    args = {"mbb": MBB_ARGS, "mbb_max": BAND_ARGS, "mbb_min": BAND_ARGS}
    return {
        name: Derivation(exact[name], prog, args[name], validity_text="exact (three light Majorana neutrinos)")
        for name in exact
    }
