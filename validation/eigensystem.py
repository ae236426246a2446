"""Reference eigensystem at any precision, by mpmath's own eigensolver (independent of the closed forms).

The matrix H of Eq. (2.1) (relative to M1) is diagonalized by ``ctx.eig`` (or
``ctx.eighe`` when Gamma = 0 and H is Hermitian) in a private context; the
eigenvalue nearer M1 is lambda_L.  Nothing here uses the formulas of
:mod:`atommix.derivations`, so agreement between the two is a real check.

Precision is adaptive: at real atoms lambda_L - M1 ~ |M21|^2/Delta lies ~54
orders of magnitude below ||H||, and the eigensolver's absolute error is
~10^-wp ||H||.  The computation is repeated at rising working precision until
two successive runs agree to the requested digits; the agreement is the
reported count of correct digits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath

from ..errors import ExceptionalPointError
from ..quantities import EIGEN, QUANTITIES, names
from .exact import ExactInput, to_context, to_fraction
from .precision import agreement_digits, private_context

__all__ = [
    "EigenInputs",
    "Diagonalization",
    "diagonalize",
    "eigen_quantities",
    "format_value",
    "initial_working_dps",
    "Reference",
    "reference_eigensystem",
    "structural_zeros",
    "symmetry_zeros",
]

EIGEN_NAMES = names(EIGEN)


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

    def matrix(self, ctx: mpmath.ctx_mp.MPContext) -> mpmath.matrix:
        """H - M1 of Eq. (2.1) at the context's precision."""
        m = to_context(ctx, self.m21) * ctx.expjpi(to_context(ctx, self.phase) / ctx.pi)
        h22 = ctx.mpc(-to_context(ctx, self.delta), -to_context(ctx, self.gamma) / 2)
        return ctx.matrix([[0, ctx.conj(m)], [m, h22]])


@dataclass(frozen=True)
class Diagonalization:
    """Eigenvalues with right and left eigenvectors (columns / rows), L first."""

    lambda_L: mpmath.mpc
    lambda_S: mpmath.mpc
    right_L: mpmath.matrix
    right_S: mpmath.matrix
    left_L: mpmath.matrix
    left_S: mpmath.matrix


def diagonalize(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs) -> Diagonalization:
    """Diagonalize H with mpmath at ``ctx``'s precision and label the eigenvalues L and S.

    lambda_L is the eigenvalue nearer M1.  Where both are equally near
    (Delta = 0, Gamma < 4|M21|) it is the upper one, E_L > E_S (the limit Delta -> 0+).
    """
    H = inputs.matrix(ctx)
    if inputs.gamma == 0:
        vals, vecs = ctx.eighe(H)  # Hermitian: real eigenvalues, unitary eigenvectors
        left = vecs.H
        right = vecs
        vals = [ctx.mpc(v) for v in vals]
    else:
        vals, left, right = ctx.eig(H, left=True, right=True)
    if inputs.delta == 0 and inputs.gamma < 4 * inputs.m21:
        i_L = 0 if ctx.re(vals[0]) > ctx.re(vals[1]) else 1
    else:
        i_L = 0 if abs(vals[0]) < abs(vals[1]) else 1
    i_S = 1 - i_L
    return Diagonalization(
        lambda_L=ctx.mpc(vals[i_L]),
        lambda_S=ctx.mpc(vals[i_S]),
        right_L=right[:, i_L],
        right_S=right[:, i_S],
        left_L=left[i_L, :],
        left_S=left[i_S, :],
    )


