"""The audit's multi-channel section as plain text and as Markdown (the record: :mod:`atommix.channel_audit`)."""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["TITLE", "section_text", "section_markdown"]

TITLE = "Several daughter channels: the exact coupled Gamma_L beside the sum of single-channel rates"
_HEADER = ["channel", "label", "Delta/eV", "Gamma/eV", "|M_i|/eV", "single-channel Gamma_L/eV"]


def _g(x: Any) -> str:
    return "—" if x is None else f"{x:.4g}"


def _channel_rows(s: dict[str, Any]) -> list[list[str]]:
    return [[f"#{c['channel']}", c["label"], f"{c['delta']:g}", f"{c['gamma']:g}", f"{c['m21']:g}",
             f"{float(c['single_channel_gamma_L']):.4e}"] for c in s["channels"]]


def _totals(s: dict[str, Any]) -> list[tuple[str, str]]:
    closest = s["closest_pair"]
    out = [
        ("coupled Gamma_L", f"{s['gamma_L']} eV   [{s['digits']} digits checked]"),
        ("sum of single channels", f"{s['sum_single_channel']} eV"),
        ("relative difference", f"{_g(s['relative_difference'])}  (sum - coupled)/coupled"),
        ("leading neglected term", f"{_g(s['cross_term_relative'])}  relative: the cross terms of the series"),
        ("sum |alpha_i|^2", _g(s["mixing_total"])),
        ("1% difference at", "—" if s["m21_at_one_percent"] is None else f"|M_i| = {s['m21_at_one_percent']:.2g} eV"),
    ]
    if closest is not None:
        out.append(("closest pair", f"#{closest['channels'][0]}, #{closest['channels'][1]}: |Delta_i - Delta_j| = "
                                    f"{closest['delta_separation']:.4g} eV = {closest['separation_over_width']:.3g} "
                                    "x their mean width"))
    return out


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(c.ljust(w) for c, w in zip(r, widths)), r[-1]]).rstrip() for r in rows]


def section_text(section: dict[str, Any]) -> str:
    """Aligned plain text: per set, a table of the channels, the totals and the verdict."""
    lines = [TITLE, ""]
    if section["assumptions"]:
        lines += [f"({section['assumptions']})", ""]
    for s in section["sets"]:
        lines.append(f"{s['name']}: {len(s['channels'])} channel(s)")
        if s["channels"]:
            lines += ["  " + line for line in _aligned([_HEADER, *_channel_rows(s)])]
            width = max(len(name) for name, _ in _totals(s))
            lines += [f"  {name:<{width}}  {text}" for name, text in _totals(s)]
        lines.append(f"  verdict: {s['verdict']}")
        lines += [f"  missing: {m}" for m in s["missing"]]
        lines.append("")
    return "\n".join(lines)


def section_markdown(section: dict[str, Any], cell: Callable[[str], str]) -> str:
    """Markdown tables (``cell`` escapes a table cell, as the rest of the audit does)."""
    lines = ["## " + TITLE, ""]
    if section["assumptions"]:
        lines += [cell(section["assumptions"]), ""]
    for s in section["sets"]:
        lines += [f"### {cell(s['name'])}", ""]
        if s["channels"]:
            lines += ["| " + " | ".join(cell(h) for h in _HEADER) + " |", "|" + "---|" * len(_HEADER)]
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in _channel_rows(s)]
            lines += ["", "| quantity | value |", "|---|---|"]
            lines += [f"| {cell(name)} | {cell(text)} |" for name, text in _totals(s)]
            lines.append("")
        lines.append(f"Verdict: {cell(s['verdict'])}")
        lines += [f"- missing: {cell(m)}" for m in s["missing"]]
        lines.append("")
    return "\n".join(lines)
