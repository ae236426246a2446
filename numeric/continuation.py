"""lambda_L by continuation from the uncoupled parent: the definition, and its route where mixing is strong.

Definition.  Scale every coupling by sqrt(eps): at eps = 0 the parent level lambda = 0 is a
root of f_eps(lambda) = lambda - eps sum_i w_i/(lambda + z_i); lambda_L is that root continued
along eps from 0 to 1.  Where the path meets a branch point (two roots of f collide for some
eps < 1, e.g. every Delta_i = 0 with strong coupling, or a coupled channel with z_i = 0, where
the parent is degenerate with a daughter from the start), the continuation is ambiguous; there
lambda_L is the limit eta -> 0+ of the continuation with the parent lifted by eta (every Delta_i
increased by eta): the path (eps, eta) = (0, eta0) -> (1, eta0) -> (1, 0), which for one channel
is the 2x2 convention (at Delta = 0, Gamma < 4|M21|, the upper level, the limit Delta -> 0+).
Where lambda_L itself is a multiple root at eps = 1 (an exceptional point of H involving
lambda_L), no disk isolates it and :class:`~atommix.errors.ExceptionalPointError` is raised.

Weak mixing.  If the map lambda -> eps g(lambda) sends a disk |lambda| <= r into itself and
contracts there, for every eps in [0, 1] (:func:`weak_mixing`), lambda_L is the only root in that
disk, and Newton from the first-order value converges to it.  With r = d/2, d = min_i |z_i| over
the coupled channels, that holds where sum_i |w_i| < d^2/4: for one channel, the 2x2 radius of
convergence 2|M21| < |z|.

Each step of the continuation is certified: with the root lambda_k at (eps_k, eta_k) and a disk of
radius rho about it, the simplified Newton map with the derivative at lambda_k maps the disk into
itself and contracts for every parameter on the step if
|f_k| + h sup|g| + |d eta| + rho (h sup|g'| + (eps_k + h) rho sup|g''|) <= rho |f'_k| (h the step in eps),
so the root is never lost to a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .secular import UNIT_ROUNDOFF, Secular, channel_min, channel_sum

__all__ = ["ContinuationError", "weak_mixing", "continue_lambda_L", "ETA_TIE_BREAK", "MAX_STEPS", "STUCK_DERIVATIVE"]

#: Lift of the parent (in units of sigma) on the tie-breaking path.
ETA_TIE_BREAK = 2.0**-24
#: Steps allowed on one path before it is declared stuck at a branch point.
MAX_STEPS = 4000
#: |f'| below which tiny steps mean a branch point ahead.
STUCK_DERIVATIVE = 1e-5
_RHOS = 2.0 ** -np.arange(1, 48, dtype=float)


class ContinuationError(ArithmeticError):
    """The path of lambda_L cannot be followed (it runs into a branch point)."""


def weak_mixing(sec: Secular) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Where lambda_L is the only root in a disk |lambda| <= r for every eps in [0, 1], and r (scaled).

    On that disk |g(lambda)| <= S1(r) = sum_i |w_i|/(|z_i| - r) and |g'| <= S2(r) = sum_i |w_i|/(|z_i| - r)^2;
    if S1(r) <= r and S2(r) < 1, lambda -> eps g(lambda) maps the disk into itself and contracts, so the
    root continued from eps = 0 stays the only one inside.  Tried at r = 2 sum_i |w_i|/|z_i| (twice the
    first-order size: real atoms) and at min_i |z_i|/2, where the test is sum_i |w_i| < min_i |z_i|^2/4
    at worst.
    """
    coupled = sec.coupled
    w = sec.weight_hat
    with np.errstate(all="ignore"):
        dist = np.where(coupled, np.abs(sec.zeta) * (1 - 4 * UNIT_ROUNDOFF), np.inf)
        dmin = channel_min(dist)
        first = channel_sum(np.where(coupled, w / dist, 0.0))
        ok = np.zeros(dmin.shape, dtype=bool)
        radius = np.full(dmin.shape, np.nan)
        for r in (2 * first * (1 + 1e-12), dmin / 2):
            gap = dist - r[..., None]
            s1 = channel_sum(np.where(coupled, w / gap, 0.0)) * (1 + 1e-12)
            s2 = channel_sum(np.where(coupled, w / gap**2, 0.0)) * (1 + 1e-12)
            good = ~ok & (r < dmin) & (s1 <= r) & (s2 < 1)
            radius = np.where(good, r, radius)
            ok |= good
    return ok, radius


@dataclass
class _State:
    eps: float
    eta: float  # lift of the parent, scaled by sigma
    lam: complex  # lambda / sigma


