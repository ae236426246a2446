"""Every eigenvalue of H that sees the parent, certified, with the residues of the time evolution.

The time history of |1> needs all N'+1 roots lambda_r of the secular equation (N' the coupled
channels after merging daughters with identical Delta and Gamma, which act as one channel with
the summed weight; the combinations orthogonal to the coupling decouple and never see |1>):

    <1|exp(-i H tau)|1> = sum_r d_r e^{-i lambda_r tau},            d_r = 1/f'(lambda_r),
    <2_i|exp(-i H tau)|1> = sum_r c_ir e^{-i lambda_r tau},         c_ir = M_i d_r/(lambda_r + z_i)

(:mod:`atommix.derivations.channels`).  Each root is held as an anchor and an offset
(:mod:`.secular`): lambda_L at the origin, and near each pole -z_j the short-lived root
-z_j + delta_j with delta_j ~ -|M_j|^2/z_j, found by Newton from that value (vectorized); where
that fails (strong mixing), from ``numpy.linalg.eig`` of the reduced matrix, each eigenvalue
anchored at its nearest pole and refined by Newton on the secular equation.  The set is accepted
only if every root is enclosed in a disk that holds exactly one root and the disks are disjoint:
then the N'+1 distinct roots of a polynomial of degree N'+1 are all of them.  Points where this
fails (an exceptional point, or roots that rounding cannot separate) are reported, and the
evolution takes another route there (:mod:`.channel_expm`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .secular import Secular, enclose, evaluate, newton, secular_problem

__all__ = ["Roots", "merged_problem", "find_roots", "CANCELLATION_LIMIT"]

#: Largest sum_r |d_r| (the cancellation in sum_r d_r = 1) for which the residue form is used.
CANCELLATION_LIMIT = 1e4


@dataclass(frozen=True)
class Roots:
    """Roots and residues of a batch of problems (flattened points).

    Slot 0 is lambda_L (anchored at the origin); slot j + 1 the root near the pole of channel j,
    where ``valid``.  ``lam`` (eV), ``d`` = 1/f'(lambda_r), ``c`` (points, N, slots): the residues
    of the daughters' amplitudes in the basis of the poles (without the width basis).  ``ok``: all
    roots certified, disjoint and the residue sums as they must be.
    """

    lam: NDArray[np.complex128]
    valid: NDArray[np.bool_]
    d: NDArray[np.complex128]
    c: NDArray[np.complex128]
    ok: NDArray[np.bool_]


def merged_problem(sec: Secular) -> Secular:
    """Daughters with identical poles merged: the first of each group carries the summed weight, the others none.

    For independent widths the merged coupling is sqrt(sum_i |M_i|^2), formed without squaring.
    """
    zeta = sec.zeta
    n = zeta.shape[-1]
    same = (zeta[..., :, None] == zeta[..., None, :]) & sec.coupled[..., None, :] & sec.coupled[..., :, None]
    first = np.argmax(same, axis=-1) == np.arange(n)  # the first coupled member of its group
    if sec.real:
        top = np.max(np.where(same, np.abs(sec.a)[..., None, :], 0.0), axis=-1)
        with np.errstate(all="ignore"):
            ratio = np.where(same, np.abs(sec.a)[..., None, :] / np.where(top > 0, top, 1.0)[..., None], 0.0)
        merged = top * np.sqrt(np.sum(ratio * ratio, axis=-1))
        a = np.where(first & sec.coupled, merged, 0.0)
        return secular_problem(zeta * sec.sigma[..., None], a, a)
    w = sec.a_hat * sec.b_hat
    total = np.sum(np.where(same, w[..., None, :], 0.0), axis=-1)
    a = np.where(first & sec.coupled, total * sec.sigma[..., None] ** 2, 0.0)
    return secular_problem(zeta * sec.sigma[..., None], a, np.ones_like(a))


def _short_lived_start(sec: Secular) -> NDArray[np.complex128]:
    """delta_j ~ -w_j/(z_j + sum_{i != j} w_i/(z_i - z_j)) for the root near each pole -z_j (eV)."""
    zeta, w = sec.zeta, sec.a_hat * sec.b_hat
    diff = zeta[..., None, :] - zeta[..., :, None]  # [j, i] = zeta_i - zeta_j
    n = zeta.shape[-1]
    off = ~np.eye(n, dtype=bool)
    with np.errstate(all="ignore"):
        other = np.sum(np.where(off & sec.coupled[..., None, :] & (diff != 0), w[..., None, :] / diff, 0.0), axis=-1)
        delta_hat = -w / (zeta + other)
    return np.where(np.isfinite(delta_hat), delta_hat, 0.0) * sec.sigma[..., None]


def _certify(sec: Secular, anchor: NDArray[np.intp], delta: NDArray[np.complex128],
             valid: NDArray[np.bool_]) -> tuple[NDArray[np.complex128], NDArray[np.complex128], NDArray[np.bool_]]:
    """lambda_r, f'(lambda_r) and whether all valid roots of each point are enclosed in disjoint disks."""
    many = sec.with_root_axis()
    ev = evaluate(many, anchor, delta)
    enc = enclose(many, ev)
    lam = ev.lam
    radius = np.where(valid, enc.rho * sec.sigma[..., None], 0.0)
    gaps = np.abs(lam[..., :, None] - lam[..., None, :])
    pair = valid[..., :, None] & valid[..., None, :] & ~np.eye(lam.shape[-1], dtype=bool)
    disjoint = np.all(~pair | (gaps > radius[..., :, None] + radius[..., None, :]), axis=(-1, -2))
    ok = np.all(~valid | enc.ok, axis=-1) & disjoint
    return lam, ev.fp, ok


