"""Printing a record of one parent and N daughter channels: totals as ``name  value``, per-channel values as a table.

The records come from :func:`atommix.channels.float64_channels` (``evaluate``) and
:func:`atommix.channels.reference_channels` (``reference``): a value that is a list holds one entry
per channel, in the order of the ``--channel`` options; ``digits`` (references) mirrors ``values``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..quantities import PARAMETERS
from .channel_options import FIELD_NAMES
from .common import format_number

__all__ = ["show_channels", "channel_inputs_lines", "channel_table"]


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def channel_inputs_lines(channels: list[dict[str, Any]], labels: list[str] | None = None) -> list[str]:
    """The channels as given, one row each, with the units of the parameters (and each label: level and pair)."""
    header = ["channel", *(["label"] if labels else []), *(f"{FIELD_NAMES[f]}/{PARAMETERS[f].unit}" for f in FIELD_NAMES)]
    rows = [[f"#{k}", *([labels[k - 1]] if labels else []), *(str(ch[f]) for f in FIELD_NAMES)]
            for k, ch in enumerate(channels, start=1)]
    return _aligned([header, *rows])


def _with_unit(name: str, units: dict[str, str]) -> str:
    unit = units.get(name, "1")
    return name if unit == "1" else f"{name}/{unit}"


def channel_table(values: dict[str, Any], units: dict[str, str], digits: dict[str, Any] | None = None,
                  bounds: dict[str, Any] | None = None, indent: str = "") -> list[str]:
    """The per-channel values (lists) of ``values`` as a table: one row per channel, one column per quantity.

    With ``digits``, each cell ends in its checked digits ``[30]``; with ``bounds``, a column of
    the error bound follows each quantity that has one.
    """
    names = [n for n, v in values.items() if isinstance(v, list) and n != "times"]
    if not names:
        return []
    n_channels = len(values[names[0]])
    header = ["channel"]
    for n in names:
        header.append(_with_unit(n, units))
        if bounds and isinstance(bounds.get(n), list):
            header.append("error bound")
    rows = [header]
    for k in range(n_channels):
        row = [f"#{k + 1}"]
        for n in names:
            cell = format_number(values[n][k])
            if digits and isinstance(digits.get(n), list):
                cell += f" [{digits[n][k]}]"
            row.append(cell)
            if bounds and isinstance(bounds.get(n), list):
                row.append(f"{bounds[n][k]:.2g}")
        rows.append(row)
    return [indent + line for line in _aligned(rows)]


def _scalars(values: dict[str, Any], units: dict[str, str], digits: dict[str, Any], absent: dict[str, str],
             bounds: dict[str, Any], width: int, indent: str = "") -> list[str]:
    lines = []
    for name, v in values.items():
        if isinstance(v, list) or name == "t":
            continue
        unit = units.get(name, "1")
        text = format_number(v) + ("" if unit == "1" or v is None else " " + unit)
        if digits.get(name) is not None:
            text += f"   [{digits[name]} digits]"
        if bounds.get(name) is not None:
            text += f"   (error bound {bounds[name]:.2g}{'' if unit == '1' else ' ' + unit})"
        if name in absent and v is None:
            text += f"   ({absent[name]})"
        lines.append(f"{indent}{name:<{width}}  {text}")
    return lines


def show_channels(result: dict[str, Any], args: argparse.Namespace) -> None:
    """``--json``: the record as JSON; else the channels, the totals, a per-channel table, and each time."""
    if args.json:
        print(json.dumps(result, indent=2))
        return
    values, units = result["values"], result["units"]
    digits = result.get("digits", {})
    absent = result.get("absent", {})
    bounds = result.get("error_bounds", {})
    channels = result["inputs"]["channels"]
    nuclide = result["inputs"].get("nuclide")
    source = f" of {nuclide} (allowed levels and subshell pairs, closest to resonance first; one common |M_i|)" if nuclide else ""
    print(f"inputs: {len(channels)} daughter channel(s){source}, energies relative to M1")
    print("\n".join("  " + line for line in channel_inputs_lines(channels, result["inputs"].get("labels"))) + "\n")
    top = {k: v for k, v in values.items() if k != "times"}
    names = [n for n in top if not isinstance(top[n], list)]
    rows = values.get("times", [])
    time_names = [n for n in (rows[0] if rows else {}) if not isinstance(rows[0][n], list) and n != "t"]
    width = max(len(n) for n in [*names, *time_names])
    for line in _scalars(top, units, digits, absent, bounds, width):
        print(line)
    table = channel_table(top, units, digits, bounds)
    if table:
        print("\n" + "\n".join(table))
    for i, row in enumerate(rows):
        print(f"\nt = {row['t']} s")
        row_digits = digits["times"][i] if "times" in digits else {}
        print("\n".join(_scalars(row, units, row_digits, absent, {}, width, indent="  ")))
        print("\n".join(channel_table(row, units, row_digits, indent="  ")))
