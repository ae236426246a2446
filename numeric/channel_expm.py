"""The time history of one parent and N channels by a matrix exponential: the route that needs no eigenvalues.

Where the roots of the secular equation cannot be separated (an exceptional point of H, or
roots closer than rounding), the residue form of :mod:`.channel_evolution` does not exist or
cancels.  The evolution itself is an entire function of H, and so is the history of the
populations: the density matrix rho = |psi><psi| of psi' = -i H psi obeys the linear equation
rho' = -i H rho + i rho H^dagger, and the population fed into the daughters' ground states,
y_i' = Gamma_i rho_ii (or y' = tr(Gamma rho) for a full width block), so that

    (vec rho, y)(tau) = exp(B tau) (vec |1><1|, 0),  B = [[-i H (x) 1 + i 1 (x) conj(H), 0], [Y, 0]],

a matrix of size (N+1)^2 + N, exponentiated by scaling and squaring with a Taylor polynomial.
Every mode of B decays or is constant, so nothing overflows at any time; the accuracy is that of
the exponential, ~1e-16 relative to the largest population, which is what the populations near an
exceptional point are (they are not small there).  Not for real-atom mixings of 1e-54, where the
residue form is exact.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["expm", "kronecker_history", "TAYLOR_DEGREE", "CONSERVATION_TOLERANCE"]

#: Degree of the Taylor polynomial on the scaled matrix (norm <= 1/2: truncation < 1e-22).
TAYLOR_DEGREE = 18
#: Largest departure from probability conservation (and from [0, 1]) accepted from the exponential.
CONSERVATION_TOLERANCE = 1e-10


def expm(A: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """exp(A) for a batch (..., D, D) by scaling and squaring with a Taylor polynomial."""
    A = np.asarray(A, dtype=np.complex128)
    norm = np.max(np.sum(np.abs(A), axis=-2), axis=-1)
    with np.errstate(divide="ignore"):
        s = np.where(norm > 0.5, np.ceil(np.log2(np.where(norm > 0, norm, 1.0) / 0.5)), 0).astype(int)
    X = A / np.ldexp(1.0, s)[..., None, None]
    eye = np.broadcast_to(np.eye(A.shape[-1], dtype=np.complex128), A.shape)
    E = eye.copy()
    for j in range(TAYLOR_DEGREE, 0, -1):
        E = eye + (X @ E) / j
    for k in range(int(s.max(initial=0))):
        more = s > k
        E[more] = E[more] @ E[more]
    return E


def kronecker_history(
    H: NDArray[np.complex128], widths: NDArray[np.complex128], tau: NDArray[np.float64], *, per_channel: bool
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """survival, appearance (..., N) and P_gs (..., N) or (..., 1) at ``tau`` = t/hbar for a batch of H (..., N+1, N+1).

    ``widths`` is the width block (..., N, N); with ``per_channel`` its diagonal feeds one ground state
    per channel (independent widths), else its trace form feeds one total.
    """
    n1 = H.shape[-1]
    n = n1 - 1
    eye = np.eye(n1)
    L = -1j * np.einsum("...ab,cd->...acbd", H, eye).reshape(H.shape[:-2] + (n1 * n1, n1 * n1))
    L = L + 1j * np.einsum("ab,...cd->...acbd", eye, np.conj(H)).reshape(L.shape)
    ny = n if per_channel else 1
    size = n1 * n1 + ny
    B = np.zeros(H.shape[:-2] + (size, size), dtype=np.complex128)
    B[..., : n1 * n1, : n1 * n1] = L
    if per_channel:
        for i in range(n):
            B[..., n1 * n1 + i, (i + 1) * n1 + (i + 1)] = widths[..., i, i]
    else:
        for k in range(n):
            for m in range(n):
                B[..., n1 * n1, (m + 1) * n1 + (k + 1)] = widths[..., k, m]
    with np.errstate(all="ignore"):  # checked below
        U = expm(B * np.asarray(tau)[..., None, None])
    col = U[..., :, 0]
    survival = col[..., 0].real
    appearance = np.stack([col[..., (i + 1) * n1 + (i + 1)].real for i in range(n)], axis=-1)
    fed = col[..., n1 * n1:].real
    # the exact exponential conserves probability and keeps every population in [0, 1]; rounding amplified by
    # the squarings (undamped oscillations over very many periods) breaks both: refuse rather than return it
    total = survival + np.sum(appearance, axis=-1) + np.sum(fed, axis=-1)
    values = np.concatenate([survival[..., None], appearance, fed], axis=-1)
    sound = np.all(np.isfinite(values), axis=-1) & (np.abs(total - 1) <= CONSERVATION_TOLERANCE)
    sound &= np.all((values >= -CONSERVATION_TOLERANCE) & (values <= 1 + CONSERVATION_TOLERANCE), axis=-1)
    if not np.all(sound):
        raise FloatingPointError(
            "the time history at these inputs is not representable in float64: the roots cannot be separated and the "
            "matrix exponential loses its accuracy over this time; use atommix.validation.channel_evolution"
        )
    return survival, appearance, fed
