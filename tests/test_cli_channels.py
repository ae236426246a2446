"""The command line with --channel: evaluate, reference, scan and audit, the one-channel equality, bad input."""

import csv
import json
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from atommix.cli import main
from atommix.numeric.channels import channel_eigensystem

GD = ["--delta", "910eV", "--gamma", "23eV", "--m21", "1e-24eV"]
GD_CHANNEL = "0.91keV,23eV,1e-24eV"
SECOND = "1.1keV,30eV,5e-25eV,0.3"
TIMES = ["--time", "1e-18s", "--time", "4.5e9yr"]


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def refused(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_evaluate_with_channels_has_the_issue_keys_and_matches_the_kernels(capsys):
    data = run_json(capsys, "evaluate", "--channel", GD_CHANNEL, "--channel", SECOND, *TIMES)
    values = data["values"]
    assert {"mixing_channels", "alpha_channels", "lambda_L", "E_L", "gamma_L"} <= set(values)
    es = channel_eigensystem([910.0, 1100.0], [23.0, 30.0], [1e-24, 5e-25], [0.0, 0.3])
    assert values["gamma_L"] == float(es.gamma_L)
    assert values["mixing_channels"] == [float(x) for x in es.mixing_channels]
    assert len(values["times"]) == 2
    for row in values["times"]:
        assert {"survival", "P_gs", "appearance_channels", "P_gs_channels"} <= set(row)
        assert len(row["P_gs_channels"]) == 2 and row["P_gs"] == pytest.approx(sum(row["P_gs_channels"]), rel=1e-15)
    assert data["inputs"]["channels"][1] == {"delta": 1100.0, "gamma": 30.0, "m21": 5e-25, "phase": 0.3}


def _number(v):
    return complex(v["re"], v["im"]) if isinstance(v, dict) else v


def test_one_channel_evaluate_equals_the_2x2_evaluate(capsys):
    ours = run_json(capsys, "evaluate", "--channel", GD_CHANNEL, *TIMES)
    theirs = run_json(capsys, "evaluate", *GD, *TIMES)
    a, b = ours["values"], theirs["values"]
    for name in ("lambda_L", "E_L", "gamma_L"):
        assert _number(a[name]) == pytest.approx(_number(b[name]), rel=1e-15), name
    assert a["mixing_channels"][0] == pytest.approx(b["mixing"], rel=1e-15)
    assert _number(a["alpha_channels"][0]) == pytest.approx(_number(b["alpha"]), rel=1e-15)
    for row, ref in zip(a["times"], b["times"]):
        for name in ("survival", "appearance", "depletion", "P_gs"):
            assert row[name] == pytest.approx(ref[name], rel=1e-13), name
        assert row["appearance_channels"][0] == pytest.approx(ref["appearance"], rel=1e-13)
        assert row["P_gs_channels"][0] == pytest.approx(ref["P_gs"], rel=1e-13)


def test_one_channel_reference_equals_the_2x2_reference_in_every_checked_digit(capsys):
    ours = run_json(capsys, "reference", "--channel", GD_CHANNEL, "--dps", "30", "--time", "4.5e9yr")
    theirs = run_json(capsys, "reference", *GD, "--dps", "30", "--time", "4.5e9yr")
    a, b = ours["values"], theirs["values"]
    assert ours["digits"]["gamma_L"] == 30 and ours["digits"]["mixing_channels"] == [30]
    assert a["gamma_L"] == b["gamma_L"] and a["E_L"] == b["E_L"] and a["lambda_L"] == b["lambda_L"]
    assert a["mixing_channels"] == [b["mixing"]] and a["alpha_channels"] == [b["alpha"]]
    row, ref = a["times"][0], b["times"][0]
    assert row["P_gs_channels"] == [ref["P_gs"]] and row["survival"] == ref["survival"]
    assert ours["digits"]["times"][0]["P_gs_channels"] == [30]


def test_reference_with_two_channels_gives_checked_digits_that_the_float64_values_meet(capsys):
    ref = run_json(capsys, "reference", "--channel", GD_CHANNEL, "--channel", SECOND, "--dps", "30", *TIMES)
    f64 = run_json(capsys, "evaluate", "--channel", GD_CHANNEL, "--channel", SECOND, *TIMES)
    assert ref["digits"]["gamma_L"] >= 25 and min(ref["digits"]["mixing_channels"]) >= 25
    assert ref["inputs"]["channels"][0]["delta"] == "910"
    assert float(ref["values"]["gamma_L"]) == pytest.approx(f64["values"]["gamma_L"], rel=1e-14)
    bound = f64["error_bounds"]["gamma_L"]
    assert abs(mpmath.mpf(ref["values"]["gamma_L"]) - mpmath.mpf(f64["values"]["gamma_L"])) <= bound
    for r, f in zip(ref["values"]["times"], f64["values"]["times"]):
        for k in range(2):
            assert float(r["P_gs_channels"][k]) == pytest.approx(f["P_gs_channels"][k], rel=1e-12)


def test_text_output_has_a_per_channel_table(capsys):
    assert main(["evaluate", "--channel", GD_CHANNEL, "--channel", SECOND, "--time", "1s"]) == 0
    out = capsys.readouterr().out
    assert "inputs: 2 daughter channel(s)" in out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("channel  mixing_channels"))
    assert "alpha_channels" in header and "error bound" in header
    assert any(line.startswith("#2 ") and "2.0657315788386" in line for line in lines)
    assert any("appearance_channels" in line and "P_gs_channels" in line for line in lines)
    assert main(["reference", "--channel", GD_CHANNEL, "--dps", "20"]) == 0
    out = capsys.readouterr().out
    assert "gamma_L    2.7769988430177646427e-53 eV   [20 digits]" in out and "[20]" in out


