"""Exact eigensystem of the effective Hamiltonian (Eqs. 2.2-2.5), and its stable evaluation form.

Energies are measured from M1.  With z = Delta + i Gamma/2 and x = |M21|^2 / z^2,
the characteristic polynomial of H (Eq. 2.1) is ``lambda^2 + z lambda - |M21|^2``.
Its roots are written with the root ``s = z sqrt(1 + 4x)``:

    lambda_L = (s - z) / 2 = 2 |M21|^2 / (z + s),       lambda_S = -(z + s) / 2,
    |lambda_L> = |1> + alpha |2>,   alpha = 2 M21 / (z + s),
    |lambda_S> = |2> - beta* |1>,   beta  = 2 M21 / (z* + s*).

Branch of ``s`` (which eigenvalue is lambda_L).  lambda_L is the eigenvalue
continuously connected to |1> as M21 -> 0, i.e. the one nearer M1; this is
``Re(s z*) > 0``, the principal square root in ``s = z sqrt(1 + 4x)``.  The
two eigenvalues are equally near M1 only at Delta = 0 with Gamma < 4|M21|
(then ``1 + 4x < 0`` lies on the cut); there lambda_L is defined as the limit
Delta -> 0+, the upper level: E_L > E_S.  At Delta = 0, Gamma = 4|M21| the
eigenvalues coincide and H is not diagonalizable (the exceptional point).

The *evaluation form* used by the generated kernels divides every energy by
the scale ``sigma``, the power of two in ``(x/2, x]`` for ``x = max(|Delta|, Gamma/2, |M21|)``
(so the division is exact), so that nothing overflows or underflows, and
writes every small quantity as a product or quotient, never as a difference of
nearly equal numbers: at real atoms |M21|/|z| ~ 1e-27 and ``1 + 4x == 1`` in
float64, so ``lambda_L = (s - z)/2`` evaluates to exactly 0, while
``2|M21|^2/(z + s)`` is exact to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from .hamiltonian import hamiltonian, width_matrix
from .symbols import M21, delta, gamma, m21, phase, z, z_conj

if TYPE_CHECKING:
    from .registry import Derivation

__all__ = [
    "eigenvalues",
    "right_eigenvectors",
    "left_eigenvectors",
    "root",
    "root_conj",
    "exact_forms",
    "paper_forms",
    "EvaluationProgram",
    "evaluation_program",
    "characteristic_polynomial",
    "eigen_residuals",
    "biorthogonality_defect",
    "bell_steinberger_defect",
    "pow2_scale",
    "proximity_forms",
    "PERTURBATIVE",
    "derivations",
]

#: x = |M21|^2 / z^2, the expansion parameter of the perturbative series.
x = sp.Abs(M21) ** 2 / z**2
x_conj = sp.Abs(M21) ** 2 / z_conj**2

#: s = z sqrt(1 + 4x) = lambda_L - lambda_S (principal branch, see module docstring).
root = z * sp.sqrt(1 + 4 * x)
root_conj = z_conj * sp.sqrt(1 + 4 * x_conj)


def exact_forms() -> dict[str, sp.Expr]:
    """Exact eigen-quantities in presentation form (relative to M1), keyed by result name."""
    lam_L = (root - z) / 2
    lam_S = -(z + root) / 2
    alpha = 2 * M21 / (z + root)
    beta = 2 * M21 / (z_conj + root_conj)
    return {
        "alpha": alpha,
        "beta": beta,
        "overlap": alpha - beta,
        "mixing": sp.Abs(alpha) ** 2,
        "lambda_L": lam_L,
        "lambda_S": lam_S,
        # re/im kept unevaluated: SymPy would expand them into atan2 forms.
        "E_L": sp.re(lam_L, evaluate=False),
        "E_S": sp.re(lam_S, evaluate=False),
        "gamma_L": -2 * sp.im(lam_L, evaluate=False),
        "gamma_S": -2 * sp.im(lam_S, evaluate=False),
        **proximity_forms(),
    }


def proximity_forms(s: sp.Expr | None = None) -> dict[str, sp.Expr]:
    """How near H is to its exceptional point, where both quantities degenerate.

    ``ep_distance = |lambda_L - lambda_S| / (|z| + 2|M21|)`` lies in [0, 1]: 1 for
    uncoupled levels, 0 exactly at the exceptional point (|s| <= |z| + 2|M21| by
    the triangle inequality).  ``condition`` is the condition number of either
    eigenvalue, ||u|| ||v|| / |u v| for the left and right eigenvectors u, v (the
    same for both eigenvalues of a 2x2 matrix); it equals 1/sin(theta), theta the
    angle between |lambda_L> and |lambda_S>, and is infinite at the exceptional
    point.  With the right eigenvector (1, alpha) and the left one
    (1, -M21*/lambda_S) it is (1 + |alpha|^2) |z + s| / (2|s|).  ``s`` is the root
    s = lambda_L - lambda_S (default: its exact form; the proofs pass a symbol).
    """
    s = root if s is None else s
    alpha = 2 * M21 / (z + s)
    return {
        "ep_distance": sp.Abs(s) / (sp.Abs(z) + 2 * m21),
        "condition": (1 + sp.Abs(alpha) ** 2) * sp.Abs(z + s) / (2 * sp.Abs(s)),
    }




def eigenvalues() -> tuple[sp.Expr, sp.Expr]:
    """(lambda_L, lambda_S) relative to M1, exact."""
    forms = exact_forms()
    return forms["lambda_L"], forms["lambda_S"]


def right_eigenvectors() -> tuple[sp.Matrix, sp.Matrix]:
    """|lambda_L> = (1, alpha), |lambda_S> = (-beta*, 1): H v = lambda v, the paper's normalization."""
    forms = exact_forms()
    return sp.Matrix([1, forms["alpha"]]), sp.Matrix([-sp.conjugate(forms["beta"]), 1])