def eigen_quantities(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs) -> dict[str, mpmath.mpf | mpmath.mpc]:
    """All eigen-quantities at ``ctx``'s precision, in the paper's normalization."""
    d = diagonalize(ctx, inputs)
    alpha = d.right_L[1] / d.right_L[0]  # |lambda_L> = |1> + alpha|2>
    beta = ctx.conj(-d.right_S[0] / d.right_S[1])  # |lambda_S> = |2> - beta*|1>
    lam_L, lam_S = d.lambda_L, d.lambda_S
    values: dict[str, mpmath.mpf | mpmath.mpc] = {
        "alpha": alpha,
        "beta": beta,
        "overlap": alpha - beta,  # <lambda_S|lambda_L> = (-beta, 1).(1, alpha)
        "mixing": abs(alpha) ** 2,
        "lambda_L": lam_L,
        "lambda_S": lam_S,
        "E_L": ctx.re(lam_L),
        "E_S": ctx.re(lam_S),
        "gamma_L": -2 * ctx.im(lam_L),
        "gamma_S": -2 * ctx.im(lam_S),
        # |lambda_L - lambda_S| / (|z| + 2|M21|), z = Delta + i Gamma/2
        "ep_distance": abs(lam_L - lam_S) / (abs(ctx.mpc(to_context(ctx, inputs.delta), to_context(ctx, inputs.gamma / 2))) + 2 * to_context(ctx, inputs.m21)),
        # ||u|| ||v|| / |u v| from the solver's own left and right eigenvectors
        "condition": ctx.norm(d.left_L, 2) * ctx.norm(d.right_L, 2) / abs((d.left_L * d.right_L)[0]),
    }
    for name in symmetry_zeros(inputs):
        values[name] = ctx.mpc(0) if QUANTITIES[name].is_complex else ctx.mpf(0)
    return values


def symmetry_zeros(inputs: EigenInputs) -> dict[str, str]:
    """Quantities exactly zero at ``inputs`` by a symmetry of H (not by the closed forms), with the reason."""
    zeros: dict[str, str] = {}
    if inputs.m21 == 0:
        why = "H diagonal: |1> and |2> are the eigenvectors, lambda_L = M1 exactly"
        zeros.update(alpha=why, beta=why, overlap=why, mixing=why, lambda_L=why, E_L=why, gamma_L=why)
    if inputs.gamma == 0:
        why = "H Hermitian: real spectrum, orthogonal eigenvectors for distinct eigenvalues"
        zeros.update(overlap=why, gamma_L=why, gamma_S=why)
    elif inputs.delta == 0 and inputs.gamma > 4 * inputs.m21:
        # D conj(H) D = -H^T (D = diag(1, -1)): the spectrum is symmetric under lambda -> -conj(lambda);
        # with |lambda_L| < |lambda_S| each eigenvalue is its own image.
        why = "Delta = 0, Gamma > 4|M21|: each eigenvalue is its own image under lambda -> -conj(lambda)"
        zeros.update(E_L=why, E_S=why)
    return zeros


def structural_zeros(inputs: EigenInputs) -> frozenset[str]:
    """Quantities that are exactly zero at ``inputs`` by symmetry (see :func:`symmetry_zeros`)."""
    return frozenset(symmetry_zeros(inputs))


