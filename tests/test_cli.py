"""The command line, end to end: what a user types and reads."""

import json
import shutil
import subprocess
import sys

import pytest
from fractions import Fraction

from atommix.numeric import eigensystem, eigensystem_bounds

from atommix.cli import main

GD = ["--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV"]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_evaluate_json_matches_python_api(capsys):
    code, out, _ = run(capsys, "evaluate", *GD, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"inputs", "values", "bounds", "units"}
    assert data["inputs"] == {"delta": 910.0, "gamma": 23.0, "m21": 1e-24, "phase": 0.0}
    es = eigensystem(910.0, 23.0, 1e-24)
    assert data["values"]["gamma_L"] == float(es.gamma_L) > 0
    assert data["values"]["alpha"] == {"re": es.alpha.real, "im": es.alpha.imag}
    # the bounds at the typed decimals: 1e-24 is not a binary fraction, its rounding enters
    typed = eigensystem_bounds(910.0, 23.0, 1e-24, input_errors={"m21": abs(float(Fraction("1e-24") - Fraction(1e-24)))})
    assert set(data["bounds"]) == set(es._fields)
    assert data["bounds"]["gamma_L"] == float(typed.bounds.gamma_L) < 1e-14
    assert data["units"]["gamma_L"] == "eV" and data["units"]["mixing"] == "1"


def test_reference_json_has_all_digits_and_checked_digit_counts(capsys):
    code, out, _ = run(capsys, "reference", *GD, "--dps", "50", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"inputs", "values", "units", "digits"}
    assert data["inputs"]["m21"] == "1E-24"
    gamma_L = data["values"]["gamma_L"]
    assert isinstance(gamma_L, str) and len(gamma_L.split("e")[0].replace(".", "")) == 50
    assert gamma_L.startswith("2.7769988430177646427074048372")
    assert data["digits"] == {name: 50 for name in data["values"]}
    assert isinstance(data["values"]["alpha"]["re"], str)


def test_reference_keeps_every_input_digit(capsys):
    _, out, _ = run(capsys, "reference", "--delta", "0.2500000000000000000001eV", "--gamma", "23", "--m21", "1e-24", "--dps", "30", "--json")
    data = json.loads(out)
    assert data["inputs"]["delta"] == "0.2500000000000000000001"
    assert data["values"]["E_S"] == "-2.50000000000000000000100000000e-1"


def test_units_and_signs(capsys):
    _, out, _ = run(capsys, "evaluate", "--delta", "-0.00091MeV", "--gamma", "0.023 keV", "--m21", "1e-24", "--phase", "0.5", "--json")
    data = json.loads(out)
    assert data["inputs"] == {"delta": -910.0, "gamma": 23.0, "m21": 1e-24, "phase": 0.5}


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--delta", "nan"], "--delta"),
        (["--delta", "inf eV"], "--delta"),
        (["--gamma", "-23eV"], "gamma"),
        (["--gamma", "23s"], "--gamma: 's' is not an energy"),
        (["--m21", "1e-24 blorps"], "--m21: unknown unit"),
        (["--m21", "1e-24 furlongs"], "--m21: 'furlongs' is not an energy"),
        (["--m21", "abc"], "--m21"),
        (["--delta", "0", "--gamma", "4", "--m21", "1"], "exceptional point"),
    ],
)
@pytest.mark.parametrize("command", ["evaluate", "reference"])
def test_bad_input_exits_2_with_a_one_line_message(capsys, command, argv, needle):
    args = dict(zip(GD[::2], GD[1::2])) | dict(zip(argv[::2], argv[1::2]))
    flat = [x for kv in args.items() for x in kv]
    with pytest.raises(SystemExit) as exc:
        main([command, *flat])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_derive_latex_lists_every_result(capsys):
    _, out, _ = run(capsys, "derive", "--format", "latex")
    assert out.startswith(r"\documentclass")
    for tag in ("2.2", "2.3", "2.4", "2.5"):
        assert rf"\tag{{{tag}}}" in out
    assert "expm" not in out


