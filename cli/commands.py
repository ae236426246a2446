"""The ``atommix`` command line: evaluate, reference, derive."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from fractions import Fraction
from typing import Any, Sequence

from .quantities import ANGLE, ENERGY, TIME, parse_quantity

__all__ = ["main", "build_parser"]

UNITS = {
    "alpha": "1",
    "beta": "1",
    "overlap": "1",
    "mixing": "1",
    "lambda_L": "eV",
    "lambda_S": "eV",
    "E_L": "eV",
    "E_S": "eV",
    "gamma_L": "eV",
    "gamma_S": "eV",
}
TIME_UNITS = {
    "t": "s",
    "survival": "1",
    "appearance": "1",
    "depletion": "1",
    "P_gs": "1",
    "P_L": "1",
    "P_S": "1",
    "tau_osc": "s",
    "tau_S": "s",
    "tau_L": "s",
}
TIME_NAMES = ("survival", "appearance", "depletion", "P_gs", "P_L", "P_S")
EXCEPTIONAL_REASON = "H is not diagonalizable at the exceptional point (Delta = 0, Gamma = 4|M21|)"


class _UsageError(Exception):
    """Bad input on the command line: reported in one line, exit status 2."""


def _add_point(g: argparse._ArgumentGroup) -> None:
    """The parameter point: a shipped nuclide and/or Delta, Gamma, |M21|, phase (energies relative to M1)."""
    g.add_argument("--nuclide", help="take Delta, Gamma (and |M21| from --mbb) from a shipped candidate, e.g. Gd152")
    g.add_argument("--mbb", default="0.1eV", help="m_bb for the nuclide's |M21| scaling (default 0.1eV)")
    g.add_argument("--delta", help="Delta = M1 - M2, any sign, e.g. 0.91keV (overrides --nuclide)")
    g.add_argument("--gamma", help="two-hole width Gamma >= 0, e.g. 23eV (overrides --nuclide)")
    g.add_argument("--m21", help="modulus |M21| >= 0, e.g. 1e-24eV (overrides --nuclide)")
    g.add_argument("--phase", default="0", help="phase of M21 in radians (M21 = |M21| e^{i phase}); default 0")


def _add_parameters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("parameters (energies relative to M1; a plain number is in eV)")
    _add_point(g)
    g.add_argument(
        "--time",
        action="append",
        default=[],
        metavar="T",
        help="time since the parent atom was produced (s, fs, ns, yr, ...; plain number = s); repeatable",
    )
    p.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units[, digits]}")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="atommix",
        description="Resonant atom Majorana mixing: exact eigensystem, float64 kernels, reference values.",
    )
    parser.add_argument("--version", action="version", version=f"atommix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("evaluate", help="float64 values from the generated kernels")
    _add_parameters(ev)

    ref = sub.add_parser("reference", help="values at any precision (mpmath), each with its checked digits")
    _add_parameters(ref)
    ref.add_argument("--dps", type=int, default=50, help="significant digits wanted (default 50)")
    ref.add_argument("--certified", action="store_true",
                     help="also rigorous balls (midpoint +- radius) from python-flint, checked against the mpmath values")

    mb = sub.add_parser("mbb", help="m_bb band over the Majorana phases (Eq. 1.4)")
    mb.add_argument("--ordering", required=True, help="neutrino mass ordering: NO or IO")
    mb.add_argument("--lightest", required=True, help="lightest neutrino mass (m1 for NO, m3 for IO), e.g. 0.01eV")
    mb.add_argument("--source", default="nufit52", help="oscillation parameters: nufit52 (default) or pdg")
    mb.add_argument("--uncertainty", action="store_true", help="68 %% intervals of the band edges from the PDG uncertainties")
    mb.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units}")

    aud = sub.add_parser("audit", help="the paper's approximations beside the exact results, and its claims recomputed")
    _add_point(aud.add_argument_group("parameters (default: the paper's 152Gd point)"))
    aud.add_argument("--age", default="4.5e9yr", help="time since production for Eq. (3.7) (default 4.5e9yr)")
    aud.add_argument("--atoms", default="1mol", help="number of parent atoms (default 1mol)")
    out = aud.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="JSON: {inputs, approximations, claims}")
    out.add_argument("--markdown", action="store_true", help="Markdown tables for a report")

    pl = sub.add_parser("plot", help="figures: evolution, populations, resonance, mbb, gain (needs matplotlib)")
    pl.add_argument("kind", choices=("evolution", "populations", "resonance", "mbb", "gain"))
    pl.add_argument("-o", "--output", required=True, help="output file (.png, .pdf or .svg)")
    _add_point(pl.add_argument_group("parameters (default: 152Gd)"))
    pl.add_argument("--source", default="nufit52", help="oscillation parameters for mbb: nufit52 or pdg")
    pl.add_argument("--spot-shape", default="square", help="area convention for gain: square or disk")

    acc = sub.add_parser("accuracy", help="every generated kernel against the mpmath layer, in ulp")
    acc.add_argument("--quick", action="store_true", help="a small sweep (seconds), as run in CI")
    acc.add_argument("--points", type=int, help="parameter points per sweep (default 2000, quick: 150)")
    acc.add_argument("--seed", type=int, default=1)
    acc.add_argument("--json", action="store_true")

    cand = sub.add_parser("candidates", help="the shipped candidate transitions, ranked by resonant mixing")
    cand.add_argument("--m21", default="1e-24eV", help="|M21| assumed for every candidate (default 1e-24eV, the paper's 152Gd value)")
    cand.add_argument("--json", action="store_true")

    obs = sub.add_parser("observables", help="rates, daughter atoms, stimulated gain (Section 4)")
    _add_parameters(obs)
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

    sc = sub.add_parser(
        "scan",
        help="grids or random samples of the parameters, streamed to CSV/NPZ in chunks",
        description="Each axis is a VALUE, a grid START:STOP:N[:log], or, with --random N, a range "
        "START:STOP[:log] (e.g. --delta -2keV:2keV:401, --time 1fs:1yr:200:log). Energies relative to M1.",
    )
    sc.add_argument("-o", "--output", required=True, help="output file, .npz or .csv")
    axes = sc.add_argument_group("axes (a plain number is in eV, s or rad)")
    axes.add_argument("--nuclide", help="take Delta, Gamma and the |M21| scaling from a shipped candidate, e.g. Gd152")
    axes.add_argument("--delta", help="Delta = M1 - M2 (overrides --nuclide)")
    axes.add_argument("--gamma", help="two-hole width Gamma >= 0 (overrides --nuclide)")
    axes.add_argument("--m21", help="|M21| >= 0 (overrides --nuclide)")
    axes.add_argument("--mbb", help="m_bb >= 0 instead of --m21, through the nuclide's |M21| scaling")
    axes.add_argument("--phase", help="phase of M21 in radians (default 0)")
    axes.add_argument("--time", help="time since the parent atom was produced; adds the time quantities")
    sc.add_argument("--random", type=int, metavar="N", help="N random points (uniform, or log-uniform with :log) instead of a grid")
    sc.add_argument("--seed", type=int, default=0, help="seed of the random points (default 0)")
    sc.add_argument("--quantities", help="comma-separated names (default: all eigen-quantities, and the time quantities with --time)")
    sc.add_argument("--chunk", type=int, default=1 << 18, help="points per chunk; bounds the memory (default 262144)")
    sc.add_argument("--dps", type=int, help="mpmath reference values at this many digits, each with its checked digits")
    sc.add_argument("--workers", type=int, help="processes for --dps (default: all cores)")
    sc.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="run the kernels on a dask.distributed cluster (needs atommix[dask])")
    sc.add_argument("--no-progress", action="store_true", help="no progress bar")
    sc.add_argument("--json", action="store_true", help="print the summary as JSON")

    der = sub.add_parser("derive", help="formulas of the registered results")
    der.add_argument("names", nargs="*", help="results to print (default: all)")
    der.add_argument("--format", choices=("latex", "python", "c"), default="latex")
    der.add_argument("-o", "--output", help="write to this file instead of standard output")
    return parser


def _parameters(args: argparse.Namespace) -> dict[str, Fraction]:
    from .nuclides import nuclide_parameters

    try:
        base: dict[str, Fraction | None] = {"delta": None, "gamma": None, "m21": None}
        if args.nuclide:
            mbb = parse_quantity("--mbb", args.mbb, ENERGY)
            p = nuclide_parameters(args.nuclide, mbb=mbb)
            base = {"delta": p.delta, "gamma": p.gamma, "m21": p.m21}
        out: dict[str, Fraction] = {}
        for name in ("delta", "gamma", "m21"):
            text = getattr(args, name)
            if text is not None:
                out[name] = parse_quantity("--" + name, text, ENERGY)
            elif base[name] is not None:
                out[name] = base[name]  # type: ignore[assignment]
            else:
                source = f"nuclide {args.nuclide} has no {name} from a source; give --{name}" if args.nuclide else f"--{name} is required (or --nuclide)"
                raise ValueError(source)
        out["phase"] = parse_quantity("--phase", args.phase, ANGLE)
        return out
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc


def _times(args: argparse.Namespace) -> list[Fraction]:
    try:
        times = [parse_quantity("--time", text, TIME) for text in args.time]
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc
    for text, value in zip(args.time, times):
        if value < 0:
            raise _UsageError(f"--time must be >= 0 (time since the parent atom was produced); got {text!r}")
    return times


def _float(name: str, value: Fraction) -> float:
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise _UsageError(f"--{name} is outside the float64 range; use 'atommix reference'")
    return x


def _json_number(x: Any) -> Any:
    x = float(x) + 0.0  # -0.0 -> 0.0
    return x


def _json_value(x: Any) -> Any:
    if isinstance(x, complex) or getattr(x, "dtype", None) is not None and x.dtype.kind == "c":
        c = complex(x)
        return {"re": _json_number(c.real), "im": _json_number(c.imag)}
    return _json_number(x)


def _cmd_evaluate(args: argparse.Namespace) -> dict[str, Any]:
    from .numeric import ExceptionalPointError, eigensystem, evolution, time_scales

    exact = _parameters(args)
    inputs: dict[str, Any] = {k: _float("--" + k, v) for k, v in exact.items()}
    times = [_float("--time", x) for x in _times(args)]
    units = {**UNITS, **(TIME_UNITS if times else {})}
    values: dict[str, Any] = {}
    absent: dict[str, str] = {}
    try:
        try:
            es = eigensystem(**inputs)
            values.update({name: _json_value(getattr(es, name)) for name in es._fields})
            at_ep = False
        except ExceptionalPointError:
            if not times:
                raise
            at_ep = True
            values.update(dict.fromkeys(UNITS))
            absent.update(dict.fromkeys(UNITS, EXCEPTIONAL_REASON))
        if times:
            history = evolution(**inputs, t=times, populations=not at_ep)
            values["times"] = [
                {"t": t, **{n: (None if getattr(history, n) is None else _json_number(getattr(history, n)[i])) for n in TIME_NAMES}}
                for i, t in enumerate(times)
            ]
            if at_ep:
                absent.update({"P_L": EXCEPTIONAL_REASON, "P_S": EXCEPTIONAL_REASON})
                values.update(dict.fromkeys(("tau_osc", "tau_S", "tau_L")))
                absent.update(dict.fromkeys(("tau_osc", "tau_S", "tau_L"), EXCEPTIONAL_REASON))
            else:
                scales = time_scales(**inputs)
                for name in scales._fields:
                    v = float(getattr(scales, name))
                    values[name] = v if math.isfinite(v) else None
                    if not math.isfinite(v):
                        absent[name] = "infinite: the rate is 0"
    except (ValueError, TypeError, FloatingPointError) as exc:
        raise _UsageError(str(exc)) from exc
    out: dict[str, Any] = {"inputs": {**inputs, **({"times": times} if times else {})}, "values": values, "units": units}
    if absent:
        out["absent"] = absent
    return out


def _cmd_reference(args: argparse.Namespace) -> dict[str, Any]:
    from .numeric import ExceptionalPointError
    from .validation import reference_eigensystem, reference_evolution

    exact = _parameters(args)
    times = _times(args)
    values: dict[str, Any] = {}
    digits: dict[str, Any] = {}
    absent: dict[str, str] = {}
    try:
        try:
            ref = reference_eigensystem(**exact, dps=args.dps)
            values.update(ref.as_strings())
            digits.update(ref.digits)
            working = ref.working_dps
        except ExceptionalPointError:
            if not times:
                raise
            values.update(dict.fromkeys(UNITS))
            digits.update(dict.fromkeys(UNITS))
            absent.update(dict.fromkeys(UNITS, EXCEPTIONAL_REASON))
            working = 0
        if args.certified and not absent:
            values["certified"] = _certified(exact, args.dps, ref)
        if times:
            hist = reference_evolution(**exact, times=tuple(times), dps=args.dps)
            rows, scales = hist.as_strings()
            values["times"] = [{"t": _decimal_string(t, args.dps), **row} for t, row in zip(times, rows)]
            digits["times"] = hist.digits
            values.update(scales)
            digits.update(hist.scale_digits)
            absent.update(hist.absent)
            working = max(working, hist.working_dps)
    except (ValueError, TypeError) as exc:
        raise _UsageError(str(exc)) from exc
    inputs = {k: _decimal_string(v, args.dps) for k, v in exact.items()}
    if times:
        inputs["times"] = [_decimal_string(t, args.dps) for t in times]
    out: dict[str, Any] = {
        "inputs": inputs,
        "values": values,
        "units": {**UNITS, **(TIME_UNITS if times else {})},
        "digits": digits,
        "dps": args.dps,
        "working_dps": working,
    }
    if absent:
        out["absent"] = absent
    return out


def _cmd_mbb(args: argparse.Namespace) -> dict[str, Any]:
    from .numeric import mbb_band, neutrino_masses, oscillation_parameters

    try:
        lightest = _float("--lightest", parse_quantity("--lightest", args.lightest, ENERGY))
        band = mbb_band(lightest, args.ordering, args.source)
        masses = neutrino_masses(lightest, args.ordering, args.source)
        params = oscillation_parameters(args.ordering, args.source)
    except (ValueError, FloatingPointError) as exc:
        raise _UsageError(str(exc)) from exc
    result: dict[str, Any] = {
        "inputs": {"ordering": args.ordering, "lightest": lightest, "source": args.source},
        "sources": {args.source: params.source},
        "values": {
            "mbb_min": float(band.min),
            "mbb_max": float(band.max),
            "m1": float(masses[0]),
            "m2": float(masses[1]),
            "m3": float(masses[2]),
        },
        "units": {"mbb_min": "eV", "mbb_max": "eV", "m1": "eV", "m2": "eV", "m3": "eV"},
    }
    if args.uncertainty:
        from .uncertainty import propagate_mbb_band

        b = propagate_mbb_band(lightest, args.ordering)
        result["values"]["uncertainties"] = {
            "mbb_min": dict(zip(("lo_16", "median", "hi_84"), b.min_quantiles)),
            "mbb_max": dict(zip(("lo_16", "median", "hi_84"), b.max_quantiles)),
        }
        result["sources"]["uncertainties"] = (
            "PDG values and standard deviations (Gaussian, independent), whatever --source gives the central values"
        )
    return result


def _avogadro() -> Fraction:
    from .literature import si_exact

    return si_exact("N_A")


def _count(text: str) -> Fraction:
    """'1mol' -> N_A atoms (exact); a plain number is a count."""
    try:
        if text.strip().endswith("mol"):
            return parse_quantity("--atoms", text.strip()[:-3], ("mol", "an amount", "mol")) * _avogadro()
        value = parse_quantity("--atoms", text, ("dimensionless", "a count", "a plain number or mol"))
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc
    if value < 0:
        raise _UsageError(f"--atoms must be >= 0; got {text!r}")
    return value


def _cmd_audit(args: argparse.Namespace) -> dict[str, Any]:
    from .audit import AuditInputs, audit

    if not (args.nuclide or args.delta or args.gamma or args.m21):
        args.nuclide = "Gd152"
    p = _parameters(args)
    try:
        age = parse_quantity("--age", args.age, TIME)
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc
    inputs = AuditInputs(p["delta"], p["gamma"], p["m21"], p["phase"], age, _count(args.atoms))
    try:
        return audit(inputs)
    except (ValueError, TypeError) as exc:
        raise _UsageError(str(exc)) from exc


def _cmd_plot(args: argparse.Namespace) -> str:
    import os

    ext = os.path.splitext(args.output)[1].lower()
    if ext not in (".png", ".pdf", ".svg"):
        raise _UsageError(f"-o/--output must end in .png, .pdf or .svg; got {args.output!r}")
    try:
        from . import plots
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise _UsageError("plots need matplotlib: pip install 'atommix[plot]'") from exc
    if args.kind in ("evolution", "populations", "resonance"):
        if not (args.nuclide or args.delta or args.gamma or args.m21):
            args.nuclide = "Gd152"
        p = {k: _float("--" + k, v) for k, v in _parameters(args).items()}
        try:
            if args.kind == "resonance":
                fig, _ = plots.plot_resonance(p["gamma"], p["m21"])
            else:
                fig, _ = plots.KINDS[args.kind](**p)
        except (ValueError, TypeError) as exc:
            raise _UsageError(str(exc)) from exc
    elif args.kind == "mbb":
        fig, _ = plots.plot_mbb(args.source)
    else:
        fig, _ = plots.plot_gain(spot_shape=args.spot_shape)
    fig.savefig(args.output, dpi=150)
    return args.output


def _cmd_accuracy(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from .validation import accuracy as acc

    n = args.points or (150 if args.quick else 2000)
    if n < 10:
        raise _UsageError(f"--points must be >= 10; got {n}")
    weak = [p for p in acc.sample_eigen_parameters(n, seed=args.seed) if p.strength < 0.25]
    strong = acc.sample_eigen_parameters(max(n // 4, 10), seed=args.seed + 1, ratio_range=(1e-1, 1e3))
    edges = acc.sample_edges(max(n // 4, 10), seed=args.seed + 3)
    near_ep = acc.sample_near_exceptional_point(max(n // 4, 10), seed=args.seed + 4)
    rng = np.random.default_rng(args.seed)
    time_points = acc.sample_eigen_parameters(max(n // 2, 10), seed=args.seed + 2) + near_ep[: max(n // 10, 5)]
    time_rows = []
    for p in time_points:
        t = float(10 ** rng.uniform(-25, 18))
        errors, kappa = acc.evolution_errors(p, t), acc.time_conditioning(p, t)
        time_rows.append({k: (errors[k], kappa[k]) for k in errors})
    times_summary = {}
    for name in acc.TIME_ERROR_NAMES:
        pairs = [row[name] for row in time_rows if name in row]
        errs = np.array([e for e, _ in pairs])
        per_kappa = np.array([e / k for e, k in pairs])
        times_summary[name] = {"max_ulp": float(errs.max()), "median_ulp": float(np.median(errs)),
                               "max_ulp_per_condition": float(per_kappa.max())}
    return {
        "inputs": {"points": n, "seed": args.seed},
        "values": {
            "eigensystem_weak_mixing": acc.summarize([acc.eigen_errors(p) for p in weak]),
            "eigensystem_strong_mixing": acc.summarize([acc.eigen_errors(p) for p in strong]),
            "eigensystem_edges": acc.summarize([acc.eigen_errors(p) for p in edges]),
            "eigensystem_near_exceptional_point": acc.summarize([acc.eigen_errors(p) for p in near_ep]),
            "time_kernels": times_summary,
        },
        "units": {"all": "ulp of float64 (normwise for complex values); per condition: ulp / kappa"},
        "domain": "|M21|/|z| log-uniform in [1e-30, 1e-1] (weak, |4M21^2/z^2| < 1/4) and [0.1, 1000] (strong); "
                  "Gamma/|Delta| in [1e-6, 1e6]; |Delta| in [1e-3, 1e6] eV, both signs; edges Delta = 0, Gamma = 0, "
                  "|M21| = 0; near the exceptional point Gamma/(4|M21|) - 1 = +-1e-15..1e-1, |Delta|/Gamma = 0 or "
                  "1e-16..1e-1; t in [1e-25, 1e18] s (a tenth of the time points near the exceptional point)",
    }


def _print_accuracy(result: dict[str, Any]) -> None:
    print(result["domain"], "\n")
    for sweep, summary in result["values"].items():
        if sweep == "time_kernels":
            continue
        print(f"{sweep}:\n  {'quantity':<12} {'max_ulp':>8} {'p99_ulp':>8} {'median':>8}")
        for name, s in summary.items():
            print(f"  {name:<12} {s['max']:>8.2f} {s['p99']:>8.2f} {s['median']:>8.2f}")
    print(f"time_kernels:\n  {'quantity':<12} {'max_ulp':>10} {'median':>8} {'max_ulp/condition':>18}")
    for name, s in result["values"]["time_kernels"].items():
        print(f"  {name:<12} {s['max_ulp']:>10.3g} {s['median_ulp']:>8.2f} {s['max_ulp_per_condition']:>18.2f}")


def _cmd_candidates(args: argparse.Namespace) -> dict[str, Any]:
    from .nuclides import candidate_keys, nuclide_parameters
    from .numeric import eigensystem
    from .numeric.evolution import HBAR_EV_S

    try:
        m21 = _float("--m21", parse_quantity("--m21", args.m21, ENERGY))
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc
    if not 1e-100 <= m21 <= 1.0:
        raise _UsageError(f"--m21 must be between 1e-100 eV and 1 eV to rank the candidates; got {args.m21!r}")
    rows = []
    for key in candidate_keys():
        p = nuclide_parameters(key)
        row: dict[str, Any] = {
            "nuclide": key,
            "transition": f"{p.candidate.parent} -> {p.candidate.daughter}",
            "Q_keV": float(p.candidate.Q_keV),
            "E_level_keV": float(p.candidate.E_level_keV),
            "shells": p.candidate.shells or None,
            "delta_eV": None if p.delta is None else float(p.delta),
            "delta_unc_eV": None if p.delta_unc is None else float(p.delta_unc),
            "gamma_eV": None if p.gamma is None else float(p.gamma),
            "estimated": list(p.estimated),
            "notes": list(p.notes),
        }
        if p.delta is None or p.gamma is None:
            row.update(mixing=None, gamma_L_eV=None, tau_L_s=None, rate_per_mole_per_s=None, resonance_enhancement=None)
            row["missing"] = p.notes[-1]
        else:
            d, g = float(p.delta), float(p.gamma)
            es = eigensystem(d, g, m21)
            at_resonance = eigensystem(0.0, g, m21)
            row.update(
                mixing=float(es.mixing),
                gamma_L_eV=float(es.gamma_L),
                tau_L_s=float(HBAR_EV_S / es.gamma_L) if es.gamma_L > 0 else None,
                rate_per_mole_per_s=float(es.gamma_L * float(_avogadro()) / HBAR_EV_S),
                resonance_enhancement=float(es.mixing / at_resonance.mixing),
            )
        rows.append(row)
    ranked = sorted(rows, key=lambda r: -(r["mixing"] or -1.0))
    for rank, row in enumerate(ranked, 1):
        row["rank"] = rank if row["mixing"] is not None else None
    return {
        "inputs": {"m21": m21},
        "values": {"candidates": ranked},
        "units": {"Q_keV": "keV", "E_level_keV": "keV", "delta_eV": "eV", "delta_unc_eV": "eV", "gamma_eV": "eV", "gamma_L_eV": "eV",
                  "tau_L_s": "s", "rate_per_mole_per_s": "1/s", "mixing": "1", "resonance_enhancement": "1"},
        "assumption": "the same |M21| for every candidate: the ranking is by the resonance factor |Delta + i Gamma/2|^-2",
    }


def _cmd_observables(args: argparse.Namespace) -> dict[str, Any]:
    from . import numeric as nu

    exact = _parameters(args)
    p = {k: _float("--" + k, v) for k, v in exact.items()}
    atoms = float(_count(args.atoms))
    values: dict[str, Any] = {}
    units: dict[str, str] = {}
    inputs: dict[str, Any] = {**p, "atoms": atoms}
    try:
        values["spontaneous_rate"] = float(nu.spontaneous_rate(**p, n_atoms=atoms))
        units["spontaneous_rate"] = "1/s"
        if args.age:
            age = _float("--age", parse_quantity("--age", args.age, TIME))
            inputs["age"] = age
            values["daughter_atoms"] = float(nu.daughter_atoms(**p, t0=age, n_atoms=atoms))
            units["daughter_atoms"] = "1"
        beam = (args.photon_energy, args.photons_per_fs, args.bandwidth, args.spot)
        if any(beam):
            if not all(beam):
                raise ValueError("the gain needs --photon-energy, --photons-per-fs, --bandwidth and --spot together")
            energy = _float("--photon-energy", parse_quantity("--photon-energy", args.photon_energy, ENERGY))
            per_fs = _float("--photons-per-fs", parse_quantity("--photons-per-fs", args.photons_per_fs, ("dimensionless", "a count", "a plain number")))
            bw = _float("--bandwidth", parse_quantity("--bandwidth", args.bandwidth, ("dimensionless", "a ratio", "a plain number")))
            spot = _float("--spot", parse_quantity("--spot", args.spot, ("m", "a length", "nm, um, m")))
            inputs.update(photon_energy=energy, photons_per_fs=per_fs, bandwidth=bw, spot=spot, spot_shape=args.spot_shape)
            g = nu.gain(energy, per_fs * 1e15, spot, bw, args.spot_shape)
            values["gain"] = float(g)
            values["stimulated_rate"] = float(nu.stimulated_rate(**p, n_atoms=atoms, gain=g))
            units.update(gain="1", stimulated_rate="1/s")
        if args.nuclide:
            from .nuclides import nuclide_parameters

            q = float(nuclide_parameters(args.nuclide).candidate.Q_keV) * 1e3
            # X-rays from |lambda_L> carry Q; the two-hole line of |2> -> g.s. sits at Q - Delta
            values["emitted_energy"] = q
            values["two_hole_line"] = q - p["delta"]
            units.update(emitted_energy="eV", two_hole_line="eV")
        values["off_resonance_factor"] = abs(p["delta"]) / p["gamma"] if p["gamma"] > 0 else None
        values["rate_suppression"] = float(nu.resonance_suppression(p["delta"], p["gamma"], p["m21"], p["phase"]))
        units.update(off_resonance_factor="1", rate_suppression="1")
        laser = (args.laser_power, args.laser_rate, args.laser_duration, args.laser_spot, args.level_energy, args.lifetime)
        if any(laser):
            if not all(laser):
                raise ValueError("the absorption rate needs --laser-power, --laser-rate, --laser-duration, "
                                 "--laser-spot, --level-energy and --lifetime together")
            lp = _float("--laser-power", parse_quantity("--laser-power", args.laser_power, ("W", "a power", "W, mW")))
            lr = _float("--laser-rate", parse_quantity("--laser-rate", args.laser_rate, ("Hz", "a rate", "Hz, MHz")))
            ld = _float("--laser-duration", parse_quantity("--laser-duration", args.laser_duration, TIME))
            ls = _float("--laser-spot", parse_quantity("--laser-spot", args.laser_spot, ("m", "a length", "um, mm")))
            le = _float("--level-energy", parse_quantity("--level-energy", args.level_energy, ENERGY))
            lt = _float("--lifetime", parse_quantity("--lifetime", args.lifetime, TIME))
            inputs.update(laser_power=lp, laser_rate=lr, laser_duration=ld, laser_spot=ls, level_energy=le, lifetime=lt)
            values["absorption_rate"] = float(nu.absorption_rate(lp, lr, ld, ls, le, lt)) * 1e-15
            units["absorption_rate"] = "1/fs"
        if args.uncertainty:
            from .nuclides import nuclide_parameters
            from .uncertainty import propagate

            sigma: dict[str, float] = {}
            if args.delta_unc:
                sigma["delta"] = _float("--delta-unc", parse_quantity("--delta-unc", args.delta_unc, ENERGY))
            elif args.nuclide and nuclide_parameters(args.nuclide).delta_unc is not None:
                sigma["delta"] = float(nuclide_parameters(args.nuclide).delta_unc)
            if args.gamma_unc:
                sigma["gamma"] = _float("--gamma-unc", parse_quantity("--gamma-unc", args.gamma_unc, ENERGY))
            if not sigma:
                raise ValueError("--uncertainty needs --delta-unc or --gamma-unc (or a --nuclide whose data give one)")
            central = {**p, "n_atoms": atoms}
            names = ["mixing", "spontaneous_rate"]
            if "age" in inputs:
                central["t"] = inputs["age"]
                names.append("daughter_atoms")
            out = {}
            for name in names:
                u = propagate(name, central, sigma, n=args.samples)
                out[name] = {"median": u.median, "lo_16": u.lo, "hi_84": u.hi, "linear_value": u.linear_value,
                             "linear_sigma": u.linear_sigma, "samples": u.samples}
            values["uncertainties"] = out
            inputs["sigma"] = sigma
        if args.pulses_per_s or args.pulse_duration:
            if not (args.pulses_per_s and args.pulse_duration):
                raise ValueError("the duty fraction needs --pulses-per-s and --pulse-duration together")
            f = _float("--pulses-per-s", parse_quantity("--pulses-per-s", args.pulses_per_s, ("Hz", "a rate", "a plain number per second")))
            dt = _float("--pulse-duration", parse_quantity("--pulse-duration", args.pulse_duration, TIME))
            inputs.update(pulses_per_s=f, pulse_duration=dt)
            values["duty_fraction"] = float(nu.duty_fraction(f, dt))
            units["duty_fraction"] = "1"
    except (ValueError, TypeError, FloatingPointError) as exc:
        raise _UsageError(str(exc)) from exc
    return {"inputs": inputs, "values": values, "units": units}


def _certified(exact: dict[str, Fraction], dps: int, ref: Any) -> dict[str, Any]:
    try:
        from .validation.certified import CertificationError, ball_strings, certified_eigensystem, contains
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise _UsageError("--certified needs python-flint: pip install 'atommix[certified]'") from exc
    try:
        import flint  # noqa: F401
    except ImportError as exc:  # pragma: no cover
        raise _UsageError("--certified needs python-flint: pip install 'atommix[certified]'") from exc
    try:
        balls = certified_eigensystem(**exact, dps=dps)
    except CertificationError as exc:
        return {"error": str(exc)}
    return {
        "balls": {name: ball_strings(b, dps) for name, b in balls.items()},
        "contains_reference": {name: contains(b, ref[name], ref.digits[name]) for name, b in balls.items()},
    }


def _decimal_string(value: Fraction, dps: int) -> str:
    """An exact input as a decimal string: exact if it terminates, else to ``dps`` digits."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = max(dps, 60)
        d = Decimal(value.numerator) / Decimal(value.denominator)
    return format(d.normalize(), "f") if abs(d.adjusted()) < 7 else format(d.normalize(), "E")


