"""``atommix observables``: rates, daughter atoms, stimulated gain and absorption (Section 4)."""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError, add_command, add_parameters, count, float_parameters, print_inputs, print_table, to_float
from .options import choice, given, integer, number, refuse
from .units import ENERGY, TIME

__all__ = ["add_parser", "run", "show", "EXAMPLES"]

_COUNT = ("dimensionless", "a count", "a plain number")
_RATIO = ("dimensionless", "a ratio", "a plain number")
_LENGTH = ("m", "a length", "nm, um, m")
_POWER = ("W", "a power", "W, mW")
_RATE = ("Hz", "a rate", "Hz, MHz; a plain number is per second")

#: option -> (kind, lower bound, bound excluded, what): the range each value may take.
_VALUES = {
    "--photon-energy": (ENERGY, 0, True, "the X-ray photon energy"),
    "--photons-per-fs": (_COUNT, 0, False, "photons per fs during a pulse"),
    "--bandwidth": (_RATIO, 0, True, "the relative bandwidth"),
    "--spot": (_LENGTH, 0, True, "the beam spot size"),
    "--pulses-per-s": (_RATE, 0, False, "the pulse repetition rate"),
    "--pulse-duration": (TIME, 0, False, "the pulse duration"),
    "--laser-power": (_POWER, 0, False, "the mean laser power"),
    "--laser-rate": (_RATE, 0, True, "the laser repetition rate"),
    "--laser-duration": (TIME, 0, True, "the laser pulse duration"),
    "--laser-spot": (_LENGTH, 0, True, "the laser spot FWHM"),
    "--level-energy": (ENERGY, 0, True, "the level energy"),
    "--lifetime": (TIME, 0, True, "the radiative lifetime"),
    "--delta-unc": (ENERGY, 0, False, "a standard uncertainty"),
    "--gamma-unc": (ENERGY, 0, False, "a standard uncertainty"),
    "--age": (TIME, 0, False, "time since the parent atoms were produced"),
}
_BEAM = ("--photon-energy", "--photons-per-fs", "--bandwidth", "--spot")
_LASER = ("--laser-power", "--laser-rate", "--laser-duration", "--laser-spot", "--level-energy", "--lifetime")
_PULSES = ("--pulses-per-s", "--pulse-duration")

#: The README's example, shown at the end of ``--help``.
EXAMPLES = (
    "atommix observables --nuclide Gd152 --atoms 1mol --age 4.5e9yr --photon-energy 40keV --photons-per-fs 1e10 "
    "--bandwidth 1.12e-3 --spot 100nm --spot-shape square --pulses-per-s 2.7e4 --pulse-duration 100fs "
    "--laser-power 5W --laser-rate 100MHz --laser-duration 100fs --laser-spot 40um --level-energy 1eV --lifetime 100ns "
    "--uncertainty",
)


def add_parser(sub: Any) -> None:
    obs = add_command(sub, "observables", "rates, daughter atoms, stimulated gain (Section 4)", EXAMPLES,
                      "The gain needs the four X-ray beam options together, the absorption rate the six laser "
                      "options, the duty fraction both pulse options.")
    add_parameters(obs, times=False)
    obs.add_argument("--atoms", default="1mol", help="number of parent atoms >= 0 (plain number, or mol), default 1mol")
    obs.add_argument("--age", help="time since the parent atoms were produced, for the daughter atoms (e.g. 4.5e9yr)")
    beam = obs.add_argument_group("X-ray beam, for the gain of Eq. (4.5)")
    beam.add_argument("--photon-energy", help="photon energy hbar omega > 0, e.g. 40keV")
    beam.add_argument("--photons-per-fs", help="photons per fs during a pulse (dN/dt) >= 0, e.g. 1e10")
    beam.add_argument("--bandwidth", help="relative FWHM bandwidth d omega/omega > 0, e.g. 1.12e-3")
    beam.add_argument("--spot", help="beam spot size > 0, e.g. 100nm")
    beam.add_argument("--spot-shape", type=choice("square", "disk"),
                      help="area convention: square (side d, default) or disk (diameter d)")
    beam.add_argument("--pulses-per-s", help="pulse repetition rate >= 0, e.g. 2.7e4 (with --pulse-duration)")
    beam.add_argument("--pulse-duration", help="pulse duration >= 0, e.g. 100fs (with --pulses-per-s)")
    unc = obs.add_argument_group("uncertainties (sampling, with the linear estimate beside it)")
    unc.add_argument("--uncertainty", action="store_true", help="propagate the input uncertainties to |alpha|^2 and the rates")
    unc.add_argument("--delta-unc", help="standard uncertainty of Delta >= 0 (default: the nuclide's, e.g. 0.18 keV for 152Gd)")
    unc.add_argument("--gamma-unc", help="standard uncertainty of Gamma >= 0 (default: none given by the data)")
    unc.add_argument("--samples", type=integer(100, what="number of samples"),
                     help="number of samples, >= 100 (default 100000)")
    laser = obs.add_argument_group("absorption by daughter atoms in a pulsed laser (Eq. 4.6)")
    laser.add_argument("--laser-power", help="mean laser power >= 0, e.g. 5W")
    laser.add_argument("--laser-rate", help="laser pulse repetition rate > 0, e.g. 100MHz")
    laser.add_argument("--laser-duration", help="laser pulse duration > 0, e.g. 100fs (transform-limited Gaussian bandwidth)")
    laser.add_argument("--laser-spot", help="laser spot FWHM > 0 (disk of that diameter), e.g. 40um")
    laser.add_argument("--level-energy", help="energy of the absorbing level > 0, e.g. 1eV")
    laser.add_argument("--lifetime", help="radiative lifetime of the level > 0, e.g. 100ns")