@pytest.mark.parametrize("argv, needle", [
    (["--channel", "910eV,23eV"], "--channel #1 must be DELTA,GAMMA,M21[,PHASE]"),
    (["--channel", "910eV,23eV,1e-24eV,0,1"], "--channel #1 must be DELTA,GAMMA,M21[,PHASE]"),
    (["--channel", ""], "--channel #1 must be DELTA,GAMMA,M21[,PHASE]"),
    (["--channel", GD_CHANNEL, "--channel", "910eV,-23eV,1e-24eV"], "--channel #2 GAMMA must be >= 0 eV"),
    (["--channel", "910eV,23eV,-1e-24eV"], "--channel #1 M21 must be >= 0 eV"),
    (["--channel", "910s,23eV,1e-24eV"], "--channel #1 DELTA: 's' is not an energy"),
    (["--channel", "910eV,23eV,1e-24eV,1eV"], "--channel #1 PHASE: 'eV' is not an angle"),
    (["--channel", "910eV,nan,1e-24eV"], "--channel #1 GAMMA must be a number"),
    (["--channel", GD_CHANNEL, "--delta", "1keV"], "--delta does not apply with --channel"),
    (["--channel", GD_CHANNEL, "--m21", "1e-24eV"], "--m21 does not apply with --channel"),
    (["--channel", GD_CHANNEL, "--nuclide", "Gd152"], "--nuclide does not apply with --channel"),
    (["--channel", "0,4,1"], "lambda_L is not isolated"),
])
@pytest.mark.parametrize("command", ["evaluate", "reference"])
def test_bad_channels_are_one_line_errors_naming_the_option(capsys, command, argv, needle):
    err = refused(capsys, command, *argv, *(["--dps", "20"] if command == "reference" else []))
    assert needle in err


def test_reference_refuses_certified_with_channels(capsys):
    assert "--certified applies only to the 2x2 point" in refused(capsys, "reference", "--channel", GD_CHANNEL, "--certified")


@pytest.mark.parametrize("command", ["evaluate", "reference"])
def test_exceptional_point_of_the_larger_matrix_names_the_error_and_the_history_evaluates(capsys, command):
    # Two daughters with the same (Delta, Gamma) act as one with |M|^2 = 1/4 + 3/4: Delta = 0, Gamma = 4|M|.
    channels = ["--channel", "0,4,0.5", "--channel", "0,4,0.75"]  # 0.75^2 + 0.5^2 = 0.8125: not the EP
    ep = ["--channel", "0,4,1"]
    assert "lambda_L is not isolated" in refused(capsys, command, *ep, *(["--dps", "20"] if command == "reference" else []))
    data = run_json(capsys, command, *ep, "--time", "1e-15s", *(["--dps", "20"] if command == "reference" else []))
    assert data["values"]["gamma_L"] is None and "not isolated" in data["absent"]["gamma_L"]
    row = data["values"]["times"][0]
    total = float(row["survival"]) + float(row["depletion"])
    assert total == pytest.approx(1, rel=1e-12) and float(row["P_gs_channels"][0]) > 0
    assert run_json(capsys, command, *channels, *(["--dps", "20"] if command == "reference" else []))["values"]["gamma_L"]


