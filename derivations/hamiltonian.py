"""The effective 2x2 Hamiltonian of parent atom |1> and two-hole daughter |2> (Eq. 2.1).

    H = M - (i/2) Gamma_matrix,
    M = [[M1, M21*], [M21, M2]],   Gamma_matrix = [[0, 0], [0, Gamma]].

Energies are measured from M1, so M1 -> 0 and M2 -> -Delta.
"""

from __future__ import annotations

import sympy as sp

from .symbols import M21, delta, gamma

__all__ = [
    "mass_matrix",
    "width_matrix",
    "hamiltonian",
    "commutator_mass_width",
    "normality_defect",
]


def mass_matrix() -> sp.Matrix:
    """Hermitian part M of Eq. (2.1), relative to M1."""
    return sp.Matrix([[0, sp.conjugate(M21)], [M21, -delta]])


def width_matrix() -> sp.Matrix:
    """The width matrix of Eq. (2.1): only |2> decays (to the daughter ground state)."""
    return sp.Matrix([[0, 0], [0, gamma]])


def hamiltonian() -> sp.Matrix:
    """H = M - i Gamma/2 of Eq. (2.1), relative to M1."""
    return mass_matrix() - sp.I / 2 * width_matrix()


def commutator_mass_width() -> sp.Matrix:
    """[M, Gamma] = [[0, M21* Gamma], [-M21 Gamma, 0]]: nonzero whenever M21 Gamma != 0.

    This is why H is not normal and its eigenstates are not orthogonal (Sec. 2).
    """
    M, G = mass_matrix(), width_matrix()
    return sp.simplify(M * G - G * M)


def normality_defect() -> sp.Matrix:
    """[H, H^dagger] = i [M, Gamma]: H is normal only where M21 Gamma = 0."""
    H = hamiltonian()
    return sp.simplify(H * H.H - H.H * H)