def _value(args: argparse.Namespace, option: str) -> float:
    kind, minimum, strict, what = _VALUES[option]
    return number(args, option, kind, minimum=minimum, strict=strict, what=what)  # type: ignore[return-value]


def _together(args: argparse.Namespace, options: tuple[str, ...], what: str) -> bool:
    """Whether the group is given; all or none of it."""
    present = [o for o in options if given(args, o)]
    if present and len(present) < len(options):
        missing = [o for o in options if o not in present]
        raise UsageError(f"{present[0]} needs {', '.join(missing)} too: {what} needs {', '.join(options)} together")
    return bool(present)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..experiments import Laser, Pulses, XrayBeam, observables

    point = float_parameters(args)
    atoms = to_float("--atoms", count("--atoms", args.atoms), args.atoms)
    age = _value(args, "--age") if given(args, "--age") else None
    xray = laser = pulses = None
    if _together(args, _BEAM, "the gain"):
        xray = XrayBeam(*(_value(args, o) for o in _BEAM), args.spot_shape or "square")
    else:
        refuse(args, ("--spot-shape",), "applies only with the X-ray beam (--photon-energy, --photons-per-fs, --bandwidth, --spot)")
    if _together(args, _LASER, "the absorption rate"):
        laser = Laser(*(_value(args, o) for o in _LASER))
    if _together(args, _PULSES, "the duty fraction"):
        pulses = Pulses(*(_value(args, o) for o in _PULSES))
    sigma = _sigma(args) if args.uncertainty else None
    if not args.uncertainty:
        refuse(args, ("--delta-unc", "--gamma-unc", "--samples"), "applies only with --uncertainty")
    q_value = _q_value(args.nuclide) if args.nuclide else None
    return observables(point, atoms, age=age, xray=xray, q_value=q_value, laser=laser, pulses=pulses,
                       sigma=sigma, samples=args.samples or 100_000)


def _q_value(nuclide: str) -> float:
    from ..nuclides import nuclide_parameters

    return float(nuclide_parameters(nuclide).candidate.Q_keV) * 1e3


def _sigma(args: argparse.Namespace) -> dict[str, float]:
    from ..nuclides import nuclide_parameters

    sigma: dict[str, float] = {}
    if given(args, "--delta-unc"):
        sigma["delta"] = _value(args, "--delta-unc")
    elif args.nuclide and nuclide_parameters(args.nuclide).delta_unc is not None:
        sigma["delta"] = float(nuclide_parameters(args.nuclide).delta_unc)  # type: ignore[arg-type]
    if given(args, "--gamma-unc"):
        sigma["gamma"] = _value(args, "--gamma-unc")
    if not sigma:
        raise UsageError("--uncertainty needs --delta-unc or --gamma-unc (or a --nuclide whose data give one)")
    return sigma


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    import json

    if args.json:
        print(json.dumps(result, indent=2))
        return
    units = {o.lstrip("-").replace("-", "_"): kind[0] for o, (kind, *_rest) in _VALUES.items()}
    print_inputs(result, args, units | {"sigma": "eV"})
    print_table(result)
