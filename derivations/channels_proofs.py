"""Symbolic proofs for one parent and N daughter channels: secular equation, eigenvectors, series.

Each function returns expressions that reduce to exactly 0 (the tests assert it), for an explicit
number of channels n (N = 2 and 3 in the tests; N = 1 reproduces the 2x2 results):

- :func:`characteristic_defect`: det(H - lambda) = (-1)^(n+1) prod_i (lambda + z_i) f(lambda), and with a
  full Hermitian width block (:func:`width_block_characteristic_defect`), det(lambda + Z) f(lambda) with
  f(lambda) = lambda - m^dagger (lambda + Z)^{-1} m;
- :func:`eigenvector_defects`: (1, M_i/(lambda + z_i)) is a right eigenvector exactly where f(lambda) = 0,
  (1, M_i*/(lambda + z_i)) a left one, and their product is f'(lambda);
- :func:`resolvent_defects`: the first column of (lambda - H)^{-1} is (1, M_i/(lambda + z_i))/f(lambda), so
  the amplitudes of exp(-i H t) from |1> are the residues sum_r e^{-i lambda_r t} (1, M_i/(lambda_r + z_i))/f'(lambda_r);
- :func:`conservation_defect`: d/dt of the norm equals minus the rate into the ground states,
  sum_i Gamma_i |psi_i|^2 (or psi^dagger Gamma psi), so survival + sum appearance + sum P_gs = 1;
- :func:`degenerate_defects`: two daughters with one z act as one channel with |M_a|^2 + |M_b|^2, and their
  amplitudes are proportional to M_a and M_b;
- the perturbation series (Lagrange inversion of lambda = eps g(lambda)) in general form
  (:func:`lagrange_defect`, any analytic g given by its Taylor coefficients: any number of channels),
  checked against the secular equation itself for explicit channels (:func:`secular_series_defect`),
  against the 2x2 Catalan series for one channel (:func:`single_channel_series_defects`), and the
  cross term as the difference from the sum of single-channel series (:func:`cross_term_defect`).
"""

from __future__ import annotations

from functools import reduce

import sympy as sp

__all__ = [
    "channel_symbols",
    "hamiltonian",
    "secular_function",
    "characteristic_defect",
    "width_block_characteristic_defect",
    "eigenvector_defects",
    "resolvent_defects",
    "conservation_defect",
    "degenerate_defects",
    "lagrange_coefficients",
    "lagrange_defect",
    "channel_series",
    "secular_series_defect",
    "single_channel_series_defects",
    "cross_term_defect",
]

_lam = sp.Symbol("lambda")
_eps = sp.Symbol("epsilon")


def channel_symbols(n: int) -> tuple[list[sp.Symbol], list[sp.Symbol], list[sp.Symbol], list[sp.Expr]]:
    """(Delta_k, Gamma_k, M_k, z_k) for k = 1..n: Delta real, Gamma >= 0, M complex."""
    deltas = [sp.Symbol(f"Delta_{k}", real=True) for k in range(1, n + 1)]
    gammas = [sp.Symbol(f"Gamma_{k}", nonnegative=True) for k in range(1, n + 1)]
    ms = [sp.Symbol(f"M_{k}") for k in range(1, n + 1)]
    zs = [d + sp.I * g / 2 for d, g in zip(deltas, gammas)]
    return deltas, gammas, ms, zs


def hamiltonian(n: int, width: sp.Matrix | None = None) -> sp.Matrix:
    """H - M1 with n daughters: independent widths, or the Hermitian block ``width``."""
    deltas, gammas, ms, zs = channel_symbols(n)
    H = sp.zeros(n + 1, n + 1)
    for k in range(n):
        H[k + 1, 0] = ms[k]
        H[0, k + 1] = sp.conjugate(ms[k])
        H[k + 1, k + 1] = -zs[k] if width is None else -deltas[k]
    if width is not None:
        H[1:, 1:] = H[1:, 1:] - sp.I / 2 * width
    return H


def _weights(n: int) -> list[sp.Expr]:
    _, _, ms, _ = channel_symbols(n)
    return [m * sp.conjugate(m) for m in ms]


