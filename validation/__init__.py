"""Independent arbitrary-precision recomputation (mpmath) and reference values.

The reference modules start from the matrix H of Eq. (2.1) itself -- mpmath's
eigensolver, matrix exponential and quadrature, python-flint ball arithmetic -- and
import neither :mod:`atommix.numeric` nor :mod:`atommix.derivations`, so agreement
with them is a real check.  The accuracy sweep (:mod:`.accuracy`) is the one module
that sees both sides.  Everything runs in private precision contexts: ``mpmath.mp``
is never changed.
"""

from .eigensystem import EigenInputs, Reference, diagonalize, eigen_quantities, reference_eigensystem
from .evolution import EvolutionReference, ground_state_by_quadrature, reference_evolution
from .precision import agreement_digits, private_context

__all__ = [
    "EvolutionReference",
    "ground_state_by_quadrature",
    "reference_evolution",
    "EigenInputs",
    "Reference",
    "agreement_digits",
    "diagonalize",
    "eigen_quantities",
    "private_context",
    "reference_eigensystem",
]
