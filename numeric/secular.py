"""The secular equation of one parent atom coupled to N daughter channels, in float64.

With energies relative to M1, the daughters' poles z_i = Delta_i + i Gamma_i/2 and the weights
w_i = a_i b_i (|M_i|^2 for independent widths; complex after the change of basis that
diagonalizes a full width block), every eigenvalue lambda of H whose eigenvector overlaps |1>
is a root of

    f(lambda) = lambda - eta - eps sum_i w_i / (lambda + z_i),
    f'(lambda) = 1 + eps sum_i w_i / (lambda + z_i)^2,

at eps = 1 and eta = 0 (:mod:`atommix.derivations.channels`; ``eps`` scales every coupling
and ``eta`` lifts the parent level, the two parameters of the continuation that defines
lambda_L).  A root is held as an *anchor* (the origin, or the pole -z_k it is nearest) and an
offset delta, lambda = -z_k + delta, so that lambda + z_i = (z_i - z_k) + delta is a
difference of inputs plus a small number: at real atoms lambda_L ~ 1e-51 eV and the
short-lived roots sit 1e-51 eV from their poles, both far below float64 rounding of the
poles themselves.  Energies are divided by a power of two ``sigma`` (exactly) inside the
evaluation, so that nothing overflows; the terms w_i/(lambda + z_i) are formed as
a_i (b_i/sigma) / p_i with p_i = (lambda + z_i)/sigma, never as a square of a coupling.

Enclosures.  :func:`enclose` proves, in the sense of a first-order rounding analysis of the
evaluation itself, that a disk around a computed root holds exactly one root, and bounds the
distance: with ``eta_`` = |f|/|f'| (both with their rounding-error bounds) and M2(rho) the
largest |f''| on the disk of radius rho, the simplified Newton map
lambda -> lambda - f(lambda)/f'(lambda~) maps that disk into itself and contracts with
factor q = rho M2/|f'| if ``eta_`` <= rho (1 - q); the root then lies within ``eta_``/(1 - q) of the
computed one.  Componentwise, delta = -(f + R)/f' with |R| <= M2 r^2/2, which bounds the
real and imaginary parts separately: Gamma_L = -2 Im lambda_L is bounded by its own
(same-sign) terms, not by |lambda_L|.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, reduce
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "UNIT_ROUNDOFF",
    "Secular",
    "Evaluation",
    "Enclosure",
    "pow2_scale",
    "channel_sum",
    "channel_min",
    "channel_max",
    "secular_problem",
    "evaluate",
    "first_order",
    "enclose",
    "newton",
]

#: Unit roundoff of float64, 2^-53.
UNIT_ROUNDOFF = 2.0**-53
#: Smallest subnormal: every operation may add this much absolute error once results underflow.
_TINY = 2.0**-1074
#: Uniqueness radii tried by :func:`enclose`, as multiples of the first-order distance (2, 4, ... 2^40).
_RHO_STEPS = 2.0 ** np.arange(1, 41)


def _gamma(k: int | NDArray[Any]) -> Any:
    """gamma_k = k u/(1 - k u): the bound on k accumulated roundings."""
    return k * UNIT_ROUNDOFF / (1 - k * UNIT_ROUNDOFF)


def _columns(x: NDArray[Any]) -> list[NDArray[Any]]:
    return [x[..., k] for k in range(x.shape[-1])]


def channel_sum(x: NDArray[Any]) -> NDArray[Any]:
    """Sum over the channel (last) axis.

    Column by column: NumPy's reduction over a short last axis is ~10x slower than adding the
    columns, and the error bounds assume nothing about the order of summation.
    """
    if x.shape[-1] == 0:
        return np.zeros(x.shape[:-1], dtype=x.dtype)
    return reduce(np.add, _columns(x)) if x.shape[-1] <= 64 else np.sum(x, axis=-1)


def channel_min(x: NDArray[Any]) -> NDArray[Any]:
    """Minimum over the channel (last) axis (+inf for no channel)."""
    if x.shape[-1] == 0:
        return np.full(x.shape[:-1], np.inf)
    return reduce(np.minimum, _columns(x)) if x.shape[-1] <= 64 else np.min(x, axis=-1)


def channel_max(x: NDArray[Any]) -> NDArray[Any]:
    """Maximum over the channel (last) axis (-inf for no channel)."""
    if x.shape[-1] == 0:
        return np.full(x.shape[:-1], -np.inf)
    return reduce(np.maximum, _columns(x)) if x.shape[-1] <= 64 else np.max(x, axis=-1)


def pow2_scale(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """A power of two in (x/2, x] for x > 0 (1 where x = 0): dividing by it is exact."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, np.ldexp(1.0, np.frexp(np.where(x > 0, x, 1.0))[1] - 1), 1.0)


