"""Two-hole states of a daughter atom estimated from single-hole data: binding energy, width, Delta.

Delta = Q - E_level - B_2h (Section 4).  No two-hole binding energy B_2h is tabulated for
most daughters, so two rules bracket it:

- sum rule, B_2h = B_X(Z) + B_Y(Z): omits the hole-hole interaction minus relaxation,
  which is positive, so it is too low (Delta too high);
- Z+1 rule, B_2h = B_inner(Z) + B_outer(Z+1): the second, less bound electron is removed
  from an atom whose inner hole acts as one more unit of nuclear charge.

For 152Sm K L1 they give 54.571 and 54.886 keV; the published value behind the paper's
Delta (Q - Delta = 55.70 - 0.91 = 54.79 keV) lies between them.  The estimate is the
midpoint, with half the difference of the rules as its method uncertainty; the spread of
two single-hole compilations (``dB`` in atomic_levels.csv) is added in quadrature, and so are
the Q and level uncertainties.  Gamma_2h = Gamma_X + Gamma_Y (Campbell & Papp widths), with
the spread to a second width compilation (``dG``, Keski-Rahkonen & Krause) as its uncertainty.
What this leaves out: relativistic and correlation corrections beyond the Z+1 rule, the
open 4f shell of the lanthanides, the chemical state, and the capture probabilities of
the two electrons.

>>> from atommix.two_hole import two_hole_energy
>>> e = two_hole_energy("Sm", "K", "L1")
>>> float(e.sum_rule), float(e.z_plus_1)
(54571.0, 54886.2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from .literature import atomic_levels
from .selection_rules import SUBSHELLS, PairRule, SpinParity, reaches

__all__ = ["TwoHoleEnergy", "PairEstimate", "CAPTURE_SUBSHELLS", "two_hole_energy", "pair_estimates", "element_of"]

#: Subshells whose single-hole data are shipped (N6, N7 = 4f left out: open valence-like shells here).
CAPTURE_SUBSHELLS = tuple(name for name in SUBSHELLS if name not in ("N6", "N7"))


@cache
def _by_z() -> dict[int, str]:
    return {int(v["Z"]): element for element, v in atomic_levels().items() if v.get("Z") is not None}  # type: ignore[arg-type]


def element_of(nuclide: str) -> str:
    """Element symbol of a nuclide written like ``152Sm``."""
    return "".join(ch for ch in nuclide if ch.isalpha())


def _level(element: str, kind: str, name: str) -> Fraction | None:
    levels = atomic_levels().get(element)
    if levels is None:
        raise ValueError(f"element must be one of {', '.join(atomic_levels())} (shipped single-hole data); got {element!r}")
    value = levels.get(f"{kind}_{name}")
    return None if value is None else Fraction(str(value))


@dataclass(frozen=True)
class TwoHoleEnergy:
    """B_2h (eV) of holes ``pair`` in ``element`` by both rules, their midpoint and half-difference, the single-hole
    spread (eV), Gamma_2h (eV, None where a width is not tabulated) and its spread between two width compilations
    (eV, None where one of them does not tabulate a width)."""

    element: str
    pair: tuple[str, str]
    sum_rule: Fraction
    z_plus_1: Fraction
    single_hole_spread: Fraction
    gamma: Fraction | None
    gamma_spread: Fraction | None = None

    @property
    def estimate(self) -> Fraction:
        """Midpoint of the two rules."""
        return (self.sum_rule + self.z_plus_1) / 2

    @property
    def method_halfwidth(self) -> Fraction:
        """Half the difference of the two rules: the uncertainty of the method."""
        return abs(self.z_plus_1 - self.sum_rule) / 2


def _combine(x: Fraction, y: Fraction, same: bool) -> Fraction:
    """Spreads of two single-hole values: in quadrature for two subshells (independent), added for one subshell
    taken twice (the same number, fully correlated)."""
    if same:
        return x + y
    return Fraction(math.hypot(x, y)).limit_denominator(10**6)


@cache
def two_hole_energy(element: str, a: str, b: str) -> TwoHoleEnergy | None:
    """B_2h and Gamma_2h of holes in subshells ``a``, ``b`` of ``element``; None where a binding energy is not shipped."""
    inner, outer = sorted((a, b), key=lambda s: -(_level(element, "B", s) or 0))
    b_inner, b_outer = _level(element, "B", inner), _level(element, "B", outer)
    z = atomic_levels()[element].get("Z")
    heavier = _by_z().get(int(z) + 1) if z is not None else None
    b_outer_z1 = None if heavier is None else _level(heavier, "B", outer)
    if b_inner is None or b_outer is None or b_outer_z1 is None:
        return None
    spreads = [_level(element, "dB", s) or Fraction(0) for s in (inner, outer)]
    spread = _combine(spreads[0], spreads[1], a == b)
    widths = [_level(element, "G", s) for s in (a, b)]
    gamma = None if None in widths else widths[0] + widths[1]  # type: ignore[operator]
    width_spreads = [_level(element, "dG", s) for s in (a, b)]
    gamma_spread = None
    if gamma is not None and None not in width_spreads:
        gamma_spread = _combine(width_spreads[0], width_spreads[1], a == b)  # type: ignore[arg-type]
    return TwoHoleEnergy(element, (a, b), b_inner + b_outer, b_inner + b_outer_z1, spread, gamma, gamma_spread)


@dataclass(frozen=True)
class PairEstimate:
    """One captured pair for one level: Delta (eV) estimated, its uncertainty parts (eV), Gamma_2h and the rule."""

    pair: tuple[str, str]
    energy: TwoHoleEnergy
    delta: Fraction
    uncertainty_parts: dict[str, Fraction]
    rule: PairRule

    @property
    def shells(self) -> str:
        """The pair as two subshells, e.g. ``K L1``."""
        return " ".join(self.pair)

    @property
    def delta_unc(self) -> Fraction:
        """All parts in quadrature (eV)."""
        total = math.sqrt(sum(float(x) ** 2 for x in self.uncertainty_parts.values()))
        return Fraction(total).limit_denominator(10**6)


def pair_estimates(element: str, q_minus_e: Fraction, q_minus_e_unc: dict[str, Fraction],
                   level: SpinParity | None) -> list[PairEstimate]:
    """Every pair of shipped subshells of ``element`` (each unordered pair once) with its estimated Delta (eV) for
    an energy ``q_minus_e`` = Q - E_level (eV) whose uncertainty parts (eV) are ``q_minus_e_unc``."""
    out = []
    for i, a in enumerate(CAPTURE_SUBSHELLS):
        for b in CAPTURE_SUBSHELLS[i:]:
            energy = two_hole_energy(element, a, b)
            if energy is None:
                continue
            parts = dict(q_minus_e_unc)
            parts["two-hole rule"] = energy.method_halfwidth
            parts["single-hole data"] = energy.single_hole_spread
            out.append(PairEstimate((a, b), energy, q_minus_e - energy.estimate, parts, reaches(a, b, level)))
    return out
