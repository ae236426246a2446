"""Angular momentum and parity of a pair of electron holes, and whether it can carry a nuclear level's J^pi.

In 0vECEC from a 0+ parent atom (total J = 0) the daughter atom must also have total J = 0:
the two holes must couple to the J of the nuclear level they accompany.  Two holes in
subshells (l1 j1), (l2 j2) couple to |j1 - j2| ... j1 + j2 with parity (-1)^(l1 + l2);
two holes in one subshell j are antisymmetric (Pauli) and couple only to
J = 0, 2, ..., 2j - 1 (K K, L1 L1: J = 0 only; L3 L3: J = 0, 2).  Parity is not a strict
rule (the weak interaction violates it): it is reported, not enforced.  The open-shell
ground-state J of lanthanide atoms is ignored (closed-shell approximation, as in the
candidate literature).

>>> from atommix.selection_rules import pair_couplings, reaches, spin_parity
>>> pair_couplings("K", "L1"), pair_couplings("L3", "L3")
((0, 1), (0, 2))
>>> reaches("K", "L1", spin_parity("2+")).allowed
False
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["SUBSHELLS", "Subshell", "SpinParity", "PairRule", "subshell", "pair_couplings", "pair_parity",
           "spin_parity", "reaches"]

_L_LETTER = "spdf"


@dataclass(frozen=True)
class Subshell:
    """An atomic subshell: X-ray name, principal number n, orbital l and total j."""

    name: str
    n: int
    l: int  # noqa: E741 -- the physicists' name
    j: Fraction

    @property
    def label(self) -> str:
        """Spectroscopic label, e.g. ``2p3/2``."""
        return f"{self.n}{_L_LETTER[self.l]}{self.j.numerator}/{self.j.denominator}"


def _shells() -> dict[str, Subshell]:
    # X-ray notation: within a shell, subshells go s1/2, p1/2, p3/2, d3/2, d5/2, f5/2, f7/2
    order = [(0, Fraction(1, 2)), (1, Fraction(1, 2)), (1, Fraction(3, 2)), (2, Fraction(3, 2)), (2, Fraction(5, 2)),
             (3, Fraction(5, 2)), (3, Fraction(7, 2))]
    out = {"K": Subshell("K", 1, 0, Fraction(1, 2))}
    for n, letter in ((2, "L"), (3, "M"), (4, "N")):
        for i, (l, j) in enumerate(order[: 2 * n - 1], 1):
            out[f"{letter}{i}"] = Subshell(f"{letter}{i}", n, l, j)
    return out


#: K, L1..L3, M1..M5, N1..N7 by name.
SUBSHELLS: dict[str, Subshell] = _shells()


def subshell(name: str) -> Subshell:
    """The subshell called ``name`` (``K``, ``L1`` ... ``N7``)."""
    try:
        return SUBSHELLS[name]
    except KeyError:
        raise ValueError(f"subshell must be one of {', '.join(SUBSHELLS)}; got {name!r}") from None


def pair_couplings(a: str, b: str) -> tuple[int, ...]:
    """Total angular momenta J the holes in subshells ``a`` and ``b`` can couple to (Pauli-restricted if a == b)."""
    sa, sb = subshell(a), subshell(b)
    if sa == sb:
        return tuple(range(0, int(2 * sa.j), 2))  # J = 0, 2, ..., 2j - 1: the antisymmetric states of j x j
    low, high = abs(sa.j - sb.j), sa.j + sb.j
    return tuple(range(int(low), int(high) + 1))


def pair_parity(a: str, b: str) -> int:
    """Parity (-1)^(l_a + l_b) of the hole pair."""
    return -1 if (subshell(a).l + subshell(b).l) % 2 else 1


@dataclass(frozen=True)
class SpinParity:
    """A level's J^pi as printed: the possible J, the parity (None if not given) and whether it is tentative."""

    text: str
    spins: tuple[Fraction, ...]
    parity: int | None
    tentative: bool


def spin_parity(text: str) -> SpinParity | None:
    """Parse an ENSDF-style J^pi: ``0+``, ``(2-)``, ``(1,2)``, ``1,2+``, ``3/2-``; None for an empty string (unknown)."""
    raw = text.strip()
    if not raw:
        return None
    tentative = "(" in raw
    body = raw.replace("(", "").replace(")", "").replace(" ", "")
    parity = None
    if body and body[-1] in "+-":
        parity = 1 if body[-1] == "+" else -1
        body = body[:-1]
    spins = []
    for part in body.split(","):
        sign = part[-1] if part and part[-1] in "+-" else ""
        if sign:  # '1+,2+': one parity per entry, kept only if all agree
            p = 1 if sign == "+" else -1
            parity = p if parity in (None, p) else None
            part = part[:-1]
        try:
            value = Fraction(part)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"level spin-parity must look like 0+, (2-), (1,2) or 3/2-; got {text!r}") from None
        if value < 0 or value.denominator not in (1, 2):
            raise ValueError(f"level spin-parity must have J >= 0, integer or half-integer; got {text!r}")
        spins.append(value)
    return SpinParity(raw, tuple(spins), parity, tentative)


@dataclass(frozen=True)
class PairRule:
    """Can the hole pair accompany the level?  ``allowed`` by angular momentum (None if the level's J is unknown);
    ``parity_match`` (None if the level's parity is unknown); ``higher_partial_wave``: a hole with j > 1/2, whose
    electron has a small density at the nucleus, so its capture needs a higher multipole (suppressed)."""

    couplings: tuple[int, ...]
    parity: int
    allowed: bool | None
    parity_match: bool | None
    higher_partial_wave: bool

    @property
    def suppression(self) -> str:
        """What suppresses this pair beyond the resonance factor, in words ('' for none known)."""
        notes = []
        if self.parity_match is False:
            notes.append("parity changes")
        if self.higher_partial_wave:
            notes.append("a hole with j > 1/2 (higher partial wave)")
        return "; ".join(notes)


def reaches(a: str, b: str, level: SpinParity | None) -> PairRule:
    """The selection rule for holes ``a``, ``b`` and a level ``level`` (from :func:`spin_parity`; None = unknown)."""
    couplings = pair_couplings(a, b)
    parity = pair_parity(a, b)
    higher = max(subshell(a).j, subshell(b).j) > Fraction(1, 2)
    if level is None:
        return PairRule(couplings, parity, None, None, higher)
    allowed = any(j in couplings for j in level.spins)
    match = None if level.parity is None else level.parity == parity
    return PairRule(couplings, parity, allowed, match, higher)
