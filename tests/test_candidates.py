"""The shipped candidates: the rows the literature check corrected, the ranking among allowed pairs, half-lives."""

import json
import math
from dataclasses import replace
from fractions import Fraction

import pytest

import atommix.nuclides as nuclides
from atommix import numeric as nu
from atommix.candidates import half_life_scaled, literature_pairs, rank_candidates
from atommix.cli import main
from atommix.literature import candidates, si_exact
from atommix.nuclides import best_pair, level_pairs, nuclide_parameters


@pytest.fixture(scope="module")
def rows():
    return rank_candidates(1e-24)["values"]["candidates"]


def _row(rows, key, shells=None):
    return next(r for r in rows if r["nuclide"] == key and (shells is None or r["shells"] == shells))


def test_every_row_names_its_sources_and_levels_keep_their_printed_precision():
    for c in candidates():
        assert c.Q_source.startswith("AME2020") and c.level_source, c.key
        assert c.level_status in ("published", "unverified"), c.key
    keys = [c.key for c in candidates()]
    assert len(keys) == len(set(keys))
    assert {"Dy156@1946.46", "Dy156@1952.38", "Dy156@1988.5", "Os184@1386.331", "Os184@1431.01", "Sn112@1871.23",
            "Dy158@261.4572", "Er162@1782.63"} <= set(keys)
    pt = next(c for c in candidates() if c.key == "Pt190@1382")
    assert "only N" not in pt.source + pt.note or "wrong" in pt.note


