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
from ..quantities import EIGEN, TIME, names
from .eigensystem import reference_eigensystem

__all__ = [
    "SweepPoint",
    "sample_eigen_parameters",
    "sample_edges",
    "sample_near_exceptional_point",
    "ulp_error",
    "eigen_errors",
    "summarize",
    "evolution_errors",
    "time_conditioning",
    "TIME_ERROR_NAMES",
    "UNDERFLOW_SCALE",
    "DOMAIN",
    "accuracy_report",
]

EIGENSYSTEM_NAMES = names(EIGEN)
TIME_ERROR_NAMES = names(TIME)


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


def sample_edges(n: int, seed: int = 0) -> list[SweepPoint]:
    """The edges of the domain, in turn: Delta = 0, Gamma = 0, |M21| = 0 (others as in
    :func:`sample_eigen_parameters`, strong mixing included)."""
    base = sample_eigen_parameters(n, seed, ratio_range=(1e-30, 1e3))
    out = []
    for i, p in enumerate(base):
        edge = i % 3
        if edge == 0 and p.gamma != 4 * p.m21:
            out.append(SweepPoint(0.0, p.gamma, p.m21, p.phase))
        elif edge == 1:
            out.append(SweepPoint(p.delta, 0.0, p.m21, p.phase))
        else:
            out.append(SweepPoint(p.delta, p.gamma, 0.0, p.phase))
    return out


def sample_near_exceptional_point(n: int, seed: int = 0) -> list[SweepPoint]:
    """Points next to the exceptional point Delta = 0, Gamma = 4|M21|: Gamma in [1e-3, 1e6] eV,
    Gamma/(4|M21|) - 1 = +-10^u with u in [-15, -1], and Delta = 0 or |Delta|/Gamma = 10^v, v in [-16, -1]."""
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(n):
        gamma = float(10 ** rng.uniform(-3, 6))
        m21 = float(gamma / 4 * (1 + rng.choice([-1.0, 1.0]) * 10 ** rng.uniform(-15, -1)))
        delta = 0.0 if rng.uniform() < 0.3 else float(gamma * 10 ** rng.uniform(-16, -1) * rng.choice([-1.0, 1.0]))
        if delta == 0.0 and gamma == 4 * m21:
            continue
        points.append(SweepPoint(delta, gamma, m21, float(rng.uniform(0, 2 * np.pi))))
    return points


#: Below this, a time kernel's intermediates (e^{-x} near the float64 underflow, times a large
#: weight) may be subnormal and carry fewer bits: errors there are measured in ulp of this value.
UNDERFLOW_SCALE = 1e-290


def ulp_error(a: complex | float, b, floor: float = 0.0) -> float:  # b: mpmath number
    """|a - b| in units of the float64 spacing at max(|b|, floor) (normwise for complex)."""
    ctx = b.context
    exact_abs = abs(b)
    diff = abs(ctx.mpc(a) - b) if isinstance(b, ctx.mpc) or isinstance(a, complex) else abs(ctx.mpf(a) - b)
    if exact_abs == 0 and floor == 0:
        return 0.0 if diff == 0 else float("inf")
    spacing = np.spacing(max(float(exact_abs), floor))
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


def evolution_errors(point: SweepPoint, t: float) -> dict[str, float]:
    """Error in ulp of every time kernel at ``point`` and time ``t`` (s), floats taken exactly.

    P_L and P_S are skipped at the exceptional point; values below the float64
    range (P_S at t >> tau_S) count as exact when the kernel returns 0, and values
    below :data:`UNDERFLOW_SCALE` are measured in ulp of that scale.
    """
    from ..numeric import evolution as float_evolution
    from .evolution import reference_evolution

    at_ep = point.delta == 0 and point.gamma == 4 * point.m21
    fl = float_evolution(point.delta, point.gamma, point.m21, point.phase, t=t, populations=not at_ep)
    ref = reference_evolution(point.delta, point.gamma, point.m21, point.phase, times=(t,), dps=20)
    row = ref.values[0]
    out = {}
    for name in TIME_ERROR_NAMES:
        value = getattr(fl, name)
        if value is None or row[name] is None:
            continue
        exact = row[name]
        if float(exact) == 0.0 and float(value) == 0.0:
            out[name] = 0.0  # underflows in float64, as it must
            continue
        out[name] = ulp_error(float(value), exact, floor=UNDERFLOW_SCALE)
    return out




