"""The audit: approximations beside exact values, claims recomputed with ratios and verdicts."""

import json

import pytest

from atommix.audit import PAPER_CLAIMS, AuditInputs, audit, verdict
from atommix.cli.audit import to_markdown
from atommix.cli import main


@pytest.fixture(scope="module")
def report():
    return audit(AuditInputs())


def test_every_claim_id_is_reported_with_its_fields(report):
    ids = {c["id"] for c in report["claims"]}
    assert ids == set(PAPER_CLAIMS)
    for c in report["claims"]:
        assert set(c) >= {"id", "paper_value", "computed_value", "unit", "ratio", "verdict", "inputs", "note"}
        assert c["ratio"] == pytest.approx(c["computed_value"] / c["paper_value"])
        assert c["verdict"] == verdict(c["ratio"])


def test_open_inputs_are_read_every_defensible_way(report):
    gains = [c for c in report["claims"] if c["id"] == "gain_exfel"]
    readings = {c["reading"] for c in gains}
    assert len(gains) == 6 and any("square" in r for r in readings) and any("disk" in r for r in readings)
    assert all("would need hbar omega" in c["note"] for c in gains)  # the input that reproduces the paper


def test_section_2_approximations_err_at_order_mixing(report):
    rows = {r["name"]: r for r in report["approximations"]}
    mixing = rows["mixing"]["exact"]
    for name in ("alpha", "beta", "overlap", "mixing", "lambda_L", "gamma_L"):
        assert 0.1 * mixing < rows[name]["relative_error"] < 10 * mixing, name
    assert rows["E_L"]["relative_error"] == 1.0  # the paper sets E_L = M1: all of E_L - M1 is neglected
    assert rows["E_L"]["neglected_term_value"] == pytest.approx(rows["E_L"]["exact"], rel=1e-12)


def test_regimes_and_populations(report):
    rows = {r["name"]: r for r in report["approximations"]}
    assert rows["appearance_short"]["condition_holds"] and rows["appearance_short"]["relative_error"] < 1e-3
    # at 152Gd tau_S/tau_osc = 6.3: no time is both >> tau_osc and << tau_S
    assert not rows["appearance_intermediate"]["condition_holds"]
    assert rows["appearance_intermediate"]["relative_error"] > 0.1
    # Eq. (3.7c) at the Earth's age: off by its registered leading correction, -(Gamma_L t)^2/2 relative
    p = rows["P_gs"]
    assert p["relative_error"] * p["exact"] == pytest.approx(abs(p["neglected_term_value"]), rel=1e-6)


def test_markdown_and_cli(capsys, report):
    md = to_markdown(report)
    assert "## Approximations" in md and "## Claims" in md and "| `gain_exfel` |" in md
    assert main(["audit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"inputs", "approximations", "claims", "channels"}
    (gd,) = data["channels"]["sets"]  # the multi-channel section: 152Gd's allowed hole pairs by default
    assert gd["name"] == "152Gd -> 152Sm" and gd["channels"][1]["label"] == "K L1 @ 0 keV"
    assert main(["audit", "--nuclide", "Gd152", "--markdown"]) == 0
    assert "## Claims" in capsys.readouterr().out


def test_verdicts():
    assert verdict(2.5) == "reproduced" and verdict(0.4) == "reproduced"
    assert verdict(6.3) == "same order of magnitude"
    assert verdict(0.025) == "not reproduced" and verdict(None) == "not reproduced"
