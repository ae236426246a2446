"""The command line, end to end: what a user types and reads."""

import json
import shutil
import subprocess
import sys

import pytest

from atommix.commands import main
from atommix.numeric import eigensystem

GD = ["--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV"]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_evaluate_json_matches_python_api(capsys):
    code, out, _ = run(capsys, "evaluate", *GD, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"inputs", "values", "units"}
    assert data["inputs"] == {"delta": 910.0, "gamma": 23.0, "m21": 1e-24, "phase": 0.0}
    es = eigensystem(910.0, 23.0, 1e-24)
    assert data["values"]["gamma_L"] == float(es.gamma_L) > 0
    assert data["values"]["alpha"] == {"re": es.alpha.real, "im": es.alpha.imag}
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
