"""Reference eigen-quantities of one parent and N daughter channels, by mpmath's eigensolver on H itself.

H (relative to M1) is the (N+1) x (N+1) matrix with the parent level 0, the daughters'
block -(diag(Delta) + i Gamma/2) (Gamma diagonal, or a full Hermitian width block), and
<2_i|H|1> = M_i, <1|H|2_i> = M_i*.  Nothing here uses the secular equation of
:mod:`atommix.derivations.channels` or the kernels of :mod:`atommix.numeric`: the
eigenvalues and the left and right eigenvectors come from ``ctx.eig``, alpha_i = v_i/v_0 from
the right eigenvector of lambda_L, so agreement with the float64 values is a real check.

Which eigenvalue is lambda_L (the definition of :mod:`atommix.numeric.continuation`, checked
here by another route): where sum_i |M_i|^2 < min_i |z_i|^2/4 (decided in exact rational
arithmetic) it is the only eigenvalue within min_i |z_i|/2 of M1; elsewhere the eigenvalue
connected to the parent is followed by ``ctx.eig`` along H(eps) with the couplings scaled by
sqrt(eps), eps from 0 to 1, matching each step to the nearest eigenvalue only when that match is
unambiguous; a path through a branch point is followed with the parent lifted by a small eta and
then eta taken back to 0 (the limit eta -> 0+).  Digits are checked by recomputing at a higher
working precision, as for the 2x2 references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import mpmath

from ..errors import ExceptionalPointError
from ..quantities import CHANNEL, names
from .eigensystem import format_value
from .exact import ExactInput, to_context, to_fraction
from .precision import agreement_digits, private_context

__all__ = [
    "ExactChannel",
    "ChannelSystem",
    "channel_system",
    "ChannelReference",
    "channel_reference",
    "label_lambda_L",
    "channel_quantities",
    "working_digits",
    "CHANNEL_REFERENCE_NAMES",
]


def _key(name: str) -> str:
    return name.removesuffix("_coupled")


#: The eigen-quantities of the reference, under their record keys (from the quantity table).
CHANNEL_REFERENCE_NAMES = tuple(_key(n) for n in names(CHANNEL))
#: lambda_L and its parts: exactly 0 where nothing is coupled.
_SCALAR_VALUES = frozenset(k for k in CHANNEL_REFERENCE_NAMES if not k.endswith("_channels") and k != "condition")


@dataclass(frozen=True)
class ExactChannel:
    """One daughter channel, exact: Delta_i, Gamma_i, |M_i| (eV) and arg M_i (rad)."""

    delta: Fraction
    gamma: Fraction
    m21: Fraction
    phase: Fraction = Fraction(0)


@dataclass(frozen=True)
class ChannelSystem:
    """The exact parameters of one parent and N channels; ``width`` a full block as (re, im) Fractions, or None."""

    channels: tuple[ExactChannel, ...]
    width: tuple[tuple[tuple[Fraction, Fraction], ...], ...] | None = None

    @property
    def n(self) -> int:
        return len(self.channels)

    def matrix(self, ctx: mpmath.ctx_mp.MPContext, *, eps: Any = 1, eta: Any = 0) -> mpmath.matrix:
        """H - M1 at the context's precision, couplings scaled by sqrt(eps), parent lifted by eta."""
        n = self.n
        H = ctx.matrix(n + 1, n + 1)
        H[0, 0] = eta
        root = ctx.sqrt(eps)
        for i, c in enumerate(self.channels, start=1):
            m = to_context(ctx, c.m21) * ctx.expjpi(to_context(ctx, c.phase) / ctx.pi) * root
            H[i, 0] = m
            H[0, i] = ctx.conj(m)
            H[i, i] = -to_context(ctx, c.delta)
            if self.width is None:
                H[i, i] -= 0.5j * to_context(ctx, c.gamma)
        if self.width is not None:
            for i in range(n):
                for j in range(n):
                    re, im = self.width[i][j]
                    H[i + 1, j + 1] -= 0.5j * ctx.mpc(to_context(ctx, re), to_context(ctx, im))
        return H

    def weak_mixing(self) -> bool:
        """sum_i |M_i|^2 < min_i |z_i|^2/4 over the coupled channels, exactly (independent widths only)."""
        if self.width is not None:
            return False
        coupled = [c for c in self.channels if c.m21 != 0]
        if not coupled:
            return True
        d2 = min(c.delta**2 + c.gamma**2 / 4 for c in coupled)
        return 4 * sum(c.m21**2 for c in coupled) < d2

    def pole_radius_squared(self) -> Fraction:
        """min_i |z_i|^2 over the coupled channels (independent widths)."""
        coupled = [c for c in self.channels if c.m21 != 0] or list(self.channels)
        return min(c.delta**2 + c.gamma**2 / 4 for c in coupled)

    def norm_bound(self) -> Fraction:
        """An upper bound on ||H||: the largest row sum of moduli (with |z| <= |Delta| + Gamma/2)."""
        rows = [sum((c.m21 for c in self.channels), Fraction(0))]
        for i, c in enumerate(self.channels):
            extra = Fraction(0)
            if self.width is not None:
                extra = sum((abs(re) + abs(im) for re, im in self.width[i]), Fraction(0))
            rows.append(abs(c.delta) + c.gamma / 2 + extra + c.m21)
        return max(rows)


