"""Physical quantities at the edges: '0.91keV', '1e-24 eV', '23' -> exact values in the internal unit.

The number is read as a decimal string into an exact rational (never through
float64: ``1e-24eV`` is exactly 10^-24 eV); the unit is read by pint, and its
conversion factor is applied exactly.
"""

from __future__ import annotations

import decimal
import re
from fractions import Fraction
from functools import cache

__all__ = ["parse_quantity", "ENERGY", "ANGLE", "TIME", "MAX_EXPONENT"]

#: Largest decimal exponent read: beyond it the exact rational alone would take seconds and
#: megabytes to form (1e-1000000000 has a denominator of 10^9 digits).
MAX_EXPONENT = 100_000

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")

#: (internal unit, its name in messages, examples)
ENERGY = ("eV", "an energy", "eV, keV, MeV")
ANGLE = ("rad", "an angle", "rad")
TIME = ("s", "a time", "s, fs, ns, yr, ...")


@cache
def _registry():  # type: ignore[no-untyped-def]
    import pint  # imported here: it takes ~0.3 s and only the command line needs it

    return pint.UnitRegistry(non_int_type=decimal.Decimal)


def parse_quantity(name: str, text: str, kind: tuple[str, str, str] = ENERGY) -> Fraction:
    """Exact value of ``text`` in ``kind``'s internal unit; a plain number is taken in that unit.

    Raises
    ------
    ValueError
        Naming ``name``, for anything that is not a finite number with a unit of the right kind.
    """
    unit, what, examples = kind
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(f"{name} must be a number with an optional unit ({examples}); got {text!r}")
    number, unit_text = match.groups()
    exact = decimal.Decimal(number)
    if exact and abs(exact.adjusted()) > MAX_EXPONENT:
        raise ValueError(f"{name} must be 0 or between 1e-{MAX_EXPONENT} and 1e+{MAX_EXPONENT} in magnitude; got {text!r}")
    value = Fraction(exact)
    if not unit_text:
        return value
    import pint

    ureg = _registry()
    try:
        with decimal.localcontext() as dctx:
            dctx.prec = 200  # unit factors such as 1000 or 1e-3 are then applied exactly
            factor = ureg.Quantity(decimal.Decimal(1), unit_text).to(unit).magnitude
    except pint.errors.UndefinedUnitError as exc:
        raise ValueError(f"{name}: unknown unit {unit_text!r} (use {examples})") from exc
    except pint.errors.DimensionalityError as exc:
        raise ValueError(f"{name}: {unit_text!r} is not {what} (use {examples})") from exc
    except Exception as exc:  # pint's parser raises several types for malformed units
        raise ValueError(f"{name}: cannot read unit {unit_text!r} (use {examples})") from exc
    return value * Fraction(factor)