@dataclass(frozen=True)
class Secular:
    """A batch of secular equations: arrays over the points (leading axes) and the channels (last axis).

    Attributes
    ----------
    sigma : ndarray (...,)
        Power-of-two energy scale (eV), of the order of the largest |z_i| + 2 |M|.
    zeta : ndarray (..., N), complex
        Poles z_i / sigma.
    a : ndarray (..., N)
        Left couplings a_i in eV (|M_i| for independent widths).
    a_hat, b_hat : ndarray (..., N)
        a_i / sigma and b_i / sigma.
    real : bool
        Couplings real and non-negative (independent widths): rounding is bounded componentwise.
    """

    sigma: NDArray[np.float64]
    zeta: NDArray[np.complex128]
    a: NDArray[Any]
    a_hat: NDArray[Any]
    b_hat: NDArray[Any]
    real: bool

    @cached_property
    def weight_hat(self) -> NDArray[np.float64]:
        """|w_i| / sigma^2, the scaled moduli of the weights."""
        return np.abs(self.a_hat) * np.abs(self.b_hat)

    @cached_property
    def all_coupled(self) -> bool:
        """Every channel of every problem coupled (no masking needed)."""
        return bool(np.all(self.coupled))

    @cached_property
    def coupled(self) -> NDArray[np.bool_]:
        """Channels with a nonzero weight (the others do not enter the secular equation).

        Decided on the couplings, not on their product, which may underflow for a coupling that is not 0.
        """
        return (self.a_hat != 0) & (self.b_hat != 0)

    def take(self, index: Any) -> "Secular":
        """The problems at ``index`` of the leading axes."""
        return Secular(self.sigma[index], self.zeta[index], self.a[index], self.a_hat[index], self.b_hat[index],
                       self.real)

    def with_root_axis(self) -> "Secular":
        """The same problems with a length-1 axis before the channels, to broadcast over several roots."""
        return Secular(self.sigma[..., None], self.zeta[..., None, :], self.a[..., None, :],
                       self.a_hat[..., None, :], self.b_hat[..., None, :], self.real)


def secular_problem(z: NDArray[np.complex128], a: NDArray[Any], b: NDArray[Any]) -> Secular:
    """The scaled problem for poles ``z`` (eV) and couplings ``a``, ``b`` (eV), channels on the last axis.

    Real non-negative ``a is b`` (the moduli |M_i|) gives componentwise error bounds.
    """
    real = a is b and not np.iscomplexobj(a)
    # sqrt(sum |a_i b_i|) without forming a product of couplings (it may overflow or underflow)
    root = np.abs(a) if real else np.sqrt(np.abs(a)) * np.sqrt(np.abs(b))
    top = channel_max(root)
    with np.errstate(all="ignore"):
        ratio = np.where(top[..., None] > 0, root / top[..., None], 0.0)
    norm = top * np.sqrt(channel_sum(ratio * ratio))
    scale = channel_max(np.abs(z)) + 2 * norm
    # at least 2^-969: dividing by a subnormal scale would overflow (1/sigma must be finite)
    sigma = np.maximum(pow2_scale(scale), 2.0**-969)
    s = sigma[..., None]
    a_hat = a / s
    return Secular(sigma, z / s, a, a_hat, a_hat if real else b / s, real)


@dataclass(frozen=True)
class Evaluation:
    """f and f' at lambda = -z_k + delta, with bounds on their rounding errors (arrays over points).

    ``lam`` is lambda in eV as a float64 number; ``p`` = (lambda + z_i)/sigma; ``e_re``, ``e_im`` bound the errors of Re f and Im f (eV);
    ``e_fp`` that of f' (normwise).
    """

    lam: NDArray[np.complex128]
    p: NDArray[np.complex128]
    abs_p: NDArray[np.float64]
    f: NDArray[np.complex128]
    fp: NDArray[np.complex128]
    e_re: NDArray[np.float64]
    e_im: NDArray[np.float64]
    e_fp: NDArray[np.float64]
    e_lam_re: NDArray[np.float64]
    e_lam_im: NDArray[np.float64]


