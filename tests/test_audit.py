"""The audit: approximations beside exact values, claims recomputed with ratios and verdicts."""

import json

import pytest

from atommix.audit import PAPER_CLAIMS, AuditInputs, audit, claims, verdict
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
    assert main(["audit", "--json", "--closest", "2"]) == 0  # all 46 channels take 1.5 min
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"inputs", "approximations", "claims", "channels"}
    (gd,) = data["channels"]["sets"]  # the multi-channel section: 152Gd's allowed hole pairs by default
    assert gd["name"] == "152Gd -> 152Sm" and [c["label"] for c in gd["channels"]] == ["K L1 @ 0 keV", "K L2 @ 0 keV"]
    assert gd["missing"] == ["44 farther channel(s) left out (closest 2 kept)"]
    assert main(["audit", "--nuclide", "Gd152", "--markdown", "--closest", "1"]) == 0
    assert "## Claims" in capsys.readouterr().out


def test_verdicts():
    assert verdict(2.5) == "reproduced" and verdict(0.4) == "reproduced"
    assert verdict(6.3) == "same order of magnitude"
    assert verdict(0.025) == "not reproduced" and verdict(None) == "not reproduced"


def test_notes_are_computed_from_the_inputs():
    """Another Delta and Q: the labels and notes follow them (nothing of the 152Gd point is typed into a note)."""
    from fractions import Fraction

    report = {"claims": claims(AuditInputs(delta=Fraction(500), q=Fraction(60000)))}
    gains = {c["reading"] for c in report["claims"] if c["id"] == "gain_exfel"}
    assert any("Q - E_level = 60.00 keV" in r for r in gains) and any("Q - E_level - Delta = 59.50 keV" in r for r in gains)
    assert not any("55.7" in r or "54.79" in r for r in gains)
    sup = next(c for c in report["claims"] if c["id"] == "rate_suppression_off_resonance")
    assert f"{sup['computed_value']:.3g}" in sup["note"] and "6e3" not in sup["note"]
    assert f"a factor {500 / 23:.3g} off resonance" in sup["note"]


def test_the_papers_m21_against_its_own_rate(report):
    rows = [c for c in report["claims"] if c["id"] == "m21_152Gd"]
    assert len(rows) == 1  # no literature half-life is shipped
    row = rows[0]
    rate = next(c for c in report["claims"] if c["id"] == "spontaneous_rate_per_mole")
    # the rate goes as |M21|^2: the |M21| for the paper's rate is the paper's |M21| times sqrt(1e-12 / computed rate)
    assert row["computed_value"] == pytest.approx(1e-24 * (1e-12 / rate["computed_value"]) ** 0.5, rel=1e-6)
    assert "not decided" in row["note"] and "could not be opened" in row["note"]


def test_a_literature_half_life_is_confronted(monkeypatch):
    """A synthetic literature half-life (not shipped data): equal to the one the paper's rate implies, it supports the
    paper's rate and gives back the |M21| that rate needs."""
    import math
    from dataclasses import replace

    import atommix.literature as lit
    from atommix.audit import half_life_confrontation

    inputs = AuditInputs()
    t_rate_1ev = half_life_confrontation(inputs, 0.0)["T_half_paper_rate_1eV_yr"]
    rows = list(lit.candidates())
    rows[0] = replace(rows[0], T_half_yr=repr(t_rate_1ev), T_half_mbb_eV="1", T_half_source="synthetic")
    monkeypatch.setattr(lit, "candidates", lambda: tuple(rows))
    report = {"claims": claims(inputs)}
    m21_rows = {c["reading"]: c for c in report["claims"] if c["id"] == "m21_152Gd"}
    from_rate = m21_rows["from the paper's rate (1e-12 s^-1 per mole)"]
    from_lit = m21_rows["from the literature half-life"]
    assert from_lit["computed_value"] == pytest.approx(from_rate["computed_value"], rel=1e-9)
    assert "supports the paper's rate" in from_lit["note"]
    h = half_life_confrontation(inputs, from_rate["computed_value"])["literature"]
    assert h["rate_per_mole_per_s"] == pytest.approx(1e-12, rel=1e-9) and math.isfinite(h["T_half_yr"])


@pytest.mark.parametrize(("argv", "lines"), [
    (["--delta", "500eV", "--gamma", "23eV", "--m21", "1e-24eV"], ("Q - E_level = 55.70 keV", "Q - E_level - Delta = 55.20 keV")),
    (["--nuclide", "Dy156@1988.5", "--m21", "1e-24eV"], ("Q - E_level = 17.45 keV",)),
])
def test_cli_photon_energies_follow_the_point(capsys, argv, lines):
    """The gain is read at the transition energy of the point asked for, not at typed 152Gd values."""
    assert main(["audit", "--json", "--channel-parents", "none", *argv]) == 0
    readings = {c["reading"] for c in json.loads(capsys.readouterr().out)["claims"] if c["id"] == "gain_exfel"}
    for line in lines:
        assert any(line in r for r in readings), (line, readings)
    assert not any("54.79" in r for r in readings)