def secular_function(n: int, lam: sp.Expr = _lam) -> sp.Expr:
    """f(lambda) = lambda - sum_k |M_k|^2/(lambda + z_k)."""
    _, _, _, zs = channel_symbols(n)
    return lam - sum(w / (lam + z) for w, z in zip(_weights(n), zs))


def characteristic_defect(n: int) -> sp.Expr:
    """det(H - lambda) - (-1)^(n+1) prod_k (lambda + z_k) f(lambda), expanded: 0."""
    _, _, _, zs = channel_symbols(n)
    H = hamiltonian(n)
    det = (H - _lam * sp.eye(n + 1)).det(method="berkowitz")
    w = _weights(n)
    # prod_k (lambda + z_k) f(lambda), each term's denominator cancelled by hand
    poly = _lam * _product([_lam + z for z in zs])
    poly -= sum(w[k] * _product([_lam + zs[j] for j in range(n) if j != k]) for k in range(n))
    return sp.expand(det - (-1) ** (n + 1) * poly)


def width_block_characteristic_defect(n: int = 2) -> sp.Expr:
    """det(H - lambda) - (-1)^(n+1) [det(lambda + Z) lambda - m^dagger adj(lambda + Z) m] for a full Hermitian block: 0."""
    g = sp.Matrix(n, n, lambda a, b: sp.Symbol(f"G_{a + 1}{b + 1}", real=True) if a == b
                  else (sp.Symbol(f"G_{a + 1}{b + 1}") if a < b else sp.conjugate(sp.Symbol(f"G_{b + 1}{a + 1}"))))
    deltas, _, ms, _ = channel_symbols(n)
    H = hamiltonian(n, width=g)
    Z = sp.diag(*deltas) + sp.I / 2 * g
    A = _lam * sp.eye(n) + Z
    m = sp.Matrix(ms)
    schur = A.det(method="berkowitz") * _lam - (m.H * A.adjugate() * m)[0]
    det = (H - _lam * sp.eye(n + 1)).det(method="berkowitz")
    return sp.expand(det - (-1) ** (n + 1) * schur)


def eigenvector_defects(n: int) -> list[sp.Expr]:
    """Right and left eigenvector residuals with f(lambda) factored out, and u.v - f'(lambda): all 0."""
    _, _, ms, zs = channel_symbols(n)
    H = hamiltonian(n)
    f = secular_function(n)
    v = sp.Matrix([1] + [m / (_lam + z) for m, z in zip(ms, zs)])
    u = sp.Matrix([[1] + [sp.conjugate(m) / (_lam + z) for m, z in zip(ms, zs)]])
    right = H * v - _lam * v
    left = u * H - _lam * u
    out = [sp.simplify(right[0] + f), *(sp.simplify(x) for x in right[1:])]
    out += [sp.simplify(left[0] + f), *(sp.simplify(x) for x in left[1:])]
    out.append(sp.simplify((u * v)[0] - sp.diff(f, _lam)))
    return out


def resolvent_defects(n: int) -> list[sp.Expr]:
    """(lambda - H) x - e_1 for x = (1, M_k/(lambda + z_k))/f(lambda): all 0."""
    _, _, ms, zs = channel_symbols(n)
    H = hamiltonian(n)
    f = secular_function(n)
    x = sp.Matrix([1] + [m / (_lam + z) for m, z in zip(ms, zs)]) / f
    e1 = sp.Matrix([1] + [0] * n)
    return [sp.simplify(sp.together(entry)) for entry in ((_lam * sp.eye(n + 1) - H) * x - e1)]


