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
  (equal statistical weights assumed).
"""

from __future__ import annotations

import sympy as sp

from ..literature import si_exact
from . import eigensystem as es
from . import evolution as ev
from .symbols import M21, delta, gamma

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
}


def forms() -> dict[str, sp.Expr]:
    """Exact forms (eigen-quantities and P_gs as the symbols of Section 3)."""
    return {
        "spontaneous_rate": ev.G_L * n_atoms / ev.hbar,
        "daughter_atoms": n_atoms * sp.Symbol("P_gs"),
        "gain": ev.hbar * hbar_c**2 * sp.pi**2 / photon_energy**3 * photon_rate / beam_area / rel_bandwidth,
        "stimulated_rate": gain_factor * ev.G_L * n_atoms / ev.hbar,
        "duty_fraction": pulse_rate * pulse_duration,
        "absorption_rate": ev.hbar * hbar_c**2 * sp.pi**2 / photon_energy**3 * photon_rate / beam_area / rel_bandwidth / lifetime,
    }


def paper_forms() -> dict[str, sp.Expr]:
    """The paper's forms: Gamma_L = |alpha|^2 Gamma and P_gs = |alpha|^2 Gamma t0 (Eqs. 2.5, 3.7c)."""
    mixing = sp.Abs(M21) ** 2 / (delta**2 + gamma**2 / 4)
    return {
        "spontaneous_rate": mixing * gamma * n_atoms / ev.hbar,
        "daughter_atoms": n_atoms * mixing * gamma * ev.t / ev.hbar,
        "stimulated_rate": gain_factor * mixing * gamma * n_atoms / ev.hbar,
    }


def outputs_gain(hbar_value: sp.Expr, hbar_c_value: sp.Expr) -> sp.Expr:
    """Eq. (4.5) with numerical hbar and hbar c."""
    return hbar_value * hbar_c_value**2 * sp.pi**2 / photon_energy**3 * photon_rate / beam_area / rel_bandwidth


def program() -> es.EvaluationProgram:
    """Evaluation forms, extending the time-history program (P_gs by regime, Gamma_L stable)."""
    time_program = ev.evolution_program()
    hbar_value = sp.Float(sp.N(ev.HBAR_EV_S, 30), 17)
    hbar_c_value = sp.Float(sp.N(HBAR_C_EV_M, 30), 17)
    gamma_L = es.evaluation_program().outputs["gamma_L"]  # its assignments are part of the time program
    outputs = {
        "spontaneous_rate": gamma_L * n_atoms / hbar_value,
        "daughter_atoms": n_atoms * time_program.outputs["P_gs"],
        "gain": outputs_gain(hbar_value, hbar_c_value),
        "stimulated_rate": gain_factor * gamma_L * n_atoms / hbar_value,
        "duty_fraction": pulse_rate * pulse_duration,
        "absorption_rate": outputs_gain(hbar_value, hbar_c_value) / lifetime,
    }
    return es.EvaluationProgram(time_program.assignments, outputs)
