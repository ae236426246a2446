"""Observables of Section 4: spontaneous X-ray rate, daughter atoms, stimulated gain (Eqs. 4.1-4.5), duty fraction.

All in SI-based units at the edges: rates in 1/s, energies in eV, lengths in m.

- spontaneous rate of X-rays from |lambda_L> for N parent atoms: Gamma_L N / hbar;
- daughter ground-state atoms accumulated since production, a time t0 ago: N P_gs(t0) (Eq. 3.7c);
- gain of stimulated over spontaneous emission, Eq. (4.5):
  G = hbar (hbar c)^2 pi^2 / (hbar omega)^3 * dN/(dt dS) * (d omega/omega)^-1,
  with dN/dt the photons per unit time during a pulse, dS the beam area and
  d omega/omega the relative FWHM bandwidth; the stimulated rate is G times the spontaneous one;
- duty fraction of a pulsed beam: pulses per second times pulse duration;
- absorption rate per daughter atom in a laser beam (Eq. 4.6): the Einstein relation of
  Eq. (4.3) again, W = G / tau with G of Eq. (4.5) for the laser's photon energy (the level
  energy), photon rate during a pulse (mean power / (repetition rate x photon energy x pulse
  duration)), spot area and relative bandwidth, for a level of radiative lifetime tau
  (equal statistical weights assumed);
- the beam area dS of a spot of size d: d^2 for a square of side d, pi d^2/4 for a disk of
  diameter d; the relative bandwidth of a pulse of duration dt with time-bandwidth product
  c_tb (0.441 for a transform-limited Gaussian): d omega/omega = c_tb h/(hbar omega dt);
- how far off resonance a point is, |Delta|/Gamma, and what that costs:
  |alpha|^2(Delta)/|alpha|^2(Delta = 0) at the same Gamma and |M21|, to first order
  (Gamma^2/4)/(Delta^2 + Gamma^2/4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.codegen.cfunctions import expm1

from ..literature import si_exact
from ..quantities import OBSERVABLE, names
from . import eigensystem as es
from . import evolution as ev
from .symbols import KERNEL_ARGS, M21, delta, gamma, float64_constant

if TYPE_CHECKING:
    from .registry import Derivation

__all__ = [
    "n_atoms",
    "photon_energy",
    "photon_rate",
    "beam_area",
    "rel_bandwidth",
    "pulse_rate",
    "pulse_duration",
    "gain_factor",
    "HBAR_C_EV_M",
    "forms",
    "paper_forms",
    "program",
    "LATEX_NAMES",
    "lifetime",
    "outputs_gain",
    "spot_size",
    "mean_power",
    "time_bandwidth",
    "electron_charge",
    "ARGS",
    "derivations",
]

n_atoms = sp.Symbol("n_atoms", nonnegative=True)
photon_energy = sp.Symbol("photon_energy", positive=True)  # hbar omega, eV
photon_rate = sp.Symbol("photon_rate", nonnegative=True)  # dN/dt during a pulse, 1/s
beam_area = sp.Symbol("beam_area", positive=True)  # dS, m^2
rel_bandwidth = sp.Symbol("rel_bandwidth", positive=True)  # d omega / omega (FWHM)
pulse_rate = sp.Symbol("pulse_rate", nonnegative=True)  # pulses per second
pulse_duration = sp.Symbol("pulse_duration", nonnegative=True)  # s
gain_factor = sp.Symbol("gain", nonnegative=True)
lifetime = sp.Symbol("lifetime", positive=True)  # s, of the absorbing level
spot_size = sp.Symbol("spot_size", positive=True)  # d, m
mean_power = sp.Symbol("mean_power", nonnegative=True)  # W
time_bandwidth = sp.Symbol("time_bandwidth", positive=True)  # FWHM duration x FWHM frequency width
electron_charge = sp.Symbol("e", positive=True)  # J per eV; presentation only
hbar_c = sp.Symbol("hbar_c", positive=True)  # presentation only

#: hbar c = h c / (2 pi e) in eV m, exact from the SI defining constants.
HBAR_C_EV_M = ev.HBAR_EV_S * sp.Rational(si_exact("c"))

LATEX_NAMES = {
    n_atoms: "N",
    photon_energy: r"(\hbar\omega)",
    hbar_c: r"(\hbar c)",
    photon_rate: r"\frac{dN}{dt}",
    beam_area: "dS",
    rel_bandwidth: r"\frac{d\omega}{\omega}",
    pulse_rate: r"f_{\mathrm{pulse}}",
    pulse_duration: r"\delta t_{\mathrm{pulse}}",
    gain_factor: "G",
    lifetime: r"\tau",
    spot_size: "d",
    mean_power: r"\bar P",
    time_bandwidth: r"c_{\mathrm{tb}}",
    electron_charge: "e",
}

#: Kernel arguments of each observable, in order.
ARGS = {
    "spontaneous_rate": KERNEL_ARGS + (n_atoms,),
    "daughter_atoms": KERNEL_ARGS + (ev.t, n_atoms),
    "gain": (photon_energy, photon_rate, beam_area, rel_bandwidth),
    "stimulated_rate": KERNEL_ARGS + (n_atoms, gain_factor),
    "duty_fraction": (pulse_rate, pulse_duration),
    "absorption_rate": (photon_energy, photon_rate, beam_area, rel_bandwidth, lifetime),
    "beam_area_square": (spot_size,),
    "beam_area_disk": (spot_size,),
    "laser_bandwidth": (photon_energy, pulse_duration, time_bandwidth),
    "laser_photon_rate": (mean_power, pulse_rate, photon_energy, pulse_duration),
    "resonance_suppression": KERNEL_ARGS,
    "decayed_fraction_L": KERNEL_ARGS + (ev.t,),
    "off_resonance_factor": (delta, gamma),
}


def forms() -> dict[str, sp.Expr]:
    """Exact forms (eigen-quantities and P_gs as the symbols of Section 3)."""
    mixing = es.exact_forms()["mixing"]
    return {
        "spontaneous_rate": ev.G_L * n_atoms / ev.hbar,
        "daughter_atoms": n_atoms * sp.Symbol("P_gs"),
        "gain": ev.hbar * hbar_c**2 * sp.pi**2 / photon_energy**3 * photon_rate / beam_area / rel_bandwidth,
        "stimulated_rate": gain_factor * ev.G_L * n_atoms / ev.hbar,
        "duty_fraction": pulse_rate * pulse_duration,
        "absorption_rate": ev.hbar * hbar_c**2 * sp.pi**2 / photon_energy**3 * photon_rate / beam_area / rel_bandwidth / lifetime,
        "beam_area_square": spot_size**2,
        "beam_area_disk": sp.pi * spot_size**2 / 4,
        # nu = hbar omega / h = hbar omega / (2 pi hbar)
        "laser_bandwidth": time_bandwidth * 2 * sp.pi * ev.hbar / (photon_energy * pulse_duration),
        "laser_photon_rate": mean_power / (pulse_rate * photon_energy * electron_charge * pulse_duration),
        "resonance_suppression": mixing / mixing.subs(delta, 0),
        "decayed_fraction_L": 1 - sp.exp(-ev.G_L * ev.t / ev.hbar),
        "off_resonance_factor": sp.Abs(delta) / gamma,
    }


def paper_forms() -> dict[str, sp.Expr]:
    """The paper's forms: Gamma_L = |alpha|^2 Gamma and P_gs = |alpha|^2 Gamma t0 (Eqs. 2.5, 3.7c),
    and |alpha|^2 of Eq. (2.3) in the resonance suppression."""
    mixing = sp.Abs(M21) ** 2 / (delta**2 + gamma**2 / 4)
    return {
        "spontaneous_rate": mixing * gamma * n_atoms / ev.hbar,
        "daughter_atoms": n_atoms * mixing * gamma * ev.t / ev.hbar,
        "stimulated_rate": gain_factor * mixing * gamma * n_atoms / ev.hbar,
        "resonance_suppression": (gamma**2 / 4) / (delta**2 + gamma**2 / 4),
        "decayed_fraction_L": mixing * gamma * ev.t / ev.hbar,  # 1 - P_L of Eq. (3.7a)
    }


def outputs_gain(hbar_value: sp.Expr, hbar_c_value: sp.Expr) -> sp.Expr:
    """Eq. (4.5) with numerical hbar and hbar c."""
    return hbar_value * hbar_c_value**2 * sp.pi**2 / photon_energy**3 * photon_rate / beam_area / rel_bandwidth


def _at_resonance(program: es.EvaluationProgram, output: str) -> tuple[tuple[tuple[sp.Symbol, sp.Expr], ...], sp.Expr]:
    """The assignments and output of ``program`` for ``output`` at Delta = 0, with renamed intermediates."""
    needed = program.needed([program.outputs[output]])
    rename = {sym: sp.Symbol(sym.name + "_0", **sym.assumptions0) for sym, _ in needed}
    assignments = tuple((rename[sym], rhs.subs(delta, 0).xreplace(rename)) for sym, rhs in needed)
    return assignments, program.outputs[output].xreplace(rename)


def program() -> es.EvaluationProgram:
    """Evaluation forms, extending the time-history program (P_gs by regime, Gamma_L stable)."""
    time_program = ev.evolution_program()
    eigen = es.evaluation_program()
    hbar_value = sp.Float(sp.N(ev.HBAR_EV_S, 30), 17)
    hbar_c_value = sp.Float(sp.N(HBAR_C_EV_M, 30), 17)
    charge_value = sp.Float(sp.N(sp.Rational(si_exact("e")), 30), 17)
    gamma_L = eigen.outputs["gamma_L"]  # its assignments are part of the time program
    # |alpha|^2 at Delta = 0 by the same program, so the ratio is that of two mixings as the kernels give them
    resonant, mixing_0 = _at_resonance(eigen, "mixing")
    # one rounding per step, in the order of the physics: nu = E/h, then c_tb/(nu dt); f E, then x e, then x dt
    h_value, nu = sp.Symbol("h_planck"), sp.Symbol("nu_laser")
    photons = (sp.Symbol("fE"), sp.Symbol("fEe"), sp.Symbol("fEedt"))
    mixings = (sp.Symbol("alpha_at_delta", nonnegative=True), sp.Symbol("alpha_at_resonance", nonnegative=True))
    alpha_ratio = sp.Symbol("alpha_ratio", nonnegative=True)
    laser = (
        (h_value, float64_constant(2 * ev.HBAR_EV_S) * sp.pi),
        (nu, photon_energy / h_value),
        (photons[0], pulse_rate * photon_energy),
        (photons[1], photons[0] * charge_value),
        (photons[2], photons[1] * pulse_duration),
    )
    outputs = {
        "spontaneous_rate": gamma_L * n_atoms / hbar_value,
        "daughter_atoms": n_atoms * time_program.outputs["P_gs"],
        "gain": outputs_gain(hbar_value, hbar_c_value),
        "stimulated_rate": gain_factor * gamma_L * n_atoms / hbar_value,
        "duty_fraction": pulse_rate * pulse_duration,
        "absorption_rate": outputs_gain(hbar_value, hbar_c_value) / lifetime,
        "beam_area_square": spot_size**2,
        "beam_area_disk": sp.pi * spot_size**2 / 4,
        "laser_bandwidth": time_bandwidth / (nu * pulse_duration),
        "laser_photon_rate": mean_power / photons[2],
        # the ratio of |alpha| = 2|M21|/|z + s| squared last: |alpha|^2 itself may underflow where the ratio does not
        "resonance_suppression": alpha_ratio**2,
        # 1 - e^{-x} without cancellation at Gamma_L t/hbar ~ 1e-21
        "decayed_fraction_L": -expm1(-gamma_L * ev._tau_s),
        "off_resonance_factor": sp.Abs(delta) / gamma,
    }
    amplitude, amplitude_0 = eigen.outputs["mixing"].base, mixing_0.base  # mixing = (2 mu/|w|)^2
    ratio = ((mixings[0], amplitude), (mixings[1], amplitude_0), (alpha_ratio, mixings[0] / mixings[1]))
    return es.EvaluationProgram(time_program.assignments + resonant + ratio + laser, outputs)


def derivations() -> dict[str, Derivation]:
    """The registry's attachments of Section 4."""
    from .registry import Derivation

    exact, paper, prog = forms(), paper_forms(), program()
    validity, condition = es.PERTURBATIVE
    return {
        name: Derivation(exact[name], prog, ARGS[name]) if name not in paper
        else Derivation(exact[name], prog, ARGS[name], approximation=paper[name], validity=validity, validity_text=condition)
        for name in names(OBSERVABLE)
    }
