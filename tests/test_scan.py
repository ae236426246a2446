"""Scans at scale: grids and random samples streamed to NPZ/CSV, by kernels, mpmath or dask."""

import csv
import json
import tracemalloc

import numpy as np
import pytest
from atommix.numeric import eigensystem, evolution
from atommix.validation import reference_eigensystem

from atommix.cli import main
from atommix.scan import Grid, Sample, scan


def assert_within_ulp(a, b, maxulp=2):
    """Equal to ``maxulp`` units in the last place, component-wise.

    NumPy's SIMD loops (complex multiplication with fused multiply-add) can round a
    point's value differently by its position in the batch, so batches split at
    different places agree to an ulp, not always to the bit.
    """
    a, b = np.asarray(a), np.asarray(b)
    for part in ((lambda x: x.real, lambda x: x.imag) if np.iscomplexobj(a) else (lambda x: x,)):
        x, y = part(a).astype(float), part(b).astype(float)
        assert np.array_equal(np.isnan(x), np.isnan(y))
        ok = ~np.isnan(x)
        np.testing.assert_array_max_ulp(x[ok], y[ok], maxulp=maxulp)


def _csv(path):
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_grid_npz_has_the_grid_shape_and_the_kernels_values(tmp_path):
    out = tmp_path / "grid.npz"
    delta = np.linspace(-2000.0, 2000.0, 41)
    gamma = np.geomspace(1.0, 100.0, 7)
    summary = scan({"delta": Grid(delta), "gamma": Grid(gamma), "m21": 1e-24, "phase": 0.4}, out,
                   quantities=["alpha", "gamma_L", "condition"], chunk=50, progress=False)
    assert summary.points == 41 * 7 and summary.chunks == 6 and summary.exceptional_points == 0
    data = np.load(out)
    assert np.array_equal(data["delta"], delta) and np.array_equal(data["gamma"], gamma)
    es = eigensystem(delta[:, None], gamma[None, :], 1e-24, 0.4)
    for q in ("alpha", "gamma_L", "condition"):
        assert data[q].shape == (41, 7)
        assert_within_ulp(data[q], getattr(es, q))
    info = json.loads(str(data["scan_info"]))
    assert info["axes_order"] == ["delta", "gamma"] and info["fixed"]["m21"] == 1e-24
    assert info["units"]["gamma_L"] == "eV"


def test_random_sample_is_the_same_whatever_the_chunking(tmp_path):
    axes = {"delta": Sample(-5000.0, 5000.0), "gamma": Sample(1.0, 100.0, log=True),
            "m21": Sample(1e-26, 1e-22, log=True), "t": Sample(1e-18, 1e10, log=True)}
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    scan(axes, a, random=500, seed=7, chunk=33, quantities=["mixing", "depletion"], progress=False)
    scan(axes, b, random=500, seed=7, chunk=500, quantities=["mixing", "depletion"], progress=False)
    rows, rows_b = _csv(a), _csv(b)
    for column in ("delta", "gamma", "m21", "t"):  # the same points, to the bit
        assert [r[column] for r in rows] == [r[column] for r in rows_b]
    for column in ("mixing", "depletion"):
        assert_within_ulp([float(r[column]) for r in rows], [float(r[column]) for r in rows_b])
    assert len(rows) == 500
    d = np.array([float(r["delta"]) for r in rows])
    g = np.array([float(r["gamma"]) for r in rows])
    assert -5000 <= d.min() < -4000 and 4000 < d.max() <= 5000 and 1 <= g.min() < 2 and 50 < g.max() <= 100
    m, t = (np.array([float(r[k]) for r in rows]) for k in ("m21", "t"))
    ev = evolution(d, g, m, 0.0, t=t)
    assert_within_ulp([float(r["depletion"]) for r in rows], ev.depletion)  # %.17g round-trips


def test_exceptional_points_are_marked_not_silent(tmp_path, capsys):
    out = tmp_path / "ep.csv"
    assert main(["scan", "--delta", "0", "--gamma", "4", "--m21", "0.5:1.5:5", "--time", "1fs",
                 "--quantities", "mixing,survival,P_L", "-o", str(out), "--no-progress"]) == 0
    assert "1 point(s) at the exceptional point" in capsys.readouterr().out
    rows = _csv(out)
    ep = [r for r in rows if r["exceptional_point"] == "1"]
    assert len(ep) == 1 and float(ep[0]["m21"]) == 1.0
    assert ep[0]["mixing"] == "nan" and ep[0]["P_L"] == "nan"
    survival = float(ep[0]["survival"])  # the evolution exists at the exceptional point
    assert survival == evolution(0.0, 4.0, 1.0, t=1e-15, populations=False).survival
    assert all(r["mixing"] != "nan" for r in rows if r["exceptional_point"] == "0")


def test_reference_scan_in_processes_gives_checked_digits(tmp_path):
    out = tmp_path / "ref.csv"
    summary = scan({"delta": Grid(np.array([-910.0, 910.0, 0.0])), "gamma": 23.0, "m21": 1e-24}, out,
                   quantities=["gamma_L", "alpha"], dps=30, workers=2, progress=False)
    assert summary.backend == "mpmath (2 processes)"
    for row in _csv(out):
        ref = reference_eigensystem(float(row["delta"]), 23.0, 1e-24, dps=30)
        assert row["gamma_L"] == ref.as_strings()["gamma_L"] and int(row["gamma_L_digits"]) == 30
        assert row["alpha_im"] == ref.as_strings()["alpha"]["im"]