def left_eigenvectors() -> tuple[sp.Matrix, sp.Matrix]:
    """Row vectors u with u H = lambda u, normalized so that u_L |lambda_L> = u_S |lambda_S> = 1.

    With lambda_L lambda_S = -|M21|^2:
    u_L = (1, -M21*/lambda_S) / (1 - alpha M21*/lambda_S),  u_S = (M21/lambda_S, 1) / (1 - beta* M21/lambda_S).
    They are biorthogonal to the right eigenvectors: u_S |lambda_L> = u_L |lambda_S> = 0.
    """
    forms = exact_forms()
    lam_S = forms["lambda_S"]
    alpha, beta_conj = forms["alpha"], sp.conjugate(forms["beta"])
    u_L = sp.Matrix([[1, -sp.conjugate(M21) / lam_S]])
    u_S = sp.Matrix([[M21 / lam_S, 1]])
    return u_L / (1 - alpha * sp.conjugate(M21) / lam_S), u_S / (1 - beta_conj * M21 / lam_S)


def paper_forms() -> dict[str, sp.Expr]:
    """The paper's first-order forms, Eqs. (2.2)-(2.5), keyed by result name."""
    alpha = M21 / z  # Eq. (2.3)
    beta = M21 / z_conj  # Eq. (2.3)
    mixing = sp.Abs(M21) ** 2 / (delta**2 + gamma**2 / 4)  # |alpha|^2 from Eq. (2.3)
    return {
        "alpha": alpha,
        "beta": beta,
        "overlap": -sp.I * M21 * gamma / (delta**2 + gamma**2 / 4),  # Eq. (2.4)
        "mixing": mixing,
        "lambda_L": mixing * z_conj,  # Eq. (2.2)
        "lambda_S": -z - mixing * z_conj,  # Eq. (2.2), M2 - i Gamma/2 - |alpha|^2 (Delta - i Gamma/2)
        "E_L": sp.Integer(0),  # Eq. (2.5)
        "E_S": -delta,  # Eq. (2.5)
        "gamma_L": mixing * gamma,  # Eq. (2.5)
        "gamma_S": gamma,  # Eq. (2.5)
    }


@dataclass(frozen=True)
class EvaluationProgram:
    """Straight-line program of the stable evaluation form.

    ``assignments`` are evaluated in order (each symbol defined once, from the
    kernel arguments and earlier symbols); ``outputs`` maps result names to
    expressions in those symbols.
    """

    assignments: tuple[tuple[sp.Symbol, sp.Expr], ...]
    outputs: dict[str, sp.Expr]

    def needed(self, exprs: list[sp.Expr]) -> tuple[tuple[sp.Symbol, sp.Expr], ...]:
        """The assignments that ``exprs`` depend on, in program order."""
        wanted = set().union(*(e.free_symbols for e in exprs))
        keep = []
        for sym, rhs in reversed(self.assignments):
            if sym in wanted:
                keep.append((sym, rhs))
                wanted |= rhs.free_symbols
        return tuple(reversed(keep))


