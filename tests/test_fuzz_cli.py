"""Fuzzing the command line: any text for any value gives a result or a one-line error, never a traceback."""

import contextlib
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from atommix.cli import main

values = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["nan", "inf", "-inf", "1e400eV", "1e-400eV", "-0", "0", "1e300keV", "2 s", "3 furlongs", "1/0", "()", "eV"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=60)
@given(st.sampled_from(["--delta", "--gamma", "--m21", "--phase", "--time"]), values)
def test_evaluate_never_crashes(option, text):
    argv = ["evaluate", "--delta", "910", "--gamma", "23", "--m21", "1e-24", "--json"]
    argv += [f"{option}={text}"]
    code, out, err = run(argv)
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 0:
        data = json.loads(out)
        assert "NaN" not in out and "Infinity" not in out
        assert set(data) >= {"inputs", "values", "units"}
    else:
        assert err.strip() and len(err.strip().splitlines()) <= 3  # argparse may add its usage line


@settings(max_examples=30)
@given(st.sampled_from(["--atoms", "--age", "--photon-energy", "--spot", "--bandwidth", "--photons-per-fs"]), values)
def test_observables_never_crashes(option, text):
    argv = ["observables", "--nuclide", "Gd152", "--photon-energy", "40keV", "--photons-per-fs", "1e10",
            "--bandwidth", "1e-3", "--spot", "100nm", "--json", f"{option}={text}"]
    code, out, err = run(argv)
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 0:
        assert "NaN" not in out and "Infinity" not in out


@settings(max_examples=40)
@given(st.sampled_from([["mbb", "--ordering", "NO", "--lightest"], ["candidates", "--m21"], ["mbb", "--ordering"]]), values)
def test_small_commands_never_crash(prefix, text):
    argv = [*prefix[:-1], f"{prefix[-1]}={text}"]
    if prefix[0] == "mbb" and "--lightest" not in prefix:
        argv += ["--lightest", "0.01"]
    code, out, err = run([*argv, "--json"])
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err


axis_texts = st.one_of(
    values,
    st.lists(values, min_size=2, max_size=4).map(":".join),
    st.tuples(values, values, st.integers(-2, 30).map(str), st.sampled_from(["", ":log", ":lin"])).map(
        lambda t: f"{t[0]}:{t[1]}:{t[2]}{t[3]}"
    ),
)


@settings(max_examples=60)
@given(st.sampled_from(["--delta", "--gamma", "--m21", "--mbb", "--phase", "--time"]), axis_texts, st.booleans())
def test_scan_never_crashes(tmp_path_factory, option, text, random):
    out = tmp_path_factory.mktemp("scan") / "s.csv"
    argv = ["scan", "--nuclide", "Gd152", "--delta", "0.5keV:1keV:3", "-o", str(out), "--no-progress", "--json",
            f"{option}={text}"]
    if random:
        argv[3:5] = ["--delta", "0.5keV:1keV"]
        argv += ["--random", "5"]
    code, stdout, err = run(argv)
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 0:
        summary = json.loads(stdout)
        rows = [line for line in out.read_text().splitlines() if not line.startswith("#")][1:]
        assert len(rows) == summary["points"]
        nan_rows = [r for r in rows if "nan" in r.split(",")]
        assert len(nan_rows) == summary["exceptional_points"]  # NaN only where the exceptional point says so
    else:
        assert err.strip() and not out.exists()


@settings(max_examples=30)
@given(st.sampled_from(["--delta", "--gamma", "--m21", "--phase", "--time", "--dps"]), values)
def test_reference_never_crashes(option, text):
    argv = ["reference", "--delta", "910", "--gamma", "23", "--m21", "1e-24", "--dps", "15", "--json", f"{option}={text}"]
    if option == "--dps":
        argv = argv[:-1] + ["--dps", text] if not text.startswith("-") else argv[:-1] + [f"--dps={text}"]
    code, out, err = run(argv)
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 0:
        assert "NaN" not in out and "Infinity" not in out


@settings(max_examples=20)
@given(st.sampled_from(["--age", "--atoms", "--m21", "--delta"]), values)
def test_audit_never_crashes(option, text):
    code, out, err = run(["audit", "--json", f"{option}={text}"])
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err


@settings(max_examples=20)
@given(st.lists(st.text(max_size=10), max_size=3), st.sampled_from(["latex", "python", "c"]))
def test_derive_never_crashes(names, fmt):
    code, out, err = run(["derive", *[f"{n}" for n in names if not n.startswith("-")], "--format", fmt])
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