def test_derive_python_is_runnable(capsys, tmp_path):
    _, out, _ = run(capsys, "derive", "gamma_L", "--format", "python")
    namespace: dict = {}
    exec(compile(out, "derived", "exec"), namespace)
    assert namespace["gamma_L"](910.0, 23.0, 1e-24, 0.0) == float(eigensystem(910.0, 23.0, 1e-24).gamma_L)


def test_derive_unknown_name(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["derive", "nonsense"])
    assert exc.value.code == 2 and "unknown result" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_derive_latex_compiles(tmp_path):
    tex = tmp_path / "atommix.tex"
    main(["derive", "--format", "latex", "-o", str(tex)])
    proc = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "atommix.pdf").stat().st_size > 0


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "atommix", "evaluate", *GD, "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["values"]["gamma_S"] == 23.0


def test_evaluate_with_times(capsys):
    _, out, _ = run(capsys, "evaluate", *GD, "--time", "1e-18s", "--time", "1e-16s", "--time", "1yr", "--time", "4.5e9yr", "--json")
    data = json.loads(out)
    times = data["values"]["times"]
    assert [row["t"] for row in times] == [1e-18, 1e-16, 31557600.0, 4.5e9 * 31557600.0]
    assert set(times[0]) == {"t", "survival", "appearance", "depletion", "P_gs", "P_L", "P_S", "bounds"}
    assert set(times[0]["bounds"]) == {"survival", "appearance", "depletion", "P_gs", "P_L", "P_S"}
    assert times[3]["depletion"] > 5e-21 and times[3]["P_gs"] > 5e-21  # not lost to 1 - 1e-21 == 1
    assert data["values"]["tau_osc"] == pytest.approx(4.544689776839405e-18, rel=1e-15)
    assert data["units"]["tau_L"] == "s" and data["units"]["P_gs"] == "1"


def test_reference_with_times_keeps_digits(capsys):
    _, out, _ = run(capsys, "reference", *GD, "--time", "4.5e9yr", "--dps", "30", "--json")
    data = json.loads(out)
    row = data["values"]["times"][0]
    assert row["t"] == "1.420092E+17"
    assert row["P_gs"].startswith("5.99137375025370")
    assert data["digits"]["times"][0]["P_gs"] == 30


def test_exceptional_point_reports_absent_values_with_reasons(capsys):
    _, out, _ = run(capsys, "evaluate", "--delta", "0", "--gamma", "4eV", "--m21", "1eV", "--time", "1fs", "--json")
    data = json.loads(out)
    assert data["values"]["alpha"] is None and "exceptional point" in data["absent"]["alpha"]
    row = data["values"]["times"][0]
    assert row["P_L"] is None and row["P_S"] is None and "P_L" in data["absent"]
    assert row["survival"] == pytest.approx(0.30403922150081825, rel=1e-14)
    assert data["values"]["tau_S"] is None


