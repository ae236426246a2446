"""The audit's multi-channel section at shipped candidates, and the adapter from the candidate data."""

from fractions import Fraction

import mpmath
import pytest

from atommix.candidate_channels import candidate_channel_sets, candidates_channel_audit, nuclide_channels
from atommix.validation import reference_eigensystem
from atommix.validation.channels import channel_reference, channel_system


def test_152Gd_channels_keep_the_measured_pair_and_add_the_others_estimated():
    (gd,) = candidate_channel_sets(["152Gd"])
    by_label = {c["label"]: c for c in gd["channels"]}
    assert len(by_label) == len(gd["channels"]) and gd["missing"] == []
    kl1 = gd["channels"][0]  # the paper's Delta = 0.91 keV, Gamma = 23 eV (Sec. 4, after Eliseev et al.)
    assert kl1["label"] == "K L1 @ 0 keV" and (kl1["delta"], kl1["gamma"]) == (910, 23)
    assert not kl1["estimated"] and "Eliseev" in kl1["source"]
    # L1 L1 of Sm: Q(AME2020) - (sum rule 2 x 7736.8 + Z+1 rule 7736.8 + B_L1(Eu) 8052.0)/2 = 55673.7 - 15631.2 eV;
    # Gamma = 2 x Gamma_L1(Sm) = 2 x 3.3 eV (atomic_levels.csv)
    l1l1 = by_label["L1 L1 @ 0 keV"]
    assert l1l1["delta"] == Fraction("40042.5") and l1l1["gamma"] == Fraction("6.6")
    assert l1l1["estimated"] and l1l1["source"].startswith("estimated")
    # a parity-changing pair and a j > 1/2 hole are allowed, with what suppresses them said
    assert "parity changes" in by_label["K L2 @ 0 keV"]["suppression"]
    assert "j > 1/2" in by_label["L3 L3 @ 0 keV"]["suppression"]
    assert all(c["m21"] == Fraction(1, 10**24) for c in gd["channels"])


def test_156Dy_levels_each_give_their_channels_or_say_why_not():
    (dy,) = candidate_channel_sets(["156Dy"])
    levels = {c["label"].split("@ ")[1] for c in dy["channels"]}
    assert levels == {"1946.46 keV", "1952.38 keV", "1988.5 keV"}
    assert dy["missing"] == ["level 2004 keV: energy only from an older compilation (integer keV), not evaluated"]
    # closest to resonance: L1 L1 of Gd at the 0+ 1988.5 keV level, Q - E = 2005946.8 - 1988500 = 17446.8 eV,
    # B_2h = (2 x 8375.6 + 8375.6 + B_L1(Tb) 8708.0)/2 = 16917.4 eV
    near = dy["channels"][0]
    assert near["label"] == "L1 L1 @ 1988.5 keV" and near["delta"] == Fraction("529.4")
    assert near["gamma"] == Fraction("7.6") and near["nuclide"] == "Dy156@1988.5"
    assert [c["label"] for c in nuclide_channels("Dy156@1988.5", Fraction(0))] == \
        [c["label"] for c in dy["channels"] if c["nuclide"] == "Dy156@1988.5"]


def test_unknown_parent_is_refused_by_name():
    with pytest.raises(ValueError, match="parent must be one of .*152Gd.*got 'Xx'"):
        candidate_channel_sets(["Xx"])


def test_152Gd_section_against_the_mpmath_references():
    section = candidates_channel_audit(["152Gd"], closest=4)  # all 46: 1.5 min
    (s,) = section["sets"]
    dps = s["dps"]
    rows = [(c["delta"], c["gamma"], c["m21"]) for c in candidate_channel_sets(["152Gd"], closest=4)[0]["channels"]]
    coupled = channel_reference(channel_system(rows), dps=dps)
    ctx = mpmath.mp.clone()
    ctx.dps = dps + 10
    exact = ctx.mpf(coupled.as_strings()["gamma_L"])
    singles = [ctx.mpf(reference_eigensystem(d, g, m, dps=dps).as_strings()["gamma_L"]) for d, g, m in rows]
    assert ctx.mpf(s["gamma_L"]) == pytest.approx(exact, rel=1e-19)
    assert s["relative_difference"] == pytest.approx(float((ctx.fsum(singles) - exact) / exact), rel=1e-6)
    assert s["relative_difference"] == pytest.approx(-s["cross_term_relative"], rel=1e-6)
    assert s["digits"] >= 60 and s["close_pairs"] == []
    assert "exact to a relative" in s["verdict"] and len(s["channels"]) == 4
