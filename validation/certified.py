"""Certified eigensystem in ball arithmetic (python-flint, the ``certified`` extra).

A second arbitrary-precision engine with rigorous error bounds: every value is a
ball midpoint +- radius that provably contains the exact value of the stable
closed forms for the exact (decimal) inputs.  Where the branch of the square root
cannot be decided — next to the exceptional point, where the eigenvalues cannot
be isolated — it raises :class:`CertificationError` instead of printing a number.

python-flint keeps its precision in a process-wide context: it is set for the
computation and restored afterwards, under a lock, so concurrent calls do not mix precisions.
"""

from __future__ import annotations

import threading
from fractions import Fraction

from ..quantities import EIGEN, names
from .eigensystem import EigenInputs, initial_working_dps
from .exact import ExactInput

__all__ = ["CertificationError", "certified_eigensystem", "ball_strings", "contains", "EIGEN_NAMES"]

#: The eigen-quantities the balls enclose (the proximity measures are not enclosed).
EIGEN_NAMES = tuple(n for n in names(EIGEN) if n not in ("ep_distance", "condition"))
_LOCK = threading.Lock()


class CertificationError(ArithmeticError):
    """The balls are too wide to decide which eigenvalue is lambda_L (near the exceptional point)."""


def _arb(flint, q: Fraction):  # type: ignore[no-untyped-def]
    return flint.arb(q.numerator) / q.denominator


def certified_eigensystem(
    delta: ExactInput, gamma: ExactInput, m21: ExactInput, phase: ExactInput = 0, *, dps: int = 50
) -> dict[str, tuple[object, object]]:
    """Balls (midpoint, radius) for every eigen-quantity, as flint ``acb``/``arb`` numbers.

    Returns a dict name -> ball; use :func:`ball_strings` to print them.
    """
    import flint

    inputs = EigenInputs.from_values(delta, gamma, m21, phase)
    bits = int(3.33 * initial_working_dps(inputs, dps)) + 64
    with _LOCK:
        saved = flint.ctx.prec
        flint.ctx.prec = bits
        try:
            d, g, m, ph = (_arb(flint, x) for x in (inputs.delta, inputs.gamma, inputs.m21, inputs.phase))
            z = flint.acb(d, g / 2)
            e = flint.acb(0, ph).exp()
            M = m * e
            s = (z * z + 4 * m * m).sqrt()
            choose = (s * z.conjugate()).real
            if inputs.delta == 0 and inputs.gamma < 4 * inputs.m21:
                if s.imag.contains(0) and not s.real.contains(0):
                    s = s if s.real > 0 else -s  # the convention at the tie: E_L > E_S
                else:
                    raise CertificationError("the root's branch cannot be decided at this precision")
            elif choose.contains(0):
                raise CertificationError(
                    "eigenvalues cannot be isolated: too close to the exceptional point (Delta = 0, Gamma = 4|M21|) "
                    "for this precision"
                )
            elif choose < 0:
                s = -s
            w = z + s
            alpha = 2 * M / w
            beta = 2 * M / w.conjugate()
            abs_w2 = w.real * w.real + w.imag * w.imag
            lam_L = 2 * m * m / w
            lam_S = -w / 2
            out = {
                "alpha": alpha,
                "beta": beta,
                "overlap": flint.acb(0, -4) * M * w.imag / abs_w2,
                "mixing": 4 * m * m / abs_w2,
                "lambda_L": lam_L,
                "lambda_S": lam_S,
                "E_L": 2 * m * m * w.real / abs_w2,
                "E_S": -w.real / 2,
                "gamma_L": 4 * m * m * w.imag / abs_w2,
                "gamma_S": w.imag,
            }
            return {k: (v, bits) for k, v in out.items()}
        finally:
            flint.ctx.prec = saved


def ball_strings(ball, dps: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """{'mid': ..., 'rad': ...} for a real ball, or {'re': {...}, 'im': {...}} for a complex one."""
    import flint

    value, bits = ball
    with _LOCK:
        saved = flint.ctx.prec
        flint.ctx.prec = bits
        try:
            def one(x):  # type: ignore[no-untyped-def]
                return {"mid": x.mid().str(dps, radius=False), "rad": x.rad().str(3, radius=False)}

            if isinstance(value, flint.acb):
                return {"re": one(value.real), "im": one(value.imag)}
            return one(value)
        finally:
            flint.ctx.prec = saved


def contains(ball, mp_value, digits: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the mpmath value, known to ``digits`` significant digits (normwise), meets the ball."""
    import flint

    value, bits = ball
    with _LOCK:
        saved = flint.ctx.prec
        flint.ctx.prec = bits
        try:
            ctx = mp_value.context
            tol = abs(mp_value) * ctx.mpf(10) ** (-digits)

            if isinstance(value, flint.acb):
                re = flint.arb(ctx.nstr(ctx.re(mp_value), ctx.dps)) + flint.arb(0, ctx.nstr(tol, 5) if tol else 0)
                im = flint.arb(ctx.nstr(ctx.im(mp_value), ctx.dps)) + flint.arb(0, ctx.nstr(tol, 5) if tol else 0)
                return bool(value.real.overlaps(re) and value.imag.overlaps(im))
            x = flint.arb(ctx.nstr(mp_value, ctx.dps)) + flint.arb(0, ctx.nstr(tol, 5) if tol else 0)
            return bool(value.overlaps(x))
        finally:
            flint.ctx.prec = saved