def test_bad_time(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", *GD, "--time", "3 eV"])
    assert exc.value.code == 2 and "--time" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", *GD, "--time", "-1s"])
    assert exc.value.code == 2


def test_mbb_command(capsys):
    _, out, _ = run(capsys, "mbb", "--ordering", "IO", "--lightest", "0eV", "--json")
    data = json.loads(out)
    assert data["inputs"] == {"ordering": "IO", "lightest": 0.0, "source": "nufit52"}
    assert round(data["values"]["mbb_min"] * 1e3, 1) == 18.7 and round(data["values"]["mbb_max"] * 1e3, 1) == 48.2
    assert "NuFIT 5.2" in data["sources"]["nufit52"]
    with pytest.raises(SystemExit) as exc:
        main(["mbb", "--ordering", "XO", "--lightest", "0.01eV"])
    assert exc.value.code == 2 and "ordering must be one of NO, IO" in capsys.readouterr().err


def test_candidates_ranked_with_provenance(capsys):
    _, out, _ = run(capsys, "candidates", "--json")
    data = json.loads(out)
    rows = data["values"]["candidates"]
    ranked = [r for r in rows if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(a["mixing"] >= b["mixing"] for a, b in zip(ranked, ranked[1:]))
    gd = next(r for r in rows if r["nuclide"] == "Gd152")
    assert gd["estimated"] == [] and gd["delta_eV"] == 910.0 and gd["gamma_eV"] == 23.0
    assert gd["rate_per_mole_per_s"] == pytest.approx(2.5407e-14, rel=1e-4)
    assert gd["resonance_enhancement"] == pytest.approx((23**2 / 4) / (910**2 + 23**2 / 4), rel=1e-12)
    missing = [r for r in rows if r["mixing"] is None]
    assert missing and all("older compilation" in r["missing"] for r in missing)
    estimated = [r for r in rows if r["estimated"]]
    assert estimated and all(any("estimated" in n for n in r["notes"]) for r in estimated)


def test_observables_with_the_papers_inputs(capsys):
    _, out, _ = run(capsys, "observables", *GD, "--atoms", "1mol", "--age", "4.5e9yr", "--photon-energy", "40keV",
                    "--photons-per-fs", "1e10", "--bandwidth", "1.12e-3", "--spot", "100nm", "--spot-shape", "square",
                    "--pulses-per-s", "2.7e4", "--pulse-duration", "100fs", "--json")
    data = json.loads(out)
    v = data["values"]
    assert v["spontaneous_rate"] == pytest.approx(2.5407e-14, rel=1e-4)
    assert v["daughter_atoms"] == pytest.approx(3608.09, rel=1e-5)
    assert v["gain"] == pytest.approx(3.529, rel=1e-3)
    assert v["stimulated_rate"] == pytest.approx(v["gain"] * v["spontaneous_rate"], rel=1e-15)
    assert v["duty_fraction"] == pytest.approx(2.7e-9)
    assert data["units"]["stimulated_rate"] == "1/s"


def test_nuclide_fills_parameters_and_flags_are_overridable(capsys):
    _, out, _ = run(capsys, "evaluate", "--nuclide", "Gd152", "--mbb", "0.05eV", "--json")
    assert json.loads(out)["inputs"]["m21"] == 5e-25
    _, out, _ = run(capsys, "evaluate", "--nuclide", "Gd152", "--delta", "0.5keV", "--json")
    assert json.loads(out)["inputs"]["delta"] == 500.0
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--nuclide", "Er164"])
    assert exc.value.code == 2 and "no m21" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--nuclide", "Xx1"])
    assert exc.value.code == 2 and "nuclide must be one of" in capsys.readouterr().err


def test_observables_uncertainty_from_nuclide_data(capsys):
    _, out, _ = run(capsys, "observables", "--nuclide", "Gd152", "--age", "4.5e9yr", "--uncertainty", "--samples", "5000", "--json")
    data = json.loads(out)
    assert data["inputs"]["sigma"] == {"delta": 180.0}
    u = data["values"]["uncertainties"]
    assert set(u) == {"mixing", "spontaneous_rate", "daughter_atoms"}
    assert u["daughter_atoms"]["lo_16"] < u["daughter_atoms"]["median"] < u["daughter_atoms"]["hi_84"]
    with pytest.raises(SystemExit) as exc:
        main(["observables", *GD, "--uncertainty"])
    assert exc.value.code == 2 and "--delta-unc" in capsys.readouterr().err


def test_accuracy_quick_meets_the_documented_bounds(capsys):
    assert main(["accuracy", "--quick", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    weak = data["values"]["eigensystem_weak_mixing"]
    assert max(s["max"] for s in weak.values()) <= 8
    assert max(s["max_ulp_per_condition"] for s in data["values"]["time_kernels"].values()) <= 16  # as test_evolution


def test_same_command_gives_byte_identical_json(capsys):
    argv = ["reference", *GD, "--time", "1yr", "--dps", "30", "--json"]
    main(argv)
    first = capsys.readouterr().out
    main(argv)
    assert capsys.readouterr().out == first