def test_no_forbidden_pair_is_ranked(rows):
    ranked = [r for r in rows if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(r["allowed"] is True for r in ranked)
    assert all(a["mixing"] >= b["mixing"] for a, b in zip(ranked, ranked[1:]))
    for r in ranked:  # the row's pair couples to one of the level's J
        spins = r["level_spin_parity"].strip("()").rstrip("+-").split(",")
        assert any(int(j) in r["pair_J"] for j in spins), r


def test_the_literature_pair_of_162er_is_shown_forbidden_beside_the_allowed_one(rows):
    kl1 = _row(rows, "Er162@1782.63", "K L1")
    assert kl1["allowed"] is False and kl1["rank"] is None and kl1["pair_J"] == [0, 1]
    best = next(r for r in rows if r["nuclide"] == "Er162@1782.63" and r["rank"] is not None)
    assert best["shells"] != "K L1" and 2 in best["pair_J"]
    assert any("literature" in n for n in kl1["notes"])


def test_96ru_levels_are_not_read_as_l1_l1(rows):
    high = _row(rows, "Ru96@2712.7")
    assert high["shells"] != "L1 L1"
    named = high["literature_pairs"]  # 'L L' as printed: every L subshell pair, each with Delta < 0 at AME2020 Q
    assert {p["shells"] for p in named} == {"L1 L1", "L1 L2", "L1 L3", "L2 L2", "L2 L3", "L3 L3"}
    assert all(p["delta_eV"] < 0 for p in named)


def test_kk_is_found_for_180w_and_112sn(rows):
    assert _row(rows, "W180")["shells"] == "K K" and _row(rows, "W180")["delta_eV"] > 0
    assert _row(rows, "Sn112@1871.23")["shells"] == "K K" and _row(rows, "Sn112@1871.23")["delta_eV"] < 0


def test_152gd_keeps_the_published_point_and_the_estimate_agrees(rows):
    gd = _row(rows, "Gd152")
    assert gd["estimated"] == [] and gd["delta_eV"] == 910.0 and gd["gamma_eV"] == 23.0 and gd["shells"] == "K L1"
    assert gd["allowed"] is True and gd["rate_per_mole_per_s"] == pytest.approx(2.5407e-14, rel=1e-4)
    assert abs(gd["delta_estimate_eV"] - gd["delta_eV"]) < gd["delta_estimate_unc_eV"]
    lo, hi = gd["mixing_range"]
    assert lo < gd["mixing"] < hi


def test_estimated_delta_adds_every_uncertainty(rows):
    r = _row(rows, "Dy156@1988.5")
    parts = r["delta_unc_parts_eV"]
    assert set(parts) == {"Q", "E_level", "two-hole rule", "single-hole data"}
    assert r["delta_unc_eV"] == pytest.approx(math.sqrt(sum(v * v for v in parts.values())), rel=1e-6)
    assert r["B_2h_eV"]["sum_rule"] < r["B_2h_eV"]["z_plus_1"]
    c = next(c for c in candidates() if c.key == "Dy156@1988.5")
    expected = (Fraction(c.Q_keV) - Fraction(c.E_level_keV)) * 1000 - Fraction(r["B_2h_eV"]["sum_rule"] + r["B_2h_eV"]["z_plus_1"]) / 2
    assert r["delta_eV"] == pytest.approx(float(expected), abs=1e-6)
    pt = _row(rows, "Pt190@1326.9")  # printed without uncertainty: half a unit of the last digit
    assert pt["delta_unc_parts_eV"]["E_level (rounding of the printed value)"] == 50.0


def test_best_pair_is_the_closest_allowed_one():
    c = next(c for c in candidates() if c.key == "Er162@1782.63")
    pairs = level_pairs(c)
    best = best_pair(pairs)
    allowed = [p for p in pairs if p.rule.allowed and p.energy.gamma is not None]
    assert best in allowed
    assert all(abs(complex(best.delta, best.energy.gamma / 2)) <= abs(complex(p.delta, p.energy.gamma / 2)) for p in allowed)
    assert nuclide_parameters("Er162@1782.63").pair == best
    assert [p.shells for p in literature_pairs("K N", level_pairs(next(c for c in candidates() if c.key == "Pt190@1326.9")))] \
        == ["K N1", "K N2", "K N3", "K N4", "K N5"]


def test_unverified_levels_are_shown_not_evaluated(rows):
    for key in ("Dy156@2004", "Os184@1322", "Pt190@1382"):
        r = _row(rows, key)
        assert r["rank"] is None and r["delta_eV"] is None and "older compilation" in r["missing"]


def test_a_literature_half_life_scales_with_mbb_and_gives_back_its_m21(monkeypatch):
    """A synthetic half-life (not shipped data) through the whole path: scaled as 1/m_bb^2, |M21| reproducing it."""
    assert half_life_scaled(Fraction(10**26), Fraction(1), Fraction(1, 10)) == Fraction(10**28)
    with pytest.raises(ValueError, match="mbb must be > 0"):
        half_life_scaled(Fraction(1), Fraction(1), Fraction(0))
    rows = list(candidates())
    rows[0] = replace(rows[0], T_half_yr="1e26", T_half_mbb_eV="1", T_half_source="synthetic")
    monkeypatch.setattr(nuclides, "candidates", lambda: tuple(rows))
    gd = _row(rank_candidates(1e-24, "0.1")["values"]["candidates"], "Gd152")
    assert gd["T_half_yr"] == pytest.approx(1e28) and gd["T_half_literature_mbb_eV"] == 1.0
    year = float(si_exact("year"))
    rate = float(nu.spontaneous_rate(910.0, 23.0, gd["m21_implied_eV"], n_atoms=1.0))
    assert math.log(2) / rate / year == pytest.approx(1e28, rel=1e-12)


def test_cli_table_and_json(capsys):
    assert main(["candidates"]) == 0
    out = capsys.readouterr().out
    assert "J^pi" in out and "K L1" in out and "NO" in out
    assert main(["candidates", "--json", "--mbb", "0.05eV"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = data["values"]["candidates"][0]
    assert {"nuclide", "E_level_keV", "level_spin_parity", "shells", "allowed", "delta_eV", "delta_unc_eV", "gamma_eV",
            "sources", "rank", "T_half_yr", "m21_implied_eV", "gamma_unc_eV", "open"} <= set(row)
    assert data["inputs"]["mbb"] == 0.05
    for bad, option in ((["--mbb", "0"], "--mbb"), (["--mbb", "20eV"], "--mbb"), (["--m21", "2eV"], "--m21")):
        with pytest.raises(SystemExit) as exc:
            main(["candidates", *bad])
        err = capsys.readouterr().err.strip()
        assert exc.value.code == 2 and option in err and len(err.splitlines()) == 1
