"""Speed of the float64 kernels: throughput against numpy.linalg.eig, and the memory-bound floor (targets 1, 2)."""

from __future__ import annotations

from typing import Any

import numpy as np
from atommix.numeric import _kernels, eigensystem
from atommix.numeric.eigensystem import EIGENSYSTEM_NAMES
from atommix.numeric.parameters import eigen_parameters
from atommix.validation import reference_eigensystem
from bench_common import (
    DIGIT_QUANTITIES,
    GD152,
    REFERENCE_DPS,
    best_of,
    correct_digits,
    matrices,
    numpy_eig_quantities,
    parameter_batch,
)
from numpy.typing import NDArray


def gd152_digits() -> dict[str, dict[str, float | None]]:
    """Correct digits of Gamma_L, |alpha|^2 and the overlap at 152Gd, per method (None: not computed)."""
    ref = reference_eigensystem(*GD152, dps=REFERENCE_DPS)
    arrays = tuple(np.array([v]) for v in GD152)
    wrapper = eigensystem(*GD152)
    with np.errstate(all="ignore"):
        kernel = dict(zip(EIGENSYSTEM_NAMES, _kernels.eigensystem(*eigen_parameters(*arrays))))
    H = matrices(*arrays)
    eig = numpy_eig_quantities(H)
    vals = np.linalg.eigvals(H)[0]
    lam_L = vals[np.argmin(np.abs(vals))]
    out: dict[str, dict[str, float | None]] = {}
    for method, values in (
        ("wrapper", {q: getattr(wrapper, q)[()] for q in DIGIT_QUANTITIES}),
        ("kernel", {q: kernel[q][0] for q in DIGIT_QUANTITIES}),
        ("eig", {q: eig[q][0] for q in DIGIT_QUANTITIES}),
        ("eigvals", {"gamma_L": -2 * lam_L.imag}),
    ):
        out[method] = {
            q: (correct_digits(values[q].item(), ref[q]) if q in values else None) for q in DIGIT_QUANTITIES
        }
    return out


# --------------------------------------------------------------------------- 1. throughput


def throughput(n: int, *, repeat: int = 5, eig_repeat: int = 3, seed: int = 0) -> dict[str, Any]:
    """Seconds and points per second of the atommix kernels and numpy.linalg.eig on one batch of ``n``.

    Returns
    -------
    dict
        ``n`` and ``rows``: per method its label, ``seconds``, ``points_per_s``,
        ``vs_eig`` (throughput ratio to numpy.linalg.eig) and ``digits`` at 152Gd.
    """
    params = parameter_batch(n, seed)
    H = matrices(*params)
    checked = eigen_parameters(*params)
    t_wrapper = best_of(lambda: eigensystem(*params), repeat)
    with np.errstate(all="ignore"):  # as the wrapper does: underflow of tiny ratios is expected
        t_kernel = best_of(lambda: _kernels.eigensystem(*checked), repeat)
    t_eig = best_of(lambda: np.linalg.eig(H), eig_repeat)
    t_eigvals = best_of(lambda: np.linalg.eigvals(H), eig_repeat)
    digits = gd152_digits()
    rows = []
    for key, label, t in (
        ("wrapper", "atommix.numeric.eigensystem (public, checked)", t_wrapper),
        ("kernel", "_kernels.eigensystem (bare generated kernel)", t_kernel),
        ("eig", "numpy.linalg.eig (values + vectors)", t_eig),
        ("eigvals", "numpy.linalg.eigvals (values only)", t_eigvals),
    ):
        rows.append({
            "method": key, "label": label, "seconds": t, "points_per_s": n / t, "vs_eig": t_eig / t,
            "digits": digits[key],
        })
    return {"n": n, "rows": rows}


# --------------------------------------------------------------------------- 2. memory floor


def memory_floor(n: int, *, repeat: int = 7, seed: int = 0) -> dict[str, Any]:
    """Time of the memory-bound floor for the combined eigensystem kernel on ``n`` points.

    The floor reads the same 4 float64 input arrays and writes one array per
    output of ``_kernels.eigensystem`` with the same dtypes, doing no
    arithmetic: one ``numpy.copyto(out_k, input_(k mod 4))`` pass per output
    into preallocated arrays.  ``fresh_seconds`` is the same with the outputs
    allocated anew each call (``astype``), as a kernel returning new arrays must.

    Returns
    -------
    dict
        ``seconds``, ``fresh_seconds``, output ``dtypes``, ``bytes`` (inputs read
        once plus outputs written once) and ``gb_per_s`` of the floor.
    """
    inputs = parameter_batch(n, seed)
    with np.errstate(all="ignore"):
        dtypes = [o.dtype for o in _kernels.eigensystem(*eigen_parameters(*(a[:2] for a in inputs)))]
    outputs = [np.empty(n, dtype=dt) for dt in dtypes]

    def floor_pass() -> None:
        for k, out in enumerate(outputs):
            np.copyto(out, inputs[k % len(inputs)])

    def fresh_pass() -> list[NDArray[np.generic]]:
        return [inputs[k % len(inputs)].astype(dt) for k, dt in enumerate(dtypes)]

    t_floor = best_of(floor_pass, repeat)
    t_fresh = best_of(fresh_pass, repeat)
    nbytes = n * (sum(a.itemsize for a in inputs) + sum(dt.itemsize for dt in dtypes))
    return {
        "n": n,
        "seconds": t_floor,
        "fresh_seconds": t_fresh,
        "dtypes": [str(dt) for dt in dtypes],
        "bytes": nbytes,
        "gb_per_s": nbytes / t_floor / 1e9,
    }
