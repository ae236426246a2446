"""Fast float64 kernels generated from the derivations (no SymPy at import time).

>>> from atommix.numeric import eigensystem
>>> es = eigensystem(delta=910.0, gamma=23.0, m21=1e-24)   # 152Gd, eV
>>> print(f"Gamma_L = {es.gamma_L:.4e} eV, |alpha|^2 = {es.mixing:.4e}")
Gamma_L = 2.7770e-53 eV, |alpha|^2 = 1.2074e-54
"""

from .eigensystem import (
    EIGENSYSTEM_NAMES,
    E_L,
    E_S,
    Eigensystem,
    alpha,
    beta,
    eigensystem,
    gamma_L,
    gamma_S,
    lambda_L,
    lambda_S,
    mixing,
    overlap,
)
from .errors import ExceptionalPointError
from .observables import (
    SPOT_SHAPES,
    absorption_rate,
    beam_area,
    daughter_atoms,
    duty_fraction,
    gain,
    laser_bandwidth,
    resonance_suppression,
    spontaneous_rate,
    stimulated_rate,
)
from .mixing_amplitude import f21_for_m21, m21_from_mbb, weak_constants
from .neutrino_mass import MbbBand, mbb, mbb_band, neutrino_masses, oscillation_parameters
from .evolution import HBAR_EV_S, Evolution, TimeScales, evolution, time_scales

__all__ = [
    "f21_for_m21",
    "m21_from_mbb",
    "weak_constants",
    "SPOT_SHAPES",
    "absorption_rate",
    "laser_bandwidth",
    "resonance_suppression",
    "beam_area",
    "daughter_atoms",
    "duty_fraction",
    "gain",
    "spontaneous_rate",
    "stimulated_rate",
    "MbbBand",
    "mbb",
    "mbb_band",
    "neutrino_masses",
    "oscillation_parameters",
    "HBAR_EV_S",
    "Evolution",
    "TimeScales",
    "evolution",
    "time_scales",
    "EIGENSYSTEM_NAMES",
    "E_L",
    "E_S",
    "Eigensystem",
    "ExceptionalPointError",
    "alpha",
    "beta",
    "eigensystem",
    "gamma_L",
    "gamma_S",
    "lambda_L",
    "lambda_S",
    "mixing",
    "overlap",
]
