"""Symbols of the two-state problem, with the assumptions the physics allows.

All energies are measured from the parent mass ``M1`` (the package's one
internal convention, DESIGN.md): the parent level sits at zero and the
two-hole daughter level at ``-Delta``.  The symbol names are valid Python
identifiers because they become the argument names of the generated kernels;
their LaTeX spellings are kept separately in :data:`LATEX_NAMES`.
"""

from __future__ import annotations

import sympy as sp

__all__ = [
    "delta",
    "gamma",
    "m21",
    "phase",
    "M21",
    "M21_POLAR",
    "to_kernel_args",
    "z",
    "z_conj",
    "KERNEL_ARGS",
    "LATEX_NAMES",
    "float64_constant",
]

#: Delta = M1 - M2, the degeneracy of parent and two-hole daughter (eV); any sign.
delta = sp.Symbol("delta", real=True)
#: Gamma, the width of the two-hole daughter state (eV); Gamma >= 0.
gamma = sp.Symbol("gamma", nonnegative=True)
#: |M21|, the modulus of the Majorana mixing amplitude (eV); |M21| >= 0.
m21 = sp.Symbol("m21", nonnegative=True)
#: arg M21 (radians).
phase = sp.Symbol("phase", real=True)

#: The complex mixing amplitude M21 of Eq. (2.1), as it is written in the paper.
M21 = sp.Symbol("M21", complex=True)
#: M21 in the kernels' arguments: |M21| e^{i phase}.
M21_POLAR = m21 * sp.exp(sp.I * phase)

#: z = Delta + i Gamma/2: the complex distance between the parent level and the
#: decaying daughter level, the denominator of Eq. (2.3).
z = delta + sp.I * gamma / 2
z_conj = delta - sp.I * gamma / 2

#: Argument order of every generated kernel.
KERNEL_ARGS = (delta, gamma, m21, phase)

#: How each symbol is written in LaTeX.
LATEX_NAMES = {
    delta: r"\Delta",
    gamma: r"\Gamma",
    m21: r"\left|M_{21}\right|",
    phase: r"\varphi",
    M21: r"M_{21}",
}


def to_kernel_args(expr: sp.Expr) -> sp.Expr:
    """Rewrite a presentation expression in the kernel arguments (|M21|, phase)."""
    return sp.sympify(expr).subs(M21, M21_POLAR)



def float64_constant(value: sp.Expr) -> sp.Float:
    """The double nearest to an exact constant, held as a SymPy Float of 17 digits.

    Printed with 17 significant digits, it parses back to that same double; a Float
    rounded to 17 digits from a higher precision need not (its decimal can fall on the
    other side of a midpoint between doubles).
    """
    return sp.Float(float(sp.N(value, 40)), 17)