def _anchor_pole(zeta: NDArray[np.complex128], anchor: NDArray[np.intp]) -> NDArray[np.complex128]:
    """zeta_k for anchor k >= 0 and 0 for the origin (anchor -1)."""
    shape = np.broadcast_shapes(zeta.shape[:-1], np.shape(anchor))
    k = np.broadcast_to(np.maximum(anchor, 0), shape)
    picked = np.take_along_axis(np.broadcast_to(zeta, shape + zeta.shape[-1:]), k[..., None], axis=-1)[..., 0]
    return np.where(anchor >= 0, picked, 0.0)


def evaluate(
    sec: Secular,
    anchor: NDArray[np.intp] | int,
    delta: NDArray[np.complex128],
    *,
    eps: float | NDArray[np.float64] = 1.0,
    eta: float | NDArray[np.float64] = 0.0,
    bounds: bool = True,
) -> Evaluation:
    """f_{eps, eta} and f' at lambda = -z_anchor + delta (eV), with their rounding-error bounds.

    ``bounds=False`` skips the bounds (Newton's iterations need only f and f'): they are then None.
    """
    # masked channels (uncoupled, or at a pole) may overflow in the unused branch: their values are
    # replaced by 0 below, and the callers check every output for finiteness
    with np.errstate(all="ignore"):
        return _evaluate(sec, anchor, delta, eps, eta, bounds)


def _evaluate(sec: Secular, anchor: Any, delta: Any, eps: Any, eta: Any, bounds: bool) -> Evaluation:
    u = UNIT_ROUNDOFF
    sigma = sec.sigma
    origin = np.ndim(anchor) == 0 and int(anchor) < 0
    if origin:  # lambda = delta exactly, p = zeta + delta/sigma: one rounding per component
        p = sec.zeta + (delta / sigma)[..., None]
        lam = np.asarray(delta, dtype=np.complex128)
        ep_re, ep_im = u * np.abs(p.real), u * np.abs(p.imag)
    else:
        anchor = np.asarray(anchor)
        zk = _anchor_pole(sec.zeta, anchor)
        d = sec.zeta - zk[..., None]  # difference of inputs: one rounding, none at the origin
        p = d + (delta / sigma)[..., None]
        at_origin = (anchor < 0)[..., None]
        ep_re = u * (np.abs(p.real) + np.where(at_origin, 0.0, np.abs(d.real)))
        ep_im = u * (np.abs(p.imag) + np.where(at_origin, 0.0, np.abs(d.imag)))
        lam = -sigma * zk + delta
    coupled = sec.coupled
    mask = not sec.all_coupled
    with np.errstate(all="ignore"):
        abs_p = np.abs(p)
        safe = np.where(coupled & (abs_p > 0), abs_p, 1.0) if mask else np.where(abs_p > 0, abs_p, 1.0)
        cr = p.real / safe  # e^{-i arg p} = cr - i ci
        ci = p.imag / safe
        if sec.real:
            s = sec.b_hat / safe
            scale = eps * sec.a * s
            t_re, t_im = scale * cr, -scale * ci
            c2 = eps * (sec.a_hat / safe) * s
            qq_re, qq_im = c2 * (cr * cr - ci * ci), -2 * c2 * cr * ci
        else:
            unit = cr - 1j * ci
            qb = (sec.b_hat / safe) * unit
            t = eps * sec.a * qb
            qq = eps * (sec.a_hat / safe) * qb * unit
            t_re, t_im, qq_re, qq_im = t.real, t.imag, qq.real, qq.imag
        if mask:
            t_re, t_im = np.where(coupled, t_re, 0.0), np.where(coupled, t_im, 0.0)
            qq_re, qq_im = np.where(coupled, qq_re, 0.0), np.where(coupled, qq_im, 0.0)
    g = channel_sum(t_re) + 1j * channel_sum(t_im)
    f = lam - eta - g
    fp = (1.0 + channel_sum(qq_re)) + 1j * channel_sum(qq_im)
    if not bounds:
        return Evaluation(lam, p, abs_p, f, fp, None, None, None, None, None)  # type: ignore[arg-type]
    abs_t = np.hypot(t_re, t_im)
    abs_qq = np.hypot(qq_re, qq_im)
    rel_p = np.hypot(ep_re, ep_im) / safe
    n = sec.zeta.shape[-1]
    if sec.real:
        acr, aci = np.abs(cr), np.abs(ci)
        dt_re = abs_t * (ep_re * (1 + 2 * acr * acr) + 2 * ep_im * acr * aci) / safe + 8 * u * np.abs(t_re)
        dt_im = abs_t * (ep_im * (1 + 2 * aci * aci) + 2 * ep_re * acr * aci) / safe + 8 * u * np.abs(t_im)
    else:
        dt_re = dt_im = abs_t * (rel_p + 10 * u)
    if mask:
        dt_re = np.where(coupled, dt_re, 0.0)
        dt_im = np.where(coupled, dt_im, 0.0)
    gam = _gamma(n + 3)
    e_re = gam * (np.abs(lam.real) + abs(eta) + channel_sum(np.abs(t_re))) + channel_sum(dt_re)
    e_im = gam * (np.abs(lam.imag) + channel_sum(np.abs(t_im))) + channel_sum(dt_im)
    e_re = e_re + (n + 4) * _TINY
    e_im = e_im + (n + 4) * _TINY
    extra = abs_qq * (10 * u + 2 * rel_p)
    e_fp = _gamma(n + 2) * (1 + channel_sum(abs_qq)) + channel_sum(np.where(coupled, extra, 0.0) if mask else extra)
    # lam is -z_k + delta rounded once (exact at the origin): the root is located relative to the exact sum
    e_lam_re = np.zeros(lam.shape) if origin else u * np.abs(lam.real)
    e_lam_im = np.zeros(lam.shape) if origin else u * np.abs(lam.imag)
    return Evaluation(lam, p, abs_p, f, fp, e_re, e_im, e_fp, e_lam_re, e_lam_im)


