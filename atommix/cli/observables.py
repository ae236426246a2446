"""``atommix observables``: rates, daughter atoms, stimulated gain and absorption (Section 4)."""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError, add_parameters, count, parameters, show, to_float
from .units import ENERGY, TIME, parse_quantity

__all__ = ["add_parser", "run", "show"]

_COUNT = ("dimensionless", "a count", "a plain number")
_RATIO = ("dimensionless", "a ratio", "a plain number")
_LENGTH = ("m", "a length", "nm, um, m")


def add_parser(sub: Any) -> None:
    obs = sub.add_parser("observables", help="rates, daughter atoms, stimulated gain (Section 4)")
    add_parameters(obs)
    obs.add_argument("--atoms", default="1mol", help="number of parent atoms (plain number, or mol), default 1mol")
    obs.add_argument("--age", help="time since the parent atoms were produced, for the daughter atoms (e.g. 4.5e9yr)")
    obs.add_argument("--photon-energy", help="X-ray beam photon energy hbar omega, e.g. 40keV")
    obs.add_argument("--photons-per-fs", help="photons per fs during a pulse (dN/dt), e.g. 1e10")
    obs.add_argument("--bandwidth", help="relative FWHM bandwidth d omega/omega, e.g. 1.12e-3")
    obs.add_argument("--spot", help="beam spot size, e.g. 100nm")
    obs.add_argument("--spot-shape", default="square", help="area convention: square (side d) or disk (diameter d)")
    obs.add_argument("--pulses-per-s", help="pulse repetition rate, e.g. 2.7e4")
    obs.add_argument("--pulse-duration", help="pulse duration, e.g. 100fs")
    unc = obs.add_argument_group("uncertainties (sampling, with the linear estimate beside it)")
    unc.add_argument("--uncertainty", action="store_true", help="propagate the input uncertainties to |alpha|^2 and the rates")
    unc.add_argument("--delta-unc", help="standard uncertainty of Delta (default: the nuclide's, e.g. 0.18 keV for 152Gd)")
    unc.add_argument("--gamma-unc", help="standard uncertainty of Gamma (default: none given by the data)")
    unc.add_argument("--samples", type=int, default=100_000, help="number of samples (default 100000)")
    laser = obs.add_argument_group("absorption by daughter atoms in a pulsed laser (Eq. 4.6)")
    laser.add_argument("--laser-power", help="mean laser power, e.g. 5W")
    laser.add_argument("--laser-rate", help="laser pulse repetition rate, e.g. 100MHz")
    laser.add_argument("--laser-duration", help="laser pulse duration, e.g. 100fs (transform-limited Gaussian bandwidth)")
    laser.add_argument("--laser-spot", help="laser spot FWHM (disk of that diameter), e.g. 40um")
    laser.add_argument("--level-energy", help="energy of the absorbing level, e.g. 1eV")
    laser.add_argument("--lifetime", help="radiative lifetime of the level, e.g. 100ns")


def _value(option: str, text: str, kind: tuple[str, str, str]) -> float:
    return to_float(option.lstrip("-"), parse_quantity(option, text, kind))


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..experiments import Laser, Pulses, XrayBeam, observables

    point = {k: to_float(k, v) for k, v in parameters(args).items()}
    atoms = float(count(args.atoms))
    try:
        age = _value("--age", args.age, TIME) if args.age else None
        beam = (args.photon_energy, args.photons_per_fs, args.bandwidth, args.spot)
        xray = None
        if any(beam):
            if not all(beam):
                raise ValueError("the gain needs --photon-energy, --photons-per-fs, --bandwidth and --spot together")
            xray = XrayBeam(_value("--photon-energy", args.photon_energy, ENERGY),
                            _value("--photons-per-fs", args.photons_per_fs, _COUNT),
                            _value("--bandwidth", args.bandwidth, _RATIO),
                            _value("--spot", args.spot, _LENGTH), args.spot_shape)
        laser_options = (args.laser_power, args.laser_rate, args.laser_duration, args.laser_spot, args.level_energy, args.lifetime)
        laser = None
        if any(laser_options):
            if not all(laser_options):
                raise ValueError("the absorption rate needs --laser-power, --laser-rate, --laser-duration, "
                                 "--laser-spot, --level-energy and --lifetime together")
            laser = Laser(_value("--laser-power", args.laser_power, ("W", "a power", "W, mW")),
                          _value("--laser-rate", args.laser_rate, ("Hz", "a rate", "Hz, MHz")),
                          _value("--laser-duration", args.laser_duration, TIME),
                          _value("--laser-spot", args.laser_spot, ("m", "a length", "um, mm")),
                          _value("--level-energy", args.level_energy, ENERGY),
                          _value("--lifetime", args.lifetime, TIME))
        pulses = None
        if args.pulses_per_s or args.pulse_duration:
            if not (args.pulses_per_s and args.pulse_duration):
                raise ValueError("the duty fraction needs --pulses-per-s and --pulse-duration together")
            pulses = Pulses(_value("--pulses-per-s", args.pulses_per_s, ("Hz", "a rate", "a plain number per second")),
                            _value("--pulse-duration", args.pulse_duration, TIME))
        sigma = _sigma(args) if args.uncertainty else None
        q_value = _q_value(args.nuclide) if args.nuclide else None
        return observables(point, atoms, age=age, xray=xray, q_value=q_value, laser=laser, pulses=pulses,
                           sigma=sigma, samples=args.samples)
    except (ValueError, TypeError, FloatingPointError) as exc:
        raise UsageError(str(exc)) from exc


def _q_value(nuclide: str) -> float:
    from ..nuclides import nuclide_parameters

    return float(nuclide_parameters(nuclide).candidate.Q_keV) * 1e3


def _sigma(args: argparse.Namespace) -> dict[str, float]:
    from ..nuclides import nuclide_parameters

    sigma: dict[str, float] = {}
    if args.delta_unc:
        sigma["delta"] = _value("--delta-unc", args.delta_unc, ENERGY)
    elif args.nuclide and nuclide_parameters(args.nuclide).delta_unc is not None:
        sigma["delta"] = float(nuclide_parameters(args.nuclide).delta_unc)
    if args.gamma_unc:
        sigma["gamma"] = _value("--gamma-unc", args.gamma_unc, ENERGY)
    if not sigma:
        raise ValueError("--uncertainty needs --delta-unc or --gamma-unc (or a --nuclide whose data give one)")
    return sigma