def channel_system(
    channels: Sequence[dict[str, ExactInput] | Sequence[ExactInput]],
    width_matrix: Sequence[Sequence[Any]] | None = None,
) -> ChannelSystem:
    """Exact channels from dicts (delta, gamma, m21[, phase]) or tuples; errors name the channel and field."""
    if isinstance(channels, (str, bytes)) or not hasattr(channels, "__len__") or len(channels) < 1:
        raise ValueError(f"channels must list at least one daughter channel; got {channels!r}")
    out = []
    for k, ch in enumerate(channels, start=1):
        if isinstance(ch, dict):
            unknown = set(ch) - {"delta", "gamma", "m21", "phase"}
            if unknown or not {"delta", "m21"} <= set(ch) or (width_matrix is None and "gamma" not in ch):
                raise ValueError(f"channel {k} needs delta, gamma, m21 and optionally phase; got {sorted(ch)}")
            values = dict(ch)
        else:
            if not 3 <= len(ch) <= 4:
                raise ValueError(f"channel {k} needs (delta, gamma, m21[, phase]); got {ch!r}")
            values = dict(zip(("delta", "gamma", "m21", "phase"), ch))
        values.setdefault("phase", 0)
        values.setdefault("gamma", 0)
        out.append(ExactChannel(
            to_fraction("delta", values["delta"], what=f"channel {k}: Delta_{k} = M1 - M2_{k} in eV"),
            to_fraction("gamma", values["gamma"], minimum=Fraction(0), what=f"channel {k}: the width Gamma_{k} in eV"),
            to_fraction("m21", values["m21"], minimum=Fraction(0), what=f"channel {k}: the modulus |M_{k}| in eV"),
            to_fraction("phase", values["phase"], what=f"channel {k}: the phase of M_{k} in radians"),
        ))
    width = None
    if width_matrix is not None:
        n = len(out)
        if len(width_matrix) != n or any(len(row) != n for row in width_matrix):
            raise ValueError(f"width_matrix must be {n} x {n} for {n} channels")
        rows = []
        for i, row in enumerate(width_matrix):
            entries = []
            for j, v in enumerate(row):
                re, im = (v.real, v.imag) if isinstance(v, complex) else (v if isinstance(v, tuple) else (v, 0))
                entries.append((to_fraction("width_matrix", re, what=f"entry ({i + 1}, {j + 1})"),
                                to_fraction("width_matrix", im, what=f"entry ({i + 1}, {j + 1})")))
            rows.append(tuple(entries))
        for i in range(n):
            for j in range(n):
                if rows[i][j] != (rows[j][i][0], -rows[j][i][1]):
                    raise ValueError("width_matrix must be Hermitian, Gamma_ij = conj(Gamma_ji)")
        width = tuple(rows)
        out = [ExactChannel(c.delta, rows[i][i][0], c.m21, c.phase) for i, c in enumerate(out)]
    return ChannelSystem(tuple(out), width)


def working_digits(system: ChannelSystem, dps: int) -> int:
    """Starting precision: ``dps`` plus guard digits plus twice the decades between ||H|| and the smallest coupling.

    lambda_L - M1 ~ |M|^2/||H||, and the eigensolver's errors are ~10^-wp ||H||.
    """
    couplings = [c.m21 for c in system.channels if c.m21 > 0]
    if not couplings:
        return dps + 15
    ratio = system.norm_bound() / min(couplings)
    gap = max(0, 2 * (len(str(ratio.numerator)) - len(str(ratio.denominator)) + 1))
    return dps + 15 + gap


def _eig(ctx: mpmath.ctx_mp.MPContext, H: mpmath.matrix) -> tuple[list[Any], mpmath.matrix, mpmath.matrix]:
    vals, left, right = ctx.eig(H, left=True, right=True)
    return list(vals), left, right


