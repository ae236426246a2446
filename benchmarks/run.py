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
   speed-ups, eig time / method time; targets: the reference (certificate plus one
   mpmath.eig cross-check above the scale gap) >= 1x, the same without the cross-check
   >= 1x, the certified balls alone >= 20x.
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
6. **N daughter channels.**  ``atommix.numeric.channels.channel_eigensystem`` against
   ``numpy.linalg.eig`` on the same batch of (N+1) x (N+1) matrices at real-atom scales, for
   N = 2, 3, 5 (``benchmarks/bench_channels.py``; the batch is a tenth of the 2x2 batch, at least 1000
   points); target: >= 5x for the slowest N, with Gamma_L correct where eig gets no digit (its
   digits against the 50-digit reference are shown beside).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench_* modules beside this script

from bench_channels import channel_throughput  # noqa: E402
from bench_common import DEFAULT_JSON, FULL, GD152, QUICK, ROOT, machine  # noqa: E402
from bench_kernels import gd152_digits, memory_floor, throughput  # noqa: E402
from bench_reference import profile_reference, reference_points, reference_timing  # noqa: E402
from bench_report import report, targets  # noqa: E402
from bench_startup import import_times, regeneration, symbolic_proofs  # noqa: E402

__all__ = ["GD152", "FULL", "QUICK", "gd152_digits", "reference_points", "channel_throughput", "run_all", "main"]


def run_all(
    *, n: int, points: int, import_runs: int, proofs: bool, profile: bool = False, progress: bool = True
) -> dict[str, Any]:
    """Every measurement in one run; the dict that :func:`report` prints and ``--json`` writes."""
    def say(msg: str) -> None:
        if progress:
            print(msg, file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    results: dict[str, Any] = {"machine": machine()}
    say(f"1/6 throughput on {n:,} matrices ...")
    results["throughput"] = throughput(n)
    say("2/6 memory floor ...")
    results["floor"] = memory_floor(n)
    pts = reference_points(points)
    say(f"3/6 reference values on {len(pts)} points ...")
    results["reference"] = reference_timing(pts)
    if profile:
        results["reference_profile"] = profile_reference(pts)
    say(f"4/6 start-up ({import_runs} runs each) ...")
    results["imports"] = import_times(import_runs)
    say("5/6 regeneration in a fresh process ...")
    results["regeneration"] = regeneration()
    n_channels = max(1000, n // 10)
    say(f"6/6 N daughter channels, {n_channels:,} points per N ...")
    results["channels"] = channel_throughput(n_channels)
    if proofs:
        say("    symbolic proofs (pytest tests/test_symbolic.py) ...")
        results["proofs"] = symbolic_proofs()
    results["targets"] = targets(results)
    results["elapsed_seconds"] = time.perf_counter() - t0
    return results



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
