"""The targets and the Markdown report of benchmarks/run.py."""

from __future__ import annotations

from typing import Any

from bench_common import FULL, REFERENCE_DPS

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
        ("3a", "reference (50 digits, with the mpmath cross-check) speed-up over mpmath.eig",
         ref["reference_speedup"], ">=", 1.0),
        ("3b", "certified balls alone (50 digits) speed-up over mpmath.eig", ref.get("certified_speedup"), ">=", 20.0),
        ("3c", "reference (50 digits, cross_check=False) speed-up over mpmath.eig",
         ref.get("unchecked_speedup"), ">=", 1.0),
        ("4", "import atommix.numeric / import numpy (medians)", results["imports"]["ratio_median"], "<=", 1.5),
        ("5", "regenerate derivations and code, fresh process (s)", results["regeneration"]["seconds"], "<=", 30.0),
        ("6", "N-channel eigensystem / numpy.linalg.eig, slowest of N = 2, 3, 5",
         min(r["vs_eig"] for r in results["channels"]["rows"]), ">=", 5.0),
    ]
    return [
        {
            "id": tid, "what": what, "figure": fig, "target": f"{op} {goal:g}",
            "met": None if fig is None else (fig >= goal if op == ">=" else fig <= goal),
        }
        for tid, what, fig, op, goal in out
    ]



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
        f"| reference_eigensystem(dps={ref['dps']}) (balls + mpmath.eig cross-check) | {ref['reference_seconds']:.4f} | "
        f"{1e3 * ref['reference_seconds'] / ref['points']:.2f} | {ref['reference_speedup']:.2f}x |",
        f"| reference_eigensystem(dps={ref['dps']}, cross_check=False) (digits proven by the balls alone) | "
        f"{ref['unchecked_seconds']:.4f} | {1e3 * ref['unchecked_seconds'] / ref['points']:.2f} | "
        f"{ref['unchecked_speedup']:.2f}x |",
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
        f"Reference: at least {ref['reference_min_digits']} proven digits of every quantity at every point "
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
    ch = results["channels"]
    lines += [
        "",
        f"**6. N daughter channels, {ch['n']:,} points per N** at real-atom scales (best of several runs; "
        "building the matrices for eig not timed; Γ_L digits against the 50-digit reference, fewest over 3 points "
        "for atommix, most for eig)",
        "",
        "| N | channel_eigensystem (s) | numpy.linalg.eig (s) | vs eig | Γ_L digits atommix | Γ_L digits eig |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ch["rows"]:
        lines.append(f"| {r['channels']} | {r['seconds']:.4f} | {r['eig_seconds']:.4f} | {r['vs_eig']:.1f}x | "
                     f"{_digits(r['digits']['atommix'])} | {_digits(r['digits']['eig'])} |")
    quick = n < FULL["n"] or ref["points"] < FULL["points"]
    lines += ["", "**Targets**" + (" (smaller than the full sizes: indicative only)" if quick else ""), "",
              "| # | measurement | figure | target | met |", "|---|---|---:|---:|---|"]
    for t in results["targets"]:
        fig = "—" if t["figure"] is None else f"{t['figure']:.2f}"
        lines.append(f"| {t['id']} | {t['what']} | {fig} | {t['target']} | {_yes(t['met'])} |")
    lines += ["", f"({results['elapsed_seconds']:.0f} s)"]
    return "\n".join(lines)
