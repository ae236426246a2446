"""The harness of the fuzz tests: hostile values, what they stand for, and the contract every public call keeps.

The contract of every call is

* EITHER an exception of an accepted type -- ``TypeError``, ``ValueError`` (``ExceptionalPointError``
  included), ``FloatingPointError`` or ``OverflowError`` -- whose message names the offending parameter when
  a single parameter is at fault (an overflow of an *output* may name the output instead),
* OR a correct value: every number finite (both parts of complex ones), ``None`` or ``inf`` only where
  documented, and the same value that the plain number the hostile input stands for gives (a Fraction,
  a 0-d array, a Quantity in the parameter's own unit ...), arrays equal to scalar calls element by element.

A hostile value that stands for no admissible number (NaN, inf, a negative width, a complex number, a
string where a float is expected, None, a bool, a Quantity of the wrong kind) must raise.  NumPy warnings
are errors here (``filterwarnings = error``): a warning escaping a call is a bug, not an accepted exception.
Every call into :mod:`atommix.validation` must leave ``mpmath.mp``'s precision alone, also when it raises.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import re
from dataclasses import dataclass, field, is_dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

import mpmath
import numpy as np
from atommix.numeric import ExceptionalPointError
from hypothesis import assume
from hypothesis import strategies as st

from atommix import numeric as nu

from .strategies import (
    GD152,
    hostile_choices,
    hostile_flags,
    hostile_reals,
)

ACCEPTED = (TypeError, ValueError, FloatingPointError, OverflowError)
HBAR = nu.HBAR_EV_S
TINY = 2.2250738585072014e-308  # smallest normal float64
HUGE = 1.7976931348623157e308


class _No:
    """Marker: the hostile value stands for no admissible value, so the call must raise."""

    def __repr__(self) -> str:
        return "NO"


NO = _No()


# --------------------------------------------------------------------------------------------------
# Families of functions
# --------------------------------------------------------------------------------------------------

EIGEN_KERNELS = {"eigensystem", *nu.EIGENSYSTEM_NAMES, "decayed_fraction_L", "time_scales", "resonance_suppression",
                 "spontaneous_rate", "stimulated_rate", "evolution", "daughter_atoms"}
TIME_KERNELS = {"evolution", "daughter_atoms"}

def _is_quantity(x: Any) -> bool:
    return hasattr(x, "magnitude") and hasattr(x, "units")


def _plain_array(kwargs: dict[str, Any], key: str, kind: str = "real", unit: str = "") -> np.ndarray | None:
    """The float64 array kwargs[key] stands for, if any (None when missing or standing for no number)."""
    if key not in kwargs:
        return None
    v = _canonical_or_no(kwargs[key], Param(key, kind, unit))
    return None if v is NO else np.asarray(v, dtype=np.float64)


def _ndim(value: Any) -> int | None:
    try:
        return int(np.ndim(value))
    except Exception:
        return None  # ragged


# --------------------------------------------------------------------------------------------------
# Calling, classifying exceptions, checking results
# --------------------------------------------------------------------------------------------------


def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, BaseException | None]:
    """(result, None) or (None, exception); an exception of a type outside the contract fails at once."""
    try:
        return fn(*args, **kwargs), None
    except ACCEPTED as exc:
        return None, exc
    except Exception as exc:  # RuntimeWarning (an escaped numpy warning), KeyError, AttributeError, ...
        raise AssertionError(
            f"{getattr(fn, '__name__', fn)}({_show(args, kwargs)}) raised {type(exc).__name__}: {exc}; "
            "only TypeError/ValueError/FloatingPointError/OverflowError with a clear message are allowed"
        ) from exc


def _short_repr(value: Any) -> str:
    """repr(value), or a description where Python refuses one (a Fraction of 10^5000 exceeds the
    integer-to-string limit)."""
    try:
        return repr(value)
    except ValueError:
        if isinstance(value, Fraction):
            return f"Fraction(<{value.numerator.bit_length()}-bit>, <{value.denominator.bit_length()}-bit>)"
        return f"<{type(value).__name__} without a printable repr>"


def _show(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    parts = [_short_repr(a) for a in args] + [f"{k}={_short_repr(v)}" for k, v in kwargs.items()]
    return ", ".join(p if len(p) < 80 else p[:77] + "..." for p in parts)


def _mentions(message: str, name: str) -> bool:
    if name == "t":  # a bare "t" is in every message: ask for the parameter as the library prints it
        return bool(re.search(r"(^|[^\w])t \(|\bt\b must|\btimes\b", message))
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


def assert_clear(exc: BaseException, names: tuple[str, ...] | list[str], call: str) -> None:
    """The exception is accepted and its message names one of ``names`` (the parameters at fault)."""
    msg = str(exc)
    assert msg.strip(), f"{call}: {type(exc).__name__} with an empty message"
    if isinstance(exc, ExceptionalPointError):
        assert "exceptional point" in msg, f"{call}: {msg}"
        return
    if isinstance(exc, FloatingPointError) and "representable" in msg:
        return  # an output over- or underflowed: the message names the output
    if isinstance(exc, FloatingPointError) and "smallest normal float64" in msg:
        return  # a nonzero input below the float64 normal range (outside the domain), named in the message
    assert any(_mentions(msg, n) for n in names), (
        f"{call} raised {type(exc).__name__}({msg!r}), which does not name the parameter ({', '.join(names)})"
    )


def leaves(out: Any, path: str = "") -> list[tuple[str, Any]]:
    """(path, value) for every leaf of a result: named tuples, tuples, dicts, dataclasses, arrays, numbers."""
    if hasattr(out, "_fields"):
        return [x for f in out._fields for x in leaves(getattr(out, f), f"{path}.{f}")]
    if isinstance(out, (tuple, list)):
        return [x for i, v in enumerate(out) for x in leaves(v, f"{path}[{i}]")]
    if isinstance(out, dict):
        return [x for k, v in out.items() for x in leaves(v, f"{path}[{k!r}]")]
    if is_dataclass(out) and not isinstance(out, type):
        return [x for f in out.__dataclass_fields__ for x in leaves(getattr(out, f), f"{path}.{f}")]
    return [(path, out)]


def assert_finite(out: Any, call: str, allow_none: tuple[str, ...] = (), allow_inf: Callable[[str], Any] | None = None) -> None:
    """Every number finite (real and imaginary parts), None only at the documented places."""
    for path, v in leaves(out):
        if v is None:
            assert any(path.endswith(a) for a in allow_none), f"{call}: undocumented None at {path}"
            continue
        if isinstance(v, (str, Fraction)):
            continue
        if hasattr(v, "rows") and hasattr(v, "tolist"):  # an mpmath matrix (of any context)
            assert all(mpmath.isfinite(x) for row in v.tolist() for x in row), f"{call}: non-finite entry in {path}"
            continue
        if isinstance(v, (mpmath.mpf, mpmath.mpc)) or type(v).__module__.startswith("mpmath"):
            assert mpmath.isfinite(v), f"{call}: non-finite {v} at {path}"
            continue
        arr = np.asarray(v)
        assert arr.dtype.kind in "fciu", f"{call}: {path} has dtype {arr.dtype}"
        parts = (arr.real, arr.imag) if arr.dtype.kind == "c" else (arr,)
        for part in parts:
            bad = ~np.isfinite(part)
            if bad.any() and allow_inf is not None:
                ok = allow_inf(path)
                bad &= ~(np.isposinf(part) & np.broadcast_to(ok, part.shape))
            assert not bad.any(), f"{call}: non-finite value {part[bad].flat[0]} at {path} (a silent NaN/inf)"


def close(a: Any, b: Any, rtol: float = 1e-12, atol: float = 0.0) -> np.ndarray:
    """Elementwise |a - b| <= rtol max(|a|, |b|) + atol (normwise for complex), exact where both are equal."""
    a, b = np.asarray(a), np.asarray(b)
    with np.errstate(all="ignore"):
        return (a == b) | (np.abs(a - b) <= rtol * np.maximum(np.abs(a), np.abs(b)) + atol)


def assert_same(out: Any, ref: Any, call: str, rtol: float = 1e-12, atol: float = 0.0) -> None:
    la, lb = leaves(out), leaves(ref)
    assert [p for p, _ in la] == [p for p, _ in lb], f"{call}: result structure differs"
    for (path, a), (_, b) in zip(la, lb):
        if a is None or b is None or isinstance(a, str) or callable(a):
            assert a == b, f"{call}: {path} is {a!r}, expected {b!r}"
            continue
        assert np.shape(a) == np.shape(b), f"{call}: {path} has shape {np.shape(a)}, expected {np.shape(b)}"
        ok = close(a, b, rtol, atol)
        assert np.all(ok), f"{call}: {path} = {np.asarray(a)[~ok].flat[0]!r}, expected {np.asarray(b)[~ok].flat[0]!r}"


@contextlib.contextmanager
def mp_untouched(call: str):
    """Run with an unusual global mpmath precision and check it is unchanged afterwards, raise or not."""
    saved = mpmath.mp.prec
    mpmath.mp.dps = 37  # not the default: a reset to 15 digits is seen too
    prec = mpmath.mp.prec
    try:
        yield
    finally:
        after = mpmath.mp.prec
        mpmath.mp.prec = saved
        assert after == prec, f"{call} changed mpmath.mp.prec from {prec} to {after}"


def run_validation(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, BaseException | None]:
    with mp_untouched(f"{getattr(fn, '__name__', fn)}({_show(args, kwargs)})"):
        return run(fn, *args, **kwargs)


# --------------------------------------------------------------------------------------------------
# What a hostile value stands for
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A parameter: its name, its domain, and the pint unit a Quantity must have to stand for a value."""

    name: str
    kind: str  # real | nonneg | pos | nonzero | choice | flag
    unit: str = ""
    choices: tuple[str, ...] = ()

    def strategy(self) -> st.SearchStrategy[Any]:
        if self.kind == "choice":
            return hostile_choices(self.choices)
        if self.kind == "flag":
            return hostile_flags()
        return hostile_reals()


