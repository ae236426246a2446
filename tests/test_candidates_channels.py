"""The allowed (level, pair) channels of one nuclide: the input of a multi-channel evaluation."""

import math

import pytest

from atommix.candidates import allowed_channels
from atommix.channels import float64_channels
from atommix.literature import atomic_levels
from atommix.nuclides import UnknownNuclideError
from atommix.two_hole import two_hole_energy


def _key(r):
    return math.hypot(r["delta_eV"], r["gamma_eV"] / 2)


def test_152gd_leads_with_the_published_k_l1_and_the_rest_estimated():
    rows = allowed_channels("Gd152")
    first = rows[0]
    assert (first["shells"], first["delta_eV"], first["delta_unc_eV"], first["gamma_eV"]) == ("K L1", 910.0, 180.0, 23.0)
    assert first["estimated"] is False and first["open"] is True and first["gamma_unc_eV"] is None
    assert all(r["estimated"] for r in rows[1:]) and len({r["shells"] for r in rows}) == len(rows)
    assert [_key(r) for r in rows] == sorted(_key(r) for r in rows)
    assert all(isinstance(r[k], float) for r in rows for k in ("delta_eV", "delta_unc_eV", "gamma_eV", "E_level_keV"))


def test_only_pairs_that_reach_the_level():
    rows = allowed_channels("Er162@1782.63")  # 2+: K L1 (J = 0, 1) is the literature's pair and is forbidden
    assert rows and all(r["allowed"] is True and 2 in r["pair_J"] for r in rows)
    assert "K L1" not in {r["shells"] for r in rows}
    assert all(r["shells"] not in ("K K", "L1 L1", "M1 M1") for r in allowed_channels("Os184@1431.01"))


def test_a_parent_gives_every_published_level_and_both_spellings_agree():
    rows = allowed_channels("Dy156")
    assert {r["nuclide"] for r in rows} == {"Dy156@1946.46", "Dy156@1952.38", "Dy156@1988.5"}  # not the integer 2004
    assert allowed_channels("156Dy") == rows
    assert {r["nuclide"] for r in allowed_channels("Dy156@1988.5")} == {"Dy156@1988.5"}


def test_112sn_k_k_is_closest_but_lies_above_the_parent():
    first = allowed_channels("Sn112")[0]
    assert first["shells"] == "K K" and first["delta_eV"] < 0 and first["open"] is False


def test_levels_without_spin_only_on_request():
    assert allowed_channels("Cd106") == []
    rows = allowed_channels("Cd106", include_unknown_spin=True)
    assert rows and all(r["allowed"] is None and r["level_spin_parity"] is None for r in rows)


def test_unknown_nuclide_is_refused_with_the_list():
    with pytest.raises(UnknownNuclideError, match=r"nuclide must be one of .*Gd152.*got 'Xx1'"):
        allowed_channels("Xx1")


def test_width_spread_by_hand():
    # dG: |Keski-Rahkonen & Krause - Campbell & Papp| per subshell; two subshells in quadrature, one subshell twice linearly
    sm, gd = atomic_levels()["Sm"], atomic_levels()["Gd"]
    assert float(two_hole_energy("Sm", "K", "L1").gamma_spread) == pytest.approx(math.hypot(sm["dG_K"], sm["dG_L1"]), rel=1e-6)
    assert float(two_hole_energy("Gd", "L1", "L1").gamma_spread) == pytest.approx(2 * gd["dG_L1"], rel=1e-6)


def test_channels_feed_the_multichannel_evaluation():
    rows = allowed_channels("Dy156")[:4]
    rec = float64_channels([{"delta": r["delta_eV"], "gamma": r["gamma_eV"], "m21": 1e-24} for r in rows])
    mixing = rec["values"]["mixing_channels"]
    assert len(mixing) == 4 and all(m > 0 for m in mixing)
    # far from each other (|Delta_i - Delta_j| >> Gamma), each channel is its own 2x2 mixing |M21|^2/(Delta^2 + Gamma^2/4)
    for m, r in zip(mixing, rows):
        assert m == pytest.approx(1e-48 / (r["delta_eV"] ** 2 + r["gamma_eV"] ** 2 / 4), rel=1e-3)
