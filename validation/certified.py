"""Rigorous enclosures of the eigensystem and the time history, from the matrix H itself (python-flint).

Every value is a ball (midpoint +- radius) that provably contains the exact value for the
exact inputs: python-flint's certified eigen-decomposition of H (Eq. 2.1, ``acb_mat.eig``
with left and right eigenvectors) and its rigorous matrix exponential (``acb_mat.exp``),
with the quantities formed from them in ball arithmetic.  Nothing here uses the closed
forms or the stable evaluation forms of :mod:`atommix.derivations`, so the enclosures check
them instead of sharing their formulas.  Which eigenvalue is lambda_L is decided by the exact
criterion of :class:`~atommix.validation.exact.EigenInputs` (never by comparing magnitudes).

The precision is raised until every ball is narrower than the digits wanted; next to the
exceptional point, where the eigenvalues need ever more digits to be isolated, it stops at a
ceiling and raises :class:`CertificationError` instead of returning a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint

from ..literature import si_exact
from ..quantities import EIGEN, SCALE, TIME, names
from .balls import acb_of, arb_of, bits_for, flint_precision, is_exact_zero
from .exact import EigenInputs, decimal_digits_of

__all__ = [
    "CertificationError",
    "CertifiedEigensystem",
    "CertifiedEvolution",
    "certify_eigensystem",
    "certify_evolution",
    "ball_strings",
    "EIGEN_NAMES",
]

EIGEN_NAMES = names(EIGEN)
TIME_NAMES = names(TIME)
SCALE_NAMES = names(SCALE)
#: Time quantities that need the eigenstates (they do not exist at the exceptional point).
POPULATIONS = ("P_L", "P_S")


class CertificationError(ArithmeticError):
    """The eigenvalues cannot be isolated within the precision ceiling (next to the exceptional point)."""


class _NotYet(Exception):
    """This precision does not decide the labels or isolate the eigenvalues: raise it."""


@dataclass(frozen=True)
class CertifiedEigensystem:
    """Balls of every eigen-quantity, the precision (bits) they were computed at, and lambda_L's index."""

    inputs: EigenInputs
    balls: dict[str, Any]
    bits: int
    zeros: frozenset[str] = field(default=frozenset())


@dataclass(frozen=True)
class CertifiedEvolution:
    """Balls of the time quantities at each time, and of the time scales (None where absent)."""

    inputs: EigenInputs
    times: tuple[Fraction, ...]
    rows: list[dict[str, Any]]
    scales: dict[str, Any]
    bits: int


def _hbar() -> flint.arb:
    """hbar = h/(2 pi e) in eV s, from the SI-exact h and e."""
    return arb_of(si_exact("h")) / arb_of(si_exact("e")) / (2 * flint.arb.pi())


def _matrix(inputs: EigenInputs) -> flint.acb_mat:
    phase = arb_of(inputs.phase)
    m = arb_of(inputs.m21) * flint.acb(0, phase).exp()  # arb reduces any argument rigorously
    h22 = flint.acb(-arb_of(inputs.delta), -arb_of(inputs.gamma) / 2)
    return flint.acb_mat([[0, m.conjugate()], [m, h22]])


def _label(inputs: EigenInputs, values: list[flint.acb]) -> int:
    """Index of lambda_L among the two eigenvalue balls, by the exact criterion (or :class:`_NotYet`)."""
    s0 = values[0] - values[1]
    if inputs.on_tie:  # lambda_L is the upper eigenvalue: Re(lambda_0 - lambda_1) > 0 decides
        if s0.real > 0:
            return 0
        if s0.real < 0:
            return 1
        raise _NotYet
    z_conj = flint.acb(arb_of(inputs.delta), -arb_of(inputs.gamma) / 2)
    root = acb_of(*inputs.q()).sqrt()  # principal: Im q is exact and nonzero off the tie set
    w = s0 * z_conj  # s z* if lambda_0 is lambda_L
    near, far = abs(w - root), abs(w + root)
    if near < far:
        return 0
    if far < near:
        return 1
    raise _NotYet