def test_mbb_axis_uses_the_nuclides_scaling(tmp_path, capsys):
    out = tmp_path / "mbb.npz"
    assert main(["scan", "--nuclide", "Gd152", "--mbb", "0.01eV:0.1eV:3", "--quantities", "gamma_L",
                 "-o", str(out), "--no-progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["points"] == 3
    data = np.load(out)
    assert_within_ulp(data["gamma_L"], eigensystem(910.0, 23.0, data["mbb"] * 1e-23).gamma_L)
    assert data["gamma_L"][-1] == pytest.approx(2.777e-53, rel=1e-3)  # 1e-24 eV at m_bb = 0.1 eV


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--delta", "1:2", "--gamma", "1", "--m21", "1"], "START:STOP:N"),
        (["--delta", "1:2:x", "--gamma", "1", "--m21", "1"], "number of grid points"),
        (["--delta", "1", "--gamma", "-1", "--m21", "1"], "gamma"),
        (["--delta", "1", "--gamma", "1:2:3", "--m21", "1", "--quantities", "survival"], "need a t axis"),
        (["--delta", "1", "--gamma", "1", "--m21", "1", "--quantities", "nonsense"], "unknown quantities"),
        (["--delta", "1:2:3", "--gamma", "1", "--m21", "1", "--random", "10"], "START:STOP[:log]"),
        (["--delta", "-1:2:3:log", "--gamma", "1", "--m21", "1"], "log"),
        (["--delta", "1meter", "--gamma", "1", "--m21", "1"], "--delta"),
        (["--delta", "1", "--gamma", "1"], "m21"),
        (["--nuclide", "Gd152", "--mbb", "0.1"], None),
    ],
)
def test_bad_scans_fail_in_one_line_before_writing(tmp_path, capsys, argv, message):
    out = tmp_path / "x.npz"
    if message is None:  # the valid case of the table: it runs
        assert main(["scan", *argv, "-o", str(out), "--no-progress"]) == 0 and out.exists()
        return
    with pytest.raises(SystemExit) as exc:
        main(["scan", *argv, "-o", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.iterdir())


def _peak_allocation(path, n_gamma, chunk):
    tracemalloc.start()
    try:
        scan({"delta": Grid(np.linspace(-1e3, 1e3, 2000)), "gamma": Grid(np.geomspace(1, 100, n_gamma)), "m21": 1e-24},
             path, quantities=["mixing", "gamma_L"], chunk=chunk, progress=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_is_bounded_by_the_chunk_not_the_scan(tmp_path):
    """Peak NumPy allocation is the same for 2e5 and 2e6 points in chunks of 1e4."""
    small = _peak_allocation(tmp_path / "small.npz", 100, 10_000)
    large = _peak_allocation(tmp_path / "large.npz", 1000, 10_000)
    assert large < 1.2 * small, (small, large)
    assert large < 2_000_000 * 8 / 2  # far below one full output column
    assert np.load(tmp_path / "large.npz")["mixing"].shape == (2000, 1000)


def test_kernels_accept_dask_arrays_unchanged():
    da = pytest.importorskip("dask.array")
    delta = np.linspace(-1000.0, 1000.0, 11)
    lazy = eigensystem(da.from_array(delta, chunks=4), 23.0, 1e-24)
    assert all(isinstance(v, da.Array) for v in lazy)
    eager = eigensystem(delta, 23.0, 1e-24)
    for a, b in zip(lazy, eager):
        assert_within_ulp(a.compute(), b)
    ev = evolution(da.from_array(delta, chunks=5), 23.0, 1e-24, t=1e-15, populations=False)
    assert ev.P_L is None
    assert_within_ulp(ev.depletion.compute(), evolution(delta, 23.0, 1e-24, t=1e-15).depletion)
    with pytest.raises(ValueError, match="gamma"):
        eigensystem(da.from_array(delta, chunks=4), -1.0, 1e-24).mixing.compute()


def test_scan_on_a_local_dask_cluster_equals_the_local_scan(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        argv = ["scan", "--delta", "-2keV:2keV:301", "--gamma", "1eV:100eV:7:log", "--m21", "1e-24eV",
                "--time", "1e-16:1e-12:3:log", "--quantities", "mixing,alpha,depletion,P_L", "--no-progress",
                "--chunk", "1000"]
        assert main([*argv, "-o", str(tmp_path / "dask.npz"), "--dask", cluster.scheduler_address, "--json"]) == 0
        summary = json.loads(capsys.readouterr().out)
    assert summary["backend"] == "dask" and summary["chunks"] == 7
    assert main([*argv, "-o", str(tmp_path / "local.npz")]) == 0
    a, b = np.load(tmp_path / "dask.npz"), np.load(tmp_path / "local.npz")
    for q in ("delta", "gamma", "t"):
        assert np.array_equal(a[q], b[q]), q
    for q in ("mixing", "alpha", "depletion", "P_L"):
        assert_within_ulp(a[q], b[q])


def test_unreachable_scheduler_is_a_usage_error(tmp_path, capsys):
    pytest.importorskip("distributed")
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--delta", "1", "--gamma", "1", "--m21", "1", "-o", str(tmp_path / "x.npz"),
              "--dask", "tcp://127.0.0.1:9", "--no-progress"])
    assert exc.value.code == 2 and "cannot reach the scheduler" in capsys.readouterr().err