def test_scan_sweeps_one_channel_field_and_matches_the_kernels(capsys, tmp_path):
    out = tmp_path / "sweep.csv"
    assert main(["scan", "--channel", GD_CHANNEL, "--channel", "800eV:1000eV:5,23eV,1e-24eV", "-o", str(out),
                 "--no-progress", "--time", "4.5e9yr", "--quantities", "gamma_L,mixing_channels,P_gs_channels"]) == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    grid = np.linspace(800.0, 1000.0, 5)
    es = channel_eigensystem(np.stack([[910.0, x] for x in grid]), [23.0, 23.0], [1e-24, 1e-24])
    assert [float(r["channel2_delta"]) for r in rows] == list(grid)
    assert [float(r["gamma_L"]) for r in rows] == [float(x) for x in es.gamma_L]
    assert [float(r["mixing_channels_2"]) for r in rows] == [float(x) for x in es.mixing_channels[:, 1]]
    assert "P_gs_channels_1" in rows[0] and rows[0]["exceptional_point"] == "0"
    info = json.loads((tmp_path / "sweep.csv.json").read_text())
    assert info["inputs"]["swept"] == {"channel": 2, "field": "delta", "column": "channel2_delta"}
    npz = tmp_path / "sweep.npz"
    assert main(["scan", "--channel", GD_CHANNEL, "--channel", "800eV:1000eV:5,23eV,1e-24eV", "-o", str(npz),
                 "--no-progress", "--chunk", "2"]) == 0
    data = np.load(npz)
    assert data["mixing_channels"].shape == (5, 2) and np.array_equal(data["mixing_channels"], es.mixing_channels)


