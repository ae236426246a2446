"""Section 4 observables at any precision: Gamma_L and P_gs from the mpmath layer, constants exact from the SI."""

from __future__ import annotations

import mpmath

from ..literature import si_exact
from .eigensystem import reference_eigensystem
from .evolution import hbar_ev_s, reference_evolution
from .exact import ExactInput, to_context, to_fraction
from .precision import private_context

__all__ = ["hbar_c_ev_m", "spontaneous_rate_reference", "daughter_atoms_reference", "gain_reference"]


def hbar_c_ev_m(ctx: mpmath.ctx_mp.MPContext) -> mpmath.mpf:
    """hbar c in eV m from the SI-exact h, c and e."""
    return hbar_ev_s(ctx) * to_context(ctx, si_exact("c"))


def spontaneous_rate_reference(delta, gamma, m21, phase=0, *, n_atoms: ExactInput, dps: int = 30) -> mpmath.mpf:  # type: ignore[no-untyped-def]
    """Gamma_L N / hbar in 1/s, Gamma_L from mpmath's eigensolver."""
    ref = reference_eigensystem(delta, gamma, m21, phase, dps=dps)
    ctx = ref.context
    return ref["gamma_L"] * to_context(ctx, to_fraction("n_atoms", n_atoms)) / hbar_ev_s(ctx)


def daughter_atoms_reference(delta, gamma, m21, phase=0, *, t0: ExactInput, n_atoms: ExactInput, dps: int = 30) -> mpmath.mpf:  # type: ignore[no-untyped-def]
    """N P_gs(t0), P_gs from mpmath's matrix exponential."""
    ref = reference_evolution(delta, gamma, m21, phase, times=(t0,), dps=dps)
    return ref.values[0]["P_gs"] * to_context(ref.context, to_fraction("n_atoms", n_atoms))


def gain_reference(photon_energy: ExactInput, photons_per_s: ExactInput, area: ExactInput, rel_bandwidth: ExactInput, dps: int = 30) -> mpmath.mpf:
    """Eq. (4.5): hbar (hbar c)^2 pi^2/(hbar omega)^3 dN/(dt dS) (d omega/omega)^-1."""
    ctx = private_context(dps + 10)
    e, rate, s, bw = (to_context(ctx, to_fraction(n, v)) for n, v in
                      (("photon_energy", photon_energy), ("photons_per_s", photons_per_s), ("area", area), ("rel_bandwidth", rel_bandwidth)))
    return hbar_ev_s(ctx) * hbar_c_ev_m(ctx) ** 2 * ctx.pi**2 / e**3 * rate / s / bw
