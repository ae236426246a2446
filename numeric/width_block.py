"""A full width block among the daughters, brought to the secular form of independent channels.

With Z = diag(Delta) + i Gamma/2 (Gamma Hermitian positive semidefinite, not diagonal), the
eigenvalues of H that see |1> solve lambda = m^dagger (lambda + Z)^{-1} m.  In the eigenbasis of Z,
Z R = R diag(zeta), this is lambda = sum_k a_k b_k / (lambda + zeta_k) with the left couplings
a = m^dagger R and the right couplings b = R^{-1} m: the form of independent channels with
complex weights.  The change of basis is exact in exact arithmetic; in float64 it is as accurate
as ``numpy.linalg.eig`` of Z (normwise, times the condition of R), which :func:`width_basis`
bounds from the computed residual (``WidthBasis.error``), and which the error bounds of
:mod:`atommix.numeric.channels` carry to first order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .secular import UNIT_ROUNDOFF

__all__ = ["WidthBasis", "width_basis", "poles_and_couplings"]


@dataclass(frozen=True)
class WidthBasis:
    """Eigenbasis of Z: poles ``zeta`` (eV), right vectors ``R`` and ``R_inv``; ``error`` bounds ||Z - R zeta R^-1||."""

    zeta: NDArray[np.complex128]
    R: NDArray[np.complex128]
    R_inv: NDArray[np.complex128]
    error: NDArray[np.float64]


def width_basis(delta: NDArray[np.float64], width: NDArray[np.complex128]) -> WidthBasis:
    """Eigen-decomposition of Z = diag(delta) + i width/2, with a bound on how far it is from Z."""
    n = delta.shape[-1]
    Z = 0.5j * width
    idx = np.arange(n)
    Z[..., idx, idx] += delta
    zeta, R = np.linalg.eig(Z)
    R_inv = np.linalg.inv(R)
    back = (R * zeta[..., None, :]) @ R_inv
    norm = lambda A: np.sqrt(np.sum(np.abs(A) ** 2, axis=(-1, -2)))  # noqa: E731  (Frobenius)
    resid = norm(Z - back)
    # the residual itself is computed with rounding of order u ||R|| ||zeta|| ||R^-1|| per product
    slack = (2 * n + 4) * UNIT_ROUNDOFF * norm(R) * np.max(np.abs(zeta), axis=-1) * norm(R_inv)
    return WidthBasis(zeta, R, R_inv, resid + slack + (2 * n + 4) * UNIT_ROUNDOFF * norm(Z))


def poles_and_couplings(coupling: NDArray[np.complex128], basis: WidthBasis) -> tuple[NDArray[np.complex128], NDArray[np.complex128]]:
    """(a, b): left couplings m^dagger R and right couplings R^{-1} m of the secular form."""
    a = np.einsum("...i,...ik->...k", np.conj(coupling), basis.R)
    b = np.einsum("...ki,...i->...k", basis.R_inv, coupling)
    return a, b
