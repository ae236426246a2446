"""Parameter points of the shipped candidate transitions, with the provenance of every number.

Delta = M1 - M2 = Q - E_level - B_2h.  Where a source gives Delta and the two-hole
width (152Gd), those are used; elsewhere the captured pair is the one of all subshell
pairs that angular momentum allows to reach the level's J^pi (:mod:`atommix.selection_rules`)
closest to resonance, with B_2h and Gamma_2h *estimated* from single-hole data
(:mod:`atommix.two_hole`: midpoint of the sum and Z+1 rules, their half-difference an
uncertainty).  |M21| is known only for 152Gd, where the paper gives
|M21| = 1e-24 eV (m_bb/0.1 eV).

>>> from atommix.nuclides import nuclide_parameters
>>> p = nuclide_parameters("Gd152", mbb="0.1")
>>> p.delta, p.gamma, p.m21
(Fraction(910, 1), Fraction(23, 1), Fraction(1, 1000000000000000000000000))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

from .literature import Candidate, candidates
from .selection_rules import spin_parity
from .two_hole import PairEstimate, element_of, pair_estimates

__all__ = ["NuclideParameters", "nuclide_parameters", "candidate_keys", "level_pairs", "best_pair", "M21_SCALING",
           "UnknownNuclideError"]

#: The paper's mixing for 152Gd: |M21| = 1e-24 eV x (m_bb / 0.1 eV) (ERRATA: 10^-24, not 10^24).
M21_SCALING = {"Gd152": (Fraction(1, 10**24), Fraction(1, 10))}


class UnknownNuclideError(ValueError):
    """The nuclide key is not among the shipped candidates."""


@dataclass(frozen=True)
class NuclideParameters:
    """Delta, Gamma, |M21| in eV (exact rationals; None where no source gives them) and their provenance."""

    key: str
    candidate: Candidate
    delta: Fraction | None
    gamma: Fraction | None
    m21: Fraction | None
    delta_unc: Fraction | None
    estimated: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    pair: PairEstimate | None = None


def candidate_keys() -> list[str]:
    """Keys of all shipped candidates (``Gd152``, ``Er162@1782.7``, ...)."""
    return [c.key for c in candidates()]


def _last_digit_half(text: str) -> Fraction:
    """Half a unit of the last printed digit of a decimal string (the rounding of a value printed without uncertainty)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Fraction(1, 2 * 10**decimals)


@cache
def level_pairs(c: Candidate) -> tuple[PairEstimate, ...]:
    """Every captured subshell pair of the daughter atom for this level, with Delta (eV) estimated and its selection rule.

    The uncertainty parts are the Q value, the level energy (half a unit of its last digit where the source prints
    no uncertainty), the two-hole rule and the single-hole data."""
    parts = {"Q": Fraction(c.Q_unc_keV) * 1000}
    if c.E_level_unc_keV is not None:
        parts["E_level"] = Fraction(c.E_level_unc_keV) * 1000
    else:
        parts["E_level (rounding of the printed value)"] = _last_digit_half(c.E_level_keV) * 1000
    q_minus_e = (Fraction(c.Q_keV) - Fraction(c.E_level_keV)) * 1000
    return tuple(pair_estimates(element_of(c.daughter), q_minus_e, parts, spin_parity(c.level_spin_parity)))


def best_pair(pairs: Sequence[PairEstimate]) -> PairEstimate | None:
    """The pair closest to resonance (smallest |Delta + i Gamma/2|) among those angular momentum allows; where the
    level's J is unknown, among all pairs.  Pairs without a tabulated width are not considered."""
    usable = [p for p in pairs if p.energy.gamma is not None and p.rule.allowed is not False]
    if not usable:
        return None
    return min(usable, key=lambda p: p.delta**2 + p.energy.gamma**2 / 4)  # type: ignore[operator]


def nuclide_parameters(key: str, mbb: str | Fraction | None = None) -> NuclideParameters:
    """Parameters of candidate ``key``; ``mbb`` (eV, >= 0, decimal string or Fraction) sets |M21| where a scaling is known."""
    by_key = {c.key: c for c in candidates()}
    if not isinstance(key, str) or key not in by_key:  # an unhashable key is refused here too, not by the dict
        raise UnknownNuclideError(f"nuclide must be one of {', '.join(by_key)}; got {key!r}")
    if mbb is not None:  # checked for every key, so that a bad value never passes unseen
        from .validation.exact import to_fraction

        mbb = to_fraction("mbb", mbb, minimum=Fraction(0), what="|m_bb| in eV")
    c = by_key[key]
    notes: list[str] = [c.source]
    estimated: list[str] = []
    delta = gamma = delta_unc = None
    if c.delta_keV is not None:
        delta = Fraction(c.delta_keV) * 1000
        delta_unc = Fraction(c.delta_unc_keV) * 1000 if c.delta_unc_keV else None
    if c.gamma_2h_eV is not None:
        gamma = Fraction(c.gamma_2h_eV)
    pair = None
    if delta is None or gamma is None:
        if c.level_status != "published":
            notes.append("level energy only from an older compilation (integer keV), not from a source opened here")
        elif (pair := best_pair(level_pairs(c))) is None:
            notes.append(f"no captured subshell pair reaches J^pi = {c.level_spin_parity}")
        else:
            allowed = {True: "allowed", None: "J^pi unknown"}[pair.rule.allowed]
            if delta is None:
                delta, delta_unc = pair.delta, pair.delta_unc
                estimated.append("delta")
                notes.append(f"Delta estimated for {pair.shells} ({allowed}; closest to resonance): B_2h = midpoint of "
                             "the sum and Z+1 rules of single-hole energies, uncertainty in quadrature")
            if gamma is None:
                gamma = pair.energy.gamma
                estimated.append("gamma")
                notes.append(f"Gamma estimated as the sum of the {pair.shells} single-hole widths")
    m21 = None
    if key in M21_SCALING and mbb is not None:
        base, per = M21_SCALING[key]
        m21 = base * Fraction(mbb) / per
    return NuclideParameters(key, c, delta, gamma, m21, delta_unc, tuple(estimated), tuple(notes), pair)
