"""Mistaken inputs, one per line: each exits with status 2 and one line naming the option, never a traceback.

Run in-process (``main([...])``); the cases that need a real process (Ctrl-C, closed pipes)
are in ``test_cli_errors.py``.
"""

import contextlib
import io
import re

import pytest

from atommix.cli import main

GD = ["--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV"]
BEAM = ["--photon-energy", "40keV", "--photons-per-fs", "1e10", "--bandwidth", "1e-3", "--spot", "100nm"]
LASER = ["--laser-power", "5W", "--laser-rate", "100MHz", "--laser-duration", "100fs", "--laser-spot", "40um",
         "--level-energy", "1eV"]

#: (argv, the option the message must name). "{tmp}" is a writable folder.
MISTAKES = [
    (["evaluate", "--delta", "1keV", "--gamma", "23eV"], "--m21"),
    (["evaluate", "--delta", "1", "--gamma", "1", "--m21", "-1eV"], "--m21"),
    (["evaluate", "--delta", "abc", "--gamma", "1", "--m21", "1"], "--delta"),
    (["evaluate", "--delta", "1 furlong", "--gamma", "1", "--m21", "1"], "--delta"),
    (["evaluate", "--delta", "1e99999999", "--gamma", "1", "--m21", "1"], "--delta"),
    (["evaluate", *GD, "--time", "-1s"], "--time"),
    (["evaluate", *GD, "--time", "5eV"], "--time"),
    (["evaluate", *GD, "--phase", "1m"], "--phase"),
    (["evaluate", *GD, "--phase", "nan"], "--phase"),
    (["evaluate", "--nuclide", "Xx1"], "--nuclide"),
    (["evaluate", *GD, "--mbb", "0.05eV"], "--mbb"),
    (["evaluate", "--nuclide", "Gd152", "--mbb", "0.05eV", "--m21", "1e-24eV"], "--mbb"),
    (["evaluate", "--nuclide", "Gd152", "--mbb", "-1eV"], "--mbb"),
    (["evaluate", "--nuclide", "Er164"], "--m21"),
    (["evaluate", "--delta", "0", "--gamma", "4", "--m21", "1"], "--gamma"),
    (["evaluate", "--delta", "1", "--gamma", "1", "--m21", "1e400"], "--m21"),
    (["evaluate", "--delta", "1e-400", "--gamma", "1", "--m21", "1"], "--delta"),
    (["evaluate", "--delta"], "--delta"),
    (["evaluate", *GD, "--frobnicate"], "--frobnicate"),
    (["evaluate", *GD, "stray"], "stray"),
    (["reference", *GD, "--dps", "0"], "--dps"),
    (["reference", *GD, "--dps", "abc"], "--dps"),
    (["reference", *GD, "--dps", "-5"], "--dps"),
    (["reference", "--delta", "1keV", "--gamma", "23eV", "--m21", "1e+100001eV"], "--m21"),
    (["mbb", "--ordering", "no", "--lightest", "0"], "--ordering"),
    (["mbb", "--ordering", "NO", "--lightest", "-0.01eV"], "--lightest"),
    (["mbb", "--ordering", "NO", "--lightest", "1s"], "--lightest"),
    (["mbb", "--ordering", "NO", "--lightest", "0", "--source", "nufit"], "--source"),
    (["mbb", "--ordering", "NO", "--lightest", "0", "--uncertainty"], "--uncertainty"),
    (["audit", "--age", "-1yr"], "--age"),
    (["audit", "--atoms", "-5"], "--atoms"),
    (["audit", "--atoms", "1 kg"], "--atoms"),
    (["audit", "--json", "--markdown"], "--markdown"),
    (["audit", "--delta", "0", "--gamma", "4", "--m21", "1"], "--delta"),
    (["plot", "nonsense", "-o", "{tmp}/x.png"], "KIND"),
    (["plot", "evolution", "-o", "{tmp}/x.jpg"], "-o"),
    (["plot", "evolution"], "-o"),
    (["plot", "resonance", "--delta", "1keV", "-o", "{tmp}/x.png"], "--delta"),
    (["plot", "mbb", "--delta", "1keV", "-o", "{tmp}/x.png"], "--delta"),
    (["plot", "gain", "--source", "pdg", "-o", "{tmp}/x.png"], "--source"),
    (["plot", "evolution", "--spot-shape", "disk", "-o", "{tmp}/x.png"], "--spot-shape"),
    (["plot", "evolution", "-o", "{tmp}"], "-o"),
    (["plot", "evolution", "-o", "{tmp}/missing/x.png"], "-o"),
    (["accuracy", "--points", "5"], "--points"),
    (["accuracy", "--points", "0"], "--points"),
    (["accuracy", "--quick", "--points", "100"], "--points"),
    (["accuracy", "--seed", "-1"], "--seed"),
    (["candidates", "--m21", "2eV"], "--m21"),
    (["candidates", "--m21", "-1e-24eV"], "--m21"),
    (["observables", "--nuclide", "Gd152", "--atoms", "1e400mol"], "--atoms"),
    (["observables", "--nuclide", "Gd152", "--time", "abc"], "--time"),
    (["observables", "--nuclide", "Gd152", "--photon-energy", "40keV"], "--photons-per-fs"),
    (["observables", "--nuclide", "Gd152", *BEAM[:2], "--photons-per-fs", "-1e10", *BEAM[4:]], "--photons-per-fs"),
    (["observables", "--nuclide", "Gd152", *BEAM[:6], "--spot", "-100nm"], "--spot"),
    (["observables", "--nuclide", "Gd152", *BEAM[:6], "--spot", "0nm"], "--spot"),
    (["observables", "--nuclide", "Gd152", "--spot-shape", "disk"], "--spot-shape"),
    (["observables", "--nuclide", "Gd152", "--uncertainty", "--samples", "50"], "--samples"),
    (["observables", "--nuclide", "Gd152", "--delta-unc", "10eV"], "--delta-unc"),
    (["observables", "--nuclide", "Gd152", "--uncertainty", "--delta-unc", "-1eV"], "--delta-unc"),
    (["observables", "--nuclide", "Gd152", "--laser-power", "5W"], "--laser-rate"),
    (["observables", "--nuclide", "Gd152", *LASER, "--lifetime", "0s"], "--lifetime"),
    (["observables", "--nuclide", "Gd152", "--pulses-per-s", "-1", "--pulse-duration", "100fs"], "--pulses-per-s"),
    (["observables", "--nuclide", "Gd152", "--age", "-1yr"], "--age"),
    (["observables", "--nuclide", "Gd152", "--age", "abc"], "--age"),
    (["scan", *GD, "-o", "{tmp}/x.txt"], "-o"),
    (["scan", *GD, "-o", "{tmp}/missing/x.csv"], "-o"),
    (["scan", *GD, "-o", "{tmp}"], "-o"),
    (["scan", "--delta", "1:2", "--gamma", "1", "--m21", "1", "-o", "{tmp}/x.csv"], "--delta"),
    (["scan", "--delta", "1:2:0", "--gamma", "1", "--m21", "1", "-o", "{tmp}/x.csv"], "--delta"),
    (["scan", "--delta", "1:2:x", "--gamma", "1", "--m21", "1", "-o", "{tmp}/x.csv"], "--delta"),
    (["scan", "--delta", "1", "--gamma", "-1:5:3", "--m21", "1", "-o", "{tmp}/x.csv"], "--gamma"),
    (["scan", "--delta", "1", "--gamma", "0:5:3:log", "--m21", "1", "-o", "{tmp}/x.csv"], "--gamma"),
    (["scan", "--delta", "1:2", "--gamma", "1", "--m21", "1", "--random", "0", "-o", "{tmp}/x.csv"], "--random"),
    (["scan", *GD, "--seed", "3", "-o", "{tmp}/x.csv"], "--seed"),
    (["scan", *GD, "--quantities", "nonsense", "-o", "{tmp}/x.csv"], "--quantities"),
    (["scan", *GD, "--quantities", "survival", "-o", "{tmp}/x.csv"], "--quantities"),
    (["scan", *GD, "--chunk", "0", "-o", "{tmp}/x.csv"], "--chunk"),
    (["scan", *GD, "--workers", "0", "-o", "{tmp}/x.csv"], "--workers"),
    (["scan", *GD, "--workers", "2", "-o", "{tmp}/x.csv"], "--workers"),
    (["scan", "--delta", "1", "--gamma", "1", "--mbb", "0.1eV", "-o", "{tmp}/x.csv"], "--mbb"),
    (["scan", *GD, "--dps", "10", "--dask", "tcp://127.0.0.1:1", "-o", "{tmp}/x.csv"], "--dps"),
    (["scan", "--delta", "1", "--gamma", "1", "--m21", "1e-400:1e-300:3", "-o", "{tmp}/x.csv"], "--m21"),
    (["derive", "--format", "latex", "-o", "{tmp}/missing/x.tex"], "-o"),
]

