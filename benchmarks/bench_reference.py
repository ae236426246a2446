"""Speed of the 50-digit reference values and of the certified balls against bare mpmath.eig (targets 3a-3c)."""

from __future__ import annotations

import cProfile
import io
import math
import pstats
import time
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
from atommix.numeric.parameters import at_exceptional_point
from atommix.validation import reference_eigensystem
from atommix.validation.accuracy import (
    sample_eigen_parameters,
    sample_near_exceptional_point,
)
from bench_common import GD152, REFERENCE_DPS, Point

# --------------------------------------------------------------------------- 3. reference values


def reference_points(count: int, seed: int = 7) -> list[Point]:
    """``count`` parameter points: 152Gd, then weak mixing, strong mixing and next to the exceptional point.

    Weak: |M21|/|Delta + i Gamma/2| log-uniform in [1e-30, 1e-1] (real atoms sit
    near 1e-27); strong: in [1e-1, 1e3]; about a quarter strong and 15 % next to
    the exceptional point (Delta = 0, Gamma = 4|M21|, never exactly on it).
    """
    n_ep = max(1, round(0.15 * count))
    n_strong = max(1, round(0.25 * count))
    n_weak = max(0, count - 1 - n_ep - n_strong)
    sampled = (
        sample_eigen_parameters(n_weak, seed=seed)
        + sample_eigen_parameters(n_strong, seed=seed + 1, ratio_range=(1e-1, 1e3))
        + sample_near_exceptional_point(2 * n_ep + 2, seed=seed + 2)[:n_ep]
    )
    points = [GD152] + [(p.delta, p.gamma, p.m21, p.phase) for p in sampled]
    points = [p for p in points if not at_exceptional_point(*(np.float64(v) for v in p[:3]))]
    return points[:count]


def mpmath_eig(point: Point, dps: int = REFERENCE_DPS) -> tuple[Any, Any]:
    """Bare ``mpmath.eig`` of H at ``point`` at ``mp.dps = dps`` (eigenvalues, right eigenvectors)."""
    delta, gamma, m21, phase = point
    with mpmath.workdps(dps):
        m = mpmath.mpf(m21) * mpmath.expj(phase)
        H = mpmath.matrix([[0, mpmath.conj(m)], [m, mpmath.mpc(-delta, -gamma / 2)]])
        return mpmath.eig(H)


def _point_times(fn: Callable[[Point], object], points: Sequence[Point], repeat: int) -> list[float]:
    """Per point, the shortest of ``repeat`` timed calls."""
    best = [math.inf] * len(points)
    for _ in range(repeat):
        for i, p in enumerate(points):
            t0 = time.perf_counter()
            fn(p)
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def reference_timing(points: Sequence[Point], *, repeat: int = 3, dps: int = REFERENCE_DPS) -> dict[str, Any]:
    """Times of the reference, the certified balls and bare mpmath.eig over ``points``.

    Returns
    -------
    dict
        Total seconds per method, speed-ups over mpmath.eig (on the points each
        method handles), the points the certified layer declined, the fewest
        checked digits of the reference, and the digits of Gamma_L that bare
        mpmath.eig gets (against the reference).
    """
    refs = [reference_eigensystem(*p, dps=dps) for p in points]  # warm-up, and the values for the digits
    eig_digits = [eig_gamma_L_digits(mpmath_eig(p, dps)[0], ref) for p, ref in zip(points, refs)]
    t_eig = _point_times(lambda p: mpmath_eig(p, dps), points, repeat)
    t_ref = _point_times(lambda p: reference_eigensystem(*p, dps=dps), points, repeat)
    t_alone = _point_times(lambda p: reference_eigensystem(*p, dps=dps, cross_check=False), points, repeat)
    out: dict[str, Any] = {
        "points": len(points),
        "dps": dps,
        "eig_seconds": sum(t_eig),
        "reference_seconds": sum(t_ref),
        "reference_speedup": sum(t_eig) / sum(t_ref),
        "unchecked_seconds": sum(t_alone),
        "unchecked_speedup": sum(t_eig) / sum(t_alone),
        "reference_min_digits": min(min(r.digits.values()) for r in refs),
        "reference_max_working_dps": max(r.working_dps for r in refs),
        "eig_gamma_L_digits_min": min(eig_digits),
        "eig_gamma_L_digits_gd152": eig_digits[0] if points and points[0] == GD152 else None,
    }
    from atommix.validation import EigenInputs
    from atommix.validation.certified import CertificationError, certify_eigensystem

    def certified(p: Point) -> object:
        return certify_eigensystem(EigenInputs.from_values(*p), dps)

    accepted = []
    for i, p in enumerate(points):
        try:
            certified(p)
        except CertificationError:
            continue
        accepted.append(i)
    chosen = [points[i] for i in accepted]
    t_cert = _point_times(certified, chosen, repeat)
    eig_on_chosen = sum(t_eig[i] for i in accepted)
    out.update(
        certified_seconds=sum(t_cert),
        certified_eig_seconds=eig_on_chosen,
        certified_speedup=eig_on_chosen / sum(t_cert) if chosen else None,
        certified_points=len(chosen),
        certified_skipped=len(points) - len(chosen),
    )
    return out


