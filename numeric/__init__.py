"""Fast float64 kernels generated from the derivations (no SymPy at import time).

The generated module ``_kernels`` evaluates the stable forms of the registry of
:mod:`atommix.derivations`; the public functions here check their inputs (errors
name the parameter and its allowed range), broadcast over NumPy (and dask) arrays
and check their outputs.  ``_paper_kernels`` holds the paper's own approximate forms
(:func:`paper_form`).  ``_bounded`` evaluates the same programs with a running bound on
their error (:func:`eigensystem_bounds`, :func:`evolution_bounds`, :func:`time_scales_bounds`).
This layer imports neither SymPy nor mpmath.

>>> from atommix.numeric import eigensystem
>>> es = eigensystem(delta=910.0, gamma=23.0, m21=1e-24)   # 152Gd, eV
>>> print(f"Gamma_L = {es.gamma_L:.4e} eV, |alpha|^2 = {es.mixing:.4e}")
Gamma_L = 2.7770e-53 eV, |alpha|^2 = 1.2074e-54
"""

from ..errors import ExceptionalPointError
from . import eigensystem as _eigensystem
from .eigensystem import *  # noqa: F403  (one function per eigen-quantity of the quantity table)
from .evolution import HBAR_EV_S, Evolution, TimeScales, evolution, time_scales
from .bounds import Bounded, eigensystem_bounds, evolution_bounds, time_scales_bounds
from .mixing_amplitude import f21_for_m21, m21_from_mbb, weak_constants
from .neutrino_mass import MbbBand, mbb, mbb_band, neutrino_masses, oscillation_parameters
from .observables import (
    SPOT_SHAPES,
    absorption_rate,
    beam_area,
    daughter_atoms,
    decayed_fraction_L,
    duty_fraction,
    gain,
    laser_bandwidth,
    off_resonance_factor,
    paper_form,
    resonance_suppression,
    spontaneous_rate,
    stimulated_rate,
)

__all__ = [
    *_eigensystem.__all__,
    "ExceptionalPointError",
    "HBAR_EV_S",
    "Evolution",
    "TimeScales",
    "evolution",
    "time_scales",
    "Bounded",
    "eigensystem_bounds",
    "evolution_bounds",
    "time_scales_bounds",
    "f21_for_m21",
    "m21_from_mbb",
    "weak_constants",
    "MbbBand",
    "mbb",
    "mbb_band",
    "neutrino_masses",
    "oscillation_parameters",
    "SPOT_SHAPES",
    "absorption_rate",
    "beam_area",
    "daughter_atoms",
    "decayed_fraction_L",
    "duty_fraction",
    "gain",
    "laser_bandwidth",
    "off_resonance_factor",
    "paper_form",
    "resonance_suppression",
    "spontaneous_rate",
    "stimulated_rate",
]
