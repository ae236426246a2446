"""Accuracy of the generated float64 kernels against the mpmath reference, in units of float64 rounding.

Error of a float64 value ``a`` against the exact ``b``: ``|a - b| / ulp(|b|)``,
with ``ulp(y)`` the spacing of doubles at ``y`` (``numpy.spacing``); complex
values are measured normwise, ``|a - b| / ulp(|b|)``.  Zero exact values count
as exact when the kernel also returns zero, and as infinitely wrong otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..numeric import eigensystem
from ..numeric.eigensystem import EIGENSYSTEM_NAMES
from .eigensystem import reference_eigensystem

__all__ = ["SweepPoint", "sample_eigen_parameters", "ulp_error", "eigen_errors", "summarize"]


@dataclass(frozen=True)
class SweepPoint:
    delta: float
    gamma: float
    m21: float
    phase: float

    @property
    def strength(self) -> float:
        """|4 |M21|^2 / (Delta + i Gamma/2)^2|, the expansion parameter (the series converges below 1)."""
        return 4 * self.m21**2 / (self.delta**2 + self.gamma**2 / 4)


def sample_eigen_parameters(n: int, seed: int = 0, *, ratio_range=(1e-30, 1e-1), width_range=(1e-6, 1e6)) -> list[SweepPoint]:
    """Log-uniform sample: |M21|/|Delta + i Gamma/2| in ``ratio_range``, Gamma/|Delta| in ``width_range``,
    |Delta| in [1e-3, 1e6] eV, both signs of Delta, uniform phase in [0, 2 pi)."""
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(n):
        delta = 10 ** rng.uniform(-3, 6) * rng.choice([-1.0, 1.0])
        gamma = abs(delta) * 10 ** rng.uniform(np.log10(width_range[0]), np.log10(width_range[1]))
        zabs = np.hypot(delta, gamma / 2)
        m21 = zabs * 10 ** rng.uniform(np.log10(ratio_range[0]), np.log10(ratio_range[1]))
        points.append(SweepPoint(float(delta), float(gamma), float(m21), float(rng.uniform(0, 2 * np.pi))))
    return points


def ulp_error(a: complex | float, b) -> float:  # b: mpmath number
    """|a - b| in units of the float64 spacing at |b| (normwise for complex)."""
    ctx = b.context
    exact_abs = abs(b)
    diff = abs(ctx.mpc(a) - b) if isinstance(b, ctx.mpc) or isinstance(a, complex) else abs(ctx.mpf(a) - b)
    if exact_abs == 0:
        return 0.0 if diff == 0 else float("inf")
    spacing = np.spacing(float(exact_abs))
    if spacing == 0 or not np.isfinite(spacing):
        return float("inf")
    return float(diff / ctx.mpf(spacing))


def eigen_errors(point: SweepPoint) -> dict[str, float]:
    """Error in ulp of every eigensystem kernel at ``point`` (the float inputs taken exactly)."""
    es = eigensystem(point.delta, point.gamma, point.m21, point.phase)
    ref = reference_eigensystem(point.delta, point.gamma, point.m21, point.phase, dps=20)
    return {name: ulp_error(complex(v) if np.iscomplexobj(v) else float(v), ref[name]) for name, v in zip(EIGENSYSTEM_NAMES, es)}


def summarize(errors: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Max, median and 99th percentile of the errors, per quantity."""
    out = {}
    for name in EIGENSYSTEM_NAMES:
        vals = np.array([e[name] for e in errors])
        out[name] = {"max": float(vals.max()), "median": float(np.median(vals)), "p99": float(np.quantile(vals, 0.99))}
    return out
