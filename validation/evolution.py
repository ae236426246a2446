"""Reference time history at any precision, by routes independent of the closed forms.

- amplitudes from mpmath's matrix exponential of -i H t/hbar (``ctx.expm``);
- P_gs from probability conservation, 1 - |A1|^2 - |A2|^2, at a working
  precision high enough for the cancellation (checked by the digit count), and
  by numerical quadrature of Gamma |A2|^2/hbar (:func:`ground_state_by_quadrature`)
  where the integrand's oscillations can be resolved;
- P_L, P_S from mpmath's eigenvectors: |1> = c_L|lambda_L> + c_S|lambda_S>, P_X(t)
  = |c_X|^2 <lambda_X|lambda_X> e^{-Gamma_X t/hbar}.

hbar = h/(2 pi e) in eV s is computed at the working precision from the exact SI
values of h and e.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import mpmath

from ..literature import si_exact
from ..quantities import SCALE, TIME, names
from .eigensystem import EigenInputs, diagonalize, format_value, initial_working_dps
from .exact import ExactInput, to_context, to_fraction
from .precision import agreement_digits, private_context

__all__ = [
    "hbar_ev_s",
    "evolution_at",
    "time_scales",
    "ground_state_by_quadrature",
    "EvolutionReference",
    "reference_evolution",
    "TIME_NAMES",
    "SCALE_NAMES",
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


def evolution_at(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, t: Fraction) -> dict[str, mpmath.mpf | None]:
    """Time quantities at one time ``t`` (s), at ``ctx``'s precision.

    P_L and P_S are ``None`` at the exceptional point, where the eigenstates do not exist.
    """
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


def ground_state_by_quadrature(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, t: Fraction) -> mpmath.mpf:
    """P_gs(t) = Gamma/hbar int_0^t |A2|^2 dt' by Gauss-Legendre quadrature, |A2| from expm.

    The interval is split at every half period of the atom oscillation, so it
    is meant for t up to a few thousand tau_osc.
    """
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


def _structural_zeros(inputs: EigenInputs, t: Fraction) -> frozenset[str]:
    """Time quantities exactly zero at (inputs, t): nothing has happened, nothing mixes, or nothing decays."""
    zeros: dict[str, bool] = {}
    if t == 0 or inputs.m21 == 0:  # |1(t)> = e^{-i M1 t}|1>
        zeros.update(appearance=True, depletion=True, P_gs=True)
    if inputs.m21 == 0:  # |1> is |lambda_L> itself
        zeros.update(P_S=True)
    if inputs.gamma == 0:  # nothing decays to the ground state
        zeros.update(P_gs=True)
    return frozenset(zeros)


def _digits(prev, cur, dps, trusted_zero=False):  # type: ignore[no-untyped-def]
    if cur is None:
        return None
    if cur == 0 and not trusted_zero:
        return 0  # a zero that symmetry does not make exact is a lost value
    return agreement_digits(prev, cur, cap=dps)


def reference_evolution(
    delta: ExactInput,
    gamma: ExactInput,
    m21: ExactInput,
    phase: ExactInput = 0,
    times: tuple[ExactInput, ...] = (),
    *,
    dps: int = 50,
    max_working_dps: int | None = None,
) -> EvolutionReference:
    """Time quantities at each of ``times`` (s) and the time scales, to ``dps`` checked digits.

    Inputs are exact (decimal strings, ints, Fractions, Decimals or floats at their binary value).
    Unlike the eigen-quantities, the evolution exists at the exceptional point; there P_L,
    P_S and the time scales are reported as absent (``None``) with the reason in ``absent``.
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    inputs = EigenInputs.from_values(delta, gamma, m21, phase, allow_exceptional_point=True)
    exact_times = tuple(to_fraction("t", x, minimum=Fraction(0), what="time in s") for x in times)
    ceiling = max_working_dps if max_working_dps is not None else 20 * dps + 3000
    wp = initial_working_dps(inputs, dps) if not inputs.at_exceptional_point else dps + 15

    def run(prec: int):  # type: ignore[no-untyped-def]
        ctx = private_context(prec)
        return ctx, [evolution_at(ctx, inputs, x) for x in exact_times], time_scales(ctx, inputs)

    _, prev_rows, prev_scales = run(wp)
    while True:
        wp_next = wp + max(20, wp // 2)
        ctx, rows, scales = run(wp_next)
        digits = [
            {k: _digits(p[k], c[k], dps, k in _structural_zeros(inputs, x)) for k in TIME_NAMES}
            for p, c, x in zip(prev_rows, rows, exact_times)
        ]
        scale_digits = {k: _digits(prev_scales[k], scales[k], dps, True) for k in SCALE_NAMES}
        known = [d for row in digits for d in row.values() if d is not None]
        known += [d for d in scale_digits.values() if d is not None]
        if not known or min(known) >= dps or wp_next >= ceiling:
            break
        prev_rows, prev_scales, wp = rows, scales, wp_next
    absent: dict[str, str] = {}
    if inputs.at_exceptional_point:
        absent = {k: EXCEPTIONAL_REASON for k in (*EIGEN_ONLY, *SCALE_NAMES)}
    else:
        reasons = {"tau_osc": "E_L = E_S: no atom oscillation", "tau_S": "Gamma_S = 0: no decay", "tau_L": "Gamma_L = 0: no decay"}
        absent = {k: reasons[k] for k in SCALE_NAMES if scales[k] is None}
    return EvolutionReference(inputs, exact_times, dps, wp_next, rows, digits, scales, scale_digits, absent, ctx)
