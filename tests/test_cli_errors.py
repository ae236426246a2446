"""The issue's cases that need a real process: exit status, standard error, Ctrl-C, closed pipes, files."""

import os
import signal
import subprocess
import sys
import time

import pytest

GD = ["--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV"]


def atommix(*argv, **kwargs):
    return subprocess.run([sys.executable, "-m", "atommix", *argv], capture_output=True, text=True, timeout=300, **kwargs)


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("argv, needle", [
    (["plot", "evolution", "-o", "/nonexistent/dir/f.png"], "-o/--output: cannot write '/nonexistent/dir/f.png'"),
    (["derive", "--format", "latex", "-o", "/nonexistent/dir/x.tex"], "-o/--output: cannot write '/nonexistent/dir/x.tex'"),
    (["observables", "--nuclide", "Gd152", "--atoms", "1e400mol"], "--atoms must be within the float64 range"),
    (["reference", "--delta", "1keV", "--gamma", "23eV", "--m21", "1e-200000eV"], "--m21 must be 0 or between"),
])
def test_the_issues_tracebacks_are_one_line_with_status_2(argv, needle):
    proc = atommix(*argv)
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert needle in line and "limit" not in line and "Overflow" not in line


def test_the_reference_computes_far_below_float64():
    # The exact layer carries any exponent: |M21| = 1e-5000 eV gets all its digits.
    proc = atommix("reference", "--delta", "1keV", "--gamma", "23eV", "--m21", "1e-5000eV")
    assert proc.returncode == 0, proc.stderr
    mixing = next(line for line in proc.stdout.splitlines() if line.startswith("mixing"))
    assert "9.99867767487749745096211026091799359534701535721" in mixing and "e-10007" in mixing
    assert mixing.endswith("[50 digits]")


def test_debug_shows_the_traceback():
    proc = atommix("--debug", "reference", "--delta", "1keV", "--gamma", "23eV", "--m21", "1e-200000eV")
    assert proc.returncode == 2 and "Traceback" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("atommix reference: error: --m21 must be 0 or between")


def test_a_closed_pipe_is_one_line_and_status_2():
    with subprocess.Popen([sys.executable, "-m", "atommix", "evaluate", *GD, "--time", "1s"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        proc.stdout.close()  # as `| head -0` would: every write fails with EPIPE
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 2
    assert "broken pipe" in one_line(err)


def test_ctrl_c_during_a_scan_exits_130_and_keeps_the_previous_file(tmp_path):
    out = tmp_path / "scan.csv"
    out.write_text("previous,content\n")
    (tmp_path / "scan.csv.json").write_text("{}\n")
    proc = subprocess.Popen([sys.executable, "-m", "atommix", "scan", "--delta", "-5keV:5keV:4000", "--gamma",
                             "1eV:100eV:4000", "--m21", "1e-24eV", "--chunk", "20000", "-o", str(out), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
        time.sleep(0.05)  # interrupt once the scan writes
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted" in one_line(err)
    assert out.read_text() == "previous,content\n" and (tmp_path / "scan.csv.json").read_text() == "{}\n"
    assert sorted(os.listdir(tmp_path)) == ["scan.csv", "scan.csv.json"]  # no partial file left


def test_ctrl_c_during_an_mpmath_scan_stops_its_workers_quietly(tmp_path):
    out = tmp_path / "ref.npz"
    proc = subprocess.Popen([sys.executable, "-m", "atommix", "scan", "--delta", "-5keV:5keV:100000", "--gamma", "23eV",
                             "--m21", "1e-24eV", "--dps", "40", "--workers", "2", "-o", str(out), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not os.listdir(tmp_path):
        time.sleep(0.05)  # the scan has started writing
    time.sleep(3)  # and its workers are computing
    os.killpg(proc.pid, signal.SIGINT)  # the terminal sends Ctrl-C to the whole process group
    try:
        _, err = proc.communicate(timeout=120)  # queued tasks are dropped, not waited for
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "interrupted" in one_line(err)
    assert os.listdir(tmp_path) == []
