"""One parent atom mixing with N daughter channels in float64: lambda_L, |alpha_i|^2, with error bounds.

H (relative to M1) has the parent level 0, the daughters -z_i = -(Delta_i + i Gamma_i/2) and
<2_i|H|1> = M_i; lambda_L, the eigenvalue connected to |1>, is the root of the secular equation
lambda = sum_i |M_i|^2/(lambda + z_i) continued from 0 as the couplings grow (definition and
ambiguities: :mod:`atommix.numeric.continuation`), |lambda_L> = |1> + sum_i alpha_i |2_i> with
alpha_i = M_i/(lambda_L + z_i) (:mod:`atommix.derivations.channels`).

At real atoms lambda_L ~ 1e-51 eV sits 54 orders of magnitude below ||H||, and
``numpy.linalg.eig`` of the (N+1) x (N+1) matrix returns Gamma_L = 0; here Newton's method on the
secular equation from the first-order value sum_i |M_i|^2/z_i gets every digit, and each value
comes with a bound on its error, proved from the computed residual (:mod:`.secular`):

>>> import numpy as np
>>> from atommix.numeric.channels import channel_eigensystem
>>> es = channel_eigensystem(delta=[910.0, 1100.0], gamma=[23.0, 30.0], m21=[1e-24, 5e-25])
>>> print(f"{es.gamma_L:.6e} eV, bound {es.bounds.gamma_L:.1e} eV")
3.396718e-53 eV, bound 7.9e-68 eV
>>> [f"{x:.4e}" for x in es.mixing_channels]
['1.2074e-54', '2.0657e-55']

With one channel the results are the 2x2 ones (:func:`atommix.numeric.eigensystem`) to a few ulp.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ExceptionalPointError
from ..quantities import CHANNEL, QUANTITIES, names
from .channel_parameters import ChannelInputs, channel_inputs
from .continuation import ContinuationError, continue_lambda_L, weak_mixing
from .secular import (
    UNIT_ROUNDOFF,
    Enclosure,
    Evaluation,
    Secular,
    channel_sum,
    enclose,
    evaluate,
    first_order,
    newton,
    secular_problem,
)
from .width_block import WidthBasis, poles_and_couplings, width_basis

__all__ = [
    "ChannelEigensystem",
    "ErrorBounds",
    "CHANNEL_EIGEN_NAMES",
    "record_key",
    "channel_eigensystem",
    "prepare",
    "Prepared",
    "BLOCK",
    "check_scales",
    "solve_lambda_L",
]


def record_key(name: str) -> str:
    """The key under which a channel quantity is reported: ``gamma_L_coupled`` -> ``gamma_L``."""
    return name.removesuffix("_coupled")


#: Fields of :class:`ChannelEigensystem`, from the quantity table.
CHANNEL_EIGEN_NAMES: tuple[str, ...] = tuple(record_key(n) for n in names(CHANNEL))


def _field_type(name: str) -> type:
    return NDArray[np.complex128] if QUANTITIES[name].is_complex else NDArray[np.float64]  # type: ignore[return-value]


#: Absolute error bounds (eV, or 1 for |alpha_i|^2) of the eigen-quantities, proved from the residual.
ErrorBounds = NamedTuple(  # type: ignore[misc]
    "ErrorBounds", [(record_key(n), NDArray[np.float64]) for n in names(CHANNEL) if not QUANTITIES[n].is_complex
                    and n != "condition_coupled"] + [("lambda_L", NDArray[np.float64])]
)
ErrorBounds.__doc__ = ("Absolute bounds on the errors of E_L, gamma_L (eV), mixing_channels, and |lambda_L - exact| "
                       "(eV), each including the rounding of the reported float.")

#: The eigen-quantities with N channels (channel axis last) and their error bounds.
ChannelEigensystem = NamedTuple(  # type: ignore[misc]
    "ChannelEigensystem",
    [(record_key(n), _field_type(n)) for n in names(CHANNEL)] + [("bounds", ErrorBounds)],
)
ChannelEigensystem.__doc__ = (
    "Eigen-quantities of one parent and N daughter channels: " + ", ".join(CHANNEL_EIGEN_NAMES)
    + " (per-channel values on the last axis), and their absolute error bounds."
)


class Prepared(NamedTuple):
    """Checked inputs, flattened to (points, N), as a secular problem (and the width basis, if any)."""

    inputs: ChannelInputs
    sec: Secular
    basis: WidthBasis | None
    right: NDArray[np.complex128]  # couplings b_k in the basis of the poles (eV)
    phase: NDArray[np.float64]  # arg M_i, flattened

    def take(self, index: Any) -> "Prepared":
        """The points at ``index`` (of the flattened points)."""
        basis = None if self.basis is None else WidthBasis(*(getattr(self.basis, k)[index]
                                                              for k in WidthBasis.__dataclass_fields__))
        return Prepared(self.inputs, self.sec.take(index), basis, self.right[index], self.phase[index])


def prepare(inputs: ChannelInputs, *, amplitudes: bool = False) -> Prepared:
    """The secular problem of checked inputs, points flattened.

    ``right`` (the couplings M_i of the daughters' amplitudes) is formed only with ``amplitudes``
    (the time history needs it; the eigen-quantities do not).
    """
    n = inputs.channels
    flat = lambda x: np.reshape(x, (-1, n))  # noqa: E731
    if inputs.width is None:
        m = np.ascontiguousarray(flat(inputs.m21))
        z = flat(inputs.delta) + 0.5j * flat(inputs.gamma)
        sec = secular_problem(z, m, m)
        right = m * np.exp(1j * flat(inputs.phase)) if amplitudes else np.empty((m.shape[0], 0), complex)
        return Prepared(inputs, sec, None, right, flat(inputs.phase))
    basis = width_basis(flat(inputs.delta), np.reshape(inputs.width, (-1, n, n)))
    a, b = poles_and_couplings(flat(inputs.coupling), basis)
    return Prepared(inputs, secular_problem(basis.zeta, a, b), basis, b, flat(inputs.phase))


def _merge(whole: NDArray[Any], part: NDArray[Any], where: NDArray[np.bool_]) -> NDArray[Any]:
    out = np.array(whole, copy=True)
    out[where] = part
    return out


def solve_lambda_L(
    sec: Secular, *, strict: bool = True
) -> tuple[NDArray[np.complex128], Enclosure, NDArray[np.bool_], Evaluation]:
    """lambda_L (eV) of every problem in the batch, its enclosure, where it is isolated, and f there.

    Weak mixing (:func:`~atommix.numeric.continuation.weak_mixing`): Newton from the first-order
    value until it stops moving, vectorized, accepted where the enclosure lies inside the disk that
    holds lambda_L alone.  Elsewhere: certified continuation, point by point.  With ``strict``,
    a point where lambda_L is not isolated raises :class:`ExceptionalPointError`; else it is
    reported in the mask (its value is then NaN).
    """
    lam = first_order(sec)
    ev = evaluate(sec, -1, lam)
    with np.errstate(all="ignore"):
        step = ev.f / ev.fp
    # at real atoms the Newton step from the first-order value is below rounding: done in one evaluation
    moving = ~(np.abs(step) <= 4 * UNIT_ROUNDOFF * np.abs(lam))
    if moving.any():
        part = sec.take(moving)
        lam = lam.copy()
        lam[moving] = newton(part, -1, lam[moving] - step[moving], steps=60)
        again = evaluate(part, -1, lam[moving])
        ev = Evaluation(*(_merge(getattr(ev, k), getattr(again, k), moving) for k in Evaluation.__dataclass_fields__))
    enc = enclose(sec, ev)
    weak, radius = weak_mixing(sec)
    with np.errstate(all="ignore"):
        inside = np.abs(lam) / sec.sigma + enc.radius / sec.sigma <= radius
    done = weak & enc.ok & inside
    if done.all():
        return lam, enc, done, ev
    lam = lam.copy()
    fields = {k: np.array(getattr(enc, k)) for k in Enclosure.__dataclass_fields__}
    evals = {k: np.array(getattr(ev, k)) for k in Evaluation.__dataclass_fields__}
    isolated = done.copy()
    for i in np.flatnonzero(~done):
        one = sec.take(i)
        try:
            root = continue_lambda_L(one)
            at_root = evaluate(one, -1, np.asarray(root))
            e = enclose(one, at_root)
            reason = None if bool(e.ok) else (
                f"lambda_L is a multiple root at point {i} (an exceptional point of H, within rounding): "
                "no disk isolates it")
            if reason is not None and abs(root) < _SUBNORMAL_ROOT:
                raise FloatingPointError(
                    f"lambda_L = {root!r} eV at point {i} is below the float64 normal range, where rounding "
                    "cannot separate it from its neighbours; use atommix.validation.channels")
        except ContinuationError as exc:
            reason = (f"lambda_L is not isolated at point {i}: its path meets a branch point of H that no lift "
                      f"of the parent resolves ({exc})")
        if reason is not None:
            if strict:
                raise ExceptionalPointError(reason)
            lam[i] = np.nan
            continue
        isolated[i] = True
        lam[i] = root
        for k in fields:
            fields[k][i] = getattr(e, k)
        for k in evals:
            evals[k][i] = getattr(at_root, k)
    return lam, Enclosure(**fields), isolated, Evaluation(**evals)


def channel_eigensystem(
    delta: ArrayLike,
    gamma: ArrayLike | None,
    m21: ArrayLike,
    phase: ArrayLike = 0.0,
    *,
    width_matrix: ArrayLike | None = None,
) -> ChannelEigensystem:
    """lambda_L, E_L, Gamma_L, |alpha_i|^2, alpha_i and the condition of lambda_L with N daughter channels.

    Parameters
    ----------
    delta, gamma, m21, phase : array_like
        Delta_i = M1 - M2_i (eV, any sign), the widths Gamma_i >= 0 (eV), |M_i| >= 0 (eV) and
        arg M_i (rad), M_i = <2_i|H|1>: the channels are the last axis (a scalar is one channel),
        leading axes are parameter points and broadcast.
    width_matrix : array_like, optional
        A full Hermitian positive-semidefinite width block (..., N, N) in eV instead of ``gamma``:
        daughters that share decay channels.

    Returns
    -------
    ChannelEigensystem
        ``lambda_L``, ``E_L``, ``gamma_L`` (eV, relative to M1), ``mixing_channels`` (|alpha_i|^2),
        ``alpha_channels``, ``condition`` (of lambda_L, 1 without mixing) and ``bounds``, absolute
        error bounds on E_L, Gamma_L, |alpha_i|^2 and |lambda_L - exact|.  For a full width block the
        bounds are first order in the error of the eigenbasis of the width block.

    Raises
    ------
    TypeError, ValueError
        Bad input, naming the parameter.
    ExceptionalPointError
        Where lambda_L is a multiple root (an exceptional point of H) or degenerate with an uncoupled
        daughter.
    FloatingPointError
        Where a value is not representable in float64.

    Examples
    --------
    >>> es = channel_eigensystem(910.0, 23.0, 1e-24)        # one channel: the 2x2 result
    >>> print(f"{es.gamma_L:.6e}")
    2.776999e-53
    """
    inputs = channel_inputs(delta, gamma, m21, phase, width_matrix)
    prep = prepare(inputs)
    sec = prep.sec
    check_scales(prep)
    blank = np.all(~sec.coupled, axis=-1) & np.any(sec.zeta == 0, axis=-1)
    if blank.any():
        raise ExceptionalPointError(
            "lambda_L is degenerate: every coupling vanishes and a daughter has Delta_i = Gamma_i = 0, "
            "so |1> and |2_i> share the eigenvalue 0"
        )
    total = sec.sigma.shape[0]
    values: dict[str, NDArray[Any]] = {}
    for start in range(0, total, BLOCK):
        part = _block(prep.take(slice(start, start + BLOCK)))
        for k, v in part.items():
            if k not in values:
                values[k] = np.empty((total,) + v.shape[1:], dtype=v.dtype)
            values[k][start : start + BLOCK] = v
    shape = inputs.batch_shape
    out: dict[str, Any] = {}
    for name, v in values.items():
        if not np.all(np.isfinite(v)):
            raise FloatingPointError(f"{name} is not representable in float64 at these inputs; use atommix.validation.channels")
        out[name] = v.reshape(shape + v.shape[1:])[()] if v.ndim == 1 else v.reshape(shape + v.shape[1:])
    bounds = ErrorBounds(**{k: out.pop(f"bound_{k}") for k in ErrorBounds._fields})
    return ChannelEigensystem(**out, bounds=bounds)


def check_scales(prep: Prepared) -> None:
    """Refuse channels whose energies span more than float64 can hold beside each other (one scale per point)."""
    sec = prep.sec
    # a Delta or Gamma that underflows on the common scale moves the pole by less than 2^-1074 sigma: harmless;
    # a coupling that underflows is dropped, harmless where its pole is not at the origin on that scale
    # (alpha_i ~ |M_i|/|z_i| underflows too); next to the origin alpha_i need not be small: refused
    lost = (sec.a != 0) & (sec.a_hat == 0) & (np.abs(sec.zeta) < 2.0**-500)
    if np.any(lost):
        raise FloatingPointError(
            "the channels' energies span more decades than float64 holds beside each other (a coupling "
            "underflows on the common energy scale); use atommix.validation.channels"
        )


#: |lambda_L| (eV) below which a root that no disk isolates is a loss of range, not an exceptional point.
_SUBNORMAL_ROOT = 2.0**-1000

#: Points per block: the temporaries of a block stay in the caches (as for the 2x2 kernels).
BLOCK = 8192


def _block(prep: Prepared) -> dict[str, NDArray[Any]]:
    sec = prep.sec
    lam, enc, _, ev = solve_lambda_L(sec)
    p, abs_p = ev.p, ev.abs_p
    touching = np.any(~sec.coupled & (abs_p == 0), axis=-1)
    if touching.any():
        raise ExceptionalPointError("lambda_L is degenerate with an uncoupled daughter (lambda_L = -Delta_i - i Gamma_i/2)")
    return _eigen_values(prep, lam, p, abs_p, enc)


def _eigen_values(prep: Prepared, lam: NDArray[np.complex128], p: NDArray[np.complex128],
                  abs_p: NDArray[np.float64], enc: Enclosure) -> dict[str, NDArray[Any]]:
    """The eigen-quantities at lambda_L (flattened points), keyed by their record names, and bounds."""
    u = UNIT_ROUNDOFF
    sec, basis = prep.sec, prep.basis
    coupled = sec.coupled
    sigma = sec.sigma[:, None]
    safe = np.where(abs_p > 0, abs_p, 1.0)
    r = (enc.radius / sec.sigma)[:, None]  # scaled distance to the exact lambda_L
    with np.errstate(all="ignore"):
        shift = np.where(coupled, r / (abs_p - r), 0.0)  # relative change of 1/(lambda + z_i) within the bound
        if basis is None:
            s = np.where(coupled, sec.b_hat / safe, 0.0)
            cr, ci = p.real / safe, p.imag / safe
            # alpha_i = |M_i| e^{i phase_i}/(lambda + z_i) = s e^{i (phase_i - arg p_i)}
            cos, sin = np.cos(prep.phase), np.sin(prep.phase)
            alpha = s * (cr * cos + ci * sin) + 1j * (s * (cr * sin - ci * cos))
            mixing = s * s
            bound_mixing = mixing * (12 * u + 2 * shift + shift * shift)
            norm_a = norm_b = channel_sum(mixing)
            fp = np.abs((1 + channel_sum(mixing * (cr * cr - ci * ci))) - 2j * channel_sum(mixing * cr * ci))
        else:
            comps = np.where(coupled, (prep.right / sigma) / p, 0.0)
            alpha = np.einsum("...ik,...k->...i", basis.R, comps)
            left = np.where(coupled, (sec.a / sigma) / p, 0.0)
            beta = np.einsum("...k,...ki->...i", left, basis.R_inv)
            mixing = np.abs(alpha) ** 2
            spread = np.einsum("...ik,...k->...i", np.abs(basis.R), np.abs(comps) * (shift + 8 * u))
            bound_mixing = 2 * np.abs(alpha) * spread + spread**2 + 8 * u * mixing
            norm_a = channel_sum(np.abs(alpha) ** 2)
            norm_b = channel_sum(np.abs(beta) ** 2)
            fp = np.abs(1 + channel_sum(np.where(coupled, (sec.a_hat / safe) * (sec.b_hat / safe)
                                                 * (np.conj(p) / safe) ** 2, 0.0)))
        condition = np.sqrt(1 + norm_a) * np.sqrt(1 + norm_b) / fp
    bound_lam, bound_re, bound_im = enc.radius, enc.bound_re, enc.bound_im
    if basis is not None:
        # first-order effect of the eigenbasis' error dZ on lambda_L: |beta| |alpha| ||dZ|| / |f'|
        extra = np.sqrt(norm_a) * np.sqrt(norm_b) * basis.error / fp
        bound_lam, bound_re, bound_im = bound_lam + extra, bound_re + extra, bound_im + extra
    values: dict[str, NDArray[Any]] = {}
    for name in names(CHANNEL):
        key = record_key(name)
        values[key] = {
            "lambda_L": lam, "E_L": lam.real + 0.0, "gamma_L": -2 * lam.imag + 0.0, "mixing_channels": mixing,
            "alpha_channels": alpha, "condition": condition,
        }[key]
    values.update(bound_lambda_L=bound_lam, bound_E_L=bound_re, bound_gamma_L=2 * bound_im,
                  bound_mixing_channels=bound_mixing)
    return values
