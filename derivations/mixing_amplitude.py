"""The Majorana mixing amplitude of Eq. (1.6) from its particle, atomic and nuclear factors.

    M21 = m_bb* (G_F cos(theta_C)/sqrt 2)^2 <F21> g_A^2/(2 pi) M_0nu.

In natural units (hbar = c = 1) M21 is an energy, m_bb an energy and G_F an
inverse energy squared, so <F21> M_0nu carries energy^4: <F21> holds the two
electron densities at the nucleus (energy^3) and the neutrino-potential scale.
The package takes <F21> in energy^4 and M_0nu dimensionless, and cos(theta_C) = |V_ud|.
Where these factors are not known, the paper's 152Gd scaling |M21| = 1e-24 eV (m_bb/0.1 eV)
is used (see :mod:`atommix.nuclides`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from .eigensystem import EvaluationProgram

if TYPE_CHECKING:
    from .registry import Derivation

__all__ = ["mbb_abs", "G_F", "V_ud", "g_A", "F21", "M0nu", "ARGS", "form", "program", "LATEX_NAMES", "derivations"]

mbb_abs = sp.Symbol("mbb_abs", nonnegative=True)  # |m_bb|, eV
G_F = sp.Symbol("G_F", positive=True)  # eV^-2
V_ud = sp.Symbol("V_ud", positive=True)
g_A = sp.Symbol("g_A", positive=True)
F21 = sp.Symbol("F21", nonnegative=True)  # eV^4
M0nu = sp.Symbol("M0nu", real=True)

ARGS = (mbb_abs, G_F, V_ud, g_A, F21, M0nu)
LATEX_NAMES = {
    mbb_abs: r"|m_{\beta\beta}|",
    G_F: "G_F",
    V_ud: r"(\cos\theta_C)",
    g_A: "g_A",
    F21: r"\langle F_{21}\rangle",
    M0nu: r"M_{0\nu}",
}


def form() -> sp.Expr:
    """|M21| of Eq. (1.6) (the phase of M21 is minus that of m_bb)."""
    return mbb_abs * (G_F * V_ud / sp.sqrt(2)) ** 2 * F21 * g_A**2 / (2 * sp.pi) * sp.Abs(M0nu)


def program() -> EvaluationProgram:
    """The evaluation program: the product of Eq. (1.6) itself (no cancellation, no scale problem)."""
    return EvaluationProgram((), {"m21_from_mbb": form()})


def derivations() -> dict[str, Derivation]:
    """The registry's attachment of Eq. (1.6)."""
    from .registry import Derivation

    return {
        "m21_from_mbb": Derivation(
            form(), program(), ARGS,
            validity_text="leading order in the weak interaction (the paper's 'good approximation')",
        )
    }
