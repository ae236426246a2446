"""Perturbative series of the eigensystem in the mixing M21 (Eqs. 2.2-2.5 are its first terms).

With z = Delta + i Gamma/2 and x = |M21|^2 / z^2 the exact forms are generating
functions of the Catalan numbers C_k = binom(2k, k)/(k + 1):

    alpha    = (M21 / z)   sum_{k>=0} (-1)^k C_k x^k,
    beta     = (M21 / z*)  sum_{k>=0} (-1)^k C_k x*^k,
    lambda_L = z sum_{k>=1} (-1)^(k-1) C_(k-1) x^k,      lambda_S = -z - lambda_L.

Proof that the sums are the exact forms.  f(x) = 2 / (1 + sqrt(1 + 4x)) satisfies
x f^2 + f - 1 = 0 (checked symbolically by :func:`generating_function_defect`).
A power series f = sum f_k x^k solving that equation with f_0 = 1 is unique:
its coefficients obey f_k = -sum_{i+j=k-1} f_i f_j, and (-1)^k C_k obeys that
recursion because of Segner's recurrence C_k = sum_{i+j=k-1} C_i C_j.  The
function f is analytic for |x| < 1/4 and has a square-root branch point at
x = -1/4; so the series converges to f exactly in |x| < 1/4 and diverges
outside (ratio test: C_(k+1)/C_k -> 4).

Radius of convergence, in the physical variables: |M21| < |Delta + i Gamma/2| / 2.
On the boundary lies the exceptional point (Delta = 0, Gamma = 4|M21|), where
the two eigenvalues coincide.  At real atoms |M21|/|z| ~ 1e-27 and the first
term is exact to ~1e-54 relative.
"""

from __future__ import annotations

import sympy as sp

from ..quantities import EIGEN, QUANTITIES, names
from .eigensystem import exact_forms
from .symbols import M21, z, z_conj

__all__ = [
    "SERIES_NAMES",
    "perturbative_series",
    "catalan_series",
    "catalan_forms",
    "radius_of_convergence",
    "generating_function_defect",
    "series_defects",
    "ratio_test_limit",
]

#: Quantities with a perturbative series in M21.
SERIES_NAMES = tuple(n for n in names(EIGEN) if QUANTITIES[n].paper_order is not None)

#: E_X = Re lambda_X and Gamma_X = -2 Im lambda_X: their series are those of the eigenvalues.
_PARTS_OF_EIGENVALUES = {
    "E_L": ("lambda_L", lambda e: sp.re(e, evaluate=False)),
    "E_S": ("lambda_S", lambda e: sp.re(e, evaluate=False)),
    "gamma_L": ("lambda_L", lambda e: -2 * sp.im(e, evaluate=False)),
    "gamma_S": ("lambda_S", lambda e: -2 * sp.im(e, evaluate=False)),
}

_eps = sp.Symbol("epsilon", positive=True)  # bookkeeping: M21 -> eps M21
_k = sp.Symbol("k", integer=True, nonnegative=True)


def perturbative_series(name: str, order: int) -> sp.Expr:
    """Taylor series of an exact eigen-quantity in M21, through |M21|^order.

    Computed by SymPy's own ``series`` from the exact form of the registry, so
    it is independent of :func:`catalan_series`.

    Parameters
    ----------
    name : str
        One of :data:`SERIES_NAMES`.
    order : int
        Highest power of |M21| kept (>= 1).
    """
    if name not in SERIES_NAMES:
        raise ValueError(f"name must be one of {SERIES_NAMES}; got {name!r}")
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"order must be an integer >= 1; got {order!r}")
    exact = exact_forms()
    if name in _PARTS_OF_EIGENVALUES:
        eigenvalue, part = _PARTS_OF_EIGENVALUES[name]
        return part(perturbative_series(eigenvalue, order))
    if name == "mixing":
        # |alpha|^2 = alpha alpha*, from the series of alpha (SymPy cannot expand conj(sqrt)).
        alpha = sp.series(_scaled(exact["alpha"]), _eps, 0, order + 1).removeO()
        product = sp.Poly(sp.expand(alpha * _conj(alpha)), _eps)
        ser = sum(c * _eps**k for (k,), c in product.terms() if k <= order)
    else:
        ser = sp.series(_scaled(exact[name]), _eps, 0, order + 1).removeO()
    ser = sp.collect(sp.expand(ser), _eps).subs(_eps, 1)
    return ser.subs({_A: sp.Abs(M21), _Mc: sp.conjugate(M21)}).subs(_M, M21)


