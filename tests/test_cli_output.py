"""What the commands write: CSV that standard readers take as is, atomic files, audit tables, intervals, help."""

import copy
import csv
import json
import re
import time
from pathlib import Path

import numpy as np
import pytest

from atommix.cli import COMMANDS, build_parser, main
from atommix.scan.writers import csv_block

ROOT = Path(__file__).resolve().parents[1]
# What a user reads: the README and the hand-written pages of the documentation, where
# "{atommix-run} ARGS" shows "atommix ARGS" with its output, run at build time.
DOCUMENTED = "\n".join(
    [(ROOT / "README.md").read_text()]
    + [p.read_text().replace("{atommix-run} ", "atommix ") for p in sorted((ROOT / "docs").rglob("*.md"))
       if not {"_build", "generated"} & set(p.relative_to(ROOT / "docs").parts)]
)
GD = ["--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV"]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- CSV -------------------------------------------------------------------------------------


def test_csv_is_read_as_is_by_standard_readers(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["scan", "--nuclide", "Gd152", "--mbb", "1meV:0.5eV:log", "--time", "1fs:4.5e9yr:log", "--random", "50",
                 "--quantities", "depletion,P_gs,alpha", "-o", str(out), "--no-progress"]) == 0
    with open(out, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 50 and list(rows[0]) == ["delta", "gamma", "mbb", "phase", "t", "depletion", "P_gs", "alpha_re",
                                                  "alpha_im", "exceptional_point"]
    table = np.genfromtxt(out, delimiter=",", names=True)
    assert table.shape == (50,) and np.all(table["gamma"] == 23.0) and np.all(np.isfinite(table["P_gs"]))
    info = json.loads((tmp_path / "s.csv.json").read_text())
    assert info["points"] == 50 and info["columns"] == list(rows[0]) and info["units"]["t"] == "s"
    assert info["fixed"] == {"delta": 910.0, "gamma": 23.0, "phase": 0.0} and info["file"] == "s.csv"
    assert "s.csv.json" in capsys.readouterr().out
    pandas = pytest.importorskip("pandas")
    assert pandas.read_csv(out).shape == (50, 10)


def test_csv_block_round_trips_every_float64():
    rng = np.random.default_rng(3)
    bits = rng.integers(0, 2**63, 20000, dtype=np.int64).view(np.float64)  # every exponent, subnormals included
    special = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 5e-324, 1.7976931348623157e308, 1e-24, 910.0, 0.1])
    x = np.concatenate([bits[np.isfinite(bits)], special])
    y = -x[::-1]
    flag = np.arange(x.size) % 7 == 0
    text = csv_block([x, y, flag]).decode()
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) == x.size
    back = np.array([[float(a), float(b)] for a, b, _ in rows])
    assert np.array_equal(back[:, 0].view(np.int64)[np.isfinite(x)], x.view(np.int64)[np.isfinite(x)])  # to the bit
    assert np.array_equal(np.isnan(back[:, 1]), np.isnan(y)) and np.array_equal(back[np.isinf(x), 0], x[np.isinf(x)])
    assert [r[2] for r in rows] == ["1" if f else "0" for f in flag]


@pytest.mark.slow  # a timing: measured by benchmarks/run.py, recorded in docs/guide/scans.md
def test_csv_is_within_5x_of_npz(tmp_path):
    """The documented grid scan (docs/guide/scans.md), 10^6 points: CSV took 60x as long as NPZ when written row by row."""
    argv = ["scan", "--delta", "-5keV:5keV:1000", "--gamma", "1eV:100eV:1000:log", "--m21", "1e-24eV",
            "--quantities", "mixing,gamma_L", "--no-progress", "--json"]
    seconds = {}
    for fmt in ("npz", "csv", "npz", "csv"):  # best of two: the machine may be busy
        started = time.perf_counter()
        assert main([*argv, "-o", str(tmp_path / f"r.{fmt}")]) == 0
        seconds[fmt] = min(seconds.get(fmt, np.inf), time.perf_counter() - started)
    assert seconds["csv"] < 5 * seconds["npz"], seconds


# --- atomic files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "npz"])
def test_an_interrupted_scan_leaves_the_previous_file(tmp_path, monkeypatch, fmt):
    from atommix.scan import writers

    out = tmp_path / f"s.{fmt}"
    out.write_bytes(b"previous")
    calls = []

    def interrupted(self, start, columns):
        calls.append(start)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(writers.CsvWriter if fmt == "csv" else writers.NpzWriter, "write", interrupted)
    with pytest.raises(SystemExit) as exc:
        main(["scan", *GD[:2], "--gamma", "1:100:50", "--m21", "1e-24", "--chunk", "10", "-o", str(out), "--no-progress"])
    assert exc.value.code == 130
    assert out.read_bytes() == b"previous" and [p.name for p in tmp_path.iterdir()] == [out.name]