def _scan_axis(option: str, text: str, kind: tuple[str, str, str], random: bool) -> Any:
    from .scan import Grid, Sample

    parts = text.split(":")
    try:
        if len(parts) == 1:
            return _float(option.lstrip("-"), parse_quantity(option, parts[0], kind))
        log = parts[-1].strip().lower() == "log"
        if log:
            parts = parts[:-1]
        if random:
            if len(parts) != 2:
                raise ValueError(f"{option} with --random takes START:STOP[:log]; got {text!r}")
            low, high = (_float(option.lstrip("-"), parse_quantity(option, p, kind)) for p in parts)
            return Sample(low, high, log)
        if len(parts) != 3:
            raise ValueError(f"{option} takes a value or START:STOP:N[:log]; got {text!r}")
        start, stop = (_float(option.lstrip("-"), parse_quantity(option, p, kind)) for p in parts[:2])
        if not parts[2].strip().isdigit() or int(parts[2]) < 1:
            raise ValueError(f"{option}: the number of grid points must be an integer >= 1; got {parts[2]!r}")
        num = int(parts[2])
        return Grid.logspace(start, stop, num) if log else Grid.linspace(start, stop, num)
    except ValueError as exc:
        message = str(exc)
        raise _UsageError(message if message.startswith(option) else f"{option}: {message}") from exc