def eig_gamma_L_digits(eigenvalues: Sequence[Any], ref: Any) -> float:
    """Correct digits of Gamma_L = -2 Im(lambda_L) from mpmath.eig's eigenvalues, against the reference.

    lambda_L is the eigenvalue of smaller modulus; the arithmetic runs in the
    reference's context (at its working precision), so nothing is rounded on the way.
    """
    ctx = ref.context
    lam = min((ctx.convert(v) for v in eigenvalues), key=abs)
    exact = ref["gamma_L"]
    value = -2 * ctx.im(lam)
    if exact == 0:
        return float(ref.dps) if value == 0 else 0.0
    rel = abs(value - exact) / abs(exact)
    return float(ref.dps) if rel == 0 else float(max(0.0, min(ref.dps, float(-ctx.log10(rel)))))


def _profile(fn: Callable[[Point], object], points: Sequence[Point], wanted: dict[str, tuple[str, str]], top: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    for p in points:
        fn(p)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = {}
    for label, (file, func) in wanted.items():
        cum = sum(
            v[3] for (f, _, name), v in stats.stats.items()  # type: ignore[attr-defined]
            if f.endswith(file) and name == func
        )
        shares[label] = cum / total if total else 0.0
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(top)
    return {"total_seconds": total, "shares": shares, "text": buf.getvalue()}


def profile_reference(points: Sequence[Point], *, dps: int = REFERENCE_DPS, top: int = 12) -> dict[str, Any]:
    """cProfile of ``reference_eigensystem`` and of the certificate alone over ``points``.

    Returns
    -------
    dict
        Per layer: ``total_seconds`` (under the profiler, which inflates
        Python-level work), ``shares``: cumulative fraction of the time in the
        main parts (for the reference: the certificate, mpmath.eig's cross-check, proving
        the printed digits; for the certificate: checking the exact inputs, the rest being
        ball arithmetic), and ``text``: the ``top`` entries by cumulative time.
    """
    common = {
        "EigenInputs.from_values (exact inputs)": ("exact.py", "from_values"),
    }
    out = {
        "reference": _profile(
            lambda p: reference_eigensystem(*p, dps=dps),
            points,
            {
                "certificate (python-flint)": ("certified.py", "certify_eigensystem"),
                "mpmath.eig (cross-check)": ("eigen.py", "eig"),
                "proven digits of the printed values": ("eigensystem.py", "printed_digits"),
                **common,
            },
            top,
        )
    }
    from atommix.validation import EigenInputs
    from atommix.validation.certified import CertificationError, certify_eigensystem

    def certified(p: Point) -> None:
        try:
            certify_eigensystem(EigenInputs.from_values(*p), dps)
        except CertificationError:
            pass

    out["certified"] = _profile(certified, points, common, top)
    return out
