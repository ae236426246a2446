"""Reference time history at any precision, from the matrix H itself, with proven digits.

- the certificate (:mod:`.certified`): python-flint's rigorous matrix exponential of
  -i H t/hbar and eigen-decomposition of H in ball arithmetic; every claimed digit is
  proven by its ball;
- the cross-check: mpmath's matrix exponential (``ctx.expm``) and eigensolver at a working
  precision above the scale gap and the phase ||H|| t/hbar, which must agree with the balls
  to every claimed digit (else :class:`~atommix.errors.EngineDisagreement`);
- P_gs = 1 - |A1|^2 - |A2|^2 (probability conservation) in both, and, as a third route for
  the tests, numerical quadrature of Gamma |A2|^2/hbar (:func:`ground_state_by_quadrature`);
- P_L, P_S from the eigenvectors: |1> = c_L|lambda_L> + c_S|lambda_S>,
  P_X(t) = |c_X|^2 <lambda_X|lambda_X> e^{-Gamma_X t/hbar}.

hbar = h/(2 pi e) in eV s is computed at the working precision from the exact SI
values of h and e.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import mpmath

from ..literature import si_exact
from ..quantities import SCALE, TIME, names
from .certified import certify_evolution
from .eigensystem import EigenInputs, ball_value, check_agreement, diagonalize, format_value, initial_working_dps
from .exact import ExactInput, check_context_and_inputs, decimal_digits_of, to_context, to_fraction
from .precision import private_context

__all__ = [
    "hbar_ev_s",
    "evolution_at",
    "time_scales",
    "ground_state_by_quadrature",
    "EvolutionReference",
    "reference_evolution",
    "TIME_NAMES",
    "SCALE_NAMES",
    "structural_zeros_at",
]

TIME_NAMES = names(TIME)
SCALE_NAMES = names(SCALE)
#: Time quantities that need the eigenstates (they do not exist at the exceptional point).
EIGEN_ONLY = ("P_L", "P_S")
EXCEPTIONAL_REASON = "H is not diagonalizable at the exceptional point (Delta = 0, Gamma = 4|M21|)"


def hbar_ev_s(ctx: mpmath.ctx_mp.MPContext) -> mpmath.mpf:
    """hbar in eV s at the context's precision, from the SI-exact h and e."""
    h, e = si_exact("h"), si_exact("e")
    return to_context(ctx, h) / to_context(ctx, e) / (2 * ctx.pi)


def evolution_at(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, t: ExactInput) -> dict[str, mpmath.mpf | None]:
    """Time quantities at one time ``t`` (s), at ``ctx``'s precision.

    P_L and P_S are ``None`` at the exceptional point, where the eigenstates do not exist.
    """
    check_context_and_inputs(ctx, inputs)
    t = to_fraction("t", t, minimum=Fraction(0), what="the time since the parent atom was produced, in s")
    tau = to_context(ctx, t) / hbar_ev_s(ctx)
    H = inputs.matrix(ctx)
    U = ctx.expm(-1j * H * tau)
    survival = abs(U[0, 0]) ** 2
    appearance = abs(U[1, 0]) ** 2
    out: dict[str, mpmath.mpf | None] = {
        "survival": survival,
        "appearance": appearance,
        "depletion": 1 - survival,
        "P_gs": 1 - survival - appearance,
        "P_L": None,
        "P_S": None,
    }
    if not inputs.at_exceptional_point:
        d = diagonalize(ctx, inputs)
        r_L = d.right_L / d.right_L[0]  # (1, alpha)
        r_S = d.right_S / d.right_S[1]  # (-beta*, 1)
        c_L = d.left_L[0] / (d.left_L * r_L)[0]  # component of |1> along |lambda_L>
        c_S = d.left_S[0] / (d.left_S * r_S)[0]
        norm_L = abs(r_L[0]) ** 2 + abs(r_L[1]) ** 2
        norm_S = abs(r_S[0]) ** 2 + abs(r_S[1]) ** 2
        out["P_L"] = abs(c_L) ** 2 * norm_L * ctx.exp(2 * ctx.im(d.lambda_L) * tau)
        out["P_S"] = abs(c_S) ** 2 * norm_S * ctx.exp(2 * ctx.im(d.lambda_S) * tau)
    return out


