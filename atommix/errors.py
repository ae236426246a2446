"""Errors raised by atommix for inputs outside the physics' domain."""

from __future__ import annotations

__all__ = ["ExceptionalPointError"]


class ExceptionalPointError(ValueError):
    """H is not diagonalizable: Delta = 0 and Gamma = 4|M21| (the exceptional point).

    There the two eigenvalues coincide and there is a single eigenvector, so the
    eigen-quantities (alpha, beta, the overlap, lambda_L/S, ...) do not exist.
    Quantities that are entire functions of H, such as the time evolution,
    are still defined there.
    """
