"""Exact inputs, kept as rationals, and what follows from them exactly.

A reference value is only worth its digits if it answers the question asked:
``"1e-24"`` means exactly 10^-24, so inputs are held as :class:`fractions.Fraction`
and rounded into a precision context only at the working precision.  Two things are
decided here from the exact inputs, never from rounded ones:

- **which eigenvalue is lambda_L** (:meth:`EigenInputs.q`, :attr:`EigenInputs.on_tie`).  lambda_L is the
  eigenvalue nearer M1; with s = lambda_L - lambda_S and z = Delta + i Gamma/2, that is
  Re(s z*) > 0, and (s z*)^2 = q = (z^2 + 4|M21|^2) z*^2 is an exact rational complex
  number.  Off the tie set, s z* is the principal square root of q, whose branch is
  fixed by the exact sign of Im q = -4 |M21|^2 Delta Gamma.  On the tie set (Delta = 0,
  Gamma < 4|M21|, where both eigenvalues are equally near M1) lambda_L is the upper one,
  E_L > E_S, the limit Delta -> 0+: there s = +sqrt(4|M21|^2 - Gamma^2/4) > 0;
- **the phase of M21 reduced modulo 2 pi** with log10|phase| more digits than the
  working precision (:meth:`EigenInputs.phase_factor`), so that a phase of 1e300 rad is
  not rounded to a multiple of 2 pi.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import mpmath

from ..errors import ExceptionalPointError

__all__ = ["ExactInput", "EigenInputs", "to_fraction", "to_context", "decimal_digits_of", "check_context_and_inputs"]

ExactInput = str | int | Fraction | Decimal | float


def to_fraction(name: str, value: ExactInput, *, minimum: Fraction | None = None, what: str = "") -> Fraction:
    """``value`` as an exact rational; ``TypeError``/``ValueError`` naming ``name`` otherwise.

    Floats are taken at their exact binary value (give a string to mean a decimal).
    """
    label = f"{name} ({what})" if what else name
    allowed = "a finite real number" + (f" >= {minimum}" if minimum is not None else "")
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Rational, Decimal, float)):
        raise TypeError(f"{label} must be {allowed} (a decimal string, int, Fraction, Decimal or float); got {value!r}")
    try:
        if isinstance(value, float):  # the common case from float64 callers, without Fraction's parsing
            frac = Fraction(*value.as_integer_ratio())
        elif isinstance(value, str):
            frac = _decimal_string(value.strip())
        elif isinstance(value, numbers.Rational):  # numpy and other integer types: as Python ints
            frac = Fraction(int(value.numerator), int(value.denominator))
        else:
            frac = Fraction(value)
    except (ValueError, OverflowError, ZeroDivisionError, ArithmeticError) as exc:
        raise ValueError(f"{label} must be {allowed}; got {_short(value)}") from exc
    if minimum is not None and frac < minimum:
        raise ValueError(f"{label} must be {allowed}; got {_short(value)}")
    return frac


def _decimal_string(text: str) -> Fraction:
    """A decimal string as a Fraction, any exponent (1e-5000 included), without int-to-string limits."""
    d = Decimal(text)  # raises on garbage; Decimal keeps any exponent
    if not d.is_finite():
        raise ValueError(f"not finite: {text!r}")
    sign, digits, exponent = d.as_tuple()
    mantissa = int("".join(map(str, digits)) or "0")
    if sign:
        mantissa = -mantissa
    assert isinstance(exponent, int)
    return Fraction(mantissa * 10**exponent) if exponent >= 0 else Fraction(mantissa, 10**-exponent)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:40] + "..." + text[-10:]


def to_context(ctx: mpmath.ctx_mp.MPContext, value: Fraction) -> mpmath.mpf:
    """``value`` rounded once, correctly, to the context's working precision."""
    return ctx.mpf(value.numerator) / value.denominator if value.denominator != 1 else ctx.mpf(value.numerator)


def decimal_digits_of(value: Fraction) -> int:
    """A bound on |log10 |value||, from bit lengths (no decimal conversion of huge integers)."""
    if value == 0:
        return 0
    bits = abs(value.numerator.bit_length() - value.denominator.bit_length())
    return int(bits * 0.30103) + 2


