"""Start-up and regeneration: import time of atommix.numeric, regenerating the derivations (targets 4, 5)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from bench_common import ROOT

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