def initial_working_dps(inputs: EigenInputs, dps: int) -> int:
    """Starting precision: ``dps`` plus guard digits plus the scale gap of H.

    The eigensolver deflates off-diagonal entries below ~10^-wp ||H||, and
    lambda_L - M1 ~ |M21|^2 / ||H||, so the working precision must exceed the
    decades between |M21|^2/||H|| and ||H|| before any digit of lambda_L,
    alpha or Gamma_L can be right.  (Two runs that both deflate agree on a
    wrong zero, so the agreement check alone cannot see this.)
    """
    gap = 0
    if inputs.m21 > 0:
        # ||H||/|M21| = (|Delta| + Gamma/2 + 2|M21|)/|M21| in lowest terms, over one common
        # denominator (one gcd instead of Fraction arithmetic's several)
        a, b = abs(inputs.delta.numerator), inputs.delta.denominator
        c, d = inputs.gamma.numerator, inputs.gamma.denominator
        e, f = inputs.m21.numerator, inputs.m21.denominator
        num = (2 * a * d * f + b * c * f + 4 * b * d * e) * f
        den = 2 * b * d * f * e
        g = math.gcd(num, den)
        gap = max(0, 2 * (len(str(num // g)) - len(str(den // g)) + 1))
    return dps + 15 + gap


@dataclass(frozen=True)
class Reference:
    """Reference values with their checked digits.

    ``values`` hold mpmath numbers of a private context at ``working_dps``;
    ``digits[name]`` is the number of significant digits (normwise for complex
    values) on which two runs at different working precisions agree, at most ``dps``.
    """

    inputs: EigenInputs
    dps: int
    working_dps: int
    values: dict[str, mpmath.mpf | mpmath.mpc]
    digits: dict[str, int]
    context: mpmath.ctx_mp.MPContext = field(repr=False)

    def __getitem__(self, name: str) -> mpmath.mpf | mpmath.mpc:
        return self.values[name]

    def as_strings(self) -> dict[str, str | dict[str, str]]:
        """Each value as decimal strings with ``dps`` significant digits (complex as re/im)."""
        return {name: format_value(self.context, v, self.dps, self.digits[name]) for name, v in self.values.items()}


def format_value(ctx: mpmath.ctx_mp.MPContext, v: mpmath.mpf | mpmath.mpc, dps: int, digits: int) -> str | dict[str, str]:
    """Decimal string(s) carrying ``dps`` digits; a complex component below the value's
    checked accuracy (|v| 10^-digits) is shown as 0."""
    if isinstance(v, ctx.mpc):
        floor = abs(v) * ctx.mpf(10) ** (-digits) if digits > 0 else ctx.zero
        parts = {}
        for key, comp in (("re", ctx.re(v)), ("im", ctx.im(v))):
            parts[key] = "0" if (comp == 0 or abs(comp) < floor) else _nstr(ctx, comp, dps)
        return parts
    return "0" if v == 0 else _nstr(ctx, v, dps)


def _nstr(ctx: mpmath.ctx_mp.MPContext, x: mpmath.mpf, dps: int) -> str:
    return ctx.nstr(x, dps, strip_zeros=False, min_fixed=0, max_fixed=0)


def reference_eigensystem(
    delta: ExactInput,
    gamma: ExactInput,
    m21: ExactInput,
    phase: ExactInput = 0,
    *,
    dps: int = 50,
    max_working_dps: int | None = None,
) -> Reference:
    """Eigen-quantities to ``dps`` significant digits, each with its checked digit count.

    Parameters
    ----------
    delta, gamma, m21, phase
        Exact inputs in eV and radians: decimal strings (``"1e-24"`` is exactly
        10^-24), ints, Fractions, Decimals, or floats (taken at their binary value).
    dps : int
        Significant decimal digits wanted (>= 1).
    max_working_dps : int, optional
        Ceiling of the adaptive working precision; default ``20 * dps + 2000``.
        If it is reached, fewer digits than ``dps`` are reported, honestly.

    Examples
    --------
    >>> ref = reference_eigensystem("910", "23", "1e-24", dps=30)
    >>> ref.as_strings()["gamma_L"], ref.digits["gamma_L"]
    ('2.77699884301776464270740483723e-53', 30)
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    inputs = EigenInputs.from_values(delta, gamma, m21, phase)
    ceiling = max_working_dps if max_working_dps is not None else 20 * dps + 2000
    zeros = structural_zeros(inputs)
    wp = initial_working_dps(inputs, dps)
    ctx = private_context(wp)  # private to this call; mpf values keep their bits when it is raised
    prev = eigen_quantities(ctx, inputs)
    while True:
        step = max(20, wp // 2)
        wp_next = wp + step
        ctx.dps = wp_next
        cur = eigen_quantities(ctx, inputs)
        # A zero is only trusted where symmetry makes it exact; elsewhere it is a deflated, wrong value.
        digits = {
            k: agreement_digits(prev[k], cur[k], cap=dps) if (k in zeros or cur[k] != 0) else 0
            for k in EIGEN_NAMES
        }
        if min(digits.values()) >= dps or wp_next >= ceiling:
            return Reference(inputs, dps, wp_next, cur, digits, ctx)
        prev, wp = cur, wp_next
