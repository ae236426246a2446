"""What the subcommands share: the parameter-point options, reading them, printing results, help with examples."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import Any, Sequence

from ..quantities import PARAMETERS, TIME, names
from .options import UsageError, given, refuse, to_float, value
from .units import ANGLE, ENERGY, TIME as TIME_KIND

__all__ = [
    "UsageError",
    "bound_mark",
    "format_number",
    "add_command",
    "add_point",
    "add_parameters",
    "parameters",
    "float_parameters",
    "times",
    "to_float",
    "count",
    "print_inputs",
    "print_table",
    "show",
]

_TIME_NAMES = names(TIME)
#: m_bb of the paper's |M21| scaling, used with --nuclide when --mbb is not given (eV).
DEFAULT_MBB = Fraction(1, 10)
_KINDS = {"eV": ENERGY, "rad": ANGLE, "s": TIME_KIND}


def add_command(sub: Any, name: str, summary: str, examples: Sequence[str], description: str = "") -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` starts with ``summary`` (and ``description``) and ends with ``examples``."""
    text = summary[0].upper() + summary[1:] + "." + (f"\n\n{description}" if description else "")
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    return sub.add_parser(name, help=summary, description=text, epilog=epilog)  # type: ignore[no-any-return]


def add_point(g: argparse._ArgumentGroup, nuclide: bool = True) -> None:
    """The parameter point: a shipped nuclide and/or Delta, Gamma, |M21|, phase (energies relative to M1)."""
    if nuclide:
        g.add_argument("--nuclide", help="take Delta, Gamma (and |M21| from --mbb) from a shipped candidate, e.g. Gd152")
        g.add_argument("--mbb", help="m_bb >= 0 for the nuclide's |M21| scaling (default 0.1eV); with --nuclide only")
    g.add_argument("--delta", help="Delta = M1 - M2, any sign, e.g. 0.91keV or -910eV (overrides --nuclide)")
    g.add_argument("--gamma", help="two-hole width Gamma >= 0, e.g. 23eV (overrides --nuclide)")
    g.add_argument("--m21", help="modulus |M21| >= 0, e.g. 1e-24eV (overrides --nuclide)")
    g.add_argument("--phase", help="phase of M21 in radians (M21 = |M21| e^{i phase}), any sign; default 0")


def add_parameters(p: argparse.ArgumentParser, times: bool = True) -> None:
    """The parameter point, the times of the evolution and ``--json``."""
    g = p.add_argument_group("parameters (energies relative to M1; a plain number is in eV)")
    add_point(g)
    if times:
        g.add_argument(
            "--time",
            action="append",
            metavar="T",
            help="time >= 0 since the parent atom was produced (s, fs, ns, yr, ...; plain number = s); repeatable",
        )
    p.add_argument("--json", action="store_true", help="print JSON: {inputs, values, units[, digits]}")


def _parameter(args: argparse.Namespace, name: str) -> Fraction | None:
    p = PARAMETERS[name]
    return value(args, "--" + name, _KINDS[p.unit], minimum=p.minimum, what=p.description.removesuffix(" in " + p.unit))


def parameters(args: argparse.Namespace, needed: Sequence[str] = ("delta", "gamma", "m21")) -> dict[str, Fraction]:
    """Exact Delta, Gamma, |M21|, phase from the options (a nuclide's values where not given), each checked."""
    from ..nuclides import nuclide_parameters

    nuclide = getattr(args, "nuclide", None)
    if not nuclide:
        refuse(args, ("--mbb",), "applies only with --nuclide (it sets |M21| through the nuclide's scaling); give --m21")
    elif given(args, "--mbb") and given(args, "--m21"):
        raise UsageError("--mbb and --m21 exclude each other: --mbb sets |M21| through the nuclide's scaling")
    base: dict[str, Fraction | None] = dict.fromkeys(needed)
    if nuclide:
        mbb = value(args, "--mbb", ENERGY, minimum=0, what="m_bb, the effective Majorana mass")
        try:
            p = nuclide_parameters(nuclide, mbb=DEFAULT_MBB if mbb is None else mbb)
        except ValueError as exc:
            message = str(exc)
            raise UsageError("--" + message if message.startswith("nuclide") else message) from exc
        base = {name: getattr(p, name) for name in needed}
    out: dict[str, Fraction] = {}
    for name in needed:
        x = _parameter(args, name)
        if x is None:
            x = base[name]
        if x is None:
            raise UsageError(f"nuclide {nuclide} has no {name} from a source; give --{name}" if nuclide
                             else f"--{name} is required (or --nuclide)")
        out[name] = x
    phase = _parameter(args, "phase")
    out["phase"] = Fraction(0) if phase is None else phase
    return out