class pow2_scale(sp.Function):
    """A power of two in (x/2, x] for ``x = max(args)`` > 0 (1/2 for x = 0): dividing by it is exact.

    Only its positivity matters mathematically (every identity holds for any scale, see
    :mod:`.proofs`); numerically it makes the scaled inputs zeta = z/sigma and mu = |M21|/sigma
    free of rounding and of order 1.  The maximum of the arguments, not a sum or a modulus,
    so that it cannot overflow.
    """

    is_positive = True

    def _numpycode(self, printer) -> str:  # type: ignore[no-untyped-def]
        x = printer._print(self.args[0])
        for a in self.args[1:]:
            x = f"numpy.maximum({x}, {printer._print(a)})"
        return f"numpy.ldexp(1.0, numpy.frexp({x})[1] - 1)"

    def _latex(self, printer) -> str:  # type: ignore[no-untyped-def]
        arg = printer._print(self.args[0]) if len(self.args) == 1 else \
            r"\max(" + ", ".join(printer._print(a) for a in self.args) + ")"
        return rf"2^{{\lfloor \log_2 {arg} \rfloor}}"


# Intermediate symbols of the evaluation program (real ones declared real: the error analysis of
# :mod:`.rounding` tracks real and imaginary parts separately).
_z = sp.Symbol("z")  # Delta + i Gamma/2
_zeta = sp.Symbol("zeta")  # z / sigma
_sigma = sp.Symbol("sigma", positive=True)  # the power-of-two scale
_mu = sp.Symbol("mu", nonnegative=True)  # |M21| / sigma
_r = sp.Symbol("r")  # principal root of the radicand, Im r >= 0
_s_scaled = sp.Symbol("s_scaled")  # s / sigma: +-r with the branch convention
_w = sp.Symbol("w")  # (z + s) / sigma, |w| >= |zeta|
_u = sp.Symbol("u")  # 2|M21| / (z + s) = alpha e^{-i phase}
_lam_L = sp.Symbol("lam_L")
_e = sp.Symbol("e_phase")  # e^{i phase}
_w2 = sp.Symbol("w2", nonnegative=True)  # |w|^2
_alpha_abs = sp.Symbol("alpha_abs", nonnegative=True)
_E_L = sp.Symbol("EL", real=True)
_E_S = sp.Symbol("ES", real=True)
_G_L = sp.Symbol("GL", nonnegative=True)
_G_S = sp.Symbol("GS", nonnegative=True)


