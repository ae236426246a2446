"""Daughter channels of a shipped candidate parent: every allowed two-hole state of every listed level.

This is the one adapter between the shipped candidate data (:mod:`atommix.literature`,
``candidates.csv`` and ``atomic_levels.csv``) and the multi-channel audit
(:func:`atommix.channel_audit.channel_audit`), which takes plain lists of channels.

What the shipped data allow, and what this adapter assumes:

- **Levels.** Every row of ``candidates.csv`` with the same parent is a daughter nuclear level.
  Its J^pi is 0+ for a ground state (all parents are even-even) and is read from the source
  text (``level 0+``, ``level 1-``) elsewhere; a level without J^pi keeps only the shells its
  row names.
- **Hole pairs.** The captured electrons are taken from the s1/2 and p1/2 subshells of the
  table (K, L1, L2, M1, N1): their densities at the nucleus dominate capture; p3/2 (L3) and
  higher-j electrons are left out.  Two holes j1 = j2 = 1/2 couple to J = 0 or 1 (only J = 0 in
  the same subshell) with parity (-1)^(l1 + l2); a pair is allowed when that J^pi is the level's,
  so that the daughter atom has the parent's 0+.
- **Delta and Gamma** of a pair: the row's measured values where a source gives them for
  that pair (152Gd K L1), else Delta = Q - E_level - (B_X + B_Y) and Gamma = Gamma_X + Gamma_Y
  from single-hole data (an underestimate of B_2h: Delta comes out high, by 0.22 keV for 152Gd
  K L1); pairs without single-hole data are listed in ``missing``.
- **Couplings**: one common |M_i| for every channel (the ranking's assumption, ``atommix
  candidates``): the data hold no per-channel nuclear or electron factors.

>>> sets = candidate_channel_sets(["152Gd"])
>>> [(c["label"], float(c["delta"])) for c in sets[0]["channels"]][:3]
[('K K @ 0 keV', -37968.4), ('K L1 @ 0 keV', 910.0), ('K M1 @ 0 keV', 7143.0)]
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import combinations_with_replacement
from typing import Any, Sequence

__all__ = [
    "SHELLS",
    "DEFAULT_PARENTS",
    "ASSUMPTIONS",
    "level_spin_parity",
    "allowed_pairs",
    "candidate_channel_sets",
    "candidates_channel_audit",
]

#: Captured subshells: (l, 2j) of K, L1, L2, M1, N1 (s1/2 and p1/2).
SHELLS = {"K": (0, 1), "L1": (0, 1), "L2": (1, 1), "M1": (0, 1), "N1": (0, 1)}
#: The audit's multi-channel candidates.
DEFAULT_PARENTS = ("152Gd", "156Dy")
ASSUMPTIONS = (
    "channels from the shipped data: s1/2 and p1/2 hole pairs (K, L1, L2, M1, N1) with the level's J^pi; "
    "Delta = Q - E_level - (B_X + B_Y) and Gamma = Gamma_X + Gamma_Y from single-hole data where no source "
    "gives the pair's values; one common |M_i| for every channel"
)
_LEVEL = re.compile(r"level (\d+)([+-])")


def level_spin_parity(row: Any) -> tuple[int, int] | None:
    """(J, parity +1/-1) of a candidate row's daughter level: 0+ for a ground state, else from its source text."""
    if Fraction(row.E_level_keV) == 0:
        return (0, 1)
    match = _LEVEL.search(row.source)
    return None if match is None else (int(match.group(1)), 1 if match.group(2) == "+" else -1)


def allowed_pairs(spin_parity: tuple[int, int]) -> list[tuple[str, str]]:
    """Hole pairs of :data:`SHELLS` whose coupled J^pi can be ``spin_parity``."""
    j, parity = spin_parity
    out = []
    for x, y in combinations_with_replacement(SHELLS, 2):
        spins = {0} if x == y else {0, 1}
        if j in spins and (-1) ** (SHELLS[x][0] + SHELLS[y][0]) == parity:
            out.append((x, y))
    return out


def _named_pair(shells: str) -> tuple[str, str] | None:
    """The pair a row names ('KL1' -> ('K', 'L1')), when both are subshells of the table."""
    match = re.fullmatch(r"(K|L1|L2|M1|N1)(K|L1|L2|M1|N1)", shells)
    return None if match is None else (match.group(1), match.group(2))


def candidate_channel_sets(parents: Sequence[str] = DEFAULT_PARENTS, m21: Fraction = Fraction(1, 10**24)) -> list[dict[str, Any]]:
    """For each parent: its channels (label, delta, gamma, m21, phase as exact eV, rad; provenance) and what is missing.

    Raises ``ValueError`` naming the shipped parents for a parent that is not among them.
    """
    from .literature import atomic_levels, candidates

    levels_by_element = atomic_levels()
    out = []
    for parent in parents:
        rows = [c for c in candidates() if c.parent == parent]
        if not rows:
            known = sorted({c.parent for c in candidates()})
            raise ValueError(f"parent must be one of {', '.join(known)}; got {parent!r}")
        element = "".join(ch for ch in rows[0].daughter if ch.isalpha())
        levels = levels_by_element.get(element, {})
        channels: list[dict[str, Any]] = []
        missing: list[str] = []
        for row in rows:
            jp = level_spin_parity(row)
            named = _named_pair(row.shells)
            pairs = allowed_pairs(jp) if jp is not None else ([named] if named else [])
            if not pairs:
                why = "no allowed s1/2, p1/2 hole pair" if jp is not None else "no J^pi and no shells in the data"
                missing.append(f"level {row.E_level_keV} keV: {why}")
            for x, y in pairs:
                label = f"{x} {y} @ {row.E_level_keV} keV"
                if (x, y) == named and row.delta_keV is not None and row.gamma_2h_eV is not None:
                    delta, gamma, source = Fraction(row.delta_keV) * 1000, Fraction(row.gamma_2h_eV), row.source
                else:
                    b = [levels.get(f"B_{s}") for s in (x, y)]
                    g = [levels.get(f"G_{s}") for s in (x, y)]
                    if None in b or None in g:
                        missing.append(f"{label}: no single-hole data for {element}")
                        continue
                    b2h = Fraction(str(b[0])) + Fraction(str(b[1]))
                    delta = (Fraction(row.Q_keV) - Fraction(row.E_level_keV)) * 1000 - b2h
                    gamma = Fraction(str(g[0])) + Fraction(str(g[1]))
                    source = f"estimated: B_{x} + B_{y}, Gamma_{x} + Gamma_{y} of {element}; {row.source}"
                channels.append({"label": label, "delta": delta, "gamma": gamma, "m21": m21, "phase": Fraction(0),
                                 "source": source})
        out.append({"name": f"{parent} -> {rows[0].daughter}", "parent": parent, "daughter": rows[0].daughter,
                    "channels": channels, "missing": missing})
    return out


def candidates_channel_audit(parents: Sequence[str] = DEFAULT_PARENTS, m21: Fraction = Fraction(1, 10**24),
                             dps: int | None = None) -> dict[str, Any]:
    """The audit's multi-channel section (:func:`atommix.channel_audit.channel_audit`) at shipped candidates."""
    from .channel_audit import channel_audit

    return channel_audit(candidate_channel_sets(parents, m21), dps=dps, assumptions=ASSUMPTIONS)