def float_parameters(args: argparse.Namespace, needed: Sequence[str] = ("delta", "gamma", "m21")) -> dict[str, float]:
    """:func:`parameters` as float64, each within the float64 range."""
    exact = parameters(args, needed)
    return {k: to_float("--" + k, v, getattr(args, k, None), PARAMETERS[k].unit, reference=True) for k, v in exact.items()}


def times(args: argparse.Namespace) -> list[Fraction]:
    """Exact times (s) of ``--time``, each >= 0."""
    p = PARAMETERS["t"]
    return [value(args, "--time", TIME_KIND, minimum=p.minimum, what="time since the parent atom was produced", text=t)
            for t in (args.time or [])]  # type: ignore[misc]


def count(option: str, text: str) -> Fraction:
    """'1mol' -> N_A atoms (exact); a plain number is a count; >= 0."""
    from ..literature import si_exact
    from .options import check_range
    from .units import parse_quantity

    moles = text.strip().endswith("mol")
    try:
        n = parse_quantity(option, text.strip()[:-3] if moles else text, ("dimensionless", "a count", "a plain number or mol"))
    except ValueError:
        raise UsageError(f"{option} must be a number of atoms >= 0, plain or in mol (e.g. 1e23 or 1mol); got {text!r}") from None
    n = n * si_exact("N_A") if moles else n
    check_range(option, text, n, "", 0, False, "a number of atoms")
    return n


def format_number(v: Any) -> str:
    """A JSON-ready value as text: ``absent`` for None, ``re +- im i`` for a complex ``{"re", "im"}``."""
    if v is None:
        return "absent"
    if isinstance(v, dict):
        im = str(v["im"])
        return f"{v['re']} {'-' if im.startswith('-') else '+'} {im.lstrip('-')}i"
    return str(v)


def bound_mark(bounds: dict[str, Any], name: str, v: Any) -> str:
    """``   (relative error <= 2e-02)`` where the bound exceeds 1e-3, ``   ! no correct digit`` where none is guaranteed."""
    from ..evaluation import MARK_BOUND

    if name not in bounds or v is None:
        return ""
    b = bounds[name]
    if b is None:
        return "   ! no correct digit guaranteed"
    return f"   (relative error <= {b:.1e})" if b > MARK_BOUND else ""


def _any_unbounded(result: dict[str, Any]) -> bool:
    rows = [result.get("bounds", {})] + [r.get("bounds", {}) for r in result["values"].get("times", [])]
    return any(b is None for row in rows for b in row.values())


def print_table(result: dict[str, Any]) -> None:
    """A result as aligned ``name  value unit`` lines, time points after the point's values."""
    values, units = result["values"], result["units"]
    digits = result.get("digits", {})
    absent = result.get("absent", {})
    scalar_names = [n for n in values if n not in ("times", "uncertainties", "certified")]
    width = max(len(n) for n in [*scalar_names, *_TIME_NAMES])
    bounds = result.get("bounds", {})
    for name in scalar_names:
        unit = units.get(name, "1")
        extra = f"   [{digits[name]} digits]" if digits.get(name) is not None else ""
        reason = f"   ({absent[name]})" if name in absent else ""
        mark = bound_mark(bounds, name, values[name]) if name not in absent else ""
        print(f"{name:<{width}}  {format_number(values[name])}{'' if unit == '1' else ' ' + unit}{extra}{reason}{mark}")
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
            mark = bound_mark(row.get("bounds", {}), name, row[name])
            print(f"  {name:<{width}}  {format_number(row[name])}{extra}{mark}")
    if _any_unbounded(result):
        print("\n! marks values with no correct digit guaranteed in float64 at these inputs: "
              "use `atommix reference` for them")


def _with_unit(v: Any, unit: str | None) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_with_unit(x, unit)}" for k, x in v.items()) + "}"
    return f"{v}" + ("" if unit in (None, "", "1", "dimensionless") else f" {unit}")


def print_inputs(result: dict[str, Any], args: argparse.Namespace, units: dict[str, str] | None = None) -> None:
    """One line of the inputs with their units (``delta = 910.0 eV``: a plain 0.91 is 0.91 eV, not keV)."""
    known = {name: p.unit for name, p in PARAMETERS.items()} | (units or {})
    items = [f"{k} = {_with_unit(v, known.get(k))}" for k, v in result["inputs"].items() if k != "times"]
    nuclide = getattr(args, "nuclide", None)
    mbb = "" if getattr(args, "m21", None) else f", m_bb = {getattr(args, 'mbb', None) or '0.1eV'}"
    source = f" (nuclide {nuclide}{mbb})" if nuclide else ""
    print("inputs: " + ", ".join(items) + source + "\n")


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    """``--json``: the result as JSON; else the inputs with their units, then the values as a table."""
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_inputs(result, args)
        print_table(result)
