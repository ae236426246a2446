"""Parameter points of the shipped candidate transitions, with the provenance of every number.

Delta = M1 - M2 = Q - E_level - B_2h.  Where a source gives Delta and the two-hole
width (152Gd), those are used; elsewhere the two-hole binding energy and width are
*estimated* as sums of single-hole values of the daughter atom (an underestimate
of B_2h: no hole-hole interaction or relaxation; for 152Sm K+L1 it gives
Q - Delta = 54.571 keV where the measured value is 54.79 keV, i.e. Delta high by
~0.2 keV).  |M21| is known only for 152Gd, where the paper gives
|M21| = 1e-24 eV (m_bb/0.1 eV).

>>> from atommix.nuclides import nuclide_parameters
>>> p = nuclide_parameters("Gd152", mbb="0.1")
>>> p.delta, p.gamma, p.m21
(Fraction(910, 1), Fraction(23, 1), Fraction(1, 1000000000000000000000000))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .literature import Candidate, atomic_levels, candidates

__all__ = ["NuclideParameters", "nuclide_parameters", "candidate_keys", "M21_SCALING", "UnknownNuclideError"]

#: The paper's mixing for 152Gd: |M21| = 1e-24 eV x (m_bb / 0.1 eV) (ERRATA: 10^-24, not 10^24).
M21_SCALING = {"Gd152": (Fraction(1, 10**24), Fraction(1, 10))}

_SHELL_ALIASES = {"K": "K", "L": "L1", "L1": "L1", "M": "M1", "M1": "M1", "N": "N1", "N1": "N1"}


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


def candidate_keys() -> list[str]:
    """Keys of all shipped candidates (``Gd152``, ``Er162@1782.7``, ...)."""
    return [c.key for c in candidates()]


def _split_shells(shells: str) -> list[str] | None:
    parts, rest = [], shells
    while rest:
        for token in ("L1", "M1", "N1", "K", "L", "M", "N"):
            if rest.startswith(token):
                parts.append(_SHELL_ALIASES[token])
                rest = rest[len(token):]
                break
        else:
            return None
    return parts if len(parts) == 2 else None


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
    if delta is None or gamma is None:
        shells = _split_shells(c.shells)
        element = "".join(ch for ch in c.daughter if ch.isalpha())
        levels = atomic_levels().get(element)
        if shells is None or levels is None:
            notes.append("two-hole state unknown: captured shells not given by a source" if shells is None
                         else f"no single-hole data for {element}")
        else:
            b = [levels.get(f"B_{s}") for s in shells]
            g = [levels.get(f"G_{s}") for s in shells]
            if delta is None and None not in b:
                b2h = Fraction(str(b[0])) + Fraction(str(b[1]))
                delta = (Fraction(c.Q_keV) - Fraction(c.E_level_keV)) * 1000 - b2h
                delta_unc = Fraction(c.Q_unc_keV) * 1000
                estimated.append("delta")
                notes.append(f"Delta estimated with B_2h = B_{shells[0]} + B_{shells[1]} of {element} "
                             "(sum of single-hole energies; underestimates B_2h, so Delta is high)")
            if gamma is None and None not in g:
                gamma = Fraction(str(g[0])) + Fraction(str(g[1]))
                estimated.append("gamma")
                notes.append(f"Gamma estimated as Gamma_{shells[0]} + Gamma_{shells[1]} of {element}")
    m21 = None
    if key in M21_SCALING and mbb is not None:
        base, per = M21_SCALING[key]
        m21 = base * mbb / per
    return NuclideParameters(key, c, delta, gamma, m21, delta_unc, tuple(estimated), tuple(notes))