def conservation_defect(n: int, *, full_block: bool = False) -> sp.Expr:
    """d/dtau sum |psi|^2 + (the rate into the ground states) for psi' = -i H psi: 0."""
    psi = sp.Matrix(sp.symbols(f"psi0:{n + 1}"))
    if full_block:
        g = sp.Matrix(n, n, lambda a, b: sp.Symbol(f"G_{min(a, b) + 1}{max(a, b) + 1}") if a <= b
                      else sp.conjugate(sp.Symbol(f"G_{b + 1}{a + 1}")))
        g = g.subs({sp.Symbol(f"G_{k}{k}"): sp.Symbol(f"G_{k}{k}", real=True) for k in range(1, n + 1)})
        H = hamiltonian(n, width=g)
        daughters = psi[1:, :]
        rate = (daughters.H * g * daughters)[0]
    else:
        _, gammas, _, _ = channel_symbols(n)
        H = hamiltonian(n)
        rate = sum(gm * psi[k + 1] * sp.conjugate(psi[k + 1]) for k, gm in enumerate(gammas))
    dpsi = -sp.I * H * psi
    norm_rate = sum(sp.conjugate(a) * b + sp.conjugate(b) * a for a, b in zip(psi, dpsi))
    return sp.simplify(sp.expand(norm_rate + rate))


def degenerate_defects() -> list[sp.Expr]:
    """Two daughters with one z: f equals the one-channel f with |M_a|^2 + |M_b|^2, amplitudes proportional to M: all 0."""
    _, _, ms, zs = channel_symbols(2)
    z = zs[0]
    same = {zs[1]: z, sp.Symbol("Delta_2", real=True): sp.Symbol("Delta_1", real=True),
            sp.Symbol("Gamma_2", nonnegative=True): sp.Symbol("Gamma_1", nonnegative=True)}
    f2 = secular_function(2).subs(same)
    merged = _lam - (ms[0] * sp.conjugate(ms[0]) + ms[1] * sp.conjugate(ms[1])) / (_lam + z)
    H = hamiltonian(2).subs(same)
    # the resolvent column of the merged channel solves the two-daughter problem: amplitudes proportional to M
    x = sp.Matrix([1, ms[0] / (_lam + z), ms[1] / (_lam + z)]) / merged
    residual = (_lam * sp.eye(3) - H) * x - sp.Matrix([1, 0, 0])
    return [sp.simplify(sp.together(f2 - merged)), *(sp.simplify(sp.together(e)) for e in residual)]


def _product(factors: list[sp.Expr]) -> sp.Expr:
    return reduce(lambda a, b: a * b, factors, sp.Integer(1))


def _times(a: list[sp.Expr], b: list[sp.Expr], order: int) -> list[sp.Expr]:
    """Product of two power series (coefficient lists from eps^0) truncated after eps^order."""
    out = [sp.Integer(0)] * (order + 1)
    for p, x in enumerate(a[: order + 1]):
        if x == 0:
            continue
        for q, y in enumerate(b[: order + 1 - p]):
            out[p + q] += x * y
    return [sp.expand(c) for c in out]


def lagrange_coefficients(g: list[sp.Expr], order: int) -> list[sp.Expr]:
    """c_k = (1/k) [x^(k-1)] g(x)^k for k = 1..order, g given by its Taylor coefficients g[0], g[1], ..."""
    x = sp.Symbol("x")
    series = sum(c * x**m for m, c in enumerate(g[:order]))
    out = []
    for k in range(1, order + 1):
        power = sp.expand(series**k)
        out.append(sp.expand(power.coeff(x, k - 1) / k))
    return out


def lagrange_defect(order: int) -> list[sp.Expr]:
    """For any analytic g (symbolic Taylor coefficients g_0, g_1, ...), lambda = sum_k eps^k c_k solves
    lambda = eps g(lambda) through eps^order: the coefficients of the residual, all 0."""
    g = list(sp.symbols(f"g0:{order + 1}"))
    lam = [sp.Integer(0), *lagrange_coefficients(g, order)]  # coefficients of eps^0..eps^order
    # eps g(lambda) = eps sum_m g_m lambda^m, with powers of the series truncated after eps^order
    total = [sp.Integer(0)] * (order + 1)
    power = [sp.Integer(1)] + [sp.Integer(0)] * order
    for gm in g[:order]:
        total = [t + gm * p for t, p in zip(total, power)]
        power = _times(power, lam, order)
    rhs = [sp.Integer(0)] + total[:order]  # times eps
    return [sp.expand(lam[k] - rhs[k]) for k in range(1, order + 1)]


