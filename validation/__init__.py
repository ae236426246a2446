"""Independent arbitrary-precision recomputation (mpmath) and reference values.

Everything runs in private precision contexts: ``mpmath.mp`` is never changed.
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
