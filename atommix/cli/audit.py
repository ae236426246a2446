"""``atommix audit``: the paper's approximations beside the exact results, and its claims recomputed.

Three renderings of :func:`atommix.audit.audit`: aligned plain text for the terminal
(default), Markdown tables for a report (``--markdown``; cells escaped, LaTeX in ``$...$``
without ``|``, so that GitHub and pandoc render them), and JSON.
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import Any, Sequence

from .all_channels import add_closest_option
from .channel_audit_output import section_markdown, section_text
from .channel_options import add_channel_option, channels_given, read_channels
from .common import UsageError, add_command, add_point, count, parameters
from .options import refuse, value
from .units import TIME

__all__ = ["add_parser", "run", "show", "to_markdown", "to_text", "EXAMPLES", "DEFAULT_CLOSEST"]

#: The README's examples, shown at the end of ``--help``.
EXAMPLES = (
    "atommix audit",
    "atommix audit --markdown",
    "atommix audit --channel-parents 152Gd,156Dy --closest 5",
    "atommix audit --channel 910eV,23eV,1e-24eV --channel 930eV,23eV,1e-24eV",
)
#: Channels per parent in the multi-channel section unless --closest says otherwise: the 10 closest to resonance
#: take seconds, all 46 of 152Gd about 1.5 min (the section lists how many were left out).
DEFAULT_CLOSEST = 10
#: LaTeX longer than this is left to --json in the Markdown table.
_LATEX_CELL = 120


def add_parser(sub: Any) -> None:
    aud = add_command(sub, "audit", "the paper's approximations beside the exact results, and its claims recomputed",
                      EXAMPLES, "Default: the paper's 152Gd point (Delta = 0.91 keV, Gamma = 23 eV, |M21| = 1e-24 eV).")
    add_point(aud.add_argument_group("parameters (default: the paper's 152Gd point)"))
    aud.add_argument("--age", help="time >= 0 since production, for Eq. (3.7) (default 4.5e9yr)")
    aud.add_argument("--atoms", help="number of parent atoms >= 0, plain or in mol (default 1mol)")
    ch = aud.add_argument_group(
        "several daughter channels: the exact coupled Gamma_L beside the sum of single-channel rates")
    ch.add_argument("--channel-parents", metavar="PARENT[,PARENT...]",
                    help="shipped parents whose allowed daughter channels the section shows, at the common |M21| of "
                         "the point (default 152Gd; e.g. 152Gd,156Dy; 'none' leaves the section out)")
    add_closest_option(ch, "--channel-parents", f"{DEFAULT_CLOSEST}; all 46 of 152Gd take about 1.5 min")
    add_channel_option(ch)
    out = aud.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="JSON: {inputs, approximations, claims}")
    out.add_argument("--markdown", action="store_true", help="Markdown tables for a report (default: plain text)")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ..audit import AuditInputs, audit

    if channels_given(args):
        return _channels_only(args)
    if not (args.nuclide or args.delta or args.gamma or args.m21):
        args.nuclide = "Gd152"
    p = parameters(args)
    age = value(args, "--age", TIME, minimum=0, what="time since the parent atoms were produced",
                text=args.age or "4.5e9yr")
    extra = {}
    if args.nuclide:
        from ..nuclides import nuclide_parameters

        n = nuclide_parameters(args.nuclide)
        # the X-ray lines of that transition (Q - E_level of its row); a published Delta (152Gd) keeps the paper's Q,
        # the one that Delta was derived with
        if n.estimated:
            extra["q"] = (Fraction(n.candidate.Q_keV) - Fraction(n.candidate.E_level_keV)) * 1000
    inputs = AuditInputs(p["delta"], p["gamma"], p["m21"], p["phase"], age,  # type: ignore[arg-type]
                         count("--atoms", args.atoms or "1mol"), **extra)
    parents = _parents(args.channel_parents or "152Gd")  # checked before the long computation
    if not parents:
        refuse(args, ("--closest",), "applies only to the channels of --channel-parents")
    report = audit(inputs)
    if parents:
        from ..candidate_channels import candidates_channel_audit

        report["channels"] = candidates_channel_audit(parents, m21=p["m21"], closest=args.closest or DEFAULT_CLOSEST)
    return report


def _parents(text: str) -> list[str]:
    """The parents of ``--channel-parents``, each one a shipped candidate parent."""
    from ..literature import candidates

    if text.strip().lower() == "none":
        return []
    known = list(dict.fromkeys(c.parent for c in candidates()))
    chosen = [p.strip() for p in text.split(",") if p.strip()]
    bad = [p for p in chosen if p not in known]
    if bad or not chosen:
        raise UsageError(f"--channel-parents must be 'none' or shipped parents among {', '.join(known)} "
                         f"(comma-separated); got {text!r}")
    return chosen


def _channels_only(args: argparse.Namespace) -> dict[str, Any]:
    """The multi-channel section alone, at the channels of ``--channel``."""
    from ..channel_audit import channel_audit

    refuse(args, ("--age", "--atoms"), "applies to the 2x2 audit, not with --channel")
    refuse(args, ("--channel-parents", "--closest"), "and --channel exclude each other: the section shows either the shipped "
                                         "parents' channels or the channels given")
    channels = read_channels(args)
    for ch, text in zip(channels, args.channel):
        ch["label"] = text
    section = channel_audit([{"name": "channels of --channel", "channels": channels}], option="--channel")
    return {"inputs": {"channels": list(args.channel)}, "channels": section}


def _fmt(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, dict):
        return f"{x['re']:.4g} {'+' if x['im'] >= 0 else '-'} {abs(x['im']):.4g}i"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _md_cell(text: str) -> str:
    """Plain text in a Markdown table cell: '|' escaped (GFM), line breaks as spaces."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


