"""Shared pieces of the speed benchmarks: the batch of parameter points, the 2x2 matrices for eig, timing, digit counts."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = Path(__file__).resolve().with_name("results.json")

#: The 152Gd point of the paper: Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV, phase 0.
GD152: tuple[float, float, float, float] = (910.0, 23.0, 1e-24, 0.0)
#: Quantities whose correct digits are reported at 152Gd.
DIGIT_QUANTITIES: tuple[str, ...] = ("gamma_L", "mixing", "overlap")
#: Float64 carries about 16 significant digits; exact agreement is reported as this.
MAX_FLOAT_DIGITS = 16.0
REFERENCE_DPS = 50

FULL = {"n": 1_000_000, "points": 20, "import_runs": 20, "proofs": True}
QUICK = {"n": 100_000, "points": 5, "import_runs": 5, "proofs": False}

Point = tuple[float, float, float, float]


# --------------------------------------------------------------------------- helpers


def parameter_batch(n: int, seed: int = 0) -> tuple[NDArray[np.float64], ...]:
    """``(delta, gamma, m21, phase)``, each ``n`` points log-uniform over the documented domain.

    |Delta| in [1e-3, 1e6] eV with both signs, Gamma/|Delta| in [1e-6, 1e6],
    |M21|/|Delta + i Gamma/2| in [1e-30, 1e-1], phase uniform in [0, 2 pi).
    """
    rng = np.random.default_rng(seed)
    delta = 10 ** rng.uniform(-3, 6, n) * rng.choice([-1.0, 1.0], n)
    gamma = np.abs(delta) * 10 ** rng.uniform(-6, 6, n)
    m21 = np.hypot(delta, gamma / 2) * 10 ** rng.uniform(-30, -1, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    return delta, gamma, m21, phase


def matrices(
    delta: NDArray[np.float64], gamma: NDArray[np.float64], m21: NDArray[np.float64], phase: NDArray[np.float64]
) -> NDArray[np.complex128]:
    """The matrices H - M1 of Eq. (2.1), shape ``(n, 2, 2)``."""
    m = m21 * np.exp(1j * phase)
    H = np.zeros((delta.size, 2, 2), dtype=np.complex128)
    H[:, 0, 1] = np.conj(m)
    H[:, 1, 0] = m
    H[:, 1, 1] = -delta - 0.5j * gamma
    return H


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Shortest wall time in seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def correct_digits(value: complex | float, exact: Any, cap: float = MAX_FLOAT_DIGITS) -> float:
    """Correct significant digits of ``value`` against the mpmath number ``exact``, in [0, cap].

    ``-log10(|value - exact| / |exact|)``, normwise for complex values; a
    non-finite value has 0 correct digits and an exact one ``cap``.
    """
    ctx = exact.context
    if not np.isfinite(value):
        return 0.0
    v = ctx.mpc(complex(value)) if isinstance(value, complex) or np.iscomplexobj(value) else ctx.mpf(float(value))
    if exact == 0:
        return cap if v == 0 else 0.0
    rel = abs(v - exact) / abs(exact)
    if rel == 0:
        return cap
    return float(max(0.0, min(cap, float(-ctx.log10(rel)))))


def numpy_eig_quantities(H: NDArray[np.complex128]) -> dict[str, NDArray[np.generic]]:
    """Gamma_L, |alpha|^2 and the overlap read off ``numpy.linalg.eig`` (conventions of the reference).

    lambda_L is the eigenvalue of smaller modulus; ``|lambda_L> = |1> + alpha|2>``,
    ``|lambda_S> = |2> - beta*|1>``, overlap = alpha - beta.
    """
    vals, vecs = np.linalg.eig(H)
    i_L = np.argmin(np.abs(vals), axis=-1)
    i_S = 1 - i_L
    rows = np.arange(H.shape[0])
    lam_L = vals[rows, i_L]
    right_L = vecs[rows, :, i_L]
    right_S = vecs[rows, :, i_S]
    with np.errstate(all="ignore"):
        alpha = right_L[:, 1] / right_L[:, 0]
        beta = np.conj(-right_S[:, 0] / right_S[:, 1])
    return {"gamma_L": -2 * lam_L.imag, "mixing": np.abs(alpha) ** 2, "overlap": alpha - beta}



def machine() -> dict[str, Any]:
    """Interpreter, library versions and CPU count of this run."""
    try:
        import flint

        flint_version: str | None = flint.__version__
    except ImportError:
        flint_version = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "numpy": np.__version__,
        "mpmath": mpmath.__version__,
        "mpmath_backend": mpmath.libmp.BACKEND,
        "python_flint": flint_version,
        "load_average_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