def _in_domain(arr: np.ndarray, kind: str) -> bool:
    if not np.all(np.isfinite(arr)):
        return False
    if kind == "nonneg":
        return bool(np.all(arr >= 0))
    if kind == "pos":
        return bool(np.all(arr > 0))
    if kind == "nonzero":
        return bool(np.all(arr != 0))
    return True


def as_float64(value: Any, p: Param) -> Any:
    """The float64 value (array) a hostile input stands for in the numeric layer, or NO."""
    if p.kind == "flag":
        return bool(value) if isinstance(value, (bool, np.bool_)) else NO
    if p.kind == "choice":
        return str(value) if isinstance(value, str) and value in p.choices else NO
    if isinstance(value, (bool, np.bool_, str, bytes, complex, np.complexfloating)) or value is None:
        return NO
    if _is_quantity(value):
        try:
            value = value.to(p.unit or "dimensionless").magnitude
        except Exception:
            return NO  # a Quantity of another kind
    if isinstance(value, Decimal):
        value = float(value) if value.is_finite() else math.nan
    elif isinstance(value, (numbers.Rational, float, np.floating, np.integer)):
        try:
            value = float(value)
        except OverflowError:
            return NO
    elif isinstance(value, (list, tuple, range, np.ndarray)):
        try:
            arr = np.array(value)
        except Exception:
            return NO  # ragged
        if arr.dtype.kind not in "fiu" or arr.dtype.kind == "b":
            if arr.dtype == object and all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in arr.ravel()):
                arr = arr.astype(np.float64)
            else:
                return NO
        try:
            value = arr.astype(np.float64)
        except OverflowError:
            return NO
    else:
        return NO
    arr = np.asarray(value, dtype=np.float64)
    return arr[()] if arr.ndim == 0 else arr


