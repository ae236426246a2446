"""The certified engine (python-flint balls) contains the mpmath values; near the EP it declines."""

import json
import threading

import pytest
from hypothesis import given, settings

pytest.importorskip("flint")

from atommix.validation import reference_eigensystem  # noqa: E402
from atommix.validation.certified import (  # noqa: E402
    CertificationError,
    certified_eigensystem,
    contains,
)

from atommix.cli import main  # noqa: E402

from .strategies import eigen_points  # noqa: E402


@settings(max_examples=20)
@given(eigen_points(ratio=(1e-30, 1e1)))
def test_balls_contain_the_mpmath_values(point):
    balls = certified_eigensystem(*point, dps=25)
    ref = reference_eigensystem(*point, dps=25)
    for name, ball in balls.items():
        assert contains(ball, ref[name], ref.digits[name]), name


def test_balls_are_tight_at_gd152():
    balls = certified_eigensystem("910", "23", "1e-24", dps=40)
    value, _ = balls["gamma_L"]
    assert float(value.rad()) < 1e-40 * float(value.mid())


def test_declines_next_to_the_exceptional_point():
    with pytest.raises(CertificationError):
        certified_eigensystem("0", "4", "1." + "0" * 80 + "1", dps=20)


def test_flint_precision_is_restored_and_threads_agree():
    import flint

    before = flint.ctx.prec
    results = []

    def work(dps):
        results.append((dps, certified_eigensystem("910", "23", "1e-24", dps=dps)["gamma_L"][0].mid().str(dps, radius=False)))

    threads = [threading.Thread(target=work, args=(d,)) for d in (20, 60, 20, 60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert flint.ctx.prec == before
    by_dps = {}
    for dps, text in results:
        by_dps.setdefault(dps, set()).add(text)
    assert all(len(v) == 1 for v in by_dps.values())


def test_cli_certified(capsys):
    assert main(["reference", "--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV", "--dps", "20", "--certified", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cert = data["values"]["certified"]
    assert all(cert["contains_reference"].values())
    assert cert["balls"]["gamma_L"]["mid"].startswith("2.7769988430177646427")
