"""benchmarks/run.py runs end to end at tiny sizes and reports every target (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run() -> ModuleType:
    return _load("run")


def test_run_quick_tiny(run: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    run.main(["--quick", "--n", "2000", "--points", "3", "--import-runs", "1", "--profile", "--json", str(out)])
    printed = capsys.readouterr().out
    results = json.loads(out.read_text())
    assert results["mode"] == "quick"
    assert [t["id"] for t in results["targets"]] == ["1a", "1b", "2a", "2b", "3a", "3b", "3c", "4", "5", "6"]
    for t in results["targets"]:
        assert t["figure"] is None or t["figure"] > 0
        op, goal = t["target"].split()
        met = None if t["figure"] is None else (t["figure"] >= float(goal) if op == ">=" else t["figure"] <= float(goal))
        assert t["met"] is met, t  # the verdict is the figure against the stated target
        assert f"| {t['id']} |" in printed
    assert "proofs" not in results  # the quick mode skips them
    # the floor writes as many arrays, of the same dtypes, as the combined kernel returns
    assert sorted(results["floor"]["dtypes"]) == sorted(["complex128"] * 5 + ["float64"] * 7)
    assert results["reference"]["points"] == 3 and results["reference"]["reference_min_digits"] == 50
    assert results["regeneration"]["kernels_match_committed"] is True  # the committed kernels are the derivations' output
    assert set(results["reference_profile"]) >= {"reference"}


def test_digits_at_152gd(run: ModuleType) -> None:
    digits = run.gd152_digits()
    for method in ("wrapper", "kernel"):
        assert all(d is not None and d >= 14 for d in digits[method].values())
    assert digits["eig"]["gamma_L"] is not None and digits["eig"]["gamma_L"] < 1  # the trap eig falls into
    assert digits["eigvals"]["mixing"] is None


def test_reference_points(run: ModuleType) -> None:
    points = run.reference_points(20)
    assert len(points) == 20 and points[0] == run.GD152
    assert len(run.reference_points(5)) == 5


def test_throughput_script_shares_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    monkeypatch.delitem(sys.modules, "run", raising=False)
    throughput = _load("throughput")
    assert throughput.batch(10)[0].shape == (10,)


def test_channel_digits_where_eig_has_none(run: ModuleType) -> None:
    results = run.channel_throughput(500)
    assert [r["channels"] for r in results["rows"]] == [2, 3, 5]
    for r in results["rows"]:
        assert r["digits"]["atommix"] >= 14 and r["digits"]["eig"] < 1 and r["vs_eig"] > 0