#: What no message may show: Python reprs, internal names, temporary files, doubled dashes.
INTERNAL = re.compile(r"Traceback|np\.float|np\.int|Fraction\(|Decimal\(|----|\bn_atoms\b|\bmax_workers\b|\bspot_size\b"
                      r"|t \(time in s\)|\.partial|\.atommix-scan|\.columns|Exceeds the limit|OverflowError|integer string")


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_there_are_at_least_40_more_mistakes():
    assert len(MISTAKES) >= 40 + 20  # the cases and a second round of 40 more


@pytest.mark.parametrize("argv, option", MISTAKES, ids=[" ".join(a)[:60] for a, _ in MISTAKES])
def test_a_mistake_is_one_line_naming_the_option(tmp_path, argv, option):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(argv)
    assert code == 2, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"atommix {argv[0]}: error: "), err
    assert option in lines[0], err
    assert not INTERNAL.search(err), err
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")], "a temporary file was left"


def test_values_are_quoted_as_typed():
    _, _, err = run(["evaluate", "--delta", "1", "--gamma", "-23.0eV", "--m21", "1"])
    assert "got '-23.0eV'" in err and ">= 0 eV" in err
    _, _, err = run(["observables", "--nuclide", "Gd152", "--age", "-1yr"])
    assert "--age must be >= 0 s" in err and "got '-1yr'" in err
    _, _, err = run(["evaluate", "--nuclide", "Gd152", "--mbb", "-1eV"])  # reaches the check, not argparse
    assert "--mbb must be >= 0 eV" in err and "got '-1eV'" in err
    _, _, err = run(["observables", "--nuclide", "Gd152", "--photon-energy", "40keV", "--photons-per-fs", "-1e10",
                     "--bandwidth", "1e-3", "--spot", "100nm"])
    assert "--photons-per-fs must be >= 0" in err and "got '-1e10'" in err


@pytest.mark.parametrize("argv", [
    ["evaluate", "--delta", "-1keV", "--gamma", "23eV", "--m21", "1e-24eV", "--phase", "-0.5", "--json"],
    ["evaluate", "--delta", "-.5keV", "--gamma", "23eV", "--m21", "1e-24eV", "--json"],
    ["evaluate", "--delta=-1e3", "--gamma", "23eV", "--m21", "1e-24eV", "--json"],
])
def test_negative_values_are_values(argv):
    code, out, err = run(argv)
    assert code == 0, err
