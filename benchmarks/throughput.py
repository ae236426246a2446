"""Throughput of the generated eigensystem kernels vs numpy.linalg.eig on the same 2x2 matrices.

    python benchmarks/throughput.py [--n 1000000]

Prints points per second for both (best of several runs, same process), their
ratio, and the correct significant digits of Gamma_L each gets at the 152Gd
point (Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV) against the mpmath
reference.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from atommix.numeric import _kernels, eigensystem
from atommix.numeric.parameters import eigen_parameters
from atommix.validation import reference_eigensystem


def batch(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    delta = 10 ** rng.uniform(-3, 6, n) * rng.choice([-1.0, 1.0], n)
    gamma = np.abs(delta) * 10 ** rng.uniform(-6, 6, n)
    m21 = np.hypot(delta, gamma / 2) * 10 ** rng.uniform(-30, -1, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    return delta, gamma, m21, phase


def matrices(delta, gamma, m21, phase):
    m = m21 * np.exp(1j * phase)
    H = np.zeros((delta.size, 2, 2), dtype=np.complex128)
    H[:, 0, 1] = np.conj(m)
    H[:, 1, 0] = m
    H[:, 1, 1] = -delta - 0.5j * gamma
    return H


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def eig_gamma_L(H):
    lam = np.linalg.eigvals(H)
    i = np.argmin(np.abs(lam), axis=-1)
    return -2 * np.take_along_axis(lam, i[..., None], axis=-1)[..., 0].imag


def digits(value: float, exact) -> float:
    if value == 0:
        return 0.0
    rel = abs((exact.context.mpf(value) - exact) / exact)
    return 16.0 if rel == 0 else max(0.0, -math.log10(float(rel)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    params = batch(args.n)
    H = matrices(*params)

    t_checked = best_of(lambda: eigensystem(*params))
    checked = eigen_parameters(*params)
    with np.errstate(all="ignore"):
        t_kernel = best_of(lambda: _kernels.eigensystem(*checked))
    t_eig = best_of(lambda: np.linalg.eig(H), repeat=3)
    t_eigvals = best_of(lambda: np.linalg.eigvals(H), repeat=3)

    print(f"batch of {args.n:,} 2x2 matrices (log-uniform over the documented domain)")
    print(f"{'method':<44}{'points/s':>14}{'vs eig':>10}")
    for label, t in (
        ("atommix.numeric.eigensystem (checked inputs)", t_checked),
        ("generated kernel alone", t_kernel),
        ("numpy.linalg.eig (values + vectors)", t_eig),
        ("numpy.linalg.eigvals (values only)", t_eigvals),
    ):
        print(f"{label:<44}{args.n / t:>14,.0f}{t_eig / t:>9.1f}x")

    gd = (910.0, 23.0, 1e-24, 0.0)
    ref = reference_eigensystem(*gd, dps=30)
    ours = float(eigensystem(*gd).gamma_L)
    naive = float(eig_gamma_L(matrices(*(np.array([v]) for v in gd)))[0])
    print("\nGamma_L at 152Gd (Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV):")
    print(f"  reference  {ref.as_strings()['gamma_L']} eV")
    print(f"  atommix    {ours!r} eV   ({digits(ours, ref['gamma_L']):.1f} correct digits)")
    print(f"  numpy eig  {naive!r} eV   ({digits(naive, ref['gamma_L']):.1f} correct digits)")


if __name__ == "__main__":
    main()