def _nearest(values: list[Any], target: Any) -> tuple[int, Any, Any]:
    """Index of the value nearest ``target``, that distance and the second-nearest distance."""
    dist = [abs(v - target) for v in values]
    order = sorted(range(len(values)), key=lambda i: dist[i])
    second = dist[order[1]] if len(order) > 1 else mpmath.inf
    return order[0], dist[order[0]], second


def _track(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem, start: tuple[Any, Any], stop: tuple[Any, Any],
           lam: Any) -> Any:
    """The eigenvalue connected to ``lam`` at parameters ``start`` = (eps, eta), followed to ``stop``.

    A step is accepted when the new eigenvalue is the unambiguous nearest one to the prediction and
    moved by less than a quarter of the old one's distance to every other eigenvalue.
    """
    def params(s: Any) -> tuple[Any, Any]:
        return start[0] + s * (stop[0] - start[0]), start[1] + s * (stop[1] - start[1])

    def separation(vals: list[Any], i: int) -> Any:
        return min((abs(v - vals[i]) for j, v in enumerate(vals) if j != i), default=mpmath.inf)

    vals = list(ctx.eig(system.matrix(ctx, eps=start[0], eta=start[1]), left=False, right=False))
    i, _, _ = _nearest(vals, lam)
    lam, sep = vals[i], separation(vals, i)
    s, h = ctx.mpf(0), ctx.mpf(1) / 16
    prev_s, prev_lam = None, None
    floor = ctx.mpf(10) ** (-(ctx.dps * 2 // 3))
    for _ in range(20000):
        if s >= 1:
            return lam
        s_next = min(ctx.mpf(1), s + h)
        eps, eta = params(s_next)
        vals = list(ctx.eig(system.matrix(ctx, eps=eps, eta=eta), left=False, right=False))
        guess = lam if prev_s is None else lam + (lam - prev_lam) * (s_next - s) / (s - prev_s)
        i, d1, d2 = _nearest(vals, guess)
        if d1 < d2 / 4 and abs(vals[i] - lam) < sep / 4:
            prev_s, prev_lam, s, lam = s, lam, s_next, vals[i]
            sep = separation(vals, i)
            h = min(h * 2, ctx.mpf(1) / 8)
        else:
            h /= 2
            if h < floor:
                raise ArithmeticError("branch point on the path")
    raise ArithmeticError("too many steps")


def label_lambda_L(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem, vals: list[Any]) -> int:
    """Index of lambda_L among ``vals``, the eigenvalues of H at ``ctx``'s precision (module docstring)."""
    if system.weak_mixing():
        i, d1, _ = _nearest(vals, ctx.zero)
        radius = ctx.sqrt(to_context(ctx, system.pole_radius_squared())) / 2
        inside = [v for v in vals if abs(v) < radius]
        if len(inside) != 1:
            raise ArithmeticError("weak mixing, but not exactly one eigenvalue near M1: precision too low")
        return i
    track = private_context(min(ctx.dps, working_digits(system, 15)))
    try:
        lam = _track(track, system, (0, 0), (1, 0), track.zero)
    except ArithmeticError:
        eta0 = to_context(track, system.norm_bound()) * track.mpf(2) ** -16
        try:
            lam = _track(track, system, (0, eta0), (1, eta0), eta0)
            lam = _track(track, system, (1, eta0), (1, 0), lam)
        except ArithmeticError:
            if track.dps < working_digits(system, 15):
                raise  # the caller retries at a higher precision
            # The lifted path is stuck as the lift goes to 0: lambda_L meets another eigenvalue at the
            # point itself (an exceptional point), as the float64 layer reports it.
            raise ExceptionalPointError(
                "lambda_L is not isolated: its path meets a branch point of H that no lift of the parent "
                "resolves (an exceptional point of H)") from None
    i, d1, d2 = _nearest(vals, ctx.mpc(lam))
    if not d1 < d2 / 4:
        raise ArithmeticError("lambda_L is not separated from another eigenvalue")
    return i


def channel_quantities(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem) -> dict[str, Any]:
    """The eigen-quantities (record keys) at ``ctx``'s precision, from ``ctx.eig`` of H."""
    H = system.matrix(ctx)
    vals, left, right = _eig(ctx, H)
    i_L = label_lambda_L(ctx, system, vals)
    lam = ctx.mpc(vals[i_L])
    scale = to_context(ctx, system.norm_bound())
    gap = min((abs(v - lam) for j, v in enumerate(vals) if j != i_L), default=mpmath.inf)
    if gap <= scale * ctx.mpf(10) ** (-(ctx.dps // 3)):
        raise ExceptionalPointError("lambda_L is degenerate with another eigenvalue of H (an exceptional point)")
    v = right[:, i_L]
    u = left[i_L, :]
    alpha = [v[k] / v[0] for k in range(1, system.n + 1)]
    values = {
        "lambda_L": lam,
        "E_L": ctx.re(lam),
        "gamma_L": -2 * ctx.im(lam),
        "mixing_channels": [abs(a) ** 2 for a in alpha],
        "alpha_channels": alpha,
        "condition": ctx.norm(u, 2) * ctx.norm(v, 2) / abs((u * v)[0]),
    }
    return {k: values[k] for k in CHANNEL_REFERENCE_NAMES}


def _is_zero_by_symmetry(system: ChannelSystem, key: str, k: int | None) -> bool:
    """A value that is exactly 0 by the structure of H: uncoupled channels, or no widths at all."""
    if key in ("mixing_channels", "alpha_channels") and k is not None:
        return system.channels[k].m21 == 0
    uncoupled = all(c.m21 == 0 for c in system.channels)
    hermitian = system.width is None and all(c.gamma == 0 for c in system.channels) or (
        system.width is not None and all(re == 0 and im == 0 for row in system.width for re, im in row))
    if key in _SCALAR_VALUES and uncoupled:
        return True
    return key == "gamma_L" and hermitian


def _digits(system: ChannelSystem, key: str, prev: Any, cur: Any, dps: int) -> Any:
    if isinstance(cur, list):
        return [_digits_one(system, key, k, p, c, dps) for k, (p, c) in enumerate(zip(prev, cur))]
    return _digits_one(system, key, None, prev, cur, dps)


def _digits_one(system: ChannelSystem, key: str, k: int | None, prev: Any, cur: Any, dps: int) -> int:
    if cur == 0 and not _is_zero_by_symmetry(system, key, k):
        return 0
    return agreement_digits(prev, cur, cap=dps)


def _min_digits(d: Any) -> int:
    return min(d) if isinstance(d, list) else d


@dataclass(frozen=True)
class ChannelReference:
    """Reference eigen-quantities (record keys; per-channel values as lists) with their checked digits."""

    system: ChannelSystem
    dps: int
    working_dps: int
    values: dict[str, Any]
    digits: dict[str, Any]
    context: mpmath.ctx_mp.MPContext = field(repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def as_strings(self) -> dict[str, Any]:
        """Decimal strings with ``dps`` digits (complex as re/im), per-channel values as lists."""
        out: dict[str, Any] = {}
        for key, v in self.values.items():
            d = self.digits[key]
            if isinstance(v, list):
                out[key] = [format_value(self.context, x, self.dps, dx) for x, dx in zip(v, d)]
            else:
                out[key] = format_value(self.context, v, self.dps, d)
        return out


def channel_reference(system: ChannelSystem, *, dps: int = 50, max_working_dps: int | None = None) -> ChannelReference:
    """Eigen-quantities of ``system`` to ``dps`` digits, each with its checked digit count.

    Examples
    --------
    >>> sys2 = channel_system([("910", "23", "1e-24"), ("1100", "30", "5e-25")])
    >>> ref = channel_reference(sys2, dps=30)
    >>> ref.as_strings()["gamma_L"], ref.digits["gamma_L"]
    ('3.39671831666935835462047885239e-53', 30)
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    ceiling = max_working_dps if max_working_dps is not None else 20 * dps + 2000
    wp = working_digits(system, dps)
    ctx = private_context(wp)
    prev = _quantities_or_retry(ctx, system, ceiling)
    while True:
        wp = ctx.dps
        wp_next = wp + max(20, wp // 2)
        ctx.dps = wp_next
        cur = channel_quantities(ctx, system)
        digits = {k: _digits(system, k, prev[k], cur[k], dps) for k in cur}
        if min(_min_digits(d) for d in digits.values()) >= dps or wp_next >= ceiling:
            return ChannelReference(system, dps, wp_next, cur, digits, ctx)
        prev = cur


def _quantities_or_retry(ctx: mpmath.ctx_mp.MPContext, system: ChannelSystem, ceiling: int) -> dict[str, Any]:
    """The quantities at ``ctx``'s precision, raising it while the labelling cannot yet resolve lambda_L."""
    while True:
        try:
            return channel_quantities(ctx, system)
        except ArithmeticError:
            if ctx.dps * 2 > ceiling:
                raise
            ctx.dps = ctx.dps * 2
