"""Fuzzing the command line: any text for any value gives a result or a one-line error, never a traceback."""

import contextlib
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from atommix.commands import main

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
