"""What an experiment would see at a parameter point (Section 4): the domain function behind ``atommix observables``.

Spontaneous X-ray rate, daughter ground-state atoms after an age, stimulated gain and
rate in an X-ray beam, the duty fraction of a pulsed beam, the absorption rate of
daughter atoms in a laser (Eq. 4.6), how far off resonance the point is and what that
costs, and, on request, the propagated input uncertainties.  Every number comes from
the generated kernels of :mod:`atommix.numeric`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .quantities import unit

__all__ = ["XrayBeam", "Laser", "Pulses", "observables"]


@dataclass(frozen=True)
class XrayBeam:
    """An X-ray beam for Eq. (4.5): photon energy (eV), photons per fs during a pulse, d omega/omega, spot (m)."""

    photon_energy: float
    photons_per_fs: float
    bandwidth: float
    spot: float
    spot_shape: str = "square"


@dataclass(frozen=True)
class Laser:
    """A pulsed laser for Eq. (4.6): mean power (W), repetition rate (Hz), pulse duration (s), spot FWHM (m),
    energy (eV) and radiative lifetime (s) of the absorbing level."""

    power: float
    rate: float
    duration: float
    spot: float
    level_energy: float
    lifetime: float


@dataclass(frozen=True)
class Pulses:
    """A pulsed beam's repetition rate (1/s) and pulse duration (s)."""

    per_s: float
    duration: float


def observables(
    point: dict[str, float],
    n_atoms: float,
    *,
    age: float | None = None,
    xray: XrayBeam | None = None,
    q_value: float | None = None,
    laser: Laser | None = None,
    pulses: Pulses | None = None,
    sigma: dict[str, float] | None = None,
    samples: int = 100_000,
) -> dict[str, Any]:
    """Section 4 at ``point`` (delta, gamma, m21, phase in eV, rad) for ``n_atoms`` parent atoms.

    ``q_value`` (eV), the Q of the ground-state transition, adds the energy the X-rays
    from |lambda_L> carry (Q) and the two-hole line of |2> (Q - Delta).  ``sigma``
    (standard uncertainties of delta and/or gamma, eV) adds sampled and linear
    uncertainties of |alpha|^2 and the rates.  Returns ``{"inputs", "values", "units"}``.
    """
    from . import numeric as nu

    values: dict[str, Any] = {}
    units: dict[str, str] = {}
    inputs: dict[str, Any] = {**point, "atoms": n_atoms}
    values["spontaneous_rate"] = float(nu.spontaneous_rate(**point, n_atoms=n_atoms))
    units["spontaneous_rate"] = unit("spontaneous_rate")
    if age is not None:
        inputs["age"] = age
        values["daughter_atoms"] = float(nu.daughter_atoms(**point, t0=age, n_atoms=n_atoms))
        units["daughter_atoms"] = unit("daughter_atoms")
    if xray is not None:
        inputs.update(photon_energy=xray.photon_energy, photons_per_fs=xray.photons_per_fs, bandwidth=xray.bandwidth,
                      spot=xray.spot, spot_shape=xray.spot_shape)
        g = nu.gain(xray.photon_energy, xray.photons_per_fs * 1e15, xray.spot, xray.bandwidth, xray.spot_shape)
        values["gain"] = float(g)
        values["stimulated_rate"] = float(nu.stimulated_rate(**point, n_atoms=n_atoms, gain=g))
        units.update(gain=unit("gain"), stimulated_rate=unit("stimulated_rate"))
    if q_value is not None:
        # X-rays from |lambda_L> carry Q; the two-hole line of |2> -> g.s. sits at Q - Delta
        values["emitted_energy"] = q_value
        values["two_hole_line"] = q_value - point["delta"]
        units.update(emitted_energy="eV", two_hole_line="eV")
    values["off_resonance_factor"] = float(nu.off_resonance_factor(point["delta"], point["gamma"])) if point["gamma"] > 0 else None
    values["rate_suppression"] = float(nu.resonance_suppression(**point))
    units.update(off_resonance_factor=unit("off_resonance_factor"), rate_suppression=unit("resonance_suppression"))
    if laser is not None:
        inputs.update(laser_power=laser.power, laser_rate=laser.rate, laser_duration=laser.duration,
                      laser_spot=laser.spot, level_energy=laser.level_energy, lifetime=laser.lifetime)
        rate = nu.absorption_rate(laser.power, laser.rate, laser.duration, laser.spot, laser.level_energy, laser.lifetime)
        values["absorption_rate"] = float(rate) * 1e-15  # per fs, as Eq. (4.6) states it
        units["absorption_rate"] = "1/fs"
    if sigma:
        values["uncertainties"] = _uncertainties(point, n_atoms, age, sigma, samples)
        inputs["sigma"] = sigma
    if pulses is not None:
        inputs.update(pulses_per_s=pulses.per_s, pulse_duration=pulses.duration)
        values["duty_fraction"] = float(nu.duty_fraction(pulses.per_s, pulses.duration))
        units["duty_fraction"] = unit("duty_fraction")
    return {"inputs": inputs, "values": values, "units": units}


def _uncertainties(point: dict[str, float], n_atoms: float, age: float | None, sigma: dict[str, float],
                   samples: int) -> dict[str, Any]:
    from .uncertainty import propagate

    central: dict[str, float] = {**point, "n_atoms": n_atoms}
    quantities = ["mixing", "spontaneous_rate"]
    if age is not None:
        central["t"] = age
        quantities.append("daughter_atoms")
    out = {}
    for name in quantities:
        u = propagate(name, central, sigma, n=samples)
        out[name] = {"median": u.median, "lo_16": u.lo, "hi_84": u.hi, "linear_value": u.linear_value,
                     "linear_sigma": u.linear_sigma, "samples": u.samples}
    return out