def evaluation_program() -> EvaluationProgram:
    """The stable evaluation form of every eigen-quantity (see module docstring)."""
    phase_factor = _e
    assignments = (
        (_e, sp.exp(sp.I * phase)),
        (_z, z),
        (_sigma, pow2_scale(sp.Abs(delta), gamma / 2, m21)),
        (_zeta, _z / _sigma),
        (_mu, m21 / _sigma),
        # The radicand (z^2 + 4|M21|^2)/sigma^2 with |Delta| for Delta: its conjugate where Delta < 0,
        # so that Im >= 0 in exact and in float arithmetic (a product of non-negative factors), and the
        # principal root is continuous between the two.  Re = Re(zeta)^2 + (2 mu - Im zeta)(2 mu + Im zeta):
        # next to the exceptional point the cancellation happens in 2|M21| - Gamma/2, a difference of
        # inputs (exact when they are within a factor 2), not in a sum of rounded squares.
        (_r, sp.sqrt(
            sp.re(_zeta) ** 2 + sp.Mul(2 * _mu - sp.im(_zeta), 2 * _mu + sp.im(_zeta), evaluate=False)
            + 2 * sp.I * sp.Abs(sp.re(_zeta)) * sp.im(_zeta)
        )),
        # lambda_L is the eigenvalue nearer M1: s with Re(s z*) > 0.  Where Delta >= 0, r is the
        # principal root of (z^2 + 4|M21|^2)/sigma^2 and Re(r z*) = Delta (Re r + (Gamma/2)^2/Re r)/sigma^2
        # >= 0 (proofs.branch_sign_defect); where Delta < 0, r is the root of the conjugate radicand and
        # s = -r* is minus the principal root of the radicand, again with Re(s z*) >= 0.  At Delta = 0 that
        # is the upper eigenvalue where Gamma < 4|M21| (the limit Delta -> 0+) and the narrower one where
        # Gamma > 4|M21|.  The exact sign of the input decides; no rounded value is compared.
        (_s_scaled, sp.Piecewise((-sp.conjugate(_r), delta < 0), (_r, True))),
        # Re and Im of zeta and s have equal signs (Re s has the sign of Delta, Im s >= 0): no cancellation.
        (_w, _zeta + _s_scaled),
        (_w2, sp.re(_w) ** 2 + sp.im(_w) ** 2),
        # mu/w as a real scaling of conj(w): no complex division; 0 without coupling (also for H = 0)
        # (decided on the input |M21|, not on mu, which may underflow where the coupling is not 0)
        (_u, sp.Piecewise((0, sp.Eq(m21, 0)), (2 * _mu * sp.conjugate(_w) / _w2, True))),
        # |M21| times a number of modulus <= 1: no 2|M21| to overflow at |M21| ~ 1e308
        (_lam_L, m21 * _u),
        (_alpha_abs, 2 * _mu / sp.Abs(_w)),  # |alpha| = 2|M21|/|z + s|
        (_E_L, sp.re(_lam_L)),
        (_G_L, -2 * sp.im(_lam_L)),
        # lambda_S = -z - lambda_L (the trace): E_L has the sign of Delta and Gamma_L <= Gamma/2, so
        # neither difference cancels, and Delta, Gamma enter unscaled (no underflow of Delta/sigma).
        (_E_S, -delta - _E_L),
        (_G_S, gamma - _G_L),
    )
    outputs = {
        "alpha": _u * phase_factor,
        # 2 M21/(z* + s*) = 2 mu e^{i phase} w/|w|^2
        "beta": 2 * _mu * phase_factor * _w / _w2,
        # alpha - beta without cancellation: -4 i M21 Im(z + s) / |z + s|^2
        "overlap": -4 * sp.I * _mu * phase_factor * sp.im(_w) / _w2,
        # |alpha|^2 as |alpha| squared last, so that it underflows only where |alpha|^2 itself does
        "mixing": _alpha_abs**2,
        "lambda_L": _lam_L,
        "lambda_S": _E_S - sp.I * _G_S / 2,
        "E_L": _E_L,
        "E_S": _E_S,
        "gamma_L": _G_L,
        "gamma_S": _G_S,
        # |s|/(|z| + 2|M21|), scale-free; |s_scaled| does not depend on the branch
        "ep_distance": sp.Abs(_s_scaled) / (sp.Abs(_zeta) + 2 * _mu),
        # (1 + |alpha|^2)|z + s|/(2|s|) = (|w|^2 + 4 mu^2)/(2 |w| |s_scaled|): no cancellation
        "condition": (_w2 + 4 * _mu**2) / (2 * sp.Abs(_w) * sp.Abs(_s_scaled)),
    }
    return EvaluationProgram(assignments, outputs)


# ----------------------------------------------------------------------------
# Symbolic proofs.  The root s is kept as an algebraic symbol with
# s^2 = z^2 + 4|M21|^2 (and its conjugate likewise), so the identities below hold
# on either branch; the branch itself is fixed by the convention above.
_s = sp.Symbol("s")
_sb = sp.Symbol("s_bar")
_lam = sp.Symbol("lambda")


def _reduce(expr: sp.Expr) -> sp.Expr:
    """Numerator of ``expr`` reduced modulo s^2 = z^2 + 4|M21|^2 and its conjugate."""
    disc = sp.expand(z**2 + 4 * m21**2)
    disc_bar = sp.expand(z_conj**2 + 4 * m21**2)
    expr = expr.subs(M21, m21 * sp.exp(sp.I * phase))  # so that M21 M21* = |M21|^2
    num, _ = sp.fraction(sp.together(sp.expand(expr)))
    num = sp.expand(num)
    num = sp.rem(sp.Poly(num, _s), sp.Poly(_s**2 - disc, _s)).as_expr()
    num = sp.rem(sp.Poly(sp.expand(num), _sb), sp.Poly(_sb**2 - disc_bar, _sb)).as_expr()
    return sp.simplify(sp.expand(num))


def _algebraic_eigensystem() -> dict[str, sp.Expr]:
    alpha = 2 * M21 / (z + _s)
    beta = 2 * M21 / (z_conj + _sb)
    return {
        "lambda_L": (_s - z) / 2,
        "lambda_S": -(z + _s) / 2,
        "alpha": alpha,
        "beta": beta,
        "right_L": sp.Matrix([1, alpha]),
        "right_S": sp.Matrix([-sp.conjugate(beta).subs(sp.conjugate(_sb), _s), 1]),
    }


def characteristic_polynomial() -> sp.Expr:
    """det(H - lambda) = lambda^2 + z lambda - |M21|^2 (relative to M1)."""
    return sp.expand((hamiltonian() - _lam * sp.eye(2)).det())


