"""m_bb of Eq. (1.4) from the oscillation data shipped with the package, in float64.

>>> from atommix.numeric import mbb_band
>>> band = mbb_band(lightest=0.0, ordering="IO")
>>> print(f"IO, m3 = 0: {band.min * 1e3:.1f} - {band.max * 1e3:.1f} meV")
IO, m3 = 0: 18.7 - 48.2 meV
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _kernels
from .parameters import as_real_array, broadcast_named, check_finite_outputs

__all__ = ["OscillationParameters", "oscillation_parameters", "neutrino_masses", "MbbBand", "mbb_band", "mbb", "ORDERINGS", "SOURCES"]

ORDERINGS = ("NO", "IO")
SOURCES = ("nufit52", "pdg")


class OscillationParameters(NamedTuple):
    """sin^2(theta12), sin^2(theta13), Delta m^2_21 and |Delta m^2_3l| (eV^2) for one ordering."""

    sin2_12: float
    sin2_13: float
    dm2_21: float
    dm2_3l: float  # NO: Delta m^2_31 > 0; IO: |Delta m^2_32|
    source: str


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def oscillation_parameters(ordering: str = "NO", source: str = "nufit52") -> OscillationParameters:
    """Best-fit oscillation parameters from the shipped data (``atommix/data/oscillation.toml``)."""
    from ..literature import oscillation

    _check_choice("ordering", ordering, ORDERINGS)
    _check_choice("source", source, SOURCES)
    data = oscillation()[source]
    if source == "nufit52":
        s12 = math.sin(math.radians(data["theta12_deg"]["value"])) ** 2
        s13 = math.sin(math.radians(data[f"theta13_deg_{ordering}"]["value"])) ** 2
        dm21 = data["dm2_21_eV2"]["value"]
        dm3l = data["dm2_31_eV2_NO"]["value"] if ordering == "NO" else abs(data["dm2_32_eV2_IO"]["value"])
    else:
        s12, s13 = data["sin2_theta12"]["value"], data["sin2_theta13"]["value"]
        dm21 = data["dm2_21_eV2"]["value"]
        # PDG quotes Delta m^2_32 for both orderings: Delta m^2_31 = Delta m^2_32 + Delta m^2_21 (NO)
        dm3l = data["dm2_32_eV2_NO"]["value"] + dm21 if ordering == "NO" else abs(data["dm2_32_eV2_IO"]["value"])
    return OscillationParameters(s12, s13, dm21, dm3l, data["source"])


def neutrino_masses(lightest: ArrayLike, ordering: str = "NO", source: str = "nufit52") -> tuple[NDArray[np.float64], ...]:
    """(m1, m2, m3) in eV from the lightest mass (m1 for NO, m3 for IO) and the mass splittings."""
    m0 = as_real_array("lightest", lightest, "the lightest neutrino mass in eV", "a finite real number >= 0", 0.0)
    p = oscillation_parameters(ordering, source)
    with np.errstate(all="ignore"):
        if ordering == "NO":
            masses = (m0, np.sqrt(m0**2 + p.dm2_21), np.sqrt(m0**2 + p.dm2_3l))
        else:
            masses = (np.sqrt(m0**2 + p.dm2_3l - p.dm2_21), np.sqrt(m0**2 + p.dm2_3l), m0)
    for name, m in zip(("m1", "m2", "m3"), masses):
        check_finite_outputs(name, m)
    return masses


class MbbBand(NamedTuple):
    """Smallest and largest m_bb (eV) over the two Majorana phases."""

    min: NDArray[np.float64]
    max: NDArray[np.float64]


def mbb_band(lightest: ArrayLike, ordering: str = "NO", source: str = "nufit52") -> MbbBand:
    """The band of Eq. (1.4) over the Majorana phases, at the best-fit oscillation parameters."""
    p = oscillation_parameters(ordering, source)
    masses = neutrino_masses(lightest, ordering, source)
    args = (*masses, p.sin2_12, p.sin2_13)
    with np.errstate(all="ignore"):
        lo, hi = np.asarray(_kernels.mbb_min(*args), dtype=float), np.asarray(_kernels.mbb_max(*args), dtype=float)
    for name, v in (("mbb_min", lo), ("mbb_max", hi)):
        check_finite_outputs(name, v)
    scalar = masses[0].ndim == 0
    return MbbBand(lo[()] if scalar else lo, hi[()] if scalar else hi)


def mbb(lightest: ArrayLike, ordering: str = "NO", alpha21: ArrayLike = 0.0, alpha31: ArrayLike = 0.0, source: str = "nufit52") -> NDArray[np.float64]:
    """m_bb = |sum_i U_ei^2 m_i| (Eq. 1.4) for given Majorana phases (radians; alpha31 includes the Dirac phase)."""
    p = oscillation_parameters(ordering, source)
    masses = neutrino_masses(lightest, ordering, source)
    # the phases enter through e^{i alpha} only, exact for a subnormal phase too: not refused as subnormal
    a21 = as_real_array("alpha21", alpha21, "a Majorana phase in radians", "a finite real number", None, normal=False)
    a31 = as_real_array("alpha31", alpha31, "a Majorana phase in radians", "a finite real number", None, normal=False)
    broadcast_named(lightest=masses[0], alpha21=a21, alpha31=a31)
    with np.errstate(all="ignore"):
        out = np.asarray(_kernels.mbb(*masses, p.sin2_12, p.sin2_13, a21, a31), dtype=float)
    check_finite_outputs("mbb", out)
    return out[()] if out.ndim == 0 else out
