"""The ``atommix`` command line: one module per subcommand (parser, handler, printer), no physics.

Each subcommand module has ``add_parser(subparsers)``, ``run(args)``, which reads the
options, calls a domain function of :mod:`atommix` and returns its result, and
``show(result, args)``, which prints it.

Exit status: 0 on success; 2 for anything the input, a file or a closed pipe prevents,
with one line on standard error naming the option as typed and its allowed range;
130 when interrupted (Ctrl-C).  ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn, Sequence

from . import accuracy, audit, candidates, derive, evaluate, mbb, observables, plot, reference, scan
from .failures import report

__all__ = ["main", "build_parser", "COMMANDS", "Parser"]

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


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors, negative values taken as values, and no abbreviated options.

    ``--mbb -1eV``: argparse takes a token that starts with '-' for an option unless it
    looks like a negative number (``-1``, ``-.5``); with units, exponents or ranges
    (``-1eV``, ``-1e10``, ``-5keV:5keV:201``) it does not.  No option here looks like a
    number, so any '-' followed by a digit is a value.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)  # scripts keep working when options are added
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\.?\d")

    def error(self, message: str) -> NoReturn:
        message = re.sub(r"^argument (\S+): must ", r"\1 must ", message)  # '--points must be ...', as elsewhere
        message = re.sub(r"^argument ", "", message)
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> Parser:
    from .. import __version__

    parser = Parser(
        prog="atommix",
        description="Resonant atom Majorana mixing: exact eigensystem, float64 kernels, reference values.",
        epilog="Run 'atommix COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"atommix {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an error, also print the traceback")
    debug = Parser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="on an error, also print the traceback")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=lambda **kw: Parser(parents=[debug], **kw))
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def _unknown(parser: Parser, command: str, extra: list[str]) -> NoReturn:
    """Refuse what the command does not take, with the closest option it has."""
    import difflib

    sub = next(a for a in parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))  # type: ignore[union-attr]
    subparser = sub.choices[command]
    word = extra[0].split("=")[0]
    if not word.startswith("-"):
        subparser.error(f"unexpected argument {extra[0]!r}")
    options = [o for a in subparser._actions for o in a.option_strings]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    subparser.error(f"{word} is not an option of atommix {command}" + (f" (did you mean {close[0]}?)" if close else ""))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``atommix`` console script: the exit status, or ``SystemExit`` from argparse."""
    parser = build_parser()
    args, extra = parser.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    if extra:
        _unknown(parser, args.command, extra)
    command = COMMANDS[args.command]
    try:
        result = command.run(args)
        command.show(result, args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
    except BaseException as exc:  # noqa: B902 - every failure becomes one line and an exit status
        if isinstance(exc, SystemExit):
            raise
        code, message = report(exc, args)
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exception(exc)
        parser.exit(code, f"atommix {args.command}: {message}\n")
    return 0