def _eigen_balls(inputs: EigenInputs) -> tuple[dict[str, Any], flint.acb_mat, flint.acb_mat, int]:
    H = _matrix(inputs)
    try:
        values, left, right = H.eig(left=True, right=True)
    except ValueError as exc:  # "failed to isolate eigenvalues"
        raise _NotYet from exc
    i = _label(inputs, values)
    j = 1 - i
    lam_L, lam_S = values[i], values[j]
    v_L, v_S = (right[0, i], right[1, i]), (right[0, j], right[1, j])
    u_L = (left[i, 0], left[i, 1])
    alpha = v_L[1] / v_L[0]  # |lambda_L> = |1> + alpha|2>
    beta = (-v_S[0] / v_S[1]).conjugate()  # |lambda_S> = |2> - beta*|1>
    z_abs = abs(flint.acb(arb_of(inputs.delta), arb_of(inputs.gamma) / 2))
    norm_u = (abs(u_L[0]) ** 2 + abs(u_L[1]) ** 2).sqrt()
    norm_v = (abs(v_L[0]) ** 2 + abs(v_L[1]) ** 2).sqrt()
    balls = {
        "alpha": alpha,
        "beta": beta,
        "overlap": alpha - beta,
        "mixing": abs(alpha) ** 2,
        "lambda_L": lam_L,
        "lambda_S": lam_S,
        "E_L": lam_L.real,
        "E_S": lam_S.real,
        "gamma_L": -2 * lam_L.imag,
        "gamma_S": -2 * lam_S.imag,
        "ep_distance": abs(lam_L - lam_S) / (z_abs + 2 * arb_of(inputs.m21)),
        "condition": norm_u * norm_v / abs(u_L[0] * v_L[0] + u_L[1] * v_L[1]),
    }
    return balls, left, right, i


def _narrow(ball: Any, digits: int) -> bool:
    """The ball's radius is below 10^-digits of its smallest modulus."""
    if is_exact_zero(ball):
        return True
    parts = (ball.real, ball.imag) if isinstance(ball, flint.acb) else (ball,)
    radius = sum((p.rad() for p in parts), flint.arb(0))
    size = abs(ball)
    low = size - size.rad() - radius
    return bool(low > 0 and radius < low * flint.arb(10) ** (-digits))


def _zero(name: str) -> Any:
    from ..quantities import QUANTITIES

    return flint.acb(0) if QUANTITIES[name].is_complex else flint.arb(0)


def certify_eigensystem(inputs: EigenInputs, dps: int, *, max_digits: int | None = None) -> CertifiedEigensystem:
    """Balls of every eigen-quantity narrower than 10^-(dps + 3) relative (exact zeros exact).

    Raises
    ------
    CertificationError
        If the eigenvalues cannot be isolated, or the balls not narrowed, below ``max_digits``
        (default ``20 dps + 4000``) plus the problem's scale gap and the span of its inputs'
        magnitudes: next to the exceptional point.
    """
    from .eigensystem import symmetry_zeros

    zeros = symmetry_zeros(inputs)
    want = dps + 3
    digits = want + inputs.scale_digits() + 10
    ceiling = (max_digits if max_digits is not None else 20 * dps + 4000) + max(inputs.scale_digits(), inputs.span_digits())
    while True:
        bits = bits_for(digits)
        with flint_precision(bits):
            try:
                balls = _eigen_balls(inputs)[0]
            except _NotYet:
                balls = None
            if balls is not None:
                balls.update({name: _zero(name) for name in zeros})
                if all(_narrow(b, want) for b in balls.values()):
                    return CertifiedEigensystem(inputs, balls, bits, frozenset(zeros))
        if digits >= ceiling:
            raise CertificationError(
                "the eigenvalues cannot be isolated within "
                f"{ceiling} digits: too close to the exceptional point (Delta = 0, Gamma = 4|M21|), "
                "or max_working_dps too low for these inputs"
            )
        digits = min(ceiling, int(digits * 1.6) + 10)


def _time_balls(t: Fraction, H: flint.acb_mat, hbar: flint.arb) -> dict[str, Any]:
    tau = arb_of(t) / hbar
    U = (H * flint.acb(0, -1) * tau).exp()
    survival = abs(U[0, 0]) ** 2
    appearance = abs(U[1, 0]) ** 2
    return {
        "survival": survival,
        "appearance": appearance,
        "depletion": 1 - survival,
        "P_gs": 1 - survival - appearance,
    }


