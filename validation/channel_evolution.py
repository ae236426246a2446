"""Reference time history with N daughter channels, at any precision, from the matrix H itself.

- amplitudes from mpmath's matrix exponential of -i H t/hbar (``ctx.expm``): survival and the
  appearance of each daughter;
- the total P_gs from probability conservation, 1 - survival - sum_i appearance_i, at a working
  precision above the cancellation (checked by the digit count);
- P_gs per channel, (Gamma_i/hbar) int_0^t |<2_i|1(t')>|^2 dt', from mpmath's eigenvalues and left
  and right eigenvectors, |1(t)> = sum_r e^{-i lambda_r t/hbar} |r><r~|1>, integrated term by term;
  where eigenvalues are too close for that (degenerate daughters, exceptional points), from the
  exponential of the linear equation of the density matrix, d rho/dt = -i[H rho - rho H^dagger],
  with the fed populations as extra components (every mode decays: nothing grows).

The per-channel values must add up to the total from conservation: the reported digits of P_gs
are the fewer of the two checks (precision and routes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import mpmath

from ..quantities import CHANNEL_TIME, TIME, names
from .channels import ChannelSystem, working_digits
from .eigensystem import format_value
from .evolution import hbar_ev_s
from .exact import ExactInput, to_context, to_fraction
from .precision import agreement_digits, private_context

__all__ = ["history_at", "ChannelHistory", "channel_history", "REFERENCE_TIME_NAMES"]

#: The keys of each time record: the 2x2 totals that need no eigenstates, then the per-channel values.
REFERENCE_TIME_NAMES = tuple(n for n in names(TIME) if n not in ("P_L", "P_S")) + names(CHANNEL_TIME)


def _widths(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem) -> mpmath.matrix:
    n = system.n
    G = ctx.matrix(n, n)
    for i in range(n):
        for j in range(n):
            if system.width is None:
                G[i, j] = to_context(ctx, system.channels[i].gamma) if i == j else 0
            else:
                re, im = system.width[i][j]
                G[i, j] = ctx.mpc(to_context(ctx, re), to_context(ctx, im))
    return G


def _separated(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem, vals: list[Any]) -> bool:
    scale = to_context(ctx, system.norm_bound())
    floor = scale * ctx.mpf(10) ** (-(ctx.dps // 3))
    return all(abs(vals[i] - vals[j]) > floor for i in range(len(vals)) for j in range(i))


def _by_eigenvectors(ctx, system, H, G, tau):  # type: ignore[no-untyped-def]
    """Fed populations per channel from the eigen-decomposition, or None where eigenvalues are too close."""
    vals, left, right = ctx.eig(H, left=True, right=True)
    vals = list(vals)
    if not _separated(ctx, system, vals):
        return None
    n1 = system.n + 1
    coef = []  # amplitude vectors a_r: |1(tau)> = sum_r e^{-i lambda_r tau} a_r
    for r in range(n1):
        R = right[:, r]
        L = left[r, :]
        norm = (L * R)[0]
        coef.append([R[k] * L[0] / norm for k in range(n1)])
    J = [[None] * n1 for _ in range(n1)]
    for r in range(n1):
        for s in range(n1):
            kappa = vals[r] - ctx.conj(vals[s])
            J[r][s] = tau if kappa == 0 else (1 - ctx.exp(-1j * kappa * tau)) / (1j * kappa)
    out = []
    for i in range(system.n):
        total = ctx.mpc(0)
        for r in range(n1):
            for s in range(n1):
                total += coef[r][i + 1] * ctx.conj(coef[s][i + 1]) * J[r][s]
        out.append(G[i, i] * ctx.re(total))
    return out


def _by_density_matrix(ctx, system, H, G, tau, per_channel):  # type: ignore[no-untyped-def]
    """Fed populations from exp(B tau) of the density-matrix equation with integrators (module docstring)."""
    n1 = system.n + 1
    n = system.n
    ny = n if per_channel else 1
    size = n1 * n1 + ny
    B = ctx.matrix(size, size)
    for a in range(n1):
        for b in range(n1):
            row = a * n1 + b
            for c in range(n1):
                # (-i H rho)_ab = -i sum_c H_ac rho_cb ; (i rho H^dagger)_ab = i sum_c rho_ac conj(H_bc)
                B[row, c * n1 + b] += -1j * H[a, c]
                B[row, a * n1 + c] += 1j * ctx.conj(H[b, c])
    for i in range(n):
        if per_channel:
            B[n1 * n1 + i, (i + 1) * n1 + (i + 1)] = G[i, i]
        else:
            for j in range(n):
                B[n1 * n1, (j + 1) * n1 + (i + 1)] += G[i, j]
    U = ctx.expm(B * tau)
    return [ctx.re(U[n1 * n1 + k, 0]) for k in range(ny)]


def history_at(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem, t: Fraction) -> dict[str, Any]:
    """Time quantities at one time ``t`` (s) at ``ctx``'s precision; per-channel values as lists.

    ``P_gs_channels`` is None for a full width block (the ground states are fed by the block as a whole).
    The value under ``"_P_gs_routes"`` is the sum of the per-channel values, for the cross-check.
    """
    tau = to_context(ctx, t) / hbar_ev_s(ctx)
    H = system.matrix(ctx)
    G = _widths(ctx, system)
    U = ctx.expm(-1j * H * tau)
    survival = abs(U[0, 0]) ** 2
    app = [abs(U[i + 1, 0]) ** 2 for i in range(system.n)]
    total = 1 - survival - sum(app)
    per_channel = system.width is None
    if t == 0:
        fed = [ctx.zero] * (system.n if per_channel else 1)
    else:
        fed = (_by_eigenvectors(ctx, system, H, G, tau) if per_channel else None)
        if fed is None:
            fed = _by_density_matrix(ctx, system, H, G, tau, per_channel)
    out = {
        "survival": survival,
        "appearance": sum(app),
        "depletion": 1 - survival,
        "P_gs": total,
        "appearance_channels": app,
        "P_gs_channels": fed if per_channel else None,
        "_P_gs_routes": sum(fed),
    }
    return out


def _zero_by_structure(system: ChannelSystem, t: Fraction, key: str, k: int | None) -> bool:
    """Values exactly 0: nothing has happened (t = 0), a channel is uncoupled or does not decay."""
    if t == 0 and key != "survival":
        return True
    if k is not None:
        c = system.channels[k]
        return c.m21 == 0 or (key == "P_gs_channels" and c.gamma == 0 and system.width is None)
    uncoupled = all(c.m21 == 0 for c in system.channels)
    stable = all(c.gamma == 0 for c in system.channels) and system.width is None
    return uncoupled and key != "survival" or (stable and key == "P_gs")


def _digits(system, t, key, prev, cur, dps):  # type: ignore[no-untyped-def]
    if cur is None:
        return None
    if isinstance(cur, list):
        return [_one(system, t, key, k, p, c, dps) for k, (p, c) in enumerate(zip(prev, cur))]
    return _one(system, t, key, None, prev, cur, dps)


def _one(system, t, key, k, prev, cur, dps):  # type: ignore[no-untyped-def]
    if cur == 0:
        return dps if _zero_by_structure(system, t, key, k) else 0
    return agreement_digits(prev, cur, cap=dps)


@dataclass(frozen=True)
class ChannelHistory:
    """Reference time history: one record per time, each value with its checked digits."""

    system: ChannelSystem
    times: tuple[Fraction, ...]
    dps: int
    working_dps: int
    values: list[dict[str, Any]]
    digits: list[dict[str, Any]]
    context: mpmath.ctx_mp.MPContext = field(repr=False)

    def as_strings(self) -> list[dict[str, Any]]:
        """Per-time records as decimal strings (lists for the per-channel values, None where absent)."""
        rows = []
        for row, dig in zip(self.values, self.digits):
            out: dict[str, Any] = {}
            for key in REFERENCE_TIME_NAMES:
                v, d = row[key], dig[key]
                if v is None:
                    out[key] = None
                elif isinstance(v, list):
                    out[key] = [format_value(self.context, x, self.dps, dx) for x, dx in zip(v, d)]
                else:
                    out[key] = format_value(self.context, v, self.dps, d)
            rows.append(out)
        return rows


def channel_history(
    system: ChannelSystem, times: Sequence[ExactInput], *, dps: int = 50, max_working_dps: int | None = None
) -> ChannelHistory:
    """Time quantities at each of ``times`` (s) to ``dps`` checked digits.  Exists at exceptional points.

    Examples
    --------
    >>> from atommix.validation.channels import channel_system
    >>> sys2 = channel_system([("910", "23", "1e-24"), ("1100", "30", "5e-25")])
    >>> h = channel_history(sys2, ["1.420092e17"], dps=20)
    >>> h.as_strings()[0]["P_gs"], h.digits[0]["P_gs"]
    ('7.3284182349112196902e-21', 20)
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    exact = tuple(to_fraction("t", x, minimum=Fraction(0), what="time in s") for x in times)
    ceiling = max_working_dps if max_working_dps is not None else 20 * dps + 3000
    wp = working_digits(system, dps)
    prev = [history_at(private_context(wp), system, t) for t in exact]
    while True:
        wp_next = wp + max(20, wp // 2)
        ctx = private_context(wp_next)
        cur = [history_at(ctx, system, t) for t in exact]
        digits = []
        for t, p, c in zip(exact, prev, cur):
            d = {k: _digits(system, t, k, p[k], c[k], dps) for k in REFERENCE_TIME_NAMES}
            # the two routes to the total must agree as far as the digits claim
            if c["P_gs"] != 0 or c["_P_gs_routes"] != 0:
                d["P_gs"] = min(d["P_gs"], agreement_digits(c["_P_gs_routes"], c["P_gs"], cap=dps)
                                if c["P_gs"] != 0 else 0)
            digits.append(d)
        flat = [x for d in digits for v in d.values() if v is not None for x in (v if isinstance(v, list) else [v])]
        if not flat or min(flat) >= dps or wp_next >= ceiling:
            return ChannelHistory(system, exact, dps, wp_next, cur, digits, ctx)
        prev, wp = cur, wp_next
