"""The audit's multi-channel section at shipped candidates, and the adapter from the candidate data."""

from fractions import Fraction

import mpmath
import pytest

from atommix.candidate_channels import allowed_pairs, candidate_channel_sets, candidates_channel_audit
from atommix.validation import reference_eigensystem
from atommix.validation.channels import channel_reference, channel_system


def test_allowed_pairs_follow_the_level_spin_parity():
    assert ("K", "L1") in allowed_pairs((0, 1)) and ("L1", "L1") in allowed_pairs((0, 1))
    assert ("K", "L2") not in allowed_pairs((0, 1))  # odd parity
    assert ("K", "L2") in allowed_pairs((0, -1)) and ("K", "L2") in allowed_pairs((1, -1))
    assert ("K", "K") not in allowed_pairs((1, 1))  # two holes in one j = 1/2 subshell: J = 0 only
    assert allowed_pairs((2, 1)) == []


def test_152Gd_channels_keep_the_measured_pair_and_add_the_others_estimated():
    (gd,) = candidate_channel_sets(["152Gd"])
    by_label = {c["label"]: c for c in gd["channels"]}
    kl1 = by_label["K L1 @ 0 keV"]
    assert (kl1["delta"], kl1["gamma"]) == (910, 23) and "Eliseev" in kl1["source"]
    l1l1 = by_label["L1 L1 @ 0 keV"]  # Q - 2 B_L1(Sm) = 55700 - 2 x 7736.8 eV
    assert l1l1["delta"] == Fraction("40226.4") and l1l1["gamma"] == Fraction("6.6") and "estimated" in l1l1["source"]
    assert all(c["m21"] == Fraction(1, 10**24) for c in gd["channels"])


def test_156Dy_levels_each_give_their_channels_or_say_why_not():
    (dy,) = candidate_channel_sets(["156Dy"])
    levels = {c["label"].split("@ ")[1] for c in dy["channels"]}
    assert levels == {"1946 keV", "1952 keV", "1989 keV"}
    assert dy["missing"] == ["level 2004 keV: no allowed s1/2, p1/2 hole pair"]
    near = min(dy["channels"], key=lambda c: abs(c["delta"]))
    assert near["label"] == "L1 L1 @ 1989 keV" and abs(near["delta"]) < 300


def test_unknown_parent_is_refused_by_name():
    with pytest.raises(ValueError, match="parent must be one of .*152Gd.*got 'Xx'"):
        candidate_channel_sets(["Xx"])


def test_152Gd_section_against_the_mpmath_references():
    section = candidates_channel_audit(["152Gd"])
    (s,) = section["sets"]
    dps = s["dps"]
    rows = [(c["delta"], c["gamma"], c["m21"]) for c in candidate_channel_sets(["152Gd"])[0]["channels"]]
    coupled = channel_reference(channel_system(rows), dps=dps)
    ctx = mpmath.mp.clone()
    ctx.dps = dps + 10
    exact = ctx.mpf(coupled.as_strings()["gamma_L"])
    singles = [ctx.mpf(reference_eigensystem(d, g, m, dps=dps).as_strings()["gamma_L"]) for d, g, m in rows]
    assert ctx.mpf(s["gamma_L"]) == pytest.approx(exact, rel=1e-19)
    assert s["relative_difference"] == pytest.approx(float((ctx.fsum(singles) - exact) / exact), rel=1e-6)
    assert s["relative_difference"] == pytest.approx(-s["cross_term_relative"], rel=1e-6)
    assert s["digits"] >= 60 and s["close_pairs"] == []
    assert "exact to a relative" in s["verdict"] and len(s["channels"]) == 11
