"""Private mpmath precision contexts, and the count of digits a value is known to.

Never touch ``mpmath.mp``: every computation here runs in its own
``mpmath.MPContext``, so callers' global precision is unchanged and threads
that use different precisions do not interfere.

**Correct digits.**  A printed value ``p`` of a quantity ``x`` has ``d`` correct
(significant) digits when rounding ``p`` to ``d`` significant digits gives a number
within one unit of the ``d``-th digit of ``x``: |round_d(p) - x| < 10^(e - d + 1),
e = floor(log10 |x|) (normwise for complex values).  :func:`proven_digits` counts
them from a rigorous enclosure |x - mid| <= rad, so every claimed digit is proven.
"""

from __future__ import annotations

import math
import numbers
import threading

import mpmath

__all__ = ["private_context", "thread_context", "agreement_digits", "proven_digits"]


def _check_dps(dps: object) -> int:
    if isinstance(dps, bool) or not isinstance(dps, numbers.Integral) or dps < 1:
        raise ValueError(f"dps (decimal digits of the working precision) must be an integer >= 1; got {dps!r}")
    return int(dps)


def private_context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A fresh context working at ``dps`` decimal digits (an integer >= 1)."""
    dps = _check_dps(dps)
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


_THREAD = threading.local()
_CONTEXTS_KEPT = 64


def thread_context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A context at ``dps`` digits owned by the calling thread, reused by its later calls at ``dps``.

    Building an ``MPContext`` costs about a millisecond, as much as a whole 50-digit 2x2
    reference without its cross-check; the results of one thread at one precision share this context instead.  Use
    ``ctx.workdps``/``workprec`` blocks, which restore the precision, to compute with it; setting
    ``ctx.dps`` for good would change the context of the other results sharing it.
    """
    dps = _check_dps(dps)
    kept = getattr(_THREAD, "contexts", None)
    if kept is None:
        kept = _THREAD.contexts = {}
    ctx = kept.pop(dps, None)
    if ctx is None or ctx.dps != dps:  # a caller changed it for good: build a new one
        ctx = private_context(dps)
    kept[dps] = ctx  # the most recently used last
    while len(kept) > _CONTEXTS_KEPT:
        del kept[next(iter(kept))]
    return ctx


def agreement_digits(a: mpmath.mpf | mpmath.mpc, b: mpmath.mpf | mpmath.mpc, cap: int) -> int:
    """Significant decimal digits to which ``a`` agrees with the more precise ``b``, at most ``cap``.

    Complex values are compared normwise, ``|a - b| / |b|``.  Two exact zeros agree fully.
    """
    if isinstance(cap, bool) or not isinstance(cap, numbers.Integral) or cap < 0:
        raise ValueError(f"cap (the most digits to report) must be an integer >= 0; got {cap!r}")
    ctx = getattr(b, "context", mpmath.mp)
    if not (ctx.isfinite(a) and ctx.isfinite(b)):
        raise ValueError(f"a and b must be finite numbers; got {a!r}, {b!r}")
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


def proven_digits(printed: mpmath.mpf | mpmath.mpc, mid: mpmath.mpf | mpmath.mpc, rad: mpmath.mpf, dps: int) -> int:
    """Correct digits of ``printed`` (``dps`` significant digits) for an exact value within ``rad`` of ``mid``.

    ``printed`` is the number as printed (components shown as 0 included); the bound on
    |printed - x| is |printed - mid| + rad.  With ``d`` < ``dps`` the further rounding of
    the printed string to ``d`` digits costs up to half a unit, so |printed - x| must stay
    below half a unit of the ``d``-th digit; with ``d`` = ``dps``, below one unit.
    """
    ctx = mid.context
    with ctx.workprec(ctx.prec + 20):
        err = abs(ctx.mpc(printed) - mid) + rad if isinstance(mid, ctx.mpc) else abs(printed - mid) + rad
        low = abs(mid) - rad  # |x| >= low
        if low <= 0:
            return 0
        if err == 0:
            return dps
        e = int(ctx.floor(ctx.log10(low)))  # floor(log10 |x|) >= e: the unit below is the stricter one
        if err < ctx.mpf(10) ** (e - dps + 1):
            return dps
        d = int(ctx.ceil(e + 1 - ctx.log10(2 * err))) - 1  # the largest d with 2 err < 10^(e - d + 1)
    return max(0, min(dps - 1, d))