@pytest.mark.parametrize("argv, needle", [
    (["--channel", GD_CHANNEL], "exactly one field of one channel must be a grid"),
    (["--channel", "1:2:3,1:2:3,1"], "swept fields: #1 DELTA, #1 GAMMA"),
    (["--channel", "800eV:1000eV,23eV,1e-24eV"], "random ranges are not supported with --channel"),
    (["--channel", "800eV:1000eV:3,23eV,1e-24eV", "--random", "5"], "--random is not supported with --channel"),
    (["--channel", "800eV:1000eV:3,23eV,1e-24eV", "--dps", "20"], "--dps is not supported with --channel"),
    (["--channel", "800eV:1000eV:3,23eV,1e-24eV", "--gamma", "1eV"], "--gamma does not apply with --channel"),
    (["--channel", "800eV:1000eV:3,23eV,1e-24eV", "--time", "1s:2s:3"], "--time with --channel takes one time"),
    (["--channel", "800eV:1000eV:3,-1eV,1e-24eV"], "--channel #1 GAMMA must be >= 0 eV"),
    (["--channel", "800eV:1000eV:3,23eV,1e-24eV", "--quantities", "mixing"], "unknown quantities with --channel mixing"),
])
def test_scan_refuses_what_the_sweep_does_not_support(capsys, tmp_path, argv, needle):
    assert needle in refused(capsys, "scan", *argv, "-o", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


def test_audit_with_channels_against_the_mpmath_references(capsys):
    from atommix.validation import reference_eigensystem
    from atommix.validation.channels import channel_reference, channel_system

    data = run_json(capsys, "audit", "--channel", GD_CHANNEL, "--channel", "930eV,23eV,1e-24eV")
    assert set(data) == {"inputs", "channels"}
    s = data["channels"]["sets"][0]
    dps = s["dps"]
    exact = channel_reference(channel_system([("910", "23", "1e-24"), ("930", "23", "1e-24")]), dps=dps)
    singles = [reference_eigensystem(d, "23", "1e-24", dps=dps) for d in ("910", "930")]
    ctx = mpmath.mp.clone()
    ctx.dps = dps + 10
    coupled = ctx.mpf(exact.as_strings()["gamma_L"])
    total = sum(ctx.mpf(r.as_strings()["gamma_L"]) for r in singles)
    assert ctx.mpf(s["gamma_L"]) == pytest.approx(coupled, rel=1e-19)
    assert ctx.mpf(s["sum_single_channel"]) == pytest.approx(total, rel=1e-19)
    assert s["relative_difference"] == pytest.approx(float((total - coupled) / coupled), rel=1e-6)
    assert 1e-55 < s["relative_difference"] < 1e-52  # of the size of sum |alpha_i|^2, not 0 as in float64
    assert s["close_pairs"][0]["channels"] == [1, 2]  # 20 eV apart, widths 23 eV: where a shared width would matter
    assert [c["label"] for c in s["channels"]] == [GD_CHANNEL, "930eV,23eV,1e-24eV"]


def test_audit_difference_reaches_one_percent_where_it_says(capsys):
    from atommix.channel_audit import channel_set_audit

    s = channel_set_audit("two", [dict(delta=910, gamma=23, m21="1e-24"), dict(delta=1100, gamma=30, m21="1e-24")])
    m = Fraction(s["m21_at_one_percent"]).limit_denominator(10**6)
    strong = channel_set_audit("two", [dict(delta=910, gamma=23, m21=m), dict(delta=1100, gamma=30, m21=m)], dps=30)
    assert 0.005 < abs(strong["relative_difference"]) < 0.02


@pytest.mark.parametrize("argv, needle", [
    (["--channel", GD_CHANNEL, "--age", "1yr"], "--age applies to the 2x2 audit"),
    (["--channel", GD_CHANNEL, "--channel-parents", "152Gd"], "--channel-parents and --channel exclude each other"),
    (["--channel", GD_CHANNEL, "--delta", "1keV"], "--delta does not apply with --channel"),
    (["--channel", "910eV,23eV"], "--channel #1 must be DELTA,GAMMA,M21[,PHASE]"),
    (["--channel-parents", "Xx"], "--channel-parents must be 'none' or shipped parents"),
])
def test_audit_refuses_bad_channel_options(capsys, argv, needle):
    assert needle in refused(capsys, "audit", *argv)


def test_all_channels_evaluate_at_Gd152_lists_every_allowed_pair_and_matches_the_channel_run(capsys):
    from atommix.candidates import allowed_channels

    data = run_json(capsys, "evaluate", "--nuclide", "Gd152", "--all-channels", *TIMES)
    rows = allowed_channels("Gd152")
    assert data["inputs"]["labels"][0] == "K L1 @ 0 keV" and len(data["inputs"]["labels"]) == len(rows)
    # |M_i| = the paper's 1e-24 eV (m_bb = 0.1 eV) for every channel; K L1 keeps Delta = 910 eV, Gamma = 23 eV
    assert data["inputs"]["channels"][0] == {"delta": 910.0, "gamma": 23.0, "m21": 1e-24, "phase": 0.0}
    assert [c["m21"] for c in data["inputs"]["channels"]] == [1e-24] * len(rows)
    given = [f"{r['delta_eV']!r}eV,{r['gamma_eV']!r}eV,1e-24eV" for r in rows[:2]]
    ours = run_json(capsys, "evaluate", "--nuclide", "Gd152", "--all-channels", "--closest", "2", "--mbb", "0.1eV")
    theirs = run_json(capsys, "evaluate", "--channel", given[0], "--channel", given[1])
    assert ours["values"] == theirs["values"] and ours["inputs"]["channels"] == theirs["inputs"]["channels"]
    assert main(["evaluate", "--nuclide", "Gd152", "--all-channels", "--closest", "2"]) == 0
    text = capsys.readouterr().out
    assert "#1       K L1 @ 0 keV" in text and "#2       K L2 @ 0 keV" in text


def test_all_channels_reference_equals_the_channel_reference(capsys):
    ours = run_json(capsys, "reference", "--nuclide", "152Gd", "--all-channels", "--closest", "2", "--m21", "2e-24eV",
                    "--dps", "30")
    theirs = run_json(capsys, "reference", "--channel", "910eV,23eV,2e-24eV", "--channel", "1375.05eV,23.5eV,2e-24eV",
                      "--dps", "30")
    assert ours["values"] == theirs["values"] and ours["digits"]["gamma_L"] >= 25
    assert ours["inputs"]["labels"] == ["K L1 @ 0 keV", "K L2 @ 0 keV"] and ours["inputs"]["nuclide"] == "Gd152"


@pytest.mark.parametrize(("command", "argv", "needle"), [
    ("evaluate", ["--all-channels"], "--all-channels needs --nuclide"),
    ("evaluate", ["--nuclide", "Gd152", "--all-channels", "--channel", GD_CHANNEL], "--all-channels and --channel exclude"),
    ("reference", ["--nuclide", "Gd152", "--all-channels", "--delta", "910eV"], "--delta does not apply with --all-channels"),
    ("evaluate", ["--nuclide", "Gd152", "--all-channels", "--gamma", "23eV"], "--gamma does not apply with --all-channels"),
    ("reference", ["--nuclide", "Dy156", "--all-channels"], "--m21 is needed with --all-channels for --nuclide Dy156"),
    ("evaluate", ["--nuclide", "Cd106", "--all-channels", "--m21", "1e-24eV"], "has no allowed channel"),
    ("evaluate", ["--nuclide", "Xx1", "--all-channels", "--m21", "1e-24eV"], "--nuclide must be one of"),
    ("evaluate", ["--nuclide", "Gd152", "--closest", "2"], "--closest applies only with --all-channels"),
])
def test_all_channels_refusals_name_the_option(capsys, command, argv, needle):
    assert needle in refused(capsys, command, *argv)
