"""The certificate (python-flint balls on the matrix) encloses the exact values, and it is what the digits rest on."""

import json
import threading
from fractions import Fraction

import flint
import pytest
from hypothesis import given, settings

from atommix.cli import main
from atommix.validation import EigenInputs, eigen_quantities, private_context, reference_eigensystem
from atommix.validation.balls import mid_and_radius
from atommix.validation.certified import CertificationError, certify_eigensystem, certify_evolution

from .strategies import eigen_points, near_exceptional_points


def _high_precision(inputs: EigenInputs, digits: int) -> dict:
    """mpmath's eigensolver far above the certificate's precision, lambda_L by the exact criterion."""
    ctx = private_context(3 * (digits + inputs.scale_digits()) + 60)
    return ctx, eigen_quantities(ctx, inputs)


@settings(max_examples=25)
@given(point=eigen_points(ratio=(1e-30, 1e2)) | near_exceptional_points())
def test_balls_contain_values_recomputed_far_more_precisely(point):
    inputs = EigenInputs.from_values(*point)
    cert = certify_eigensystem(inputs, 25)
    ctx, exact = _high_precision(inputs, int(cert.bits / 3.32))
    for name, ball in cert.balls.items():
        mid, rad = mid_and_radius(ctx, ball)
        assert abs(exact[name] - mid) <= rad, (name, point)


def test_balls_are_tight_at_gd152():
    cert = certify_eigensystem(EigenInputs.from_values("910", "23", "1e-24"), 40)
    ball = cert.balls["gamma_L"]
    assert ball.rad() < 1e-43 * ball.mid()


def test_next_to_the_exceptional_point_the_precision_rises_or_it_declines():
    """1e-81 from the exceptional point the eigenvalues are isolated at ~2 x 81 more digits; a low ceiling declines."""
    near = EigenInputs.from_values("0", "4", "1." + "0" * 80 + "1")
    cert = certify_eigensystem(near, 20)
    assert cert.bits > 3.32 * 160
    assert cert.balls["ep_distance"] < 1e-39
    with pytest.raises(CertificationError, match="exceptional point"):
        certify_eigensystem(near, 20, max_digits=60)


def test_evolution_balls_at_the_exceptional_point():
    cert = certify_evolution(EigenInputs.from_values(0, 4, 1, allow_exceptional_point=True), (Fraction(1, 10**15),), 20)
    row = cert.rows[0]
    assert row["P_L"] is None and row["P_S"] is None and all(v is None for v in cert.scales.values())
    total = row["survival"] + row["appearance"] + row["P_gs"]
    assert total.contains(1)


def test_flint_precision_is_restored_and_threads_agree():
    before = flint.ctx.prec
    results = []

    def work(dps):
        ref = reference_eigensystem("910", "23", "1e-24", dps=dps)
        results.append((dps, ref.as_strings()["gamma_L"]))

    threads = [threading.Thread(target=work, args=(d,)) for d in (20, 60, 20, 60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert flint.ctx.prec == before
    by_dps = {}
    for dps, text in results:
        by_dps.setdefault(dps, set()).add(text)
    assert all(len(v) == 1 for v in by_dps.values()) and len(by_dps) == 2


def test_cli_certified(capsys):
    assert main(["reference", "--delta", "0.91keV", "--gamma", "23eV", "--m21", "1e-24eV", "--dps", "20", "--certified", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cert = data["values"]["certified"]
    assert cert["balls"]["gamma_L"]["mid"].startswith("2.7769988430177646427")
    assert cert["cross_check_dps"] >= 20 + 54  # above the 152Gd scale gap
