"""The ``atommix`` command line: one module per subcommand (parser, handler, printer), no physics.

Each subcommand module has ``add_parser(subparsers)``, ``run(args)``, which reads the
options, calls a domain function of :mod:`atommix` and returns its result, and
``show(result, args)``, which prints it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import accuracy, audit, candidates, derive, evaluate, mbb, observables, plot, reference, scan
from .common import UsageError, attach_signed_values

__all__ = ["main", "build_parser", "COMMANDS"]

#: The subcommands, in the order of ``atommix --help``.
COMMANDS = {
    "evaluate": evaluate,
    "reference": reference,
    "mbb": mbb,
    "audit": audit,
    "plot": plot,
    "accuracy": accuracy,
    "candidates": candidates,
    "observables": observables,
    "scan": scan,
    "derive": derive,
}


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="atommix",
        description="Resonant atom Majorana mixing: exact eigensystem, float64 kernels, reference values.",
    )
    parser.add_argument("--version", action="version", version=f"atommix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``atommix`` console script."""
    parser = build_parser()
    args = parser.parse_args(attach_signed_values(sys.argv[1:] if argv is None else argv))
    command = COMMANDS[args.command]
    try:
        result = command.run(args)
    except UsageError as exc:
        parser.exit(2, f"atommix {args.command}: error: {exc}\n")
    command.show(result, args)
    return 0
