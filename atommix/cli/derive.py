"""``atommix derive``: the registered results as LaTeX for a paper, or as the generated Python or C kernels.

Without names, ``--format latex`` writes a standalone document of every result; with names,
just those equations (a snippet for ``\\input`` in a paper that loads ``atommix.sty``, which
``--macros`` prints), or with ``--document`` a standalone document of them.  ``--list`` lists
the results with the paper's equation numbers and a line each.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import UsageError

__all__ = ["add_parser", "run", "show", "listing"]


def add_parser(sub: Any) -> None:
    der = sub.add_parser(
        "derive",
        help="formulas of the registered results",
        description="Formulas of the registered results: LaTeX for a paper (a document, or with NAMES "
        "a snippet of just those equations for \\input; it needs atommix.sty, see --macros), "
        "or the generated Python or C kernels.",
    )
    der.add_argument("names", nargs="*", help="results to print (default: all; see --list)")
    der.add_argument("--format", choices=("latex", "python", "c"), default="latex")
    what = der.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the results: name, the paper's equation, description")
    what.add_argument("--macros", action="store_true",
                      help="print atommix.sty, the macros the LaTeX uses (save it beside the paper)")
    what.add_argument("--document", action="store_true",
                      help="with NAMES and --format latex: a standalone document of just those results")
    der.add_argument("-o", "--output", help="write to this file instead of standard output")


def listing(selection: list[str] | None = None) -> str:
    """One line per result: its name, the paper's equation number (- where the paper has none), its description."""
    from ..quantities import QUANTITIES, get

    quantities = list(QUANTITIES.values()) if not selection else [get(n) for n in dict.fromkeys(selection)]
    width = max(len(q.name) for q in quantities)
    return "".join(f"{q.name:<{width}}  {q.equation or '-':<5}  {q.description}\n" for q in quantities)


def run(args: argparse.Namespace) -> str:
    from ..derivations import latex_document, python_source
    from ..derivations.latex import latex_snippet, macros

    names = args.names or None
    try:
        if args.list:
            return listing(names)
        if args.macros:
            return macros()
        if args.document and args.format != "latex":
            raise UsageError("--document needs --format latex")
        if args.format == "latex":
            return latex_document(names) if names is None or args.document else latex_snippet(names)
        if args.format == "c":
            from ..derivations.ccode import c_source

            return c_source(names)
        return python_source(names)
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from exc


def show(text: str, args: argparse.Namespace) -> None:
    if args.output:
        from ..scan.writers import atomic_path

        with atomic_path(args.output) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
