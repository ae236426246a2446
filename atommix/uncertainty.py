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

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

import numpy as np

from .quantities import PARAMETERS

__all__ = ["Propagation", "propagate", "QUANTITIES", "BandPropagation", "propagate_mbb_band", "band_sigma_missing"]

#: The inputs ``central`` may hold: (meaning, allowed range, lower bound), from the parameter table,
#: and the number of parent atoms of the rates.
_INPUTS = {**{name: (p.description, p.allowed, p.minimum) for name, p in PARAMETERS.items()},
           "n_atoms": ("the number of parent atoms", "a finite real number >= 0", 0.0)}


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
    """Sampled median and 68 % interval [lo, hi], and the linear estimate value +- linear_sigma.

    ``linear_value`` and ``linear_sigma`` are None where the leading-order form has no float64
    value: it diverges at Delta = Gamma = 0, and it exceeds the float64 range where |M21| is far
    above |Delta + i Gamma/2|, far outside the weak mixing where it holds.
    """

    name: str
    median: float
    lo: float
    hi: float
    linear_value: float | None
    linear_sigma: float | None
    samples: int


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:40] + "..." + text[-10:]


def _real(label: str, value: Any, what: str, allowed: str, minimum: float | None) -> float:
    """``value`` as a float, or a ``TypeError``/``ValueError`` naming ``label`` and the allowed range."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, Decimal)):
        raise TypeError(f"{label} ({what}) must be a single real number, {allowed}; got {_short(value)}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{label} ({what}) must be {allowed} within the float64 range; got {_short(value)}") from None
    except ValueError:  # a signalling Decimal NaN
        x = math.nan
    if not math.isfinite(x) or (minimum is not None and x < minimum):
        raise ValueError(f"{label} ({what}) must be {allowed}; got {_short(value)}")
    return x + 0.0  # -0.0 -> +0.0, as the kernels' own checks do


def _checked(name: Any, central: Any, sigma: Any, n: Any) -> tuple[dict[str, float], dict[str, float]]:
    """The point (phase 0 unless given) and the uncertainties as floats, checked against ``name``'s inputs."""
    from .derivations import get
    from .derivations.evolution import hbar

    if not isinstance(name, str) or name not in QUANTITIES:
        raise ValueError(f"name must be one of {', '.join(QUANTITIES)}; got {name!r}")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 100:
        raise ValueError(f"n (number of samples) must be an integer >= 100; got {n!r}")
    for label, table in (("central", central), ("sigma", sigma)):
        if not isinstance(table, Mapping):
            raise TypeError(f"{label} must be a dict of input names to numbers; got {table!r}")
    point: dict[str, float] = {}
    for key, value in central.items():
        if key not in _INPUTS:
            raise ValueError(f"central has {key!r}, which is not an input; the inputs are {', '.join(_INPUTS)}")
        point[key] = _real(f"central[{key!r}]: {key}", value, *_INPUTS[key])
    # what name needs, from its leading-order form: delta, gamma, m21, and n_atoms and t for the rates
    needed = sorted(str(s) for s in get(name).approximation_in_kernel_args().free_symbols if s != hbar)
    missing = [k for k in needed if k not in point]
    if missing:
        raise ValueError(f"central must give {', '.join(f'{k} ({_INPUTS[k][0]})' for k in missing)} for {name}")
    widths: dict[str, float] = {}
    for key, value in sigma.items():
        if key not in point:
            raise ValueError(f"sigma has {key!r}, which is not an input of {name} given in central")
        widths[key] = _real(f"sigma[{key!r}]", value, f"the standard uncertainty of {key}", "a finite real number >= 0", 0.0)
    return {"phase": 0.0, **point}, widths


def _as_float(value: Any) -> float | None:
    """A SymPy number as a float64 (correctly rounded from 30 digits); None if it is not a finite float64 number."""
    import sympy as sp

    if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        return None
    x = float(sp.N(value, 30))
    return x if math.isfinite(x) else None


