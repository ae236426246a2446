"""Eigensystem of the effective Hamiltonian in float64 (Eqs. 2.2-2.5), from the generated kernels.

All energies are in eV and relative to M1.  Conventions (see
:mod:`atommix.derivations.eigensystem`): ``|lambda_L> = |1> + alpha|2>``,
``|lambda_S> = |2> - beta*|1>``, ``lambda = E - i Gamma/2``; lambda_L is the
eigenvalue nearer M1, and at Delta = 0 with Gamma < 4|M21| (equally near) the
upper one, the limit Delta -> 0+.

Why not ``numpy.linalg.eig``: at real atoms |M21|/Delta ~ 1e-27, so
lambda_L - M1 ~ 1e-51 eV sits 54 orders of magnitude below the matrix norm and
eig returns Gamma_L = 0.  The kernels use forms with no cancellation:

>>> import numpy as np
>>> from atommix.numeric import eigensystem
>>> H = np.array([[0, 1e-24], [1e-24, -910 - 11.5j]])
>>> lam = np.linalg.eigvals(H)
>>> lam_L = lam[np.argmin(abs(lam))]
>>> bool(-2 * lam_L.imag == 0.0)   # the trap: Gamma_L is lost
True
>>> es = eigensystem(delta=910.0, gamma=23.0, m21=1e-24)
>>> print(f"{es.gamma_L:.6e} eV")
2.776999e-53 eV
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..quantities import EIGEN, QUANTITIES, names
from . import _kernels
from .batching import run_in_blocks
from .dask_arrays import accepts_dask
from .parameters import check_finite_outputs, eigen_parameters



#: The combined function, the result type, and one function per eigen-quantity of the quantity table.
__all__ = ["Eigensystem", "EIGENSYSTEM_NAMES", "eigensystem", *names(EIGEN)]


def _field_type(name: str) -> type:
    return NDArray[np.complex128] if QUANTITIES[name].is_complex else NDArray[np.float64]  # type: ignore[return-value]


#: All eigen-quantities at one or many parameter points (arrays broadcast like the inputs), in the
#: order of the quantity table.
Eigensystem = NamedTuple("Eigensystem", [(name, _field_type(name)) for name in names(EIGEN)])  # type: ignore[misc]
Eigensystem.__doc__ = (
    "All eigen-quantities at one or many parameter points (arrays broadcast like the inputs): "
    + ", ".join(names(EIGEN))
    + "."
)

EIGENSYSTEM_NAMES: tuple[str, ...] = Eigensystem._fields


def _run(name: str, kernel, delta, gamma, m21, phase):  # type: ignore[no-untyped-def]
    args = eigen_parameters(delta, gamma, m21, phase)
    with np.errstate(all="ignore"):  # underflow of squares of tiny ratios is expected and harmless
        out = run_in_blocks(kernel, args)
    scalar = args[0].ndim == 0
    if isinstance(out, tuple):
        for n, v in zip(EIGENSYSTEM_NAMES, out):
            check_finite_outputs(n, v)
        return tuple(v[()] if scalar else v for v in out)
    check_finite_outputs(name, out)
    return out[()] if scalar else out


@accepts_dask
def eigensystem(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0) -> Eigensystem:
    """All eigen-quantities of H (Eq. 2.1), exact to float64 rounding.

    Parameters
    ----------
    delta : array_like
        Delta = M1 - M2 in eV, any sign.
    gamma : array_like
        Width Gamma of the two-hole daughter state in eV, >= 0.
    m21 : array_like
        Modulus |M21| of the mixing in eV, >= 0.
    phase : array_like, optional
        Phase of M21 in radians (M21 = |M21| e^{i phase}); default 0.

    Returns
    -------
    Eigensystem
        Named tuple of ``alpha, beta, overlap, mixing, lambda_L, lambda_S,
        E_L, E_S, gamma_L, gamma_S`` (energies relative to M1, in eV), and how
        near the point is to the exceptional point: ``ep_distance`` =
        |lambda_L - lambda_S| / (|Delta + i Gamma/2| + 2|M21|) in [0, 1], and
        ``condition``, the condition number of the eigenvalues (1/sin of the
        angle between the eigenvectors; 1 when they are orthogonal).  Near the
        exceptional point the eigen-quantities lose about log10(condition)
        digits more than elsewhere.

    Raises
    ------
    TypeError, ValueError
        For non-numbers, NaN, inf, negative gamma or m21; the message names the parameter.
    ExceptionalPointError
        At Delta = 0, Gamma = 4|M21|, where H is not diagonalizable.

    Notes
    -----
    Dask arrays are accepted unchanged: the result is then a named tuple of
    dask arrays, computed block by block (errors surface at ``compute()``).

    Examples
    --------
    >>> es = eigensystem(delta=910.0, gamma=23.0, m21=1e-24)
    >>> print(f"{es.mixing:.6e}")
    1.207391e-54
    """
    return Eigensystem(*_run("eigensystem", _kernels.eigensystem, delta, gamma, m21, phase))


def _single(name: str, doc: str):  # type: ignore[no-untyped-def]
    kernel = getattr(_kernels, name)

    def quantity(delta: ArrayLike, gamma: ArrayLike, m21: ArrayLike, phase: ArrayLike = 0.0) -> NDArray[np.generic]:
        return _run(name, kernel, delta, gamma, m21, phase)

    quantity.__name__ = quantity.__qualname__ = name
    quantity.__doc__ = (
        f"{doc}\n\n    Parameters and errors as in :func:`eigensystem`; broadcasts over arrays.\n"
    )
    return accepts_dask(quantity)


def _doc(name: str) -> str:
    q = QUANTITIES[name]
    where = f" (paper: Eq. {q.equation})" if q.equation else ""
    unit = "" if q.unit == "1" else f", in {q.unit}"
    return f"{q.name}, the {q.description}{unit}; exact{where}."


# One function per eigen-quantity, named as in the quantity table.
for _name in EIGENSYSTEM_NAMES:
    globals()[_name] = _single(_name, _doc(_name))
del _name