def _residues(sec: Secular, anchor: NDArray[np.intp], delta: NDArray[np.complex128],
              valid: NDArray[np.bool_], fp: NDArray[np.complex128], right: NDArray[np.complex128]
              ) -> tuple[NDArray[np.complex128], NDArray[np.complex128], NDArray[np.bool_]]:
    """d_r, c_ir (points, N, slots) and whether sum_r d_r = 1, sum_r c_ir = 0 hold to rounding."""
    many = sec.with_root_axis()
    ev = evaluate(many, anchor, delta)  # p for every original channel at every root
    with np.errstate(all="ignore"):
        d = np.where(valid, 1.0 / fp, 0.0)
        comps = (right / sec.sigma[..., None])[..., None, :] / ev.p  # (points, slots, N): b_i/(lambda_r + z_i)
        c = np.where(valid[..., :, None] & sec.coupled[..., None, :], comps * d[..., :, None], 0.0)
    c = np.swapaxes(c, -1, -2)
    size = np.sum(np.abs(d), axis=-1)
    sums_ok = np.abs(np.sum(d, axis=-1) - 1) <= 1e-10 * size
    csize = np.sum(np.abs(c), axis=-1)
    sums_ok &= np.all(np.abs(np.sum(c, axis=-1)) <= 1e-10 * np.maximum(csize, 1e-300), axis=-1)
    return d, c, sums_ok & (size <= CANCELLATION_LIMIT) & np.all(np.isfinite(c), axis=(-1, -2))


def find_roots(sec: Secular, lam_L: NDArray[np.complex128], right: NDArray[np.complex128]) -> Roots:
    """All roots that see |1>, with residues, for a batch; ``right`` the couplings b_i (eV) of the amplitudes."""
    merged = merged_problem(sec)
    n_pts, n = sec.zeta.shape
    anchor = np.broadcast_to(np.arange(-1, n), (n_pts, n + 1)).copy()
    valid = np.concatenate([np.ones((n_pts, 1), dtype=bool), merged.coupled], axis=-1)
    start = np.concatenate([lam_L[:, None], _short_lived_start(merged)], axis=-1)
    start = np.where(valid, start, 0.0)
    many = merged.with_root_axis()
    delta = newton(many, anchor, start, steps=40)
    delta[:, 0] = lam_L  # certified already
    lam, fp, ok = _certify(merged, anchor, delta, valid)
    for i in np.flatnonzero(~ok):
        got = _strong_roots(merged.take(i), lam_L[i])
        if got is not None:
            anchor[i], delta[i], valid[i] = got
    redo = ~ok
    if redo.any():
        lam_r, fp_r, ok_r = _certify(merged.take(redo), anchor[redo], delta[redo], valid[redo])
        lam[redo], fp[redo], ok[redo] = lam_r, fp_r, ok_r
    d, c, sums_ok = _residues(sec, anchor, delta, valid, fp, right)
    lam = np.where(valid, lam, lam[:, :1])
    return Roots(lam, valid, d, c, ok & sums_ok)


def _strong_roots(sec: Secular, lam_L: complex) -> tuple[NDArray[np.intp], NDArray[np.complex128], NDArray[np.bool_]] | None:
    """Roots of one problem from the eigenvalues of the reduced matrix, anchored and refined; None if not found."""
    n = sec.zeta.shape[-1]
    keep = np.flatnonzero(sec.coupled)
    k = keep.size
    sigma = float(sec.sigma)
    H = np.zeros((k + 1, k + 1), dtype=complex)
    a, b = sec.a_hat[keep], sec.b_hat[keep]
    H[1:, 0] = b
    H[0, 1:] = a
    H[1 + np.arange(k), 1 + np.arange(k)] = -sec.zeta[keep]
    vals = np.linalg.eigvals(H)  # scaled
    # lambda_L is known: drop the eigenvalue nearest to it, anchor the others at their nearest pole
    i_L = int(np.argmin(np.abs(vals - lam_L / sigma)))
    rest = np.delete(vals, i_L)
    poles = -sec.zeta[keep]
    nearest = np.argmin(np.abs(rest[:, None] - poles[None, :]), axis=1)
    if len(set(nearest.tolist())) != k:
        return None  # two roots nearest the same pole: no one-to-one anchoring
    anchor = np.full(n + 1, -1, dtype=np.intp)
    delta = np.zeros(n + 1, dtype=complex)
    valid = np.zeros(n + 1, dtype=bool)
    valid[0] = True
    delta[0] = lam_L
    for root, j in zip(rest, nearest):
        slot = keep[j] + 1
        anchor[slot] = keep[j]
        delta[slot] = (root - poles[j]) * sigma
        valid[slot] = True
    one = sec.with_root_axis()
    delta = newton(one, anchor, delta, steps=60)
    delta[0] = lam_L
    return anchor, delta, valid
