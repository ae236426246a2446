"""|M21| of Eq. (1.6) from m_bb, <F21> (eV^4, natural units) and M_0nu, with G_F, g_A, |V_ud| from the shipped constants.

>>> from atommix.numeric import m21_from_mbb, f21_for_m21
>>> f21 = f21_for_m21(m21=1e-24, mbb=0.1, M0nu=3.0)   # what the paper's 152Gd value implies
>>> print(f"<F21> = {f21:.3e} eV^4;  back: |M21| = {m21_from_mbb(0.1, f21, 3.0):.3e} eV")
<F21> = 1.995e+23 eV^4;  back: |M21| = 1.000e-24 eV
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _kernels
from .parameters import as_real_array, broadcast_named, check_finite_outputs

__all__ = ["weak_constants", "m21_from_mbb", "f21_for_m21"]


def weak_constants() -> tuple[float, float, float]:
    """(G_F in eV^-2, |V_ud|, g_A) from ``atommix/data/constants.toml``."""
    from ..literature import constants

    c = constants()
    return float(c["G_F"].value) * 1e-18, float(c["V_ud"].value), float(c["g_A"].value)  # GeV^-2 -> eV^-2


def m21_from_mbb(mbb: ArrayLike, F21: ArrayLike, M0nu: ArrayLike) -> NDArray[np.float64]:
    """|M21| (eV) = |m_bb| (G_F |V_ud|/sqrt 2)^2 <F21> g_A^2/(2 pi) |M_0nu|, Eq. (1.6); <F21> in eV^4."""
    m = as_real_array("mbb", mbb, "|m_bb| in eV", "a finite real number >= 0", 0.0)
    f = as_real_array("F21", F21, "<F21> in eV^4", "a finite real number >= 0", 0.0)
    n = as_real_array("M0nu", M0nu, "the nuclear matrix element", "a finite real number", None)
    broadcast_named(mbb=m, F21=f, M0nu=n)
    gf, vud, ga = weak_constants()
    with np.errstate(all="ignore"):
        out = np.asarray(_kernels.m21_from_mbb(m, gf, vud, ga, f, n), dtype=float)
    check_finite_outputs("m21", out)
    return out[()] if out.ndim == 0 else out


def f21_for_m21(m21: float, mbb: float, M0nu: float) -> float:
    """The <F21> (eV^4) for which Eq. (1.6) gives ``m21`` at ``mbb`` (> 0) and ``M0nu`` (nonzero).

    <F21> = |M21| 2 pi / (|m_bb| (G_F |V_ud|)^2/2 g_A^2 |M_0nu|).  The quotient is taken on the
    mantissas and the binary exponents apart, so that the product in the denominator (1e-47 eV^-4
    times |m_bb| |M_0nu|) can neither underflow nor overflow while <F21> itself is a float64 number.
    """
    m = as_real_array("m21", m21, "the modulus |M21| in eV", "a finite real number >= 0", 0.0)
    b = as_real_array("mbb", mbb, "|m_bb| in eV", "a finite real number > 0", 0.0)
    n = as_real_array("M0nu", M0nu, "the nuclear matrix element", "a finite nonzero real number", None)
    for name, arr in (("m21", m), ("mbb", b), ("M0nu", n)):
        if arr.ndim != 0:
            raise TypeError(f"{name} must be a single number here; got an array of shape {arr.shape}")
    if b == 0:
        raise ValueError("mbb (|m_bb| in eV) must be > 0 to solve Eq. (1.6) for <F21>; got 0.0")
    if n == 0:
        raise ValueError("M0nu (the nuclear matrix element) must be nonzero to solve Eq. (1.6) for <F21>; got 0.0")
    gf, vud, ga = weak_constants()
    # the mantissas (in [0.5, 1)) of |M21| and of each factor of the denominator, and their exponents
    parts = [math.frexp(float(x)) for x in (m, b, abs(n), gf * vud, gf * vud, ga * ga / (4 * math.pi))]
    mantissa = parts[0][0]
    for f, _ in parts[1:]:
        mantissa /= f  # each quotient stays within [2^-6, 2^6]: no range trouble
    exponent = parts[0][1] - sum(e for _, e in parts[1:])
    try:
        f21 = math.ldexp(mantissa, exponent)
    except OverflowError:
        raise FloatingPointError("<F21> is not representable in float64 at these inputs (overflow); "
                                 "use atommix.validation for arbitrary precision") from None
    return f21