def eigen_residuals() -> list[sp.Expr]:
    """H v - lambda v for both right eigenvectors, reduced; all entries are 0."""
    es = _algebraic_eigensystem()
    H = hamiltonian()
    out = []
    for vec, lam in (("right_L", "lambda_L"), ("right_S", "lambda_S")):
        res = H * es[vec] - es[lam] * es[vec]
        out.extend(_reduce(r) for r in res)
    return out


def biorthogonality_defect() -> sp.Expr:
    """(left eigenvector of lambda_S) . |lambda_L>, reduced: 0.

    The left eigenvector of lambda_S is (M21/lambda_S, 1); the bra <lambda_S| is
    not a left eigenvector because H is not normal, hence Eq. (2.4).
    """
    es = _algebraic_eigensystem()
    left_S = sp.Matrix([[M21 / es["lambda_S"], 1]])
    H = hamiltonian()
    left_residual = [_reduce(r) for r in (left_S * H - es["lambda_S"] * left_S)]
    assert all(r == 0 for r in left_residual), left_residual
    return _reduce((left_S * es["right_L"])[0])


def bell_steinberger_defect() -> sp.Expr:
    """<lambda_S|Gamma|lambda_L> - <lambda_S|lambda_L>[(Gamma_L + Gamma_S)/2 + i(E_L - E_S)], reduced: 0.

    Uses Gamma_L + Gamma_S = Gamma (trace of H) and E_L - E_S = Re(s) = (s + s*)/2.
    """
    es = _algebraic_eigensystem()
    bra_S = sp.Matrix([[-es["beta"], 1]])  # conjugate transpose of (-beta*, 1)
    lhs = (bra_S * width_matrix() * es["right_L"])[0]
    overlap = (bra_S * es["right_L"])[0]
    lam_L, lam_S = es["lambda_L"], es["lambda_S"]
    lam_L_bar = (_sb - z_conj) / 2
    lam_S_bar = -(z_conj + _sb) / 2
    E_diff = ((lam_L + lam_L_bar) - (lam_S + lam_S_bar)) / 2
    width_sum = sp.I * ((lam_L - lam_L_bar) + (lam_S - lam_S_bar))  # Gamma_L + Gamma_S
    return _reduce(lhs - overlap * (width_sum / 2 + sp.I * E_diff))


def _reduce_re_im(expr: sp.Expr) -> sp.Expr:
    """Rewrite re/im/Abs of expressions in s via s and s*, then reduce."""
    # re(q) = (q + q*)/2, im(q) = (q - q*)/(2i), |q|^2 = q q*, with s* = s_bar.
    def conj(q: sp.Expr) -> sp.Expr:
        return sp.conjugate(q).subs(sp.conjugate(_s), _sb).subs(sp.conjugate(_sb), _s)

    expr = expr.replace(lambda e: isinstance(e, sp.re), lambda e: (e.args[0] + conj(e.args[0])) / 2)
    expr = expr.replace(lambda e: isinstance(e, sp.im), lambda e: (e.args[0] - conj(e.args[0])) / (2 * sp.I))
    expr = expr.replace(
        lambda e: isinstance(e, sp.Pow) and isinstance(e.base, sp.Abs) and e.exp.is_even,
        lambda e: (e.base.args[0] * conj(e.base.args[0])) ** (e.exp / 2),
    )
    return _reduce(expr)


#: Small parameter of the paper's first-order forms, and the condition in words.
PERTURBATIVE = (
    2 * sp.Abs(M21) / sp.Abs(z),
    "2|M21| << |Delta + i Gamma/2| (first order of the series in M21; it converges for 2|M21| < |Delta + i Gamma/2|)",
)


def derivations() -> dict[str, Derivation]:
    """The registry's attachments of Section 2: every eigen-quantity with the paper's form where it has one."""
    from .registry import BALL_GRID, Derivation

    exact, paper, program = exact_forms(), paper_forms(), evaluation_program()
    proof = (f"symbolic (derivations.proofs): the radicand is (z^2 + 4|M21|^2)/sigma^2, the branch has Re(s z*) >= 0 "
             f"in every arm, the output reduces to the exact form modulo s^2 = z^2 + 4|M21|^2; and {BALL_GRID}")
    return {
        name: Derivation(exact[name], program, proof=proof) if name not in paper
        else Derivation(exact[name], program, approximation=paper[name], validity=PERTURBATIVE[0],
                        validity_text=PERTURBATIVE[1], proof=proof)
        for name in exact
    }
