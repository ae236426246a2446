"""Band of m_bb over the Majorana phases at any precision, by direct minimization (not the triangle formula).

For fixed alpha21 the minimum over alpha31 of |A + c e^{i alpha31}| is ||A| - c|,
A = a + b e^{i alpha21}; the remaining one-dimensional minimum over alpha21 is
found by golden-section search on a fine bracket, in a private mpmath context.
"""

from __future__ import annotations

import mpmath

from .precision import private_context

__all__ = ["mbb_band_reference"]


def mbb_band_reference(masses: tuple[str, str, str], sin2_12: str, sin2_13: str, dps: int = 30) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(min, max) of m_bb in eV over both phases, for masses and mixings given as decimal strings."""
    ctx = private_context(dps + 10)
    m1, m2, m3 = (ctx.mpf(m) for m in masses)
    s12, s13 = ctx.mpf(sin2_12), ctx.mpf(sin2_13)
    a, b, c = (1 - s12) * (1 - s13) * m1, s12 * (1 - s13) * m2, s13 * m3

    def lowest(p21):  # type: ignore[no-untyped-def]
        return abs(abs(a + b * ctx.expj(p21)) - c)

    # coarse scan, then golden-section refinement around the best grid point
    grid = [2 * ctx.pi * k / 720 for k in range(721)]
    k = min(range(len(grid)), key=lambda i: lowest(grid[i]))
    lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, 720)]
    invphi = (ctx.sqrt(5) - 1) / 2
    for _ in range(4 * dps):
        x1, x2 = hi - invphi * (hi - lo), lo + invphi * (hi - lo)
        if lowest(x1) < lowest(x2):
            hi = x2
        else:
            lo = x1
    smallest = lowest((lo + hi) / 2)
    largest = max(abs(a + b * ctx.expj(p) + c) for p in (0,))  # |sum| <= a + b + c, reached in phase
    return smallest, largest