def time_scales(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs) -> dict[str, mpmath.mpf | None]:
    """tau_osc = 2 pi hbar/|E_L - E_S|, tau_S = hbar/Gamma_S, tau_L = hbar/Gamma_L (Eq. 3.6), in s.

    ``None`` where a scale is infinite (no oscillation, no decay) or at the exceptional point.
    """
    check_context_and_inputs(ctx, inputs)
    if inputs.at_exceptional_point:
        return dict.fromkeys(SCALE_NAMES)
    from .eigensystem import eigen_quantities

    v = eigen_quantities(ctx, inputs)
    hbar = hbar_ev_s(ctx)
    omega = abs(v["E_L"] - v["E_S"])
    return {
        "tau_osc": 2 * ctx.pi * hbar / omega if omega != 0 else None,
        "tau_S": hbar / v["gamma_S"] if v["gamma_S"] != 0 else None,
        "tau_L": hbar / v["gamma_L"] if v["gamma_L"] != 0 else None,
    }


def ground_state_by_quadrature(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, t: ExactInput) -> mpmath.mpf:
    """P_gs(t) = Gamma/hbar int_0^t |A2|^2 dt' by Gauss-Legendre quadrature, |A2| from expm.

    The interval is split at every half period of the atom oscillation, so it
    is meant for t up to a few thousand tau_osc.  ``t`` (s) is exact and >= 0.
    """
    check_context_and_inputs(ctx, inputs)
    t = to_fraction("t", t, minimum=Fraction(0), what="the time since the parent atom was produced, in s")
    hbar = hbar_ev_s(ctx)
    tau = to_context(ctx, t) / hbar
    H = inputs.matrix(ctx)
    gamma = to_context(ctx, inputs.gamma)

    def appearance(x):  # type: ignore[no-untyped-def]
        return abs(ctx.expm(-1j * H * x)[1, 0]) ** 2

    scale = abs(to_context(ctx, inputs.delta)) + gamma / 2 + 2 * to_context(ctx, inputs.m21)
    pieces = max(1, min(4000, int(ctx.ceil(scale * tau / ctx.pi))))
    edges = [tau * k / pieces for k in range(pieces + 1)]
    return gamma * ctx.quad(appearance, edges)


@dataclass(frozen=True)
class EvolutionReference:
    """Reference time history: per-time values, time scales, their checked digits, and reasons for absent values."""

    inputs: EigenInputs
    times: tuple[Fraction, ...]
    dps: int
    working_dps: int
    values: list[dict[str, mpmath.mpf | None]]
    digits: list[dict[str, int | None]]
    scales: dict[str, mpmath.mpf | None]
    scale_digits: dict[str, int | None]
    absent: dict[str, str]
    context: mpmath.ctx_mp.MPContext = field(repr=False)

    def as_strings(self) -> tuple[list[dict[str, str | None]], dict[str, str | None]]:
        """(per-time values, scales) as decimal strings with ``dps`` digits; absent values as None."""
        per_time = [
            {k: (None if v is None else format_value(self.context, v, self.dps, d[k] or 0)) for k, v in row.items()}
            for row, d in zip(self.values, self.digits)
        ]
        scales = {
            k: (None if v is None else format_value(self.context, v, self.dps, self.scale_digits[k] or 0))
            for k, v in self.scales.items()
        }
        return per_time, scales


def structural_zeros_at(inputs: EigenInputs, t: Fraction) -> frozenset[str]:
    """Time quantities exactly zero at (inputs, t): nothing has happened, nothing mixes, or nothing decays."""
    zeros: dict[str, bool] = {}
    if t == 0 or inputs.m21 == 0:  # |1(t)> = e^{-i M1 t}|1>
        zeros.update(appearance=True, depletion=True, P_gs=True)
    if inputs.m21 == 0:  # |1> is |lambda_L> itself
        zeros.update(P_S=True)
    if inputs.gamma == 0:  # nothing decays to the ground state
        zeros.update(P_gs=True)
    return frozenset(zeros)


def _times(times: object) -> tuple[Fraction, ...]:
    """The times as exact rationals (s), each >= 0; a single string or number is refused, not iterated."""
    if isinstance(times, (str, bytes)) or not isinstance(times, (tuple, list)):
        raise TypeError(f"times (the times since the parent atom was produced, in s) must be a tuple or list; got {times!r}")
    return tuple(to_fraction("t", x, minimum=Fraction(0), what="a time since the parent atom was produced, in s")
                 for x in times)