def time_conditioning(point: SweepPoint, t: float) -> dict[str, float]:
    """Condition numbers of the time quantities with respect to their exponents, per quantity (>= 1).

    Each exponent x (Gamma_X t/hbar, (Gamma/2 + i omega) t/hbar) carries a rounding
    error of a few ulp of x, which moves e^x by |x| times as many ulp: a term
    c e^x of a value v contributes |x| |c e^x| / |v|.  No float64 evaluation can
    be more accurate than this; the tests bound the kernels' error by a multiple of it.
    """
    from ..errors import ExceptionalPointError
    from ..numeric.evolution import HBAR_EV_S

    tau = t / HBAR_EV_S
    try:
        es = eigensystem(point.delta, point.gamma, point.m21, point.phase)
    except ExceptionalPointError:  # one eigenvalue -z/2: e^{-Gamma t/2 hbar} times a polynomial in t
        return dict.fromkeys(TIME_ERROR_NAMES, 1.0 + point.gamma * tau / 2)
    lam_L, lam_S = complex(es.lambda_L), complex(es.lambda_S)
    s = lam_L - lam_S
    g_L, g_S = float(es.gamma_L), float(es.gamma_S)
    x_L, x_S, x_c = g_L * tau, g_S * tau, abs(lam_L - lam_S.conjugate()) * tau
    e_L, e_S, e_c = np.exp(-x_L), np.exp(-x_S), np.exp(-point.gamma * tau / 2)
    w_L = -lam_S / s if s != 0 else 1.0  # <1|P_L|1>
    w_S = 1 - w_L

    def ratio(parts: list[float], value: float) -> float:
        return 1.0 + (sum(parts) / value if value > 0 else (0.0 if sum(parts) == 0 else np.inf))

    survival = abs(w_L * np.exp(-1j * lam_L * tau) + w_S * np.exp(-1j * lam_S * tau)) ** 2
    # appearance = |M21|^2/|s|^2 e^{-Gamma_L tau} |E|^2 with E = e^{i s tau} - 1 (expm1: no cancellation at
    # short times).  A relative error d of the exponent s tau moves it by |2 Re(E* i s tau e^{i s tau})|/|E|^2
    # times d, one of Gamma_L tau by Gamma_L tau times d: kappa is 1 plus these (2 as t -> 0, not the 1.5e7
    # at 152Gd, t = 1e-25 s that e_L + e_S - 2 e_c cos(...) over its own cancelling value gave)
    # factored on the narrower eigenvalue, so that e^{+-i s tau} decays (no overflow at strong mixing)
    sign, x_b = (1, x_L) if g_L <= g_S else (-1, x_S)
    with np.errstate(under="ignore"):
        E = np.expm1(sign * 1j * s * tau)
    k_app = (1.0 + x_b + abs(2 * (np.conj(E) * sign * 1j * s * tau * (E + 1)).real) / abs(E) ** 2) if E != 0 else 1.0
    return {
        "survival": ratio([x_L * abs(w_L) ** 2 * e_L, x_S * abs(w_S) ** 2 * e_S, 2 * x_c * abs(w_L * w_S) * e_c], survival),
        "appearance": k_app,
        "depletion": k_app,  # appearance + P_gs, P_gs well conditioned: bounded by the appearance's
        "P_gs": 1.0,
        # the projections are computed from the discriminant factored at the exceptional point:
        # accurate there to a few ulp, only the exponent's rounding is amplified
        "P_L": 1.0 + x_L,
        "P_S": 1.0 + x_S,
    }


#: The sweeps of :func:`accuracy_report`, in words.
DOMAIN = (
    "|M21|/|z| log-uniform in [1e-30, 1e-1] (weak, |4M21^2/z^2| < 1/4) and [0.1, 1000] (strong); "
    "Gamma/|Delta| in [1e-6, 1e6]; |Delta| in [1e-3, 1e6] eV, both signs; edges Delta = 0, Gamma = 0, "
    "|M21| = 0; near the exceptional point Gamma/(4|M21|) - 1 = +-1e-15..1e-1, |Delta|/Gamma = 0 or "
    "1e-16..1e-1; t in [1e-25, 1e18] s (a tenth of the time points near the exceptional point)"
)


def accuracy_report(n: int, seed: int) -> dict[str, object]:
    """Every kernel against the mpmath layer over the sweeps of :data:`DOMAIN`, ``n`` points per sweep.

    Eigen-quantities: max, median and 99th percentile of the error in ulp, per sweep (weak and
    strong mixing, the edges, next to the exceptional point); time quantities: max and median
    ulp and the max per unit of the exponent conditioning (:func:`time_conditioning`).
    """
    weak = [p for p in sample_eigen_parameters(n, seed=seed) if p.strength < 0.25]
    strong = sample_eigen_parameters(max(n // 4, 10), seed=seed + 1, ratio_range=(1e-1, 1e3))
    edges = sample_edges(max(n // 4, 10), seed=seed + 3)
    near_ep = sample_near_exceptional_point(max(n // 4, 10), seed=seed + 4)
    rng = np.random.default_rng(seed)
    time_points = sample_eigen_parameters(max(n // 2, 10), seed=seed + 2) + near_ep[: max(n // 10, 5)]
    time_rows = []
    for p in time_points:
        t = float(10 ** rng.uniform(-25, 18))
        errors, kappa = evolution_errors(p, t), time_conditioning(p, t)
        time_rows.append({k: (errors[k], kappa[k]) for k in errors})
    times_summary = {}
    for name in TIME_ERROR_NAMES:
        pairs = [row[name] for row in time_rows if name in row]
        errs = np.array([e for e, _ in pairs])
        per_kappa = np.array([e / k for e, k in pairs])
        times_summary[name] = {"max_ulp": float(errs.max()), "median_ulp": float(np.median(errs)),
                               "max_ulp_per_condition": float(per_kappa.max())}
    return {
        "inputs": {"points": n, "seed": seed},
        "values": {
            "eigensystem_weak_mixing": summarize([eigen_errors(p) for p in weak]),
            "eigensystem_strong_mixing": summarize([eigen_errors(p) for p in strong]),
            "eigensystem_edges": summarize([eigen_errors(p) for p in edges]),
            "eigensystem_near_exceptional_point": summarize([eigen_errors(p) for p in near_ep]),
            "time_kernels": times_summary,
        },
        "units": {"all": "ulp of float64 (normwise for complex values); per condition: ulp / kappa"},
        "domain": DOMAIN,
    }