def _canonical_or_no(value: Any, p: Param) -> Any:
    v = as_float64(value, p)
    if v is NO or p.kind in ("choice", "flag"):
        return v
    return v if _in_domain(np.asarray(v), p.kind) else NO



@dataclass(frozen=True)
class Spec:
    fn: Callable[..., Any]
    base: dict[str, Any]
    params: tuple[Param, ...]
    check: Callable[[dict[str, Any], Any], None] | None = field(default=None, compare=False)
    broadcasts: bool = True  # False: documented for single numbers (arrays refused naming the parameter)

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def array_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.kind not in ("choice", "flag") and p.name != "time_bandwidth")


DELTA = Param("delta", "real", "eV")
GAMMA = Param("gamma", "nonneg", "eV")
M21 = Param("m21", "nonneg", "eV")
PHASE = Param("phase", "real", "rad")
EIGEN = (DELTA, GAMMA, M21, PHASE)
GD = dict(zip(("delta", "gamma", "m21", "phase"), GD152))
ORDERING = Param("ordering", "choice", choices=("NO", "IO"))
SOURCE = Param("source", "choice", choices=("nufit52", "pdg"))
SPOT_SHAPE = Param("spot_shape", "choice", choices=("square", "disk"))
LIGHTEST = Param("lightest", "nonneg", "eV")
SPOT_FWHM = Param("spot_fwhm", "pos", "m")
F21_PARAMS = (Param("m21", "nonneg", "eV"), Param("mbb", "pos", "eV"), Param("M0nu", "nonzero"))
N_ATOMS = Param("n_atoms", "nonneg")