class _Path:
    """One problem in plain Python numbers (the path takes hundreds of small steps), scaled by sigma."""

    def __init__(self, sec: Secular) -> None:
        keep = np.flatnonzero(sec.coupled)
        self.zeta = [complex(x) for x in sec.zeta[keep]]
        self.w = [complex(x) for x in (sec.a_hat * sec.b_hat)[keep]]
        self.abs_w = np.array([abs(x) for x in self.w])
        self.slack = (len(self.w) + 12) * UNIT_ROUNDOFF

    def terms(self, lam: complex, eps: float, eta: float) -> tuple[complex, complex, complex, float, list[float]]:
        """f, f', g, a bound on the rounding error of f, and the distances |lambda + z_i| (all scaled)."""
        g = gp = 0j
        size = 0.0
        dist = []
        for z, w in zip(self.zeta, self.w):
            p = lam + z
            if p == 0:  # on a pole: no step can be certified from here
                return complex(np.inf), 1 + 0j, complex(np.inf), np.inf, [0.0]
            t = w / p
            g += t
            gp += t / p
            size += abs(t)
            dist.append(abs(p))
        f = lam - eta - eps * g
        return f, 1 + eps * gp, g, self.slack * (abs(lam) + abs(eta) + eps * size), dist

    def newton(self, lam: complex, eps: float, eta: float, steps: int = 12) -> complex:
        for _ in range(steps):
            f, fp, _, _, _ = self.terms(lam, eps, eta)
            if fp == 0:
                break
            step = f / fp
            lam -= step
            if abs(step) <= 4 * UNIT_ROUNDOFF * abs(lam):
                break
        return lam


def _step(path: _Path, st: _State, target: tuple[float, float]) -> tuple[float, float, float, complex]:
    """The largest certified step towards ``target`` = (eps, eta) from ``st``: (fraction, rho, |f'|, f'_k)."""
    f, fp, g, err, dist_list = path.terms(st.lam, st.eps, st.eta)
    if not dist_list:
        return 1.0, 1.0, abs(fp), fp
    dist = np.array(dist_list) * (1 - 4 * UNIT_ROUNDOFF)
    d = float(dist.min())
    if not d > 0:
        return 0.0, 0.0, 0.0, fp
    A = abs(f) + err
    with np.errstate(all="ignore"):
        F = abs(fp) - path.slack * (1 + st.eps * float(np.sum(path.abs_w / dist**2)))
    if not F > 0:
        return 0.0, 0.0, 0.0, fp
    w = path.abs_w
    d_eps, d_eta = target[0] - st.eps, target[1] - st.eta
    rho = d * _RHOS
    gap = dist[None, :] - rho[:, None]
    with np.errstate(all="ignore"):  # a gap that underflows to 0 gives inf: no step from that radius
        B = np.sum(w / gap, axis=1)  # sup |g| on the disk
        C = np.sum(w / gap**2, axis=1)  # sup |g'|
        M2 = 2 * np.sum(w / gap**3, axis=1)  # sup |g''|
        # fraction s of the way: parameters eps_k + s d_eps, eta_k + s d_eta, so eps <= eps_k + s |d_eps|
        num = rho * F - A - st.eps * rho * rho * M2
        den = abs(d_eps) * (B + rho * C + rho * rho * M2) + abs(d_eta)
        s = np.where(num > 0, num / den, -1.0)
        s = np.where(np.isfinite(s), s, -1.0)
    k = int(np.argmax(s))
    return float(min(1.0, s[k] * 0.5)), float(rho[k]), F, fp


def _follow(path: _Path, st: _State, target: tuple[float, float]) -> _State:
    """Certified continuation from ``st`` to the parameters ``target``; ContinuationError if stuck."""
    for _ in range(MAX_STEPS):
        if st.eps == target[0] and st.eta == target[1]:
            return st
        frac, rho, F, fp_k = _step(path, st, target)
        # a branch point ahead: |f'| -> 0 and the steps shrink with the distance to it (near a pole
        # the steps are small too, but grow again as the root moves away from it)
        if frac <= 0 or (frac < 1e-12 and F < STUCK_DERIVATIVE):
            raise ContinuationError(f"lambda_L's path is stuck at eps = {st.eps!r}, eta = {st.eta!r}")
        eps = target[0] if frac == 1.0 else st.eps + frac * (target[0] - st.eps)
        eta = target[1] if frac == 1.0 else st.eta + frac * (target[1] - st.eta)
        cand = path.newton(st.lam, eps, eta)
        if not abs(cand - st.lam) <= rho:
            # the simplified Newton map contracts on the certified disk: it cannot miss the root
            cand = st.lam
            for _ in range(2000):
                nxt = cand - path.terms(cand, eps, eta)[0] / fp_k
                if nxt == cand:
                    break
                cand = nxt
            cand = path.newton(cand, eps, eta, steps=3)
            if not abs(cand - st.lam) <= rho * (1 + 1e-9):
                raise ContinuationError("the continuation of lambda_L left its certified disk")
        st = _State(eps, eta, cand)
    raise ContinuationError("the continuation of lambda_L did not reach its end")


def continue_lambda_L(sec: Secular) -> complex:
    """lambda_L (eV) of one problem (``sec`` without leading axes) by certified continuation.

    Raises :class:`ContinuationError` where lambda_L is not isolated at eps = 1.
    """
    path = _Path(sec)
    sigma = float(sec.sigma)
    try:
        return _follow(path, _State(0.0, 0.0, 0j), (1.0, 0.0)).lam * sigma
    except ContinuationError:
        pass
    st = _follow(path, _State(0.0, ETA_TIE_BREAK, complex(ETA_TIE_BREAK)), (1.0, ETA_TIE_BREAK))
    return _follow(path, st, (1.0, 0.0)).lam * sigma
