"""Propagation of input uncertainties to the observables, two ways.

- **Sampling**: Gaussian inputs drawn many times and pushed through the float64
  kernels; the result is summarized by its median and 16/84 % quantiles, an
  asymmetric interval, since near resonance |alpha|^2 ~ 1/(Delta^2 + Gamma^2/4)
  is far from linear in Delta.
- **Linear**: sigma_f^2 = sum (df/dx_i)^2 sigma_i^2 with the derivatives taken
  symbolically (SymPy) of the paper's leading-order forms (|alpha|^2 of Eq. 2.3,
  Gamma_L = |alpha|^2 Gamma, P_gs = |alpha|^2 Gamma t), which equal the exact ones
  to relative O(|alpha|^2).

>>> from atommix.uncertainty import propagate
>>> u = propagate("mixing", dict(delta=910.0, gamma=23.0, m21=1e-24), dict(delta=180.0), n=20000)
>>> print(f"{u.median:.3g} (+{u.hi - u.median:.2g} -{u.median - u.lo:.2g}), linear +-{u.linear_sigma:.2g}")
1.21e-54 (+6.5e-55 -3.7e-55), linear +-4.8e-55
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["Propagation", "propagate", "QUANTITIES", "BandPropagation", "propagate_mbb_band", "band_sigma_missing"]

_PARAMS = ("delta", "gamma", "m21", "phase")


def _kernels() -> dict[str, Callable[..., np.ndarray]]:
    from . import numeric as nu

    return {
        "mixing": lambda p: nu.mixing(p["delta"], p["gamma"], p["m21"], p["phase"]),
        "gamma_L": lambda p: nu.gamma_L(p["delta"], p["gamma"], p["m21"], p["phase"]),
        "spontaneous_rate": lambda p: nu.spontaneous_rate(p["delta"], p["gamma"], p["m21"], p["phase"], n_atoms=p["n_atoms"]),
        "daughter_atoms": lambda p: nu.daughter_atoms(p["delta"], p["gamma"], p["m21"], p["phase"], t0=p["t"], n_atoms=p["n_atoms"]),
    }


#: Quantities that can be propagated.
QUANTITIES = tuple(_kernels())


@dataclass(frozen=True)
class Propagation:
    """Sampled median and 68 % interval [lo, hi], and the linear estimate value +- linear_sigma."""

    name: str
    median: float
    lo: float
    hi: float
    linear_value: float
    linear_sigma: float
    samples: int


def _linear(name: str, central: dict[str, float], sigma: dict[str, float]) -> tuple[float, float]:
    import sympy as sp

    from .derivations import get
    from .derivations.evolution import HBAR_EV_S, hbar
    from .derivations.observables import n_atoms

    form = get(name).approximation_in_kernel_args()
    form = form.subs(hbar, HBAR_EV_S)
    symbols = {str(s): s for s in form.free_symbols}
    values = {symbols[k]: v for k, v in central.items() if k in symbols}
    if "n_atoms" in central:
        values[n_atoms] = central["n_atoms"]
    value = float(sp.N(form.subs(values), 30))
    variance = 0.0
    for key, sig in sigma.items():
        if key in symbols:
            d = float(sp.N(sp.diff(form, symbols[key]).subs(values), 30))
            variance += (d * sig) ** 2
    return value, variance**0.5


def propagate(name: str, central: dict[str, float], sigma: dict[str, float], n: int = 100_000, seed: int = 0) -> Propagation:
    """Propagate Gaussian uncertainties ``sigma`` (same units as ``central``) to the quantity ``name``.

    ``central`` holds delta, gamma, m21 (eV), optionally phase, and for the rates
    n_atoms and t (s).  Widths and |M21| are kept >= 0 by reflection (|x|).
    """
    if name not in QUANTITIES:
        raise ValueError(f"name must be one of {', '.join(QUANTITIES)}; got {name!r}")
    if not isinstance(n, int) or n < 100:
        raise ValueError(f"n (number of samples) must be an integer >= 100; got {n!r}")
    for key, sig in sigma.items():
        if key not in central:
            raise ValueError(f"sigma has {key!r}, which is not an input of {name}")
        if not (np.isfinite(sig) and sig >= 0):
            raise ValueError(f"sigma[{key!r}] must be a finite number >= 0; got {sig!r}")
    point = {"phase": 0.0, **central}
    rng = np.random.default_rng(seed)
    drawn = {k: (rng.normal(v, sigma[k], n) if sigma.get(k) else np.full(n, v)) for k, v in point.items()}
    for k in ("gamma", "m21", "n_atoms", "t"):
        if k in drawn:
            drawn[k] = np.abs(drawn[k])
    # exact resonance with Gamma = 4|M21| has probability zero; Delta = 0 samples are fine
    values = np.asarray(_kernels()[name](drawn), dtype=float)
    lo, med, hi = np.quantile(values, [0.15865525393145707, 0.5, 0.8413447460685429])
    lin_value, lin_sigma = _linear(name, point, sigma)
    return Propagation(name, float(med), float(lo), float(hi), lin_value, lin_sigma, n)


@dataclass(frozen=True)
class BandPropagation:
    """68 % intervals (16/50/84 % quantiles) of the m_bb band edges under one source's oscillation uncertainties."""

    min_quantiles: tuple[float, float, float]
    max_quantiles: tuple[float, float, float]
    samples: int
    source: str = "pdg"


