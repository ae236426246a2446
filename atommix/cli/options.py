"""Reading option values: the text as typed, its unit and its allowed range; every refusal names the option.

A handler reads a value with :func:`value` (exact) or :func:`number` (float64), which check
the range the physics allows and quote the option and the text as the user typed them::

    --gamma must be >= 0 eV (the two-hole width Gamma); got '-23eV'

Options that do not apply to what was asked are refused by :func:`refuse`, not ignored.
"""

from __future__ import annotations

import argparse
import math
from fractions import Fraction
from typing import Callable

from .units import parse_quantity

__all__ = ["UsageError", "dest", "given", "check_range", "value", "number", "to_float", "refuse", "integer", "choice"]


class UsageError(Exception):
    """Bad input on the command line: reported in one line, exit status 2."""


def dest(option: str) -> str:
    """The argparse destination of ``--photons-per-fs``: ``photons_per_fs``."""
    return option.lstrip("-").replace("-", "_")


def given(args: argparse.Namespace, option: str) -> bool:
    """Whether the user gave ``option`` (every optional value defaults to None for this)."""
    v = getattr(args, dest(option), None)
    return v is not None and v is not False and v != []


def _bound(x: Fraction | float) -> str:
    return f"{float(x):g}"


def check_range(option: str, text: str, x: Fraction, unit: str, minimum: float | None, strict: bool, what: str) -> None:
    """Refuse ``x`` below ``minimum`` (or equal to it when ``strict``), quoting the option and ``text``."""
    if minimum is None or x > minimum or (x == minimum and not strict):
        return
    shown_unit = "" if unit in ("", "dimensionless") else " " + unit
    about = f" ({what})" if what else ""
    raise UsageError(f"{option} must be {'>' if strict else '>='} {_bound(minimum)}{shown_unit}{about}; got {text!r}")


def value(
    args: argparse.Namespace,
    option: str,
    kind: tuple[str, str, str],
    *,
    minimum: float | None = None,
    strict: bool = False,
    what: str = "",
    text: str | None = None,
) -> Fraction | None:
    """The exact value of ``option`` in ``kind``'s unit (None if not given), checked against ``minimum``."""
    if text is None:
        text = getattr(args, dest(option))
    if text is None:
        return None
    try:
        x = parse_quantity(option, text, kind)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    check_range(option, text, x, kind[0], minimum, strict, what)
    return x


def to_float(option: str, x: Fraction, text: str | None = None, unit: str = "", reference: bool = False) -> float:
    """An exact value as float64: refused beyond the float64 range, or where a nonzero value would become 0.

    ``reference``: the message points to ``atommix reference``, which takes any magnitude.
    """
    got = f"; got {text!r}" if text is not None else ""
    more = " (use 'atommix reference' for more)" if reference else ""
    shown_unit = "" if unit in ("", "dimensionless") else " " + unit
    try:
        f = float(x)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise UsageError(f"{option} must be within the float64 range, |x| <= 1.8e308{shown_unit}{more}{got}")
    if f == 0 and x != 0:
        raise UsageError(f"{option} must be 0 or at least 5e-324{shown_unit} in magnitude, the float64 range{more}{got}")
    return f


def number(
    args: argparse.Namespace,
    option: str,
    kind: tuple[str, str, str],
    *,
    minimum: float | None = None,
    strict: bool = False,
    what: str = "",
    text: str | None = None,
) -> float | None:
    """Like :func:`value`, as float64."""
    text = getattr(args, dest(option)) if text is None else text
    x = value(args, option, kind, minimum=minimum, strict=strict, what=what, text=text)
    return None if x is None else to_float(option, x, text, kind[0])


def refuse(args: argparse.Namespace, options: tuple[str, ...] | list[str], reason: str) -> None:
    """Refuse the first of ``options`` the user gave: it does not apply (``reason`` says why)."""
    for option in options:
        if given(args, option):
            raise UsageError(f"{option} {reason}")


def integer(minimum: int, maximum: int | None = None, what: str = "") -> Callable[[str], int]:
    """An argparse ``type``: an integer in [minimum, maximum], refused by its range otherwise."""
    bounds = f">= {minimum}" if maximum is None else f"between {minimum} and {maximum}"
    about = f" ({what})" if what else ""

    def read(text: str) -> int:
        try:
            n = int(text.strip())
        except ValueError:
            n = None
        if n is None or n < minimum or (maximum is not None and n > maximum):
            raise argparse.ArgumentTypeError(f"must be an integer {bounds}{about}; got {text!r}")
        return n

    read.__name__ = "integer"
    return read


def choice(*allowed: str) -> Callable[[str], str]:
    """An argparse ``type`` for a word among ``allowed`` (its message lists them and quotes the text)."""

    def read(text: str) -> str:
        if text not in allowed:
            raise argparse.ArgumentTypeError(f"must be one of {', '.join(allowed)}; got {text!r}")
        return text

    read.__name__ = "choice"
    return read