# Placeholders while expanding: M21, its conjugate and its modulus, each scaled by eps.
_M = sp.Symbol("M")
_Mc = sp.Symbol("Mc")
_A = sp.Symbol("A", positive=True)


def _scaled(expr: sp.Expr) -> sp.Expr:
    expr = expr.subs({sp.Abs(M21): _eps * _A, sp.conjugate(M21): _eps * _Mc})
    return expr.subs(M21, _eps * _M)


def _conj(expr: sp.Expr) -> sp.Expr:
    swap = {sp.conjugate(_M): _Mc, sp.conjugate(_Mc): _M}
    return sp.conjugate(expr).subs(swap)


def catalan_forms(order: int) -> dict[str, sp.Expr]:
    """The closed-form general terms of alpha, beta, lambda_L and lambda_S, summed through |M21|^order."""
    x = sp.Abs(M21) ** 2 / z**2
    xb = sp.Abs(M21) ** 2 / z_conj**2
    lam_L = z * sum((-1) ** (k - 1) * sp.catalan(k - 1) * x**k for k in range(1, order // 2 + 1))
    return {
        "alpha": M21 / z * sum((-1) ** k * sp.catalan(k) * x**k for k in range((order - 1) // 2 + 1)),
        "beta": M21 / z_conj * sum((-1) ** k * sp.catalan(k) * xb**k for k in range((order - 1) // 2 + 1)),
        "lambda_L": lam_L,
        "lambda_S": -z - lam_L,
    }


def catalan_series(name: str, order: int) -> sp.Expr:
    """The closed-form general term of ``name``, summed through |M21|^order (alpha, beta, lambda_L, lambda_S)."""
    forms = catalan_forms(order)
    if name not in forms:
        raise ValueError(f"name must be one of {', '.join(forms)}; got {name!r}")
    return forms[name]


def series_defects(order: int) -> dict[str, sp.Expr]:
    """SymPy's Taylor series minus the Catalan closed form, per quantity: all 0."""
    return {
        name: sp.simplify(sp.expand(perturbative_series(name, order) - form))
        for name, form in catalan_forms(order).items()
    }


def generating_function_defect() -> sp.Expr:
    """x f^2 + f - 1 for f = 2/(1 + sqrt(1 + 4x)): 0 (see module docstring)."""
    xs = sp.Symbol("x")
    f = 2 / (1 + sp.sqrt(1 + 4 * xs))
    return sp.simplify(sp.radsimp(xs * f**2 + f - 1))


def ratio_test_limit() -> sp.Expr:
    """lim C_(k+1)/C_k = 4, so the series in x converges for |x| < 1/4."""
    ratio = sp.combsimp(sp.catalan(_k + 1) / sp.catalan(_k))
    return sp.limit(ratio, _k, sp.oo)


def radius_of_convergence() -> sp.Expr:
    """Largest |M21| for which the series converge: |Delta + i Gamma/2| / 2.

    Found as the modulus of the branch point of the eigenvalues in
    eps = |M21|^2, the zero of the discriminant z^2 + 4 eps.
    """
    eps = sp.Symbol("eps")
    (eps_star,) = sp.solve(sp.Eq(z**2 + 4 * eps, 0), eps)
    modulus_squared = sp.factor(sp.expand(eps_star * sp.conjugate(eps_star)))
    return sp.sqrt(sp.sqrt(modulus_squared))