def _series_symbols(n: int) -> tuple[list[sp.Symbol], list[sp.Symbol]]:
    """Weights w_k = |M_k|^2 and poles z_k as plain symbols: the series depends on nothing else."""
    return list(sp.symbols(f"w1:{n + 1}", positive=True)), list(sp.symbols(f"z1:{n + 1}"))


def _taylor_of_g(n: int, order: int) -> list[sp.Expr]:
    """Taylor coefficients of g(lambda) = sum_k w_k/(lambda + z_k) at 0: sum_k w_k (-1)^m / z_k^(m+1)."""
    w, zs = _series_symbols(n)
    return [sum(wk * (-1) ** m / zk ** (m + 1) for wk, zk in zip(w, zs)) for m in range(order)]


def _is_zero(expr: sp.Expr) -> sp.Expr:
    """The numerator of a rational function in the series symbols, expanded (0 iff the function is 0)."""
    num, _ = sp.fraction(sp.together(expr))
    return sp.expand(num)


def channel_series(n: int, order: int) -> sp.Expr:
    """lambda_L through eps^order (every |M_k|^2 = w_k scaled by eps), from Lagrange's formula, in w_k and z_k."""
    c = lagrange_coefficients(_taylor_of_g(n, order), order)
    return sum(_eps ** (k + 1) * ck for k, ck in enumerate(c))


def secular_series_defect(n: int, order: int) -> list[sp.Expr]:
    """Coefficients of eps^1..eps^order in prod(lambda + z_k) f_eps(lambda) at the series: all 0.

    f_eps(lambda) prod_k (lambda + z_k) = lambda prod_k (lambda + z_k) - eps sum_k w_k prod_{j != k} (lambda + z_j)
    is a polynomial: the series is checked against the secular equation itself, not against Lagrange's formula.
    """
    w, zs = _series_symbols(n)
    lam = [sp.Integer(0), *lagrange_coefficients(_taylor_of_g(n, order), order)]

    def shifted(z: sp.Expr) -> list[sp.Expr]:
        return [lam[0] + z, *lam[1:]]

    def product(series: list[list[sp.Expr]]) -> list[sp.Expr]:
        return reduce(lambda a, b: _times(a, b, order), series, [sp.Integer(1)] + [sp.Integer(0)] * order)

    poly = product([lam] + [shifted(z) for z in zs])
    for k in range(n):
        rest = product([shifted(zs[j]) for j in range(n) if j != k])
        poly = [p - (w[k] * rest[m - 1] if m >= 1 else 0) for m, p in enumerate(poly)]
    return [_is_zero(poly[k]) for k in range(1, order + 1)]


def single_channel_series_defects(order: int) -> list[sp.Expr]:
    """One channel: Lagrange's coefficients equal the 2x2 Catalan series of :mod:`.series` term by term."""
    from .series import catalan_forms
    from .symbols import M21, delta, gamma

    (w,), (z,) = _series_symbols(1)
    catalan = catalan_forms(2 * order)["lambda_L"].subs(sp.Abs(M21) ** 2, w).subs(delta + sp.I * gamma / 2, z)
    catalan = catalan.subs(delta, z - sp.I * gamma / 2)
    series = channel_series(1, order).subs(_eps, 1)
    return [_is_zero(series - catalan)]


def cross_term_defect(n: int) -> sp.Expr:
    """Second order of lambda_L minus the sum of single-channel second orders, minus the cross term
    -sum_{i != j} |M_i|^2 |M_j|^2/(z_i z_j^2): 0."""
    w, zs = _series_symbols(n)
    second = lagrange_coefficients(_taylor_of_g(n, 2), 2)[1]
    singles = sum(-wk**2 / zk**3 for wk, zk in zip(w, zs))  # one channel: lambda^(2) = -w^2/z^3
    cross = -sum(w[a] * w[b] / (zs[a] * zs[b] ** 2) for a in range(n) for b in range(n) if a != b)
    return _is_zero(second - singles - cross)
