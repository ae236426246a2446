"""``atommix derive``: the registered results as LaTeX for a paper, or as the generated Python or C kernels."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import UsageError

__all__ = ["add_parser", "run", "show"]


def add_parser(sub: Any) -> None:
    der = sub.add_parser("derive", help="formulas of the registered results")
    der.add_argument("names", nargs="*", help="results to print (default: all)")
    der.add_argument("--format", choices=("latex", "python", "c"), default="latex")
    der.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> str:
    from ..derivations import latex_document, python_source

    try:
        if args.format == "latex":
            return latex_document(args.names or None)
        if args.format == "c":
            from ..derivations.ccode import c_source

            return c_source(args.names or None)
        return python_source(args.names or None)
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from exc


def show(text: str, args: argparse.Namespace) -> None:
    if args.output:
        from ..scan.writers import atomic_path

        with atomic_path(args.output) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