@dataclass(frozen=True)
class EigenInputs:
    """Exact parameters (eV, radians; energies relative to M1)."""

    delta: Fraction
    gamma: Fraction
    m21: Fraction
    phase: Fraction = Fraction(0)

    @classmethod
    def from_values(
        cls,
        delta: ExactInput,
        gamma: ExactInput,
        m21: ExactInput,
        phase: ExactInput = 0,
        *,
        allow_exceptional_point: bool = False,
    ) -> "EigenInputs":
        """Checked exact inputs; the exceptional point raises unless ``allow_exceptional_point``."""
        inputs = cls(
            to_fraction("delta", delta, what="Delta = M1 - M2 in eV"),
            to_fraction("gamma", gamma, minimum=Fraction(0), what="the two-hole width Gamma in eV"),
            to_fraction("m21", m21, minimum=Fraction(0), what="the modulus |M21| in eV"),
            to_fraction("phase", phase, what="the phase of M21 in radians"),
        )
        if inputs.at_exceptional_point and not allow_exceptional_point:
            raise ExceptionalPointError(
                "H is not diagonalizable at the exceptional point Delta = 0, Gamma = 4|M21|: "
                "eigenvalues and eigenvectors do not exist there"
            )
        return inputs

    @property
    def at_exceptional_point(self) -> bool:
        return self.delta == 0 and self.gamma == 4 * self.m21

    @property
    def on_tie(self) -> bool:
        """Both eigenvalues equally near M1 (Delta = 0, Gamma < 4|M21|): lambda_L is the upper one."""
        return self.delta == 0 and self.gamma < 4 * self.m21

    def q(self) -> tuple[Fraction, Fraction]:
        """(Re, Im) of q = (z^2 + 4|M21|^2) z*^2, exactly: (s z*)^2 for either root s of s^2 = z^2 + 4|M21|^2."""
        zr, zi = self.delta, self.gamma / 2
        # z^2 + 4 m^2 and z*^2, then their product
        a, b = zr * zr - zi * zi + 4 * self.m21 * self.m21, 2 * zr * zi
        c, d = zr * zr - zi * zi, -2 * zr * zi
        return a * c - b * d, a * d + b * c

    def scale_digits(self) -> int:
        """Decades between ||H|| and the smallest nonzero scale of the problem (|M21|^2/||H||).

        The eigensolvers' absolute errors are ~10^-wp ||H||, and lambda_L - M1 ~ |M21|^2/||H||,
        so this many more digits are needed before a digit of lambda_L, alpha or Gamma_L can
        be right.  From bit lengths: exact and cheap for any magnitude.
        """
        if self.m21 == 0:
            return 0
        norm = abs(self.delta) + self.gamma / 2 + 2 * self.m21
        return max(0, 2 * decimal_digits_of(norm / self.m21))

    def span_digits(self) -> int:
        """Twice the decades between the largest and the smallest nonzero of |Delta|, Gamma/2, |M21|.

        A width or detuning that many decades below ||H|| reaches the eigenvalues only past as many
        digits (Gamma_L = Gamma/2 at |M21| = 1e5000 eV beside Gamma = 0.5 eV): the certificate's
        ceiling covers it, whatever the mixing.
        """
        sizes = [x for x in (abs(self.delta), self.gamma / 2, self.m21) if x]
        return 2 * decimal_digits_of(max(sizes) / min(sizes)) if sizes else 0

    def phase_factor(self, ctx: mpmath.ctx_mp.MPContext) -> mpmath.mpc:
        """e^{i phase} at ``ctx``'s precision, the phase reduced modulo 2 pi with enough extra digits."""
        phase = self.phase
        if phase == 0:
            return ctx.mpc(1)
        extra = decimal_digits_of(phase) + 10
        saved = ctx.prec
        try:
            ctx.dps = ctx.dps + extra
            x = to_context(ctx, phase)
            two_pi = 2 * ctx.pi
            reduced = x - ctx.floor(x / two_pi) * two_pi
        finally:
            ctx.prec = saved
        return ctx.expj(+reduced)

    def matrix(self, ctx: mpmath.ctx_mp.MPContext) -> mpmath.matrix:
        """H - M1 of Eq. (2.1) at the context's precision."""
        m = to_context(ctx, self.m21) * self.phase_factor(ctx)
        h22 = ctx.mpc(-to_context(ctx, self.delta), -to_context(ctx, self.gamma) / 2)
        return ctx.matrix([[0, ctx.conj(m)], [m, h22]])

    def norm_bound(self) -> Fraction:
        """|Delta| + Gamma/2 + 2|M21| >= ||H - M1|| (max row sum)."""
        return abs(self.delta) + self.gamma / 2 + 2 * self.m21


def check_context_and_inputs(ctx: object, inputs: object) -> None:
    """``TypeError`` naming ``ctx`` or ``inputs`` unless they are an mpmath context and :class:`EigenInputs`.

    The functions that take them work at ``ctx``'s precision on ``inputs``' exact values; anything
    else would fail deep inside mpmath with a message naming neither.
    """
    if not isinstance(ctx, mpmath.ctx_mp.MPContext):
        raise TypeError(f"ctx must be an mpmath context (from atommix.validation.private_context); got {_short(ctx)}")
    if not isinstance(inputs, EigenInputs):
        raise TypeError(f"inputs must be an EigenInputs (from EigenInputs.from_values); got {_short(inputs)}")


def _is_int(x: float) -> bool:  # pragma: no cover - kept for float callers of old code paths
    return math.isfinite(x) and x == int(x)
