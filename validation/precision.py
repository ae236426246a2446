"""Private mpmath precision contexts and the count of checked digits.

Never touch ``mpmath.mp``: every computation here runs in its own
``mpmath.MPContext``, so callers' global precision is unchanged and threads
that use different precisions do not interfere.
"""

from __future__ import annotations

import math

import mpmath

__all__ = ["private_context", "agreement_digits"]


def private_context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A fresh context working at ``dps`` decimal digits."""
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def agreement_digits(a: mpmath.mpf | mpmath.mpc, b: mpmath.mpf | mpmath.mpc, cap: int) -> int:
    """Significant decimal digits to which ``a`` agrees with the more precise ``b``, at most ``cap``.

    Complex values are compared normwise, ``|a - b| / |b|``.  Two exact zeros agree fully.
    """
    ctx = b.context
    diff = abs(a - b)
    if diff == 0:
        return cap
    scale = abs(b)
    if scale == 0:
        return 0
    rel = diff / scale
    if -ctx.mag(rel) * math.log10(2) >= cap + 1:  # |rel| <= 2^mag: at least cap digits, no log needed
        return cap
    digits = -ctx.log10(rel)
    return max(0, min(cap, int(math.floor(float(digits)))))
