"""The exact forms of the registry in ball arithmetic, at exact grid points: the other side of the ball check.

Exact forms are written with presentation symbols (M21, the eigen-quantities of Section 2
inside those of Section 3, hbar, hbar c, e, P_gs inside the daughter atoms): each is
replaced by its own exact form or exact constant, evaluated in balls.  On the tie set
(Delta = 0, Gamma < 4|M21|) the exact forms are read as their limit Delta -> 0+, the upper
eigenvalue: there the root s is +sqrt(4|M21|^2 - Gamma^2/4) (module docstring of
:mod:`.eigensystem`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import flint
import sympy as sp

from ..literature import si_exact
from . import eigensystem as es
from . import evolution as ev
from . import observables as ob
from .ball_check import BallEvaluator, _arb_of_number
from ..quantities import TIME, names
from .symbols import M21, delta, gamma, m21, phase

#: Time quantities that need the eigenstates (they do not exist at the exceptional point).
POPULATIONS = ("P_L", "P_S")

__all__ = ["inputs_env", "exact_ball", "SAMPLE_INPUTS"]


def _q(x: str | int) -> Fraction:
    return Fraction(x)


#: Values of the non-point arguments of the kernels (exact), the paper's orders of magnitude.
SAMPLE_INPUTS: dict[str, Fraction] = {
    "n_atoms": _q("6.02214076e23"), "gain": _q("3.5"), "photon_energy": _q(40000), "photon_rate": _q("1e25"),
    "beam_area": _q("1e-14"), "rel_bandwidth": _q("1.12e-3"), "pulse_rate": _q("2.7e4"), "pulse_duration": _q("1e-13"),
    "lifetime": _q("1e-7"), "spot_size": _q("1e-7"), "mean_power": _q(5), "time_bandwidth": _q("0.441"),
    "m1": _q("1e-3"), "m2": _q("8.7e-3"), "m3": _q("0.0501"), "sin2_12": _q("0.303"), "sin2_13": _q("0.0222"),
    "alpha21": _q("0.7"), "alpha31": _q("2.9"), "mbb_abs": _q("0.1"), "G_F": _q("1.1663787e-23"),
    "V_ud": _q("0.97373"), "g_A": _q("1.2754"), "F21": _q("2e23"), "M0nu": _q("-3.2"),
}


def _ball(q: Fraction) -> flint.arb:
    return _arb_of_number(sp.Rational(q.numerator, q.denominator))


def _hbar() -> flint.arb:
    return _ball(si_exact("h")) / _ball(si_exact("e")) / (2 * flint.arb.pi())


#: Masses (eV) for m_bb taking each arm of its lower band edge in turn: |U_e1|^2 m1, |U_e2|^2 m2 or
#: |U_e3|^2 m3 above the sum of the other two, or none (the three close a triangle).
MASSES = (
    (Fraction("0.01"), Fraction("0.02"), Fraction("0.3")),
    (Fraction("1e-3"), Fraction("8.7e-3"), Fraction("0.0501")),
    (Fraction("0.2"), Fraction("1e-4"), Fraction("1e-4")),
    (Fraction("1e-4"), Fraction("0.2"), Fraction("1e-4")),
    (Fraction("1e-4"), Fraction("1e-4"), Fraction("20")),
)


def inputs_env(result: Any, point: tuple[Fraction, ...], t: Fraction | None) -> dict[sp.Symbol, Any] | None:
    """Balls of the kernel arguments of ``result`` at a grid point (and scaled time ``t``)."""
    from .ball_check import GRID

    d, g, m, p = point
    masses = MASSES[GRID.index(point) % len(MASSES)] if point in GRID else MASSES[0]
    values = {"delta": d, "gamma": g, "m21": m, "phase": p, **SAMPLE_INPUTS,
              "m1": masses[0], "m2": masses[1], "m3": masses[2]}
    if t is not None:
        norm = abs(d) + g / 2 + 2 * m
        values["t"] = t * Fraction("6.582119569509066e-16") / norm  # t in units of hbar/||H||
    env = {}
    for a in result.args:
        if str(a) not in values:
            return None
        env[a] = _ball(values[str(a)])
    return env


def _root(point: tuple[Fraction, ...]) -> Any:
    """The exact root s = lambda_L - lambda_S: z sqrt(1 + 4x) (principal), or the upper one on the tie set."""
    d, g, m, _ = point
    z = flint.acb(_ball(d), _ball(g) / 2)
    if d == 0 and g < 4 * m:
        return flint.acb((4 * _ball(m) ** 2 - _ball(g) ** 2 / 4).sqrt())
    if z.is_zero():
        return flint.acb(2 * _ball(m))
    return z * (1 + 4 * _ball(m) ** 2 / z**2).sqrt()


def _eigen_env(point: tuple[Fraction, ...], env: dict[sp.Symbol, Any]) -> dict[sp.Symbol, Any]:
    """Balls of the presentation symbols: M21, the root, the eigen-quantities, hbar, hbar c, e."""
    d, g, m, p = point
    M = _ball(m) * flint.acb(0, _ball(p)).exp()
    full = {delta: _ball(d), gamma: _ball(g), m21: _ball(m), phase: _ball(p), M21: M, **env}
    ev_ = BallEvaluator(full)
    s = _root(point)
    z = flint.acb(_ball(d), _ball(g) / 2)
    lam_L, lam_S = (s - z) / 2, -(z + s) / 2
    alpha = 2 * M / (z + s)
    beta = 2 * M / (z.conjugate() + s.conjugate())
    full.update({
        ev.lam_L: lam_L, ev.lam_S: lam_S, ev.E_L: lam_L.real, ev.E_S: lam_S.real,
        ev.G_L: -2 * lam_L.imag, ev.G_S: -2 * lam_S.imag, ev.alpha_sym: alpha, ev.beta_sym: beta,
        ev.hbar: _hbar(), ob.hbar_c: _hbar() * _ball(si_exact("c")), ob.electron_charge: _ball(si_exact("e")),
    })
    ev_.env = full
    return full


def exact_ball(result: Any, point: tuple[Fraction, ...], t: Fraction | None, env: dict[sp.Symbol, Any]) -> Any:
    """The exact form of ``result`` in balls at the grid point (None where it does not exist there)."""
    d, g, m, _ = point
    if d == 0 and g == 4 * m:
        return _at_exceptional_point(result, point, env)
    full = _eigen_env(point, env)
    exact = result.exact
    if result.name in ("daughter_atoms",):
        p_gs = BallEvaluator(full).value(ev.exact_forms()["P_gs"])
        full[sp.Symbol("P_gs")] = p_gs
    # Section 2 forms carry the root as an expression: replace it by the chosen branch
    exact = exact.subs({es.root: sp.Symbol("s_root_ball"), es.root_conj: sp.Symbol("s_root_bar_ball")})
    s = _root(point)
    full[sp.Symbol("s_root_ball")] = s
    full[sp.Symbol("s_root_bar_ball")] = s.conjugate()
    if result.name == "resonance_suppression":
        at_zero = _root((Fraction(0), g, m, point[3]))
        z0 = flint.acb(0, _ball(g) / 2)
        z = flint.acb(_ball(d), _ball(g) / 2)
        return abs(2 * full[m21] / (z + s)) ** 2 / abs(2 * full[m21] / (z0 + at_zero)) ** 2
    try:
        return BallEvaluator(full).value(exact)
    except ZeroDivisionError:
        return None


def _at_exceptional_point(result: Any, point: tuple[Fraction, ...], env: dict[sp.Symbol, Any]) -> Any:
    """At the exceptional point only the evolution exists: U = e^{i z tau/2} (1 - i K tau), K = H + z/2.

    (The closed form of :func:`.evolution.evolution_operator` at s = 0, where cos -> 1, sinc -> 1.)
    """
    base = result.quantity.base or result.name
    if base in POPULATIONS or "t" not in {str(a) for a in result.args} or base not in names(TIME):
        return None  # only the evolution exists at the exceptional point, not the eigenstates' populations
    d, g, m, p = point
    tau = env[next(a for a in result.args if str(a) == "t")] / _hbar()
    z = flint.acb(_ball(d), _ball(g) / 2)
    M = _ball(m) * flint.acb(0, _ball(p)).exp()
    phase = (flint.acb(0, 1) * z * tau / 2).exp()
    u11 = phase * (1 - flint.acb(0, 1) * (z / 2) * tau)  # K11 = z/2
    u21 = phase * (-flint.acb(0, 1) * M * tau)  # K21 = M21
    survival, appearance = abs(u11) ** 2, abs(u21) ** 2
    return {"survival": survival, "appearance": appearance, "depletion": 1 - survival,
            "P_gs": 1 - survival - appearance}[base]
