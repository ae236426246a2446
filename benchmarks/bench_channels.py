"""Speed of the N-channel eigensystem against numpy.linalg.eig on the same (N+1) x (N+1) matrices (target 6).

One batch of parameter points per N = 2, 3, 5 at real-atom scales: Delta_i = +-10^U(1, 4.5) eV,
Gamma_i = 10^U(0, 2) eV, |M_i| = 10^U(-28, -20) eV, phases uniform (the daughters of one parent,
channels drawn independently).  ``atommix.numeric.channels.channel_eigensystem`` (public: input
checks, lambda_L, E_L, Gamma_L, |alpha_i|^2, alpha_i, the condition and the proved error bounds)
against ``numpy.linalg.eig`` on the matrices H - M1 (building them is not timed, in eig's favour).
Correct digits of Gamma_L are counted against the 50-digit mpmath reference
(:mod:`atommix.validation.channels`) at a few points of each batch: eig's lambda_L (the
eigenvalue of smallest modulus, which at these scales is lambda_L) has none.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from atommix.numeric.channels import channel_eigensystem
from atommix.validation.channels import channel_reference, channel_system
from bench_common import REFERENCE_DPS, best_of, correct_digits
from numpy.typing import NDArray

__all__ = ["CHANNEL_COUNTS", "channel_batch", "channel_matrices", "channel_digits", "channel_throughput"]

#: Numbers of daughter channels measured.
CHANNEL_COUNTS = (2, 3, 5)


def channel_batch(n: int, channels: int, seed: int = 0) -> tuple[NDArray[np.float64], ...]:
    """(delta, gamma, m21, phase), each (n, channels), at real-atom scales (module docstring)."""
    rng = np.random.default_rng(seed)
    shape = (n, channels)
    delta = 10 ** rng.uniform(1, 4.5, shape) * rng.choice([-1.0, 1.0], shape)
    gamma = 10 ** rng.uniform(0, 2, shape)
    m21 = 10 ** rng.uniform(-28, -20, shape)
    phase = rng.uniform(0, 2 * np.pi, shape)
    return delta, gamma, m21, phase


def channel_matrices(delta: NDArray[np.float64], gamma: NDArray[np.float64], m21: NDArray[np.float64],
                     phase: NDArray[np.float64]) -> NDArray[np.complex128]:
    """The matrices H - M1, shape (n, N+1, N+1)."""
    n, channels = delta.shape
    H = np.zeros((n, channels + 1, channels + 1), dtype=np.complex128)
    m = m21 * np.exp(1j * phase)
    H[:, 1:, 0] = m
    H[:, 0, 1:] = np.conj(m)
    idx = np.arange(1, channels + 1)
    H[:, idx, idx] = -(delta + 0.5j * gamma)
    return H


def channel_digits(params: tuple[NDArray[np.float64], ...], points: int = 3) -> dict[str, float]:
    """Fewest correct digits of Gamma_L over the first ``points`` of a batch: atommix and numpy.linalg.eig."""
    ours, eig = [], []
    for k in range(points):
        d, g, m, p = (a[k] for a in params)
        ref = channel_reference(channel_system([(float(a), float(b), float(c), float(e)) for a, b, c, e in
                                                zip(d, g, m, p)]), dps=REFERENCE_DPS)
        exact = ref["gamma_L"]
        ours.append(correct_digits(float(channel_eigensystem(d, g, m, p).gamma_L), exact))
        vals = np.linalg.eigvals(channel_matrices(*(a[k : k + 1] for a in params)))[0]
        eig.append(correct_digits(float(-2 * vals[np.argmin(np.abs(vals))].imag), exact))
    return {"atommix": min(ours), "eig": max(eig)}


def channel_throughput(n: int, *, repeat: int = 5, eig_repeat: int = 3, seed: int = 0) -> dict[str, Any]:
    """Seconds of channel_eigensystem and numpy.linalg.eig on one batch of ``n`` points per N, and the digits."""
    rows = []
    for channels in CHANNEL_COUNTS:
        params = channel_batch(n, channels, seed + channels)
        H = channel_matrices(*params)
        t_ours = best_of(lambda: channel_eigensystem(*params), repeat)
        t_eig = best_of(lambda: np.linalg.eig(H), eig_repeat)
        rows.append({
            "channels": channels, "seconds": t_ours, "eig_seconds": t_eig, "points_per_s": n / t_ours,
            "vs_eig": t_eig / t_ours, "digits": channel_digits(params),
        })
    return {"n": n, "rows": rows}