def call_spec(spec: Spec, kwargs: dict[str, Any]) -> tuple[Any, BaseException | None]:
    return run(spec.fn, **kwargs)


def check_result(spec: Spec, kwargs: dict[str, Any], out: Any) -> None:
    call = f"{spec.name}({_show((), kwargs)})"
    if spec.check is not None:
        spec.check(kwargs, out)
        return
    allow_none = (".P_L", ".P_S") if spec.name == "evolution" and not kwargs.get("populations", True) else ()
    assert_finite(out, call, allow_none=allow_none)


def _is_plain_float(value: Any) -> bool:
    return isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def contract(spec: Spec, kwargs: dict[str, Any], standing_for: dict[str, Any]) -> None:
    """The call raises clearly (naming a parameter at fault) or gives the value of the plain inputs.

    A plain number inside its domain may only be refused by an overflow (FloatingPointError naming the
    output) or at the exceptional point; any other value standing for a number may also be refused with a
    TypeError/ValueError that names its parameter.
    """
    call = f"{spec.name}({_show((), kwargs)})"
    bad = [n for n, v in standing_for.items() if v is NO]
    out, exc = call_spec(spec, kwargs)
    if bad:
        assert exc is not None, f"{call} accepted {', '.join(bad)} = {', '.join(repr(kwargs[n]) for n in bad)}: {out!r}"[:600]
    if exc is not None:
        unusual = [n for n in standing_for if not _is_plain_float(kwargs[n]) and spec.base.get(n) is not kwargs[n]]
        assert_clear(exc, bad or [n for n in unusual if standing_for[n] is not NO], call)
        return
    check_result(spec, kwargs, out)
    plain = {k: standing_for.get(k, v) for k, v in kwargs.items()}
    if any(plain[k] is not kwargs[k] for k in plain):
        ref, ref_exc = call_spec(spec, plain)
        assert ref_exc is None, f"{call} gave a value, but the plain inputs raise {ref_exc!r}"
        assert_same(out, ref, call)


def as_exact(value: Any, kind: str, unit: str = "") -> Any:
    """The exact rational an input stands for in the validation layer, or NO."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return NO
    if _is_quantity(value):
        try:
            value = float(value.to(unit or "dimensionless").magnitude)
        except Exception:
            return NO
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "fiu":
        value = value[()]
    try:
        if isinstance(value, str):
            frac = Fraction(value.strip())
        elif isinstance(value, Decimal):
            frac = Fraction(value) if value.is_finite() else NO
        elif isinstance(value, (numbers.Integral, np.integer)):
            frac = Fraction(int(value))
        elif isinstance(value, numbers.Rational):
            frac = Fraction(value.numerator, value.denominator)
        elif isinstance(value, (float, np.floating)):
            frac = Fraction(float(value)) if math.isfinite(value) else NO
        else:
            return NO
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        return NO
    if frac is NO or (kind == "nonneg" and frac < 0):
        return NO
    return frac
