"""The speed promises of atommix, measured side by side in one run, each against its target.

    python benchmarks/run.py [--quick] [--json [PATH]] [--profile]

``--quick`` uses 10^5 matrices, 5 reference points, 5 import runs and skips the
symbolic proofs (well under a minute); the full run uses 10^6 matrices, 20
reference points, 20 import runs and times the proofs (a few minutes at most).
``--json`` also writes every figure to PATH (default ``benchmarks/results.json``);
``--profile`` adds where the time of the 50-digit reference values goes (cProfile).
The report is Markdown on stdout; progress goes to stderr.  The targets are
stated for the full sizes: quick figures are indicative only (smaller batches
meet the caches and the memory allocator differently).  Run on an idle machine.

What is measured (times are the best of several runs in this process unless
said otherwise; the machine, the library versions and the CPU count are printed):

1. **Throughput.**  One batch of N random parameter points, log-uniform over the
   documented domain (as ``benchmarks/throughput.py``).  ``atommix.numeric.eigensystem``
   (public wrapper: input checks, all 12 quantities, output checks), the bare
   generated kernel ``_kernels.eigensystem`` (inputs checked beforehand), and
   ``numpy.linalg.eig`` / ``eigvals`` on the same N 2x2 matrices (building the
   matrices is not timed, in eig's favour).  Target: both atommix paths >= 10x
   eig's points per second.  Also the correct significant digits of Gamma_L,
   |alpha|^2 and <lambda_S|lambda_L> at 152Gd (Delta = 910 eV, Gamma = 23 eV,
   |M21| = 1e-24 eV, phase 0) against the 50-digit mpmath reference; eig's
   quantities are read off its eigenvalues and eigenvectors with the
   definitions of :mod:`atommix.validation.eigensystem` (capped at 16 digits).
2. **Memory-bound floor.**  The least work any NumPy code producing the kernel's
   outputs must do: read the 4 float64 input arrays and write one array of each
   output of the combined kernel, same count and dtypes (5 complex128 and 7
   float64 arrays of N), with no arithmetic at all: one ``numpy.copyto`` pass per
   output, from an input array into a preallocated output array.  Target: kernel
   time / floor time <= 3.  The same floor with freshly allocated outputs (as the
   kernel must return new arrays, so page faults included) is shown for context.
3. **Reference values.**  On the same set of points (152Gd, random weak mixing
   at real-atom scales, strong mixing, and next to the exceptional point), the
   time of ``reference_eigensystem(..., dps=50)`` (the full eigensystem with
   checked digits, adaptive precision) and of python-flint's
   ``certified_eigensystem(..., dps=50)`` against bare ``mpmath.eig`` (values and
   right vectors, at ``mp.dps = 50``, building H included).  Figures are
   speed-ups, eig time / method time; targets: reference >= 5x, certified >= 20x.
   Points where the certified layer declines (CertificationError next to the
   exceptional point) are skipped for it and counted.  For context: the digits of
   Gamma_L that bare mpmath.eig at 50 digits gets.
4. **Start-up.**  Wall time of ``python -c "import atommix.numeric"`` against
   ``python -c "import numpy"`` in fresh subprocesses (interleaved, after one
   warm-up each, in the current environment); target: ratio of medians <= 1.5.
5. **Regeneration.**  In a fresh subprocess, from scratch and in memory (nothing
   is written): the registry (every derivation), the kernels module source,
   the LaTeX document, the C source and the Python source.  Target: wall time of
   the subprocess <= 30 s.  The full run also times the symbolic proofs
   (``pytest tests/test_symbolic.py``) as information, with no target.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
from numpy.typing import NDArray

from atommix.numeric import _kernels, eigensystem
from atommix.numeric.eigensystem import EIGENSYSTEM_NAMES
from atommix.numeric.parameters import at_exceptional_point, eigen_parameters
from atommix.validation import reference_eigensystem
from atommix.validation.accuracy import sample_eigen_parameters, sample_near_exceptional_point

__all__ = [
    "GD152",
    "DIGIT_QUANTITIES",
    "parameter_batch",
    "matrices",
    "best_of",
    "correct_digits",
    "numpy_eig_quantities",
    "gd152_digits",
    "throughput",
    "memory_floor",
    "reference_points",
    "mpmath_eig",
    "reference_timing",
    "eig_gamma_L_digits",
    "profile_reference",
    "import_times",
    "regeneration",
    "symbolic_proofs",
    "targets",
    "run_all",
    "report",
    "main",
]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = Path(__file__).resolve().with_name("results.json")

#: The 152Gd point of the paper: Delta = 910 eV, Gamma = 23 eV, |M21| = 1e-24 eV, phase 0.
GD152: tuple[float, float, float, float] = (910.0, 23.0, 1e-24, 0.0)
#: Quantities whose correct digits are reported at 152Gd.
DIGIT_QUANTITIES: tuple[str, ...] = ("gamma_L", "mixing", "overlap")
#: Float64 carries about 16 significant digits; exact agreement is reported as this.
MAX_FLOAT_DIGITS = 16.0
REFERENCE_DPS = 50

FULL = {"n": 1_000_000, "points": 20, "import_runs": 20, "proofs": True}
QUICK = {"n": 100_000, "points": 5, "import_runs": 5, "proofs": False}

Point = tuple[float, float, float, float]


# --------------------------------------------------------------------------- helpers


def parameter_batch(n: int, seed: int = 0) -> tuple[NDArray[np.float64], ...]:
    """``(delta, gamma, m21, phase)``, each ``n`` points log-uniform over the documented domain.

    |Delta| in [1e-3, 1e6] eV with both signs, Gamma/|Delta| in [1e-6, 1e6],
    |M21|/|Delta + i Gamma/2| in [1e-30, 1e-1], phase uniform in [0, 2 pi).
    """
    rng = np.random.default_rng(seed)
    delta = 10 ** rng.uniform(-3, 6, n) * rng.choice([-1.0, 1.0], n)
    gamma = np.abs(delta) * 10 ** rng.uniform(-6, 6, n)
    m21 = np.hypot(delta, gamma / 2) * 10 ** rng.uniform(-30, -1, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    return delta, gamma, m21, phase


def matrices(
    delta: NDArray[np.float64], gamma: NDArray[np.float64], m21: NDArray[np.float64], phase: NDArray[np.float64]
) -> NDArray[np.complex128]:
    """The matrices H - M1 of Eq. (2.1), shape ``(n, 2, 2)``."""
    m = m21 * np.exp(1j * phase)
    H = np.zeros((delta.size, 2, 2), dtype=np.complex128)
    H[:, 0, 1] = np.conj(m)
    H[:, 1, 0] = m
    H[:, 1, 1] = -delta - 0.5j * gamma
    return H


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Shortest wall time in seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def correct_digits(value: complex | float, exact: Any, cap: float = MAX_FLOAT_DIGITS) -> float:
    """Correct significant digits of ``value`` against the mpmath number ``exact``, in [0, cap].

    ``-log10(|value - exact| / |exact|)``, normwise for complex values; a
    non-finite value has 0 correct digits and an exact one ``cap``.
    """
    ctx = exact.context
    if not np.isfinite(value):
        return 0.0
    v = ctx.mpc(complex(value)) if isinstance(value, complex) or np.iscomplexobj(value) else ctx.mpf(float(value))
    if exact == 0:
        return cap if v == 0 else 0.0
    rel = abs(v - exact) / abs(exact)
    if rel == 0:
        return cap
    return float(max(0.0, min(cap, float(-ctx.log10(rel)))))


def numpy_eig_quantities(H: NDArray[np.complex128]) -> dict[str, NDArray[np.generic]]:
    """Gamma_L, |alpha|^2 and the overlap read off ``numpy.linalg.eig`` (conventions of the reference).

    lambda_L is the eigenvalue of smaller modulus; ``|lambda_L> = |1> + alpha|2>``,
    ``|lambda_S> = |2> - beta*|1>``, overlap = alpha - beta.
    """
    vals, vecs = np.linalg.eig(H)
    i_L = np.argmin(np.abs(vals), axis=-1)
    i_S = 1 - i_L
    rows = np.arange(H.shape[0])
    lam_L = vals[rows, i_L]
    right_L = vecs[rows, :, i_L]
    right_S = vecs[rows, :, i_S]
    with np.errstate(all="ignore"):
        alpha = right_L[:, 1] / right_L[:, 0]
        beta = np.conj(-right_S[:, 0] / right_S[:, 1])
    return {"gamma_L": -2 * lam_L.imag, "mixing": np.abs(alpha) ** 2, "overlap": alpha - beta}


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


# --------------------------------------------------------------------------- 3. reference values


def reference_points(count: int, seed: int = 7) -> list[Point]:
    """``count`` parameter points: 152Gd, then weak mixing, strong mixing and next to the exceptional point.

    Weak: |M21|/|Delta + i Gamma/2| log-uniform in [1e-30, 1e-1] (real atoms sit
    near 1e-27); strong: in [1e-1, 1e3]; about a quarter strong and 15 % next to
    the exceptional point (Delta = 0, Gamma = 4|M21|, never exactly on it).
    """
    n_ep = max(1, round(0.15 * count))
    n_strong = max(1, round(0.25 * count))
    n_weak = max(0, count - 1 - n_ep - n_strong)
    sampled = (
        sample_eigen_parameters(n_weak, seed=seed)
        + sample_eigen_parameters(n_strong, seed=seed + 1, ratio_range=(1e-1, 1e3))
        + sample_near_exceptional_point(2 * n_ep + 2, seed=seed + 2)[:n_ep]
    )
    points = [GD152] + [(p.delta, p.gamma, p.m21, p.phase) for p in sampled]
    points = [p for p in points if not at_exceptional_point(*(np.float64(v) for v in p[:3]))]
    return points[:count]


def mpmath_eig(point: Point, dps: int = REFERENCE_DPS) -> tuple[Any, Any]:
    """Bare ``mpmath.eig`` of H at ``point`` at ``mp.dps = dps`` (eigenvalues, right eigenvectors)."""
    delta, gamma, m21, phase = point
    with mpmath.workdps(dps):
        m = mpmath.mpf(m21) * mpmath.expj(phase)
        H = mpmath.matrix([[0, mpmath.conj(m)], [m, mpmath.mpc(-delta, -gamma / 2)]])
        return mpmath.eig(H)


def _point_times(fn: Callable[[Point], object], points: Sequence[Point], repeat: int) -> list[float]:
    """Per point, the shortest of ``repeat`` timed calls."""
    best = [math.inf] * len(points)
    for _ in range(repeat):
        for i, p in enumerate(points):
            t0 = time.perf_counter()
            fn(p)
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def reference_timing(points: Sequence[Point], *, repeat: int = 3, dps: int = REFERENCE_DPS) -> dict[str, Any]:
    """Times of the reference, the certified balls and bare mpmath.eig over ``points``.

    Returns
    -------
    dict
        Total seconds per method, speed-ups over mpmath.eig (on the points each
        method handles), the points the certified layer declined, the fewest
        checked digits of the reference, and the digits of Gamma_L that bare
        mpmath.eig gets (against the reference).
    """
    refs = [reference_eigensystem(*p, dps=dps) for p in points]  # warm-up, and the values for the digits
    eig_digits = [eig_gamma_L_digits(mpmath_eig(p, dps)[0], ref) for p, ref in zip(points, refs)]
    t_eig = _point_times(lambda p: mpmath_eig(p, dps), points, repeat)
    t_ref = _point_times(lambda p: reference_eigensystem(*p, dps=dps), points, repeat)
    out: dict[str, Any] = {
        "points": len(points),
        "dps": dps,
        "eig_seconds": sum(t_eig),
        "reference_seconds": sum(t_ref),
        "reference_speedup": sum(t_eig) / sum(t_ref),
        "reference_min_digits": min(min(r.digits.values()) for r in refs),
        "reference_max_working_dps": max(r.working_dps for r in refs),
        "eig_gamma_L_digits_min": min(eig_digits),
        "eig_gamma_L_digits_gd152": eig_digits[0] if points and points[0] == GD152 else None,
    }
    try:
        from atommix.validation.certified import CertificationError, certified_eigensystem
        import flint  # noqa: F401  (imported before timing)
    except ImportError:
        out.update(certified_seconds=None, certified_speedup=None, certified_points=0, certified_skipped=None)
        return out
    accepted = []
    for i, p in enumerate(points):
        try:
            certified_eigensystem(*p, dps=dps)
        except CertificationError:
            continue
        accepted.append(i)
    chosen = [points[i] for i in accepted]
    t_cert = _point_times(lambda p: certified_eigensystem(*p, dps=dps), chosen, repeat)
    eig_on_chosen = sum(t_eig[i] for i in accepted)
    out.update(
        certified_seconds=sum(t_cert),
        certified_eig_seconds=eig_on_chosen,
        certified_speedup=eig_on_chosen / sum(t_cert) if chosen else None,
        certified_points=len(chosen),
        certified_skipped=len(points) - len(chosen),
    )
    return out


def eig_gamma_L_digits(eigenvalues: Sequence[Any], ref: Any) -> float:
    """Correct digits of Gamma_L = -2 Im(lambda_L) from mpmath.eig's eigenvalues, against the reference.

    lambda_L is the eigenvalue of smaller modulus; the arithmetic runs in the
    reference's context (at its working precision), so nothing is rounded on the way.
    """
    ctx = ref.context
    lam = min((ctx.convert(v) for v in eigenvalues), key=abs)
    exact = ref["gamma_L"]
    value = -2 * ctx.im(lam)
    if exact == 0:
        return float(ref.dps) if value == 0 else 0.0
    rel = abs(value - exact) / abs(exact)
    return float(ref.dps) if rel == 0 else float(max(0.0, min(ref.dps, float(-ctx.log10(rel)))))


def _profile(fn: Callable[[Point], object], points: Sequence[Point], wanted: dict[str, tuple[str, str]], top: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    for p in points:
        fn(p)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = {}
    for label, (file, func) in wanted.items():
        cum = sum(
            v[3] for (f, _, name), v in stats.stats.items()  # type: ignore[attr-defined]
            if f.endswith(file) and name == func
        )
        shares[label] = cum / total if total else 0.0
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(top)
    return {"total_seconds": total, "shares": shares, "text": buf.getvalue()}


def profile_reference(points: Sequence[Point], *, dps: int = REFERENCE_DPS, top: int = 12) -> dict[str, Any]:
    """cProfile of ``reference_eigensystem`` (and of ``certified_eigensystem``, if available) over ``points``.

    Returns
    -------
    dict
        Per layer: ``total_seconds`` (under the profiler, which inflates
        Python-level work), ``shares``: cumulative fraction of the time in the
        main parts (for the reference: ``mpmath.eig``, creating private contexts,
        counting agreeing digits, the starting precision; for the certified
        balls: checking the exact inputs and the starting precision, the rest
        being ball arithmetic), and ``text``: the ``top`` entries by cumulative time.
    """
    common = {
        "EigenInputs.from_values (exact inputs)": ("eigensystem.py", "from_values"),
        "initial_working_dps": ("eigensystem.py", "initial_working_dps"),
    }
    out = {
        "reference": _profile(
            lambda p: reference_eigensystem(*p, dps=dps),
            points,
            {
                "mpmath.eig": ("eigen.py", "eig"),
                "private_context (new mpmath.MPContext)": ("precision.py", "private_context"),
                "agreement_digits": ("precision.py", "agreement_digits"),
                **common,
            },
            top,
        )
    }
    try:
        from atommix.validation.certified import CertificationError, certified_eigensystem
        import flint  # noqa: F401
    except ImportError:
        return out

    def certified(p: Point) -> None:
        try:
            certified_eigensystem(*p, dps=dps)
        except CertificationError:
            pass

    out["certified"] = _profile(certified, points, common, top)
    return out


# --------------------------------------------------------------------------- 4. start-up


def import_times(runs: int) -> dict[str, Any]:
    """Wall times of ``python -c "import numpy"`` and ``python -c "import atommix.numeric"``.

    Fresh subprocesses of this interpreter, interleaved, after one warm-up each.
    """
    codes = {"numpy": "import numpy", "atommix.numeric": "import atommix.numeric"}
    times: dict[str, list[float]] = {k: [] for k in codes}

    def once(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        return time.perf_counter() - t0

    for code in codes.values():
        once(code)
    for _ in range(runs):
        for key, code in codes.items():
            times[key].append(once(code))
    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    return {
        "runs": runs,
        "median_seconds": med,
        "best_seconds": best,
        "ratio_median": med["atommix.numeric"] / med["numpy"],
        "ratio_best": best["atommix.numeric"] / best["numpy"],
    }


# --------------------------------------------------------------------------- 5. regeneration

REGENERATION_SCRIPT = r'''
import importlib, json, time
stages = {}
t = time.perf_counter()
registry_module = importlib.import_module("atommix.derivations.registry")
from atommix.derivations import codegen, ccode, latex
stages["import SymPy and atommix.derivations"] = time.perf_counter() - t
sizes = {}
for label, make in (
    ("registry (all derivations)", lambda: registry_module.registry()),
    ("kernels module source", codegen.generate_kernels_module),
    ("LaTeX document", latex.latex_document),
    ("C source", ccode.c_source),
    ("Python source", latex.python_source),
):
    t = time.perf_counter()
    value = make()
    stages[label] = time.perf_counter() - t
    sizes[label] = len(value)
committed = codegen.kernels_module_path().read_text()
print(json.dumps({"stages": stages, "sizes": sizes,
                  "kernels_match_committed": committed == codegen.generate_kernels_module()}))
'''


def regeneration() -> dict[str, Any]:
    """Wall time of regenerating every derivation and all generated code in a fresh subprocess.

    Nothing is written: the sources are built in memory (the committed kernels
    module is only read, to say whether it matches).
    """
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", REGENERATION_SCRIPT], check=True, capture_output=True, text=True, cwd=ROOT
    )
    wall = time.perf_counter() - t0
    detail = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"seconds": wall, "cpu_count": os.cpu_count(), **detail}


def symbolic_proofs() -> dict[str, Any]:
    """Wall time of ``pytest tests/test_symbolic.py`` in a subprocess (information only)."""
    cmd = [sys.executable, "-m", "pytest", "tests/test_symbolic.py", "-q", "-p", "no:cacheprovider"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.strip()]
    return {"seconds": wall, "returncode": proc.returncode, "summary": lines[-1] if lines else ""}


# --------------------------------------------------------------------------- targets and report


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured figure and whether it is met (``None``: not measured)."""
    rows = {r["method"]: r for r in results["throughput"]["rows"]}
    floor = results["floor"]["seconds"]
    ref = results["reference"]
    out = [
        ("1a", "public eigensystem throughput / numpy.linalg.eig", rows["wrapper"]["vs_eig"], ">=", 10.0),
        ("1b", "bare kernel throughput / numpy.linalg.eig", rows["kernel"]["vs_eig"], ">=", 10.0),
        ("2a", "bare kernel time / memory floor", rows["kernel"]["seconds"] / floor, "<=", 3.0),
        ("2b", "public eigensystem time / memory floor", rows["wrapper"]["seconds"] / floor, "<=", 3.0),
        ("3a", "reference (50 digits) speed-up over mpmath.eig", ref["reference_speedup"], ">=", 5.0),
        ("3b", "certified (50 digits) speed-up over mpmath.eig", ref.get("certified_speedup"), ">=", 20.0),
        ("4", "import atommix.numeric / import numpy (medians)", results["imports"]["ratio_median"], "<=", 1.5),
        ("5", "regenerate derivations and code, fresh process (s)", results["regeneration"]["seconds"], "<=", 30.0),
    ]
    return [
        {
            "id": tid, "what": what, "figure": fig, "target": f"{op} {goal:g}",
            "met": None if fig is None else (fig >= goal if op == ">=" else fig <= goal),
        }
        for tid, what, fig, op, goal in out
    ]