#: The entries of each source's table that the band needs (``{ordering}`` filled in), as in
#: :func:`atommix.numeric.oscillation_parameters`.
_BAND_ENTRIES = {
    "pdg": ("sin2_theta12", "sin2_theta13", "dm2_21_eV2", "dm2_32_eV2_{ordering}"),
    "nufit52": ("theta12_deg", "theta13_deg_{ordering}", "dm2_21_eV2", "{dm2_3l}"),
}


def band_sigma_missing(ordering: str, source: str) -> list[str]:
    """Entries of ``source`` that the band needs and that have no 1-sigma information (``sigma`` or ``range1s``)."""
    from .literature import oscillation

    data = oscillation()[source]
    keys = [k.format(ordering=ordering, dm2_3l="dm2_31_eV2_NO" if ordering == "NO" else "dm2_32_eV2_IO")
            for k in _BAND_ENTRIES[source]]
    return [k for k in keys if not ("sigma" in data.get(k, {}) or "range1s" in data.get(k, {}))]


def propagate_mbb_band(lightest: float, ordering: str, n: int = 100_000, seed: int = 0, source: str = "pdg") -> BandPropagation:
    """Sample the oscillation parameters of ``source`` (its own 1-sigma uncertainties) into the band edges.

    An entry with ``sigma`` is drawn from a Gaussian; one with ``range1s = [lo, hi]`` (an
    asymmetric 1-sigma range, as NuFIT quotes) from a split normal with the widths
    ``value - lo`` below and ``hi - value`` above.  A source without 1-sigma information for
    an entry the band needs is refused (its 3-sigma ranges are not converted).
    """
    from .literature import oscillation
    from .numeric import _kernels
    from .numeric.neutrino_mass import SOURCES, _check_choice

    _check_choice("ordering", ordering, ("NO", "IO"))
    _check_choice("source", source, SOURCES)
    if not (np.isfinite(lightest) and lightest >= 0):
        raise ValueError(f"lightest (the lightest neutrino mass in eV) must be a finite number >= 0; got {lightest!r}")
    missing = band_sigma_missing(ordering, source)
    if missing:
        raise ValueError(f"the shipped {source} oscillation data (atommix/data/oscillation.toml) give no 1-sigma "
                         f"uncertainty for {', '.join(missing)}: no intervals from that source")
    data = oscillation()[source]
    rng = np.random.default_rng(seed)

    def draw(key: str) -> np.ndarray:  # type: ignore[type-arg]
        entry = data[key]
        if "sigma" in entry:
            return rng.normal(entry["value"], entry["sigma"], n)
        lo, hi = entry["range1s"]
        z = rng.standard_normal(n)
        return entry["value"] + np.where(z < 0, entry["value"] - lo, hi - entry["value"]) * z

    m0 = np.full(n, float(lightest))
    if source == "pdg":
        s12, s13, dm21 = draw("sin2_theta12"), draw("sin2_theta13"), np.abs(draw("dm2_21_eV2"))
        # PDG quotes Delta m^2_32 for both orderings: Delta m^2_31 = Delta m^2_32 + Delta m^2_21 (NO)
        dm3l = draw("dm2_32_eV2_NO") + dm21 if ordering == "NO" else np.abs(draw("dm2_32_eV2_IO"))
    else:
        s12 = np.sin(np.radians(draw("theta12_deg"))) ** 2
        s13 = np.sin(np.radians(draw(f"theta13_deg_{ordering}"))) ** 2
        dm21 = np.abs(draw("dm2_21_eV2"))
        dm3l = draw("dm2_31_eV2_NO") if ordering == "NO" else np.abs(draw("dm2_32_eV2_IO"))
    if ordering == "NO":
        masses = (m0, np.sqrt(m0**2 + dm21), np.sqrt(m0**2 + dm3l))
    else:
        masses = (np.sqrt(m0**2 + dm3l - dm21), np.sqrt(m0**2 + dm3l), m0)
    lo = np.asarray(_kernels.mbb_min(*masses, s12, s13), dtype=float)
    hi = np.asarray(_kernels.mbb_max(*masses, s12, s13), dtype=float)
    q = [0.15865525393145707, 0.5, 0.8413447460685429]
    return BandPropagation(tuple(np.quantile(lo, q)), tuple(np.quantile(hi, q)), n, source)  # type: ignore[arg-type]
