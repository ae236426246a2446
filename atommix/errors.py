"""Errors raised by atommix for inputs outside the physics' domain."""

from __future__ import annotations

__all__ = ["ExceptionalPointError", "EngineDisagreement"]


class ExceptionalPointError(ValueError):
    """H is not diagonalizable: Delta = 0 and Gamma = 4|M21| (the exceptional point).

    There the two eigenvalues coincide and there is a single eigenvector, so the
    eigen-quantities (alpha, beta, the overlap, lambda_L/S, ...) do not exist.
    Quantities that are entire functions of H, such as the time evolution,
    are still defined there.
    """


class EngineDisagreement(ArithmeticError):
    """Two independent high-precision engines disagree in a digit one of them claims.

    The certified ball arithmetic proves every claimed digit; the other engine (mpmath's
    eigensolver, matrix exponential) recomputes the same value another way.  A disagreement
    means one of them is wrong: no value is returned, and the message shows both.
    """
