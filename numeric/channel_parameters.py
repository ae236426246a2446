"""Checking the inputs of N daughter channels: Delta_i, Gamma_i (or a full width block), |M_i|, phases.

The channels are the last axis of every array (a scalar is one channel); leading axes are
parameter points and broadcast.  Errors name the parameter, its allowed range and, for one
bad entry among many, the channel it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..quantities import PARAMETERS
from .parameters import as_real_array
from .secular import UNIT_ROUNDOFF

__all__ = ["ChannelInputs", "channel_inputs", "WIDTH_MATRIX"]

#: Meaning and allowed range of the optional full width block.
WIDTH_MATRIX = (
    "width_matrix",
    "the widths of the daughters, a Hermitian positive-semidefinite N x N matrix in eV",
)


@dataclass(frozen=True)
class ChannelInputs:
    """Checked float64 inputs, broadcast to one shape ``(..., N)``; ``width`` is ``(..., N, N)`` or None."""

    delta: NDArray[np.float64]
    gamma: NDArray[np.float64]
    m21: NDArray[np.float64]
    phase: NDArray[np.float64]
    width: NDArray[np.complex128] | None

    @property
    def channels(self) -> int:
        return int(self.delta.shape[-1])

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.delta.shape[:-1])

    @property
    def coupling(self) -> NDArray[np.complex128]:
        """M_i = |M_i| e^{i phase_i} = <2_i|H|1>."""
        return self.m21 * np.exp(1j * self.phase)


def _checked(name: str, value: ArrayLike) -> NDArray[np.float64]:
    p = PARAMETERS[name]
    arr = as_real_array(name, value, p.description, p.allowed, p.minimum)
    return arr[None] if arr.ndim == 0 else arr


def _width_matrix(value: ArrayLike, n: int) -> NDArray[np.complex128]:
    name, what = WIDTH_MATRIX
    if value is None or isinstance(value, (str, bytes, bool)):
        raise TypeError(f"{name} ({what}) must be an array of numbers; got {value!r}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged and the like
        raise TypeError(f"{name} ({what}) must be an array of numbers; got {value!r}") from exc
    if arr.dtype.kind not in "fiuc" or arr.dtype == np.bool_:
        raise TypeError(f"{name} ({what}) must be an array of numbers; got {value!r}")
    arr = arr.astype(np.complex128)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] != n:
        raise ValueError(f"{name} ({what}) must have shape (..., {n}, {n}) for {n} channels; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} ({what}) must be finite; got a NaN or inf")
    scale = np.max(np.abs(arr), axis=(-1, -2), keepdims=True)
    asym = np.abs(arr - np.conj(np.swapaxes(arr, -1, -2)))
    if np.any(asym > 8 * UNIT_ROUNDOFF * scale):
        raise ValueError(f"{name} ({what}) must be Hermitian, Gamma_ij = conj(Gamma_ji)")
    herm = (arr + np.conj(np.swapaxes(arr, -1, -2))) / 2
    lowest = np.linalg.eigvalsh(herm)[..., 0]
    if np.any(lowest < -8 * n * UNIT_ROUNDOFF * scale[..., 0, 0]):
        raise ValueError(f"{name} ({what}) must be positive semidefinite; its smallest eigenvalue is {lowest.min()!r} eV")
    return herm


def channel_inputs(
    delta: ArrayLike,
    gamma: ArrayLike | None,
    m21: ArrayLike,
    phase: ArrayLike = 0.0,
    width_matrix: ArrayLike | None = None,
) -> ChannelInputs:
    """Checked, broadcast inputs of one parent and N daughter channels (channels on the last axis).

    Raises
    ------
    TypeError, ValueError
        Naming the parameter: non-numbers, NaN, inf, a negative width or coupling, no channel,
        shapes that do not broadcast, a width matrix that is not Hermitian positive semidefinite,
        both ``gamma`` and ``width_matrix``.
    """
    if gamma is None and width_matrix is None:
        raise TypeError("gamma (the two-hole widths Gamma_i in eV) is required, or width_matrix for a full width block")
    if gamma is not None and width_matrix is not None:
        raise TypeError("give gamma (independent widths) or width_matrix (a full width block), not both")
    arrays = {"delta": _checked("delta", delta), "m21": _checked("m21", m21), "phase": _checked("phase", phase)}
    if gamma is not None:
        arrays["gamma"] = _checked("gamma", gamma)
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{k}{a.shape}" for k, a in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must broadcast to one shape (channels last); got {shapes}") from exc
    if shape[-1] < 1:
        raise ValueError("at least one daughter channel is needed (the last axis of delta, gamma, m21); got 0")
    out = {k: np.broadcast_to(a, shape).astype(np.float64) for k, a in arrays.items()}
    width = None
    if width_matrix is not None:
        width = _width_matrix(width_matrix, shape[-1])
        try:
            full = np.broadcast_shapes(shape + (shape[-1],), width.shape)
        except ValueError as exc:
            raise ValueError(f"width_matrix{width.shape} must broadcast with the channels {shape}") from exc
        shape = full[:-1]
        out = {k: np.broadcast_to(a, shape).astype(np.float64) for k, a in out.items()}
        width = np.broadcast_to(width, full).copy()
        out["gamma"] = np.diagonal(width, axis1=-2, axis2=-1).real.copy()
    return ChannelInputs(out["delta"], out["gamma"], out["m21"], out["phase"], width)