def _cmd_scan(args: argparse.Namespace) -> dict[str, Any]:
    from .nuclides import M21_SCALING, nuclide_parameters
    from .scan import scan

    random = args.random is not None
    axes: dict[str, Any] = {}
    m21_per_mbb = None
    if args.nuclide:
        try:
            p = nuclide_parameters(args.nuclide, mbb=Fraction(1, 10))  # |M21| at the paper's m_bb = 0.1 eV
        except ValueError as exc:
            raise _UsageError(str(exc)) from exc
        for name in ("delta", "gamma", "m21"):
            if getattr(p, name) is not None:
                axes[name] = float(getattr(p, name))
        if p.key in M21_SCALING:
            m21, mbb = M21_SCALING[p.key]
            m21_per_mbb = float(m21 / mbb)
    for name, option, kind in (("delta", "--delta", ENERGY), ("gamma", "--gamma", ENERGY), ("m21", "--m21", ENERGY),
                               ("mbb", "--mbb", ENERGY), ("phase", "--phase", ANGLE), ("t", "--time", TIME)):
        text = getattr(args, "time" if name == "t" else name)
        if text is not None:
            axes[name] = _scan_axis(option, text, kind, random)
    if "mbb" in axes and args.m21 is None:
        axes.pop("m21", None)  # the nuclide's |M21| at 0.1 eV gives way to the m_bb axis
    quantities = None if args.quantities is None else [q.strip() for q in args.quantities.split(",") if q.strip()]
    client = None
    if args.dask:
        try:
            from distributed import Client
        except ImportError as exc:
            raise _UsageError("--dask needs dask.distributed: pip install 'atommix[dask]'") from exc
        try:
            client = Client(args.dask, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise _UsageError(f"--dask: cannot reach the scheduler at {args.dask!r}: {exc}") from exc
    try:
        summary = scan(
            axes, args.output, quantities=quantities, random=args.random, seed=args.seed, chunk=args.chunk,
            dps=args.dps, workers=args.workers, client=client, m21_per_mbb=m21_per_mbb,
            progress=not args.no_progress,
        )
    except (TypeError, ValueError, OSError) as exc:
        raise _UsageError(str(exc)) from exc
    finally:
        if client is not None:
            client.close()
    return summary.as_dict()


def _print_scan(result: dict[str, Any]) -> None:
    rate = result["points_per_second"]
    print(f"wrote {result['points']} points ({result['mode']}, shape {tuple(result['shape'])}) to {result['output']}")
    print(f"  {result['chunks']} chunk(s) in {result['seconds']:.3g} s" + (f", {rate:.3g} points/s" if rate else "")
          + f", backend {result['backend']}")
    print(f"  columns: {', '.join(result['columns'])}")
    if result["exceptional_points"]:
        print(f"  {result['exceptional_points']} point(s) at the exceptional point (Delta = 0, Gamma = 4|M21|): "
              "eigen-quantities, P_L, P_S and time scales are NaN there (column exceptional_point)")


def _cmd_derive(args: argparse.Namespace) -> str:
    from .derivations import latex_document, python_source

    try:
        if args.format == "latex":
            return latex_document(args.names or None)
        if args.format == "c":
            from .derivations.ccode import c_source

            return c_source(args.names or None)
        return python_source(args.names or None)
    except KeyError as exc:
        raise _UsageError(str(exc.args[0])) from exc


def _format(v: Any) -> str:
    if v is None:
        return "absent"
    if isinstance(v, dict):
        im = str(v["im"])
        return f"{v['re']} {'-' if im.startswith('-') else '+'} {im.lstrip('-')}i"
    return str(v)


def _print_candidates(result: dict[str, Any]) -> None:
    print(f"|M21| = {result['inputs']['m21']:g} eV for every candidate ({result['assumption']})\n")
    print(f"{'rank':>4}  {'nuclide':<14}{'Delta/eV':>18}{'Gamma/eV':>10}{'|alpha|^2':>12}{'rate/mol/s':>12}{'vs resonance':>14}")
    for r in result["values"]["candidates"]:
        if r["mixing"] is None:
            print(f"{'-':>4}  {r['nuclide']:<14}{'missing: ' + r['missing']}")
            continue
        flag = "*" if r["estimated"] else " "
        delta = f"{r['delta_eV']:.1f} +- {r['delta_unc_eV']:.0f}" if r["delta_unc_eV"] is not None else f"{r['delta_eV']:.1f}"
        print(f"{r['rank']:>4}  {r['nuclide']:<14}{delta:>17}{flag}{r['gamma_eV']:>10.2f}"
              f"{r['mixing']:>12.3e}{r['rate_per_mole_per_s']:>12.3e}{r['resonance_enhancement']:>14.3e}")
    print("\n* Delta and Gamma estimated from single-hole data of the daughter atom (see --json notes)")


def _print_table(result: dict[str, Any]) -> None:
    if "candidates" in result["values"]:
        _print_candidates(result)
        return
    values, units = result["values"], result["units"]
    digits = result.get("digits", {})
    absent = result.get("absent", {})
    scalar_names = [n for n in values if n not in ("times", "uncertainties", "certified")]
    width = max(len(n) for n in [*scalar_names, *TIME_NAMES])
    for name in scalar_names:
        unit = units.get(name, "1")
        extra = f"   [{digits[name]} digits]" if digits.get(name) is not None else ""
        reason = f"   ({absent[name]})" if name in absent else ""
        print(f"{name:<{width}}  {_format(values[name])}{'' if unit == '1' else ' ' + unit}{extra}{reason}")
    certified = values.get("certified")
    if certified:
        if "error" in certified:
            print(f"\ncertified: {certified['error']}")
        else:
            print("\ncertified balls (python-flint), each containing the mpmath value:"
                  if all(certified["contains_reference"].values()) else "\ncertified balls: MISMATCH with mpmath")
            for name, b in certified["balls"].items():
                parts = [b] if "mid" in b else [b["re"], b["im"]]
                text = " , ".join(f"{p['mid']} +- {p['rad']}" for p in parts)
                print(f"  {name:<{width}}  {text}")
    for name, u in values.get("uncertainties", {}).items():
        linear = f"; linear {u['linear_value']:.4g} +- {u['linear_sigma']:.2g}" if "linear_value" in u else ""
        print(f"{name:<{width}}  {u['median']:.4g} (68%: {u['lo_16']:.4g} .. {u['hi_84']:.4g}){linear}")
    for i, row in enumerate(values.get("times", [])):
        print(f"\nt = {row['t']} s")
        row_digits = digits["times"][i] if "times" in digits else {}
        for name in TIME_NAMES:
            extra = f"   [{row_digits[name]} digits]" if row_digits.get(name) is not None else ""
            print(f"  {name:<{width}}  {_format(row[name])}{extra}")


_VALUE_OPTIONS = ("--delta", "--gamma", "--m21", "--phase", "--time", "--lightest", "--atoms", "--age")
_SIGNED = re.compile(r"^-(\d|\.\d)")


def _attach_signed_values(argv: Sequence[str]) -> list[str]:
    """``--delta -0.91keV`` -> ``--delta=-0.91keV``: argparse would read '-0.91keV' as an option."""
    out: list[str] = []
    it = iter(argv)
    for token in it:
        if token in _VALUE_OPTIONS:
            value = next(it, None)
            if value is not None and _SIGNED.match(value):
                out.append(f"{token}={value}")
                continue
            out.append(token)
            if value is not None:
                out.append(value)
        else:
            out.append(token)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``atommix`` console script."""
    parser = build_parser()
    args = parser.parse_args(_attach_signed_values(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "plot":
            print(_cmd_plot(args))
            return 0
        if args.command == "derive":
            text = _cmd_derive(args)
            if args.output:
                with open(args.output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text)
            return 0
        commands = {
            "evaluate": _cmd_evaluate,
            "reference": _cmd_reference,
            "mbb": _cmd_mbb,
            "candidates": _cmd_candidates,
            "observables": _cmd_observables,
            "audit": _cmd_audit,
            "accuracy": _cmd_accuracy,
            "scan": _cmd_scan,
        }
        result = commands[args.command](args)
    except _UsageError as exc:
        parser.exit(2, f"atommix {args.command}: error: {exc}\n")
    if args.json:
        print(json.dumps(result, indent=2))
    elif args.command == "accuracy":
        _print_accuracy(result)
    elif args.command == "scan":
        _print_scan(result)
    elif args.command == "audit":
        from .audit import to_markdown

        print(to_markdown(result), end="")
    else:
        _print_table(result)
    return 0