def reference_evolution(
    delta: ExactInput,
    gamma: ExactInput,
    m21: ExactInput,
    phase: ExactInput = 0,
    times: tuple[ExactInput, ...] | list[ExactInput] = (),
    *,
    dps: int = 50,
    max_working_dps: int | None = None,
) -> EvolutionReference:
    """Time quantities at each of ``times`` (s) and the time scales, to ``dps`` proven digits.

    Inputs are exact (decimal strings, ints, Fractions, Decimals or floats at their binary value).
    Unlike the eigen-quantities, the evolution exists at the exceptional point; there P_L,
    P_S and the time scales are reported as absent (``None``) with the reason in ``absent``.
    Every claimed digit is proven by python-flint's enclosures; mpmath's matrix exponential
    and eigensolver must agree with them (else :class:`~atommix.errors.EngineDisagreement`).
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    if max_working_dps is not None and (isinstance(max_working_dps, bool) or not isinstance(max_working_dps, int)
                                        or max_working_dps < 1):
        raise ValueError(f"max_working_dps (ceiling of the working precision) must be an integer >= 1; got {max_working_dps!r}")
    inputs = EigenInputs.from_values(delta, gamma, m21, phase, allow_exceptional_point=True)
    exact_times = _times(times)
    cert = certify_evolution(inputs, exact_times, dps, max_digits=max_working_dps)
    working = int(cert.bits / 3.3219280948873626)
    ctx = private_context(working + 10)
    values: list[dict[str, mpmath.mpf | None]] = []
    digits: list[dict[str, int | None]] = []
    radii: list[dict[str, object]] = []
    for row, t in zip(cert.rows, exact_times):
        zeros = structural_zeros_at(inputs, t)
        v, d, r = {}, {}, {}
        for name in TIME_NAMES:
            if row[name] is None:
                v[name] = d[name] = r[name] = None
                continue
            v[name], r[name], d[name] = ball_value(ctx, row[name], dps, name in zeros)
        values.append(v)
        digits.append(d)
        radii.append(r)
    scales: dict[str, mpmath.mpf | None] = {}
    scale_digits: dict[str, int | None] = {}
    scale_radii: dict[str, object] = {}
    for name in SCALE_NAMES:
        ball = cert.scales[name]
        if ball is None:
            scales[name] = scale_digits[name] = scale_radii[name] = None
            continue
        scales[name], scale_radii[name], scale_digits[name] = ball_value(ctx, ball, dps)
    _cross_check(inputs, exact_times, dps, working, values, digits, radii, scales, scale_digits, scale_radii, ctx)
    absent: dict[str, str] = {}
    if inputs.at_exceptional_point:
        absent = {k: EXCEPTIONAL_REASON for k in (*EIGEN_ONLY, *SCALE_NAMES)}
    else:
        reasons = {"tau_osc": "E_L = E_S: no atom oscillation", "tau_S": "Gamma_S = 0: no decay", "tau_L": "Gamma_L = 0: no decay"}
        absent = {k: reasons[k] for k in SCALE_NAMES if scales[k] is None}
    return EvolutionReference(inputs, exact_times, dps, working, values, digits, scales, scale_digits, absent, ctx)


def _cross_check(inputs, times, dps, working, values, digits, radii, scales, scale_digits, scale_radii, ctx) -> None:  # type: ignore[no-untyped-def]
    """mpmath's expm and eigensolver against the certified balls, to every claimed digit."""
    phase_digits = max((decimal_digits_of(inputs.norm_bound() * t * 10**16) for t in times if t > 0), default=0)
    check = private_context(max(working, initial_working_dps(inputs, dps)) + phase_digits + 10)
    for t, v, d, r in zip(times, values, digits, radii):
        other = evolution_at(check, inputs, t)
        zeros = structural_zeros_at(inputs, t)  # exact by symmetry; mpmath's 1 - |A1|^2 - |A2|^2 is only rounding
        for name in TIME_NAMES:
            if v[name] is not None and other[name] is not None and name not in zeros:
                check_agreement(name, ctx.mpf(other[name]), v[name], r[name], d[name], "mpmath's matrix exponential")
    if not inputs.at_exceptional_point:
        other_scales = time_scales(check, inputs)
        for name in SCALE_NAMES:
            if scales[name] is not None and other_scales[name] is not None:
                check_agreement(name, ctx.mpf(other_scales[name]), scales[name], scale_radii[name], scale_digits[name],
                                "mpmath's eigensolver")