def _populations(eigen: tuple[dict[str, Any], flint.acb_mat, flint.acb_mat, int], t: Fraction,
                 hbar: flint.arb) -> dict[str, Any]:
    """P_X = |c_X|^2 <lambda_X|lambda_X> e^{-Gamma_X t/hbar}, |1> = c_L|lambda_L> + c_S|lambda_S>."""
    balls, left, right, i = eigen
    tau = arb_of(t) / hbar
    out = {}
    for name, k, width in (("P_L", i, balls["gamma_L"]), ("P_S", 1 - i, balls["gamma_S"])):
        u, v = (left[k, 0], left[k, 1]), (right[0, k], right[1, k])
        c = u[0] / (u[0] * v[0] + u[1] * v[1])  # component of |1> along the right eigenvector v
        out[name] = abs(c) ** 2 * (abs(v[0]) ** 2 + abs(v[1]) ** 2) * (-width * tau).exp()
    return out


def _scales(inputs: EigenInputs, balls: dict[str, Any], hbar: flint.arb) -> dict[str, Any]:
    """tau_osc, tau_S, tau_L; None where the rate is exactly zero (decided from the exact inputs)."""
    no_oscillation = inputs.delta == 0 and inputs.gamma >= 4 * inputs.m21  # E_L = E_S exactly
    return {
        "tau_osc": None if no_oscillation else 2 * flint.arb.pi() * hbar / abs(balls["E_L"] - balls["E_S"]),
        "tau_S": None if inputs.gamma == 0 else hbar / balls["gamma_S"],
        "tau_L": None if inputs.gamma == 0 or inputs.m21 == 0 else hbar / balls["gamma_L"],
    }


def certify_evolution(inputs: EigenInputs, times: tuple[Fraction, ...], dps: int, *,
                      max_digits: int | None = None) -> CertifiedEvolution:
    """Balls of the time quantities at each time (s) and of the time scales, narrower than 10^-(dps + 3).

    At the exceptional point the matrix exponential still exists; P_L, P_S and the time scales
    are None there.  Exact zeros (nothing happened yet, nothing mixes, nothing decays) are exact.
    """
    from .evolution import structural_zeros_at

    want = dps + 3
    # e^{-iH t/hbar} carries phases up to ||H|| t/hbar: that many more digits before any is right
    phase_digits = max((decimal_digits_of(inputs.norm_bound() * t * 10**16) for t in times if t > 0), default=0)
    digits = want + inputs.scale_digits() + phase_digits + 10
    ceiling = ((max_digits if max_digits is not None else 20 * dps + 4000)
               + max(inputs.scale_digits(), inputs.span_digits()) + phase_digits)
    while True:
        bits = bits_for(digits)
        with flint_precision(bits):
            try:
                rows, scales = _evolution_balls(inputs, times)
            except _NotYet:
                rows = None
            if rows is not None:
                for row, t in zip(rows, times):
                    for name in structural_zeros_at(inputs, t):
                        row[name] = flint.arb(0)
                narrow = [b for row in rows for b in row.values() if b is not None]
                narrow += [b for b in scales.values() if b is not None]
                if all(_narrow(b, want) for b in narrow):
                    return CertifiedEvolution(inputs, times, rows, scales, bits)
        if digits >= ceiling:
            raise CertificationError(
                f"the time history cannot be enclosed to {dps} digits within {ceiling} digits of precision"
            )
        digits = min(ceiling, int(digits * 1.6) + 10)


def _evolution_balls(inputs: EigenInputs, times: tuple[Fraction, ...]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    H, hbar = _matrix(inputs), _hbar()
    eigen = None if inputs.at_exceptional_point else _eigen_balls(inputs)
    rows = []
    for t in times:
        row = _time_balls(t, H, hbar)
        row.update(dict.fromkeys(POPULATIONS) if eigen is None else _populations(eigen, t, hbar))
        rows.append(row)
    scales = dict.fromkeys(SCALE_NAMES) if eigen is None else _scales(inputs, eigen[0], hbar)
    return rows, scales


def ball_strings(ball: Any, dps: int) -> dict[str, Any]:
    """{'mid': ..., 'rad': ...} for a real ball, or {'re': {...}, 'im': {...}} for a complex one."""
    def one(x: flint.arb) -> dict[str, str]:
        return {"mid": x.mid().str(dps, radius=False), "rad": x.rad().str(3, radius=False)}

    with flint_precision(max(bits_for(dps + 10), 64)):
        if isinstance(ball, flint.acb):
            return {"re": one(ball.real), "im": one(ball.imag)}
        return one(ball)