def first_order(sec: Secular) -> NDArray[np.complex128]:
    """sum_i w_i/z_i (eV): lambda_L to first order in the weights, the start of Newton's iteration."""
    zeta = sec.zeta
    with np.errstate(all="ignore"):
        az = np.abs(zeta)
        safe = np.where(az > 0, az, 1.0)
        if sec.real:
            s = sec.a * (sec.b_hat / safe)
            t_re, t_im = s * (zeta.real / safe), -s * (zeta.imag / safe)
        else:
            t = sec.a * ((sec.b_hat / safe) * (np.conj(zeta) / safe))
            t_re, t_im = t.real, t.imag
    if not sec.all_coupled:
        t_re, t_im = np.where(sec.coupled, t_re, 0.0), np.where(sec.coupled, t_im, 0.0)
    return channel_sum(t_re) + 1j * channel_sum(t_im)


@dataclass(frozen=True)
class Enclosure:
    """A disk around a computed root that holds exactly one root, and bounds on the distance to it.

    ``ok`` where the disk was found; ``rho`` its radius (scaled by sigma): the root there is the
    only one within rho sigma of the computed point; ``radius`` (eV) bounds |lambda - lambda~|;
    ``bound_re``, ``bound_im`` bound |Re|, |Im| of the same difference (eV), rounding of the
    reported float included.
    """

    ok: NDArray[np.bool_]
    rho: NDArray[np.float64]
    radius: NDArray[np.float64]
    bound_re: NDArray[np.float64]
    bound_im: NDArray[np.float64]
    fp_lower: NDArray[np.float64]


def _second_derivative_bound(sec: Secular, abs_p: NDArray[np.float64], rho: NDArray[np.float64], eps: Any) -> Any:
    """max |f''| sigma on the disk of scaled radius rho: 2 eps sum |w_i|/sigma^2 / (|p_i| - rho)^3."""
    gap = abs_p * (1 - 4 * UNIT_ROUNDOFF) - rho[..., None]
    with np.errstate(all="ignore"):
        terms = np.where(sec.coupled, 2 * sec.weight_hat / gap**3, 0.0)
    terms = np.where(sec.coupled & (gap <= 0), np.inf, terms)
    return eps * channel_sum(terms)


def enclose(sec: Secular, ev: Evaluation, *, eps: Any = 1.0, max_rho: NDArray[np.float64] | None = None) -> Enclosure:
    """The smallest disk of the form 2^k |f|/|f'| in which the computed root is proved isolated (see module doc).

    Non-finite intermediate values (overflow at hostile inputs) make a disk fail, never pass.
    """
    with np.errstate(all="ignore"):
        return _enclose(sec, ev, eps, max_rho)


