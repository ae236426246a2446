"""Reference eigensystem at any precision, from the matrix H itself, with proven digits.

Two engines, neither using the formulas of :mod:`atommix.derivations`:

- **the certificate** (:mod:`.certified`): python-flint's rigorous eigen-decomposition of H
  in ball arithmetic; every claimed digit is proven by its ball;
- **the cross-check**: mpmath's eigensolver (``ctx.eig`` with left and right
  eigenvectors, or ``ctx.eighe`` where Gamma = 0 and H is Hermitian) at a working
  precision above the problem's scale gap, which must agree with the balls to every
  claimed digit, or :class:`~atommix.errors.EngineDisagreement` is raised with both values.

In both, lambda_L is chosen by the exact criterion of :class:`~.exact.EigenInputs`
(Re(s z*) > 0 from the exact sign of Im q; the upper eigenvalue on the tie set), never by
comparing the moduli of two rounded eigenvalues.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath

from ..errors import EngineDisagreement
from ..quantities import EIGEN, QUANTITIES, names
from .balls import mid_and_radius, surely_all_digits, to_mpmath
from .certified import certify_eigensystem
from .exact import EigenInputs, ExactInput, check_context_and_inputs, to_context
from .precision import proven_digits, thread_context

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
    "check_agreement",
    "ball_value",
    "printed_digits",
]

EIGEN_NAMES = names(EIGEN)


@dataclass(frozen=True)
class Diagonalization:
    """Eigenvalues with right and left eigenvectors (columns / rows), L first."""

    lambda_L: mpmath.mpc
    lambda_S: mpmath.mpc
    right_L: mpmath.matrix
    right_S: mpmath.matrix
    left_L: mpmath.matrix
    left_S: mpmath.matrix


class _Undecided(ArithmeticError):
    """The working precision does not separate the two candidates of the exact criterion."""


def _index_of_lambda_L(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, vals: list[mpmath.mpc]) -> int:
    """Which eigenvalue is lambda_L, by the exact criterion (see :mod:`.exact`)."""
    s0 = vals[0] - vals[1]
    if inputs.on_tie:  # equally near M1: the upper one
        if abs(ctx.re(s0)) <= ctx.ldexp(abs(s0), -ctx.prec // 2):
            raise _Undecided
        return 0 if ctx.re(s0) > 0 else 1
    qr, qi = inputs.q()
    root = ctx.sqrt(ctx.mpc(to_context(ctx, qr), to_context(ctx, qi)))  # principal; Im q exact, nonzero
    w = s0 * ctx.mpc(to_context(ctx, inputs.delta), -to_context(ctx, inputs.gamma) / 2)
    near, far = abs(w - root), abs(w + root)
    if 3 * near < far:
        return 0
    if 3 * far < near:
        return 1
    raise _Undecided


def diagonalize(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, *, left: bool = True) -> Diagonalization:
    """Diagonalize H with mpmath at ``ctx``'s precision and label the eigenvalues L and S.

    lambda_L is the eigenvalue nearer M1, decided by the exact criterion; where both are
    equally near (Delta = 0, Gamma < 4|M21|) it is the upper one, E_L > E_S (the limit
    Delta -> 0+).  Raises ``ArithmeticError`` if ``ctx``'s precision cannot separate the two
    (next to the exceptional point: raise the precision), and
    :class:`~atommix.errors.ExceptionalPointError` at the exceptional point.  With ``left=False``
    the left eigenvectors are not computed (``left_L``, ``left_S`` are None).
    """
    check_context_and_inputs(ctx, inputs)
    if inputs.at_exceptional_point:
        from ..errors import ExceptionalPointError

        raise ExceptionalPointError("H is not diagonalizable at the exceptional point Delta = 0, Gamma = 4|M21|")
    H = inputs.matrix(ctx)
    if inputs.gamma == 0:
        vals, vecs = ctx.eighe(H)  # Hermitian: real eigenvalues, unitary eigenvectors
        left, right = vecs.H, vecs
        vals = [ctx.mpc(v) for v in vals]
    elif left:
        vals, left, right = ctx.eig(H, left=True, right=True)
    else:
        vals, right = ctx.eig(H, left=False, right=True)
    try:
        i_L = _index_of_lambda_L(ctx, inputs, list(vals))
    except _Undecided:
        raise ArithmeticError(
            f"{ctx.dps} digits cannot tell lambda_L from lambda_S here: raise the working precision"
        ) from None
    i_S = 1 - i_L
    return Diagonalization(
        lambda_L=ctx.mpc(vals[i_L]),
        lambda_S=ctx.mpc(vals[i_S]),
        right_L=right[:, i_L],
        right_S=right[:, i_S],
        left_L=left[i_L, :] if left is not False else None,
        left_S=left[i_S, :] if left is not False else None,
    )


def eigen_quantities(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, *, left: bool = True
                     ) -> dict[str, mpmath.mpf | mpmath.mpc]:
    """All eigen-quantities at ``ctx``'s precision, in the paper's normalization (mpmath's eigensolver).

    The condition number is ||u|| ||v|| / |u v| from the left and right eigenvectors, or, with
    ``left=False``, 1/sin of the angle between the two right eigenvectors (the same number for
    a 2x2 matrix, computed another way and without the left eigenvectors).
    """
    d = diagonalize(ctx, inputs, left=left)
    alpha = d.right_L[1] / d.right_L[0]  # |lambda_L> = |1> + alpha|2>
    beta = ctx.conj(-d.right_S[0] / d.right_S[1])  # |lambda_S> = |2> - beta*|1>
    lam_L, lam_S = d.lambda_L, d.lambda_S
    z_abs = abs(ctx.mpc(to_context(ctx, inputs.delta), to_context(ctx, inputs.gamma) / 2))
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
        "ep_distance": abs(lam_L - lam_S) / (z_abs + 2 * to_context(ctx, inputs.m21)),
        "condition": _condition(ctx, d),
    }
    for name in symmetry_zeros(inputs):
        values[name] = ctx.mpc(0) if QUANTITIES[name].is_complex else ctx.mpf(0)
    return values


def _condition(ctx: mpmath.ctx_mp.MPContext, d: Diagonalization) -> mpmath.mpf:
    if d.left_L is not None:  # ||u|| ||v|| / |u v| from the solver's own left and right eigenvectors
        return ctx.norm(d.left_L, 2) * ctx.norm(d.right_L, 2) / abs((d.left_L * d.right_L)[0])
    # 1/sin(theta), cos(theta) = |v_L^H v_S| / (||v_L|| ||v_S||): the left eigenvector of lambda_L is
    # orthogonal to |lambda_S>, which fixes the angle
    norm_L, norm_S = ctx.norm(d.right_L, 2), ctx.norm(d.right_S, 2)
    inner = abs(ctx.conj(d.right_L[0]) * d.right_S[0] + ctx.conj(d.right_L[1]) * d.right_S[1])
    sin2 = (norm_L * norm_S - inner) * (norm_L * norm_S + inner)
    return norm_L * norm_S / ctx.sqrt(sin2)


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
    """Working precision of the mpmath eigensolver: ``dps`` plus guard digits plus the scale gap of H.

    The eigensolver deflates off-diagonal entries below ~10^-wp ||H||, and
    lambda_L - M1 ~ |M21|^2 / ||H||, so the working precision must exceed the
    decades between |M21|^2/||H|| and ||H|| before any digit of lambda_L,
    alpha or Gamma_L can be right.
    """
    return dps + 15 + inputs.scale_digits()


@dataclass(frozen=True)
class Reference:
    """Reference values with their proven digits.

    ``values`` hold the certified balls' midpoints as mpmath numbers of ``context`` (the calling
    thread's context at the working precision, shared with its other results at that precision:
    see :func:`~.precision.thread_context`);
    ``digits[name]`` is the number of correct significant digits (normwise for complex
    values) of the value as printed to ``dps`` digits (:meth:`as_strings`), proven by its
    ball (:func:`~.precision.proven_digits`); ``balls`` are the python-flint enclosures;
    ``working_dps`` the precision they took; ``cross_check_dps`` that of the mpmath
    eigensolver whose values agree with them to every claimed digit.
    """

    inputs: EigenInputs
    dps: int
    working_dps: int
    values: dict[str, mpmath.mpf | mpmath.mpc]
    digits: dict[str, int]
    context: mpmath.ctx_mp.MPContext = field(repr=False)
    balls: dict[str, object] = field(default_factory=dict, repr=False)
    cross_check_dps: int = 0

    def __getitem__(self, name: str) -> mpmath.mpf | mpmath.mpc:
        return self.values[name]

    def as_strings(self) -> dict[str, str | dict[str, str]]:
        """Each value as decimal strings with ``dps`` significant digits (complex as re/im)."""
        return {name: format_value(self.context, v, self.dps, self.digits[name]) for name, v in self.values.items()}


def format_value(ctx: mpmath.ctx_mp.MPContext, v: mpmath.mpf | mpmath.mpc, dps: int, digits: int) -> str | dict[str, str]:
    """Decimal string(s) carrying ``dps`` digits; a complex component below the value's
    proven accuracy (|v| 10^-digits) is shown as 0."""
    if isinstance(v, ctx.mpc):
        floor = abs(v) * ctx.mpf(10) ** (-digits) if digits > 0 else ctx.zero
        parts = {}
        for key, comp in (("re", ctx.re(v)), ("im", ctx.im(v))):
            parts[key] = "0" if (comp == 0 or abs(comp) < floor) else _nstr(ctx, comp, dps)
        return parts
    return "0" if v == 0 else _nstr(ctx, v, dps)


def _nstr(ctx: mpmath.ctx_mp.MPContext, x: mpmath.mpf, dps: int) -> str:
    # rounded to a few digits more than printed first: mpmath would otherwise convert the whole
    # working-precision mantissa (thousands of digits at a scale gap of 1e-5000) to a decimal string
    with ctx.workdps(dps + 10):
        return ctx.nstr(+x, dps, strip_zeros=False, min_fixed=0, max_fixed=0)


def _parse(ctx: mpmath.ctx_mp.MPContext, text: str | dict[str, str]) -> mpmath.mpf | mpmath.mpc:
    """A printed value back as an exact number of ``ctx``."""
    if isinstance(text, dict):
        return ctx.mpc(ctx.mpf(text["re"]), ctx.mpf(text["im"]))
    return ctx.mpf(text)


def printed_digits(ctx: mpmath.ctx_mp.MPContext, mid: mpmath.mpf | mpmath.mpc, rad: mpmath.mpf, dps: int,
                   exact_zero: bool = False) -> int:
    """Proven digits of ``mid`` as :func:`format_value` prints it (zeroed components included)."""
    if exact_zero:
        return dps
    size = abs(mid)
    if size != 0 and rad < size * ctx.mpf(10) ** (-dps - 2):
        # printing rounds by at most half a unit of the last digit and the ball adds < 0.1 of one, unless a
        # complex component is shown as 0 (below |v| 10^-dps): then count properly
        parts = (ctx.re(mid), ctx.im(mid)) if isinstance(mid, ctx.mpc) else (mid,)
        if all(p == 0 or abs(p) >= size * ctx.mpf(10) ** (-dps) for p in parts):
            return dps
    digits = dps
    for _ in range(3):  # zeroing a component can only lower the count; it settles in a pass or two
        with ctx.workprec(ctx.prec + 40):
            printed = _parse(ctx, format_value(ctx, mid, dps, digits))
        new = proven_digits(printed, mid, rad, dps)
        if new == digits:
            break
        digits = new
    return digits


def ball_value(ctx: mpmath.ctx_mp.MPContext, ball: object, dps: int, exact_zero: bool = False
               ) -> tuple[mpmath.mpf | mpmath.mpc, mpmath.mpf, int]:
    """(midpoint, radius, proven digits of the midpoint printed to ``dps`` digits) of a ball, in ``ctx``."""
    if exact_zero or surely_all_digits(ball, dps):
        mid = to_mpmath(ctx, ball)
        parts = (ball.real, ball.imag) if isinstance(mid, ctx.mpc) else (ball,)
        # the radii are exact binary numbers; rounding the midpoint into ctx adds at most an ulp of it
        rad = sum((to_mpmath(ctx, p.rad()) for p in parts), ctx.zero) + abs(mid) * ctx.ldexp(1, 1 - ctx.prec)
        return mid, rad, dps
    mid, rad = mid_and_radius(ctx, ball)
    return mid, rad, printed_digits(ctx, mid, rad, dps)


def check_agreement(name: str, other: mpmath.mpf | mpmath.mpc, mid: mpmath.mpf | mpmath.mpc, rad: mpmath.mpf,
                    digits: int, engine: str) -> None:
    """Raise :class:`EngineDisagreement` if ``other`` differs from the certified value in a claimed digit.

    Allowed: |other - mid| <= rad + |mid| 10^-digits.
    """
    if digits <= 0:
        return
    ctx = mid.context
    other = other if other.context is ctx else ctx.convert(other)
    with ctx.workprec(64):  # magnitudes compared: mpmath rounds each difference once, from its exact value
        d = other - mid
        # quick pass on binary exponents (ctx.mag(p) bounds log2|p| from above, by at most 2 too much):
        # |d| <= |Re d| + |Im d| <= 2^(max mag + 1), |mid| 10^-digits >= 2^(max mag(mid) - 2 - ceil(3.33 digits));
        # most checks end here
        parts_d = (ctx.re(d), ctx.im(d)) if isinstance(d, ctx.mpc) else (d,)
        parts_m = (ctx.re(mid), ctx.im(mid)) if isinstance(mid, ctx.mpc) else (mid,)
        if all(p == 0 for p in parts_d):
            return
        mag_d = max(ctx.mag(p) for p in parts_d if p != 0) + 1
        nonzero_m = [p for p in parts_m if p != 0]
        if nonzero_m and mag_d < max(ctx.mag(p) for p in nonzero_m) - 2 - math.ceil(3.3219280948873626 * digits):
            return
        diff = abs(d)
        allowed = rad + abs(mid) * ctx.mpf(10) ** (-digits)
        if diff > allowed:
            raise EngineDisagreement(
                f"{name}: the certified ball {ctx.nstr(mid, digits + 3)} +- {ctx.nstr(rad, 3)} and {engine} "
                f"{ctx.nstr(other, digits + 3)} disagree in the {digits} digits claimed"
            )


def reference_eigensystem(
    delta: ExactInput,
    gamma: ExactInput,
    m21: ExactInput,
    phase: ExactInput = 0,
    *,
    dps: int = 50,
    max_working_dps: int | None = None,
    cross_check: bool = True,
) -> Reference:
    """Eigen-quantities to ``dps`` significant digits, each with its proven digit count.

    Parameters
    ----------
    delta, gamma, m21, phase
        Exact inputs in eV and radians: decimal strings (``"1e-24"`` is exactly
        10^-24, ``"1e-5000"`` too), ints, Fractions, Decimals, or floats (taken at their
        binary value).
    dps : int
        Significant decimal digits wanted (>= 1).
    max_working_dps : int, optional
        Ceiling of the certificate's adaptive precision, beyond the problem's scale gap;
        default ``20 * dps + 4000``.
    cross_check : bool
        Recompute every value with mpmath's eigensolver and require agreement (default).  The
        digits are proven by the certificate either way; the cross-check is the second engine.

    Raises
    ------
    ExceptionalPointError
        At the exceptional point.
    CertificationError
        Where the eigenvalues cannot be isolated below the ceiling (next to the exceptional point).
    EngineDisagreement
        If mpmath's eigensolver contradicts a certified digit (never expected; reported with both values).

    Examples
    --------
    >>> ref = reference_eigensystem("910", "23", "1e-24", dps=30)
    >>> ref.as_strings()["gamma_L"], ref.digits["gamma_L"]
    ('2.77699884301776464270740483723e-53', 30)
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise ValueError(f"dps (significant digits wanted) must be an integer >= 1; got {dps!r}")
    if max_working_dps is not None and (isinstance(max_working_dps, bool) or not isinstance(max_working_dps, int)
                                        or max_working_dps < 1):
        raise ValueError(f"max_working_dps (ceiling of the working precision) must be an integer >= 1; got {max_working_dps!r}")
    if not isinstance(cross_check, bool):
        raise TypeError(f"cross_check must be True or False; got {cross_check!r}")
    inputs = EigenInputs.from_values(delta, gamma, m21, phase)
    cert = certify_eigensystem(inputs, dps, max_digits=max_working_dps)
    working = int(cert.bits / 3.3219280948873626)
    ctx = thread_context(working + 10)
    values: dict[str, mpmath.mpf | mpmath.mpc] = {}
    digits: dict[str, int] = {}
    radii = {}
    for name in EIGEN_NAMES:
        values[name], radii[name], digits[name] = ball_value(ctx, cert.balls[name], dps, name in cert.zeros)
    check_dps = 0
    if cross_check:  # the independent engine: mpmath's eigensolver above the scale gap
        check_dps = _cross_check(ctx, inputs, values, radii, digits, working, dps)
    return Reference(inputs, dps, working, values, digits, ctx, dict(cert.balls), check_dps)


def _cross_check(ctx: mpmath.ctx_mp.MPContext, inputs: EigenInputs, values: dict, radii: dict, digits: dict,
                 working: int, dps: int) -> int:
    """Recompute every value with mpmath's eigensolver; return the precision at which all agree.

    The first precision is a guess from the scale gap (enough almost everywhere, and cheaper than the
    certificate's); where a difference like alpha - beta cancels more digits than the guess holds, the
    solver is run once more above the certificate's own working precision before a disagreement is
    reported: an engine short of digits is not evidence against the balls, a difference that stays is.
    """
    def agreeing_at(check_dps: int) -> int:
        with ctx.workdps(check_dps):
            other = eigen_quantities(ctx, inputs, left=False)
        for name in EIGEN_NAMES:
            check_agreement(name, other[name], values[name], radii[name], digits[name],
                            f"mpmath's eigensolver at {check_dps} digits")
        return check_dps

    first = max(initial_working_dps(inputs, dps), working - 2 * inputs.scale_digits() // 3)
    try:
        return agreeing_at(first)
    except EngineDisagreement:
        return agreeing_at(max(first, working) + dps + 10)
