"""What the subcommands share: the parameter-point options, reading them, and printing results as a table."""

from __future__ import annotations

import argparse
import json
import math
import re
from fractions import Fraction
from typing import Any, Sequence

from ..quantities import TIME, names
from .units import ANGLE, ENERGY, TIME as TIME_KIND, parse_quantity

__all__ = [
    "UsageError",
    "add_point",
    "add_parameters",
    "parameters",
    "times",
    "to_float",
    "count",
    "print_table",
    "show",
    "attach_signed_values",
]

_TIME_NAMES = names(TIME)


class UsageError(Exception):
    """Bad input on the command line: reported in one line, exit status 2."""


def add_point(g: argparse._ArgumentGroup) -> None:
    """The parameter point: a shipped nuclide and/or Delta, Gamma, |M21|, phase (energies relative to M1)."""
    g.add_argument("--nuclide", help="take Delta, Gamma (and |M21| from --mbb) from a shipped candidate, e.g. Gd152")
    g.add_argument("--mbb", default="0.1eV", help="m_bb for the nuclide's |M21| scaling (default 0.1eV)")
    g.add_argument("--delta", help="Delta = M1 - M2, any sign, e.g. 0.91keV (overrides --nuclide)")
    g.add_argument("--gamma", help="two-hole width Gamma >= 0, e.g. 23eV (overrides --nuclide)")
    g.add_argument("--m21", help="modulus |M21| >= 0, e.g. 1e-24eV (overrides --nuclide)")
    g.add_argument("--phase", default="0", help="phase of M21 in radians (M21 = |M21| e^{i phase}); default 0")


def add_parameters(p: argparse.ArgumentParser) -> None:
    """The parameter point, the times of the evolution and ``--json``."""
    g = p.add_argument_group("parameters (energies relative to M1; a plain number is in eV)")
    add_point(g)
    g.add_argument(
        "--time",
        action="append",
        default=[],
        metavar="T",
        help="time since the parent atom was produced (s, fs, ns, yr, ...; plain number = s); repeatable",
    )
    p.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units[, digits]}")


def parameters(args: argparse.Namespace) -> dict[str, Fraction]:
    """Exact Delta, Gamma, |M21|, phase from the options (a nuclide's values where not given)."""
    from ..nuclides import nuclide_parameters

    try:
        base: dict[str, Fraction | None] = {"delta": None, "gamma": None, "m21": None}
        if args.nuclide:
            mbb = parse_quantity("--mbb", args.mbb, ENERGY)
            p = nuclide_parameters(args.nuclide, mbb=mbb)
            base = {"delta": p.delta, "gamma": p.gamma, "m21": p.m21}
        out: dict[str, Fraction] = {}
        for name in base:
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
        raise UsageError(str(exc)) from exc


def times(args: argparse.Namespace) -> list[Fraction]:
    """Exact times (s) of ``--time``, each >= 0."""
    try:
        values = [parse_quantity("--time", text, TIME_KIND) for text in args.time]
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    for text, value in zip(args.time, values):
        if value < 0:
            raise UsageError(f"--time must be >= 0 (time since the parent atom was produced); got {text!r}")
    return values


def to_float(name: str, value: Fraction) -> float:
    """An exact input as float64, or a usage error where it is beyond the float64 range."""
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise UsageError(f"--{name} is outside the float64 range; use 'atommix reference'")
    return x


def count(text: str) -> Fraction:
    """'1mol' -> N_A atoms (exact); a plain number is a count."""
    from ..literature import si_exact

    try:
        if text.strip().endswith("mol"):
            return parse_quantity("--atoms", text.strip()[:-3], ("mol", "an amount", "mol")) * si_exact("N_A")
        value = parse_quantity("--atoms", text, ("dimensionless", "a count", "a plain number or mol"))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if value < 0:
        raise UsageError(f"--atoms must be >= 0; got {text!r}")
    return value


def _format(v: Any) -> str:
    if v is None:
        return "absent"
    if isinstance(v, dict):
        im = str(v["im"])
        return f"{v['re']} {'-' if im.startswith('-') else '+'} {im.lstrip('-')}i"
    return str(v)


def print_table(result: dict[str, Any]) -> None:
    """A result as aligned ``name  value unit`` lines, time points after the point's values."""
    values, units = result["values"], result["units"]
    digits = result.get("digits", {})
    absent = result.get("absent", {})
    scalar_names = [n for n in values if n not in ("times", "uncertainties", "certified")]
    width = max(len(n) for n in [*scalar_names, *_TIME_NAMES])
    for name in scalar_names:
        unit = units.get(name, "1")
        extra = f"   [{digits[name]} digits]" if digits.get(name) is not None else ""
        reason = f"   ({absent[name]})" if name in absent else ""
        print(f"{name:<{width}}  {_format(values[name])}{'' if unit == '1' else ' ' + unit}{extra}{reason}")
    certified = values.get("certified")
    if certified:
        print(f"\ncertified balls (python-flint), which prove the digits above; mpmath's eigensolver at "
              f"{certified['cross_check_dps']} digits agrees with each:")
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
        for name in _TIME_NAMES:
            extra = f"   [{row_digits[name]} digits]" if row_digits.get(name) is not None else ""
            print(f"  {name:<{width}}  {_format(row[name])}{extra}")


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    """``--json``: the result as JSON; else as a table."""
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


_VALUE_OPTIONS = ("--delta", "--gamma", "--m21", "--phase", "--time", "--lightest", "--atoms", "--age")
_SIGNED = re.compile(r"^-(\d|\.\d)")


def attach_signed_values(argv: Sequence[str]) -> list[str]:
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
