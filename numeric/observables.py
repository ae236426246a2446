"""Observables of Section 4 in float64: rates, daughter atoms, stimulated gain (Eq. 4.5), duty fraction.

Units: energies in eV, times in s, lengths in m, rates in 1/s.

>>> from atommix.numeric import spontaneous_rate, gain
>>> N_A = 6.02214076e23
>>> print(f"{spontaneous_rate(910.0, 23.0, 1e-24, n_atoms=N_A):.3e} per s and mole of 152Gd")
2.541e-14 per s and mole of 152Gd
>>> print(f"G = {gain(40e3, 1e25, 100e-9, 1.12e-3):.2f}")   # 40 keV, 1e10/fs, 100 nm square spot
G = 3.53
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _kernels
from .evolution import _parameters_allowing_ep
from .parameters import as_real_array, broadcast_named, check_finite_outputs, checked_parameters, eigen_parameters, require_time

__all__ = [
    "SPOT_SHAPES",
    "TRANSFORM_LIMITED_GAUSSIAN",
    "beam_area",
    "spontaneous_rate",
    "daughter_atoms",
    "gain",
    "stimulated_rate",
    "duty_fraction",
    "laser_bandwidth",
    "absorption_rate",
    "resonance_suppression",
    "off_resonance_factor",
    "decayed_fraction_L",
    "paper_form",
]

#: Time-bandwidth product of a transform-limited Gaussian pulse (FWHM in time and frequency).
TRANSFORM_LIMITED_GAUSSIAN = 0.441

#: Area conventions for a beam spot of size d: a square of side d, or a disk of diameter d.
SPOT_SHAPES = ("square", "disk")


def _positive(name: str, value: ArrayLike, what: str, strict: bool = True) -> NDArray[np.float64]:
    arr = as_real_array(name, value, what, "a finite real number " + ("> 0" if strict else ">= 0"), 0.0)
    if strict and np.any(arr == 0):
        raise ValueError(f"{name} ({what}) must be a finite real number > 0; got 0.0")
    return arr  # as_real_array refused a nonzero value below the float64 normal range


def _out(name: str, value) -> NDArray[np.float64]:  # type: ignore[no-untyped-def]
    value = np.asarray(value, dtype=np.float64)
    check_finite_outputs(name, value)
    return value[()] if value.ndim == 0 else value


def beam_area(spot_size: ArrayLike, spot_shape: str = "square") -> NDArray[np.float64]:
    """Beam area dS (m^2) of a spot of size d (m): d^2 for a square, pi d^2/4 for a disk of diameter d."""
    d = _positive("spot_size", spot_size, "the beam spot size in m")
    if not isinstance(spot_shape, str) or spot_shape not in SPOT_SHAPES:
        raise ValueError(f"spot_shape must be one of {', '.join(SPOT_SHAPES)}; got {spot_shape!r}")
    kernel = _kernels.beam_area_square if spot_shape == "square" else _kernels.beam_area_disk
    with np.errstate(all="ignore"):
        return _out("beam_area", kernel(d))


def spontaneous_rate(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *, n_atoms: ArrayLike) -> NDArray[np.float64]:
    """X-ray rate Gamma_L N/hbar (1/s) of N parent atoms in |lambda_L> (exact Gamma_L)."""
    n = _positive("n_atoms", n_atoms, "the number of parent atoms", strict=False)
    args = eigen_parameters(delta, gamma, m21, phase)
    broadcast_named(delta=args[0], gamma=args[1], m21=args[2], phase=args[3], n_atoms=n)
    with np.errstate(all="ignore"):
        return _out("spontaneous_rate", _kernels.spontaneous_rate(*args, n))


def daughter_atoms(
    delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *, t0: ArrayLike, n_atoms: ArrayLike
) -> NDArray[np.float64]:
    """Daughter ground-state atoms N P_gs(t0) accumulated a time t0 (s) after production (Eq. 3.7c, exact)."""
    n = _positive("n_atoms", n_atoms, "the number of parent atoms", strict=False)
    require_time(t0, "t0")
    as_real_array("t0", t0, "the time since the parent atoms were produced, in s", "a finite real number >= 0", 0.0)
    args, _ = _parameters_allowing_ep(delta, gamma, m21, phase, t0)
    broadcast_named(delta=args[0], gamma=args[1], m21=args[2], phase=args[3], t0=args[4], n_atoms=n)
    with np.errstate(all="ignore"):
        return _out("daughter_atoms", _kernels.daughter_atoms(*args, n))


def gain(
    photon_energy: ArrayLike,
    photons_per_s: ArrayLike,
    spot_size: ArrayLike,
    rel_bandwidth: ArrayLike,
    spot_shape: str = "square",
) -> NDArray[np.float64]:
    """Gain of stimulated over spontaneous emission, Eq. (4.5).

    Parameters
    ----------
    photon_energy : array_like
        hbar omega of the beam photons in eV (> 0).
    photons_per_s : array_like
        dN/dt during a pulse, photons per second (1e10 per fs = 1e25 per s).
    spot_size : array_like
        Beam spot size d in m; the area follows ``spot_shape`` (:func:`beam_area`).
    rel_bandwidth : array_like
        d omega / omega, FWHM (> 0).
    """
    e = _positive("photon_energy", photon_energy, "the photon energy hbar omega in eV")
    rate = _positive("photons_per_s", photons_per_s, "photons per second during a pulse", strict=False)
    bw = _positive("rel_bandwidth", rel_bandwidth, "the relative FWHM bandwidth d omega/omega")
    area = beam_area(spot_size, spot_shape)
    broadcast_named(photon_energy=e, photons_per_s=rate, spot_size=area, rel_bandwidth=bw)
    with np.errstate(all="ignore"):  # over/underflow ends as inf (raised by _out) or a correctly underflowed 0
        return _out("gain", _kernels.gain(e, rate, area, bw))


def stimulated_rate(
    delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *, n_atoms: ArrayLike, gain: ArrayLike
) -> NDArray[np.float64]:
    """Stimulated X-ray rate (1/s): the gain times the spontaneous rate (Eqs. 4.1, 4.3)."""
    n = _positive("n_atoms", n_atoms, "the number of parent atoms", strict=False)
    g = _positive("gain", gain, "the gain factor G", strict=False)
    args = eigen_parameters(delta, gamma, m21, phase)
    broadcast_named(delta=args[0], gamma=args[1], m21=args[2], phase=args[3], n_atoms=n, gain=g)
    with np.errstate(all="ignore"):
        return _out("stimulated_rate", _kernels.stimulated_rate(*args, n, g))


def duty_fraction(pulses_per_s: ArrayLike, pulse_duration: ArrayLike) -> NDArray[np.float64]:
    """Fraction of the running time a pulsed beam is on: pulses per second times pulse duration (s)."""
    f = _positive("pulses_per_s", pulses_per_s, "pulses per second", strict=False)
    dt = _positive("pulse_duration", pulse_duration, "the pulse duration in s", strict=False)
    broadcast_named(pulses_per_s=f, pulse_duration=dt)
    with np.errstate(all="ignore"):
        return _out("duty_fraction", _kernels.duty_fraction(f, dt))


def laser_bandwidth(photon_energy: ArrayLike, pulse_duration: ArrayLike, time_bandwidth: float = TRANSFORM_LIMITED_GAUSSIAN) -> NDArray[np.float64]:
    """Relative FWHM bandwidth d omega/omega of a pulse: time_bandwidth / (nu * duration), nu = E/h.

    The default is a transform-limited Gaussian pulse (0.441); a real laser is broader, which lowers the rate.
    """
    e = _positive("photon_energy", photon_energy, "the photon energy in eV")
    dt = _positive("pulse_duration", pulse_duration, "the pulse duration in s")
    if isinstance(time_bandwidth, bool) or not isinstance(time_bandwidth, numbers.Real):
        raise TypeError(f"time_bandwidth (the pulse's time-bandwidth product) must be a real number > 0; got {time_bandwidth!r}")
    try:
        tb = float(time_bandwidth)
    except OverflowError:  # an int or Fraction beyond the float64 range
        raise ValueError("time_bandwidth must be a finite number > 0 within the float64 range; "
                         "got a number beyond 1.8e308 in magnitude") from None
    if not (math.isfinite(tb) and tb > 0):
        raise ValueError(f"time_bandwidth must be a finite number > 0; got {time_bandwidth!r}")
    broadcast_named(photon_energy=e, pulse_duration=dt)
    with np.errstate(all="ignore"):
        return _out("rel_bandwidth", _kernels.laser_bandwidth(e, dt, tb))


def absorption_rate(
    mean_power: ArrayLike,
    pulse_rate: ArrayLike,
    pulse_duration: ArrayLike,
    spot_fwhm: ArrayLike,
    level_energy: ArrayLike,
    lifetime: ArrayLike,
    spot_shape: str = "disk",
    time_bandwidth: float = TRANSFORM_LIMITED_GAUSSIAN,
) -> NDArray[np.float64]:
    """Absorption rate per daughter ground-state atom during a laser pulse (1/s), Eq. (4.6).

    W = G / tau, with G of Eq. (4.5) for photons of the level energy, dN/dt = mean power /
    (pulse rate x photon energy x pulse duration), the spot area (a disk of diameter equal to the
    FWHM by default) and the bandwidth of :func:`laser_bandwidth`.

    Parameters
    ----------
    mean_power : W;  pulse_rate : 1/s;  pulse_duration : s;  spot_fwhm : m;  level_energy : eV;  lifetime : s.
    """
    power = _positive("mean_power", mean_power, "the mean laser power in W", strict=False)
    f = _positive("pulse_rate", pulse_rate, "the pulse repetition rate in 1/s")
    dt = _positive("pulse_duration", pulse_duration, "the pulse duration in s")
    e = _positive("level_energy", level_energy, "the level energy in eV")
    tau = _positive("lifetime", lifetime, "the level lifetime in s")
    spot = _positive("spot_fwhm", spot_fwhm, "the laser spot FWHM in m")
    broadcast_named(mean_power=power, pulse_rate=f, pulse_duration=dt, spot_fwhm=spot, level_energy=e, lifetime=tau)
    with np.errstate(all="ignore"):
        photons_per_s = _kernels.laser_photon_rate(power, f, e, dt)
    area = beam_area(spot_fwhm, spot_shape)
    bw = laser_bandwidth(e, dt, time_bandwidth)
    with np.errstate(all="ignore"):
        return _out("absorption_rate", _kernels.absorption_rate(e, photons_per_s, area, bw, tau))


def resonance_suppression(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0) -> NDArray[np.float64]:
    """|alpha|^2 at Delta over |alpha|^2 at exact resonance (Delta = 0), the same Gamma and |M21|.

    The rates Gamma_L N/hbar scale with it; to first order it is (Gamma^2/4)/(Delta^2 + Gamma^2/4).
    """
    m21 = as_real_array("m21", m21, "the modulus |M21| in eV", "a finite real number > 0", 0.0)
    if np.any(m21 == 0):
        raise ValueError("m21 (the modulus |M21| in eV) must be > 0 for a ratio of mixings; got 0")
    args = eigen_parameters(delta, gamma, m21, phase)
    eigen_parameters(0.0, args[1], args[2], args[3])  # |alpha|^2 at Delta = 0 must exist too
    with np.errstate(all="ignore"):
        return _out("resonance_suppression", _kernels.resonance_suppression(*args))


def decayed_fraction_L(
    delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0, *, t: ArrayLike
) -> NDArray[np.float64]:
    """Fraction of the metastable state |lambda_L> decayed after a time t (s): 1 - exp(-Gamma_L t/hbar).

    Eq. (3.7a) writes it Gamma_L t/hbar (P_L = 1 - Gamma_L t); evaluated with expm1, it keeps its
    digits at Gamma_L t/hbar ~ 1e-21, where 1 - P_L in float64 is 0.
    """
    require_time(t)
    *args, t = checked_parameters(delta, gamma, m21, phase, t=t)
    eigen_parameters(*args)  # Gamma_L does not exist at the exceptional point
    with np.errstate(all="ignore"):
        return _out("decayed_fraction_L", _kernels.decayed_fraction_L(*args, t))


def paper_form(name: str) -> Callable[..., Any]:
    """The paper's approximate form of the registered result ``name`` as a NumPy function (generated).

    Its arguments are those of the result's kernel (e.g. ``delta, gamma, m21, phase, t``).  These
    are the paper's closed forms as they stand, for figures and comparisons, not exact values.

    >>> from atommix.numeric import paper_form
    >>> f"{paper_form('appearance_short')(910.0, 23.0, 1e-24, 0.0, 1e-20):.4e}"   # |M21|^2 t^2/hbar^2
    '2.3082e-58'
    """
    from . import _paper_kernels

    kernel = getattr(_paper_kernels, f"{name}_paper", None) if isinstance(name, str) else None
    if kernel is None:
        known = ", ".join(n.removesuffix("_paper") for n in _paper_kernels.__all__)
        raise ValueError(f"name must be a result with a paper's form ({known}); got {name!r}")
    return kernel


def off_resonance_factor(delta: ArrayLike, gamma: ArrayLike) -> NDArray[np.float64]:
    """How far off resonance a point is, |Delta|/Gamma: 0 at Delta = 0 (on resonance, whatever Gamma),
    inf at Gamma = 0 with Delta != 0 (no width to reach).

    A nonzero Delta or Gamma below the smallest normal float64 number, and a ratio beyond the float64
    range (|Delta| = 1e300 eV over Gamma = 1e-300 eV), raise ``FloatingPointError``.
    """
    d, g, _, _ = checked_parameters(delta, gamma, 0.0, 0.0)  # subnormal inputs refused there, by name
    with np.errstate(all="ignore"):  # x/0 = inf is the documented value at Gamma = 0; overflow is checked below
        value = np.where(d == 0, 0.0, np.asarray(_kernels.off_resonance_factor(d, g), dtype=np.float64))
    check_finite_outputs("off_resonance_factor", value[g != 0])
    return value[()] if value.ndim == 0 else value