def _linear(name: str, central: dict[str, float], sigma: dict[str, float]) -> tuple[float | None, float | None]:
    """The leading-order value and sigma_f = sqrt(sum (df/dx_i sigma_i)^2), exactly at the float inputs.

    The inputs enter as exact rationals, so nothing is rounded before the final result: neither
    the value nor (df/dx_i sigma_i)^2 can overflow or underflow on the way.
    """
    import sympy as sp

    from .derivations import get
    from .derivations.evolution import HBAR_EV_S, hbar

    form = get(name).approximation_in_kernel_args().subs(hbar, HBAR_EV_S)
    symbols = {str(s): s for s in form.free_symbols}
    exact = {symbols[k]: sp.Rational(*v.as_integer_ratio()) for k, v in central.items() if k in symbols}
    variance = sp.Integer(0)
    for key, sig in sigma.items():
        if key in symbols and sig:
            variance += (sp.diff(form, symbols[key]).subs(exact) * sp.Rational(*sig.as_integer_ratio())) ** 2
    value = _as_float(form.subs(exact))
    return value, (None if value is None else _as_float(sp.sqrt(variance)))


def propagate(name: str, central: dict[str, float], sigma: dict[str, float], n: int = 100_000, seed: int = 0) -> Propagation:
    """Propagate Gaussian uncertainties ``sigma`` (same units as ``central``) to the quantity ``name``.

    ``central`` holds delta (any sign), gamma >= 0 and m21 >= 0 (eV), optionally phase (rad), and for
    the rates n_atoms >= 0 and, for daughter_atoms, t >= 0 (s); each a single finite real number.
    ``sigma`` holds standard uncertainties >= 0 of some of them.  Sampled widths, |M21|, n_atoms
    and t are kept >= 0 by reflection (|x|).  Bad input raises ``TypeError``/``ValueError`` naming it.
    """
    point, sigma = _checked(name, central, sigma, n)
    n = int(n)
    rng = np.random.default_rng(seed)
    drawn = {k: (rng.normal(v, sigma[k], n) if sigma.get(k) else np.full(n, v)) for k, v in point.items()}
    for k, values in drawn.items():
        if not np.all(np.isfinite(values)):  # a width near the float64 limit: samples beyond it
            raise ValueError(f"sigma[{k!r}] = {sigma[k]!r} is too large at central[{k!r}] = {point[k]!r}: "
                             f"samples of {k} overflow float64")
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
    from .numeric.parameters import as_real_array, check_finite_outputs

    _check_choice("ordering", ordering, ("NO", "IO"))
    _check_choice("source", source, SOURCES)
    m0 = as_real_array("lightest", lightest, "the lightest neutrino mass in eV", "a finite real number >= 0", 0.0)
    if m0.ndim != 0:
        raise TypeError(f"lightest (the lightest neutrino mass in eV) must be a single number; got an array of shape {m0.shape}")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n (number of samples) must be an integer >= 1; got {n!r}")
    n = int(n)
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

    m0 = np.full(n, float(m0))
    if source == "pdg":
        s12, s13, dm21 = draw("sin2_theta12"), draw("sin2_theta13"), np.abs(draw("dm2_21_eV2"))
        # PDG quotes Delta m^2_32 for both orderings: Delta m^2_31 = Delta m^2_32 + Delta m^2_21 (NO)
        dm3l = draw("dm2_32_eV2_NO") + dm21 if ordering == "NO" else np.abs(draw("dm2_32_eV2_IO"))
    else:
        s12 = np.sin(np.radians(draw("theta12_deg"))) ** 2
        s13 = np.sin(np.radians(draw(f"theta13_deg_{ordering}"))) ** 2
        dm21 = np.abs(draw("dm2_21_eV2"))
        dm3l = draw("dm2_31_eV2_NO") if ordering == "NO" else np.abs(draw("dm2_32_eV2_IO"))
    # sqrt(m0^2 + dm^2) as hypot(m0, sqrt(dm^2)): no m0^2 to overflow where the masses themselves are representable
    with np.errstate(all="ignore"):
        if ordering == "NO":
            masses = (m0, np.hypot(m0, np.sqrt(dm21)), np.hypot(m0, np.sqrt(dm3l)))
        else:
            masses = (np.hypot(m0, np.sqrt(dm3l - dm21)), np.hypot(m0, np.sqrt(dm3l)), m0)
        lo = np.asarray(_kernels.mbb_min(*masses, s12, s13), dtype=float)
        hi = np.asarray(_kernels.mbb_max(*masses, s12, s13), dtype=float)
    for label, v in (("mbb_min", lo), ("mbb_max", hi)):
        check_finite_outputs(label, v)
    q = [0.15865525393145707, 0.5, 0.8413447460685429]
    return BandPropagation(tuple(np.quantile(lo, q)), tuple(np.quantile(hi, q)), n, source)  # type: ignore[arg-type]
