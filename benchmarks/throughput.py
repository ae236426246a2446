"""Throughput of the generated eigensystem kernels vs numpy.linalg.eig on the same 2x2 matrices.

    python benchmarks/throughput.py [--n 1000000]

Prints points per second for both (best of several runs, same process), their
ratio, and the correct significant digits of Gamma_L each gets at the 152Gd
point (Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV) against the mpmath
reference.  The measurement is section 1 of ``benchmarks/run.py``, which also
compares every speed promise with its target.
"""

from __future__ import annotations

import argparse

import numpy as np
from atommix.numeric import eigensystem
from atommix.validation import reference_eigensystem
from bench_common import (
    GD152,
    best_of,
    correct_digits,
    matrices,
    numpy_eig_quantities,
    parameter_batch,
)
from bench_kernels import throughput

__all__ = ["batch", "matrices", "best_of", "eig_gamma_L", "digits", "main"]

batch = parameter_batch


def eig_gamma_L(H: np.ndarray) -> np.ndarray:
    """Gamma_L = -2 Im(lambda_L) from ``numpy.linalg.eig``, lambda_L the eigenvalue of smaller modulus."""
    return numpy_eig_quantities(H)["gamma_L"]


digits = correct_digits


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    result = throughput(args.n)
    print(f"batch of {args.n:,} 2x2 matrices (log-uniform over the documented domain)")
    print(f"{'method':<48}{'points/s':>14}{'vs eig':>10}")
    for row in result["rows"]:
        print(f"{row['label']:<48}{row['points_per_s']:>14,.0f}{row['vs_eig']:>9.1f}x")

    ref = reference_eigensystem(*GD152, dps=30)
    ours = float(eigensystem(*GD152).gamma_L)
    naive = float(eig_gamma_L(matrices(*(np.array([v]) for v in GD152)))[0])
    print("\nGamma_L at 152Gd (Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV):")
    print(f"  reference  {ref.as_strings()['gamma_L']} eV")
    print(f"  atommix    {ours!r} eV   ({digits(ours, ref['gamma_L']):.1f} correct digits)")
    print(f"  numpy eig  {naive!r} eV   ({digits(naive, ref['gamma_L']):.1f} correct digits)")


if __name__ == "__main__":
    main()