def run_all(
    *, n: int, points: int, import_runs: int, proofs: bool, profile: bool = False, progress: bool = True
) -> dict[str, Any]:
    """Every measurement in one run; the dict that :func:`report` prints and ``--json`` writes."""
    def say(msg: str) -> None:
        if progress:
            print(msg, file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    results: dict[str, Any] = {"machine": machine()}
    say(f"1/5 throughput on {n:,} matrices ...")
    results["throughput"] = throughput(n)
    say("2/5 memory floor ...")
    results["floor"] = memory_floor(n)
    pts = reference_points(points)
    say(f"3/5 reference values on {len(pts)} points ...")
    results["reference"] = reference_timing(pts)
    if profile:
        results["reference_profile"] = profile_reference(pts)
    say(f"4/5 start-up ({import_runs} runs each) ...")
    results["imports"] = import_times(import_runs)
    say("5/5 regeneration in a fresh process ...")
    results["regeneration"] = regeneration()
    if proofs:
        say("    symbolic proofs (pytest tests/test_symbolic.py) ...")
        results["proofs"] = symbolic_proofs()
    results["targets"] = targets(results)
    results["elapsed_seconds"] = time.perf_counter() - t0
    return results


def machine() -> dict[str, Any]:
    """Interpreter, library versions and CPU count of this run."""
    try:
        import flint

        flint_version: str | None = flint.__version__
    except ImportError:
        flint_version = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "numpy": np.__version__,
        "mpmath": mpmath.__version__,
        "mpmath_backend": mpmath.libmp.BACKEND,
        "python_flint": flint_version,
        "load_average_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


def _digits(d: float | None) -> str:
    return "—" if d is None else f"{d:.1f}"


def _yes(met: bool | None) -> str:
    return "not measured" if met is None else ("yes" if met else "**no**")


def report(results: dict[str, Any]) -> str:
    """The Markdown report of :func:`run_all`'s results."""
    m = results["machine"]
    tp, fl, ref, imp, reg = (results[k] for k in ("throughput", "floor", "reference", "imports", "regeneration"))
    n = tp["n"]
    lines = [
        f"Python {m['python']}, NumPy {m['numpy']}, mpmath {m['mpmath']} ({m['mpmath_backend']} backend), "
        f"python-flint {m['python_flint'] or 'absent'}; {m['cpu_count']} CPUs; {m['platform']}"
        + (f"; 1-min load average {m['load_average_1min']:.2f} at the start"
           if m.get("load_average_1min") is not None else ""),
        "",
        f"**1. Eigensystem of {n:,} 2x2 matrices** (best of several runs; building the matrices for eig not timed; "
        "correct digits at 152Gd against the 50-digit reference)",
        "",
        "| method | time (s) | points/s | vs eig | Γ_L digits | \\|α\\|² digits | overlap digits |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in tp["rows"]:
        dg = r["digits"]
        lines.append(
            f"| {r['label']} | {r['seconds']:.4f} | {r['points_per_s']:,.0f} | {r['vs_eig']:.1f}x | "
            f"{_digits(dg['gamma_L'])} | {_digits(dg['mixing'])} | {_digits(dg['overlap'])} |"
        )
    kernel = next(r for r in tp["rows"] if r["method"] == "kernel")
    wrapper = next(r for r in tp["rows"] if r["method"] == "wrapper")
    lines += [
        "",
        f"**2. Memory-bound floor, {fl['n']:,} points**: read 4 float64 inputs, write {len(fl['dtypes'])} outputs "
        f"({fl['dtypes'].count('complex128')} complex128 + {fl['dtypes'].count('float64')} float64), "
        "no arithmetic: one numpy.copyto per output into preallocated arrays"
        + (" (at this size the arrays may fit in the CPU caches: the floor is then faster than memory)"
           if fl["bytes"] < 100e6 else ""),
        "",
        "| | time (s) | kernel / it | public / it |",
        "|---|---:|---:|---:|",
        f"| floor, preallocated outputs ({fl['bytes'] / 1e6:.0f} MB, {fl['gb_per_s']:.1f} GB/s) | {fl['seconds']:.4f} | "
        f"{kernel['seconds'] / fl['seconds']:.1f}x | {wrapper['seconds'] / fl['seconds']:.1f}x |",
        f"| same, outputs freshly allocated (context) | {fl['fresh_seconds']:.4f} | "
        f"{kernel['seconds'] / fl['fresh_seconds']:.1f}x | {wrapper['seconds'] / fl['fresh_seconds']:.1f}x |",
        "",
        f"**3. {REFERENCE_DPS}-digit values on {ref['points']} points** (152Gd, weak and strong mixing, "
        "next to the exceptional point; best of 3 per point)",
        "",
        "| method | total (s) | per point (ms) | speed-up over mpmath.eig |",
        "|---|---:|---:|---:|",
        f"| mpmath.eig at mp.dps = {ref['dps']} (values + right vectors) | {ref['eig_seconds']:.4f} | "
        f"{1e3 * ref['eig_seconds'] / ref['points']:.2f} | 1.0x |",
        f"| reference_eigensystem(dps={ref['dps']}) (adaptive, checked digits) | {ref['reference_seconds']:.4f} | "
        f"{1e3 * ref['reference_seconds'] / ref['points']:.2f} | {ref['reference_speedup']:.2f}x |",
    ]
    if ref.get("certified_seconds") is not None and ref["certified_points"]:
        lines.append(
            f"| certified_eigensystem(dps={ref['dps']}) (python-flint balls; {ref['certified_points']} points, "
            f"{ref['certified_skipped']} declined) | "
            f"{ref['certified_seconds']:.4f} | {1e3 * ref['certified_seconds'] / ref['certified_points']:.3f} | "
            f"{ref['certified_speedup']:.1f}x |"
        )
    else:
        lines.append("| certified_eigensystem | not measured (python-flint absent or every point declined) | | |")
    gd = ref.get("eig_gamma_L_digits_gd152")
    lines += [
        "",
        f"Reference: at least {ref['reference_min_digits']} checked digits of every quantity at every point "
        f"(working precision up to {ref['reference_max_working_dps']} digits). "
        f"Bare mpmath.eig at {ref['dps']} digits: Γ_L correct to {ref['eig_gamma_L_digits_min']:.0f} digits at worst"
        + (f", {gd:.0f} at 152Gd." if gd is not None else "."),
    ]
    for layer, prof in results.get("reference_profile", {}).items():
        shares = ", ".join(f"{k} {100 * v:.0f}%" for k, v in prof["shares"].items())
        lines += ["", f"Where the {layer} layer's time goes (cProfile, {prof['total_seconds']:.3f} s under the "
                  f"profiler): {shares}", "", "```", prof["text"].strip(), "```"]
    lines += [
        "",
        f"**4. Start-up**, {imp['runs']} fresh interpreters each: `import numpy` median "
        f"{imp['median_seconds']['numpy']:.3f} s (best {imp['best_seconds']['numpy']:.3f}), "
        f"`import atommix.numeric` median {imp['median_seconds']['atommix.numeric']:.3f} s "
        f"(best {imp['best_seconds']['atommix.numeric']:.3f}); ratio {imp['ratio_median']:.2f}x "
        f"(best {imp['ratio_best']:.2f}x)",
        "",
        f"**5. Regeneration** from scratch in a fresh process ({reg['cpu_count']} CPUs), in memory: "
        f"{reg['seconds']:.1f} s wall — "
        + ", ".join(f"{k} {v:.2f} s" for k, v in reg["stages"].items())
        + f"; fresh kernels {'match' if reg['kernels_match_committed'] else '**differ from**'} "
        "the committed numeric/_kernels.py",
    ]
    if "proofs" in results:
        pr = results["proofs"]
        lines.append(
            f"Symbolic proofs (information): `pytest tests/test_symbolic.py` {pr['seconds']:.1f} s wall, "
            f"{pr['summary'] or 'no output'}" + ("" if pr["returncode"] == 0 else f" (exit {pr['returncode']})")
        )
    quick = n < FULL["n"] or ref["points"] < FULL["points"]
    lines += ["", "**Targets**" + (" (smaller than the full sizes: indicative only)" if quick else ""), "",
              "| # | measurement | figure | target | met |", "|---|---|---:|---:|---|"]
    for t in results["targets"]:
        fig = "—" if t["figure"] is None else f"{t['figure']:.2f}"
        lines.append(f"| {t['id']} | {t['what']} | {fig} | {t['target']} | {_yes(t['met'])} |")
    lines += ["", f"({results['elapsed_seconds']:.0f} s)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Command line: run every measurement, print the report, optionally write JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10^5 matrices, 5 points, 5 import runs, no proofs")
    parser.add_argument("--n", type=int, help="matrices in the batch (overrides the mode)")
    parser.add_argument("--points", type=int, help="points for the 50-digit values (overrides the mode)")
    parser.add_argument("--import-runs", type=int, help="subprocess runs per import (overrides the mode)")
    parser.add_argument("--no-proofs", action="store_true", help="skip timing tests/test_symbolic.py")
    parser.add_argument("--profile", action="store_true", help="cProfile the reference values")
    parser.add_argument(
        "--json", nargs="?", const=str(DEFAULT_JSON), metavar="PATH",
        help=f"also write the figures as JSON (default path {DEFAULT_JSON.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    results = run_all(
        n=args.n or mode["n"],
        points=args.points or mode["points"],
        import_runs=args.import_runs or mode["import_runs"],
        proofs=bool(mode["proofs"]) and not args.no_proofs,
        profile=args.profile,
    )
    results["mode"] = "quick" if args.quick else "full"
    print(report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"\nwrote {args.json}", file=sys.stderr)
    return results


if __name__ == "__main__":
    main()