def _md_math(latex: str) -> str:
    """LaTeX as inline math without any '|': a table cell would split there (\\left| -> \\left\\vert)."""
    return "$" + " ".join(latex.replace("\\|", "\\Vert ").replace("|", "\\vert ").split()) + "$"


def to_markdown(report: dict[str, Any]) -> str:
    """The audit as Markdown tables, for a referee report."""
    lines = ["## Approximations", "",
             "| result | Eq. | exact | paper's form | rel. error | neglected term | its value | condition | holds |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in report["approximations"]:
        latex = r["neglected_term_latex"]
        neglected = "—" if not latex else ("(see --json)" if len(latex) > _LATEX_CELL else _md_math(latex))
        cells = [f"`{r['name']}`", _md_cell(r["equation"]), _md_cell(_fmt(r["exact"])), _md_cell(_fmt(r["approximation"])),
                 _md_cell(_fmt(r["relative_error"])), neglected, _md_cell(_fmt(r["neglected_term_value"])),
                 _md_cell(r["condition"]), "yes" if r["condition_holds"] else "**no**"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Claims", "", "| id | reading | paper | computed | unit | ratio | verdict |", "|---|---|---|---|---|---|---|"]
    for c in report["claims"]:
        cells = [f"`{c['id']}`", _md_cell(c["reading"] or ""), _md_cell(_fmt(c["paper_value"])),
                 _md_cell(_fmt(c["computed_value"])), _md_cell(c["unit"]), _md_cell(_fmt(c["ratio"])), _md_cell(c["verdict"])]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Notes:", ""]
    for cid, note in _notes(report):
        lines.append(f"- `{cid}`: {_md_cell(note)}")
    return "\n".join(lines) + "\n"


def _notes(report: dict[str, Any]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for c in report["claims"]:
        seen.setdefault(c["id"], c["note"])
    return list(seen.items())


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; the last one, often long, is not padded."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(r, widths)), r[-1]]).rstrip() for r in [header, *rows]]


def to_text(report: dict[str, Any]) -> str:
    """The audit as aligned plain-text tables for the terminal (the LaTeX of the neglected terms is in --json)."""
    i = report["inputs"]
    lines = [f"inputs: delta = {i['delta_eV']} eV, gamma = {i['gamma_eV']} eV, m21 = {i['m21_eV']} eV, "
             f"phase = {i['phase_rad']} rad, age = {i['age_s']} s, atoms = {i['atoms']}", "",
             "Approximations: the paper's forms against the exact values", ""]
    rows = [[r["name"], r["equation"], _fmt(r["exact"]), _fmt(r["approximation"]), _fmt(r["relative_error"]),
             _fmt(r["neglected_term_value"]), "yes" if r["condition_holds"] else "NO", r["condition"]]
            for r in report["approximations"]]
    lines += _aligned(["result", "Eq.", "exact", "paper's form", "rel. error", "neglected", "holds", "condition"], rows)
    lines += ["", "Claims of Section 4, recomputed", ""]
    rows = [[c["id"], _fmt(c["paper_value"]), _fmt(c["computed_value"]), c["unit"], _fmt(c["ratio"]), c["verdict"],
             c["reading"] or ""] for c in report["claims"]]
    lines += _aligned(["id", "paper", "computed", "unit", "ratio", "verdict", "reading"], rows)
    lines += ["", "Notes:"]
    lines += [f"  {cid}: {' '.join(note.split())}" for cid, note in _notes(report)]
    return "\n".join(lines) + "\n"


def show(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    section = result.get("channels")
    if "approximations" in result:
        print(to_markdown(result) if args.markdown else to_text(result), end="")
        if section:
            print()
    if section:
        print(section_markdown(section, _md_cell) if args.markdown else section_text(section), end="")
