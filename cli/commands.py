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


def _add_parameters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("parameters (energies relative to M1; a plain number is in eV)")
    g.add_argument("--delta", required=True, help="Delta = M1 - M2, any sign, e.g. 0.91keV")
    g.add_argument("--gamma", required=True, help="two-hole width Gamma >= 0, e.g. 23eV")
    g.add_argument("--m21", required=True, help="modulus |M21| >= 0, e.g. 1e-24eV")
    g.add_argument("--phase", default="0", help="phase of M21 in radians (M21 = |M21| e^{i phase}); default 0")
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

    mb = sub.add_parser("mbb", help="m_bb band over the Majorana phases (Eq. 1.4)")
    mb.add_argument("--ordering", required=True, help="neutrino mass ordering: NO or IO")
    mb.add_argument("--lightest", required=True, help="lightest neutrino mass (m1 for NO, m3 for IO), e.g. 0.01eV")
    mb.add_argument("--source", default="nufit52", help="oscillation parameters: nufit52 (default) or pdg")
    mb.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units}")

    der = sub.add_parser("derive", help="formulas of the registered results")
    der.add_argument("names", nargs="*", help="results to print (default: all)")
    der.add_argument("--format", choices=("latex", "python"), default="latex")
    der.add_argument("-o", "--output", help="write to this file instead of standard output")
    return parser


def _parameters(args: argparse.Namespace) -> dict[str, Fraction]:
    try:
        return {
            "delta": parse_quantity("--delta", args.delta, ENERGY),
            "gamma": parse_quantity("--gamma", args.gamma, ENERGY),
            "m21": parse_quantity("--m21", args.m21, ENERGY),
            "phase": parse_quantity("--phase", args.phase, ANGLE),
        }
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
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc
    return {
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


def _decimal_string(value: Fraction, dps: int) -> str:
    """An exact input as a decimal string: exact if it terminates, else to ``dps`` digits."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = max(dps, 60)
        d = Decimal(value.numerator) / Decimal(value.denominator)
    return format(d.normalize(), "f") if abs(d.adjusted()) < 7 else format(d.normalize(), "E")


def _cmd_derive(args: argparse.Namespace) -> str:
    from .derivations import latex_document, python_source

    try:
        if args.format == "latex":
            return latex_document(args.names or None)
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


def _print_table(result: dict[str, Any]) -> None:
    values, units = result["values"], result["units"]
    digits = result.get("digits", {})
    absent = result.get("absent", {})
    scalar_names = [n for n in values if n != "times"]
    width = max(len(n) for n in [*scalar_names, *TIME_NAMES])
    for name in scalar_names:
        unit = units.get(name, "1")
        extra = f"   [{digits[name]} digits]" if digits.get(name) is not None else ""
        reason = f"   ({absent[name]})" if name in absent else ""
        print(f"{name:<{width}}  {_format(values[name])}{'' if unit == '1' else ' ' + unit}{extra}{reason}")
    for i, row in enumerate(values.get("times", [])):
        print(f"\nt = {row['t']} s")
        row_digits = digits["times"][i] if "times" in digits else {}
        for name in TIME_NAMES:
            extra = f"   [{row_digits[name]} digits]" if row_digits.get(name) is not None else ""
            print(f"  {name:<{width}}  {_format(row[name])}{extra}")


_VALUE_OPTIONS = ("--delta", "--gamma", "--m21", "--phase", "--time", "--lightest")
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
        if args.command == "derive":
            text = _cmd_derive(args)
            if args.output:
                with open(args.output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text)
            return 0
        result = {"evaluate": _cmd_evaluate, "reference": _cmd_reference, "mbb": _cmd_mbb}[args.command](args)
    except _UsageError as exc:
        parser.exit(2, f"atommix {args.command}: error: {exc}\n")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print_table(result)
    return 0