def _enclose(sec: Secular, ev: Evaluation, eps: Any, max_rho: NDArray[np.float64] | None) -> Enclosure:
    u = UNIT_ROUNDOFF
    sigma = sec.sigma
    abs_fp = np.abs(ev.fp)
    F = abs_fp * (1 - 4 * u) - ev.e_fp
    fre = np.abs(ev.f.real) + ev.e_re
    fim = np.abs(ev.f.imag) + ev.e_im
    fabs = np.hypot(fre, fim) * (1 + 4 * u)
    with np.errstate(all="ignore"):
        eta_ = np.where(F > 0, fabs / sigma / F, np.inf)
        dmin = channel_min(np.where(sec.coupled, ev.abs_p, np.inf))
    limit = dmin / 2 if max_rho is None else np.minimum(dmin / 2, max_rho)
    ok = np.zeros(eta_.shape, dtype=bool)
    rho = np.full(eta_.shape, np.nan)
    r = np.full(eta_.shape, np.inf)
    M2 = np.full(eta_.shape, np.inf)
    todo = F > 0
    for step in _RHO_STEPS:
        if not todo.any():
            break
        trial = np.maximum(eta_ * step, 1e-300)
        trial = np.where(todo, np.minimum(trial, limit), np.nan)
        with np.errstate(all="ignore"):
            m2 = _second_derivative_bound(sec, ev.abs_p, trial, eps)
            q = np.where(todo, trial * m2 / F, np.inf)
            good = todo & (q < 1) & (eta_ <= trial * (1 - q))
        rho = np.where(good, trial, rho)
        r = np.where(good, eta_ / (1 - q), r)
        M2 = np.where(good, m2, M2)
        ok |= good
        todo &= ~good & (trial < limit)
    with np.errstate(all="ignore"):
        P = abs_fp * abs_fp
        quad = 0.5 * M2 * r * r * sigma / F  # second-order remainder, eV
        lin = fabs * ev.e_fp / (abs_fp * F)
        b_re = (np.abs(ev.f.real) * np.abs(ev.fp.real) + np.abs(ev.f.imag) * np.abs(ev.fp.imag)) / P * (1 + 8 * u)
        b_im = (np.abs(ev.f.imag) * np.abs(ev.fp.real) + np.abs(ev.f.real) * np.abs(ev.fp.imag)) / P * (1 + 8 * u)
        b_re += (ev.e_re * np.abs(ev.fp.real) + ev.e_im * np.abs(ev.fp.imag)) / P + lin + quad
        b_im += (ev.e_im * np.abs(ev.fp.real) + ev.e_re * np.abs(ev.fp.imag)) / P + lin + quad
        radius = r * sigma
    bound_re = np.where(ok, np.minimum(b_re, radius) * (1 + 8 * u) + ev.e_lam_re, np.inf)
    bound_im = np.where(ok, np.minimum(b_im, radius) * (1 + 8 * u) + ev.e_lam_im, np.inf)
    radius = np.where(ok, radius * (1 + 8 * u) + np.hypot(ev.e_lam_re, ev.e_lam_im), np.inf)
    return Enclosure(ok, rho, radius, bound_re, bound_im, F)


def newton(
    sec: Secular,
    anchor: NDArray[np.intp] | int,
    delta: NDArray[np.complex128],
    *,
    steps: int,
    eps: Any = 1.0,
    eta: Any = 0.0,
) -> NDArray[np.complex128]:
    """Newton iterations on f_{eps, eta} for the offset delta (eV) from its anchor, at most ``steps``.

    Stops where a step no longer changes delta by more than a few units of rounding.
    """
    delta = np.array(delta, dtype=np.complex128)
    active = np.ones(delta.shape, dtype=bool)
    for _ in range(steps):
        ev = evaluate(sec, anchor, delta, eps=eps, eta=eta, bounds=False)
        with np.errstate(all="ignore"):
            step = ev.f / ev.fp
        move = active & np.isfinite(step)
        delta = np.where(move, delta - step, delta)
        active = move & (np.abs(step) > 4 * UNIT_ROUNDOFF * np.abs(delta))
        if not active.any():
            break
    return delta
