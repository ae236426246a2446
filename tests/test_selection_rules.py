"""Selection rules of a hole pair: hand-worked cases, and every pair against an m-scheme count of its states."""

from collections import Counter
from fractions import Fraction
from itertools import combinations, product

import pytest

from atommix.selection_rules import SUBSHELLS, pair_couplings, pair_parity, reaches, spin_parity, subshell


@pytest.mark.parametrize("a, b, expected", [
    ("K", "L1", (0, 1)),      # s1/2 s1/2, different shells
    ("L1", "L1", (0,)),       # one s1/2 subshell: the two holes fill it, J = 0 only
    ("K", "K", (0,)),
    ("L3", "L3", (0, 2)),     # p3/2 p3/2 antisymmetric: 0, 2 (not 1, 3)
    ("L2", "L3", (1, 2)),     # p1/2 p3/2
    ("K", "L3", (1, 2)),
    ("M5", "M5", (0, 2, 4)),  # d5/2 d5/2
    ("K", "M4", (1, 2)),      # s1/2 d3/2
    ("M4", "M5", (1, 2, 3, 4)),
])
def test_hand_worked_couplings(a, b, expected):
    assert pair_couplings(a, b) == expected
    assert pair_couplings(b, a) == expected


def _m_scheme(a: str, b: str) -> tuple[int, ...]:
    """J values of two holes by counting total M: independent of the coupling formula (Pauli by distinct m)."""
    def ms(name):
        j = subshell(name).j
        return [-j + k for k in range(int(2 * j) + 1)]
    states = combinations(ms(a), 2) if a == b else product(ms(a), ms(b))
    count = Counter(m1 + m2 for m1, m2 in states)
    top = max(count)
    return tuple(int(J) for J in range(0, int(top) + 1) if count[Fraction(J)] - count[Fraction(J + 1)] > 0)


@pytest.mark.parametrize("a, b", list(combinations(SUBSHELLS, 2)) + [(s, s) for s in SUBSHELLS])
def test_every_pair_matches_the_m_scheme(a, b):
    assert pair_couplings(a, b) == _m_scheme(a, b)


def test_parity_and_labels():
    assert pair_parity("K", "L1") == 1 and pair_parity("K", "L2") == -1 and pair_parity("L2", "L3") == 1
    assert pair_parity("K", "M4") == 1 and pair_parity("M3", "N4") == -1
    assert [subshell(s).label for s in ("K", "L3", "M5", "N7")] == ["1s1/2", "2p3/2", "3d5/2", "4f7/2"]
    assert len(SUBSHELLS) == 1 + 3 + 5 + 7


@pytest.mark.parametrize("text, spins, parity, tentative", [
    ("0+", (0,), 1, False), ("2+", (2,), 1, False), ("1-", (1,), -1, False), ("(2-)", (2,), -1, True),
    ("(1,2)", (1, 2), None, True), ("1,2+", (1, 2), 1, False), ("3/2-", (Fraction(3, 2),), -1, False),
])
def test_spin_parity_as_printed(text, spins, parity, tentative):
    sp = spin_parity(text)
    assert sp.spins == spins and sp.parity == parity and sp.tentative == tentative


@pytest.mark.parametrize("bad", ["x", "2/3+", "-1", "1,,2"])
def test_bad_spin_parity_is_refused(bad):
    with pytest.raises(ValueError, match="spin-parity"):
        spin_parity(bad)
    with pytest.raises(ValueError, match="subshell must be one of"):
        subshell("L4")


def test_reaching_a_level():
    two_plus = spin_parity("2+")
    assert reaches("K", "L1", two_plus).allowed is False          # 162Er -> 1782.7 keV as printed in the literature
    assert reaches("L1", "L1", two_plus).allowed is False         # 96Ru 'LL' read as L1 L1
    assert reaches("L2", "L3", two_plus).allowed is True and reaches("L3", "L3", two_plus).allowed is True
    assert reaches("K", "M4", two_plus).allowed is True
    zero_plus = spin_parity("0+")
    assert reaches("K", "K", zero_plus).allowed and reaches("K", "K", zero_plus).parity_match
    one_minus = reaches("K", "L1", spin_parity("1-"))
    assert one_minus.allowed is True and one_minus.parity_match is False and "parity" in one_minus.suppression
    unknown = reaches("K", "N3", spin_parity("(1,2)"))
    assert unknown.allowed is True and unknown.parity_match is None and unknown.higher_partial_wave
    assert reaches("K", "L1", None).allowed is None and reaches("K", "L1", zero_plus).suppression == ""
