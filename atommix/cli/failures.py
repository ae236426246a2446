"""Every failure of a command as an exit status and one line for standard error.

- bad input (:class:`UsageError`, or a check of the physics layers raising ``ValueError``
  or ``TypeError`` with its own message): status 2, the message;
- files (``OSError``): status 2, the option and the file as typed, and the system's reason;
- a closed standard output (``cmd | head -1``): status 2;
- Ctrl-C: status 130;
- anything else raised inside Python, NumPy, mpmath... (integer string conversion limits,
  overflow, recursion): status 2, naming the options whose values were out of the ordinary,
  never the internal message.
"""

from __future__ import annotations

import argparse
import dis
import os
import re
import sys
from pathlib import Path
from typing import Any

from .options import UsageError

__all__ = ["report", "clean", "raised_by_atommix"]

#: Folders of the atommix package (the namespace maps several source folders).
_PACKAGE_DIRS: tuple[str, ...] | None = None


def _package_dirs() -> tuple[str, ...]:
    global _PACKAGE_DIRS
    if _PACKAGE_DIRS is None:
        import atommix

        roots = {str(Path(p).resolve()) for p in getattr(atommix, "__path__", [])}
        for sub in ("derivations", "numeric", "validation"):
            module = sys.modules.get(f"atommix.{sub}")
            roots.update(str(Path(p).resolve()) for p in getattr(module, "__path__", []))
        roots.update(str((Path(__file__).resolve().parents[2] / sub)) for sub in ("derivations", "numeric", "validation"))
        _PACKAGE_DIRS = tuple(r + os.sep for r in roots)
    return _PACKAGE_DIRS


def raised_by_atommix(exc: BaseException) -> bool:
    """Whether ``exc`` comes from a ``raise`` statement in atommix's own code (a message written for users).

    Errors raised inside Python itself (``str()`` of a huge integer, ``float()`` overflow) or
    inside a library show their innermost frame elsewhere, or at an instruction that is not a raise.
    """
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    if not str(Path(code.co_filename).resolve()).startswith(_package_dirs()):
        return False
    return any(ins.offset == tb.tb_lasti and ins.opname == "RAISE_VARARGS" for ins in dis.get_instructions(code))


_REPRS = (
    (re.compile(r"np\.(?:float|int|uint|complex)\d+\(([^()]*)\)"), r"\1"),
    (re.compile(r"Fraction\((-?\d+), 1\)"), r"\1"),
    (re.compile(r"Fraction\((-?\d+), (\d+)\)"), r"\1/\2"),
    (re.compile(r"Decimal\('([^']*)'\)"), r"\1"),
)


def clean(message: str) -> str:
    """A message without Python reprs: ``np.float64(-23.0)`` -> ``-23.0``, ``Fraction(-3, 1)`` -> ``-3``."""
    for pattern, repl in _REPRS:
        message = pattern.sub(repl, message)
    return " ".join(message.split())


_EXPONENT = re.compile(r"[eE]([+-]?\d+)")


def _typed_values(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(option, text) of the values the user gave, in the namespace's order."""
    out = []
    for key, v in vars(args).items():
        if key in ("command", "kind", "names") or v is None or isinstance(v, bool):
            continue
        for text in v if isinstance(v, list) else [v]:
            out.append((f"--{key.replace('_', '-')}", str(text)))
    return out


def _unusual(args: argparse.Namespace) -> str:
    """The options to blame for an internal failure: those with huge or tiny values, else every value given."""
    values = _typed_values(args)
    extreme = [(o, t) for o, t in values if any(abs(int(e)) > 300 for e in _EXPONENT.findall(t)) or len(t) > 40]
    chosen = extreme or values
    shown = ", ".join(f"{o} {t[:40]!r}" for o, t in chosen)
    return shown or "these inputs"


def _output_option(args: argparse.Namespace, filename: Any) -> str | None:
    """``-o/--output`` when ``filename`` is the output or a temporary file beside it."""
    out = getattr(args, "output", None)
    if not out or filename is None:
        return None
    name = os.path.abspath(os.fsdecode(filename))
    target = os.path.abspath(out)
    if name == target or name.startswith(os.path.join(os.path.dirname(target), "." + os.path.basename(target) + ".")):
        return "-o/--output"
    return None


def _closed_stdout() -> None:
    """After a closed pipe, point standard output at /dev/null so that the exit flush is quiet too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout without a descriptor
        pass


def report(exc: BaseException, args: argparse.Namespace) -> tuple[int, str]:
    """Exit status and the one line (after ``atommix COMMAND: ``) for ``exc``."""
    if isinstance(exc, KeyboardInterrupt):
        return 130, "interrupted" + (f"; {args.output!r} not written (a previous file there is unchanged)" if getattr(args, "output", None) else "")
    if isinstance(exc, UsageError):
        return 2, "error: " + clean(str(exc))
    if isinstance(exc, BrokenPipeError):
        _closed_stdout()
        return 2, "error: standard output was closed before the output ended (broken pipe)"
    if isinstance(exc, OSError):
        option = _output_option(args, exc.filename)
        reason = exc.strerror or clean(str(exc))
        if option:
            return 2, f"error: {option}: cannot write {args.output!r}: {reason}"
        where = f" {os.fsdecode(exc.filename)!r}" if exc.filename is not None else ""
        return 2, f"error: cannot use the file{where}: {reason}"
    from ..errors import EngineDisagreement, ExceptionalPointError

    if isinstance(exc, EngineDisagreement):  # not the input's fault: the two engines contradict each other
        return 1, "error: the reference's engines disagree, no value is given: " + clean(str(exc))
    if isinstance(exc, (ValueError, TypeError, ArithmeticError)) and raised_by_atommix(exc):

        where = ""
        if isinstance(exc, ExceptionalPointError):  # say which options put the point there
            point = [f"{o} {t!r}" for o, t in _typed_values(args) if o in ("--nuclide", "--mbb", "--delta", "--gamma", "--m21", "--channel")]
            where = f" (at {', '.join(point)})" if point else ""
        return 2, "error: " + clean(str(exc)) + where
    return 2, (f"error: cannot compute with {_unusual(args)}: beyond what this command handles "
               "('atommix --debug ...' shows where)")
