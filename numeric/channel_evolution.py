"""Time history of an initially pure parent atom with N daughter channels, in float64.

From the roots and residues of :mod:`.channel_roots` (lambda_L first):

    A1(t)  = e^{-i lambda_L tau} [1 + sum_{r != L} d_r expm1(-i (lambda_r - lambda_L) tau)],
    A2i(t) = e^{-i lambda_L tau} sum_{r != L} c_ir expm1(-i (lambda_r - lambda_L) tau),

tau = t/hbar, using sum_r d_r = 1 and sum_r c_ir = 0 (A1(0) = 1, A2i(0) = 0), so nothing cancels
as t -> 0 (the 2x2 program's phi function, for N roots).  survival = |A1|^2, appearance per
channel |A2i|^2, and the population of the daughter ground state fed by channel i,
P_gs,i = (Gamma_i/hbar) int_0^t |A2i|^2 dt', by regime, as for the 2x2 kernels:

- |lambda_r - lambda_L| t/hbar <= 2 for every root (and sum Gamma_i t/hbar <= 2): Gauss-Legendre
  on [0, t] (20 nodes, exact for the polynomial the integrand is to rounding);
- |lambda_r - lambda_L| t/hbar >= 1 for every root r != L: the closed form
  Gamma_i sum_{r,s} c_ir c_is* tau phi1(-i (lambda_r - lambda_s*) tau), phi1(x) = (e^x - 1)/x;
- between (roots on very different scales): composite Gauss-Legendre over panels of 2 hbar/scale.

depletion = 1 - survival is computed as sum appearance + sum P_gs (never as 1 - survival, which is
0 in float64 at real atoms).  Points where the roots cannot be separated (an exceptional point of
H) take the matrix-exponential route of :mod:`.channel_expm`; points whose coupled daughters all
share one pole take the 2x2 kernels with the combined coupling (:func:`atommix.numeric.evolution`),
split by |M_i|^2 (the amplitudes of such daughters are proportional to M_i).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..quantities import CHANNEL_TIME, PARAMETERS, TIME, names
from .channel_expm import kronecker_history
from .channel_parameters import channel_inputs
from .channel_roots import find_roots, merged_problem
from .channels import check_scales, prepare, solve_lambda_L
from .evolution import HBAR_EV_S, evolution as evolution_2x2
from .parameters import as_real_array, require_time

__all__ = ["ChannelEvolution", "CHANNEL_TIME_NAMES", "channel_evolution", "QUADRATURE_NODES", "MAX_PANELS"]

#: Time quantities of the 2x2 table that need no eigenstate populations: the totals of a channel history.
_TOTALS = tuple(n for n in names(TIME) if n not in ("P_L", "P_S"))
#: Fields of :class:`ChannelEvolution`: the totals, then the per-channel quantities.
CHANNEL_TIME_NAMES: tuple[str, ...] = _TOTALS + names(CHANNEL_TIME)
#: Gauss-Legendre nodes per panel.
QUADRATURE_NODES = 20
#: Most panels of the composite quadrature between the short- and long-time regimes.
MAX_PANELS = 4096
_BLOCK = 2048

ChannelEvolution = NamedTuple(  # type: ignore[misc]
    "ChannelEvolution", [(n, NDArray[np.float64]) for n in CHANNEL_TIME_NAMES]
)
ChannelEvolution.__doc__ = (
    "Time history with N daughter channels: " + ", ".join(CHANNEL_TIME_NAMES)
    + " (per-channel values on the last axis; P_gs_channels is None for a full width block)."
)

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(QUADRATURE_NODES)
_NODES = (_NODES + 1) / 2
_WEIGHTS = _WEIGHTS / 2


def _phi1(x: NDArray[np.complex128]) -> NDArray[np.complex128]:
    with np.errstate(all="ignore"):
        return np.where(x == 0, 1.0, np.expm1(x) / np.where(x == 0, 1.0, x))


def _amplitudes(lam_L: Any, lam: Any, d: Any, c: Any, tau: Any) -> tuple[Any, Any]:
    """A1 (E,) and A2 in the pole basis (E, N) at tau (E,), factored by e^{-i lambda_L tau} where it cannot overflow."""
    x = -1j * (lam - lam_L[:, None]) * tau[:, None]
    x[:, 0] = 0
    growth = np.max(x.real, axis=-1)
    eL = np.exp(-1j * lam_L * tau)
    with np.errstate(all="ignore"):
        em = np.expm1(x)
        A1 = eL * (1 + np.sum(d * em, axis=-1))
        A2 = eL[:, None] * np.einsum("eir,er->ei", c, em)
        direct = growth > 600  # e^{x} would overflow: the plain sum of decaying exponentials instead
        if direct.any():
            ex = np.exp(-1j * lam[direct] * tau[direct, None])
            A1[direct] = np.sum(d[direct] * ex, axis=-1)
            A2[direct] = np.einsum("eir,er->ei", c[direct], ex)
    return A1, A2


def _fed(A2: Any, widths: Any, diagonal: bool) -> Any:
    """Rate of feeding the ground states: Gamma_i |A2_i|^2 per channel, or A2^dagger Gamma A2 in total."""
    if diagonal:
        return widths * np.abs(A2) ** 2
    return np.einsum("...i,...ij,...j->...", np.conj(A2), widths, A2).real[..., None]


def _to_channels(A2: Any, R: Any) -> Any:
    return A2 if R is None else np.einsum("...ik,...k->...i", R, A2)


def _ground_state(lam_L, lam, valid, d, c, R, widths, diagonal, tau):  # type: ignore[no-untyped-def]
    """P_gs per channel (E, N) (or the total, (E, 1)) by regime (module docstring)."""
    E = tau.shape[0]
    sep = np.abs(lam - lam_L[:, None])
    total_width = np.sum(np.abs(widths if diagonal else np.diagonal(widths, axis1=-2, axis2=-1)), axis=-1)
    scale = np.maximum(np.max(np.where(valid, sep, 0.0), axis=-1), total_width)
    inner = valid.copy()
    inner[:, 0] = False
    gap = np.min(np.where(inner, sep, np.inf), axis=-1)
    quad = scale * tau <= 2
    closed = ~quad & ((gap * tau >= 1) | (scale * tau > 2 * MAX_PANELS))
    out = np.zeros((E, c.shape[1] if diagonal else 1))
    if quad.any():
        out[quad] = _panels(lam_L[quad], lam[quad], d[quad], c[quad], R if R is None else R[quad],
                            widths[quad], diagonal, np.zeros(int(quad.sum())), tau[quad]) * tau[quad, None]
    if closed.any():
        cc = _to_channels_residues(c[closed], None if R is None else R[closed])
        kappa = lam[closed][:, :, None] - np.conj(lam[closed][:, None, :])
        J = tau[closed, None, None] * _phi1(-1j * kappa * tau[closed, None, None])
        if diagonal:
            val = np.einsum("eir,eis,ers->ei", cc, np.conj(cc), J).real * widths[closed]
        else:
            val = np.einsum("eis,eij,ejr,ers->e", np.conj(cc), widths[closed], cc, J).real[:, None]
        out[closed] = val
    mixed = ~quad & ~closed
    for e in np.flatnonzero(mixed):
        panels = int(np.ceil(scale[e] * tau[e] / 2))
        edges = np.linspace(0.0, tau[e], panels + 1)
        width = edges[1] - edges[0]
        starts = edges[:-1]
        sl = slice(e, e + 1)
        rep = lambda a: None if a is None else np.repeat(a[sl], panels, axis=0)  # noqa: E731
        part = _panels(rep(lam_L), rep(lam), rep(d), rep(c), rep(R), rep(widths), diagonal, starts,
                       np.full(panels, width))
        out[e] = np.sum(part, axis=0) * width
    return out


def _to_channels_residues(c: Any, R: Any) -> Any:
    return c if R is None else np.einsum("eik,ekr->eir", R, c)


def _panels(lam_L, lam, d, c, R, widths, diagonal, start, length):  # type: ignore[no-untyped-def]
    """Gauss-Legendre mean of the feeding rate over [start, start + length] (per element), times 1."""
    n = start.shape[0]
    acc = 0.0
    for x, w in zip(_NODES, _WEIGHTS):
        at = start + x * length
        _, A2 = _amplitudes(lam_L, lam, d, c, at)
        acc = acc + w * _fed(_to_channels(A2, R), widths, diagonal)
    return acc if n else np.zeros((0, c.shape[1] if diagonal else 1))


def channel_evolution(
    delta: ArrayLike,
    gamma: ArrayLike | None,
    m21: ArrayLike,
    phase: ArrayLike = 0.0,
    *,
    t: ArrayLike,
    width_matrix: ArrayLike | None = None,
) -> ChannelEvolution:
    """Survival, appearance and ground-state populations, in total and per channel, of an initial parent.

    Parameters
    ----------
    delta, gamma, m21, phase, width_matrix
        As in :func:`atommix.numeric.channels.channel_eigensystem` (channels on the last axis).
    t : array_like
        Time since the parent atom was produced, in s (>= 0); broadcasts with the leading axes.

    Returns
    -------
    ChannelEvolution
        ``survival``, ``appearance`` (summed over channels), ``depletion`` (= appearance + P_gs),
        ``P_gs`` (total), ``appearance_channels`` and ``P_gs_channels`` (channel axis last); for a
        full width block the ground states are fed by the block as a whole and ``P_gs_channels`` is
        None.  survival + depletion = 1 to rounding.  Exists at exceptional points too.

    Examples
    --------
    >>> h = channel_evolution([910.0, 1100.0], [23.0, 30.0], [1e-24, 5e-25], t=1.420092e17)  # 4.5e9 yr
    >>> print(f"{h.P_gs:.4e}", [f"{x:.4e}" for x in h.P_gs_channels])
    7.3284e-21 ['5.9914e-21', '1.3370e-21']
    """
    require_time(t)
    inputs = channel_inputs(delta, gamma, m21, phase, width_matrix)
    p = PARAMETERS["t"]
    times = as_real_array("t", t, p.description, p.allowed, p.minimum)
    batch = inputs.batch_shape
    try:
        shape = np.broadcast_shapes(batch, times.shape)
    except ValueError as exc:
        raise ValueError(f"t{times.shape} must broadcast with the parameter points {batch}") from exc
    n = inputs.channels
    point = np.broadcast_to(np.arange(int(np.prod(batch))).reshape(batch), shape).ravel()
    seconds = np.broadcast_to(times, shape).ravel()
    survival, appearance, fed = _history(inputs, point, seconds)
    diagonal = inputs.width is None
    per_channel = fed.reshape(shape + (n,)) if diagonal else None
    total_fed = np.sum(fed, axis=-1).reshape(shape)
    app = appearance.reshape(shape + (n,))
    app_total = np.sum(app, axis=-1)
    values = {
        "survival": survival.reshape(shape),
        "appearance": app_total,
        "depletion": app_total + total_fed,
        "P_gs": total_fed,
        "appearance_channels": app,
        "P_gs_channels": per_channel,
    }
    for name, v in values.items():
        if v is not None and not np.all(np.isfinite(v)):
            raise FloatingPointError(f"{name} is not representable in float64 at these inputs; use atommix.validation")
    scalar = shape == ()
    return ChannelEvolution(**{k: (v[()] if scalar and v is not None and v.ndim == 0 else v) for k, v in
                               ((k, values[k]) for k in CHANNEL_TIME_NAMES)})


def _history(inputs, point, seconds):  # type: ignore[no-untyped-def]
    """survival (E,), appearance (E, N) and fed populations (E, N) or (E, 1) for elements (point, time in s)."""
    tau = seconds / HBAR_EV_S
    prep = prepare(inputs, amplitudes=True)
    check_scales(prep)
    sec = prep.sec
    n = inputs.channels
    diagonal = inputs.width is None
    E = tau.shape[0]
    survival = np.ones(E)
    appearance = np.zeros((E, n))
    fed = np.zeros((E, n if diagonal else 1))
    merged = merged_problem(sec) if diagonal else sec
    count = np.sum(merged.coupled, axis=-1)
    single = (count == 1) & diagonal
    general = count >= 2 if diagonal else count >= 1
    if single.any():
        _two_by_two(inputs, sec, merged, single, point, seconds, survival, appearance, fed)
    if not general.any():
        return survival, appearance, fed
    lam_L, _, isolated, _ = solve_lambda_L(sec.take(general), strict=False)
    idx = np.flatnonzero(general)
    roots = find_roots(sec.take(idx[isolated]), lam_L[isolated], prep.right[idx[isolated]])
    good_points = np.zeros(sec.sigma.shape, dtype=bool)
    good_points[idx[isolated][roots.ok]] = True
    slot = np.full(sec.sigma.shape, -1)
    slot[idx[isolated]] = np.arange(int(isolated.sum()))
    widths_all = _widths(inputs)
    R_all = None if diagonal else prep.basis.R
    use = good_points[point]
    for start in range(0, E, _BLOCK):
        sel = np.arange(start, min(E, start + _BLOCK))
        sel = sel[use[sel]]
        if sel.size == 0:
            continue
        k = slot[point[sel]]
        lam_L_e = roots.lam[k, 0]
        R = None if R_all is None else R_all[point[sel]]
        A1, A2 = _amplitudes(lam_L_e, roots.lam[k], roots.d[k], roots.c[k], tau[sel])
        survival[sel] = np.abs(A1) ** 2
        appearance[sel] = np.abs(_to_channels(A2, R)) ** 2
        fed[sel] = _ground_state(lam_L_e, roots.lam[k], roots.valid[k], roots.d[k], roots.c[k], R,
                                 widths_all[point[sel]], diagonal, tau[sel])
    rest = general[point] & ~use
    if rest.any():
        _fallback(inputs, point, tau, rest, survival, appearance, fed)
    return survival, appearance, fed


def _widths(inputs):  # type: ignore[no-untyped-def]
    n = inputs.channels
    if inputs.width is None:
        return np.reshape(inputs.gamma, (-1, n))
    return np.reshape(inputs.width, (-1, n, n))


def _two_by_two(inputs, sec, merged, single, point, seconds, survival, appearance, fed):  # type: ignore[no-untyped-def]
    """Points whose coupled daughters share one pole: the 2x2 kernels with the combined coupling."""
    n = inputs.channels
    rep = np.argmax(merged.coupled, axis=-1)
    rows = np.arange(rep.shape[0])
    delta = np.reshape(inputs.delta, (-1, n))[rows, rep]
    gamma = np.reshape(inputs.gamma, (-1, n))[rows, rep]
    m_all = np.reshape(inputs.m21, (-1, n))
    combined = np.abs(merged.a[rows, rep])
    with np.errstate(all="ignore"):
        share = np.where(sec.coupled, (m_all / np.where(combined > 0, combined, 1.0)[:, None]) ** 2, 0.0)
    sel = np.flatnonzero(single[point])
    pts = point[sel]
    h = evolution_2x2(delta[pts], gamma[pts], combined[pts], 0.0, t=seconds[sel], populations=False)
    survival[sel] = h.survival
    appearance[sel] = h.appearance[:, None] * share[pts]
    fed[sel] = h.P_gs[:, None] * share[pts]


def _fallback(inputs, point, tau, rest, survival, appearance, fed):  # type: ignore[no-untyped-def]
    """The matrix-exponential route (:mod:`.channel_expm`) where the roots cannot be separated."""
    n = inputs.channels
    diagonal = inputs.width is None
    sel = np.flatnonzero(rest)
    pts = point[sel]
    H = np.zeros((sel.size, n + 1, n + 1), dtype=np.complex128)
    M = np.reshape(inputs.coupling, (-1, n))[pts]
    H[:, 1:, 0] = M
    H[:, 0, 1:] = np.conj(M)
    widths = np.zeros((sel.size, n, n), dtype=np.complex128)
    if diagonal:
        widths[:, np.arange(n), np.arange(n)] = np.reshape(inputs.gamma, (-1, n))[pts]
    else:
        widths[:] = np.reshape(inputs.width, (-1, n, n))[pts]
    H[:, 1:, 1:] = -0.5j * widths
    H[:, 1 + np.arange(n), 1 + np.arange(n)] -= np.reshape(inputs.delta, (-1, n))[pts]
    for start in range(0, sel.size, 256):
        part = slice(start, start + 256)
        s, a, f = kronecker_history(H[part], widths[part], tau[sel[part]], per_channel=diagonal)
        survival[sel[part]] = s
        appearance[sel[part]] = a
        fed[sel[part]] = f
