"""One parent atom |1> mixing with N two-hole daughters |2_i>: the secular equation and its results.

The paper's H (Eq. 2.1) has one daughter.  A real parent couples to every daughter the selection
rules allow (several captured subshell pairs, several nuclear levels).  With energies relative to
M1, z_i = Delta_i + i Gamma_i/2 (Delta_i = M1 - M2_i) and <2_i|H|1> = M_i,

    H = [[0, M_1*, ..., M_N*], [M_1, -z_1, 0...], ..., [M_N, 0..., -z_N]]

(:func:`.channels_proofs.hamiltonian`; the daughters decay independently: the width matrix is diagonal, or, as an
option, a full Hermitian positive-semidefinite block Gamma among them, Z = diag(Delta) + i Gamma/2).
By the Schur complement of the daughters' block, det(H - lambda) = (-1)^(N+1) det(lambda + Z) f(lambda):

    f(lambda) = lambda - m^dagger (lambda + Z)^{-1} m = lambda - sum_i |M_i|^2/(lambda + z_i),

the secular equation (proved for N = 2 and 3, and for a full width block at N = 2, in
:mod:`.channels_proofs`).  Each root lambda with lambda + Z invertible is an eigenvalue with right
eigenvector (1, alpha), alpha_i = M_i/(lambda + z_i) (the paper's normalization
|lambda_L> = |1> + sum_i alpha_i |2_i>), left eigenvector (1, M_i*/(lambda + z_i)), and their
product is f'(lambda) = 1 + sum_i |M_i|^2/(lambda + z_i)^2.  For N = 1, lambda^2 + z lambda - |M21|^2 = 0:
the 2x2 eigenvalues of :mod:`.eigensystem`.

lambda_L is the root connected to |1>: continued from lambda = 0 as the couplings grow from 0
(the definition, its ambiguities and their resolution are in :mod:`atommix.numeric.continuation`).
Gamma_L = -2 Im lambda_L, E_L = Re lambda_L, |alpha_i|^2 per channel.

Perturbation series (:mod:`.channels_proofs`).  With every |M_i|^2 scaled by eps, lambda = eps g(lambda),
g(lambda) = sum_i |M_i|^2/(lambda + z_i), so by Lagrange's inversion theorem

    lambda_L = sum_{k>=1} eps^k (1/k) [lambda^(k-1)] g(lambda)^k,

whose first term is sum_i |M_i|^2/z_i (the sum of the single-channel results) and whose second is
-(sum_i |M_i|^2/z_i)(sum_j |M_j|^2/z_j^2): the single-channel second orders plus the cross terms
-sum_{i != j} |M_i|^2 |M_j|^2/(z_i z_j^2), the leading term of the coupled problem that adding
single-channel rates drops.  It is smaller than the single-channel width by |alpha_j|^2 ~ 1e-54
at real atoms, near-degenerate channels or not: with independent widths the daughters talk to
each other only through lambda_L.  With a shared width block (off-diagonal Gamma_ij, daughters that
decay to the same states) the first order itself, m^dagger Z^{-1} m, is not a sum over channels:
near-degenerate daughters (|Delta_i - Delta_j| ~ Gamma) interfere at leading order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from . import eigensystem as es
from .evolution import hbar, t
from .symbols import M21, delta, gamma

if TYPE_CHECKING:
    from .registry import Derivation

__all__ = [
    "i",
    "j",
    "r",
    "N",
    "Delta",
    "Gamma",
    "M",
    "lam_L",
    "lam_r",
    "z_i",
    "z_of",
    "d_min",
    "LATEX_NAMES",
    "secular_sum",
    "single_channel_lambda_L",
    "cross_term",
    "exact_forms",
    "approximations",
    "neglected_terms",
    "VALIDITY",
    "derivations",
]

#: Channel indices, the index of the roots, and the number of channels.
i, j = sp.symbols("i j", integer=True, positive=True)
r = sp.Symbol("r", integer=True, nonnegative=True)
N = sp.Symbol("N", integer=True, positive=True)
#: Delta_i = M1 - M2_i, Gamma_i (widths) and the couplings M_i = <2_i|H|1>, channel by channel.
Delta = sp.IndexedBase("Delta", real=True)
Gamma = sp.IndexedBase("Gamma", real=True)
M = sp.IndexedBase("M")
#: lambda_L - M1, and the roots lambda_r that see |1> (r = 0 is lambda_L).
lam_L = sp.Symbol("lambda_L_coupled")  # not the 2x2 lambda_L of .evolution; printed \lambda_L (LATEX_NAMES)
lam_r = sp.IndexedBase("lambda")


def z_of(k: sp.Expr) -> sp.Expr:
    """z_k = Delta_k + i Gamma_k/2."""
    return Delta[k] + sp.I * Gamma[k] / 2


z_i = z_of(i)


def secular_sum(lam: sp.Expr, k: sp.Symbol = i) -> sp.Expr:
    """sum_k |M_k|^2/(lam + z_k): lambda is a root of the secular equation where it equals this."""
    return sp.Sum(sp.Abs(M[k]) ** 2 / (lam + z_of(k)), (k, 1, N))


def single_channel_lambda_L(k: sp.Expr = i) -> sp.Expr:
    """lambda_L of channel k alone: the 2x2 exact form of :mod:`.eigensystem` with Delta_k, Gamma_k, M_k."""
    return es.exact_forms()["lambda_L"].subs({delta: Delta[k], gamma: Gamma[k], M21: M[k]}, simultaneous=True)


def cross_term() -> sp.Expr:
    """The leading term of lambda_L beyond the sum of single-channel results: -sum_{i != j} |M_i|^2 |M_j|^2/(z_i z_j^2)."""
    return -sp.Sum(
        sp.Sum((1 - sp.KroneckerDelta(i, j)) * sp.Abs(M[i]) ** 2 * sp.Abs(M[j]) ** 2 / (z_i * z_of(j) ** 2), (j, 1, N)),
        (i, 1, N),
    )


def _first_order() -> sp.Expr:
    return sp.Sum(sp.Abs(M[j]) ** 2 / z_of(j), (j, 1, N))


def _f_prime(lam: sp.Expr) -> sp.Expr:
    return 1 + sp.Sum(sp.Abs(M[j]) ** 2 / (lam + z_of(j)) ** 2, (j, 1, N))


def exact_forms() -> dict[str, sp.Expr]:
    """Exact results in presentation form; lambda_L stands for the root of the secular equation."""
    lam_root = lam_r[r]
    amplitude = sp.Sum(M[i] * sp.exp(-sp.I * lam_root * t / hbar) / ((lam_root + z_i) * _f_prime(lam_root)), (r, 0, N))
    t_prime = sp.Symbol("t'", nonnegative=True)
    return {
        "lambda_L_coupled": secular_sum(lam_L),
        "E_L_coupled": sp.re(lam_L, evaluate=False),
        "gamma_L_coupled": -2 * sp.im(lam_L, evaluate=False),
        "mixing_channels": sp.Abs(M[i]) ** 2 / sp.Abs(lam_L + z_i) ** 2,
        "alpha_channels": M[i] / (lam_L + z_i),
        "condition_coupled": (1 + sp.Sum(sp.Abs(M[j]) ** 2 / sp.Abs(lam_L + z_of(j)) ** 2, (j, 1, N)))
        / sp.Abs(_f_prime(lam_L)),
        "appearance_channels": sp.Abs(amplitude) ** 2,
        "P_gs_channels": Gamma[i] / hbar * sp.Integral(sp.Abs(amplitude.subs(t, t_prime)) ** 2, (t_prime, 0, t)),
    }


def approximations() -> dict[str, sp.Expr]:
    """The forms the field uses: each channel on its own, and widths added (Eqs. 2.3, 2.5, 3.1, 3.7c per channel)."""
    single = single_channel_lambda_L(i)
    mixing_i = sp.Abs(M[i]) ** 2 / (Delta[i] ** 2 + Gamma[i] ** 2 / 4)
    tau = t / hbar
    return {
        "lambda_L_coupled": sp.Sum(single, (i, 1, N)),
        "E_L_coupled": sp.Sum(sp.re(single, evaluate=False), (i, 1, N)),
        "gamma_L_coupled": sp.Sum(-2 * sp.im(single, evaluate=False), (i, 1, N)),
        "mixing_channels": mixing_i,
        "alpha_channels": M[i] / z_i,
        "appearance_channels": mixing_i * (1 + sp.exp(-Gamma[i] * tau) - 2 * sp.exp(-Gamma[i] * tau / 2)
                                           * sp.cos(Delta[i] * tau)),
        "P_gs_channels": mixing_i * Gamma[i] * tau,
    }


def neglected_terms() -> dict[str, sp.Expr]:
    """The leading terms the approximations drop."""
    cross = cross_term()
    mixing_i = sp.Abs(M[i]) ** 2 / (Delta[i] ** 2 + Gamma[i] ** 2 / 4)
    width_L = sp.Sum(sp.Abs(M[j]) ** 2 * Gamma[j] / (Delta[j] ** 2 + Gamma[j] ** 2 / 4), (j, 1, N))
    tau = t / hbar
    return {
        "lambda_L_coupled": cross,
        "E_L_coupled": sp.re(cross, evaluate=False),
        "gamma_L_coupled": -2 * sp.im(cross, evaluate=False),
        # |M_i|^2/|z_i + lambda|^2 = |alpha_i|^2 (1 - 2 Re(lambda/z_i) + ...), lambda ~ sum_j |M_j|^2/z_j
        "mixing_channels": -2 * mixing_i * sp.re(_first_order() / z_i, evaluate=False),
        "alpha_channels": -M[i] * _first_order() / z_i**2,
        # the transient offset of Eq. (3.7c) per channel, and the depletion of |lambda_L> by every channel
        "P_gs_channels": mixing_i * (1 - Gamma[i] ** 2 / (Delta[i] ** 2 + Gamma[i] ** 2 / 4))
        - mixing_i * Gamma[i] * width_L * tau**2 / 2,
    }


#: min_i |z_i| over the coupled channels.
d_min = sp.Symbol("d_min", positive=True)

#: LaTeX of the symbols whose names are not LaTeX already (indexed symbols print as Delta_{i}, ...).
LATEX_NAMES = {lam_L: r"\lambda_L", d_min: r"d_{\min}"}

#: Small parameter of the field's forms, and the condition in words.
VALIDITY = (
    4 * sp.Sum(sp.Abs(M[j]) ** 2, (j, 1, N)) / d_min**2,
    "sum_i |M_i|^2 < min_i |Delta_i + i Gamma_i/2|^2/4 (the series in the couplings converges), "
    "independent widths (a shared width block makes near-degenerate daughters interfere at first order)",
)


def derivations() -> dict[str, Derivation]:
    """The registry's attachments for N daughter channels (no generated kernel: an iterative solver)."""
    from .registry import Derivation

    exact, approx, neglected = exact_forms(), approximations(), neglected_terms()
    small, condition = VALIDITY
    out: dict[str, Derivation] = {}
    for name, form in exact.items():
        if name in approx:
            out[name] = Derivation(form, None, args=(), approximation=approx[name], validity=small,
                                   validity_text=condition, neglected=neglected.get(name))
        else:
            out[name] = Derivation(form, None, args=())
    return out
