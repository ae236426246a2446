"""Two-hole energies from single-hole data: the two rules by hand, and the published 152Sm value between them."""

from fractions import Fraction

import pytest

from atommix.literature import atomic_levels, candidates
from atommix.selection_rules import spin_parity
from atommix.two_hole import CAPTURE_SUBSHELLS, pair_estimates, two_hole_energy


def test_rules_by_hand_for_samarium_k_l1():
    # B_K(Sm) = 46834.2, B_L1(Sm) = 7736.8, B_L1(Eu) = 8052.0 eV (ToI 8th ed.), widths 19.8 + 3.3 eV (Campbell & Papp)
    levels, eu = atomic_levels()["Sm"], atomic_levels()["Eu"]
    assert (levels["B_K"], levels["B_L1"], eu["B_L1"]) == (46834.2, 7736.8, 8052.0)
    e = two_hole_energy("Sm", "L1", "K")  # order does not matter: K is the inner hole
    assert e.sum_rule == Fraction("54571.0") and e.z_plus_1 == Fraction("54886.2")
    assert e.estimate == Fraction("54728.6") and e.method_halfwidth == Fraction("157.6")
    assert e.gamma == Fraction("23.1")


def test_published_samarium_value_lies_between_the_rules():
    """The paper's Q - Delta = 55.70 - 0.91 keV (Eliseev et al. 2011) is bracketed by the sum and Z+1 rules."""
    gd = next(c for c in candidates() if c.parent == "152Gd")
    published = (Fraction("55.70") - Fraction(gd.delta_keV)) * 1000
    e = two_hole_energy("Sm", "K", "L1")
    assert e.sum_rule < published < e.z_plus_1
    assert abs(published - e.estimate) <= e.method_halfwidth


def test_identical_subshells_use_the_same_subshell_of_z_plus_1():
    e = two_hole_energy("Hf", "K", "K")
    assert e.sum_rule == 2 * Fraction(str(atomic_levels()["Hf"]["B_K"]))
    assert e.z_plus_1 == Fraction(str(atomic_levels()["Hf"]["B_K"])) + Fraction(str(atomic_levels()["Ta"]["B_K"]))


def test_every_unordered_pair_once_with_its_uncertainty_parts():
    pairs = pair_estimates("Sm", Fraction("55673.7"), {"Q": Fraction("175.4")}, spin_parity("0+"))
    names = [p.pair for p in pairs]
    assert len(names) == len(set(names)) == len(CAPTURE_SUBSHELLS) * (len(CAPTURE_SUBSHELLS) + 1) // 2
    kl1 = next(p for p in pairs if p.pair == ("K", "L1"))
    assert kl1.delta == Fraction("55673.7") - Fraction("54728.6")
    parts = kl1.uncertainty_parts
    assert set(parts) == {"Q", "two-hole rule", "single-hole data"}
    assert float(kl1.delta_unc) == pytest.approx(sum(float(x) ** 2 for x in parts.values()) ** 0.5, rel=1e-9)
    assert kl1.rule.allowed and not next(p for p in pairs if p.pair == ("K", "L3")).rule.allowed


def test_unknown_element_is_refused():
    with pytest.raises(ValueError, match="element must be one of"):
        two_hole_energy("Xx", "K", "L1")