def test_plot_and_derive_write_atomically(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    out = tmp_path / "f.png"
    out.write_bytes(b"previous")

    def failing(self, fname, **kwargs):
        Path(fname).write_bytes(b"half a figure")
        raise OSError(28, "No space left on device", str(fname))

    monkeypatch.setattr(Figure, "savefig", failing)
    with pytest.raises(SystemExit) as exc:
        main(["plot", "gain", "-o", str(out)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"-o/--output: cannot write {str(out)!r}: No space left on device" in err and ".partial" not in err
    assert out.read_bytes() == b"previous" and len(list(tmp_path.iterdir())) == 1
    tex = tmp_path / "a.tex"
    assert main(["derive", "gamma_L", "--format", "latex", "-o", str(tex)]) == 0
    assert tex.read_text().startswith("% atommix derive gamma_L") and len(list(tmp_path.iterdir())) == 2


# --- audit ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit_outputs():
    from contextlib import redirect_stdout
    from io import StringIO

    texts = {}
    for flag in ("--markdown", None):
        buf = StringIO()
        with redirect_stdout(buf):
            assert main(["audit", *([flag] if flag else [])]) == 0
        texts[flag or "text"] = buf.getvalue()
    return texts


def _cells(row):
    """Cells of a GFM table row: split at pipes not escaped by a backslash."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_tables_render(audit_outputs):
    md = audit_outputs["--markdown"]
    tables = [block.splitlines() for block in md.split("\n\n") if block.startswith("| ")]
    assert len(tables) == 4  # approximations, claims; the multi-channel section's channels and totals
    for table in tables:
        width = len(_cells(table[0]))
        assert all(len(_cells(row)) == width for row in table), [r for r in table if len(_cells(r)) != width][:1]
    for math in re.findall(r"\$[^$]+\$", md):
        assert "|" not in math, math  # \left| would end the cell
    assert r"2\|M21\|/\|Delta + i Gamma/2\|" in md and r"\left\vert" in md


def test_plain_text_is_the_default_and_differs(audit_outputs):
    text, md = audit_outputs["text"], audit_outputs["--markdown"]
    assert text != md and "|---" not in text and "| `" not in text
    assert re.search(r"^alpha\s+2\.3\s+1\.099e-27 - 1\.388e-29i", text, re.M)
    assert re.search(r"^gain_exfel\s+100\s+3\.529", text, re.M)


# --- mbb: intervals from the source of the central values ---------------------------------------


def test_mbb_intervals_come_from_the_central_values_source(capsys):
    for ordering in ("NO", "IO"):
        for lightest in ("0", "0.01eV", "0.1eV"):
            _, out, _ = run(capsys, "mbb", "--ordering", ordering, "--lightest", lightest, "--source", "pdg",
                            "--uncertainty", "--json")
            data = json.loads(out)
            for edge in ("mbb_min", "mbb_max"):
                u = data["values"]["uncertainties"][edge]
                assert u["lo_16"] <= data["values"][edge] <= u["hi_84"], (ordering, lightest, edge)
            assert data["sources"]["uncertainties"].startswith("from pdg")
    _, out, _ = run(capsys, "mbb", "--ordering", "IO", "--lightest", "0", "--source", "pdg", "--uncertainty")
    assert "68% intervals: from pdg, the source of the central values" in out


def test_mbb_refuses_a_source_without_1_sigma_data(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["mbb", "--ordering", "IO", "--lightest", "0", "--uncertainty"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "--uncertainty is not available with --source nufit52" in err


def test_mbb_uses_nufit_1_sigma_ranges_when_the_data_have_them(capsys, monkeypatch):
    """With range1s entries (asymmetric), NuFIT intervals from NuFIT: split normal about the best fit."""
    import atommix.literature as lit

    real = lit.oscillation()
    data = copy.deepcopy(real)
    for entry in data["nufit52"].values():
        if isinstance(entry, dict) and "value" in entry:
            v = entry["value"]
            entry["range1s"] = [v - 0.01 * abs(v), v + 0.02 * abs(v)]  # test widths, not NuFIT's
    monkeypatch.setattr(lit, "oscillation", lambda: data)
    _, out, _ = run(capsys, "mbb", "--ordering", "IO", "--lightest", "0", "--uncertainty", "--json")
    result = json.loads(out)
    u = result["values"]["uncertainties"]["mbb_max"]
    assert u["lo_16"] <= result["values"]["mbb_max"] <= u["hi_84"]
    assert result["values"]["mbb_max"] == pytest.approx(0.04824248392696592, rel=1e-15)  # NuFIT's central value
    assert result["sources"]["uncertainties"].startswith("from nufit52")


# --- help, inputs ---------------------------------------------------------------------------------


def _help(command):
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sub.choices[command].format_help()


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "derive"])
def test_help_ends_with_the_documented_examples(command):
    text = _help(command)
    examples = COMMANDS[command].EXAMPLES
    assert text.rstrip().endswith(examples[-1]) and "examples:" in text
    flat = " ".join(DOCUMENTED.replace("\\\n", " ").split())
    for example in examples:
        assert " ".join(example.split()) in flat, example


def test_plot_help_describes_each_kind():
    text = _help("plot")
    for kind in ("evolution", "populations", "resonance", "mbb", "gain"):
        assert re.search(rf"^  {kind}\s+\S", text, re.M), kind


def test_text_output_states_the_inputs_with_units(capsys):
    _, out, _ = run(capsys, "evaluate", "--delta", "0.91", "--gamma", "23", "--m21", "1e-24")
    assert out.splitlines()[0] == "inputs: delta = 0.91 eV, gamma = 23.0 eV, m21 = 1e-24 eV, phase = 0.0 rad"
    _, out, _ = run(capsys, "evaluate", *GD)
    assert out.splitlines()[0].startswith("inputs: delta = 910.0 eV") and out.splitlines()[2].startswith("alpha ")
    _, out, _ = run(capsys, "reference", "--nuclide", "Gd152", "--dps", "20")
    assert out.splitlines()[0] == "inputs: delta = 910 eV, gamma = 23 eV, m21 = 1E-24 eV, phase = 0 rad (nuclide Gd152, m_bb = 0.1eV)"


def test_plot_resonance_needs_no_delta(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "r.png"
    assert main(["plot", "resonance", "--gamma", "23eV", "--m21", "1e-24eV", "-o", str(out)]) == 0
    assert out.stat().st_size > 0
